"""Light sheets: the newest facts in full, every fact on the sheet's pages by year, permalinks that keep
working, relations as phrases, and the timeline and sources cut into pages when long."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator.cli import cli
from generator.model import Entity, Relation
from generator.render import archive, pages
from generator.render.archive import plan_archive
from generator.render.relations import group_relations
from tests.linkcheck import broken_links

# Partnerships of Acme with Globex on these dates: 2023 once, 2024 five times over three months, 2025 once.
DATES = ["2023-05-02", "2024-01-10", "2024-01-20", "2024-01-25", "2024-02-03", "2024-03", "2025-06-30"]


def _history_article(dates: list[str]) -> str:
    facts = "\n".join(
        f"On that day [Acme worked with Globex]{{fact=partnership subject=acme object=globex date={d}}}."
        for d in dates
    )
    return (
        "---\ntitle: Acme and Globex over the years\nlanguage: en\n"
        "source: {publisher: Daily Example, url: https://daily.example/history, published: 2025-07-01,\n"
        '  licence: "Reproduced with the permission of Daily Example"}\n'
        "summary: A chronicle.\n---\n" + facts + "\n"
    )


@pytest.fixture
def chronicle(site: Path, runner, monkeypatch) -> Path:
    """The fixture site with a chronicle of dated facts, built with small pages: one fact shown in full on
    a sheet, two facts a page of a sheet's facts or of the timeline."""
    (site / "content" / "articles" / "history.md").write_text(_history_article(DATES), encoding="utf-8")
    monkeypatch.setattr(pages, "SHEET_LATEST", 1)
    monkeypatch.setattr(archive, "SHEET_PAGE_FACTS", 2)
    monkeypatch.setattr(archive, "TIMELINE_PAGE_FACTS", 2)
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return site


def _html(site: Path, path: str) -> str:
    return (site / "_site" / path).read_text(encoding="utf-8")


def _facts(site: Path) -> list[dict]:
    return json.loads(_html(site, "data/facts.json"))


def _entries(html: str) -> list[str]:
    """The facts a page shows in full."""
    return re.findall(r'<li id="fact-([0-9a-f]+)" class="fact-entry', html)


def _acme_ids(site: Path) -> list[str]:
    """Acme's facts in timeline order."""
    return [f["id"] for f in _facts(site) if "acme" in (f["subject"], f["object"])]


# --- the plan of pages ----------------------------------------------------------------------------------


def test_a_short_year_is_one_page_and_a_long_one_has_a_page_per_month():
    plan = plan_archive([("a", "2023-05-02"), ("b", "2024"), ("c", "2024-01-10"), ("d", "2024-02-03")], 2)
    assert [(p.path, p.fact_ids) for p in plan.pages] == [
        ("2024/", ("b",)),  # the facts dated only by the year stay on the year's page
        ("2024/02/", ("d",)),
        ("2024/01/", ("c",)),
        ("2023/", ("a",)),
    ]
    assert plan.year_counts == (("2024", 3), ("2023", 1))
    assert plan.months("2024") == [("02", 1), ("01", 1)]


def test_a_long_month_continues_on_numbered_pages_and_every_fact_is_on_one_page():
    dated = [(f"f{n}", f"2024-01-{n + 1:02d}") for n in range(5)]
    plan = plan_archive(dated, 2)
    assert [p.path for p in plan.pages] == ["2024/", "2024/01/", "2024/01/page/2/", "2024/01/page/3/"]
    assert plan.pages[0].fact_ids == ()  # the year's page lists its months
    assert sorted(i for p in plan.pages for i in p.fact_ids) == sorted(i for i, _ in dated)
    assert [p.number for p in plan.parts(plan.pages[2])] == [1, 2, 3]


# --- the sheet and its pages by year --------------------------------------------------------------------


def test_a_sheet_shows_its_newest_facts_and_links_every_year_with_its_count(chronicle: Path):
    sheet = _html(chronicle, "companies/acme/index.html")
    acme = _acme_ids(chronicle)
    assert _entries(sheet) == acme[-1:]  # SHEET_LATEST = 1: the newest
    years = re.findall(
        r'<li><a href="(\d{4})/index.html">\d{4}</a> <span class="meta">\((\d+)\)</span>', sheet
    )
    facts = {f["id"]: f for f in _facts(chronicle)}
    expected = {}
    for fact_id in acme:
        year = facts[fact_id]["date"]["value"][:4]
        expected[year] = expected.get(year, 0) + 1
    assert dict((y, int(n)) for y, n in years) == expected
    assert [y for y, _ in years] == sorted(expected, reverse=True)


