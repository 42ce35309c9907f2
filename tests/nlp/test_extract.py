"""`factsheets extract`: the JSON contract of DESIGN.md and the report for people."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from generator.cli.extract import extract_command
from generator.errors import ConfigError
from generator.extract import extract, guess_language

ARTICLE = """---
title: "Nvidia entra nel capitale di Intel"
language: it
source:
  publisher: Il Post
  url: https://www.ilpost.it/2025/09/18/nvidia-investimento-intel/
  published: 2025-09-18
summary: Accordo da 5 miliardi di dollari.
---
Giovedì [Nvidia ha annunciato un investimento di 5 miliardi di dollari in
Intel]{fact=investment subject=nvidia object=intel}, pari a circa il 4 per cento del capitale.
L'amministratore delegato, [Jensen Huang]{@jensen-huang}, ha parlato di una collaborazione storica.

L'anno scorso Intel ha perso il 60% in Borsa e Nvidia ha acquistato azioni per 2 miliardi di dollari.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "nvidia-intel.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_the_json_has_exactly_the_contract_fields(article, registry):
    result = extract(article, None, None, registry).as_contract()
    assert list(result) == [
        "language",
        "published",
        "sentences",
        "entities",
        "quantities",
        "dates",
        "facts",
        "new_entities",  # added by issue 13: the names the registry lacks, proposed
    ]
    assert list(result["quantities"][0]) == [
        "text",
        "start",
        "end",
        "kind",
        "value",
        "unit",
        "qualifier",
        "low",
        "high",
    ]
    assert list(result["dates"][0]) == ["text", "start", "end", "value", "end_value"]
    assert list(result["facts"][0]) == [
        "kind",
        "subject",
        "object",
        "quantity",
        "date",
        "sentence",
        "annotated",
        "status",
        "date_source",
    ]
    assert (result["language"], result["published"]) == ("it", "2025-09-18")


def test_offsets_are_into_the_file_as_read(article, registry):
    text = article.read_text(encoding="utf-8")
    result = extract(article, None, None, registry).as_contract()
    for key in ("entities", "quantities", "dates"):
        for item in result[key]:
            assert text[item["start"] : item["end"]] == item["text"]
    assert result["quantities"][0]["text"] == "5 miliardi di dollari"
    assert result["quantities"][0]["value"] == 5000000000


def test_annotated_facts_are_listed_as_annotated(article, registry):
    facts = extract(article, None, None, registry).as_contract()["facts"]
    assert facts[0] == {
        "kind": "investment",
        "subject": "nvidia",
        "object": "intel",
        "quantity": 0,
        "date": None,
        "sentence": 0,
        "annotated": True,
        "status": None,
        "date_source": "published",
    }
    assert any(not f["annotated"] for f in facts)


def test_explicit_mentions_keep_their_id(article, registry):
    entities = extract(article, None, None, registry).as_contract()["entities"]
    assert {"text": "Jensen Huang", "id": "jensen-huang", "kind": "person"}.items() <= next(
        e for e in entities if e["text"] == "Jensen Huang"
    ).items()


def test_options_override_the_front_matter(article, registry):
    result = extract(article, None, "2030-01-01", registry).as_contract()
    assert result["published"] == "2030-01-01"
    assert "2029" in [d["value"] for d in result["dates"]]


def test_a_plain_text_file_is_analysed_as_it_is(tmp_path, registry):
    path = tmp_path / "note.txt"
    path.write_bytes(b"Intel said on Monday it raised $2bn.\r\nShares rose 5%.\r\n")
    result = extract(path, "en", "2025-09-18", registry).as_contract()
    text = "Intel said on Monday it raised $2bn.\nShares rose 5%.\n"  # as read: line endings normalised
    assert [text[q["start"] : q["end"]] for q in result["quantities"]] == ["$2bn", "5%"]
    assert result["dates"][0]["value"] == "2025-09-15"


def test_a_text_without_front_matter_or_lang_gets_its_language_guessed():
    assert guess_language("Il governo ha detto che la crescita è stata del 2 per cento.") == "it"
    assert guess_language("The government said that growth was 2 per cent.") == "en"


def test_a_bad_publication_date_is_a_config_error(article, registry):
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        extract(article, None, "18/09/2025", registry)


def test_the_text_format_lists_findings_with_line_and_column(article, registry):
    report = extract(article, None, None, registry).as_text()
    assert "5 miliardi di dollari  = money 5,000,000,000 USD" in report
    assert "  10:63" in report or "10:" in report
    assert "investment nvidia → intel" in report


def _cli():
    @click.group()
    def cli() -> None:
        pass

    cli.add_command(extract_command)
    return cli


def test_the_command_prints_json_with_the_registry_of_the_content_folder(tmp_path, article, runner):
    entities = tmp_path / "content" / "entities"
    entities.mkdir(parents=True)
    (entities / "intel.yml").write_text("name: Intel\nkind: company\n", encoding="utf-8")
    result = runner.invoke(_cli(), ["extract", str(article), "--content", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "intel" in [e["id"] for e in data["entities"]]


def test_the_command_refuses_an_unknown_language(article, runner):
    result = runner.invoke(_cli(), ["extract", str(article), "--lang", "fr"])
    assert result.exit_code == 2
