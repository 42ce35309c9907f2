"""The kinds guessed for names the registry lacks: places are places (or not proposed), never companies or
people. The words are in generator/new_entity_cues.yml."""

from __future__ import annotations

import pytest

from generator.extract import analyse_file_text


def _kinds(text: str, language: str) -> dict[str, str]:
    found = analyse_file_text(text, "raw.md", language, None, [])
    return {p.name: p.kind for p in found.new_entities}


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "The start-up opened a plant in Oakland, California, last year.", "California"),
        ("en", "Shares rose 2% on Wall Street after the results.", "Wall Street"),
        ("it", "A Piazza Affari il titolo ha guadagnato il 3%.", "Piazza Affari"),
        ("it", "La società fornirà acciaio alla Liguria dal 2027.", "Liguria"),
    ],
)
def test_a_known_place_name_is_a_place(language, text, name):
    assert _kinds(text, language).get(name, "place") == "place"


def test_en_an_apposition_naming_a_start_up_makes_a_company():
    text = "Halvorsen Batteries, a start-up founded in 2021, raised money."
    assert _kinds(text, "en")["Halvorsen Batteries"] == "company"
