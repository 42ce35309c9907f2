"""A fact's entry parts that are the same on every page are rendered once per fact and shown on each page."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.build import build_model
from generator.cache.pagekeys import PageKeys
from generator.render import entries
from generator.render import site as render_site
from generator.render.entries import MARK, PARTS, FactParts
from generator.render.environment import make_environment
from generator.render.pages import PageRenderer
from generator.render.themes import theme_search_path
from generator.render.urls import relative_url


@pytest.fixture
def model(site: Path):
    return build_model(site / "content", jobs=1, cache=False)[0]


def _renderer(model) -> PageRenderer:
    env = make_environment(theme_search_path(None), model.config.language, model.config.fact_kinds)
    return PageRenderer(model, env, "https://example.org/")


@pytest.fixture
def macro_calls(monkeypatch) -> Counter:
    """Every call of a part's macro, by (part, fact id), wherever it is made."""
    calls: Counter = Counter()
    macro = FactParts._macro

    def counted(name, module):
        def call(fact_id):
            calls[(name, fact_id)] += 1
            return macro(name, module)(fact_id)

        return call

    monkeypatch.setattr(FactParts, "_macro", staticmethod(counted))
    return calls


def _listings(renderer: PageRenderer) -> Counter:
    return Counter(fact_id for _, fact_ids in renderer.fact_lists() for fact_id in fact_ids)


def test_each_part_of_a_fact_listed_on_several_pages_is_rendered_once(model, macro_calls):
    listed = _listings(_renderer(model))
    assert max(listed.values()) > 1  # a sheet's newest facts are on its pages by year too
    files = dict(render_site.render_site(model, None, "https://example.org/", jobs=1, search=False))
    assert any(b'class="fact-entry' in content for content in files.values() if isinstance(content, bytes))
    assert {key: count for key, count in macro_calls.items() if count != 1} == {}
    assert set(macro_calls) == {(name, fact_id) for fact_id in listed for name in PARTS}


def _page_link(renderer: PageRenderer, page: str):
    return lambda target: relative_url(page, renderer.site_path(target))


def test_a_part_is_what_its_macro_writes_on_each_page(model):
    renderer = _renderer(model)
    parts = renderer.fact_parts
    pages = ["companies/acme/", "companies/acme/2024/03/page/2/", "people/jane-roe/2023/", "timeline/"]
    for fact_id in model.facts:
        for page in pages:
            link = _page_link(renderer, page)
            module = parts._module_with(link)
            for name in PARTS:
                assert parts.markup(link, name, fact_id) == getattr(module, name)(fact_id)


def test_parts_kept_compressed_give_back_the_same_markup(model):
    renderer = _renderer(model)
    parts, fact_ids = renderer.fact_parts, sorted(model.facts)
    link = _page_link(renderer, "companies/globex/2024/")
    fresh = {(name, f): parts.markup(link, name, f) for f in fact_ids for name in PARTS}
    parts.start(fact_ids[:1])
    parts.add(parts.render_all(fact_ids[1:]))
    rendered = parts.rendered
    assert parts.facts_kept() == len(fact_ids) and 0 < parts.kept_bytes()
    assert {(name, f): parts.markup(link, name, f) for f in fact_ids for name in PARTS} == fresh
    assert parts.rendered == rendered  # nothing rendered again


def test_a_text_holding_the_mark_is_rendered_on_its_page(model, monkeypatch):
    assert entries._pieces(f"a{MARK}x{MARK}b", ["x"]) == ("a", "x", "b")
    assert entries._pieces(f"a{MARK}x{MARK}b{MARK}", ["x"]) is None  # a stray mark in a text
    assert entries._pieces(f"a{MARK}y{MARK}b", ["x"]) is None  # a mark not written by `link`
    renderer = _renderer(model)
    link = _page_link(renderer, "companies/acme/2024/")
    fact_id = sorted(model.facts)[0]
    expected = renderer.fact_parts.markup(link, "fact_details", fact_id)
    monkeypatch.setattr(entries, "_pieces", lambda text, targets: None)
    assert renderer.fact_parts.markup(link, "fact_details", fact_id) == expected


@pytest.fixture
def bigger_model(site: Path):
    """The fixture site with each article copied under several slugs: many facts listed twice."""
    articles = site / "content" / "articles"
    for source in sorted(articles.glob("*.md")):
        for number in range(1, 4):
            shutil.copyfile(source, articles / f"{source.stem}-{number}.md")
    return build_model(site / "content", jobs=1, cache=False)[0]


