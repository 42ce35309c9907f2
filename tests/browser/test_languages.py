"""The demo's two languages in a real browser: the root sends readers to the default language, and the
switcher, on a phone too, leads to the same page in the other language."""

from __future__ import annotations

from generator.serve import PreviewServer


def test_the_root_sends_readers_to_the_default_language(browser, demo_site: PreviewServer):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(demo_site.url, wait_until="load")
        page.wait_for_url(demo_site.url + "en/index.html", timeout=10_000)
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()


def test_the_switcher_on_a_phone_leads_to_the_same_sheet_in_the_other_language(
    browser, demo_site: PreviewServer
):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(demo_site.url + "it/companies/nvidia/", wait_until="load")
        link = page.get_by_role("link", name="English")
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on screen, not pushed off the side
        link.click()
        page.wait_for_url(demo_site.url + "en/companies/nvidia/index.html", timeout=10_000)
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator(".language-switcher [aria-current]").inner_text() == "English"
    finally:
        context.close()
