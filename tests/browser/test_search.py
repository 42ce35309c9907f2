"""Search in a real browser, with the demo site served under a sub-path (its index in one shard, and in
many), and a site in two languages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.search import index_site
from generator.search_shards import Limit
from generator.serve import PreviewServer
from tests.browser.conftest import DEMO_CONTENT, MOUNT, REPOSITORY


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


def _results(page, term: str) -> list[str]:
    """The addresses of the results Pagefind's interface lists for `term`, all of them (its message, "2
    results for …" in the page's language, says the search is done)."""
    page.fill(".pagefind-ui__search-input", term)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    page.wait_for_function("/\\d/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')")
    while page.locator(".pagefind-ui__button").count():
        page.click(".pagefind-ui__button")  # "Load more results"
    return [link.get_attribute("href") for link in page.locator(".pagefind-ui__result-link").all()]


@pytest.fixture(scope="module")
def sharded_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """The demo site with its index in shards of at most three pages, served under a sub-path."""
    output = tmp_path_factory.mktemp("sharded") / "site"
    server = PreviewServer(output, "127.0.0.1", 0, MOUNT)
    limit = pytest.MonkeyPatch()
    limit.setattr("generator.search.SHARD_PAGES", 3)
    try:
        build(BuildOptions(content=DEMO_CONTENT, output=output, templates=None, base_url=server.url))
        server.start()
        yield server
    finally:
        limit.undo()
        server.stop()


def test_results_come_from_every_shard_in_one_list(browser, sharded_demo: PreviewServer):
    shards = json.loads((sharded_demo.root / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(shards["shards"]) > 2
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(sharded_demo.url + "en/companies/nvidia/", wait_until="load")
        found = _results(page, "Qwen3-Max")
        # The product's sheet and the articles that report it are in shards of their own.
        assert MOUNT + "en/products/qwen3-max/" in found
        assert MOUNT + "en/articles/qwen3-max-apsara-conference/" in found
        assert len(found) == len(set(found))
    finally:
        context.close()


def _bilingual_site(folder: Path) -> None:
    """Two English and two Italian pages, each in a shard of its own, with the theme's search script."""
    words = {"en": ("one", "two"), "it": ("uno", "due")}
    for language, names in words.items():
        for name in names:
            page = folder / language / name / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(
                f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{name}</title>'
                '<script src="../../pagefind/pagefind-ui.js" defer></script>'
                '<script src="../../assets/search.js" defer></script></head><body>'
                '<div id="site-search-ui"></div>'
                f"<main data-pagefind-body><h1>Harbour {name}</h1><p>The harbour page {name}.</p></main>"
                "</body></html>",
                encoding="utf-8",
            )
    (folder / "assets").mkdir()
    shutil.copy(REPOSITORY / "templates" / "assets" / "search.js", folder / "assets" / "search.js")
    index_site(folder, limit=Limit(pages=1))


def test_each_language_searches_the_shards_of_its_own_pages(browser, tmp_path: Path):
    _bilingual_site(tmp_path)
    server = PreviewServer(tmp_path, "127.0.0.1", 0, MOUNT)
    server.start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + "it/uno/", wait_until="load")
        assert sorted(_results(page, "harbour")) == [MOUNT + "it/due/", MOUNT + "it/uno/"]
        page.goto(server.url + "en/two/", wait_until="load")
        assert sorted(_results(page, "harbour")) == [MOUNT + "en/one/", MOUNT + "en/two/"]
    finally:
        context.close()
        server.stop()
