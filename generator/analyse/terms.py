"""Lexicon phrases found in a Doc in one PhraseMatcher pass, then looked up by where they start or end.

The quantity, date and fact components assemble their results around anchors (a number, a month name) by
asking "which phrase of category X starts right here / ends right here?"; this keeps their work linear in
the number of anchors instead of running a pattern per token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc


class Terms:
    """A set of phrases, each with a category and a payload (a currency code, a scale factor …)."""

    def __init__(self, nlp: Language, attr: str = "LOWER"):
        self._nlp = nlp
        self._matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self._payloads: dict[int, tuple[str, Any]] = {}
        self._seen: set[tuple[str, str, str]] = set()

    def add(self, category: str, payload: Any, phrases: Iterable[str]) -> None:
        key = f"{category}|{payload}"
        fresh = []
        for phrase in phrases:
            phrase = phrase.strip()
            if phrase and (category, str(payload), phrase.lower()) not in self._seen:
                self._seen.add((category, str(payload), phrase.lower()))
                fresh.append(phrase)
        if not fresh:
            return
        self._payloads[self._nlp.vocab.strings.add(key)] = (category, payload)
        patterns = [self._pattern(phrase) for phrase in fresh]
        # "Sept." or "approx." may be one token (a tokenizer exception) or two ("sept" "."): match both.
        patterns += [Doc(self._nlp.vocab, words=[p]) for p in fresh if p.endswith(".") and " " not in p]
        self._matcher.add(key, patterns)

    def _pattern(self, phrase: str) -> Doc:
        if phrase[-1] in "'’":
            # An elided word ("l'", "dell'") is split off only when a word follows it, as in running text.
            return self._nlp.make_doc(phrase + "a")[:-1].as_doc()
        return self._nlp.make_doc(phrase)

    def find(self, doc: Doc) -> Found:
        return Found(self, doc)


class Found:
    """The phrases of one Doc, indexed by start and by end token."""

    def __init__(self, terms: Terms, doc: Doc):
        self.starting: dict[int, list[tuple[int, str, Any]]] = defaultdict(list)
        self.ending: dict[int, list[tuple[int, str, Any]]] = defaultdict(list)
        payloads = terms._payloads
        for match_id, start, end in terms._matcher(doc):
            category, payload = payloads[match_id]
            self.starting[start].append((end, category, payload))
            self.ending[end].append((start, category, payload))

    def at(self, i: int, *categories: str) -> tuple[int, str, Any] | None:
        """The longest phrase of one of `categories` that starts at token i: (end, category, payload)."""
        best = None
        for found in self.starting.get(i, ()):
            if found[1] in categories and (best is None or found[0] > best[0]):
                best = found
        return best

    def before(self, j: int, *categories: str) -> tuple[int, str, Any] | None:
        """The longest phrase of `categories` that ends right before token j: (start, category, payload)."""
        best = None
        for found in self.ending.get(j, ()):
            if found[1] in categories and (best is None or found[0] < best[0]):
                best = found
        return best

    def covered(self, *categories: str) -> set[int]:
        """Every token inside a phrase of one of `categories`."""
        tokens: set[int] = set()
        for start, items in self.starting.items():
            for end, category, _ in items:
                if category in categories:
                    tokens.update(range(start, end))
        return tokens
