"""Data downloads: every file validates against the JSON Schema shipped with it, linked from the Data page."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from generator.aggregate import find_conflicts
from generator.cli import cli
from generator.model import Fact, FactDate, Quantity, SiteFact
from generator.render.data import CSV_COLUMNS, EXPORTS, SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "generator" / "schemas"


def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def build_into(content_parent: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(content_parent)
        result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return content_parent / "_site"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("data") / "site"
    shutil.copytree(Path(__file__).parent / "fixtures" / "site", site)
    return build_into(site)


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# --- the schemas themselves ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_a_valid_json_schema(name: str):
    jsonschema.Draft202012Validator.check_schema(schema(name))


def test_the_entity_schema_describes_facts_as_facts_json_does():
    # Each schema is self-contained (one download is enough); this keeps the copies from drifting apart.
    assert schema("entity.schema.json")["$defs"] == schema("facts.schema.json")["$defs"]


def test_every_export_has_a_schema_in_the_repository():
    # The SQLite database is described by its Datasette metadata instead (tests/test_sqlite_export.py).
    assert {s for s in EXPORTS.values() if "/" not in s} == set(SCHEMAS)
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == set(SCHEMAS)


def test_the_wheel_ships_the_schemas(tmp_path: Path):
    from hatchling.build import build_wheel

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        name = build_wheel(str(tmp_path))
    names = set(zipfile.ZipFile(tmp_path / name).namelist())
    assert {f"generator/schemas/{s}" for s in SCHEMAS} <= names


# --- the exports validate -----------------------------------------------------------------------------


def test_facts_json_validates(built: Path):
    jsonschema.validate(load(built / "data" / "facts.json"), schema("facts.schema.json"))


def test_a_fact_s_quantity_carries_every_field_but_its_offsets(built: Path):
    from dataclasses import fields

    expected = [f.name for f in fields(Quantity) if f.name not in ("start", "end")]
    quantities = [f["quantity"] for f in load(built / "data" / "facts.json") if f["quantity"]]
    assert quantities and all(list(q) == expected for q in quantities)


def test_entities_json_validates(built: Path):
    jsonschema.validate(load(built / "data" / "entities.json"), schema("entities.schema.json"))


def test_every_entity_file_validates(built: Path):
    entities = load(built / "data" / "entities.json")
    for entity in entities:
        record = load(built / "data" / "entities" / f"{entity['id']}.json")
        jsonschema.validate(record, schema("entity.schema.json"))


def test_every_facts_csv_row_validates(built: Path):
    raw = (built / "data" / "facts.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == len(load(built / "data" / "facts.json"))
    for row in rows:
        jsonschema.validate(row, schema("facts-csv.schema.json"))


def test_facts_csv_has_a_header_and_crlf_line_ends(built: Path):
    raw = (built / "data" / "facts.csv").read_bytes()
    assert raw.split(b"\r\n")[0].decode() == ",".join(CSV_COLUMNS)
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_csv_rows_match_the_json_records(built: Path):
    facts = {f["id"]: f for f in load(built / "data" / "facts.json")}
    text = (built / "data" / "facts.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text, newline="")):
        fact = facts[row["id"]]
        assert row["url"] == fact["url"]
        assert row["sources"].split() == [s["url"] for s in fact["sources"]]
        assert row["date_reported"] == str(fact["date"]["reported"]).lower()


def test_the_site_carries_the_schemas_it_was_built_with(built: Path):
    for name in SCHEMAS:
        assert (built / "data" / "schema" / name).read_bytes() == (SCHEMA_DIR / name).read_bytes()


def test_the_data_page_links_every_export_and_schema(built: Path):
    html = (built / "data" / "index.html").read_text(encoding="utf-8")
    for target in (
        "entities.json",
        "facts.json",
        "facts.csv",
        "entities/acme.json",
        "factsheets.db",
        "factsheets.metadata.json",
        *(f"schema/{name}" for name in SCHEMAS),
    ):
        assert f'href="{target}"' in html, target


def test_every_page_links_the_data_page(built: Path):
    for page in ("index.html", "companies/acme/index.html", "timeline/index.html"):
        assert "data/index.html" in (built / page).read_text(encoding="utf-8"), page


# --- what the exports say ----------------------------------------------------------------------------


def test_key_figure_history_ends_with_the_key_figure(built: Path):
    globex = load(built / "data" / "entities" / "globex.json")
    assert globex["key_figures"]
    for figure in globex["key_figures"]:
        assert figure["history"][-1] == figure["fact"]


def test_facts_keep_the_kind_of_claim(built: Path):
    stock = [f for f in load(built / "data" / "facts.json") if f["kind"] == "stock"]
    assert {f["quantity"]["qualifier"] for f in stock} == {"about"}


def test_first_reported_is_the_earliest_source(built: Path):
    for fact in load(built / "data" / "facts.json"):
        assert fact["first_reported"] == min(s["published"] for s in fact["sources"])


def dated(fact_id: str, date: str) -> SiteFact:
    quantity = Quantity(text="91", start=0, end=2, kind="count", value=91, unit="data centres")
    report = Fact(
        id=fact_id,
        kind="metric",
        subject="acme",
        object=None,
        quantity=quantity,
        date=FactDate(value=date),
        statement="91 data centres",
        sentence="It has 91 data centres.",
        article=f"article-{fact_id}",
        anchor=f"fact-{fact_id}",
        ordinal=0,
        annotated=True,
    )
    return SiteFact(
        id=fact_id,
        kind="metric",
        subject="acme",
        object=None,
        quantity=quantity,
        date=FactDate(value=date),
        statement="91 data centres",
        sources=[report],
    )


def test_the_same_figure_on_different_days_is_a_date_conflict():
    (conflict,) = find_conflicts({"a": dated("a", "2025-09-18"), "b": dated("b", "2025-09-24")})
    assert (conflict.field, sorted(conflict.values)) == ("date", ["2025-09-18", "2025-09-24"])


def test_dates_at_different_precision_do_not_conflict():
    assert find_conflicts({"a": dated("a", "2025-09"), "b": dated("b", "2025-09-18")}) == []


# --- the demo site (content/) -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "content", site / "content")
    return build_into(site)


def test_demo_has_a_fact_with_several_sources_shown_on_its_sheet(demo: Path):
    facts = load(demo / "data" / "facts.json")
    merged = [f for f in facts if f["source_count"] >= 2]
    assert merged
    page, anchor = merged[0]["url"].split("#")
    html = (demo / page / "index.html").read_text(encoding="utf-8")
    entry = html.split(f'<li id="{anchor}"', 1)[1].split('<li id="fact-', 1)[0]
    assert entry.count('<li class="source-') >= 2  # a quotation or a summary, one per article


def test_demo_has_a_conflict_named_in_facts_json_and_on_the_sheet(demo: Path):
    facts = load(demo / "data" / "facts.json")
    conflicted = [f for f in facts if f["conflicts"]]
    assert conflicted
    conflict = conflicted[0]["conflicts"][0]
    assert len(set(conflict["values"])) >= 2
    html = (demo / conflicted[0]["url"].split("#")[0] / "index.html").read_text(encoding="utf-8")
    assert 'class="conflict"' in html
    jsonschema.validate(facts, schema("facts.schema.json"))
