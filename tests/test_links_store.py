"""Each article's links kept in the store as a row of its own: a rebuild writes only the rows of the articles
that changed, deletes those of the articles gone, and reads again the links of any row it cannot use."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from generator import consistency
from generator.cache.files import cache_folder
from generator.cache.links import links_from_bytes, links_to_bytes
from generator.cache.store import STORE_FILE, Store, _links_checksum
from generator.cli import cli
from generator.errors import Location
from tests.test_incremental import _contents, _edit, _rebuild

IT = "content/articles/acme-globex-it.md"
EN = "content/articles/acme-globex.md"


def test_an_articles_links_read_back_as_written():
    links = [(Location("a.md", 3, 7), "tel:1", None, "tel"), (Location("a.md", 4, 1), "b.md", "b", None)]
    assert links_from_bytes("a.md", links_to_bytes("a.md", links)) == links
    assert links_from_bytes("a.md", links_to_bytes("a.md", [])) == []


@pytest.mark.parametrize(
    "foreign", [b"not json", b'{"a": 1}', b'[[3, 7, "x", null]]', b'[["3", 7, "x", null, null]]', b"[[1]]", 5]
)
def test_a_links_row_not_of_this_program_reads_as_none(foreign: object):
    assert links_from_bytes("a.md", foreign) is None


def test_links_placed_in_another_file_are_not_kept():
    assert links_to_bytes("a.md", [(Location("b.md", 1, 1), "x.md", "x", None)]) is None


@pytest.fixture
def linked(site: Path, runner, monkeypatch) -> Path:
    """The fixture site with an unsafe link in the Italian article, built once."""
    monkeypatch.chdir(site)
    other = site / IT
    other.write_text(other.read_text(encoding="utf-8") + "\nVedi [qui](tel:+390000).\n", "utf-8")
    assert "unsafe-link" in _rebuild(runner, "--no-search").output
    return site


def _rows(site: Path) -> dict[str, tuple[str, bytes]]:
    with sqlite3.connect(cache_folder((site / "content").resolve()) / STORE_FILE) as connection:
        rows = connection.execute("SELECT path, digest, payload FROM article_links").fetchall()
    connection.close()
    return {path: (digest, payload) for path, digest, payload in rows}


def _written(monkeypatch) -> list[tuple[set[str], set[str]]]:
    """(paths written, paths deleted) of each write of links rows from now on."""
    writes: list[tuple[set[str], set[str]]] = []
    original = Store.put_article_links

    def spy(store: Store, root: str, rows: dict, gone) -> int:
        gone = set(gone)
        writes.append((set(rows), gone))
        return original(store, root, rows, gone)

    monkeypatch.setattr(Store, "put_article_links", spy)
    return writes


def test_a_build_keeps_one_row_per_article(linked: Path):
    rows = _rows(linked)
    assert set(rows) == {IT, EN}
    assert rows[EN][1] == b"[]" and b"tel:+390000" in rows[IT][1]


def test_a_rebuild_writes_the_row_of_the_changed_article_only(linked: Path, runner, monkeypatch):
    before = _rows(linked)
    writes = _written(monkeypatch)
    _edit(linked, "told reporters", "told the press")
    _rebuild(runner, "--no-search")
    assert writes == [({EN}, set())]
    after = _rows(linked)
    assert after[IT] == before[IT] and after[EN][0] != before[EN][0]


def test_a_rebuild_with_no_article_changed_writes_no_row(linked: Path, runner, monkeypatch):
    writes = _written(monkeypatch)
    entity = linked / "content" / "entities" / "globex.yml"
    entity.write_text(entity.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _rebuild(runner, "--no-search")
    assert writes == []


def test_the_row_of_an_article_gone_is_deleted(linked: Path, runner, monkeypatch):
    copy = linked / "content" / "articles" / "acme-copy.md"
    shutil.copy(linked / IT, copy)
    _rebuild(runner, "--no-search")
    assert "content/articles/acme-copy.md" in _rows(linked)
    writes = _written(monkeypatch)
    copy.unlink()
    _rebuild(runner, "--no-search")
    assert writes == [(set(), {"content/articles/acme-copy.md"})]
    assert set(_rows(linked)) == {IT, EN}


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE article_links SET payload = CAST(replace(CAST(payload AS TEXT), 'tel', 'ftp') AS BLOB)",
        "UPDATE article_links SET digest = upper(digest)",
    ],
)
def test_a_damaged_row_is_read_again_and_written_anew(linked: Path, runner, monkeypatch, damage: str):
    with sqlite3.connect(cache_folder((linked / "content").resolve()) / STORE_FILE) as connection:
        connection.execute(damage + " WHERE path = ?", (IT,))
    connection.close()
    read: list[str] = []
    original = consistency._article_links
    monkeypatch.setattr(consistency, "_article_links", lambda a: read.append(a.path) or original(a))
    _edit(linked, "told reporters", "told the press")
    result = _rebuild(runner, "--no-search")
    assert sorted(read) == [IT, EN]  # the damaged row's article, and the changed one
    assert "tel:+390000" in result.output
    assert b"tel:+390000" in _rows(linked)[IT][1]
    _rebuild(runner, "--no-search", "--no-cache", "-o", "cold")
    assert _contents(linked / "_site") == _contents(linked / "cold")


def test_a_row_of_another_shape_with_a_matching_checksum_is_read_again(linked: Path, runner, monkeypatch):
    with sqlite3.connect(cache_folder((linked / "content").resolve()) / STORE_FILE) as connection:
        root, digest = connection.execute(
            "SELECT root, digest FROM article_links WHERE path = ?", (IT,)
        ).fetchone()
        payload = b'[[1, 1, "tel:+390000"]]'
        connection.execute(
            "UPDATE article_links SET payload = ?, checksum = ? WHERE path = ?",
            (payload, _links_checksum(root, IT, digest, payload), IT),
        )
    connection.close()
    read: list[str] = []
    original = consistency._article_links
    monkeypatch.setattr(consistency, "_article_links", lambda a: read.append(a.path) or original(a))
    result = runner.invoke(cli, ["build", "--no-search", "-o", "again"])
    assert result.exit_code == 0, result.output
    assert read == [IT] and "tel:+390000" in result.output
