"""A full build of the fixture site: pages, links, data exports and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import cli
from tests.linkcheck import broken_links


@pytest.fixture
def built(site: Path, runner, monkeypatch) -> Path:
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return site / "_site"


def test_build_writes_a_sheet_per_entity(built: Path):
    for path in ("companies/acme", "companies/globex", "people/jane-roe", "products/rocket-x"):
        assert (built / path / "index.html").is_file(), path


def test_build_writes_article_timeline_sources_and_404(built: Path):
    for path in (
        "index.html",
        "articles/acme-globex/index.html",
        "timeline/index.html",
        "sources/index.html",
        "404.html",
        ".nojekyll",
        "assets/style.css",
    ):
        assert (built / path).is_file(), path


def test_no_internal_link_or_anchor_is_broken(built: Path):
    assert broken_links(built) == []


def test_fact_links_to_its_sentence_in_the_article(built: Path):
    facts = json.loads((built / "data" / "facts.json").read_text())
    investment = next(f for f in facts if f["kind"] == "investment")
    page, anchor = investment["sources"][0]["page"].split("#")
    html = (built / page / "index.html").read_text()
    assert f'id="{anchor}"' in html
    sheet = (built / "companies" / "acme" / "index.html").read_text()
    assert f'id="fact-{investment["id"]}"' in sheet


def test_the_same_fact_from_two_articles_is_merged(built: Path):
    facts = json.loads((built / "data" / "facts.json").read_text())
    investment = [f for f in facts if f["kind"] == "investment"]
    assert len(investment) == 1
    assert sorted(s["article"] for s in investment[0]["sources"]) == ["acme-globex", "acme-globex-it"]
    assert investment[0]["subject"] == "acme"  # inferred from the first mention in the English span
    assert investment[0]["quantity"]["value"] == 5000000000
    assert investment[0]["quantity"]["unit"] == "USD"


def test_disagreeing_figures_are_a_conflict(built: Path):
    facts = json.loads((built / "data" / "facts.json").read_text())
    stock = [f for f in facts if f["kind"] == "stock"]
    assert len(stock) == 2
    assert all(f["conflicts"] and f["conflicts"][0]["field"] == "value" for f in stock)
    assert sorted(stock[0]["conflicts"][0]["values"]) == ["about 23 %", "about 30 %"]
    assert "conflict" in (built / "companies" / "globex" / "index.html").read_text()


def test_undated_fact_falls_back_to_publication_date_marked_reported(built: Path):
    facts = json.loads((built / "data" / "facts.json").read_text())
    launch = next(f for f in facts if f["kind"] == "launch")
    assert launch["date"] == {"value": "2025-09-18", "end_value": None, "reported": True}


def test_entities_json_lists_urls_relative_to_the_root(built: Path):
    entities = json.loads((built / "data" / "entities.json").read_text())
    acme = next(e for e in entities if e["id"] == "acme")
    assert acme["url"] == "companies/acme/"
    assert acme["kind"] == "company"
    assert (built / acme["url"] / "index.html").is_file()


def test_article_page_links_mentions_to_entity_sheets(built: Path):
    html = (built / "articles" / "acme-globex" / "index.html").read_text()
    assert 'href="../../people/jane-roe/index.html"' in html
    assert 'href="../../companies/acme/index.html"' in html  # found by the pipeline, not annotated


def test_two_builds_are_byte_identical(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    runner.invoke(cli, ["build", "-o", "one"])
    runner.invoke(cli, ["build", "-o", "two"])
    one = {p.relative_to(site / "one"): p.read_bytes() for p in (site / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(site / "two"): p.read_bytes() for p in (site / "two").rglob("*") if p.is_file()}
    assert one and one == two


def test_content_error_stops_the_build_without_writing(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text().replace("{@jane-roe}", "{@nobody}"))
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "content/articles/acme-globex.md:13:12" in result.output
    assert "Traceback" not in result.output
    assert not (site / "_site").exists()


def test_output_inside_the_content_is_refused(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "-o", "content/site"])
    assert result.exit_code == 1
    assert "refusing" in result.output
    assert not (site / "content" / "site").exists()


def test_folder_of_someone_elses_files_is_not_replaced(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    (site / "mine").mkdir()
    (site / "mine" / "notes.txt").write_text("keep me")
    result = runner.invoke(cli, ["build", "-o", "mine"])
    assert result.exit_code == 1
    assert (site / "mine" / "notes.txt").read_text() == "keep me"


def test_an_article_renders_the_same_without_what_only_analysis_needs(site: Path):
    from generator.analyse.stage import kept_after_analysis
    from generator.build import build_model
    from generator.read.articles import read_article
    from generator.render.environment import make_environment
    from generator.render.pages import PageRenderer
    from generator.render.themes import theme_search_path

    model, _ = build_model(site / "content", jobs=1, cache=False)
    env = make_environment(theme_search_path(None), model.config.language, model.config.fact_kinds)
    renderer = PageRenderer(model, env, "https://example.org/")
    slug = "acme-globex"
    stripped = renderer.article_page(slug)
    full, _ = read_article(site / "content" / "articles" / f"{slug}.md", site)
    assert full.plain and any(a.attr_locations for a in full.annotations)
    assert not model.articles[slug].plain
    model.articles[slug] = full
    assert renderer.article_page(slug) == stripped
    assert kept_after_analysis(full).plain == ""
