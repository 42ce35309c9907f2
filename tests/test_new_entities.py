"""New entities: names the registry lacks, proposed with a kind and evidence, written only on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import cli
from generator.extract import analyse_file_text
from generator.model import Entity
from generator.new_entities import write_entity_files

REGISTRY = [
    Entity(id="borealis", name="Borealis", kind="company", aliases={"all": ["Borealis Capital"]}),
    Entity(id="nvidia", name="Nvidia", kind="company"),
]


def _proposals(text: str, language: str, entities: list[Entity] = REGISTRY) -> dict[str, tuple[str, str]]:
    found = analyse_file_text(text, "raw.md", language, None, entities)
    return {p.name: (p.kind, p.id) for p in found.new_entities}


def test_an_italian_legal_suffix_makes_a_company():
    found = _proposals("Ieri la torinese Officine Ferri S.p.A. ha aperto un impianto.", "it")
    assert found == {"Officine Ferri": ("company", "officine-ferri")}


def test_an_english_legal_suffix_makes_a_company():
    found = _proposals("The deal values Kestrel Dynamics Inc. at $2 billion.", "en")
    assert found == {"Kestrel Dynamics": ("company", "kestrel-dynamics")}


def test_an_italian_role_before_a_name_makes_a_person():
    found = _proposals("Lo ha detto l'amministratore delegato Marta Ferri durante la conferenza.", "it")
    assert found["Marta Ferri"][0] == "person"


def test_an_english_role_after_a_name_makes_a_person_and_points_at_the_company():
    found = _proposals("The plan was approved by Dana Whitfield, chief executive of Lumen Freight.", "en")
    assert found == {
        "Dana Whitfield": ("person", "dana-whitfield"),
        "Lumen Freight": ("company", "lumen-freight"),
    }


def test_a_role_written_as_the_first_word_is_not_part_of_the_name():
    found = _proposals("Founder Omar Haddad will chair the board.", "en")
    assert found == {"Omar Haddad": ("person", "omar-haddad")}


def test_the_company_noun_before_a_name_makes_a_company():
    found = _proposals("Il contratto è stato firmato con il gruppo Lavazza a Torino.", "it")
    assert found["Lavazza"][0] == "company"


def test_no_proposal_for_a_registry_name_or_alias():
    assert _proposals("Nvidia and Borealis Capital signed the agreement on Tuesday.", "en") == {}


def test_no_proposal_for_a_common_word_that_opens_a_sentence():
    found = _proposals("Yesterday Acme Robotics hired 40 engineers. Analysts expected more.", "en")
    assert list(found) == ["Acme Robotics"]


def test_a_later_short_form_of_a_name_is_the_same_proposal():
    text = "Northwind Robotics Inc. raised $40 million. The start-up Northwind plans to hire 120 engineers."
    found = analyse_file_text(text, "raw.md", "en", None, REGISTRY)
    assert [(p.name, p.aliases) for p in found.new_entities] == [
        ("Northwind Robotics", ["Northwind Robotics Inc."])
    ]


def test_a_proposed_id_never_repeats_a_registry_id():
    registry = [Entity(id="lumen", name="Lumen Labs", kind="company")]
    assert _proposals("The report said that Lumen would close.", "en", registry) == {
        "Lumen": ("company", "lumen-2")
    }


def test_extract_json_lists_new_entities_with_offsets_into_the_file(tmp_path: Path, runner):
    path = tmp_path / "raw.md"
    path.write_text("The deal values Kestrel Dynamics Inc. at $2 billion.\n", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path), "--lang", "en", "--content", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [proposal] = data["new_entities"]
    assert proposal["id"] == "kestrel-dynamics" and proposal["kind"] == "company"
    assert path.read_text(encoding="utf-8")[proposal["start"] : proposal["end"]] == "Kestrel Dynamics Inc."


def test_annotate_lists_new_entities_without_writing_entity_files(tmp_path: Path, runner):
    path = tmp_path / "raw.md"
    path.write_text("Chief executive Dana Whitfield said the company would grow.\n", encoding="utf-8")
    result = runner.invoke(cli, ["annotate", str(path), "--lang", "en", "--content", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "dana-whitfield (person)" in result.stdout and "1:17" in result.stdout
    assert not (tmp_path / "entities").exists()


def test_annotate_writes_draft_entity_files_only_when_asked(tmp_path: Path, runner):
    path = tmp_path / "raw.md"
    path.write_text("Chief executive Dana Whitfield said the company would grow.\n", encoding="utf-8")
    folder = tmp_path / "drafts"
    result = runner.invoke(
        cli,
        ["annotate", str(path), "--lang", "en", "--content", str(tmp_path), "--new-entities", str(folder)],
    )
    assert result.exit_code == 0, result.output
    written = (folder / "dana-whitfield.yml").read_text(encoding="utf-8")
    assert "name: Dana Whitfield\nkind: person\n" in written and "review: draft\n" in written


def test_an_existing_entity_file_is_never_replaced(tmp_path: Path):
    found = analyse_file_text("Founder Omar Haddad will chair the board.", "raw.md", "en", None, [])
    (tmp_path / "omar-haddad.yml").write_text("name: Omar Haddad\nkind: person\n", encoding="utf-8")
    written, kept = write_entity_files(found.new_entities, tmp_path, found)
    assert (written, kept) == ([], [tmp_path / "omar-haddad.yml"])
    assert (tmp_path / "omar-haddad.yml").read_text(encoding="utf-8") == "name: Omar Haddad\nkind: person\n"


def test_a_written_draft_entity_file_reads_back_as_a_draft_entity(tmp_path: Path):
    from generator.read.entities import load_entities

    text = "The contract went to Marsh & Lowe Ltd, the company said."
    found = analyse_file_text(text, "raw.md", "en", None, [])
    write_entity_files(found.new_entities, tmp_path, found)
    entities, problems = load_entities(tmp_path)
    assert problems == [] and [(e.name, e.kind, e.review) for e in entities] == [
        ("Marsh & Lowe", "company", "draft")
    ]


# --- draft entities in the site ------------------------------------------------------------------------

DRAFT_ENTITY = "name: Lumen Freight\nkind: company\nreview: draft\n"
ARTICLE = """---
title: "Lumen Freight orders trucks"
language: en
source: {publisher: Test Daily, url: https://daily.example/lumen, published: 2025-09-20}
---
[Lumen Freight]{@lumen-freight} ordered trucks from [Acme]{@acme}.
[Acme sold 30 trucks to Lumen Freight]{fact=metric subject=acme object=lumen-freight value=30 unit=trucks}.
"""


@pytest.fixture
def with_draft_entity(site: Path, monkeypatch) -> Path:
    content = site / "content"
    (content / "entities" / "lumen-freight.yml").write_text(DRAFT_ENTITY, encoding="utf-8")
    (content / "articles" / "lumen-trucks.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(site)
    return site


def test_check_warns_draft_for_a_draft_entity_file(with_draft_entity: Path, runner):
    result = runner.invoke(cli, ["check", "--format", "json"])
    drafts = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "draft"]
    assert [(p["path"], p["severity"]) for p in drafts] == [("content/entities/lumen-freight.yml", "warning")]


def test_a_default_build_leaves_a_draft_entity_and_its_facts_out(with_draft_entity: Path, runner):
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    site = with_draft_entity / "_site"
    assert not (site / "companies" / "lumen-freight").exists()
    page = (site / "articles" / "lumen-trucks" / "index.html").read_text(encoding="utf-8")
    assert "lumen-freight/" not in page and "Lumen Freight" in page
    facts = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    assert not any("lumen-freight" in (f["subject"], f.get("object")) for f in facts)


def test_a_drafts_build_has_the_draft_entity(with_draft_entity: Path, runner):
    result = runner.invoke(cli, ["build", "--drafts"])
    assert result.exit_code == 0, result.output
    assert (with_draft_entity / "_site" / "companies" / "lumen-freight" / "index.html").is_file()


def test_review_on_an_entity_takes_only_draft(site: Path, runner, monkeypatch):
    (site / "content" / "entities" / "lumen-freight.yml").write_text(
        "name: Lumen Freight\nkind: company\nreview: later\n", encoding="utf-8"
    )
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check", "--format", "json"])
    codes = [p["code"] for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert codes == ["bad-value"]


def test_a_country_is_a_place_even_when_its_first_word_is_a_common_word():
    assert _proposals("Il gruppo costruirà un impianto negli Stati Uniti.", "it") == {
        "Stati Uniti": ("place", "stati-uniti")
    }


def test_a_nationality_adjective_is_no_new_entity():
    assert _proposals("The deal needs the approval of European regulators.", "en") == {}


def test_the_cue_file_is_read_once_for_every_language(monkeypatch):
    from generator import new_entities

    reads: list[Path] = []
    read_text = Path.read_text

    def counted(self, *args, **kwargs):
        reads.append(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    for cached in (new_entities._cue_file, new_entities.cues):
        cached.cache_clear()
    try:
        new_entities.cues("en")
        new_entities.cues("it")
        assert new_entities._languages() == {"en", "it"}
    finally:
        for cached in (new_entities._cue_file, new_entities.cues):
            cached.cache_clear()
    assert reads == [new_entities.CUES_FILE]
