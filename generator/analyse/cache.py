"""The per-article cache: what reading and analysing one article gave, kept on disk between builds.

Entries live in `.factsheets-cache/` beside the content folder, one file per article version, named by a
key that hashes the article file's bytes, its path and the fingerprint of everything else the result
depends on (this package's code and version, spaCy's version, the entity registry, the settings that
reach the pipeline). A changed input gives another key, so an entry is never updated, only added.

Entries are never trusted: each is written to a temporary file and renamed into place (two builds at once
see a whole entry or none), read with a loader that rebuilds only this package's data classes (a planted
file cannot run code), and checked against the key it was asked for. Anything unreadable, unexpected or
corrupt counts as a miss and is computed again; the cache never makes a build fail.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import re
import stat
import sys
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator.errors import Location, Problem
from generator.model import AnalysedArticle, Article, Entity, SiteConfig

log = logging.getLogger(__name__)

CACHE_FOLDER = ".factsheets-cache"
FORMAT = 1  # bump when the layout of an entry changes
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.entry")
_MAX_ENTRY_BYTES = 64 * 1024 * 1024  # far above any real article; a bigger file is not ours
_PACKAGE = Path(__file__).resolve().parent.parent


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


def cache_folder(content: Path) -> Path:
    """Where the cache of a content folder lives: beside it, so the content folder stays the user's own."""
    return content.resolve().parent / CACHE_FOLDER


def ensure_cache_folder(folder: Path) -> None:
    """Create the cache folder with a `.gitignore` of its own: git never shows it, whatever the repo says."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(
            "# Created by factsheets: a cache of analysed articles, safe to delete.\n*\n", encoding="utf-8"
        )


@lru_cache(maxsize=1)  # the stamp, the cache fingerprint and the page keys all ask, in every build
def code_digest() -> str:
    """A digest of this package's Python sources: changed code invalidates entries even between releases."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(
    entities: list[Entity],
    config: SiteConfig | None,
    entity_ids: Collection[str],
    fact_kinds: Collection[str],
) -> str:
    """Everything besides the article file that reading and analysing it depends on, as one digest.

    `entity_ids` are the ids annotations may name (those of unreadable entity files too).
    """
    import importlib.metadata

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
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()


# Only these classes may be rebuilt from an entry: data, never anything that runs code when built.
_ALLOWED = {
    ("generator.analyse.cache", "ArticleResult"),
    ("generator.analyse.cache", "_Entry"),
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
        digest = hashlib.sha256()
        for part in (self.fingerprint.encode(), path.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def _entry_path(self, key: str) -> Path:
        return self.folder / f"{key}.entry"

    def _usable_folder(self) -> bool:
        """The cache folder may not be a link: pruning it must never delete files somewhere else."""
        try:
            return stat.S_ISDIR(os.lstat(self.folder).st_mode)
        except OSError:
            return False

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
        try:
            # No links, no FIFOs or devices: a planted entry must not block the build or read elsewhere.
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            descriptor = os.open(path, flags)
        except OSError:
            return None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY_BYTES:
                log.debug("ignoring cache entry %s: not a regular file of a sensible size", path)
                return None
            with os.fdopen(descriptor, "rb", closefd=False) as handle:
                data = handle.read()
        except OSError:
            return None
        finally:
            os.close(descriptor)
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
            if not self._usable_folder():
                raise OSError(f"{self.folder} is not a folder")
            data = pickle.dumps(_Entry(key, result), protocol=pickle.HIGHEST_PROTOCOL)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                # Atomic: a build reading this key at the same moment sees the old state or the whole entry.
                os.replace(temporary, self._entry_path(key))
            except BaseException:
                with _quietly():
                    os.unlink(temporary)
                raise
        except OSError as error:
            self._writable = False
            log.warning(
                "cannot write the analysis cache in %s (%s); the build goes on without it",
                self.folder,
                error.strerror or error,
            )

    def prune(self) -> int:
        """Remove entries this build did not use (older versions of articles); returns how many."""
        if not self.enabled or not self._writable or not self._usable_folder():
            return 0
        removed = 0
        try:
            with os.scandir(self.folder) as listing:
                names = [e.name for e in listing]
        except OSError:
            return 0
        for name in names:
            # Only finished entries: a `.tmp-` file may be another build's entry being written right now.
            if _ENTRY_NAME.fullmatch(name) and name[: -len(".entry")] not in self._used:
                with _quietly():
                    os.unlink(self.folder / name)
                    removed += 1
        if removed:
            log.debug("removed %d unused cache entries from %s", removed, self.folder)
        return removed


class _quietly:
    """Ignore OSError: a file another build removed first is no concern."""

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback) -> bool:
        return kind is not None and issubclass(kind, OSError)


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
    article, analysed = result.article, result.analysed
    if article is not None and not (
        isinstance(article, Article)
        and isinstance(article.text, str)
        and isinstance(article.plain, str)
        and isinstance(article.annotations, list)
    ):
        return False
    if analysed is not None and not (
        isinstance(analysed, AnalysedArticle)
        and article is not None
        and analysed.slug == article.slug
        and isinstance(analysed.facts, list)
    ):
        return False
    return True