def test_the_pages_by_year_show_every_fact_of_the_sheet_once_with_its_anchor(chronicle: Path):
    folder = chronicle / "_site" / "companies" / "acme"
    shown = []
    for page in sorted(folder.glob("2*/**/index.html")):
        shown += _entries(page.read_text(encoding="utf-8"))
    assert sorted(shown) == sorted(_acme_ids(chronicle))
    year = _html(chronicle, "companies/acme/2024/index.html")  # 2024 has 5 facts: split by month
    assert 'href="01/index.html">January 2024</a> <span class="meta">(3)</span>' in year
    assert '<p class="meta">5 facts</p>' in year  # the whole year's, though its months have pages
    january = _html(chronicle, "companies/acme/2024/01/index.html")
    assert '<p class="meta">3 facts</p>' in january  # the whole month's, over its two pages
    assert len(_entries(january)) == 2 and 'href="page/2/index.html"' in january
    assert broken_links(chronicle / "_site") == []


def test_an_old_permalink_of_a_fact_not_shown_leads_to_the_page_that_shows_it(chronicle: Path):
    sheet = _html(chronicle, "companies/acme/index.html")
    groups = re.findall(r'<p class="moved" data-fact-page="([^"]+)">(.*?)</p>', sheet)
    moved = {
        i: target for target, spans in groups for i in re.findall(r'<a id="fact-([0-9a-f]+)"></a>', spans)
    }
    acme = _acme_ids(chronicle)
    assert sorted(moved) == sorted(acme[:-1])  # every fact but the one shown
    for fact_id, target in moved.items():
        page = (chronicle / "_site" / "companies" / "acme" / target).read_text(encoding="utf-8")
        assert fact_id in _entries(page)
    # Without scripts, the group of the anchor shows a note that links to the page.
    target, spans = groups[0]
    assert (
        f'<span class="moved-note">The fact this address points to is on the page <a href="{target}">'
        in spans
    )


def test_the_redirect_script_reads_what_the_sheet_writes():
    script = (Path(__file__).parent.parent / "templates" / "assets" / "site.js").read_text(encoding="utf-8")
    template = (Path(__file__).parent.parent / "templates" / "entity.html").read_text(encoding="utf-8")
    assert 'getAttribute("data-fact-page")' in script and "data-fact-page=" in template
    assert "location.replace" in script and '"#fact-"' in script


def test_facts_json_keeps_the_sheet_anchor_as_every_facts_address(chronicle: Path):
    for fact in _facts(chronicle):
        assert re.fullmatch(r"companies/[a-z-]+/#fact-" + fact["id"], fact["url"])


# --- relations as phrases -------------------------------------------------------------------------------

ENTITIES = {
    "nvidia": Entity(id="nvidia", name="Nvidia", kind="company"),
    "intel": Entity(id="intel", name="Intel", kind="company"),
    "openai": Entity(id="openai", name="OpenAI", kind="company"),
    "lip-bu-tan": Entity(id="lip-bu-tan", name="Lip-Bu Tan", kind="person"),
}
RELATIONS = [
    Relation(kind="investment", subject="nvidia", object="intel", fact_ids=["a", "b"]),
    Relation(kind="investment", subject="nvidia", object="openai", fact_ids=["c"]),
    Relation(kind="partnership", subject="openai", object="nvidia", fact_ids=["d"]),
    Relation(kind="partnership", subject="nvidia", object="intel", fact_ids=["e"]),
    Relation(kind="acquisition", subject="intel", object="nvidia", fact_ids=["f"]),
]


def _phrases(entity: str, language: str, relations=RELATIONS) -> list[tuple[str, list[tuple[str, int]]]]:
    groups = group_relations(ENTITIES[entity], relations, ENTITIES, language)
    return [(g.phrase, [(r.id, r.count) for r in g.entities]) for g in groups]


def test_relations_are_phrases_grouped_with_counts_from_the_subjects_side():
    assert _phrases("nvidia", "en") == [
        ("Invested in", [("intel", 2), ("openai", 1)]),
        ("Partner of", [("intel", 1), ("openai", 1)]),  # either side of a partnership reads the same
        ("Acquired by", [("intel", 1)]),
    ]


