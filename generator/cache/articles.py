"""The per-article cache: what reading and analysing one article gave, kept on disk between builds.

Entries live in the cache folder (see `files`), one file per article version, named by a key that hashes
the article file's bytes, its path and the fingerprint of everything else the result depends on (this
package's code and version, spaCy's version, the entity registry, the settings that reach the pipeline).
A changed input gives another key, so an entry is never updated, only added.

Entries are never trusted: each is written whole (two builds at once see a whole entry or none), read
with a loader that rebuilds only this package's data classes (a planted file cannot run code), and
checked against the key it was asked for. Anything unreadable, unexpected or corrupt counts as a miss and
is computed again; the cache never makes a build fail.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import logging
import os
import pickle
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.cache.digest import digest_of
from generator.cache.files import ensure_cache_folder, is_real_folder, read_regular_file, write_atomically
from generator.cache.versions import code_digest
from generator.errors import Location, Problem
from generator.model import AnalysedArticle, Article, Entity, SiteConfig

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the layout of an entry changes
_ENTRY_SUFFIX = ".entry"
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.entry")  # a key is a `digest_of`: 64 hex digits


@dataclass
class ArticleResult:
    """Reading and analysing one article file: what later stages need, and every problem found."""

    path: str  # as shown in messages
    article: Article | None
    read_problems: list[Problem] = field(default_factory=list)
    analysed: AnalysedArticle | None = None  # None when the article has errors or was not analysed
    analysis_problems: list[Problem] = field(default_factory=list)


@dataclass
class _Entry:
    key: str
    result: ArticleResult


def fingerprint(
    entities: list[Entity],
    config: SiteConfig | None,
    entity_ids: Collection[str],
    fact_kinds: Collection[str],
) -> str:
    """Everything besides the article file that reading and analysing it depends on, as one digest.

    `entity_ids` are the ids annotations may name (those of unreadable entity files too).
    """
    parts = [
        f"format {FORMAT}",
        f"factsheets {__version__}",
        code_digest(),
        f"spacy {importlib.metadata.version('spacy')}",
        f"python {sys.version_info[:2]}",
        repr(sorted(entity_ids)),
        repr(sorted(fact_kinds)),
        repr(entities),
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


# Only these classes may be rebuilt from an entry: data, never anything that runs code when built.
_ALLOWED = {
    (__name__, "ArticleResult"),
    (__name__, "_Entry"),
    ("generator.errors", "Location"),
    ("generator.errors", "Problem"),
    *(
        ("generator.model", name)
        for name in (
            "Article",
            "Source",
            "OffsetMap",
            "Annotation",
            "AnalysedArticle",
            "Fact",
            "FactDate",
            "Quantity",
            "Mention",
            "Sentence",
        )
    ),
}


class _DataUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")
        return super().find_class(module, name)


class ArticleCache:
    """Entries for one fingerprint in one cache folder; with `enabled=False` every lookup misses."""

    def __init__(self, folder: Path, fingerprint: str, enabled: bool = True):
        self.folder = folder
        self.fingerprint = fingerprint
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()
        self._writable = True

    def key(self, data: bytes, path: str) -> str:
        """The key of an article file: its bytes and shown path (messages name it) under the fingerprint."""
        return digest_of(self.fingerprint, path, data)

    def _entry_path(self, key: str) -> Path:
        return self.folder / f"{key}{_ENTRY_SUFFIX}"

    def get(self, key: str) -> ArticleResult | None:
        """The cached result for `key`, or None (missing, unreadable, corrupt or not for this key)."""
        if not self.enabled:
            return None
        self._used.add(key)
        result = self._load(key)
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def _load(self, key: str) -> ArticleResult | None:
        path = self._entry_path(key)
        data = read_regular_file(path)
        if data is None:
            return None
        try:
            entry = _DataUnpickler(io.BytesIO(data)).load()
        except Exception as error:  # corrupt bytes raise almost anything from inside pickle
            log.debug("ignoring corrupt cache entry %s: %s", path, error)
            return None
        if not (isinstance(entry, _Entry) and entry.key == key and _well_formed(entry.result)):
            log.debug("ignoring cache entry %s: it does not hold this article's result", path)
            return None
        return entry.result

    def put(self, key: str, result: ArticleResult) -> None:
        """Store a result; failures (read-only folder, full disk) only cost the next build some time."""
        if not self.enabled or not self._writable:
            return
        self._used.add(key)
        try:
            ensure_cache_folder(self.folder)
            if not is_real_folder(self.folder):
                raise OSError(f"{self.folder} is not a folder")
            # Atomic: a build reading this key at the same moment sees the old state or the whole entry.
            write_atomically(
                self._entry_path(key), pickle.dumps(_Entry(key, result), protocol=pickle.HIGHEST_PROTOCOL)
            )
        except OSError as error:
            self._writable = False
            log.warning(
                "cannot write the analysis cache in %s (%s); the build goes on without it",
                self.folder,
                error.strerror or error,
            )

    def prune(self) -> int:
        """Remove entries this build did not use (older versions of articles); returns how many."""
        if not self.enabled or not self._writable or not is_real_folder(self.folder):
            return 0
        removed = 0
        try:
            with os.scandir(self.folder) as listing:
                names = [e.name for e in listing]
        except OSError:
            return 0
        for name in names:
            # Only finished entries: a temporary file may be another build's entry being written right now.
            if _ENTRY_NAME.fullmatch(name) and name.removesuffix(_ENTRY_SUFFIX) not in self._used:
                with contextlib.suppress(OSError):  # another build removed it first: no concern
                    os.unlink(self.folder / name)
                    removed += 1
        if removed:
            log.debug("removed %d unused cache entries from %s", removed, self.folder)
        return removed


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
