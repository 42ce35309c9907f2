"""Which cached analyses a change of the entity registry can reach.

An article's analysis reads the registry in two places only (the build never runs the registry-wide rules of
fact proposals: its pipelines are built with `candidates=False`):

- `read.articles.check_annotations`: whether each id its annotations name (`@`, `subject`, `object`) is an
  entity id or an entity file's stem;
- the mention finder: each entity's id, kind and names in the article's language, matched by spaCy's
  PhraseMatcher on the LOWER of each token, and the surname of each person (the last word of its first
  name), unless a one-word name of any entity is that word.

A match of a name implies two things of the text the pipeline read: the name with its whitespace removed and
casefolded is a part of that text with its whitespace removed and casefolded (`normalised`; casefold, not
lower, which reads a final sigma by its context, where spaCy lowers each token alone), and every word of the
name (its tokens' LOWER) is one of the text's words. So an analysis made under one registry holds under
another when no annotation id names an id that came or went, and no changed name (`Changes`) passes both
tests; each stored analysis keeps a `probe` of its article (the normalised text, its words and its ids) and
the registry it holds under, and the registries themselves are kept in the store (`Registry.payload`) to be
compared with the current one.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from generator.cache.digest import digest_of
from generator.model import LANGUAGES, Article, Entity

# The attributes whose values must be entity ids (`read.articles._ENTITY_KEYS`).
_ID_KEYS = ("@", "subject", "object")

# The words of each (language, name) as that language's pipeline reads them (the LOWER of each non-space
# token), or None when they cannot be had here: then only the substring test is made.
NameWords = Callable[[Collection[tuple[str, str]]], "dict[tuple[str, str], list[str] | None]"]


def normalised(text: str) -> str:
    """`text` casefolded, without whitespace: a name a pipeline matches in a text is a part of the text so."""
    return "".join(text.casefold().split())


@dataclass(frozen=True)
class Registry:
    """What the analysis of an article reads of the registry: the ids annotations may name, and per language
    each entity's kind and names (its own name first, as the surname rule reads it)."""

    ids: frozenset[str]
    names: dict[str, dict[str, tuple[str, tuple[str, ...]]]]  # language -> id -> (kind, names)

    @classmethod
    def of(cls, entities: Iterable[Entity], entity_ids: Collection[str]) -> Registry:
        entities = list(entities)
        return cls(
            frozenset(entity_ids),
            {lang: {e.id: (e.kind, tuple(e.names(lang))) for e in entities} for lang in LANGUAGES},
        )

    def payload(self) -> bytes:
        """The registry as canonical bytes (kept in the store; its digest is `stamp`)."""
        names = {
            lang: sorted([i, k, list(n)] for i, (k, n) in by_id.items()) for lang, by_id in self.names.items()
        }
        # ASCII JSON: a name YAML read from an escape may hold a lone surrogate, which UTF-8 cannot encode.
        return json.dumps({"ids": sorted(self.ids), "names": names}, sort_keys=True).encode()

    @property
    def stamp(self) -> str:
        return digest_of("registry", self.payload())

    @classmethod
    def from_payload(cls, payload: bytes) -> Registry | None:
        """The registry `payload` holds; None for bytes of any other shape."""
        try:
            data = json.loads(payload)
            ids = frozenset(_strings(data["ids"]))
            names = {
                lang: {_string(i): (_string(k), tuple(_strings(n))) for i, k, n in rows}
                for lang, rows in data["names"].items()
            }
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return cls(ids, names)


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _strings(values: object) -> list[str]:
    if not isinstance(values, list):
        raise TypeError("not a list")
    return [_string(v) for v in values]


@dataclass(frozen=True)
class Changes:
    """What changed from one registry to another: the ids that came or went, and per language the names whose
    matches may read otherwise."""

    ids: frozenset[str]
    names: dict[str, frozenset[str]]

    @property
    def none(self) -> bool:
        return not self.ids and not any(self.names.values())


def changes(old: Registry, new: Registry) -> Changes:
    """The changes from `old` to `new`. Per language, a changed name is one added or removed; every old and
    new name of an entity whose kind changed, that came or went (an id renamed, a file that no longer loads);
    and the old and new first name of an entity whose first name changed (the surname rule reads it)."""
    names = {}
    for lang in sorted(old.names.keys() | new.names.keys()):
        before, after = old.names.get(lang, {}), new.names.get(lang, {})
        changed: set[str] = set()
        for entity_id in before.keys() | after.keys():
            was, now = before.get(entity_id), after.get(entity_id)
            if was == now:
                continue
            if was is None or now is None or was[0] != now[0]:
                changed.update((was or ("", ()))[1], (now or ("", ()))[1])
                continue
            changed.update(set(was[1]) ^ set(now[1]))
            if was[1][:1] != now[1][:1]:
                changed.update(was[1][:1] + now[1][:1])
        names[lang] = frozenset(changed)
    return Changes(old.ids ^ new.ids, names)


def annotation_ids(article: Article | None) -> list[str]:
    """The ids the annotations of `article` name, as `check_annotations` tests them."""
    if article is None:
        return []
    return sorted({v for a in article.annotations for k in _ID_KEYS if isinstance(v := a.attrs.get(k), str)})


def probe(
    ids: list[str], language: str = "", readable: str | None = None, words: Iterable[str] = ()
) -> bytes:
    """What the tests read of an article: the ids its annotations name and, when it was analysed, its
    language, the text the pipeline read (normalised) and that text's words."""
    data = {"ids": ids}
    if readable is not None:
        data.update(language=language, text=normalised(readable), words=sorted(set(words)))
    return zlib.compress(json.dumps(data).encode(), 6)


@dataclass(frozen=True)
class _Probe:
    ids: frozenset[str]
    language: str | None  # None: not analysed (its read problems were errors)
    text: str
    words: frozenset[str]


def _read_probe(data: bytes) -> _Probe | None:
    try:
        fields = json.loads(zlib.decompress(data))
        ids = frozenset(_strings(fields["ids"]))
        if "text" not in fields:
            return _Probe(ids, None, "", frozenset())
        return _Probe(
            ids, _string(fields["language"]), _string(fields["text"]), frozenset(_strings(fields["words"]))
        )
    except (ValueError, TypeError, KeyError, AttributeError, zlib.error):
        return None


class Reach:
    """Whether changes may change an article's analysis, from its probe."""

    def __init__(self, found: Changes, name_words: NameWords):
        self.found = found
        self._name_words = name_words
        # Each changed name normalised once, not once per article.
        self._names = {lang: sorted((normalised(n), n) for n in names) for lang, names in found.names.items()}
        self._words: dict[tuple[str, str], list[str] | None] | None = None  # read when first needed

    def __call__(self, data: bytes | None) -> bool:
        """True when the changes may change the analysis of the article whose probe is `data` (and for no
        probe, or an unreadable one: the article is analysed again)."""
        read = _read_probe(data) if data is not None else None
        if read is None:
            return True
        if read.ids & self.found.ids:
            return True
        if read.language is None:  # not analysed (its read problems were errors): only its ids were read
            return False
        if read.language not in self._names:  # a language no registry knows: never cached as analysed
            return True
        for normal, name in self._names[read.language]:
            if normal in read.text:
                words = self._words_of(read.language, name)
                if words is None or all(w in read.words for w in words):
                    return True
        return False

    def _words_of(self, language: str, name: str) -> list[str] | None:
        if self._words is None:  # every changed name's at once (a tokenizer costs more than many names)
            self._words = self._name_words(
                [(lang, n) for lang, names in self._names.items() for _, n in names]
            )
        return self._words.get((language, name))
