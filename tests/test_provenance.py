"""Whose words an article is: a publisher's own (`source`) or the site's summary of reports (`based_on`).

One site holds both kinds: the fixture's English article is Daily Example's own text (reproduced with
permission), its Italian article and a brief are the desk's summaries of reports. A quotation, a text
fragment and "as reported by" are for own words only; a summary names what it is based on.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from click.testing import CliRunner

from generator.cli import cli
from generator.model import SiteConfig
from generator.provenance import site_as_author
from generator.read.articles import read_article_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
CSL_SCHEMA = json.loads((Path(__file__).parent / "csl-data.schema.json").read_text(encoding="utf-8"))
DAILY = "https://daily.example/acme-globex"
ESEMPIO = "https://esempio.example/acme-globex"
INVESTMENT = "{fact=investment subject=acme object=globex date=2025-09-18 value=5000000000 unit=USD}"

SUMMARY_IT = f"""---
title: "Acme investe in Globex"
language: it
based_on:
  - publisher: Esempio Quotidiano
    url: {ESEMPIO}
    published: 2025-09-19
summary: Acme entra nel capitale della rivale.
---
Il 18 settembre [Acme ha annunciato un investimento di 5 miliardi di dollari in Globex]{INVESTMENT}.
"""

BRIEF = f"""---
title: "Acme and Globex in brief"
language: en
based_on:
  - publisher: Esempio Quotidiano
    url: {ESEMPIO}
    published: 2025-09-19
  - publisher: Daily Example
    url: {DAILY}
    published: 2025-09-18
