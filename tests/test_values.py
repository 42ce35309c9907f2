"""The rules behind issue 16's values: figures a page can show, years 1-9999, strict JSON, inert CSV cells,
look-alike ids, content files inside the content folder."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.analyse.facts import _backwards_range_in_words
from generator.check import check
from generator.discover import discover
from generator.errors import ConfigError, Location
from generator.model import Quantity
from generator.read.entities import read_entity
from generator.read.lookalike import skeleton
from generator.render import data, jsonld, sqlite
from generator.validators import figure_problem, iso_date_problem, number_problem, source_date_epoch_day


@pytest.mark.parametrize("written", ["NaN", "inf", "-Infinity"])
def test_a_figure_must_be_finite(written: str):
    assert number_problem(written) == f"'{written}' is not a finite number"


@pytest.mark.parametrize("written", ["1e18", "-1e18", "1e308", "1e309"])
def test_a_figure_must_lie_below_ten_to_the_eighteenth(written: str):
    assert "is too large" in number_problem(written)


def test_the_largest_figure_is_compared_exactly():
    assert number_problem("999999999999999999") is None  # a float would round it up to 10^18


def test_a_long_figure_is_shortened_in_its_message():
    why = number_problem("9" * 400)
    assert "(400 characters)" in why and len(why) < 120


def test_a_figure_read_in_the_text_is_held_to_the_same_rule():
    assert figure_problem(10**400) == "is too large: a figure must lie between -10^18 and 10^18"
    assert figure_problem(math.inf) == "is not a finite number"
    assert figure_problem(-5) is None


@pytest.mark.parametrize("written", ["0000", "0000-01", "0000-01-01"])
def test_there_is_no_year_zero(written: str):
    assert iso_date_problem(written) == f"'{written}' has no year: years run from 0001 to 9999"


@pytest.mark.parametrize("epoch", ["abc", "1.5", "99999999999999999"])
def test_source_date_epoch_is_whole_seconds_within_the_calendar(epoch: str):
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        source_date_epoch_day(epoch)


def test_check_refuses_the_source_date_epoch_build_refuses(site: Path):
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH is 'abc'"):
        check(site / "content", source_date_epoch="abc")


@pytest.mark.parametrize(
    "write",
    [
        lambda value: data.to_json({"value": value}),
        lambda value: jsonld.script({"value": value}),
        lambda value: sqlite._json({"value": value}),
    ],
    ids=["data", "json-ld", "sqlite"],
)
def test_json_writers_refuse_what_strict_json_lacks(write):
    with pytest.raises(ValueError):
        write(math.nan)


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_csv_cell_a_spreadsheet_would_run_is_made_text(cell: str):
    assert data.spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-5", "-0.25", "Acme", "", "a=b"])
def test_numbers_and_plain_text_are_left_as_they_are(cell: str):
    assert data.spreadsheet_safe(cell) == cell


def test_a_cyrillic_look_alike_has_the_skeleton_of_the_latin_id():
    assert skeleton("\u0430cme") == skeleton("acme") == skeleton("ACME")
    assert skeleton("nvid\u0456a") == skeleton("nvidia")


def test_different_ids_have_different_skeletons():
    assert skeleton("alibaba") != skeleton("alibaba-cloud")


def test_editors_hidden_files_are_not_content(site: Path):
    articles = site / "content" / "articles"
    (articles / ".#acme-globex.md").symlink_to("someone@host.1234")  # Emacs' lock file: a link to nowhere
    files = discover(site / "content")
    assert not files.problems
    assert all(not p.name.startswith(".") for p in files.articles)


def test_a_link_to_a_file_inside_the_content_folder_is_followed(site: Path):
    articles = site / "content" / "articles"
    (articles / "copy.md").symlink_to(articles / "acme-globex.md")
    files = discover(site / "content")
    assert not files.problems and articles / "copy.md" in files.articles


@pytest.mark.parametrize(
    "fields",
    [
        "founded: 1949\n",
        "share: 0.25\n",
        "products: [Rocket X, 42]\n",
        "motto: {en: Everything, it: Tutto}\n",
        "founded_on: 1949-05-01\n",
    ],
)
def test_infobox_values_a_sheet_can_show_are_accepted(fields: str, tmp_path: Path):
    path = tmp_path / "odd.yml"
    path.write_text(f"name: Odd\nkind: company\n{fields}", encoding="utf-8")
    entity, problems = read_entity(path, "odd.yml")
    assert entity is not None and problems == []


def test_a_measure_says_what_a_figure_without_a_unit_counts(site: Path):
    body = '[Acme counted 12 sites]{fact=metric subject=acme value=12 measure="Sites"}.\n'
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    codes = [p.code for p in check(site / "content", source_date_epoch=None).problems]
    assert "missing-unit" not in codes and "conflict" in codes  # the fixture's own warning still comes


def test_a_range_read_backwards_in_the_words_is_a_bad_range():
    quantity = Quantity(
        text="90-80%",
        start=0,
        end=6,
        kind="percent",
        value=None,
        unit="%",
        qualifier="range",
        low=90,
        high=80,
    )
    fact = SimpleNamespace(quantity=quantity)
    annotation = SimpleNamespace(attrs={"fact": "stock"}, location=Location("a.md", 3, 1))
    problem = _backwards_range_in_words(fact, annotation)
    assert problem.code == "bad-range" and "90 is above 80" in problem.message


def test_every_json_file_of_the_golden_site_is_strict_json():
    def refuse(constant: str):
        raise ValueError(f"{constant} is not JSON")

    files = sorted((Path(__file__).parent / "golden" / "site").rglob("*.json"))
    assert len(files) > 10
    for path in files:
        json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def test_the_extract_report_is_strict_json(monkeypatch):
    from generator import extract

    monkeypatch.setattr(extract, "_contract", lambda *args: {"quantities": [{"value": math.inf}]})
    analysis = extract.FileAnalysis(text="", shown="x.md", language="en", published=None, analysis=None)
    with pytest.raises(ValueError):  # never "Infinity", which a strict parser refuses
        analysis.as_json()
