"""The per-article cache: what reading and analysing one article gave, kept in the store between builds.

Each article file has one row in the store (`store.py`), under a key that hashes the file's bytes, its
path and the fingerprint of everything else the result depends on but the entity registry (this package's
code and version, spaCy's version, the fact kinds and the settings that reach the pipeline). A changed input
gives another key; the row of the article's older version is replaced, and rows no build used are pruned.

The registry is not in the key: a row records the registry its result holds under, and a build under
another registry analyses again only the articles its changes may reach (`registry_changes`), recording
the others under its own.

Entries are never trusted: the store checks each payload against the digest kept beside it (a bit flipped
is a miss), the payload is read with a loader that rebuilds only this package's data classes (a planted row
cannot run code), and checked against the key it was asked for. Anything unreadable, unexpected or corrupt
counts as a miss and is computed again; the cache never makes a build fail.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import io
import logging
import pickle
import sys
import time
from collections.abc import Collection, Container, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import __version__
from generator.cache.bodies import head_and_body
from generator.cache.digest import digest_of
from generator.cache.filestats import FileDigests
from generator.cache.registry_changes import NameWords, Reach, Registry, changes
from generator.cache.store import Store
from generator.cache.versions import code_digest
from generator.errors import Location, Problem
from generator.model import AnalysedArticle, Article, ArticleBody, Entity, Mention, SiteConfig

log = logging.getLogger(__name__)

FORMAT = 5  # bump when the layout of an entry changes


@dataclass
class ArticleResult:
    """Reading and analysing one article file: what later stages need, and every problem found."""

    path: str  # as shown in messages
    article: Article | None
    read_problems: list[Problem] = field(default_factory=list)
    analysed: AnalysedArticle | None = None  # None when the article has errors or was not analysed
    analysis_problems: list[Problem] = field(default_factory=list)
    # The store key of the article's body when `article` and `analysed` are its head (`bodies.py`); "" when
    # they are whole.
    body: str = ""
    # What tells whether a change of the registry reaches the result (`registry_changes.probe`): made with
    # it, kept in its row apart from it (b"" once stored).
    probe: bytes = b""


@dataclass
class _Entry:
    key: str
    result: ArticleResult


@dataclass
class _Body:
    key: str
    body: ArticleBody


def fingerprint(config: SiteConfig | None, fact_kinds: Collection[str]) -> str:
    """Everything besides the article file and the entity registry (`registry_changes`) that reading and
    analysing it depends on, as one digest."""
    parts = [
        f"format {FORMAT}",
        f"factsheets {__version__}",
        code_digest(),
        f"spacy {importlib.metadata.version('spacy')}",
        f"python {sys.version_info[:2]}",
        repr(sorted(fact_kinds)),
    ]
    if config is not None:
        parts.append(repr(sorted(config.pipeline.items())))
        if config.pipeline:
            import spacy.util  # only here: spaCy takes a while to import, and a fully cached build needs none

            for name in sorted(set(config.pipeline.values())):
                # A trained pipeline's version changes what its NER finds.
                parts.append(f"{name} {spacy.util.get_package_version(name)}")
    else:
        parts.append("no site.yml")
    return digest_of(*parts)


def linked_names(entities: list[Entity]) -> list[tuple]:
    """What reading and analysing an article reads of the registry: each entity's id, kind, name and aliases
    (the names the mention finder links to the id, in the registry's order).

    Not its description, infobox, file position or review state: editing those changes no analysis.
    """
    return [
        (e.id, e.kind, e.name, sorted((lang, list(names)) for lang, names in e.aliases.items()))
        for e in entities
    ]


# Only these classes may be rebuilt from an entry: data, never anything that runs code when built.
_ALLOWED = {
    (__name__, "ArticleResult"),
    (__name__, "_Entry"),
    (__name__, "_Body"),
    (__name__, "_named_mention"),
    ("generator.errors", "Location"),
    ("generator.errors", "Problem"),
    *(
        ("generator.model", name)
        for name in (
            "Article",
            "Source",
            "Report",  # a summary's `based_on`: without it no summary was ever read back
            "OffsetMap",
            "Annotation",
            "AnalysedArticle",
            "ArticleBody",
            "Fact",
            "FactDate",
            "Quantity",
            "Mention",
            "Sentence",
        )
    ),
}


class _DataPickler(pickle.Pickler):
    def reducer_override(self, obj: object):
        # A `Location` (a frozen dataclass with slots) is otherwise rebuilt by `dataclasses`' __setstate__,
        # field by field in Python; made by its constructor, reading an entry back takes a tenth less time.
        if type(obj) is Location:
            return Location, (obj.path, obj.line, obj.col)
        if type(obj) is Mention and _is_named(obj):
            return _named_mention, (obj.id,)
        return NotImplemented


def _is_named(mention: Mention) -> bool:
    """Whether `mention` only names its entity (no words, no place, no kind): what a head keeps of the
    mentions of each entity its article names (`bodies.head_and_body`)."""
    return (
        mention.text == ""
        and mention.start == 0
        and mention.end == 0
        and mention.kind is None
        and type(mention.id) is str
    )


@functools.lru_cache(maxsize=1 << 16)
def _named_mention(entity_id: str) -> Mention:
    """The one mention naming `entity_id` that every entry read back in this process shares. At 10,000
    articles the heads hold 366,000 of them, 37 per article: made once per entity, reading the entries back
    takes a third less time (1.00 -> 0.65 s) and the model holds 366,000 objects fewer. Nothing changes a
    mention once made; a cached call costs no Python frame."""
    if type(entity_id) is not str:  # a planted entry: a miss (only strings are ever cached)
        raise pickle.UnpicklingError("a named mention of something other than an id")
    return Mention(text="", start=0, end=0, id=entity_id, kind=None)


def _pickled(entry: object) -> bytes:
    buffer = io.BytesIO()
    _DataPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(entry)
    return buffer.getvalue()


def _unpickled(data: bytes | None, key: str) -> object | None:
    """What a stored blob holds, read with `_DataUnpickler`; None for no blob or corrupt bytes."""
    if data is None:
        return None
    try:
        return _DataUnpickler(io.BytesIO(data)).load()
    except Exception as error:  # corrupt bytes raise almost anything from inside pickle
        log.debug("ignoring corrupt stored bytes (key %s): %s", key, error)
        return None


class _DataUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        found = _allowed_classes().get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")
        return found


@functools.cache
def _allowed_classes() -> dict[tuple[str, str], type]:
    """The classes of `_ALLOWED`, looked up once (a build asks a dozen times per article, for 10,000)."""
    return {(module, name): getattr(importlib.import_module(module), name) for module, name in _ALLOWED}


class ArticleKeys:
    """The key of each article file by its shown path and digest, under one fingerprint: a preview server
    keeps them between its builds, which would otherwise hash 10,000 keys on every save. (The registry is
    not in the fingerprint: the keys outlive a change of it.)"""

    def __init__(self) -> None:
        self._fingerprint: str | None = None
        self._keys: dict[tuple[str, str], str] = {}

    def under(self, fingerprint: str) -> dict[tuple[str, str], str]:
        """The keys under `fingerprint` (none kept when it is another than last time's)."""
        if fingerprint != self._fingerprint:
            self._fingerprint, self._keys = fingerprint, {}
        return self._keys


class ArticleCache:
    """The analysed articles of one content folder under one fingerprint, kept in the store.

    `location` is `<cache folder>/articles/<root>`: the store file lies in the cache folder, and `root` (a
    digest of the content folder's path) names this content folder's rows, so content folders side by side
    never prune each other's. With `enabled=False` every lookup misses and nothing is kept.

    A result is found only when it holds under `registry` (the stamp of this build's registry): recorded so
    when it was made, or when `stale` found that no change since the registry it was made under reaches it.
    """

    def __init__(
        self,
        location: Path,
        fingerprint: str,
        enabled: bool = True,
        memory: dict[str, ArticleResult] | None = None,
        digests: FileDigests | None = None,
        keys: dict[tuple[str, str], str] | None = None,
        registry: str = "",
        registries: dict[str, str] | None = None,
    ):
        self.folder = location
        self.fingerprint = fingerprint
        self.enabled = enabled
        self.root = location.name
        self.store = Store(location.parent.parent, enabled)
        self.registry = registry
        # Results by key kept in this process between builds (a preview server's): read before the store,
        # when they hold under this build's registry (`registries`: the one each holds under, by key).
        self.memory = memory
        self._registries = registries if registries is not None else {}
        self.digests = digests  # the input files' digests by their stat, when the build has them
        self._keys = keys  # each file's key by its shown path and digest (`ArticleKeys.under`), kept
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()
        # Results kept by an earlier build of this process, which pruned the store to them: the rows are
        # those, and only the keys that leave them need be looked up or pruned (see `stored_keys`, `prune`).
        self._kept_before = bool(memory) and enabled

    def key(self, data: bytes, path: str) -> str:
        """The key of an article file: its bytes and shown path (messages name it) under the fingerprint."""
        return self.key_of(hashlib.sha256(data).hexdigest(), path)

    def file_key(self, file: Path, path: str) -> str | None:
        """The key of the article file at `file` (shown as `path`), from the digest its stat vouches for
        (`filestats.FileDigests`: no read when the stat is the one recorded); None without those digests
        or when the file cannot be read."""
        if not self.enabled or self.digests is None:
            return None
        try:
            return self.key_of(self.digests.digest(file), path)
        except OSError:
            return None

    def key_of(self, sha256: str, path: str) -> str:
        """The key of an article file of this SHA-256 (of its bytes), shown as `path`."""
        if self._keys is None:
            return digest_of(self.fingerprint, path, sha256)
        key = self._keys.get((path, sha256))
        if key is None:
            key = self._keys[path, sha256] = digest_of(self.fingerprint, path, sha256)
        return key

    def get(self, key: str) -> ArticleResult | None:
        """The cached result for `key`, or None (missing, damaged, corrupt or not for this key)."""
        if not self.enabled:
            return None
        self._used.add(key)
        result = self._load(key)
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def get_many(self, keys: Collection[str]) -> dict[str, ArticleResult]:
        """The cached result of each of `keys` that has one (as `get` finds it), all read in one query."""
        if not self.enabled:
            return {}
        self._used.update(keys)
        found: dict[str, ArticleResult] = {}
        wanted = set(keys)
        if self.memory is not None:
            found = {key: self.memory[key] for key in wanted if self._in_memory(key)}
            wanted -= found.keys()
        for key, payload in self.store.article_payloads(self.root, wanted, self.registry) if wanted else ():
            result = self._checked(_unpickled(payload, key), key)
            if result is not None:
                found[key] = result
        self.hits += len(found)
        self.misses += len(set(keys) - found.keys())
        return found

    def stored_keys(self) -> Container[str]:
        """The keys this cache may have a result for (a lookup tells whether it is whole): a preview server's
        second build asks the store only about the keys its memory does not hold, not for 10,000 rows."""
        if not self.enabled:
            return set()
        if self._kept_before and self.memory is not None:
            return _KeptOrStored(self.memory, self.store, self.root)
        return self.store.article_keys(self.root) | (self.memory.keys() if self.memory is not None else set())

    def expect(self, key: str) -> None:
        """Count `key` as a miss whose result this build will put (and keep it from being pruned)."""
        if self.enabled:
            self._used.add(key)
            self.misses += 1

    def _in_memory(self, key: str) -> bool:
        """Whether this process keeps the result of `key`, holding under this build's registry."""
        return self.memory is not None and key in self.memory and self._registries.get(key) == self.registry

    def _load(self, key: str) -> ArticleResult | None:
        if self.memory is not None and self._in_memory(key):
            return self.memory[key]
        return self._checked(_unpickled(self.store.article(self.root, key, self.registry), key), key)

    def _checked(self, entry: object | None, key: str) -> ArticleResult | None:
        """The result an unpickled entry holds, if this key's and well formed (and then remembered)."""
        if entry is None:
            return None
        if not (isinstance(entry, _Entry) and entry.key == key and _well_formed(entry.result)):
            log.debug("ignoring a stored article that does not hold this article's result (key %s)", key)
            return None
        self.remember(key, entry.result)
        return entry.result

    def remember(self, key: str, result: ArticleResult) -> None:
        """Keep a result in this process's memory, when there is one (the store has it already)."""
        if self.memory is not None and self.enabled and key:
            self.memory[key] = result
            self._registries[key] = self.registry

    def put(self, key: str, result: ArticleResult) -> ArticleResult:
        """Store a result; returns what the build keeps of it: its head when its body is stored apart
        (`bodies.py`), else the result itself. Failures (read-only folder, full disk) only cost time."""
        probe = result.probe
        if probe:  # kept in its row apart from the result
            result = replace(result, probe=b"")
        if not self.enabled:
            return result
        self._used.add(key)
        head, body = result, None
        if result.article is not None and result.analysed is not None:
            article, analysed, made = head_and_body(result.article, result.analysed)
            head = replace(result, article=article, analysed=analysed, body=key)
            body = _pickled(_Body(key, made))
        payload = _pickled(_Entry(key, head))
        kept = self.store.put_article(
            self.root, result.path, key, payload, body, self.registry, probe or None
        )
        return head if kept else result

    def keep_registry(self, registry: Registry) -> None:
        """Record this build's registry (the rows it writes hold under it), to compare a later one with."""
        self.registry = registry.stamp
        if self.enabled and self.store.registry(self.root, self.registry) is None:
            self.store.put_registry(self.root, self.registry, registry.payload())

    def stale(self, keys: Iterable[str], current: Registry, name_words: NameWords) -> set[str]:
        """Of `keys` (of results this cache has), those whose result holds under another registry than
        `current` and that a change since may reach (`registry_changes`): to be analysed again. The others
        are recorded as holding under `current`, so the next build does not test them again."""
        if not self.enabled:
            return set()
        started = time.perf_counter()
        memory = self.memory if self.memory is not None else {}
        made = {key: stamp for key in keys if key in memory and (stamp := self._registries.get(key))}
        if len(made) < len(keys := list(keys)):
            rows = self.store.article_registries(self.root)
            made.update((key, rows[key]) for key in keys if key not in made and key in rows)
        by_registry: dict[str, list[str]] = {}
        for key, stamp in made.items():
            if stamp != self.registry:
                by_registry.setdefault(stamp, []).append(key)
        if not by_registry:
            return set()
        probes = self.store.article_probes(
            self.root, {key for group in by_registry.values() for key in group}
        )
        stale: set[str] = set()
        for stamp, group in sorted(by_registry.items()):
            kept = self.store.registry(self.root, stamp)
            before = Registry.from_payload(kept) if kept is not None else None
            if before is None:
                stale.update(group)
                continue
            reach = Reach(changes(before, current), name_words)
            held = [key for key in group if not reach(probes.get(key))]
            stale.update(set(group) - set(held))
            self.store.restamp_articles(self.root, held, stamp, self.registry)
            for key in held:
                if self._registries.get(key) == stamp:
                    self._registries[key] = self.registry
        log.debug(
            "registry changed: %d of %d stored articles reached by it (found in %.2f s)",
            len(stale),
            len(made),
            time.perf_counter() - started,
        )
        return stale

    def body(self, key: str) -> ArticleBody | None:
        """The body kept under `key`, or None (missing, damaged, corrupt or not this key's)."""
        entry = (
            _unpickled(self.store.article_body(self.root, key, self.registry), key) if self.enabled else None
        )
        if not (isinstance(entry, _Body) and entry.key == key and isinstance(entry.body, ArticleBody)):
            return None
        return entry.body

    def prune(self) -> int:
        """Remove entries this build did not use (older versions of articles); returns how many."""
        if not self.enabled:
            return 0
        gone = set()
        if self.memory is not None:
            gone = self.memory.keys() - self._used
            for key in gone:
                del self.memory[key]
                self._registries.pop(key, None)
        if self._kept_before:  # the store holds what the memory held (and what other builds added since)
            removed = self.store.delete_articles(self.root, gone)
        else:
            removed = self.store.prune_articles(self.root, self._used)
        self.store.prune_registries(self.root, self.registry)
        if removed:
            log.debug("removed %d unused articles from the build store", removed)
        return removed

    def close(self) -> None:
        self.store.close()


class _KeptOrStored:
    """The keys a process kept results for, and any the store holds, asked one by one (few are not kept)."""

    def __init__(self, memory: dict[str, ArticleResult], store: Store, root: str):
        self._memory, self._store, self._root = memory, store, root
        self._asked: dict[str, bool] = {}

    def __contains__(self, key: object) -> bool:
        if key in self._memory:
            return True
        if not isinstance(key, str):
            return False
        if key not in self._asked:
            self._asked[key] = self._store.has_article(self._root, key)
        return self._asked[key]


def _well_formed(result: object) -> bool:
    """The shape later stages rely on, checked cheaply: a result of the right types for its parts."""
    if not isinstance(result, ArticleResult) or not isinstance(result.path, str):
        return False
    if not isinstance(result.read_problems, list) or not isinstance(result.analysis_problems, list):
        return False
    if not all(
        isinstance(p, Problem) and isinstance(p.location, Location)
        for p in (*result.read_problems, *result.analysis_problems)
    ):
        return False
    return _article_well_formed(result.article) and _analysis_well_formed(result.analysed, result.article)


def _article_well_formed(article: object) -> bool:
    return article is None or (
        isinstance(article, Article)
        and isinstance(article.text, str)
        and isinstance(article.plain, str)
        and isinstance(article.annotations, list)
    )


def _analysis_well_formed(analysed: object, article: Article | None) -> bool:
    return analysed is None or (
        isinstance(analysed, AnalysedArticle)
        and article is not None
        and analysed.slug == article.slug
        and isinstance(analysed.facts, list)
    )
