"""Fact ids and URLs come from what a fact says, so citations keep working as the content grows."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.aggregate import aggregate
from generator.analyse.facts import article_facts, fact_id
from generator.cli import cli
from generator.model import Analysis, Entity, FactDate, Quantity, SiteConfig
from generator.read.articles import read_article_text
from generator.render.data import data_files

CONFIG = SiteConfig(
    title="T", language="en", base_url="https://example.org/", author="Desk", publisher="Press"
)
ENTITIES = [
    Entity(id="acme", name="Acme", kind="company"),
    Entity(id="globex", name="Globex", kind="company"),
    Entity(id="initech", name="Initech", kind="company"),
]
INVEST = (
    "[Acme invests $5 billion in Globex]"
    "{fact=investment subject=acme object=globex value=5000000000 unit=USD}"
)
PARTNER = "[Acme and Globex sign a deal]{fact=partnership subject=acme object=globex date=2025-09-01}"
UNRELATED = "[Initech launched a stapler]{fact=launch subject=initech date=2025-09-02}"


def article(slug: str, published: str, body: str):
    text = (
        f'---\ntitle: "{slug}"\nlanguage: en\nsource:\n  publisher: P-{slug}\n'
        f"  url: https://p.example/{slug}\n  published: {published}\n---\n{body}\n"
    )
    found, problems = read_article_text(text, f"content/articles/{slug}.md", slug)
    assert problems == [] and found is not None
    return found


def model_of(articles):
    """The site model of these articles, analysed with annotations only (no language pipeline needed)."""
    analysed = []
    for a in articles:
        result, problems = article_facts(a, Analysis(language=a.language, published=a.source.published))
        assert problems == []
        analysed.append(result)
    return aggregate(CONFIG, ENTITIES, articles, analysed)


def addresses(model) -> dict[str, str]:
    """Fact id -> its permalink, as facts.json publishes them."""
    facts = json.loads(dict(data_files(model))["data/facts.json"])
    return {f["id"]: f["url"] for f in facts}


BASE = [
    article("a-first", "2025-09-18", f"{INVEST}.\n\n{PARTNER}."),
    article("b-second", "2025-09-20", f"{PARTNER}.\n\nThen {INVEST}."),
]


# --- the id itself ------------------------------------------------------------------------------------


def test_a_reported_date_does_not_change_the_id():
    quantity = Quantity(text="5", start=0, end=1, kind="money", value=5, unit="USD")
    assert fact_id("stock", "acme", None, quantity, FactDate(value="2025-09-18", reported=True)) == fact_id(
        "stock", "acme", None, quantity, FactDate(value="2025-09-25", reported=True)
    )


def test_a_stated_date_is_part_of_the_id():
    assert fact_id("launch", "acme", None, None, FactDate(value="2025-09-18")) != fact_id(
        "launch", "acme", None, None, FactDate(value="2025-09-25")
    )


def test_the_figure_and_unit_are_part_of_the_id():
    date = FactDate(value="2025-09-18")
    five_usd = fact_id(
        "investment",
        "acme",
        "globex",
        Quantity(text="", start=0, end=0, kind="money", value=5, unit="USD"),
        date,
    )
    assert five_usd != fact_id(
        "investment",
        "acme",
        "globex",
        Quantity(text="", start=0, end=0, kind="money", value=6, unit="USD"),
        date,
    )
    assert five_usd != fact_id(
        "investment",
        "acme",
        "globex",
        Quantity(text="", start=0, end=0, kind="money", value=5, unit="EUR"),
        date,
    )


def test_an_integer_figure_has_one_id_however_it_was_parsed():
    date = FactDate(value="2025")
    assert fact_id(
        "metric",
        "acme",
        None,
        Quantity(text="", start=0, end=0, kind="count", value=91, unit="data centres"),
        date,
    ) == fact_id(
        "metric",
        "acme",
        None,
        Quantity(text="", start=0, end=0, kind="count", value=91.0, unit="data centres"),
        date,
    )


# --- merging and order --------------------------------------------------------------------------------


def test_the_same_fact_reported_on_two_days_is_one_fact():
    model = model_of(BASE)
    invest = [f for f in model.facts.values() if f.kind == "investment"]
    assert len(invest) == 1
    assert [s.article for s in invest[0].sources] == ["a-first", "b-second"]


def test_position_in_the_article_does_not_change_the_id():
    ids = set(model_of(BASE[:1]).facts)
    swapped = model_of([article("a-first", "2025-09-18", f"{PARTNER}.\n\n{INVEST}.")])
    assert ids == set(swapped.facts)


def test_shuffled_articles_give_byte_identical_exports():
    articles = BASE + [article("c-third", "2025-09-19", f"{UNRELATED}.")]
    expected = dict(data_files(model_of(articles)))
    shuffled = articles[:]
    random.Random(4).shuffle(shuffled)
    assert shuffled != articles
    assert dict(data_files(model_of(shuffled))) == expected


def test_adding_an_unrelated_article_keeps_every_id_and_url():
    before = addresses(model_of(BASE))
    after = addresses(model_of(BASE + [article("c-third", "2025-09-19", f"{UNRELATED}.")]))
    assert len(after) == len(before) + 1
    assert {i: after[i] for i in before} == before


def test_removing_a_report_keeps_the_fact_id_and_url():
    before = addresses(model_of(BASE))
    after = addresses(model_of(BASE[1:]))
    assert after == before


# --- the built site -----------------------------------------------------------------------------------

NEW_ARTICLE = """---
title: "Initech makes staplers"
language: en
source:
  publisher: Another Example
  url: https://another.example/initech
  published: 2025-09-17
---
[Jane Roe]{@jane-roe} visited a trade fair on 17 September 2025.
"""


def build(site: Path) -> dict[str, dict]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(site)
        result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    facts = json.loads((site / "_site" / "data" / "facts.json").read_text(encoding="utf-8"))
    return {f["id"]: f for f in facts}


@pytest.fixture
def first_build(site: Path) -> dict[str, dict]:
    return build(site)


def anchored(site: Path, url: str) -> bool:
    page, anchor = url.split("#")
    return f'id="{anchor}"' in (site / "_site" / page / "index.html").read_text(encoding="utf-8")


def test_built_fact_urls_survive_an_unrelated_article(site: Path, first_build: dict[str, dict]):
    (site / "content" / "articles" / "aaa-unrelated.md").write_text(NEW_ARTICLE, encoding="utf-8")
    second = build(site)
    assert {i: second[i]["url"] for i in first_build} == {i: f["url"] for i, f in first_build.items()}
    assert all(anchored(site, f["url"]) for f in first_build.values())


def test_built_fact_urls_survive_reordering_the_files(site: Path, first_build: dict[str, dict]):
    articles = site / "content" / "articles"
    # Renaming reverses the order in which the files are found (and so read, analysed and merged).
    for i, path in enumerate(sorted(articles.glob("*.md"))):
        path.rename(articles / f"{chr(ord('z') - i)}-{path.name}")
    second = build(site)
    assert {i: f["url"] for i, f in second.items()} == {i: f["url"] for i, f in first_build.items()}
    assert all(anchored(site, f["url"]) for f in second.values())
