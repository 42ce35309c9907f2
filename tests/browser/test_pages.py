"""The demo site in a real browser: no console errors, no sideways scrolling on a phone, no accessibility
violations that axe-core finds, and a screenshot of each page at 1280 and 390 px."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.serve import PreviewServer

# A page of each kind a reader lands on: home, a fact sheet (in both of the demo's languages), a year of the
# timeline, an article, the timeline.
PAGES = {
    "home": "en/",
    "sheet": "en/companies/nvidia/",
    "sheet-it": "it/companies/nvidia/",
    "year": "en/timeline/2025/",
    "article": "en/articles/qwen3-max-apsara-conference/",
    "timeline": "en/timeline/",
}
WIDTHS = (1280, 390)
HEIGHT = 900

# Runs axe-core (injected beforehand) on the whole page; each violation with up to three of its elements.
_RUN_AXE = """() => axe.run(document, {resultTypes: ["violations"]}).then((result) =>
  result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  })))"""
_OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@dataclass
class Visit:
    """What one page showed at one width."""

    console_errors: list[str]
    scroll_width: int
    viewport_width: int
    violations: list[dict]
    screenshot: Path


@pytest.fixture(scope="module")
def visits(browser, demo_site: PreviewServer, axe_source: str, screenshots: Path) -> dict:
    """Every page of PAGES at every width, opened once: the tests below read what was seen."""
    seen: dict[tuple[str, int], Visit] = {}
    for name, path in PAGES.items():
        for width in WIDTHS:
            seen[name, width] = _visit(browser, demo_site.url + path, width, axe_source, screenshots / name)
    return seen


def _visit(browser, url: str, width: int, axe_source: str, stem: Path) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: _note_error(errors, message))
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        page.goto(url, wait_until="load")
        # search.js has run (it marks <html>) and Pagefind's field is in place.
        page.wait_for_selector("html.search-ready .pagefind-ui__search-input", timeout=10_000)
        scroll_width, viewport_width = page.evaluate(_OVERFLOW)
        screenshot = stem.with_name(f"{stem.name}-{width}.png")
        page.screenshot(path=screenshot, full_page=True)
        page.screenshot(
            path=stem.with_name(f"{stem.name}-{width}-top.png")
        )  # the first screen: docs/sheet.png
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(_RUN_AXE)
        return Visit(errors, scroll_width, viewport_width, violations, screenshot)
    finally:
        context.close()


def _note_error(errors: list[str], message) -> None:
    if message.type == "error":  # a failed load names its address only in the location
        errors.append(f"{message.text} {message.location.get('url', '')}".strip())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_page_logs_no_console_error(visits: dict, name: str, width: int):
    assert visits[name, width].console_errors == []


@pytest.mark.parametrize("name", PAGES)
def test_the_page_does_not_scroll_sideways_on_a_phone(visits: dict, name: str):
    visit = visits[name, 390]
    assert visit.scroll_width <= visit.viewport_width, f"{PAGES[name]} is {visit.scroll_width} px wide"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_core_finds_no_accessibility_violation(visits: dict, name: str, width: int):
    assert visits[name, width].violations == []


@pytest.mark.parametrize("name", PAGES)
def test_a_screenshot_is_saved_at_each_width(visits: dict, name: str):
    for width in WIDTHS:
        screenshot = visits[name, width].screenshot
        assert screenshot.stat().st_size > 1000
        assert screenshot.with_name(screenshot.stem + "-top.png").stat().st_size > 1000


_TIMELINE_BOX = """() => {
  const box = document.querySelector(".timeline-chart .chart-scroll");
  const style = getComputedStyle(box);
  return {scrollable: box.scrollWidth > box.clientWidth, left: box.scrollLeft,
          images: style.backgroundImage, attachments: style.backgroundAttachment};
}"""


@pytest.mark.parametrize(("width", "scrollable"), [(390, True), (1280, False)])
def test_the_timeline_scrolls_in_its_box_on_a_phone_with_its_edges_shaded(
    browser, demo_site: PreviewServer, width: int, scrollable: bool
):
    """On a phone the box opens on the latest facts (its right end); a shade stays at each edge of the box,
    and the cover that scrolls with each end of the chart hides it once that end is in view."""
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    try:
        page = context.new_page()
        page.goto(demo_site.url + PAGES["sheet"], wait_until="load")
        box = page.evaluate(_TIMELINE_BOX)
    finally:
        context.close()
    assert box["scrollable"] is scrollable
    assert box["left"] == 0  # right to left: 0 is the latest end
    assert box["images"].count("radial-gradient") == 2 and box["images"].count("linear-gradient") == 2
    assert box["attachments"] == "local, local, scroll, scroll"
