"""The fact digests and the page memo keep one checksum of all their rows in their head: rows written over
a build's changes read back whole, and any row changed, added or gone discards them all."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from generator.cache.store import STORE_FILE, Store

FACTS = {"f1": ("d1", "e1", "g1"), "f2": ("d2", "e2", "g2"), "f3": ("d3", "é3", "g3")}
ARTICLES = {"a": ("token-a", "f1 f2", "meta"), "b": ("token-b", "f3", "meta")}
NONE: tuple[str, dict, dict] = ("", {}, {})


def _store(tmp_path: Path) -> tuple[Store, bytes]:
    return Store(tmp_path / "cache"), os.fsencode(tmp_path / "_site")


def test_fact_digests_written_over_the_kept_ones_read_back_whole(tmp_path: Path):
    store, output = _store(tmp_path)
    store.put_fact_digests(output, "one", ("base", FACTS, ARTICLES), NONE, None)
    kept = store.fact_digests(output, "one")
    assert kept == ("base", FACTS, ARTICLES)
    facts = {**FACTS, "f2": ("changed", "e2", "g2"), "f0": ("d0", "e0", "g0")}
    del facts["f3"]
    articles = {"a": ("token-a", "f0 f1 f2", "meta")}
    assert store.put_fact_digests(output, "two", ("base", facts, articles), kept, "one") == 5
    assert store.fact_digests(output, "two") == ("base", facts, articles)
    store.close()


def _damage(tmp_path: Path, statement: str) -> None:
    with sqlite3.connect(tmp_path / "cache" / STORE_FILE) as connection:
        assert connection.execute(statement).rowcount == 1


def test_a_fact_digest_row_gone_discards_them_all(tmp_path: Path):
    store, output = _store(tmp_path)
    store.put_fact_digests(output, "one", ("base", FACTS, ARTICLES), NONE, None)
    _damage(tmp_path, "DELETE FROM fact_digests WHERE fact = 'f2'")  # no row of its own to check: still seen
    assert store.fact_digests(output, "one") == NONE
    store.close()


def test_a_fact_digest_row_added_discards_them_all(tmp_path: Path):
    store, output = _store(tmp_path)
    store.put_fact_digests(output, "one", ("base", FACTS, ARTICLES), NONE, None)
    _damage(
        tmp_path,
        "INSERT INTO fact_articles SELECT output, 'c', token, facts, meta FROM fact_articles LIMIT 1",
    )
    assert store.fact_digests(output, "one") == NONE
    store.close()


def test_a_page_memo_row_gone_discards_them_all(tmp_path: Path):
    store, output = _store(tmp_path)
    pages = {"a/index.html": ("shape", "key"), "b/index.html": ("shape", "key")}
    store.put_page_memo(output, "one", ("site", "generation", pages), ("", "", {}), None)
    assert store.page_memo(output, "one") == ("site", "generation", pages)
    _damage(tmp_path, "DELETE FROM page_memo WHERE path = 'b/index.html'")
    assert store.page_memo(output, "one") == ("", "", {})
    store.close()