def test_parts_rendered_in_worker_processes_are_those_rendered_here(bigger_model, monkeypatch, macro_calls):
    monkeypatch.setattr(render_site, "FACTS_PER_TASK", 1)
    monkeypatch.setattr(render_site, "MIN_PARALLEL_PARTS", 0)
    monkeypatch.setattr(render_site, "MIN_PAGES_PER_PROCESS", 1)
    monkeypatch.setattr(entries, "DICTIONARY_FACTS", 1)
    monkeypatch.setattr(render_site, "DICTIONARY_FACTS", 1)
    here, there = _renderer(bigger_model), _renderer(bigger_model)
    assert render_site.render_shared_parts(here, PageKeys(), jobs=1) > 2
    made_here = sum(macro_calls.values())
    shared = render_site.render_shared_parts(there, PageKeys(), jobs=2)
    assert sum(macro_calls.values()) - made_here == len(PARTS)  # here, only the dictionary's fact
    assert shared == here.fact_parts.facts_kept() and there.fact_parts._kept == here.fact_parts._kept


def test_pages_already_in_the_output_do_not_count(model):
    renderer = _renderer(model)
    keys = PageKeys()
    for path, _ in renderer.fact_lists():
        keys.current[path] = keys.previous[path] = "same"
    assert render_site.render_shared_parts(renderer, keys, jobs=1) == 0


def test_the_newest_facts_of_sheets_already_in_the_output_are_not_looked_for(model, monkeypatch):
    renderer = _renderer(model)
    keys = PageKeys()
    for path, _ in renderer.fact_lists():
        keys.current[path] = keys.previous[path] = "same"
    looked = []
    monkeypatch.setattr(renderer, "latest_facts", lambda entity_id: looked.append(entity_id) or [])
    render_site.render_shared_parts(renderer, keys, jobs=1)
    assert looked == []


def test_a_worker_rendering_parts_is_replaced_after_about_what_200_pages_list(model, monkeypatch):
    seen = []

    def run_jobs(makers, jobs, min_parallel=None, what="pages", per_worker=None):
        seen.append(per_worker)
        return [make() for make in makers]

    monkeypatch.setattr(render_site, "run_jobs", run_jobs)
    render_site.render_shared_parts(_renderer(model), PageKeys(), jobs=2)
    assert seen == [render_site.MAX_FACTS_PER_WORKER // render_site.FACTS_PER_TASK]


def test_a_sites_own_entry_template_without_the_parts_still_builds(site: Path, model, monkeypatch):
    own = site / "templates"
    own.mkdir(exist_ok=True)
    (own / "_fact_entry.html").write_text(
        '{% macro fact_entry(fact_id, entity) %}<li id="fact-{{ fact_id }}">own</li>{% endmacro %}\n'
        "{% macro archive_links(nav, label, oldest_first=False) %}{% endmacro %}\n"
    )
    files = dict(render_site.render_site(model, own, "https://example.org/", jobs=1, search=False))
    sheet = files["companies/acme/index.html"]
    assert isinstance(sheet, bytes) and b">own</li>" in sheet and b"fact-entry" not in sheet


def test_the_preset_dictionary_is_set_up_once_not_once_per_part(model, monkeypatch):
    renderer = _renderer(model)
    parts, fact_ids = renderer.fact_parts, sorted(model.facts)
    link = _page_link(renderer, "companies/globex/2024/")
    fresh = {(name, f): parts.markup(link, name, f) for f in fact_ids for name in PARTS}
    made: Counter = Counter()

    def counted(name: str):
        make = getattr(entries.zlib, name)
        return lambda *args, **kwargs: made.update([name]) or make(*args, **kwargs)

    for name in ("compressobj", "decompressobj"):
        monkeypatch.setattr(entries.zlib, name, counted(name))
    parts.start(fact_ids[:1])
    parts.add(parts.render_all(fact_ids[1:]))
    assert (
        len(fact_ids) > 2
        and {(name, f): parts.markup(link, name, f) for f in fact_ids for name in PARTS} == fresh
    )
    assert made == {"compressobj": 1, "decompressobj": 1}  # each part is coded by a copy of the primed pair
