"""Fact candidates: sentences that join registry entities with a figure or a word that signals a fact.

A sentence with at least one registry mention becomes a candidate when it holds a trigger word (the stems
and phrases of `lexicon.TRIGGER_STEMS`/`TRIGGER_PHRASES`) or a quantity. Its kind is the first trigger kind
in `lexicon.KIND_PRECEDENCE` ("metric" when only a figure speaks); the first entity is the subject, the
second the object, and the first quantity and date of the sentence are its amount and date.

This component also settles the proposals of unknown names: one that overlaps a quantity or a date ("Q3",
"Mld") is dropped, since the other components have read those words better.

Results: `doc._.factsheets_facts`, a list of dicts with kind, subject, object, quantity and date (indexes
into `doc.spans["factsheets_quantities"]` and `["factsheets_dates"]`) and sentence (its first token).
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from generator.analyse import lexicon
from generator.analyse.dates import SPANS_KEY as DATES_KEY
from generator.analyse.quantities import EXTENSION as QUANTITY
from generator.analyse.quantities import SPANS_KEY as QUANTITIES_KEY
from generator.analyse.terms import Found, Terms

log = logging.getLogger(__name__)

EXTENSION = "factsheets_facts"

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


@Language.factory("factsheets_candidates")
def make_candidate_finder(nlp: Language, name: str) -> CandidateFinder:
    """Propose facts from sentences that join entities with figures or fact words."""
    return CandidateFinder(nlp, name)


class CandidateFinder:
    """The `factsheets_candidates` component."""

    def __init__(self, nlp: Language, name: str = "factsheets_candidates"):
        self.name = name
        self.language = nlp.lang
        self.phrases = Terms(nlp)
        for phrase, kind in lexicon.TRIGGER_PHRASES[self.language].items():
            self.phrases.add("trigger", kind, [phrase])
        self._stems = [
            (kind, stem)
            for kind in lexicon.KIND_PRECEDENCE
            for stem in lexicon.TRIGGER_STEMS[self.language].get(kind, ())
        ]
        self._rank = {kind: rank for rank, kind in enumerate(lexicon.KIND_PRECEDENCE)}
        self._cache: dict[int, str | None] = {}  # lower-case form → kind, filled as words are met

    def __call__(self, doc: Doc) -> Doc:
        quantities = list(doc.spans[QUANTITIES_KEY]) if QUANTITIES_KEY in doc.spans else []
        dates = list(doc.spans[DATES_KEY]) if DATES_KEY in doc.spans else []
        read = {t for span in (*quantities, *dates) for t in range(span.start, span.end)}
        ents = [e for e in doc.ents if e.kb_id_ or not any(t in read for t in range(e.start, e.end))]
        if len(ents) != len(doc.ents):
            doc.ents = ents
        phrases = self.phrases.find(doc)
        facts = []
        q = d = e = 0
        for sentence in doc.sents:
            ids, e = _entity_ids(ents, e, sentence)
            in_sentence_q, q = _starting_in(quantities, q, sentence)
            in_sentence_d, d = _starting_in(dates, d, sentence)
            if not ids:
                continue
            kind = self._sentence_kind(sentence, phrases)
            if kind is None:
                if not any(_telling(quantities[i]) for i in in_sentence_q):
                    continue
                kind = "metric"
            facts.append(
                {
                    "kind": kind,
                    "subject": ids[0],
                    "object": ids[1] if len(ids) > 1 else None,
                    "quantity": in_sentence_q[0] if in_sentence_q else None,
                    "date": in_sentence_d[0] if in_sentence_d else None,
                    "sentence": sentence.start,
                }
            )
        doc._.set(EXTENSION, facts)
        return doc

    def _sentence_kind(self, sentence: Span, phrases: Found) -> str | None:
        best: str | None = None
        for token in sentence:
            if token.ent_iob_ != "O" and token.ent_kb_id_ or not token.is_alpha:
                continue  # names never signal a kind ("Intesa Sanpaolo" is a bank, not an agreement)
            kind = self._token_kind(token)
            if kind is not None and (best is None or self._rank[kind] < self._rank[best]):
                best = kind
            found = phrases.at(token.i, "trigger")
            if found is not None and (best is None or self._rank[found[2]] < self._rank[best]):
                best = found[2]
        return best

    def _token_kind(self, token: Token) -> str | None:
        if not (token.is_lower or token.is_sent_start):
            return None
        key = token.lower
        if key not in self._cache:
            lower = token.lower_
            self._cache[key] = next((kind for kind, stem in self._stems if lower.startswith(stem)), None)
        return self._cache[key]


def _entity_ids(ents: list[Span], e: int, sentence: Span) -> tuple[list[str], int]:
    """(registry ids named in `sentence`, in order, each once; index of the first entity after it).

    `e` is the index of the first entity not yet passed: sentences are visited in order, so the walk over
    the entities is one pass for the whole Doc.
    """
    ids: list[str] = []
    while e < len(ents) and ents[e].start < sentence.end:
        if ents[e].start >= sentence.start and ents[e].kb_id_ and ents[e].kb_id_ not in ids:
            ids.append(ents[e].kb_id_)
        e += 1
    return ids, e


def _starting_in(spans: list[Span], i: int, sentence: Span) -> tuple[list[int], int]:
    """(indexes of the spans from the i-th on that start in `sentence`, index of the first span after it)."""
    inside = []
    while i < len(spans) and spans[i].start < sentence.end:
        if spans[i].start >= sentence.start:
            inside.append(i)
        i += 1
    return inside, i


def _telling(quantity: Span) -> bool:
    """Whether a figure alone makes a sentence a fact: money, percentages, measures, large counts."""
    data = quantity._.get(QUANTITY)
    return data["kind"] != "count" or data["value"] is None or abs(data["value"]) >= 100
