"""The parts of a fact's entry that do not depend on the page, rendered once per fact and language.

A fact is listed in full on the sheet of its subject and of its object (their newest facts) and on the pages
of both sheets' facts by year or month. Apart from its statement, which leaves the page's own entity
unlinked, its entry (date, dates, disagreements, sources, citation) is the same markup on each of those
pages but for its relative links. So `_fact_entry.html`'s page-independent macros (`fact_head`,
`fact_details`) are rendered once per fact with a `link` that writes a mark around each target, and each
page puts its own relative links in (`FactParts.markup`): the bytes are those the macro would have written
on that page. A site whose own `_fact_entry.html` has no such macros simply renders every entry in full.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from markupsafe import Markup
from markupsafe import escape as markup_escape

from generator.render.environment import get_template

# Marks a link target in a part rendered once: text, target, text, target, … between these. A text that
# holds the mark itself is caught by `_pieces` and rendered on its page instead.
MARK = "\x00"
ENTRY_TEMPLATE = "_fact_entry.html"
PARTS = ("fact_head", "fact_details")  # the macros of `ENTRY_TEMPLATE` that are functions of the fact alone

# The parts kept are compressed with the text of the first facts' parts as zlib's preset dictionary: the
# markup they share compresses to almost nothing (1,000 synthetic articles: 17.3 MB of text kept in 2.0 MB).
DICTIONARY_FACTS = 16
DICTIONARY_BYTES = 32 * 1024  # zlib's window: what a preset dictionary can use
COMPRESSION = 1  # zlib's fastest level; the dictionary, not the level, makes the difference here

Pieces = tuple[str, ...]  # text, target, text, …, text: an odd number of pieces
Link = Callable[[str], str]


class FactParts:
    """The page-independent parts of fact entries: rendered for a page, or in advance and kept (`start`).

    `context` is what the macros read besides `link`: the model and the renderer's helpers. One object per
    renderer (so per language and build). What it keeps is held compressed (a few hundred bytes a part
    instead of 3–6 KB of text), since forked render workers share it with the build's process for the
    whole rendering: a preset dictionary made of the first parts kept does most of that.
    """

    def __init__(self, env, context: dict[str, Any]):
        self.env = env
        self.context = context
        self._kept: dict[tuple[str, str], bytes | None] = {}  # compressed text with marks; None: not split
        self._dictionary = b""
        self._coders: tuple[bytes, Any, Any] | None = None  # the dictionary, and coders primed with it
        self._module: Any = None
        self._targets: list[str] = []
        self.rendered = 0  # macro calls made here, for tests and logs

    def markup(self, link: Link, name: str, fact_id: str) -> Markup:
        """The part `name` of the fact's entry on the page whose links `link` makes."""
        key = (name, fact_id)
        if key in self._kept:
            kept = self._kept[key]
            pieces = None if kept is None else tuple(self._expand(kept).split(MARK))
        else:
            pieces = self.pieces(name, fact_id)
        if pieces is None:  # a text held the mark: rendered on this page, as the template would
            return self._macro(name, self._module_with(link))(fact_id)
        # Escaped as Jinja2 escapes what `{{ link(…) }}` prints.
        return Markup(
            "".join(piece if n % 2 == 0 else markup_escape(link(piece)) for n, piece in enumerate(pieces))
        )

    def pieces(self, name: str, fact_id: str) -> Pieces | None:
        """The part as pieces: text, target, text, …; None when a text holds the mark itself."""
        if self._module is None:
            self._module = self._module_with(self._placeholder)
        self._targets = []
        self.rendered += 1
        text = str(self._macro(name, self._module)(fact_id))
        return _pieces(text, self._targets)

    def available(self) -> bool:
        """Does the theme's `_fact_entry.html` have the parts (a site's own copy of it may not)?"""
        if self._module is None:
            self._module = self._module_with(self._placeholder)
        return all(hasattr(self._module, name) for name in PARTS)

    def start(self, fact_ids: Sequence[str]) -> None:
        """Render and keep the parts of the first few facts of `fact_ids`, their text the preset dictionary
        of everything kept from then on (call it before worker processes fork: they need the same)."""
        first = list(self._rendered_pieces(fact_ids[:DICTIONARY_FACTS]))
        sample = "".join(MARK.join(pieces) for _, _, pieces in first if pieces is not None)
        self._dictionary = sample.encode("utf-8")[-DICTIONARY_BYTES:]
        self.add((name, fact_id, self._kept_form(pieces)) for name, fact_id, pieces in first)

    def render_all(self, fact_ids: Iterable[str]) -> list[tuple[str, str, bytes | None]]:
        """Every part of each fact as (name, fact id, compressed text): what a worker hands back to `add`."""
        return [
            (name, fact_id, self._kept_form(pieces))
            for name, fact_id, pieces in self._rendered_pieces(fact_ids)
        ]

    def add(self, rendered: Iterable[tuple[str, str, bytes | None]]) -> None:
        """Keep parts rendered elsewhere (`render_all`, in a worker process)."""
        for name, fact_id, kept in rendered:
            self._kept[(name, fact_id)] = kept

    def kept_bytes(self) -> int:
        return sum(len(kept or b"") for kept in self._kept.values())

    def facts_kept(self) -> int:
        return len({fact_id for _, fact_id in self._kept})

    def _rendered_pieces(self, fact_ids: Iterable[str]) -> Iterator[tuple[str, str, Pieces | None]]:
        for fact_id in fact_ids:
            for name in PARTS:
                yield name, fact_id, self.pieces(name, fact_id)

    def _kept_form(self, pieces: Pieces | None) -> bytes | None:
        return None if pieces is None else self._shrink(MARK.join(pieces))

    def _shrink(self, text: str) -> bytes:
        packer = self._primed()[0].copy()
        return packer.compress(text.encode("utf-8")) + packer.flush()

    def _expand(self, kept: bytes) -> str:
        unpacker = self._primed()[1].copy()
        return (unpacker.decompress(kept) + unpacker.flush()).decode("utf-8")

    def _primed(self) -> tuple[Any, Any]:
        """A compressor and a decompressor set up with the preset dictionary, copied for each part: setting
        a dictionary of 32 KB costs four times what compressing a part does (the same bytes either way)."""
        if self._coders is None or self._coders[0] != self._dictionary:
            dictionary = self._dictionary
            packer = (
                zlib.compressobj(COMPRESSION, zdict=dictionary)
                if dictionary
                else zlib.compressobj(COMPRESSION)
            )
            unpacker = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
            self._coders = (dictionary, packer, unpacker)
        return self._coders[1], self._coders[2]

    def _placeholder(self, target: str) -> Markup:
        """`link` while a part is rendered for any page: the target between marks, resolved on each page."""
        self._targets.append(target)
        return Markup(f"{MARK}{target}{MARK}")

    def _module_with(self, link: Link) -> Any:
        template = get_template(self.env, ENTRY_TEMPLATE)
        return template.make_module({**self.context, "link": link})

    @staticmethod
    def _macro(name: str, module: Any) -> Callable[[str], Markup]:
        return getattr(module, name)


def _pieces(text: str, targets: list[str]) -> Pieces | None:
    """`text` split at the marks, if every mark is one that `link` wrote (else None)."""
    pieces = tuple(text.split(MARK))
    found = pieces[1::2]
    if len(pieces) % 2 == 0 or len(found) != len(targets) or sorted(found) != sorted(targets):
        return None
    return pieces
