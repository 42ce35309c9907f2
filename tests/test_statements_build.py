"""Statements and figure labels in a built site: facts.json, facts.csv, the sheets, and the demo in both
languages (every fact stated in the interface language, its source sentence quoted in its own)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from generator.catalogs import translator
from generator.cli import cli
from generator.statement_templates import statements

ROOT = Path(__file__).resolve().parent.parent
EN_ARTICLE = "content/articles/acme-globex.md"
IT_ARTICLE = "content/articles/acme-globex-it.md"


def build(site: Path, monkeypatch, *args: str) -> Path:
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exit_code == 0, result.output
    return site / "_site"


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def facts_by_kind(built: Path) -> dict[str, list[dict]]:
    by_kind: dict[str, list[dict]] = {}
    for record in json.loads((built / "data" / "facts.json").read_text(encoding="utf-8")):
        by_kind.setdefault(record["kind"], []).append(record)
    return by_kind


def key_figure_labels(sheet: Path) -> list[str]:
    html = sheet.read_text(encoding="utf-8")
    figures = html.split('<ul class="key-figures">', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", label)
        for label in re.findall(r'<span class="figure-label">(.*?)</span>', figures)
    ]


# --- the fixture site ---------------------------------------------------------------------------------


def test_facts_json_states_each_fact_and_keeps_each_sentence_in_its_language(site: Path, monkeypatch):
    built = build(site, monkeypatch)
    (investment,) = facts_by_kind(built)["investment"]
    assert investment["statement"] == "Acme Corp invested $5 billion in Globex on 18 September 2025"
    assert {(s["language"], s["sentence"].split()[0]) for s in investment["sources"]} == {
        ("en", "On"),
        ("it", "Il"),
    }


def test_facts_csv_has_the_statement_and_the_measure(site: Path, monkeypatch):
    built = build(site, monkeypatch)
    rows = list(csv.DictReader(io.StringIO((built / "data" / "facts.csv").read_text(encoding="utf-8"))))
    stock = next(r for r in rows if r["kind"] == "stock" and r["value"] == "23")
    assert (stock["statement"], stock["measure"]) == (
        "Globex shares rose about 23% on 18 September 2025",
        "Share price change",
    )


def test_the_writer_s_statement_overrides_the_generated_one(site: Path, monkeypatch):
    edit(site, EN_ARTICLE, "object=rocket-x}", 'object=rocket-x statement_en="Acme unveiled its Rocket X"}')
    edit(site, EN_ARTICLE, "object=globex date", 'object=globex statement_it="Acme investirà in Globex" date')
    built = build(site, monkeypatch)
    by_kind = facts_by_kind(built)
    assert by_kind["launch"][0]["statement"] == "Acme unveiled its Rocket X"
    assert by_kind["investment"][0]["statement"].startswith(
        "Acme Corp invested"
    )  # the Italian one is for Italian
    sheet = (built / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert "Acme unveiled its " in sheet


def test_a_site_declared_kind_is_stated_plainly(site: Path, monkeypatch):
    (site / "content" / "site.yml").write_text(
        (site / "content" / "site.yml").read_text(encoding="utf-8")
        + "fact_kinds:\n  funding_round: {en: Funding round, it: Round di finanziamento}\n",
        encoding="utf-8",
    )
    edit(site, EN_ARTICLE, "{fact=investment", "{fact=funding_round")
    built = build(site, monkeypatch)
    assert (
        facts_by_kind(built)["funding_round"][0]["statement"]
        == "Acme Corp: Funding round – Globex, $5 billion"
    )


def test_a_key_figure_shows_its_measure(site: Path, monkeypatch):
    edit(
        site, EN_ARTICLE, "qualifier=about date", 'qualifier=about measure="Share price change at close" date'
    )
    built = build(site, monkeypatch)
    labels = key_figure_labels(built / "companies" / "globex" / "index.html")
    assert "Share price change at close" in labels
    (stock,) = [f for f in facts_by_kind(built)["stock"] if f["quantity"]["value"] == 23]
    assert stock["measure"] == "Share price change at close"


def test_figures_of_one_measure_form_one_series(site: Path, monkeypatch):
    built = build(site, monkeypatch)
    entity = json.loads((built / "data" / "entities" / "globex.json").read_text(encoding="utf-8"))
    assert [len(k["history"]) for k in entity["key_figures"]] == [2]  # 23% and 30%: no measure, one series
    assert key_figure_labels(built / "companies" / "globex" / "index.html") == ["Share price change"]


def test_figures_of_different_measures_are_different_series(site: Path, monkeypatch):
    edit(
        site, EN_ARTICLE, "qualifier=about date", 'qualifier=about measure="Share price change at close" date'
    )
    edit(
        site,
        IT_ARTICLE,
        "qualifier=about date",
        'qualifier=about measure="Share price change before the open" date',
    )
    built = build(site, monkeypatch)
    labels = key_figure_labels(built / "companies" / "globex" / "index.html")
    assert sorted(labels) == ["Share price change at close", "Share price change before the open"]


@pytest.mark.parametrize(
    ("attribute", "code"),
    [
        ('measure=""', "bad-value"),
        ('statement_en="  "', "bad-value"),
        ('statement_fr="Acme"', "unknown-attribute"),
    ],
)
def test_check_reports_an_empty_or_unknown_statement_attribute(
    attribute: str, code: str, site: Path, monkeypatch
):
    edit(site, EN_ARTICLE, "object=rocket-x}", f"object=rocket-x {attribute}}}")
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if f" {code}: " in line)
    assert line.startswith(f"{EN_ARTICLE}:17:"), result.output


# --- the demo, in English and in Italian ----------------------------------------------------------------


@pytest.fixture(scope="module", params=["en", "it"])
def demo(request, tmp_path_factory) -> tuple[str, Path]:
    language = request.param
    site = tmp_path_factory.mktemp(f"demo-{language}")
    shutil.copytree(ROOT / "content", site / "content")
    settings = site / "content" / "site.yml"
    settings.write_text(
        re.sub(r"(?m)^languages?: .*$", f"language: {language}", settings.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        return language, build(site, patch, "--templates", str(ROOT / "templates"))


def _fixed_words(template: str) -> list[str]:
    """The words a template always writes: everything outside its optional parts and placeholders."""
    required = re.sub(r"\[[^\[\]]*\]", "\x00", template)
    return [w.strip() for w in re.split(r"\{[^}]*\}|\x00", required) if w.strip()]


def test_every_demo_fact_is_stated_in_the_interface_language(demo: tuple[str, Path]):
    language, built = demo
    facts = json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))
    for record in facts:
        template = statements(translator(language))[record["kind"]][record["status"] or "done"]
        for words in _fixed_words(template):
            assert words in record["statement"], (words, record["statement"])
        assert all(record["statement"] != s["statement"] for s in record["sources"])


def test_every_demo_sheet_shows_the_statement_over_the_sentence_in_its_own_language(demo: tuple[str, Path]):
    language, built = demo
    facts = json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))
    assert {s["language"] for f in facts for s in f["sources"]} == {"en", "it"}
    for record in facts:
        page, anchor = record["url"].split("#")
        html = (built / page / "index.html").read_text(encoding="utf-8")
        entry = html.split(f'<li id="{anchor}"', 1)[1].split('<li id="fact-', 1)[0]
        shown = re.search(r'<span class="statement">(.*?)</span></p>', entry, re.S).group(1)
        assert re.sub(r"<[^>]+>", "", shown) == str(escape(record["statement"]))
        for source in record["sources"]:
            sentence = re.escape(str(escape(source["sentence"])))
            assert re.search(rf'lang="{source["language"]}">(<p>)?{sentence}</p>', entry), source["sentence"]