author: Markets Desk
summary: What the reports say about the deal.
---
[Acme will put $5 billion into Globex]{INVESTMENT}, according to both reports.
"""


def write_both_kinds(target: Path) -> Path:
    """The fixture site with one own-words article and two summaries of the same investment."""
    shutil.copytree(FIXTURE_SITE, target)
    articles = target / "content" / "articles"
    (articles / "acme-globex-it.md").write_text(SUMMARY_IT, encoding="utf-8")
    (articles / "acme-globex-brief.md").write_text(BRIEF, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = write_both_kinds(tmp_path_factory.mktemp("both") / "site")
    output = site / "_site"
    result = CliRunner().invoke(cli, ["build", "--content", str(site / "content"), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def investment_entry(built: Path) -> str:
    """The investment fact's entry on Acme's sheet."""
    html = read(built / "companies" / "acme" / "index.html")
    start = html.index(f'<li id="fact-{investment(built)["id"]}" class="fact-entry')
    return html[start : html.index("</details>\n  </li>", start)]


def facts(built: Path) -> list[dict]:
    return json.loads(read(built / "data" / "facts.json"))


def investment(built: Path) -> dict:
    return next(f for f in facts(built) if f["kind"] == "investment")


# --- the fact sheet -----------------------------------------------------------------------------------


def test_own_words_are_quoted_as_the_publishers_with_a_text_fragment(built: Path):
    entry = investment_entry(built)
    assert f'<blockquote cite="{DAILY}" lang="en">' in entry
    assert f'href="{DAILY}#:~:text=' in entry


def test_a_summary_sentence_is_labelled_as_the_desks_not_quoted(built: Path):
    entry = investment_entry(built)
    assert "Summary by Fixture Desk:" in entry and "Summary by Markets Desk:" in entry
    assert '<p class="summary-sentence" lang="it">' in entry
    assert f'<blockquote cite="{ESEMPIO}"' not in entry


def test_a_summary_names_its_reports_with_plain_links(built: Path):
    entry = investment_entry(built)
    based_on = re.findall(r'<p class="meta based-on">.*?</p>', entry, re.S)
    assert len(based_on) == 2
    assert f'<a href="{ESEMPIO}" rel="external">Esempio Quotidiano</a>' in based_on[0]
    assert "19 September 2025" in based_on[0]


def test_text_fragments_are_made_only_for_own_words(built: Path):
    fragments = {
        url
        for path in built.rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".bib", ".ris", ".csv", ".xml")
        for url in re.findall(r"https?://[^\s\"'<>]*#:~:text=", read(path))
    }
    assert fragments == {f"{DAILY}#:~:text="}


def test_the_reported_line_names_the_oldest_report(built: Path):
    entry = investment_entry(built)
    reported = re.search(r"<dt>Reported</dt>\s*<dd>(.*?)</dd>", entry, re.S).group(1)
    assert "(Daily Example); and 1 more" in reported


# --- article pages ------------------------------------------------------------------------------------


def test_the_article_page_of_a_summary_says_whose_summary_and_what_it_is_based_on(built: Path):
    html = read(built / "articles" / "acme-globex-brief" / "index.html")
    byline = re.search(r'<p class="meta byline">(.*?)</p>', html, re.S).group(1)
    assert byline.startswith("Summary by Markets Desk · ")
    based_on = re.search(r'<p class="meta based-on">(.*?)</p>', html, re.S).group(1)
    assert based_on.startswith("Based on: ")
    assert f'<a href="{ESEMPIO}" rel="external">Esempio Quotidiano</a>' in based_on
    assert f'<a href="{DAILY}" rel="external">Daily Example</a>' in based_on
    assert "Original article" not in html


def test_the_article_page_of_own_words_links_the_original(built: Path):
    html = read(built / "articles" / "acme-globex" / "index.html")
    byline = re.search(r'<p class="meta byline">(.*?)</p>', html, re.S).group(1)
    assert byline.startswith("Daily Example, A. Writer · ")
    assert f'<a href="{DAILY}" rel="external">Original article</a>' in byline


def test_the_sources_page_lists_each_report_once(built: Path):
    html = read(built / "sources" / "index.html")
    reports = html.split('id="reports-heading"', 1)[1]
    assert reports.count(f'href="{ESEMPIO}"') == 1 and reports.count(f'href="{DAILY}"') == 1


def test_a_report_is_named_by_its_fullest_mention(built: Path):
    reports = read(built / "sources" / "index.html").split('id="reports-heading"', 1)[1]
    # The brief names Daily Example's report without a title; its own article gives the title.
    assert "Daily Example (A. Writer), <cite>Acme invests in Globex</cite>" in reports


def jsonld_of(html: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S).group(1)
    )


def test_a_summary_page_is_an_article_by_the_desk_based_on_its_reports(built: Path):
    data = jsonld_of(read(built / "articles" / "acme-globex-brief" / "index.html"))
    assert data["author"] == {"@type": "Organization", "name": "Markets Desk"}
    assert data["publisher"]["name"] == "Fixture Press"
    assert [(r["publisher"]["name"], r["url"]) for r in data["isBasedOn"]] == [
        ("Esempio Quotidiano", ESEMPIO),
        ("Daily Example", DAILY),
    ]


def test_an_own_words_page_is_by_its_publisher(built: Path):
    data = jsonld_of(read(built / "articles" / "acme-globex" / "index.html"))
    assert data["author"] == {"@type": "Person", "name": "A. Writer"}
    assert data["publisher"]["name"] == "Daily Example"


def test_the_feed_names_who_wrote_an_articles_words(built: Path):
    feed = read(built / "feed.xml")
    own = feed.split("<id>https://example.org/sheets/articles/acme-globex/</id>", 1)[1].split("</entry>")[0]
    summary = feed.split("<id>https://example.org/sheets/articles/acme-globex-brief/</id>", 1)[1]
    assert "<name>Daily Example (A. Writer)</name>" in own
    assert "<name>Markets Desk</name>" in summary.split("</entry>")[0]


# --- data exports -------------------------------------------------------------------------------------


def test_facts_json_says_whose_words_each_sentence_is(built: Path):
    by_article = {s["article"]: s for s in investment(built)["sources"]}
    own, summary = by_article["acme-globex"], by_article["acme-globex-it"]
    assert (own["words"], own["publisher"], own["url"], own["based_on"]) == (
        "original",
        "Daily Example",
        DAILY,
        [],
    )
    assert (summary["words"], summary["publisher"], summary["author"]) == (
        "summary",
        "Fixture Press",
        "Fixture Desk",
    )
    assert summary["url"] == "https://example.org/sheets/articles/acme-globex-it/"
    assert summary["based_on"] == [
        {"publisher": "Esempio Quotidiano", "title": None, "url": ESEMPIO, "published": "2025-09-19"}
    ]
    assert summary["sentence"].startswith("Il 18 settembre Acme") and summary["language"] == "it"


def test_exports_with_both_kinds_match_their_schemas(built: Path):
    schemas = ROOT / "generator" / "schemas"
    jsonschema.validate(facts(built), json.loads(read(schemas / "facts.schema.json")))
    entity = json.loads(read(built / "data" / "entities" / "acme.json"))
    jsonschema.validate(entity, json.loads(read(schemas / "entity.schema.json")))


def test_source_count_counts_distinct_reports_not_articles(built: Path):
    fact = investment(built)
    assert len(fact["sources"]) == 3  # the own words and two summaries
    assert fact["source_count"] == 2  # Daily Example's report and Esempio Quotidiano's, each once


def test_the_sheet_shows_the_count_of_reports(built: Path):
    assert '<p class="meta">Sources (2):</p>' in investment_entry(built)


# --- citations ----------------------------------------------------------------------------------------


def investment_key(built: Path) -> str:
    return re.search(r"Citation key <code>([^<]+)</code>", investment_entry(built)).group(1)


def test_bibtex_names_the_desk_as_author_and_the_reports_in_its_note(built: Path):
    library = bibtexparser.parse_string(read(built / "companies" / "acme" / "cite-facts.bib"))
    entry = next(e for e in library.entries if e.key == investment_key(built))
    assert entry.fields_dict["author"].value == "{Fixture Desk}"
    note = entry.fields_dict["note"].value
    assert "As reported by Daily Example" in note
    assert "Based on Esempio Quotidiano, 19 September 2025, " + ESEMPIO in note
    assert "as summarised by Markets Desk, Fixture Desk" in note


def test_biblatex_puts_the_reports_in_the_addendum(built: Path):
    library = bibtexparser.parse_string(read(built / "companies" / "acme" / "cite-facts-biblatex.bib"))
    entry = next(e for e in library.entries if e.key == investment_key(built))
    assert entry.fields_dict["addendum"].value.startswith("As reported by Daily Example")


def test_ris_puts_the_reports_in_a_note(built: Path):
    records = rispy.loads(read(built / "companies" / "acme" / "cite-facts.ris"))
    record = next(r for r in records if r["id"] == investment_key(built))
    assert record["authors"] == ["Fixture Desk"]
    assert "Based on Esempio Quotidiano" in record["notes"][0]


def test_csl_json_puts_the_reports_in_note_and_stays_valid(built: Path):
    items = json.loads(read(built / "companies" / "acme" / "cite-facts.json"))
    jsonschema.validate(items, CSL_SCHEMA)
    item = next(i for i in items if i["id"] == investment_key(built))
    assert item["author"] == [{"literal": "Fixture Desk"}]
    assert "As reported by Daily Example" in item["note"] and "Based on Esempio Quotidiano" in item["note"]


def test_the_fact_on_the_sheet_shows_what_it_rests_on(built: Path):
    line = re.search(
        r'<p class="as-reported meta"[^>]*><span id="reported-[^"]+">(.*?)</span>',
        investment_entry(built),
        re.S,
    )
    assert line and line.group(1).startswith("As reported by Daily Example")


# --- reading the front matter -------------------------------------------------------------------------

FRONT = """---
title: "T"
language: en
"""
SOURCE = """source:
  publisher: P
  url: https://p.example/a
  published: 2025-09-18
