"""Mentions of entities: the registry's names and aliases, and capitalised names it does not know.

An entity ruler built from the registry: each name and alias is tokenised with the pipeline's own tokenizer
and matched case-insensitively, but a match counts only when it is written as registered or starts with a
capital ("NVIDIA", "OpenAi" yes; "oracle" in "an oracle" no). The longest match wins ("Alibaba Cloud" over
"Alibaba"); after a person is named in full, the surname alone refers to them. Capitalised words that are
no registry name become mentions without an id: proposals for new entities.

Results are `doc.ents`: registry mentions carry the entity kind as label and the id as `kb_id_`; proposals
have the label NAME and no id. Entities found by a trained NER that runs before this component are kept
(without an id) where they do not overlap a registry mention.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import srsly
from babel.dates import get_day_names, get_month_names
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_STOP, IS_TITLE, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from generator.analyse import lexicon
from generator.analyse.rules import longest_first
from generator.model import Entity

if TYPE_CHECKING:
    import numpy  # the arrays spaCy's Doc.to_array returns

log = logging.getLogger(__name__)

UNKNOWN_LABEL = "NAME"
# What a trained NER's labels (OntoNotes for English, WikiNER for Italian) mean as entity kinds; other labels
# (DATE, MONEY, CARDINAL …) are left to the rule-based components.
NER_KINDS = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "PRODUCT": "product",
    "EVENT": "event",
}
_CONNECTORS = {"of", "de", "di", "del", "della", "dei", "degli", "d'", "d’", "von", "van", "der", "&"}


@Language.factory("factsheets_mentions", default_config={"propose_unknown": True})
def make_mention_finder(nlp: Language, name: str, propose_unknown: bool) -> MentionFinder:
    """Link registry names in the text to entity ids; propose unknown capitalised names."""
    return MentionFinder(nlp, name, propose_unknown)


class MentionFinder:
    """The `factsheets_mentions` component. Call `add_entities` with the registry before use."""

    def __init__(self, nlp: Language, name: str = "factsheets_mentions", propose_unknown: bool = True):
        self.nlp = nlp
        self.name = name
        self.language = nlp.lang
        self.propose_unknown = propose_unknown
        self.records: list[dict] = []  # {"id", "kind", "names"}: what to_disk saves
        dates = {get_month_names("wide", "format", self.language)[m] for m in range(1, 13)}
        dates |= {get_day_names("wide", "format", self.language)[d] for d in range(7)}
        not_names = {w.lower() for w in dates} | {w.lower() for w in lexicon.NOT_NAMES[self.language]}
        # Compared by their string ids, as a token's LOWER attribute is stored.
        self._not_names = frozenset(get_string_id(w) for w in not_names)
        self._connectors = frozenset(get_string_id(w) for w in _CONNECTORS)
        self._hyphen = get_string_id("-")
        self._compile()

    # --- the registry ------------------------------------------------------------------------------------

    def set_entities(self, entities: Iterable[Entity]) -> None:
        """Replace the registry with `entities`."""
        self.records = []
        self.add_entities(entities)

    def add_entities(self, entities: Iterable[Entity]) -> None:
        """Add the registry's entities (their names and aliases in this pipeline's language)."""
        for entity in entities:
            self.records.append({"id": entity.id, "kind": entity.kind, "names": entity.names(self.language)})
        self._compile()

    def _compile(self) -> None:
        vocab = self.nlp.vocab
        self._names = PhraseMatcher(vocab, attr="LOWER")
        self._surnames = PhraseMatcher(vocab, attr="ORTH")
        self._kinds = {r["id"]: r["kind"] for r in self.records}
        self._exact: set[str] = set()
        ids_by_name: dict[str, list[str]] = {}
        patterns: dict[str, object] = {}
        for record in self.records:
            for name in record["names"]:
                tokens = self.nlp.make_doc(name)
                key = " ".join(t.lower_ for t in tokens)
                if not key:
                    continue
                self._exact.add(tokens.text)
                ids = ids_by_name.setdefault(key, [])
                if record["id"] not in ids:
                    ids.append(record["id"])
                patterns[key] = tokens
        self._ids: dict[int, list[str]] = {}
        for key, tokens in patterns.items():
            self._ids[vocab.strings.add("name:" + key)] = sorted(ids_by_name[key])
            self._names.add("name:" + key, [tokens])
        self._surname_ids: dict[int, str] = {}
        for record in self.records:
            if record["kind"] != "person":
                continue
            tokens = self.nlp.make_doc(record["names"][0])  # the entity's own name comes first
            if len(tokens) < 2 or not tokens[-1].is_title or tokens[-1].lower_ in ids_by_name:
                continue  # a surname that is also somebody's full name is left to the name matcher
            key = f"surname:{record['id']}"
            self._surname_ids[vocab.strings.add(key)] = record["id"]
            self._surnames.add(key, [tokens[-1:].as_doc()])

    # --- finding mentions --------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        candidates = []
        for match_id, start, end in self._names(doc):
            text = doc[start:end].text
            if text in self._exact or text[:1].isupper():
                candidates.append((start, end, self._ids[match_id]))
        chosen = longest_first(candidates, _bounds)
        mentions: list[Span] = []
        first_seen: dict[str, int] = {}
        for start, end, ids in chosen:
            entity_id = self._choose(doc[start:end].text, ids, first_seen)
            first_seen.setdefault(entity_id, start)
            mentions.append(Span(doc, start, end, label=self._kinds[entity_id], kb_id=entity_id))
        taken = {t for m in mentions for t in range(m.start, m.end)}
        for match_id, start, end in self._surnames(doc):
            entity_id = self._surname_ids[match_id]
            if first_seen.get(entity_id, len(doc)) < start and start not in taken:
                mentions.append(Span(doc, start, end, label="person", kb_id=entity_id))
                taken.add(start)
        for ent in doc.ents:  # a trained NER's findings, where the registry has nothing to say
            if ent.label_ in NER_KINDS and not any(t in taken for t in range(ent.start, ent.end)):
                mentions.append(Span(doc, ent.start, ent.end, label=ent.label_))
                taken.update(range(ent.start, ent.end))
        if self.propose_unknown:
            mentions.extend(self._proposals(doc, taken))
        doc.ents = sorted(mentions, key=lambda s: s.start)
        return doc

    def _choose(self, text: str, ids: list[str], first_seen: dict[str, int]) -> str:
        if len(ids) == 1:
            return ids[0]
        exact = [i for i in ids if text in {n for r in self.records if r["id"] == i for n in r["names"]}]
        seen = [i for i in (exact or ids) if i in first_seen]
        if seen:  # the entity the article already talks about
            return min(seen, key=first_seen.__getitem__)
        log.debug("'%s' may be any of %s; linked to %s", text, ids, (exact or ids)[0])
        return (exact or ids)[0]

    def _proposals(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Runs of capitalised words the registry does not know: "Jensen Huang", "Banca d'Italia"."""
        if not len(doc):
            return []
        rows = doc.to_array(_PROPOSAL_ATTRS)
        lower = rows[:, _LOWER].tolist()  # Python ints: hashes compare with the sets' as they are
        groups: list[list[int]] = []
        for i in _name_like(rows).tolist():
            if i in taken or lower[i] in self._not_names:
                continue
            if groups:
                last = groups[-1][-1]
                if i == last + 1 or (i == last + 2 and self._joins(doc, lower[last + 1], last)):
                    groups[-1].append(i)
                    continue
            groups.append([i])
        spans = []
        for group in groups:
            start, end = group[0], group[-1] + 1
            if end - start == 1 and doc[start].is_sent_start:
                continue  # one capitalised word opening a sentence may be any word
            spans.append(Span(doc, start, end, label=UNKNOWN_LABEL))
        return spans

    def _joins(self, doc: Doc, lower: int, last: int) -> bool:
        """Whether the one token after `last` (whose LOWER is `lower`) joins two capitalised words into one
        name: a connector ("di", "of", "&") or a hyphen written without spaces ("Hewlett-Packard")."""
        if lower in self._connectors:
            return True
        return lower == self._hyphen and not doc[last].whitespace_ and not doc[last + 1].whitespace_

    # --- serialisation: a saved pipeline keeps its registry --------------------------------------------

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.json_dumps({"records": self.records, "propose_unknown": self.propose_unknown}).encode(
            "utf-8"
        )

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> MentionFinder:
        content = srsly.json_loads(data.decode("utf-8"))
        self.records = content["records"]
        self.propose_unknown = content["propose_unknown"]
        self._compile()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(
            path / "registry.json", {"records": self.records, "propose_unknown": self.propose_unknown}
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> MentionFinder:
        content = srsly.read_json(ensure_path(path) / "registry.json")
        self.records = content["records"]
        self.propose_unknown = content["propose_unknown"]
        self._compile()
        return self


# A proposal's words, read for the whole Doc as one array (a Matcher would build a Token for every token):
# a capitalised word that is no stop word, or a title-case token that is not a word, a number, punctuation or
# space ("McKinsey", "G7").
_PROPOSAL_ATTRS = [IS_ALPHA, IS_LOWER, IS_STOP, IS_TITLE, LIKE_NUM, IS_PUNCT, IS_SPACE, LOWER]
_LOWER = 7


def _name_like(rows: numpy.ndarray) -> numpy.ndarray:
    """The indexes of the tokens that may be part of a name, in order."""
    alpha, lower, stop, title, number, punct, space = (rows[:, k].astype(bool) for k in range(7))
    word = alpha & ~lower & ~stop
    other = title & ~alpha & ~number & ~punct & ~space
    return (word | other).nonzero()[0]


def _bounds(candidate: tuple[int, int, list[str]]) -> tuple[int, int]:
    return candidate[0], candidate[1]
