"""Search in a real browser, with the demo site served under a sub-path."""

from __future__ import annotations

from generator.serve import PreviewServer
from tests.browser.conftest import MOUNT


def test_search_from_the_home_page_finds_the_qwen3_max_sheet(browser, demo_site: PreviewServer):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(demo_site.url + "en/", wait_until="load")
        page.fill(".pagefind-ui__search-input", "Qwen3-Max")
        link = page.locator(".pagefind-ui__result-link", has_text="Qwen3-Max").first
        link.wait_for(timeout=10_000)
        assert link.get_attribute("href") == MOUNT + "en/products/qwen3-max/"
        # The result says what kind of page it leads to.
        assert link.inner_text().endswith("· Product")
    finally:
        context.close()


def test_without_javascript_the_search_box_is_a_link_to_every_sheet(browser, demo_site: PreviewServer):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_site.url + "en/companies/nvidia/", wait_until="load")
        link = page.locator(".site-search-fallback")
        assert link.is_visible()
        page.click(".site-search-fallback")
        assert page.url == demo_site.url + "en/index.html"
    finally:
        context.close()


def test_search_on_an_italian_page_finds_the_italian_pages(browser, demo_site: PreviewServer):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(demo_site.url + "it/", wait_until="load")
        page.fill(".pagefind-ui__search-input", "Qwen3-Max")
        link = page.locator(".pagefind-ui__result-link", has_text="Qwen3-Max").first
        link.wait_for(timeout=10_000)
        assert link.get_attribute("href") == MOUNT + "it/products/qwen3-max/"
        assert link.inner_text().endswith("· Prodotto")
    finally:
        context.close()