"""
BASED_ON = """based_on:
  - publisher: P
    url: https://p.example/a
    published: 2025-09-18
  - publisher: Q
    published: 2025-09-20
"""


def read_front(*parts: str):
    return read_article_text(FRONT + "".join(parts) + "---\nBody.\n", "a.md", "a")


def test_a_summary_reads_its_reports_and_defaults_to_the_newest_date():
    article, problems = read_front(BASED_ON)
    assert problems == [] and article.is_summary
    assert [(r.publisher, r.url, r.published) for r in article.based_on] == [
        ("P", "https://p.example/a", "2025-09-18"),
        ("Q", "", "2025-09-20"),
    ]
    assert article.source.published == "2025-09-20"


def test_a_summary_is_written_by_the_site_unless_it_names_its_author():
    config = SiteConfig(
        title="S", language="en", base_url="https://s.example/", author="Site Desk", publisher="Site Press"
    )
    article, _ = read_front(BASED_ON)
    assert (
        site_as_author(article, config).source.publisher,
        site_as_author(article, config).source.author,
    ) == ("Site Press", "Site Desk")
    named, _ = read_front(BASED_ON, "author: Night Desk\npublished: 2025-09-21\n")
    source = site_as_author(named, config).source
    assert (source.author, source.published, source.url) == ("Night Desk", "2025-09-21", "")


def test_source_and_based_on_together_is_an_error_at_based_on():
    _, problems = read_front(SOURCE, BASED_ON)
    (problem,) = problems
    assert problem.code == "source-and-based-on"
    assert (problem.location.line, problem.location.col) == (9, 3)  # the value of based_on
    assert "based_on" in problem.hint and "source" in problem.hint


def test_neither_source_nor_based_on_is_an_error():
    _, problems = read_front()
    (problem,) = problems
    assert problem.code == "missing-field"
    assert "based_on" in problem.message and "based_on:" in problem.hint


def test_a_bad_report_is_reported_where_each_field_is_written():
    bad = BASED_ON.replace("https://p.example/a", "javascript:alert(1)").replace("2025-09-20", "2025-02-30")
    _, problems = read_front(bad.replace("  - publisher: P\n", "  - publisher: P\n    colour: red\n"))
    found = {(p.code, p.location.line, p.location.col, p.severity) for p in problems}
    assert found == {
        ("bad-url", 7, 10, "error"),
        ("unknown-field", 6, 13, "warning"),
        ("bad-date", 10, 16, "error"),
    }


def test_a_report_without_a_publisher_is_missing_a_field():
    _, problems = read_front(BASED_ON.replace("  - publisher: Q\n    published", "  - published"))
    (problem,) = problems
    assert problem.code == "missing-field" and "based_on.1.publisher" in problem.message
    assert str(problem.location) == "a.md:8:5"


def test_an_empty_based_on_is_an_error():
    _, problems = read_front("based_on: []\n")
    assert [p.code for p in problems] == ["bad-type"]


# --- check --------------------------------------------------------------------------------------------


def check_codes(runner: CliRunner, content: Path) -> list[dict]:
    result = runner.invoke(cli, ["check", "--content", str(content), "--format", "json"])
    return json.loads(result.output)["problems"]


def test_check_warns_when_a_source_makes_the_text_another_outlets_words(tmp_path: Path, monkeypatch):
    site = write_both_kinds(tmp_path / "site")
    monkeypatch.chdir(site)  # messages name files from the current directory
    article = site / "content" / "articles" / "acme-globex.md"
    text = read(article)
    article.write_text(text.replace(',\n  licence: "Reproduced with the permission of Daily Example"}', "}"))
    (warning,) = [p for p in check_codes(CliRunner(), site / "content") if p["code"] == "not-own-words"]
    assert (warning["path"], warning["line"], warning["col"], warning["severity"]) == (
        "content/articles/acme-globex.md",
        4,
        21,
        "warning",
    )
    assert "based_on:" in warning["hint"] and "licence:" in warning["hint"]


def test_a_licence_silences_the_warning(tmp_path: Path):
    site = write_both_kinds(tmp_path / "site")
    assert "not-own-words" not in {p["code"] for p in check_codes(CliRunner(), site / "content")}


def test_the_sites_own_publisher_needs_no_licence(tmp_path: Path):
    site = write_both_kinds(tmp_path / "site")
    article = site / "content" / "articles" / "acme-globex.md"
    text = read(article).replace("Daily Example", "Fixture Press")
    article.write_text(text.replace(',\n  licence: "Reproduced with the permission of Fixture Press"}', "}"))
    assert "not-own-words" not in {p["code"] for p in check_codes(CliRunner(), site / "content")}


# --- the demo site ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("demo") / "_site"
    result = CliRunner().invoke(cli, ["build", "--content", str(ROOT / "content"), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def demo_texts(demo: Path) -> dict[Path, str]:
    return {
        path: read(path)
        for path in demo.rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".bib", ".ris", ".csv", ".xml")
    }


def test_no_page_or_download_of_the_demo_has_a_text_fragment(demo: Path):
    assert [path for path, text in demo_texts(demo).items() if ":~:text=" in text] == []


def test_no_page_of_the_demo_quotes_an_outlet(demo: Path):
    quoted = {
        cite
        for text in demo_texts(demo).values()
        for cite in re.findall(r'<blockquote[^>]*\bcite="([^"]*)"', text)
    }
    assert quoted == set()


def test_every_demo_article_is_the_desks_summary(demo: Path):
    sources = [s for f in json.loads(read(demo / "data" / "facts.json")) for s in f["sources"]]
    assert {(s["words"], s["publisher"], s["author"]) for s in sources} == {
        ("summary", "Factsheets", "Factsheets demo desk")
    }
    assert all(s["based_on"] for s in sources)
