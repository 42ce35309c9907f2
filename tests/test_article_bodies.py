"""Articles held as heads: a build that keeps its articles in the store reads each body back for its page."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from generator.build import build_model
from generator.cache.articles import ArticleResult
from generator.cache.bodies import ArticleBodies, head_and_body
from generator.cache.state import BuildState
from generator.cli import cli
from generator.drafts import confirmed_only
from generator.errors import BuildError
from generator.model import OffsetMap

from .test_drafts import DRAFT_ARTICLE

UNSAFE_LINK = "\nSee [the plan](javascript:alert(1)) for more.\n"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _build(runner, site: Path, output: str, *options: str) -> None:
    result = runner.invoke(
        cli, ["build", "--content", str(site / "content"), "-o", str(site / output), "--no-search", *options]
    )
    assert result.exit_code == 0, result.output


def test_a_build_with_the_store_holds_every_article_as_its_head(site: Path, runner):
    _build(runner, site, "_site")  # the store now has every article
    content = (site / "content").resolve()
    state = BuildState.open(content)
    try:
        model, _ = build_model(content, 1, state, aggregator=state.aggregator(), links=state.links())
        assert model.bodies is not None and set(model.bodies.keys) == set(model.articles)
        for slug, article in model.articles.items():
            assert (article.text, article.annotations, article.plain_map) == ("", [], OffsetMap())
            body = model.bodies(article)
            assert body.text == (content / "articles" / f"{slug}.md").read_text(encoding="utf-8")
            assert len(body.mentions) >= len(model.analysed[slug].mentions)
    finally:
        state.close()


def test_article_pages_read_from_the_store_are_those_of_a_build_without_it(site: Path, runner):
    _build(runner, site, "_site")
    _build(runner, site, "_again")  # a new output: every page rendered, every body read from the store
    _build(runner, site, "_plain", "--no-cache")
    assert _tree(site / "_again") == _tree(site / "_plain")


def test_a_body_the_store_lost_is_read_and_analysed_again(site: Path, runner):
    _build(runner, site, "_site")
    with sqlite3.connect(site / ".factsheets-cache" / "store.sqlite") as connection:
        assert connection.execute("UPDATE articles SET body = x'00'").rowcount > 0  # every body damaged
    connection.close()
    _build(runner, site, "_again")
    assert _tree(site / "_again") == _tree(site / "_site")


def test_an_article_changed_while_its_body_was_sought_stops_the_build_with_its_name(site: Path, runner):
    _build(runner, site, "_site")
    content = (site / "content").resolve()
    state = BuildState.open(content)
    try:
        model, _ = build_model(content, 1, state, aggregator=state.aggregator(), links=state.links())
    finally:
        state.close()
    head = model.articles["acme-globex"]
    changed = (head.__class__(**{**_fields(head), "content_hash": "another"}), model.bodies(head))
    bodies = ArticleBodies(lambda key: None, lambda article: changed)
    bodies.keys = dict(model.bodies.keys)
    with pytest.raises(BuildError, match=r"acme-globex\.md changed while the site was being built"):
        bodies(head)


def _fields(article) -> dict:
    return {name: getattr(article, name) for name in article.__slots__}


def test_check_reads_the_links_of_articles_it_takes_from_the_store(site: Path, runner):
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text(encoding="utf-8") + UNSAFE_LINK, encoding="utf-8")
    _build(runner, site, "_site")  # the store now has the article, and check takes it from there
    result = runner.invoke(cli, ["check", "--content", str(site / "content"), "--format", "json"])
    assert "unsafe-link" in result.output


def test_a_head_names_what_the_drafts_filter_and_the_aggregation_read(site: Path):
    """One mention per entity named, and the mentions a draft annotation hides, so the filter leaves the
    same entities whether it reads heads or whole articles."""
    path = site / "content" / "articles" / "acme-plant.md"
    path.write_text(DRAFT_ARTICLE, encoding="utf-8")
    content = (site / "content").resolve()
    whole, _ = build_model(content, 1, cache=False, drafts=True)  # as analysed: no draft filtered out
    article, analysed = whole.articles["acme-plant"], whole.analysed["acme-plant"]
    head, head_analysis, body = head_and_body(article, analysed)
    assert body.mentions == analysed.mentions and body.text == article.text
    assert [a.attrs.get("review") for a in head.annotations] == ["draft", "draft"]
    assert [(m.id, m.start, m.end) for m in head_analysis.mentions] == [("acme", 0, 0), ("jane-roe", 49, 57)]
    from_heads = confirmed_only([head], [head_analysis])
    from_whole = confirmed_only([article], [analysed])
    assert {m.id for m in from_heads[0].mentions} == {m.id for m in from_whole[0].mentions} == {"acme"}


@pytest.mark.parametrize("usable", [True, False])
def test_a_result_is_kept_as_its_head_only_when_the_store_keeps_its_body(site: Path, usable: bool):
    from generator.cache.articles import ArticleCache

    model, _ = build_model((site / "content").resolve(), 1, cache=False)
    result = ArticleResult("a.md", model.articles["acme-globex"], analysed=model.analysed["acme-globex"])
    cache = ArticleCache(site / ".factsheets-cache" / "articles" / "root", "f")
    cache.store.enabled = usable  # a store out of use keeps nothing
    kept = cache.put("k", result)
    cache.close()
    if usable:
        assert kept.body == "k" and kept.article.text == "" and cache.body("k").text == result.article.text
    else:
        assert kept is result and kept.body == ""
