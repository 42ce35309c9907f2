"""Citations in a real browser: the theme's script sets every access date to the reader's day, and the copy
buttons copy the "As reported by" line and the references with that day."""

from __future__ import annotations

import re

import pytest

from generator.serve import PreviewServer

SHEET = "en/companies/nvidia/"
# The reader's day as the page's script sees it, in each format an access date is written in.
_TODAY = """() => { const d = new Date(), p = (n) => String(n).padStart(2, "0");
  return {iso: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
          ris: `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())}`,
          csl: `[[${d.getFullYear()}, ${d.getMonth() + 1}, ${d.getDate()}]]`,
          long: new Intl.DateTimeFormat(document.documentElement.lang,
            {year: "numeric", month: "long", day: "numeric"}).format(d)}; }"""
_ACCESS_DATES = """() => Array.from(document.querySelectorAll(".access-date"),
  (s) => [s.dataset.dateFormat, s.textContent])"""


@pytest.fixture(scope="module")
def sheet(browser, demo_site: PreviewServer):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(demo_site.url + SHEET, wait_until="load")
    yield page
    context.close()


def test_every_access_date_is_the_readers_day(sheet):
    today = sheet.evaluate(_TODAY)
    dates = sheet.evaluate(_ACCESS_DATES)
    assert {shape for shape, _ in dates} == {"long", "iso", "ris", "csl"}
    assert all(text == today[shape] for shape, text in dates), dates


def test_the_copied_reference_names_the_readers_day(sheet):
    sheet.locator('.copy-button[data-copy-target="cite-sheet-author-date"]').click()
    sheet.wait_for_selector('.copy-button[data-copy-target="cite-sheet-author-date"][data-copied]')
    copied = sheet.evaluate("() => navigator.clipboard.readText()")
    assert copied == sheet.locator("#cite-sheet-author-date").text_content()
    assert sheet.evaluate(_TODAY)["long"] in copied


def test_the_as_reported_line_copies_outlet_date_and_link(sheet):
    line = sheet.locator(".as-reported").first
    line.locator(".copy-button").click()
    sheet.wait_for_function("() => document.querySelector('.as-reported .copy-button').dataset.copied")
    copied = sheet.evaluate("() => navigator.clipboard.readText()")
    assert copied == line.locator("span[id^=reported-]").text_content()
    # Outlet, date and link ("As reported by Il Post, “…”, September 18, 2025, https://…").
    assert re.match(r"^(As reported by|Based on) [^,]+, .*\b\d{4}, https://\S+", copied), copied
