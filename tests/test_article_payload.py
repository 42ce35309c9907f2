"""The payload of a stored article: places rebuilt by their constructor (not field by field), entries written
before that still read back, and a class the cache does not know still refused."""

from __future__ import annotations

import io
import pickle
import sqlite3
from pathlib import Path

import pytest

from generator.cache.articles import ArticleCache, ArticleResult, _DataUnpickler, _Entry
from generator.cache.files import CACHE_FOLDER
from generator.cache.store import STORE_FILE, checksum
from generator.errors import Location, Problem


def _result() -> ArticleResult:
    path = "content/articles/x.md"
    return ArticleResult(path, None, [Problem(Location(path, 3, 7), "code", "message", "hint")])


def _cache(tmp_path: Path) -> ArticleCache:
    return ArticleCache(tmp_path / CACHE_FOLDER / "articles" / "r", "f")


def test_a_place_is_read_back_by_its_constructor(tmp_path: Path, monkeypatch):
    cache = _cache(tmp_path)
    key = cache.key(b"text", "a.md")
    cache.put(key, _result())
    cache.close()

    def field_by_field(self, state):
        raise AssertionError("a Location rebuilt field by field")

    monkeypatch.setattr(Location, "__setstate__", field_by_field)
    assert _cache(tmp_path).get(key) == _result()


def test_an_entry_written_field_by_field_still_reads_back(tmp_path: Path):
    cache = _cache(tmp_path)
    key = cache.key(b"text", "a.md")
    cache.put(key, _result())
    cache.close()
    older = pickle.dumps(_Entry(key, _result()), protocol=pickle.HIGHEST_PROTOCOL)  # the plain pickler's form
    with sqlite3.connect(tmp_path / CACHE_FOLDER / STORE_FILE) as connection:
        connection.execute("UPDATE articles SET payload = ?, checksum = ?", (older, checksum(older)))
    connection.close()
    assert _cache(tmp_path).get(key) == _result()


@pytest.mark.parametrize("name", [("os", "system"), ("builtins", "eval"), ("generator.errors", "shown_path")])
def test_a_class_not_allowed_is_refused(name: tuple[str, str]):
    with pytest.raises(pickle.UnpicklingError):
        _DataUnpickler(io.BytesIO(b"")).find_class(*name)
