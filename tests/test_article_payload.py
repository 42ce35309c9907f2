"""The payload of a stored article: places rebuilt by their constructor (not field by field), entries written
before that still read back, and a class the cache does not know still refused."""

from __future__ import annotations

import io
import pickle
import sqlite3
from pathlib import Path

import pytest

from generator.cache.articles import ArticleCache, ArticleResult, _DataUnpickler, _Entry, _pickled, _unpickled
from generator.cache.files import CACHE_FOLDER
from generator.cache.store import STORE_FILE, checksum
from generator.errors import Location, Problem
from generator.model import AnalysedArticle, Article, Mention, OffsetMap, Source


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


def _head(slug: str, named: list[str]) -> ArticleResult:
    """An article's head as the store keeps it: one mention of each entity it names, with no words."""
    path = f"content/articles/{slug}.md"
    article = Article(
        slug=slug,
        path=path,
        title=slug,
        language="en",
        source=Source(publisher="p", url="https://example.org/", published="2024-01-01"),
        summary="",
        text="",
        body_start=0,
        body_line=1,
        plain="",
        plain_map=OffsetMap(),
        annotations=[],
        content_hash="0",
    )
    mentions = [Mention(text="", start=0, end=0, id=i, kind=None) for i in named]
    return ArticleResult(path, article, analysed=AnalysedArticle(slug=slug, facts=[], mentions=mentions))


def test_entries_read_back_share_the_mention_naming_an_entity(tmp_path: Path):
    cache = _cache(tmp_path)
    keys = [cache.key(slug.encode(), f"{slug}.md") for slug in ("one", "two")]
    cache.put(keys[0], _head("one", ["acme", "globex"]))
    cache.put(keys[1], _head("two", ["globex"]))
    cache.close()
    found = _cache(tmp_path).get_many(keys)
    one, two = (found[key].analysed.mentions for key in keys)
    assert one == _head("one", ["acme", "globex"]).analysed.mentions
    assert one[1] is two[0]


def test_a_mention_with_words_a_place_or_a_kind_is_read_back_as_its_own():
    named = Mention(text="", start=0, end=0, id="acme", kind=None)
    others = [
        Mention(text="Acme", start=4, end=8, id="acme", kind=None),
        Mention(text="", start=0, end=0, id="acme", kind="company"),
    ]
    first, *rest = _unpickled(_pickled([named, *others]), "k")
    assert rest == others and all(m is not first for m in rest)


def test_a_named_mention_of_something_other_than_an_id_is_a_miss(tmp_path: Path):
    cache = _cache(tmp_path)
    key = cache.key(b"text", "a.md")
    cache.put(key, _head("one", ["acme"]))
    cache.close()
    with sqlite3.connect(tmp_path / CACHE_FOLDER / STORE_FILE) as connection:
        (payload,) = connection.execute("SELECT payload FROM articles").fetchone()
        planted = payload.replace(b"\x8c\x04acme", b"K\x07" + b"\x00" * 4)  # the id made an int
        assert planted != payload
        connection.execute("UPDATE articles SET payload = ?, checksum = ?", (planted, checksum(planted)))
    connection.close()
    assert _cache(tmp_path).get(key) is None
