"""data/factsheets.db: the facts as SQLite, the same as facts.json, the same bytes from the same content."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.render.data import CSV_COLUMNS
from generator.render.sqlite import DATABASE_NAME, QUERIES, TABLES
from tests.test_drafts import DRAFT_ARTICLE
from tests.test_provenance import write_both_kinds

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"


def build(site: Path, *options: str) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(site)
        result = CliRunner().invoke(cli, ["build", *options])
    assert result.exit_code == 0, result.output
    return site / "_site"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    # The fixture site with two summaries of reports beside its own-words article.
    return build(write_both_kinds(tmp_path_factory.mktemp("sqlite") / "site"))


@pytest.fixture
def db(built: Path):
    connection = sqlite3.connect(f"file:{built / 'data' / 'factsheets.db'}?mode=ro", uri=True)
    yield connection
    connection.close()


def facts_json(built: Path) -> list[dict]:
    return json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def test_the_database_has_every_documented_table_and_column(db):
    for table, (_, described, _) in TABLES.items():
        assert columns(db, table) == [name for name, _, _ in described], table


def test_the_facts_table_has_the_columns_of_facts_csv_first(db):
    assert columns(db, "facts")[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)


def test_the_facts_are_those_of_facts_json_in_the_same_order(built: Path, db):
    ids = [row[0] for row in db.execute("SELECT id FROM facts ORDER BY rowid")]
    assert ids == [f["id"] for f in facts_json(built)]


def test_there_is_a_source_row_for_each_source_of_facts_json(built: Path, db):
    expected = sorted((f["id"], s["article"], s["sentence"]) for f in facts_json(built) for s in f["sources"])
    assert sorted(db.execute("SELECT fact, article, sentence FROM sources")) == expected


def test_a_summary_names_the_reports_it_is_based_on(built: Path, db):
    expected = {
        (s["article"], r["publisher"], r["published"])
        for f in facts_json(built)
        for s in f["sources"]
        for r in s["based_on"]
    }
    assert len(expected) == 3  # the Italian summary names one report, the brief two
    assert set(db.execute("SELECT article, publisher, published FROM reports")) == expected


def test_a_fact_is_found_by_the_words_of_its_statement(built: Path, db):
    fact = facts_json(built)[0]
    word = max(fact["statement"].split(), key=len).strip(".,;:")
    found = [
        row[0]
        for row in db.execute(
            "SELECT id FROM facts WHERE rowid IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)",
            (f'"{word}"',),
        )
    ]
    assert fact["id"] in found


def test_the_full_text_indexes_match_their_tables(db):
    writable = sqlite3.connect(":memory:")
    db.backup(writable)  # integrity-check is written as an insert: run it on a copy
    for fts in ("facts_fts", "sources_fts"):
        writable.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")


def test_every_foreign_key_holds(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_database_is_a_rollback_journal_file_with_nothing_free(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0


def test_two_builds_write_the_same_bytes(built: Path, tmp_path: Path):
    again = build(write_both_kinds(tmp_path / "site"))  # a copy of its own: no cache to start from
    for name in ("factsheets.db", "factsheets.metadata.json"):
        assert (again / "data" / name).read_bytes() == (built / "data" / name).read_bytes(), name


def test_an_incremental_build_writes_what_a_build_without_cache_writes(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    build(site)
    article = site / "content" / "articles" / "acme-globex.md"
    text = article.read_text(encoding="utf-8")
    assert "told reporters" in text
    article.write_text(text.replace("told reporters", "told the press"), encoding="utf-8")
    incremental = build(site)
    # The edited content in a folder of its own: built without a cache. (Not with --no-cache: in one process
    # such a build reuses the language pipelines of the site built before it, whatever that site's registry.)
    fresh = tmp_path / "fresh"
    shutil.copytree(site / "content", fresh / "content")
    cold = build(fresh)
    assert (incremental / "data" / "factsheets.db").read_bytes() == (
        cold / "data" / "factsheets.db"
    ).read_bytes()


def test_the_metadata_describes_tables_and_columns_that_exist(built: Path, db):
    metadata = json.loads((built / "data" / "factsheets.metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"][DATABASE_NAME]["tables"]
    for table, entry in tables.items():
        present = set(columns(db, table))
        assert set(entry.get("columns", {})) <= present, table
        assert set(entry.get("facets", [])) <= present, table
        assert set(entry.get("sortable_columns", [])) <= present, table
    assert metadata["title"] and metadata["source_url"]


def test_the_canned_queries_run(db):
    for query in QUERIES.values():
        db.execute(query["sql"], {"entity": "acme", "words": "acme"}).fetchall()


def test_the_data_page_says_how_to_open_the_database(built: Path):
    html = (built / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="factsheets.db"' in html
    assert "datasette data/factsheets.db --metadata data/factsheets.metadata.json" in html


def test_figures_are_numbers_and_empty_cells_are_null(db):
    types = {row[0] for row in db.execute("SELECT typeof(value) FROM facts WHERE value IS NOT NULL")}
    assert types and types <= {"integer", "real"}
    assert db.execute("SELECT count(*) FROM facts WHERE object = '' OR unit = ''").fetchone() == (0,)


def test_the_readme_documents_every_table_and_column():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| `")}
    for table, (_, described, _) in TABLES.items():
        assert f"`{table}`" in rows, table
        for name, _, _ in described:
            assert f"`{name}`" in rows[f"`{table}`"].split("|")[3], f"{table}.{name}"


def test_a_drafts_build_marks_the_draft_facts_and_sources(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    (site / "content" / "articles" / "acme-plant.md").write_text(DRAFT_ARTICLE, encoding="utf-8")
    connection = sqlite3.connect(build(site, "--drafts") / "data" / "factsheets.db")
    try:
        drafts = connection.execute("SELECT statement FROM facts WHERE draft = 1").fetchall()
        draft_sources = connection.execute("SELECT sentence FROM sources WHERE draft = 1").fetchall()
    finally:
        connection.close()
    assert drafts == [("Acme Corp set out a plan of 300 robots",)]
    assert len(draft_sources) == 1 and "plant" in draft_sources[0][0]
