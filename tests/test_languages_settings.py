"""`languages:` in site.yml and descriptions per language in entity files: what is accepted, what is refused
and where the problem is reported (file:line:col)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.read.entities import read_entity
from generator.read.site import load_site
from generator.render.urls import SiteLayout

SETTINGS = "title: T\nbase_url: https://example.org/\nauthor: A\npublisher: P\n"


def load(tmp_path: Path, lines: str):
    (tmp_path / "site.yml").write_text(SETTINGS + lines, encoding="utf-8")
    config, problems = load_site(tmp_path, tmp_path.parent)
    return config, [p for p in problems if p.severity == "error"]


def test_languages_alone_name_the_default_first(tmp_path: Path):
    config, problems = load(tmp_path, "languages: [it, en]\n")
    assert problems == []
    assert (config.language, config.languages, config.site_languages) == ("it", ("it", "en"), ("it", "en"))


def test_language_alone_is_a_site_in_one_language_at_the_root(tmp_path: Path):
    config, problems = load(tmp_path, "language: it\n")
    assert problems == [] and config.languages == () and config.site_languages == ("it",)
    assert SiteLayout.of(config).site_path("companies/acme/", "it") == "companies/acme/"


def test_language_and_languages_agree_when_language_is_the_first(tmp_path: Path):
    config, problems = load(tmp_path, "language: en\nlanguages: [en, it]\n")
    assert problems == [] and config.language == "en"


def test_a_language_that_is_not_the_first_of_languages_is_refused_where_it_is_written(tmp_path: Path):
    config, problems = load(tmp_path, "language: it\nlanguages: [en, it]\n")
    assert config is None
    [problem] = problems
    assert (problem.location.line, problem.location.col) == (5, 11)
    assert problem.location.path.endswith("site.yml")
    assert "'it' is not the first of languages (en, it)" in problem.message
    assert "put 'it' first" in problem.hint


@pytest.mark.parametrize(
    ("lines", "line_col", "words"),
    [
        ("languages: [en, en]\n", (5, 17), "listed twice"),
        ("languages: [en, xx]\n", (5, 17), "unsupported language 'xx'"),
        ("languages: [en, fr]\n", (5, 17), "no catalog states the interface in 'fr'"),
        ("languages: en\n", (5, 12), "must be a list"),
        ("languages: []\n", (5, 12), "must be a list"),
    ],
)
def test_a_bad_languages_list_is_refused_at_the_entry(tmp_path: Path, lines: str, line_col, words: str):
    config, problems = load(tmp_path, lines)
    assert config is None
    [problem] = problems
    assert (problem.location.line, problem.location.col) == line_col
    assert words in problem.message


def test_a_site_needs_a_language_or_languages(tmp_path: Path):
    config, problems = load(tmp_path, "")
    assert config is None and ["missing-field"] == [p.code for p in problems]
    assert "needs 'language'" in problems[0].message


def test_the_layout_puts_each_language_under_its_folder_and_shares_the_data_exports():
    layout = SiteLayout(("en", "it"))
    assert layout.site_path("companies/acme/#fact-1", "it") == "it/companies/acme/#fact-1"
    assert layout.site_path("", "en") == "en/"
    assert layout.site_path("data/", "it") == "it/data/"
    assert layout.site_path("data/cite.bib", "it") == "it/data/cite.bib"
    assert layout.site_path("data/facts.json", "it") == "data/facts.json"
    assert layout.site_path("assets/style.css", "it") == "assets/style.css"
    assert layout.site_path("en/companies/acme/", "it") == "en/companies/acme/"  # already from the root
    assert layout.site_path("articles/a/", "it", {"a": "en"}) == "en/articles/a/"
    assert layout.site_path("articles/b/", "it", {"b": "de"}) == "en/articles/b/"  # not a site language


def write_entity(tmp_path: Path, text: str):
    path = tmp_path / "acme.yml"
    path.write_text(text, encoding="utf-8")
    return read_entity(path, "entities/acme.yml")


def test_a_description_per_language_is_read(tmp_path: Path):
    entity, problems = write_entity(
        tmp_path, "name: Acme\nkind: company\ndescription: {en: Maker, it: Fabbrica}\n"
    )
    assert problems == [] and entity.description == {"en": "Maker", "it": "Fabbrica"}


@pytest.mark.parametrize(
    ("value", "col", "words"),
    [
        ("{en: Maker, xx: Other}", 30, "unknown description language 'xx'"),
        ("{en: [Maker]}", 19, "mapping of language to text"),
        ("[Maker]", 14, "mapping of language to text"),
    ],
)
def test_a_bad_description_is_refused_where_it_is_written(tmp_path: Path, value: str, col: int, words: str):
    entity, problems = write_entity(tmp_path, f"name: Acme\nkind: company\ndescription: {value}\n")
    assert entity is None
    [problem] = problems
    assert (problem.location.line, problem.location.col) == (3, col)
    assert words in problem.message


def test_a_title_and_description_per_language_are_read(tmp_path: Path):
    (tmp_path / "site.yml").write_text(
        "title: {en: Sheets, it: Schede}\nbase_url: https://example.org/\nauthor: A\npublisher: P\n"
        "languages: [it, en]\ndescription:\n  en: Figures.\n",
        encoding="utf-8",
    )
    config, problems = load_site(tmp_path, tmp_path.parent)
    assert [p for p in problems if p.severity == "error"] == []
    assert (config.title, config.title_language, config.titles) == (
        "Schede",
        None,
        {"en": "Sheets", "it": "Schede"},
    )
    # The default language has no description: the one written stands in, marked with its language.
    assert (config.description, config.description_language) == ("Figures.", "en")


@pytest.mark.parametrize(
    ("line", "col", "words"),
    [
        ("title: [Sheets]\n", 8, "must be text, or one text per language"),
        ("title: {en: [x]}\n", 13, "per language"),
    ],
)
def test_a_bad_title_is_refused_where_it_is_written(tmp_path: Path, line: str, col: int, words: str):
    (tmp_path / "site.yml").write_text(
        line + "base_url: https://example.org/\nauthor: A\npublisher: P\nlanguage: en\n", encoding="utf-8"
    )
    config, problems = load_site(tmp_path, tmp_path.parent)
    assert config is None
    [problem] = [p for p in problems if p.severity == "error"]
    assert (problem.code, problem.location.line, problem.location.col) == ("bad-type", 1, col)
    assert words in problem.message and "{en: …, it: …}" in problem.hint
