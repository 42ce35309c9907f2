"""What a newcomer saw on the built site, each fixed: one test per thing that was wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import cli
from generator.cli.words import counted, report_counts
from generator.errors import Location, Problem

REPOSITORY = Path(__file__).resolve().parent.parent
STYLESHEET = (REPOSITORY / "templates" / "assets" / "style.css").read_text(encoding="utf-8")

# A second report of Globex's share price, "up to" another figure: a conflict with a qualifier.
UP_TO_ARTICLE = """---
title: "Globex shares jump"
language: en
source: {publisher: Other Wire, url: https://other.example/globex, published: 2025-09-19,
  licence: "Reproduced with the permission of Other Wire"}
---
[Globex shares rose up to 30%]{fact=stock subject=globex value=30 unit=% qualifier=up_to date=2025-09-18}.

[Acme will open a plant in 2030]{fact=plan subject=acme date=2030 status=planned}.

[Acme bought a warehouse in 2024]{fact=acquisition subject=acme date=2024-03}.
"""


@pytest.fixture
def built(site: Path, runner, monkeypatch) -> Path:
    """The fixture site with a conflicting "up to" figure, a plan for 2030 and a fact of 2024, built."""
    (site / "content" / "articles" / "globex-jump.md").write_text(UP_TO_ARTICLE, encoding="utf-8")
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    site.joinpath("build-output.txt").write_text(result.output, encoding="utf-8")
    return site


def _page(site: Path, path: str) -> str:
    return (site / "_site" / path).read_text(encoding="utf-8")


def test_conflicts_name_their_values_as_people_write_them_in_check_and_on_the_sheet(built: Path, runner):
    output = runner.invoke(cli, ["check"]).output
    assert "up to 30%" in output and "up_to" not in output
    sheet = _page(built, "companies/globex/index.html")
    box = sheet[sheet.index('class="conflict"') :]
    box = box[: box.index("</div>")]
    assert "up to 30%" in box and "up_to" not in box


def test_a_problem_names_its_severity_once_in_the_compilers_form():
    problem = Problem(Location("a.md", 3, 7), "conflict", "sources disagree", severity="warning")
    assert str(problem) == "a.md:3:7: warning: conflict: sources disagree"


def test_the_command_line_does_not_name_a_problems_severity_twice(built: Path):
    lines = built.joinpath("build-output.txt").read_text(encoding="utf-8").splitlines()
    warnings = [line for line in lines if ": warning: conflict:" in line]
    assert warnings and all(re.match(r"^content/articles/[\w.-]+:\d+:\d+: warning: ", w) for w in warnings)
    assert not any(line.startswith("warning:") for line in lines)


def test_every_class_the_renderer_writes_itself_has_a_rule_in_the_stylesheet():
    source = (REPOSITORY / "generator" / "render" / "pages.py").read_text(encoding="utf-8")
    classes = {name for value in re.findall(r'class="([^"{]+)"', source) for name in value.split()}
    assert "visually-hidden" in classes
    assert sorted(c for c in classes if not re.search(rf"\.{re.escape(c)}\b", STYLESHEET)) == []


def test_the_404_page_carries_its_style_and_links_to_the_site_at_any_depth(built: Path):
    page = _page(built, "404.html")
    assert "assets/style.css" not in page  # the theme's style is inline; only the search's own is linked
    style = page[page.index("<style>") : page.index("</style>")]
    assert ".visually-hidden" in style and "--font-text" in style  # the whole stylesheet, inline
    assert 'href="https://example.org/sheets/timeline/"' in page


def test_every_page_links_the_favicon_which_is_in_the_site(built: Path):
    assert (built / "_site" / "assets" / "favicon.svg").read_text(encoding="utf-8").startswith("<svg")
    assert 'rel="icon" href="../../assets/favicon.svg"' in _page(built, "companies/acme/index.html")
    assert 'rel="icon" href="assets/favicon.svg"' in _page(built, "index.html")


def _years(html: str, start: str, end: str) -> list[str]:
    part = html[html.index(start) : html.index(end, html.index(start))]
    return list(dict.fromkeys(re.findall(r'datetime="(\d{4})', part) or re.findall(r">(\d{4})</a>", part)))


def test_the_timelines_year_links_follow_the_order_of_its_list(built: Path):
    page = _page(built, "timeline/index.html")
    links = _years(page, '<nav class="archive-years"', "</nav>")
    listed = _years(page, '<ol class="timeline">', "</ol>")
    assert len(links) >= 3 and links == listed


@pytest.mark.parametrize(
    ("language", "words"), [("en", ["Date precision", "day", "month", "year"]), ("it", ["giorno", "mese"])]
)
def test_timelines_explain_their_precision_marks(site: Path, runner, monkeypatch, language, words):
    config = site / "content" / "site.yml"
    config.write_text(config.read_text().replace("language: en", f"language: {language}"), encoding="utf-8")
    monkeypatch.chdir(site)
    assert runner.invoke(cli, ["build"]).exit_code == 0
    for path in ("index.html", "timeline/index.html", "companies/acme/index.html"):
        legend = _page(site, path).split('class="precision-legend', 1)[1].split("</p>", 1)[0]
        assert all(word in legend for word in words)
        assert "precision-mark--day" in legend and "precision-mark--year" in legend


def test_a_website_shows_its_host_name_as_link_text(built: Path):
    sheet = _page(built, "companies/acme/index.html")
    link = '<a href="https://acme.example" rel="external" title="https://acme.example">acme.example</a>'
    assert link in sheet


def test_the_home_pages_latest_facts_open_on_the_latest_reported_not_on_a_future_plan(built: Path):
    home = _page(built, "index.html")
    latest = home[home.index('id="latest-heading"') :]
    first = latest[latest.index("<li>") : latest.index("</li>")]
    assert "2030" not in first and 'datetime="2025-09-18"' in first
    assert 'datetime="2030"' in latest  # the plan is listed, after what has happened


def test_counts_on_the_home_page_and_the_sheets_take_the_singular_for_one(built: Path):
    pages = [_page(built, "index.html"), _page(built, "products/rocket-x/index.html")]
    assert not any(re.search(r"\b1 (facts|sources)\b", page) for page in pages)
    assert "1 fact<" in pages[0]


def test_the_command_line_counts_in_the_singular_for_one():
    assert counted(1, "file") == "1 file" and counted(2, "file") == "2 files"
    assert report_counts(1, 1, 1, 1) == "1 file for 1 entity, 1 article and 1 fact"
    assert report_counts(0, 2, 3, 4) == "0 files for 2 entities, 3 articles and 4 facts"
