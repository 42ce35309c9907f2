"""A fact's formatted references and provenance line are HTML made without Markup's Python formatter."""

from __future__ import annotations

import random

from markupsafe import Markup, escape

from generator.render import citations
from generator.render.citations import marked_html, provenance_html


def _marked_by_format(text: str) -> Markup:
    """`marked_html` as Markup's own formatting and joining write it: what it must equal."""
    pieces, last = [], 0
    for match in citations._MARKED.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        shape, date = match.groups()
        pieces.append(Markup('<span class="access-date" data-date-format="{}">{}</span>').format(shape, date))
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def _provenance_by_format(pieces: list[tuple[str, str]]) -> Markup:
    return Markup("").join(
        Markup('<a href="{}" rel="external">{}</a>').format(link, text) if link else escape(text)
        for text, link in pieces
    )


def _texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = [
        *"<>&\"' aé",
        citations._MARK.format("long", "26 <September> 2025"),
        citations._MARK.format("iso", ""),
    ]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(2_000)]


def test_marked_html_equals_markup_formatting():
    for text in _texts(1):
        html = marked_html(text)
        assert type(html) is Markup and html == _marked_by_format(text), text


def test_provenance_html_equals_markup_formatting():
    texts = _texts(2)
    for n in range(0, len(texts) - 6, 3):
        pieces = [(texts[n], ""), (texts[n + 1], texts[n + 2]), (texts[n + 3], "https://e.org/?a=1&b=<2>")]
        html = provenance_html(pieces)
        assert type(html) is Markup and html == _provenance_by_format(pieces)


def test_no_markup_template_is_formatted_for_a_fact(monkeypatch):
    def refused(self, *args, **kwargs):
        raise AssertionError("Markup.format")

    monkeypatch.setattr(Markup, "format", refused)
    marked = citations._MARK.format("long", "26 September 2025")
    assert marked_html(f"Desk & Co, accessed {marked}.") == Markup(
        'Desk &amp; Co, accessed <span class="access-date" data-date-format="long">26 September 2025</span>.'
    )
    assert provenance_html([("As reported by ", ""), ("https://e.org/a", "https://e.org/a"), (".", "")]) == (
        Markup('As reported by <a href="https://e.org/a" rel="external">https://e.org/a</a>.')
    )
