"""Each input file's digest, read again only when its stat changed.

Knowing whether anything changed must not cost reading every file: a file whose size, modification and
change times (in nanoseconds), inode and device are those recorded with its digest has the recorded digest.
The change time (`st_ctime_ns`) cannot be set by a program, so a tool that writes a file and then puts
its old modification time back (`touch -d`, `cp -p`, an unpacker) still shows. The assumption is the one
`git` and `make` make: a file written changes its stat. One written within the same clock tick as it
was hashed might not, so a digest is kept only for a file whose stat is older than `_SETTLED_NS` when it
was hashed; such a young file is read every build until it settles. "Now" is the file system's own clock
(the time it stamps on the store's lock file when touched, as `git` compares with its index file's), the
clock the files' times come from; the build itself never reads the clock. `--no-cache` reads every file.

A preview server knows more: its watcher reports the paths that changed. When a build is told them (and
they only edited files it looked at last time, adding or removing none), the other files are taken to be
as the last build looked at them, without a `stat`, and the folders as they were listed. The preview
checks every `stat` again once the pages are in place (`serve.Preview.watch`), so a change the watcher
missed is built moments later rather than never.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from dataclasses import dataclass, field

from generator.cache.store import LOCK_FILE, Store

_SETTLED_NS = 2_000_000_000  # a file untouched this long before it was hashed keeps its digest


def stat_text(stat: os.stat_result) -> str:
    """A file's stat as compared: another when the file is written, or another file is put in its place."""
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino} {stat.st_dev}"


# A folder tree as listed: each folder's path with a separator, its path below the tree's root ("" or
# ending in "/") and its file names, sorted (see `digest.tree_digest`).
Listing = list[tuple[str, str, list[str]]]


@dataclass
class LastLook:
    """Every input file one build looked at, with the digest it found, each tree as it was listed and the
    digests of each folder's runs of files (see `digest.tree_digest`)."""

    digests: dict[bytes, str]
    listings: dict[str, Listing]
    runs: dict[str, list[str]]


@dataclass
class KnownFiles:
    """The recorded digests a process read from the store, and the folders they are of: a preview server
    keeps them between its builds rather than reading 10,000 rows again on each save. They need not be the
    store's latest: a file whose stat is the one recorded has that digest, whichever build recorded it, and
    a file another build hashed since is at worst read once more."""

    known: dict[bytes, tuple[str, str]] = field(default_factory=dict)
    folders: list[bytes] = field(default_factory=list)
    look: LastLook | None = None  # the last build's, for a build told which paths changed since


