"""Planning the pages (`PageRenderer.page_jobs`) does what only a rendered page needs when it is rendered:
a rebuild that renders few pages plans all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build_model
from generator.render import pages
from generator.render.environment import make_environment
from generator.render.pages import PageRenderer
from generator.render.themes import theme_search_path


@pytest.fixture
def renderer(site: Path) -> PageRenderer:
    model, _ = build_model(site / "content", jobs=1, cache=False)
    env = make_environment(theme_search_path(None), model.config.language, model.config.fact_kinds)
    return PageRenderer(model, env, "https://example.org/")


def _refused(*args, **kwargs):
    raise AssertionError("called while planning the pages")


def test_the_home_page_s_latest_facts_are_found_when_it_is_rendered(renderer: PageRenderer, monkeypatch):
    expected = dict(renderer.page_jobs())["index.html"]()
    monkeypatch.setattr(pages, "latest_reported", _refused)
    home = dict(renderer.page_jobs())["index.html"]
    monkeypatch.undo()
    assert home() == expected


def test_the_data_page_s_exports_and_citation_are_made_when_it_is_rendered(
    renderer: PageRenderer, monkeypatch
):
    path = pages.DATA_PAGE + "index.html"
    expected = dict(renderer.page_jobs())[path]()
    for name in ("data_exports", "dataset_jsonld", "citation"):
        monkeypatch.setattr(renderer, name, _refused)
    monkeypatch.setattr(renderer.citations, "dataset", _refused)
    data = dict(renderer.page_jobs())[path]
    monkeypatch.undo()
    assert data() == expected
