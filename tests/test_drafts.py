"""Drafts: annotations marked review=draft are left out of the site unless it is built with --drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import cli

DRAFT_ARTICLE = """---
title: "Acme plans a plant"
language: en
source: {publisher: Daily Example, url: https://daily.example/acme-plant, published: 2025-09-20,
  licence: "Reproduced with the permission of Daily Example"}
---
[Acme plans to build a plant for 300 robots]{fact=plan subject=acme review=draft}, said
[Jane Roe]{@jane-roe review=draft}.

[Acme hired 40 engineers]{fact=metric subject=acme value=40 unit=engineers date=2025-09-19}.
"""


@pytest.fixture
def drafted(site: Path, monkeypatch) -> Path:
    """The fixture site with an article holding a draft fact, a draft mention and a confirmed fact."""
    (site / "content" / "articles" / "acme-plant.md").write_text(DRAFT_ARTICLE, encoding="utf-8")
    monkeypatch.chdir(site)
    return site


def _build(runner, *options: str) -> str:
    result = runner.invoke(cli, ["build", *options])
    assert result.exit_code == 0, result.output
    return result.output


def _facts(site: Path) -> list[dict]:
    return json.loads((site / "_site" / "data" / "facts.json").read_text(encoding="utf-8"))


def _page(site: Path, path: str) -> str:
    return (site / "_site" / path).read_text(encoding="utf-8")


def test_a_default_build_leaves_draft_facts_out_of_the_pages_and_the_data(drafted: Path, runner):
    _build(runner)
    sentences = [s["sentence"] for f in _facts(drafted) for s in f["sources"]]
    assert any("Acme hired 40 engineers" in s for s in sentences)
    assert not any("plant" in s for s in sentences)
    assert all("draft" not in f for f in _facts(drafted))
    assert "300 robots" not in _page(drafted, "companies/acme/index.html")


def test_a_drafts_build_shows_draft_facts_marked_as_unconfirmed(drafted: Path, runner):
    _build(runner, "--drafts")
    drafts = [f for f in _facts(drafted) if any("plant" in s["sentence"] for s in f["sources"])]
    assert len(drafts) == 1 and drafts[0]["draft"] is True and drafts[0]["sources"][0]["draft"] is True
    assert all("draft" not in f for f in _facts(drafted) if f not in drafts)
    sheet = _page(drafted, "companies/acme/index.html")
    assert 'class="badge badge--draft"' in sheet and "300 robots" in sheet


def test_only_a_drafts_build_says_on_every_page_that_it_shows_drafts(drafted: Path, runner):
    _build(runner)
    assert 'class="drafts-note"' not in _page(drafted, "index.html")
    _build(runner, "--drafts")
    assert all(
        'class="drafts-note"' in _page(drafted, p) for p in ("index.html", "timeline/index.html", "404.html")
    )


def test_a_draft_fact_in_an_article_keeps_its_words_without_a_link(drafted: Path, runner):
    _build(runner)
    article = _page(drafted, "articles/acme-plant/index.html")
    assert "plans to build a plant for 300 robots" in article  # (Acme: linked as any registry name)
    assert "fact--plan" not in article and "badge--draft" not in article


def test_a_draft_mention_keeps_its_words_but_links_only_in_a_drafts_build(drafted: Path, runner):
    _build(runner)
    assert 'people/jane-roe/index.html">Jane Roe</a>' not in _page(drafted, "articles/acme-plant/index.html")
    assert "Jane Roe" in _page(drafted, "articles/acme-plant/index.html")
    _build(runner, "--drafts")
    assert 'class="mention mention--draft"' in _page(drafted, "articles/acme-plant/index.html")


def test_check_lists_every_draft_with_its_place(drafted: Path, runner):
    result = runner.invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 0, result.output
    drafts = [p for p in json.loads(result.output)["problems"] if p["code"] == "draft"]
    assert [(p["path"].rsplit("/", 1)[-1], p["line"], p["col"], p["severity"]) for p in drafts] == [
        ("acme-plant.md", 7, 1, "warning"),
        ("acme-plant.md", 8, 1, "warning"),
    ]
    assert "review=draft" in drafts[0]["hint"]


def test_strict_refuses_to_build_or_check_a_site_with_drafts(drafted: Path, runner):
    assert runner.invoke(cli, ["check", "--strict"]).exit_code == 1
    result = runner.invoke(cli, ["build", "--strict"])
    assert result.exit_code == 1
    assert ": error: draft: " in result.output and not (drafted / "_site").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_switching_drafts_on_and_off_never_serves_stale_pages(drafted: Path, runner):
    _build(runner, "--no-cache", "-o", "fresh-default")
    _build(runner, "--no-cache", "--drafts", "-o", "fresh-drafts")
    _build(runner)  # the cache and the page keys are filled by a default build …
    _build(runner, "--drafts")  # … then asked for a drafts build …
    assert _tree(drafted / "_site") == _tree(drafted / "fresh-drafts")
    _build(runner)  # … and for a default build again
    assert _tree(drafted / "_site") == _tree(drafted / "fresh-default")


@pytest.mark.parametrize("command", ["build", "serve", "publish"])
def test_build_serve_and_publish_take_the_drafts_option(runner, command: str):
    result = runner.invoke(cli, [command, "--help"])
    assert "--drafts" in result.output


def test_the_data_of_a_drafts_build_validates_against_the_shipped_schemas(drafted: Path, runner):
    import jsonschema

    _build(runner, "--drafts")
    data = drafted / "_site" / "data"
    jsonschema.validate(_facts(drafted), json.loads((data / "schema" / "facts.schema.json").read_text()))
    entity = json.loads((data / "entities" / "acme.json").read_text())
    assert any(f.get("draft") for f in entity["facts"])
    jsonschema.validate(entity, json.loads((data / "schema" / "entity.schema.json").read_text()))
