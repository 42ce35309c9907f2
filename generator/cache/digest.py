"""One digest for every key of the build state: SHA-256 over length-prefixed parts.

Each part is preceded by its length, so no two different lists of parts share a digest: ("ab", "c") and
("a", "bc") differ. Keys are internal: they never reach the site, so the algorithm may change between
versions (every key changes with the code anyway, see `versions.code_digest`).
"""

from __future__ import annotations

import bisect
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol


class FileDigester(Protocol):
    def digest(self, path: str) -> str: ...

    def listing(self, folder: str) -> list[tuple[str, str, list[str]]] | None: ...

    def keep_listing(self, folder: str, listing: list[tuple[str, str, list[str]]]) -> None: ...

    def kept_runs(self, folder: str) -> tuple[list[str], set[str]] | None: ...

    def keep_runs(self, folder: str, digests: list[str]) -> None: ...


class Digest:
    """A SHA-256 fed part by part; text is hashed as UTF-8, lone surrogates (odd file names) included."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, *parts: str | bytes) -> Digest:
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            self._hash.update(len(data).to_bytes(8, "big"))
            self._hash.update(data)
        return self

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def digest_of(*parts: str | bytes) -> str:
    """The hex digest of a list of parts."""
    return Digest().add(*parts).hexdigest()


ABSENT = "absent"  # the digest of a folder that does not exist: never a hex digest


def tree_digest(folder: Path, files: FileDigester | None = None) -> str:
    """Every file under `folder`, names and bytes in a stable order; links followed, as the build does.

    File contents count, not times: a `touch` or a fresh checkout changes nothing. `files` (a
    `filestats.FileDigests`) gives each file's digest without reading it when its stat is the one recorded,
    and, when a preview's watcher vouches for them, the folders as the last build listed them and the
    digest of each run of files that holds no file it reported changed.
    """
    if not folder.is_dir():
        return ABSENT
    key = os.fspath(folder)
    listing = files.listing(key) if files is not None else None
    if listing is None:
        listing = _listing(folder)
    if files is not None:
        files.keep_listing(key, listing)
    digest = Digest()
    for base, prefix, names in listing:
        if not names:
            continue  # an empty folder publishes nothing
        kept = files.kept_runs(base) if files is not None else None
        runs = _run_digests(base, names, files, kept)
        if files is not None:
            files.keep_runs(base, runs)
        digest.add(prefix, *runs)
    return digest.hexdigest()


_RUN = 256  # files per run: a folder of 10,000 articles is 40 runs, of which a save changes one


def _run_digests(
    base: str, names: list[str], files: FileDigester | None, kept: tuple[list[str], set[str]] | None
) -> list[str]:
    """The digest of the names and bytes of each run of `_RUN` files of the folder `base` (`names`,
    sorted); `kept`, the runs' digests as the last look found them and the names changed since, when
    they may be taken (then only the runs of the changed names are hashed again)."""
    count = (len(names) + _RUN - 1) // _RUN
    again: Iterable[int] = range(count)
    runs = [""] * count
    if kept is not None and len(kept[0]) == count:
        runs = list(kept[0])
        again = {bisect.bisect_left(names, name) // _RUN for name in kept[1]}
    for index in again:
        if index >= count:
            continue  # a changed name past the last (a file the listing does not have)
        parts: list[str] = []  # hashed once per run: at 10,000 files the calls cost what the stats do
        for name in names[index * _RUN : (index + 1) * _RUN]:
            parts += (name, file_digest(base + name, files))
        runs[index] = digest_of(*parts)
    return runs


def file_digest(path: str, files: FileDigester | None = None) -> str:
    """The SHA-256 of the file at `path`, from `files` when given (which may know it without reading it),
    or "(unreadable)": the build reports the file, and a digest of its folder must merely differ."""
    try:
        if files is None:
            with open(path, "rb") as file:
                return hashlib.file_digest(file, "sha256").hexdigest()
        return files.digest(path)
    except OSError:
        return "(unreadable)"


def _listing(folder: Path) -> list[tuple[str, str, list[str]]]:
    """Each folder under `folder` (links followed, as the build does; each real folder once) as its path
    with a separator, its path below `folder` ("" or ending in "/") and its file names, sorted."""
    listing = []
    visited: set[str] = set()
    for root, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:  # a link back up the tree
            folders[:] = []
            continue
        visited.add(real)
        folders.sort()
        # Names joined as text, not as `Path`s: a no-op build at 10,000 articles spent a third of its time
        # making and relating paths here.
        relative = os.path.relpath(root, folder)
        prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
        listing.append((os.path.join(root, ""), prefix, sorted(names)))
    return listing
