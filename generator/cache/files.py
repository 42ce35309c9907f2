"""The files of the build state: where they live, written whole, and read without trusting them.

The cache folder is `.factsheets-cache/` beside the content folder (so the content folder stays the
user's own). Every file in it is written to a temporary file and renamed into place, so two builds at
once see a whole file or none; a failed write removes its temporary file. Reads follow no links and
accept only regular files of a sensible size: a planted file can neither block a build nor make it read
somewhere else.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

CACHE_FOLDER = ".factsheets-cache"
TEMPORARY_PREFIX = ".tmp-"  # a file being written; never pruned, it may be another build's
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any real entry or record; a bigger file is not ours
_GITIGNORE = "# Created by factsheets: what a build keeps for the next one, safe to delete.\n*\n"


def cache_folder(content: Path) -> Path:
    """Where the build state of a content folder lives: beside it, so the content folder stays the user's."""
    return content.resolve().parent / CACHE_FOLDER


def ensure_cache_folder(folder: Path) -> None:
    """Create `folder` (the cache folder or one inside it), and the cache folder's own `.gitignore`: git never
    shows the cache, whatever the repository says and whichever of its folders was made first."""
    folder.mkdir(parents=True, exist_ok=True)
    root = next((p for p in (folder, *folder.parents) if p.name == CACHE_FOLDER), folder)
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text(_GITIGNORE, encoding="utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step: a reader sees the old file or the whole new one, never a part.

    Raises OSError; the temporary file is removed whatever the failure (a full disk, an interruption).
    """
    handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def open_regular_file(path: Path) -> BinaryIO | None:
    """`path` opened for reading if it is a regular file (not a link); None otherwise."""
    try:
        # No links, no FIFOs or devices: a planted file must not block the build or read elsewhere.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        regular = stat.S_ISREG(os.fstat(descriptor).st_mode)
    except OSError:
        regular = False
    if not regular:
        log.debug("ignoring %s: not a regular file", path)
        os.close(descriptor)
        return None
    return os.fdopen(descriptor, "rb")


def read_regular_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of `path` if it is a regular file (not a link) of at most `max_bytes`; None otherwise."""
    handle = open_regular_file(path)
    if handle is None:
        return None
    with handle:
        try:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                log.debug("ignoring %s: bigger than %d bytes", path, max_bytes)
                return None
            data = handle.read(max_bytes + 1)  # the file may have grown since
        except OSError:
            return None
    return data if len(data) <= max_bytes else None