class FileDigests:
    """The digests of the files under one folder, from the store where their stat says they are current.

    Without a store (None) every file is read. `save` keeps what changed and forgets the files that are
    gone (only under the folders this object was asked about). One object is one build's look at the
    files: a file is looked at once (the stamp of the inputs and the keys of the articles ask for the same
    files), so the build works from the files as that look found them.
    """

    def __init__(
        self, store: Store | None, kept: KnownFiles | None = None, reported: Collection[bytes] | None = None
    ):
        self._store = store
        kept = kept if kept is not None else KnownFiles()
        self._kept = kept
        self._known = kept.known  # updated in place by `save`: what a kept `KnownFiles` holds next time
        self._prefixes = kept.folders
        self._new: dict[bytes, tuple[str, str]] = {}
        self.read = 0  # files whose bytes were read (their stat was new): the work a check cost
        self.stats = 0  # files whose stat was looked at (the others were taken from the last look)
        self._now: int | None = None
        self._looked: dict[bytes, str] = {}  # the digest of each file looked at, by name
        self._listings: dict[str, Listing] = {}
        self._runs: dict[str, list[str]] = {}
        # Told which paths changed since the last look: the others as that look found them, and the runs of
        # files that hold none of them.
        self._vouched: LastLook | None = None
        self._touched: dict[str, set[str]] = {}  # the reported names, by folder
        if reported is not None and kept.look is not None and _only_edited(reported, kept.look.digests):
            self._vouched = kept.look
            self._looked = dict(kept.look.digests)
            for name in reported:
                self._looked.pop(name, None)
                folder, _, file_name = os.fsdecode(name).rpartition(os.sep)
                self._touched.setdefault(folder + os.sep, set()).add(file_name)

    @property
    def trusting(self) -> bool:
        """Whether the files not reported changed are taken from the last look (see the module's text)."""
        return self._vouched is not None

    def listing(self, folder: str) -> Listing | None:
        """The tree under `folder` as the last look listed it, when this build may take it so."""
        return self._vouched.listings.get(folder) if self._vouched is not None else None

    def listed(self, folder: str) -> Listing | None:
        """The tree under `folder` as this build listed (or took) it."""
        return self._listings.get(folder)

    def keep_listing(self, folder: str, listing: Listing) -> None:
        """The tree under `folder` as this build listed (or took) it, for the next build's look."""
        self._listings[folder] = listing

    def kept_runs(self, folder: str) -> tuple[list[str], set[str]] | None:
        """The digests of the runs of files of `folder` (a path with a separator) as the last look found
        them, and the names in it reported changed since, when this build may take them so."""
        if self._vouched is None or folder not in self._vouched.runs:
            return None
        return self._vouched.runs[folder], self._touched.get(folder, set())

    def keep_runs(self, folder: str, digests: list[str]) -> None:
        self._runs[folder] = digests

    def watch(self, folder: str | os.PathLike) -> None:
        """Load the digests recorded under `folder` (once per folder)."""
        prefix = os.path.join(os.fsencode(folder), b"")
        if self._store is None or prefix in self._prefixes:
            return
        self._prefixes.append(prefix)
        self._known.update(self._store.file_digests(prefix))

    def digest(self, path: str | os.PathLike) -> str:
        """The SHA-256 of the file's bytes; raises OSError as reading it would."""
        name = os.fsencode(path)
        looked = self._looked.get(name)
        if looked is None:
            looked = self._looked[name] = self._digest(name)
        return looked

    def _digest(self, name: bytes) -> str:
        self.stats += 1
        stat = os.stat(name)
        text = stat_text(stat)
        known = self._known.get(name)
        if known is not None and known[0] == text:
            return known[1]
        with open(name, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        self.read += 1
        if self._file_system_now() - max(stat.st_mtime_ns, stat.st_ctime_ns) > _SETTLED_NS:
            self._new[name] = (text, digest)
        return digest

    def _file_system_now(self) -> int:
        """The file system's time now, in nanoseconds (0 when it cannot be known: nothing is kept)."""
        if self._now is None:
            self._now = 0
            if self._store is not None:
                lock = self._store.folder / LOCK_FILE
                try:
                    os.utime(lock)
                    self._now = os.stat(lock).st_ctime_ns
                except OSError:
                    pass
        return self._now

    def save(self) -> None:
        """Keep the digests read in this build; forget the files under the watched folders not seen."""
        if self._store is None:
            return
        # The files not looked at (or unreadable: read again next time) are gone.
        gone = [p for p in self._known if p not in self._looked and p not in self._new]
        if self._new or gone:
            self._store.put_file_digests(self._new, gone)
        for path in gone:
            del self._known[path]
        self._known.update(self._new)
        self._new = {}
        self._kept.look = LastLook(dict(self._looked), self._listings, self._runs)


def _only_edited(reported: Collection[bytes], looked: dict[bytes, str]) -> bool:
    """Whether the reported paths only edited files the last look saw: each is such a file still there (a
    file, not a link), or a path that is neither there nor was (an editor's file written and removed
    again). A path added, removed, turned into a folder or a link changes the listing: then every file is
    looked at."""
    for name in reported:
        if name in looked:
            if not os.path.isfile(name) or os.path.islink(name):  # a link may now lead elsewhere
                return False
        elif os.path.lexists(name):
            return False
    return True
