"""The write stage: a site we wrote is updated where it is, its changed files (and the search index of
their pages) renamed in once every file is rendered and indexed; any other (a first build, `--no-cache`)
goes to a temporary folder that then replaces the output in one step.

A failed or interrupted build leaves the previous site exactly as it was, and nothing outside the output
folder is ever written or deleted, except our own temporary folders beside it (`.<name>.new-*` while
writing or indexing, `.<name>.old-*` while swapping), which the next build tidies up.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import itertools
import json
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol

from generator.errors import BuildError
from generator.render.themes import PACKAGE_THEME, SOURCE_THEME

if TYPE_CHECKING:
    from generator.search import SearchFiles

log = logging.getLogger(__name__)

MARKER = ".factsheets-site"  # marks a folder as ours to replace
# Beside the marker while the preview makes the search index of pages already renamed in (see
# `site_identity`): a preview killed meanwhile leaves it, and no build then trusts the record of the site.
SEARCH_PENDING = ".factsheets-search-pending"
# The same while the preview makes the big data exports of a site whose pages are renamed in already (see
# `exports_background`): the site keeps the previous export files meanwhile.
EXPORTS_PENDING = ".factsheets-exports-pending"
_PENDING = (SEARCH_PENDING, EXPORTS_PENDING)
_MARKER_TEXT = "Built by factsheets: this folder is replaced on every build.\n"
_STAGING, _RETIRED = "new", "old"
_THEME_FOLDERS = (PACKAGE_THEME, SOURCE_THEME)  # the default theme, in a wheel or in a source checkout


def check_output_folder(output: Path, sources: Iterable[Path], roots: Iterable[Path] = ()) -> Path:
    """Refuse an output folder that would overwrite or delete what is not the site's.

    The output may not be, contain or lie inside a source folder (content, templates, the default theme),
    and may not be or contain a root (the repository root, the home folder, `/`); it may lie inside a
    root: `_site/`. A folder that already holds files must be one factsheets wrote.
    """
    output = output.expanduser().resolve()
    for root in (Path(output.anchor), *_home(), *roots):
        root = root.resolve()
        if output == root or root.is_relative_to(output):
            raise BuildError(
                f"refusing to build into '{output}': it is or contains '{root}'; choose a "
                "dedicated folder such as _site"
            )
    for folder in (*sources, *(t for t in _THEME_FOLDERS if t.is_dir())):
        folder = folder.resolve()
        if output == folder or folder.is_relative_to(output) or output.is_relative_to(folder):
            raise BuildError(
                f"refusing to build into '{output}': it is, contains or lies inside '{folder}'; "
                "choose a separate folder such as _site"
            )
    if output.exists() and not output.is_dir():
        raise BuildError(f"the output '{output}' exists and is not a folder; remove it or choose another")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise BuildError(
            f"'{output}' already holds files that factsheets did not write; empty it or choose "
            "another output folder (factsheets replaces its output folder on every build)"
        )
    return output


def _home() -> list[Path]:
    try:
        return [Path.home()]
    except RuntimeError:  # no HOME and no password entry: nothing to protect there
        return []


@dataclass(frozen=True)
class Made:
    """A file of the site made in the write stage's scratch folder (see `Scratch`) rather than handed over as
    bytes: renamed into its place, or left where it is when the site's file holds the same bytes. A big
    export is then neither held in memory nor sent from a worker to the build."""

    path: Path


class Unchanged:
    """A file whose inputs are those of the file in the previous site: linked from there, not rendered.

    `render()` makes it after all, should the previous file be gone: what `make` makes, or with an `index`
    the file at that place in what it makes (a job that makes several files together). A plain class: a
    rebuild hands tens of thousands of them over, and a frozen dataclass holding a `partial` took five
    times as long to make.
    """

    __slots__ = ("_make", "_index")

    def __init__(self, make: Callable[[], object], index: int | None = None):
        self._make = make
        self._index = index

    def render(self) -> bytes | Made:
        made = self._make()
        return made if self._index is None else made[self._index]  # type: ignore[index,return-value]


class _Job(Protocol):
    paths: tuple[str, ...]  # the files it makes, in order
    make: Callable[[], object]  # what makes them, as a list in that order


class UnchangedRun:
    """The files of unchanged jobs in a row, handed over as one item (at the site path of its first file):
    a preview's save hands over 48,000 files of which a handful changed, and an update in place takes a
    run at once (`_InPlace.keep`) rather than file by file. Any other writer takes its files one by one
    (`files`), each `Unchanged`."""

    __slots__ = ("paths", "_jobs")

    def __init__(self, jobs: list[_Job]):
        self._jobs = jobs
        self.paths = [path for job in jobs for path in job.paths]

    @classmethod
    def of_paths(cls, paths: list[str]) -> UnchangedRun:
        """Files that the site holds and keeps: none is made (an update in place finds each in the site)."""
        run = cls([])
        run.paths = paths
        return run

    def __len__(self) -> int:
        return len(self.paths)

    def files(self) -> Iterator[tuple[str, Unchanged]]:
        for job in self._jobs:
            for index, path in enumerate(job.paths):
                yield path, Unchanged(job.make, index)


Content = bytes | Made | Unchanged | UnchangedRun  # what the render stage hands over for the site's files


def each_file(files: Iterable[tuple[str, Content]]) -> Iterator[tuple[str, bytes | Made | Unchanged]]:
    """The files one by one, each run of unchanged files taken apart."""
    for site_path, data in files:
        if isinstance(data, UnchangedRun):
            yield from data.files()
        else:
            yield site_path, data


class Scratch:
    """The write stage's scratch folder, on the site's file system: where the render stage, in this process
    or a forked worker, makes the files it hands over as `Made`.

    `write_site` opens it (a temporary folder beside the output, named as its staging folders, so the next
    build removes what an interrupted one left) before it asks for the first file, and removes it, with
    whatever is still in it, when it is done, whether the build succeeded or not.
    """

    def __init__(self) -> None:
        self._folder: Path | None = None

    def new_file(self, name: str) -> Path:
        """A new empty file of its own in the scratch folder, readable by all as the site's files are;
        `name` is the start of its name, for whoever looks into the folder."""
        if self._folder is None:
            raise RuntimeError("a scratch file was asked for outside write_site")
        handle, path = tempfile.mkstemp(prefix=f"{name}.", dir=self._folder)
        os.close(handle)
        os.chmod(path, 0o644)  # mkstemp makes it private; a published site must be readable
        return Path(path)

    @contextlib.contextmanager
    def opened(self, output: Path) -> Iterator[None]:
        """The scratch folder beside `output`, for as long as the write lasts (called by `write_site`)."""
        folder = scratch_folder(output)
        self._folder = folder
        try:
            yield
        finally:
            self._folder = None
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Written:
    files: int  # files in the site
    changed: int  # of which were written anew; the others are the previous site's files, linked unchanged
    identity: str | None = None  # `site_identity` of the site written, taken before another build could swap


def site_identity(output: Path) -> str | None:
    """What tells one build's output from any other: the marker file, which every build writes anew.

    None (no build's) while the site's search index or its data exports are behind its pages
    (`SEARCH_PENDING`, `EXPORTS_PENDING`): no record of the build that wrote it, nor the keys of its pages,
    is trusted until they have caught up.
    """
    if any(os.path.lexists(output / pending) for pending in _PENDING):
        return None
    return marker_identity(output)


def marker_identity(output: Path) -> str | None:
    """The identity of the marker alone: `site_identity` but for an index or exports behind the pages."""
    try:
        info = os.lstat(output / MARKER)
    except OSError:
        return None
    return f"{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}:{info.st_size}"


class SearchIndexer(Protocol):
    """What the write stage asks of the site search (`generator.search.SiteSearch`)."""

    def index_folder(self, folder: Path, previous: Path | None) -> list[str]:
        """Index the pages in `folder` (a staging folder) into it; the site paths of the files added."""
        ...

    def index_update(self, update: _InPlace, work: Path) -> SearchFiles:
        """Index the pages of a site being updated in place, in `work`, writing nothing in the site."""
        ...


def write_site(
    files: Iterable[tuple[str, Content]],
    output: Path,
    reuse: bool = True,
    search: SearchIndexer | None = None,
    in_place: bool = False,
    scratch: Scratch | None = None,
    listing: KeptListing | None = None,
) -> Written:
    """Write every (site path, bytes) into a fresh folder and swap it in.

    `files` may be a generator that renders as it goes: if it raises, the previous site stays. With `reuse`,
    a file whose bytes equal the previous site's, or that comes as `Unchanged`, is hard-linked from it
    rather than written, so unchanged files keep their modification time and a small change costs little.
    `search` indexes the pages once every file is written, before the swap; if it raises, the previous site
    stays too. Those of its files that equal the previous site's are linked from it as well.

    With `in_place` (the builds of `build` and `serve` with the cache on, which mostly change a few files
    of a big site) a site we wrote is updated where it is instead (see `_update_in_place`): the work is
    that of the changed files and of the search shards of the changed pages, not a link per file of the site
    and the removal of the previous one.

    `scratch` is opened for the render stage to make files in (`Made`) while `files` is read, and removed
    with whatever is left in it once the site is written or the build failed. `listing` keeps what an
    update in place found in the site for the next one to take up (a preview server's, see `KeptListing`).
    """
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot create the folder for '{output}': {error.strerror or error}") from None
    with _locked(output.parent):
        _tidy(output)
        # The files are closed (their renderer stopped, with any worker that still makes a file in the
        # scratch folder) before the scratch folder is removed: nothing is made in it once it is gone.
        with scratch.opened(output) if scratch is not None else contextlib.nullcontext(), _closing(files):
            if in_place and reuse and _updatable(output):
                try:
                    return _update_in_place(files, output, search, listing)
                except OSError as error:
                    raise BuildError(
                        f"could not write the site into '{output}': {error}; the previous site is unchanged"
                    ) from None
            return _write_staged(files, output, reuse, search, listing)


class SiteChanged(BuildError):
    """The site is no longer the one a build's work was of (`update_pages`): nothing was written."""


def update_pages(
    pages: Mapping[str, bytes],
    output: Path,
    search: SearchIndexer | None = None,
    index: str = "",
    listed: KeptListing | None = None,
    identity: str | None = None,
) -> Written:
    """Put `pages` (bytes by site path) into the site in `output`, which a build of ours wrote, and keep
    every other file of it as it is: a build whose changes reach no other page (see `body_edits`). As
    `write_site` updates a site in place: the search shards of the pages are indexed again (the index's
    files are under `index`, a folder's site path with its slash) and nothing is renamed into place until
    every page is written and indexed. `listed` is the site as `list_site` found it earlier, taken when the
    site is still the one listed; `identity`, the site's (`site_identity`) that the caller's work is of."""
    with _locked(output.parent):
        _tidy(output)
        if not _updatable(output) or (identity is not None and site_identity(output) != identity):
            raise SiteChanged(f"another build wrote the site in '{output}' meanwhile")
        listing = (listed.take(output) if listed is not None else None) or _list_site(output)
        # (a temporary file an interrupted update left is not kept: the update removes it, as any does)
        kept = sorted(
            p
            for p in listing.files
            if p not in pages and not (index and p.startswith(index)) and not _is_temporary(p)
        )
        files: list[tuple[str, Content]] = [*pages.items()]
        if kept:
            files.append((kept[0], UnchangedRun.of_paths(kept)))
        try:
            written = _update_in_place(files, output, search, listing=listing)
        except OSError as error:
            raise BuildError(
                f"could not write the site into '{output}': {error}; the previous site is unchanged"
            ) from None
        if listed is not None:
            listed.keep(output, listing)  # as the update left it
        return written


@contextlib.contextmanager
def _closing(files: Iterable[object]) -> Iterator[None]:
    """Close `files` at the end, when it is a generator (which closes the render stage's worker pool)."""
    try:
        yield
    finally:
        close = getattr(files, "close", None)
        if close is not None:
            close()


def _write_staged(
    files: Iterable[tuple[str, Content]],
    output: Path,
    reuse: bool,
    search: SearchIndexer | None,
    kept: KeptListing | None = None,
) -> Written:
    """Write every file into a staging folder beside `output`, index it, and swap it in; `kept` keeps the
    new site's listing (walked once it is in place)."""
    staging = scratch_folder(output)
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a published site must be readable
        # Only a folder we wrote (check_output_folder refuses any other) lends its files to the new site.
        previous = output if reuse and _updatable(output) else None
        written = _fill(staging, each_file(files), previous)
        if search is not None:
            added = search.index_folder(staging, previous)
            written.files += len(added)
            written.changed += _relink_unchanged(staging, added, previous)
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        written.identity = site_identity(staging)  # a rename keeps it: the same once swapped in
        _swap(staging, output)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(
            f"could not write the site into '{output}': {error}; the previous site, if any, is unchanged"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if kept is not None:
        with contextlib.suppress(OSError):  # then the next update walks the site itself
            kept.keep(output, _list_site(output))
    log.debug("write: staged %d files, %d of them written, the others linked", written.files, written.changed)
    return written


def _updatable(output: Path) -> bool:
    return (output / MARKER).is_file() and not output.is_symlink() and output.is_dir()


def _update_in_place(
    files: Iterable[tuple[str, Content]],
    output: Path,
    search: SearchIndexer | None,
    kept: KeptListing | None = None,
    listing: _Listing | None = None,
) -> Written:
    """Update the site in `output`: changed files are written beside their place under temporary names, the
    search shards of the changed pages are indexed in a scratch folder beside the site, and all of them are
    renamed into place only once every file is rendered and indexed; then the files the site no longer has
    are removed. Unchanged files, and the files of unchanged search shards, are not touched.

    A failure while rendering or indexing leaves the site as it was (the temporary files and folders are
    removed). The marker is written anew first, so the records of the build that wrote the site no longer
    match it should this be interrupted after all (the next build then compares bytes rather than trusting
    keys), and again at the end: its identity is that of the updated site.
    """
    if kept is not None:
        listing = kept.take(output)
    _write_marker(output)
    update = _InPlace(output, listing)
    work: Path | None = None
    try:
        try:
            for site_path, data in files:
                if isinstance(data, UnchangedRun):
                    update.keep(data)
                else:
                    update.add(site_path, data)
            update.check_cases()
            if search is not None:
                work = scratch_folder(output)
                # (The search index's files are Pagefind's, named in lower case in a folder of its own.)
                update.adopt(search.index_update(update, work))
        except BaseException:
            update.discard()
            raise
        written = update.commit()
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    _write_marker(output)
    # The marker's: the site's once a search index left for later (`SEARCH_PENDING`) has caught up.
    written.identity = marker_identity(output)
    if kept is not None:
        kept.keep(output, update.listing)
    log.debug("write: updated in place, %d files, %d written, none linked", written.files, written.changed)
    return written


class _InPlace:
    """A site being updated in place: what changes is held back, under temporary names, until `commit`."""

    def __init__(self, output: Path, listing: _Listing | None = None):
        self.output = output
        # The site as it is, listed once (or as the last update left it): a file listed as regular needs no
        # look of its own when it stays.
        self.listing = listing if listing is not None else _list_site(output)
        # Every file of the new site: its site path, as the relative path it is written at.
        self._claimed: dict[str, str] = {}
        self._pending: dict[str, Path] = {}  # (relative) site path: the temporary file of its new bytes
        self._made: list[Path] = []  # folders made for new files, removed again if the update fails

    def site_paths(self) -> Iterable[str]:
        """Every file of the site as it will be (for the search index)."""
        return self._claimed.values()

    def changed(self) -> Mapping[str, Path]:
        """The files whose bytes change, each with its temporary file (for the search index)."""
        return self._pending

    def add(self, site_path: str, data: bytes | Made | Unchanged) -> None:
        """A rendered file: written under a temporary name beside its place (a `Made` file: renamed in from
        the scratch folder) unless the site holds its bytes."""
        self._put(self._claim(site_path), data)

    def keep(self, run: UnchangedRun) -> None:
        """A run of unchanged files: claimed together (`_claim_all`); a file the site does not hold as a
        regular file is made after all, as `add` makes it."""
        relatives = self._claim_all(run.paths)
        files = self.listing.files
        if files.issuperset(relatives):  # as a rule: one test in C
            return
        missing = {path for path, relative in zip(run.paths, relatives, strict=True) if relative not in files}
        if missing:
            for site_path, data in run.files():
                if site_path in missing:
                    self._put(self._claimed[site_path], data)

    def _put(self, relative: str, data: bytes | Made | Unchanged) -> None:
        if isinstance(data, Unchanged):
            if relative in self.listing.files:  # a regular file: the one the build with that key wrote
                return
            data = data.render()
        target = self._place(relative)
        if isinstance(data, Made):
            if not _same_bytes(data.path, target):
                self._pending[relative] = data.path
            return
        if _holds(target, data):
            return
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        self._pending[relative] = Path(temporary)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a published site must be readable

    def adopt(self, search: SearchFiles) -> None:
        """The search index's files: each renamed in from where it was made unless the site holds its bytes;
        the files of the shards it keeps stay."""
        for site_path, made in search.files.items():
            relative = self._claim(site_path)
            target = self._place(relative)
            if _same_bytes(made, target):
                continue
            self._pending[relative] = made
        if search.kept:
            common = os.path.commonprefix(search.kept)  # one test per file of the site, then one per shard
            listed = itertools.chain(self.listing.files, self.listing.others)
            kept = [p for p in listed if p.startswith(common) and p.startswith(search.kept)]
            # (a kept folder's file made anew, by the preview's plan, is among the files above)
            self._claim_all(sorted(p for p in kept if p not in search.files))

    def commit(self) -> Written:
        """Rename every changed file into place, then remove the files the site no longer has."""
        listing = self.listing
        for site_path, temporary in self._pending.items():
            os.replace(temporary, self.output / site_path)
            listing.files.add(site_path)
            listing.others.discard(site_path)  # a link the file replaced
        kept = set(self._claimed.values())
        gone = (listing.files - kept) | (listing.others - kept)
        listing.files -= gone
        listing.others -= gone
        listing.folders -= _remove_others(self.output, gone)
        listing.claimed = self._claimed
        return Written(len(self._claimed), len(self._pending))

    def discard(self) -> None:
        """Undo what was prepared: the temporary files and the folders made for them."""
        for temporary in self._pending.values():
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):  # not empty: another file of ours is in it
                folder.rmdir()

    def _claim(self, site_path: str) -> str:
        """The site path as a relative file path ('/'-separated), refused when the new site already has it.

        A path the last update claimed too is known to be plain; whether two paths differ only in case is
        asked once every file is claimed (`check_cases`), and only of a site with paths the last one had not.
        """
        relative = self.listing.claimed.get(site_path)
        if relative is None:
            relative = _relative(site_path)
        if site_path in self._claimed:
            raise _same_address(site_path, site_path)
        self._claimed[site_path] = relative
        return relative

    def _claim_all(self, site_paths: list[str]) -> list[str]:
        """`_claim` of each of `site_paths`, in one pass where the last update claimed them all (a preview's
        save claims tens of thousands of paths, the same each time); their relative paths, in order."""
        before = self.listing.claimed
        try:
            fresh = {site_path: before[site_path] for site_path in site_paths}
        except KeyError:  # a path the last update did not claim: checked one by one
            return [self._claim(site_path) for site_path in site_paths]
        if len(fresh) < len(site_paths) or not self._claimed.keys().isdisjoint(fresh):
            for site_path in site_paths:  # raises at the path claimed twice
                self._claim(site_path)
        self._claimed.update(fresh)
        return list(fresh.values())

    def check_cases(self) -> None:
        """Refuse two files whose paths differ only in case: case-insensitive file systems (macOS, Windows)
        would silently merge them. The last update's paths were checked: a site made of them needs no look."""
        before = self.listing.claimed
        if before and self._claimed.keys() <= before.keys():
            return
        folded: dict[str, str] = {}
        for site_path in self._claimed:
            other = folded.setdefault(site_path.casefold(), site_path)
            if other != site_path:
                raise _same_address(site_path, other)

    def _place(self, relative: str) -> Path:
        """Where the file at `relative` goes, its missing folders made; refused where a link or a file stands
        in the place of one of its folders (a file written there would go through the link, out of the
        site), or a folder in the place of the file (it could not be renamed in)."""
        listing = self.listing
        if relative in listing.folders:
            raise BuildError(_blocked(self.output / relative, "a folder where the site now has a file"))
        missing = []
        folder = relative.rpartition("/")[0]
        while folder and folder not in listing.folders:  # the folders the walk found, and those made since
            if folder in listing.files or folder in listing.others:
                raise BuildError(
                    _blocked(self.output / folder, "a link or a file where the site has a folder")
                )
            missing.append(folder)
            folder = folder.rpartition("/")[0]
        for folder in reversed(missing):
            made = self.output / folder
            made.mkdir()
            self._made.append(made)
            listing.folders.add(folder)
        return self.output / relative


def _same_address(site_path: str, other: str) -> BuildError:
    return BuildError(
        f"two files of the site would share the address '{site_path}' "
        f"(also '{other}'); rename one of the ids or slugs behind them"
    )


def _blocked(path: Path, what: str) -> str:
    return f"cannot update the site in place: '{path}' is {what}; remove it and build again"


def scratch_folder(output: Path) -> Path:
    """A new temporary folder beside `output`, named as the write stage's own: the next build removes it
    should it be left behind (the preview's search index is made in one after the pages are renamed in)."""
    return Path(tempfile.mkdtemp(prefix=_prefix(output, _STAGING), dir=output.parent))


def rename_in_search(
    output: Path, search: SearchFiles, folder: str, identity: str | None, listing: KeptListing | None = None
) -> bool:
    """Rename into the site the files of a search index made after its pages were renamed in (the preview's,
    in the background), as `_InPlace` renames those of an index made before: each unless the site holds its
    bytes, in their order; then the files under `folder` (the index's) that are neither among them nor in a
    kept shard are removed. The marker stays: the site's identity is still that of the build that wrote it.
    The listing the last update kept (`listing`) is brought up to date with what changed.

    False, with nothing renamed, when the site is no longer the one of `identity` (another build wrote it
    meanwhile, with an index of its own).
    """
    with _locked(output.parent):
        if marker_identity(output) != identity:
            return False
        taken = listing.take(output) if listing is not None else None
        present = set()
        for root, _, names in os.walk(output / folder):
            base = Path(root).relative_to(output).as_posix()
            present.update(f"{base}/{name}" for name in names)
        renamed = []
        for site_path, made in search.files.items():
            target = output / _relative(site_path)
            if _same_bytes(made, target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(made, target)
            renamed.append(_relative(site_path))
        kept = tuple(search.kept)
        gone = {p for p in present if p not in search.files and not p.startswith(kept)}
        removed = _remove_others(output, gone)
        search_caught_up(output)
        if taken is not None and listing is not None:
            taken.files.update(renamed)
            taken.others.difference_update(renamed)
            taken.files -= gone
            taken.folders.update(f for p in renamed for f in _folders_of(p))
            taken.folders -= removed
            listing.keep(output, taken)
    return True


def _folders_of(relative: str) -> Iterator[str]:
    """The folders a site path lies in, as site paths ('a/b/c.html': 'a/b', 'a')."""
    folder = relative.rpartition("/")[0]
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]


def search_pending(output: Path) -> None:
    """Note in `output` that its search index is behind its pages (see `SEARCH_PENDING`)."""
    with open(output / SEARCH_PENDING, "w", encoding="utf-8") as stream:
        stream.write("The search index of this site is being made; a build makes it if this stays.\n")


def search_caught_up(output: Path) -> None:
    """Take the note of `search_pending` away: the index describes the pages, or the process that made them
    answers for those it does not (it indexes them, or writes the marker anew: `forget_site`)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(output / SEARCH_PENDING)


def exports_pending(output: Path) -> None:
    """Note in `output` that its data exports are behind its pages (see `EXPORTS_PENDING`)."""
    with open(output / EXPORTS_PENDING, "w", encoding="utf-8") as stream:
        stream.write("The data exports of this site are being made; a build makes them if this stays.\n")


def exports_caught_up(output: Path) -> None:
    """Take the note of `exports_pending` away: the exports are in place, or their process answers for
    them."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(output / EXPORTS_PENDING)


def rename_in_exports(output: Path, files: Mapping[str, Path], identity: str | None) -> bool:
    """Rename into the site the files of data exports made after its pages were renamed in (the preview's,
    in the background), each unless the site holds its bytes, then take the note of `exports_pending` away.
    Each file is renamed in whole: a reader gets the previous file or the new one, never part of it. The
    marker stays, as with `rename_in_search`.

    False, with nothing renamed, when the site is no longer the one of `identity` (another build wrote it
    meanwhile, with exports of its own).
    """
    with _locked(output.parent):
        if marker_identity(output) != identity:
            return False
        for site_path, made in files.items():
            target = output / _relative(site_path)
            if not _same_bytes(made, target):
                os.replace(made, target)
        exports_caught_up(output)
    return True


def forget_site(output: Path) -> None:
    """Write the marker of `output` anew, so that no record of the build that wrote the site matches it: the
    next build neither skips nor trusts the keys of its pages (the preview left its search index or its
    exports behind). The notes that they are behind are then taken away: the marker says it for them."""
    with _locked(output.parent):
        if _updatable(output):
            _write_marker(output)
            search_caught_up(output)
            exports_caught_up(output)


def _write_marker(output: Path) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=output)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(_MARKER_TEXT)
    os.chmod(temporary, 0o644)
    os.replace(temporary, output / MARKER)


def _is_temporary(site_path: str) -> bool:
    return site_path.rpartition("/")[2].startswith(".tmp-")  # `_InPlace._put`'s


def list_site(output: Path) -> KeptListing:
    """The site in `output` as it is now, for `update_pages` to take up (a build lists it while it waits)."""
    kept = KeptListing()
    if _updatable(output):
        kept.keep(output, _list_site(output))
    return kept


class KeptListing:
    """What the last update in place found in a site, and left there: a process that updates the same site
    again and again (a preview server) takes it up instead of walking the site each time (0.3 s at 48,000
    files). Taken up only while the site is the one that update left (its marker, which every build writes
    anew, is the same file), so a site another build wrote since is walked again; and taken once, so an
    update that fails midway leaves none."""

    def __init__(self) -> None:
        self._kept: tuple[Path, str, _Listing] | None = None

    def take(self, output: Path) -> _Listing | None:
        kept, self._kept = self._kept, None
        if kept is None or kept[0] != output or kept[1] != marker_identity(output):
            return None
        return kept[2]

    def keep(self, output: Path, listing: _Listing) -> None:
        identity = marker_identity(output)
        self._kept = None if identity is None else (output, identity, listing)

    def peek(self, output: Path) -> _Listing | None:
        """What `take` would give, left kept."""
        kept = self._kept
        if kept is None or kept[0] != output or kept[1] != marker_identity(output):
            return None
        return kept[2]


@dataclass
class _Listing:
    """The entries of a site by site path, as one walk found them (none followed through a link)."""

    files: set[str]  # regular files, the marker aside
    others: set[str]  # links (to files or folders), and whatever else is neither a file nor a folder
    folders: set[str]  # real folders (the site's root aside)
    # The files the update that left the site put in it, by site path (see `_InPlace._claim`); none after
    # a walk.
    claimed: dict[str, str] = field(default_factory=dict, compare=False)


def _list_site(output: Path, under: str = "") -> _Listing:
    """Every entry in `output` (or in its folder `under`, a site path with its slash), in one walk: each
    entry's kind comes with its folder's listing (no `stat` per file), and a link is listed, never
    followed. Strings only: a site has many files."""
    listing = _Listing(set(), set(), set())
    files, others, folders = listing.files, listing.others, listing.folders
    pending = [(under, os.path.join(output, under))]
    if under:
        folder = os.path.join(output, under.rstrip("/"))
        if not os.path.isdir(folder) or os.path.islink(folder):
            return listing
        folders.add(under.rstrip("/"))
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                site_path = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(site_path)
                    pending.append((site_path + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.add(site_path)
                else:
                    others.add(site_path)
    files.discard(MARKER)
    others.discard(MARKER)
    return listing


_LISTING_FORMAT = 1  # of `listing_data`: another format is not taken up


def listing_data(kept: KeptListing, output: Path, index: str) -> bytes | None:
    """What `kept` holds of the site in `output`, as bytes another process takes up (`listing_from`): every
    entry but those of the folder `index` (the search index's, a site path with its slash), which each
    update of a page changes and which is walked again instead; None when it holds none of that site."""
    listing = kept.peek(output)
    if listing is None:
        return None
    folder = index.rstrip("/")

    def outside(paths: Iterable[str]) -> list[str]:
        return sorted(p for p in paths if not p.startswith(index) and p != folder)

    claimed = listing.claimed
    files = outside(listing.files)
    # The paths the update claimed as themselves (as a rule: every file), and those it claimed otherwise.
    as_themselves = outside(p for p, relative in claimed.items() if p == relative)
    return json.dumps(
        {
            "format": _LISTING_FORMAT,
            "files": files,
            "others": outside(listing.others),
            "folders": outside(listing.folders),
            "claimed": True if as_themselves == files else as_themselves,
            "claimed_as": {p: claimed[p] for p in outside(p for p, r in claimed.items() if p != r)},
        },
        separators=(",", ":"),
    ).encode("utf-8")


def listing_from(data: bytes, output: Path, index: str) -> KeptListing | None:
    """The listing `listing_data` made of the site in `output`, with its folder `index` walked now; taken
    up only while the site's marker is the one it has now (the caller knows the data to be of that site).
    None when the data is not such a listing."""
    try:
        found = json.loads(data)
        if found.get("format") != _LISTING_FORMAT:
            return None
        claimed = {p: p for p in (found["files"] if found["claimed"] is True else found["claimed"])}
        claimed.update(found["claimed_as"])
        listing = _Listing(set(found["files"]), set(found["others"]), set(found["folders"]), claimed)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    entries = itertools.chain(listing.files, listing.others, listing.folders, claimed.items())
    if not all(isinstance(p, str) or all(isinstance(q, str) for q in p) for p in entries):
        return None
    walked = _list_site(output, index)
    listing.files |= walked.files
    listing.others |= walked.others
    listing.folders |= walked.folders
    kept = KeptListing()
    kept.keep(output, listing)
    return kept


def keeps_all(kept: KeptListing, output: Path, index: str) -> bool:
    """Whether an update of the site that `kept` lists keeps every entry outside the folder `index` that it
    does not write: the site holds none that an update removes (a link, an interrupted update's temporary
    file). Then an update of pages that the site holds leaves those entries as they were."""
    listing = kept.peek(output)
    if listing is None:
        return False
    outside = [p for p in itertools.chain(listing.files, listing.others) if not p.startswith(index)]
    return not any(p in listing.others or _is_temporary(p) for p in outside)


# Files are compared this many bytes at a time: a big export is never read whole into memory.
COMPARED_BLOCK = 1 << 20


def _same_bytes(made: Path, target: Path) -> bool:
    """True when `target` is a regular file with the bytes of `made` (or is `made`, linked)."""
    try:
        if _same_file(made, target):
            return True
        info = os.lstat(target)
        if not stat.S_ISREG(info.st_mode) or info.st_size != os.stat(made).st_size:
            return False
        with open(made, "rb") as one, open(target, "rb") as other:
            while block := one.read(COMPARED_BLOCK):
                if other.read(len(block)) != block:
                    return False
            return not other.read(1)
    except OSError:
        return False


def _holds(path: Path, data: bytes) -> bool:
    """True when `path` is a regular file holding exactly `data`."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _remove_others(output: Path, site_paths: set[str]) -> set[str]:
    """Remove files the site no longer has, and the folders that leaves empty; returns those folders (as
    site paths)."""
    folders: set[Path] = set()
    for site_path in sorted(site_paths):
        path = output / site_path
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        folders.update(p for p in path.parents if p != output and p.is_relative_to(output))
    removed = set()
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty: it still holds files of the site
            folder.rmdir()
            removed.add(folder.relative_to(output).as_posix())
    return removed


def _fill(staging: Path, files: Iterable[tuple[str, Content]], previous: Path | None = None) -> Written:
    seen: dict[str, str] = {}
    folders: set[Path] = set()
    changed = 0
    for site_path, data in files:
        # Case-insensitive file systems (macOS, Windows) would silently merge these two files.
        key = site_path.casefold()
        if key in seen:
            raise BuildError(
                f"two files of the site would share the address '{site_path}' "
                f"(also '{seen[key]}'); rename one of the ids or slugs behind them"
            )
        seen[key] = site_path
        relative = _safe_relative(site_path)
        target = staging / relative
        if target.parent not in folders:  # one mkdir per folder, not per file
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if isinstance(data, Unchanged):
            if previous is not None and _link(previous / relative, target):
                continue
            data = data.render()
        changed += _put(target, data, None if previous is None else previous / relative)
    return Written(len(seen), changed)


def _put(target: Path, data: bytes | Made, old: Path | None) -> bool:
    """Put a file into a staging folder: a link to `old` (the previous site's file) when that holds the same
    bytes; otherwise written, or a `Made` file renamed in. True when it is not linked."""
    if isinstance(data, Made):
        if old is not None and _same_bytes(data.path, old) and _link(old, target):
            return False
        os.rename(data.path, target)
        return True
    if old is not None and _link_unchanged(old, data, target):
        return False
    target.write_bytes(data)
    return True


def _relink_unchanged(staging: Path, site_paths: list[str], previous: Path | None) -> int:
    """Put a link to the previous site's file in place of each written file with the same bytes.

    Returns how many of the files differ from the previous site's.
    """
    changed = 0
    for site_path in site_paths:
        relative = _safe_relative(site_path)
        target = staging / relative
        if previous is None:
            changed += 1
            continue
        if _same_file(previous / relative, target):  # already linked from the previous site by `finish`
            continue
        data = target.read_bytes()
        target.unlink()
        if not _link_unchanged(previous / relative, data, target):
            target.write_bytes(data)
            changed += 1
    return changed


def _same_file(old: Path, new: Path) -> bool:
    try:
        return os.path.samefile(old, new)
    except OSError:
        return False


def _link_unchanged(old: Path, data: bytes, target: Path) -> bool:
    """Hard-link `old` to `target` when it is a regular file holding exactly `data`; False otherwise."""
    try:
        info = os.lstat(old)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(old, "rb") as handle:
            if handle.read(len(data) + 1) != data:
                return False
    except OSError:
        return False
    return _link(old, target)


def _link(old: Path, target: Path) -> bool:
    """Hard-link `old` (a regular file) to `target`; False when it is gone or cannot be linked."""
    try:
        if not stat.S_ISREG(os.lstat(old).st_mode):
            return False
        os.link(old, target, follow_symlinks=False)
    except (OSError, NotImplementedError):  # no hard links on this file system: the caller writes the bytes
        return False
    return True


def _safe_relative(site_path: str) -> Path:
    """A site path as a relative file path; anything that could escape the output is a bug, not content."""
    pure = PurePosixPath(site_path)
    escapes = pure.is_absolute() or ".." in pure.parts or "\\" in site_path
    if escapes or not pure.parts or ":" in pure.parts[0]:
        raise BuildError(f"refusing to write '{site_path}': it would lie outside the output folder")
    return Path(*pure.parts)


def _is_plain(site_path: str) -> bool:
    """Whether a site path is a plain relative path already, as `_safe_relative` would return it: no empty
    part, no part that starts with "." (so no "." or ".."), no backslash, no ":" in its first part (a drive
    or a scheme). String tests only: the write stage asks about each of a site's tens of thousands of files
    (a regular expression took six times as long). A path it refuses goes through the full check."""
    if not site_path or site_path[0] in "./" or site_path[-1] == "/" or "\\" in site_path:
        return False
    return "//" not in site_path and "/." not in site_path and ":" not in site_path.partition("/")[0]


def _relative(site_path: str) -> str:
    """`_safe_relative(site_path)` as a '/'-separated string, parsing only the site paths that are not plain
    (a site's tens of thousands of files are)."""
    if _is_plain(site_path):
        return site_path
    return _safe_relative(site_path).as_posix()


def _prefix(output: Path, role: str) -> str:
    return f".{output.name}.{role}-"


def _ours(output: Path, role: str) -> Iterator[Path]:
    """Our temporary folders of one role beside `output` (named by `tempfile.mkdtemp` with our prefix)."""
    pattern = re.compile(re.escape(_prefix(output, role)) + r"[A-Za-z0-9_]{8}")
    for path in sorted(output.parent.iterdir()):
        if pattern.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            yield path


def _tidy(output: Path) -> None:
    """Undo what an interrupted build left behind: restore a site caught mid-swap, drop stale temp folders."""
    if not output.exists():
        for retired in _ours(output, _RETIRED):
            if (retired / "site" / MARKER).is_file():
                os.rename(retired / "site", output)
                log.warning(
                    "restored the previous site in %s, which an interrupted build had moved aside", output
                )
                break
    for role in (_STAGING, _RETIRED):
        for leftover in _ours(output, role):
            log.debug("removing %s, left by an interrupted build", leftover)
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an advisory lock on `folder`, so two builds never swap or tidy the same output at once."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; builds into one folder must not overlap
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` with `staging` so that at every instant one complete site is at `output`."""
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        _discard(staging)  # it now holds the previous site
        return
    # No atomic exchange here: two renames. An interruption between them leaves the previous site in
    # `.<name>.old-*/site`, and the next build puts it back before doing anything else (see _tidy).
    retired = Path(tempfile.mkdtemp(prefix=_prefix(output, _RETIRED), dir=output.parent))
    os.rename(output, retired / "site")
    try:
        os.rename(staging, output)
    except OSError:
        os.rename(retired / "site", output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


# A previous site of more files than this is removed by a process of its own, so the build need not wait
# for it: removing tens of thousands of files and folders took longer than the rest of a one-article rebuild.
BACKGROUND_REMOVAL_FILES = 5000


def _discard(folder: Path) -> None:
    """Remove a folder of ours; a big one in a detached process (the next build's `_tidy` removes whatever
    an interrupted removal leaves, as it is named as our temporary folders are)."""
    if not hasattr(os, "fork") or not _more_files_than(folder, BACKGROUND_REMOVAL_FILES):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked process
        try:
            if os.fork() == 0:  # the grandchild removes; the child exits at once, so nobody waits for it
                os.setsid()
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def _more_files_than(folder: Path, limit: int) -> bool:
    count = 0
    for _, _, names in os.walk(folder):
        count += len(names)
        if count > limit:
            return True
    return False


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux `renameat2` with RENAME_EXCHANGE).

    Returns False when the system or file system cannot, so the caller falls back to two renames.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (musl before 1.2.?, old glibc)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))