def test_relations_read_from_the_objects_side_in_english_and_italian():
    assert _phrases("intel", "en") == [
        ("Received investment from", [("nvidia", 2)]),
        ("Acquired", [("nvidia", 1)]),
        ("Partner of", [("nvidia", 1)]),
    ]
    assert _phrases("intel", "it") == [
        ("Ha ricevuto investimenti da", [("nvidia", 2)]),
        ("Ha acquisito", [("nvidia", 1)]),
        ("Partner di", [("nvidia", 1)]),
    ]
    assert _phrases("nvidia", "it")[0] == ("Ha investito in", [("intel", 2), ("openai", 1)])
    assert ("Acquisizione da parte di", [("intel", 1)]) in _phrases("nvidia", "it")


def test_a_persons_appointment_reads_as_a_role_whichever_side_they_are_on():
    appointment = [Relation(kind="appointment", subject="intel", object="lip-bu-tan", fact_ids=["g"])]
    assert _phrases("lip-bu-tan", "en", appointment) == [("Role at", [("intel", 1)])]
    assert _phrases("intel", "en", appointment) == [("Appointment of", [("lip-bu-tan", 1)])]
    assert _phrases("lip-bu-tan", "it", appointment) == [("Incarico presso", [("intel", 1)])]


def test_a_site_declared_kind_gets_a_phrase_with_its_label():
    funding = [Relation(kind="funding_round", subject="openai", object="nvidia", fact_ids=["h"])]
    extra = {"funding_round": {"en": "Funding round", "it": "Round di finanziamento"}}
    groups = group_relations(ENTITIES["nvidia"], funding, ENTITIES, "it", extra)
    assert [g.phrase for g in groups] == ["Round di finanziamento con"]


def test_a_sheet_shows_its_relations_as_phrases(chronicle: Path):
    sheet = _html(chronicle, "companies/acme/index.html")
    assert re.search(
        r'Partner of</span> <a href="../globex/index.html">Globex</a> <span class="relation-count">\(7\)',
        sheet,
    )


def test_a_phrase_names_the_entities_with_most_facts_and_counts_the_others(site: Path, runner, monkeypatch):
    monkeypatch.setattr(pages, "SHEET_RELATED", 0)
    monkeypatch.chdir(site)
    assert runner.invoke(cli, ["build", "--jobs", "1"]).exit_code == 0
    sheet = _html(site, "companies/acme/index.html")
    assert re.search(r"Invested in</span> ; and 1 more</li>", sheet)


# --- the timeline and the sources, cut into pages -------------------------------------------------------


def test_a_long_year_of_the_timeline_is_split_by_month(chronicle: Path):
    year = _html(chronicle, "timeline/2024/index.html")
    assert 'href="01/index.html">January 2024</a> <span class="meta">(3)</span>' in year
    assert 'href="02/index.html">February 2024</a>' in year
    march = _html(chronicle, "timeline/2024/03/index.html")
    assert "#fact-" in march
    short = _html(chronicle, "timeline/2023/index.html")
    assert "January 2023" not in short and re.search(r"#fact-[0-9a-f]+", short)
    sitemap = _html(chronicle, "sitemap.xml")
    assert "timeline/2024/01/page/2/" in sitemap and "companies/acme/2024/01/" in sitemap


def test_the_sources_have_a_page_per_year_of_publication(chronicle: Path):
    sources = _html(chronicle, "sources/2025/index.html")
    assert "Acme and Globex over the years" in sources and "Acme invests in Globex" in sources


# --- incremental builds ---------------------------------------------------------------------------------


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    "old, new",
    [
        ("date=2024-01-20", "date=2024-02-20"),
        ("date=2023-05-02", "date=2024-03-02"),
        ("On that day", "That day"),
    ],
    ids=["a fact moves month", "a fact moves year", "body text"],
)
def test_an_incremental_build_of_the_new_pages_is_the_full_build(chronicle: Path, runner, old: str, new: str):
    article = chronicle / "content" / "articles" / "history.md"
    article.write_text(article.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    for options in (["--jobs", "1"], ["--no-cache", "-o", "full"]):
        result = runner.invoke(cli, ["build", *options])
        assert result.exit_code == 0, result.output
    assert _contents(chronicle / "_site") == _contents(chronicle / "full")


def test_an_unchanged_page_by_year_is_not_rendered_again(chronicle: Path, runner, monkeypatch):
    page = chronicle / "_site" / "companies" / "acme" / "2023" / "index.html"
    before = os.stat(page).st_ino
    article = chronicle / "content" / "articles" / "history.md"
    article.write_text(article.read_text(encoding="utf-8").replace("date=2025-06-30", "date=2025-06-29"))
    result = runner.invoke(cli, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert os.stat(page).st_ino == before  # linked from the previous output, not written anew
