"""A sheet's citation bundle works out each distinct URL and TeX value once, not once per entry and format."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.render import citations, formatting
from generator.render.citations import WEBPAGE, Reference, machine_formats


def _references(count: int) -> list[Reference]:
    return [
        Reference(
            key=f"acme:{n:04x}",
            type=WEBPAGE,
            title="Acme: Investment – Globex",  # many facts of a sheet share a title
            author="Fact Desk",
            publisher="Fact Desk",
            container_title="Facts",
            url="https://example.org/companies/acme/#fact-1",
            issued="2025-09-01",
            accessed="2025-09-02",
            version="2025.09.01",
            language="en",
            provenance="As reported by Wire, “Ünïcode”, https://exämple.org/a b.",
        )
        for n in range(count)
    ]


@pytest.fixture(autouse=True)
def empty_memos():
    for memo in (citations.uri, citations.tex_escape, formatting.format_iso_date):
        memo.cache_clear()
    yield
    for memo in (citations.uri, citations.tex_escape, formatting.format_iso_date):
        memo.cache_clear()


def test_each_url_is_made_a_uri_once(monkeypatch):
    split = Counter()
    urlsplit = citations.urlsplit
    monkeypatch.setattr(citations, "urlsplit", lambda url: split.update([url]) or urlsplit(url))
    expected = machine_formats(_references(1))
    bundle = machine_formats(_references(40))
    assert split == {"https://example.org/companies/acme/#fact-1": 1}
    assert bundle["ris"].count(expected["ris"].split("\r\n")[-3]) == 40  # each entry has its URL


def test_each_text_is_escaped_for_tex_once(monkeypatch):
    escaped = Counter()

    class Specials:
        def sub(self, replace, text):
            escaped.update([text])
            return citations._TEX_SPECIALS_PATTERN.sub(replace, text)

    monkeypatch.setattr(citations, "_TEX_SPECIALS_PATTERN", citations._TEX_SPECIALS, raising=False)
    monkeypatch.setattr(citations, "_TEX_SPECIALS", Specials())
    machine_formats(_references(40))
    assert escaped and set(escaped.values()) == {1}


def test_a_date_is_written_in_words_once_per_language(monkeypatch):
    written = Counter()
    skeleton = formatting.format_skeleton
    monkeypatch.setattr(
        formatting, "format_skeleton", lambda *a, **k: written.update([a[1]]) or skeleton(*a, **k)
    )
    first = [formatting.format_iso_date("2025-09-01", "en") for _ in range(5)]
    assert len(set(first)) == 1
    assert sum(written.values()) == 1
    formatting.format_iso_date("2025-09-01", "it")
    assert sum(written.values()) == 2
