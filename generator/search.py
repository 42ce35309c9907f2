"""Full-text search: Pagefind indexes the rendered pages into shards under `pagefind/` inside the site.

The write stage indexes the pages once every one is rendered and before any reaches the site, so the index
always describes the pages beside it, and a failed indexing fails the build like any other failure: the
previous site and its search stay whole. A site updated in place (`index_update`) has the shards of its
changed pages indexed in a scratch folder beside it, from links to the pages as they will be, and their files
renamed in with the pages; a first build or `--no-cache` (`index_site`) indexes its staging folder before
the folder is swapped in. The preview's rebuilds rename their pages in first and index afterwards
(`generator.search_background`): until then the plan the index leaves for the next build names those pages
as stale (`plan_with_stale`), and every build indexes the shards of stale pages again.

Which pages are searched, and the kind each result shows, is decided by the templates (`_search.html`):
Pagefind reads the `data-pagefind-*` attributes of the pages it is given. What repeats on many pages
(charts and their tables, source lists, notes on moved facts, an article's list of its facts and its
links to fact sheets) is left out here (`EXCLUDED`), so each fact is found where it is stated rather than
on every page that lists it.

The pages are indexed in shards (`generator.search_shards`), each by a Pagefind run of its own into
`pagefind/<shard>/`, as many runs at once as there are cores: Pagefind's memory is that of the largest
shards. A shard whose pages are all the previous site's, unchanged, keeps its index files.
`pagefind/shards.json` lists the shards and their languages for `assets/search.js`, which merges them into
one list of results in the reader's browser; `pagefind/shard-pages.json` records each shard's pages for the
next build.

Pagefind runs as its own program (the binary of the `pagefind[bin]` package) rather than through the
package's asynchronous Python API: the pages are already on disk. Its output depends only on the pages (two
runs over the same bytes give the same bytes): it runs in a folder of its shard's pages with every
`PAGEFIND_*` variable removed, so neither a `pagefind.yml` nor the environment can change it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.errors import BuildError
from generator.search_shards import (
    SHARD_BYTES,
    SHARD_PAGES,
    Limit,
    Shard,
    StrPath,
    html_pages,
    plan_shards,
    searched_pages,
)

log = logging.getLogger(__name__)

SEARCH_FOLDER = "pagefind"  # the site path of the index and of Pagefind's own scripts and styles
SHARDS_FILE = "shards.json"  # for the browser: every shard's folder and languages
PAGES_FILE = "shard-pages.json"  # for the next build: every shard's pages
ENTRY_FILE = "pagefind-entry.json"  # a shard's entry: Pagefind's script reads it first
_FORMAT = 1  # of PAGES_FILE and of how shards are made: a change re-indexes every shard
_STALE_KEY = "stale"  # in PAGES_FILE: pages renamed in since the index was made (see `plan_with_stale`)
_INSTALL_HINT = "install it with `pip install 'pagefind[bin]'` (a dependency of factsheets)"
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")  # the interface the pages load, once for all shards
# Pagefind's other interfaces, which the site does not load: not published.
_UNUSED_FILES = (
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# Parts of the default theme's pages that repeat what is searched elsewhere (see the module's docstring).
EXCLUDED = (
    ".chart-box",
    ".fact-sources",
    ".sources",
    ".moved",
    ".fact-index",
    ".fact-link",
    ".precision-legend",
    ".citation-block",
    ".citation-downloads",
)


@dataclass(frozen=True)
class SearchFiles:
    """The search index of a site updated in place, made beside it before any of its files is renamed in.

    `files` are the site paths of the index files to have, each with the file (in a scratch folder) holding
    its bytes, in the order they are to be renamed in: a shard's entry file after the files it names, and
    the list of shards last, so a reader never loads an entry whose files are not there yet. `kept` are the
    folders (site paths ending in '/') of the shards left as they are in the site: their files stay.
    """

    files: dict[str, Path]
    kept: tuple[str, ...]


class SiteSearch:
    """The search index as the write stage makes it: in a staging folder, or beside a site updated in place
    (the object `write.write_site` is given)."""

    def __init__(self, limit: Limit | None = None):
        self.limit = limit

    def index_folder(self, folder: Path, previous: Path | None) -> list[str]:
        """See `index_site`."""
        return index_site(folder, previous, self.limit)

    def index_update(self, update: SiteUpdate, work: Path) -> SearchFiles:
        """See `index_update`."""
        return index_update(update, work, self.limit)


class SiteUpdate(Protocol):
    """A site being updated in place, every file rendered and none renamed in yet (`write._InPlace`)."""

    output: Path  # the site as it was: whole, and what its index describes

    def site_paths(self) -> Iterable[str]:
        """Every file of the site as it will be."""
        ...

    def changed(self) -> Mapping[str, Path]:
        """The files whose bytes change, each with the temporary file holding its new bytes."""
        ...


def index_site(
    folder: Path, previous: Path | None = None, limit: Limit | None = None, stale: Iterable[str] = ()
) -> list[str]:
    """Index the HTML pages under `folder` into `folder/pagefind/`; returns the site paths written.

    `previous` is the site being replaced: a shard whose pages are all hard links to its files, and which
    it indexed with the same Pagefind and settings, keeps its index files (hard-linked), unless one of its
    pages is `stale` (changed since its index was made). `limit` bounds the pages one Pagefind run is given
    (default: `SHARD_PAGES` pages, `SHARD_BYTES` bytes).
    """
    pages = {page: folder / page for page in html_pages(folder, skip=[SEARCH_FOLDER])}
    bundle = folder / SEARCH_FOLDER
    bundle.mkdir()
    old = previous / SEARCH_FOLDER if previous is not None else None
    index = _Indexing(limit, folder, previous, stale)

    def keep(shard: Shard) -> bool:
        return old is not None and _link_shard(old / shard.name, bundle / shard.name)

    shards, _ = index.run(pages, lambda: _unchanged_pages(folder, previous, pages), keep, bundle)
    _write_lists(bundle, {shard.name: bundle for shard in shards}, shards, index.plan_of(shards))
    return sorted(path.relative_to(folder).as_posix() for path in bundle.rglob("*") if path.is_file())


def index_update(
    update: SiteUpdate,
    work: Path,
    limit: Limit | None = None,
    stale: Iterable[str] = (),
    runs: PagefindRuns | None = None,
) -> SearchFiles:
    """Index the pages of a site updated in place, in `work` (a scratch folder on the site's file system).

    Only the shards with a changed, added, removed or `stale` page (one the site holds already, changed
    since its index was made) are indexed, each from a folder of hard links to its pages as they will be (a
    changed page's temporary file, the site's file for the others); the other shards' files in the site
    are left as they are. Nothing in the site is written. `runs` lets another thread cancel the Pagefind runs.
    """
    output = update.output
    changed = update.changed()
    site = os.fspath(output)
    # Paths as strings: made for every page of the site, of which Pagefind reads one shard's.
    pages = {
        page: changed.get(page) or os.path.join(site, page)
        for page in sorted(update.site_paths())
        if page.endswith(".html") and page.partition("/")[0] != SEARCH_FOLDER
    }
    old = output / SEARCH_FOLDER
    bundle = work / SEARCH_FOLDER
    bundle.mkdir()
    index = _Indexing(limit, work, output, stale, runs)

    def keep(shard: Shard) -> bool:
        return (old / shard.name / ENTRY_FILE).is_file()  # the shard's files stay where they are

    shards, kept = index.run(pages, lambda: set(pages).difference(changed), keep, bundle)
    folders = {shard.name: old if shard in kept else bundle for shard in shards}
    _write_lists(bundle, folders, shards, index.plan_of(shards))
    return SearchFiles(_files_in_order(bundle), tuple(f"{SEARCH_FOLDER}/{shard.name}/" for shard in kept))


class _Indexing:
    """What indexing a site takes: the Pagefind program, the settings, and the previous site's plan."""

    def __init__(
        self,
        limit: Limit | None,
        scratch: Path,
        previous: Path | None,
        stale: Iterable[str] = (),
        runs: PagefindRuns | None = None,
    ):
        self.limit = limit or Limit(SHARD_PAGES, SHARD_BYTES)
        self.executable = pagefind_executable()
        self.scratch = scratch  # where each run's folder of pages is made: on the pages' file system
        self.previous = previous
        self.stale = set(stale)  # pages the previous index does not describe as they are
        self.runs = runs or PagefindRuns()
        self.settings = {
            "format": _FORMAT,
            "pagefind": _pagefind_version(self.executable, scratch, self.runs),
            "excluded": list(EXCLUDED),
            "limit": [self.limit.pages, self.limit.size],
        }
        self.marked = False

    def run(
        self,
        pages: Mapping[str, StrPath],
        unchanged_pages: Callable[[], set[str]],
        keep: Callable[[Shard], bool],
        bundle: Path,
    ) -> tuple[list[Shard], list[Shard]]:
        """Plan the shards of `pages` (site path: the file holding its bytes) and index into `bundle` those
        that `keep` does not keep; returns every shard and those kept."""
        started = time.perf_counter()
        before, marked_before, stale_before = _previous_plan(self.previous, self.settings)
        # An unchanged page is searched if the previous index searched it, when that index was made of the
        # marked pages (not of every page, for want of a mark): only the other pages are read. A stale page
        # (changed since the previous index was made, its index left for later) is no unchanged page.
        unchanged = unchanged_pages().difference(self.stale, stale_before) if before else set()
        known = unchanged if marked_before else set()
        searched_before = {page for listed in before.values() for page in listed}
        searched, self.marked = searched_pages(
            pages, lambda page: (page in searched_before) if page in known else None
        )
        shards = plan_shards({page: os.stat(pages[page]).st_size for page in searched}, self.limit)
        kept = [
            shard
            for shard in shards
            if before.get(shard.name) == list(shard.pages)
            and unchanged.issuperset(shard.pages)
            and keep(shard)
        ]
        changed = [shard for shard in shards if shard not in kept]
        # Shards are independent runs into folders of their own: as many at once as there are cores (a run
        # of one shard keeps a core busy only part of its time), each bounded in memory by the shard's size.
        with ThreadPoolExecutor(max_workers=min(len(changed), os.cpu_count() or 1) or 1) as pool:
            list(pool.map(lambda shard: self._index_shard(pages, shard, bundle), changed))
        log.debug(
            "search: %d of %d shards indexed (%d pages searched) in %.2f s",
            len(changed),
            len(shards),
            len(searched),
            time.perf_counter() - started,
        )
        old = self.previous / SEARCH_FOLDER if self.previous is not None else None
        _place_interface(bundle, old, self.executable, self.runs)
        return shards, kept

    def plan_of(self, shards: list[Shard]) -> dict[str, object]:
        """What the next build reads of this one's index (`PAGES_FILE`)."""
        return {
            **self.settings,
            "marked": self.marked,
            "shards": {shard.name: shard.pages for shard in shards},
        }

    def _index_shard(self, pages: Mapping[str, StrPath], shard: Shard, bundle: Path) -> None:
        """One Pagefind run over the shard's pages alone (hard-linked into a folder of their own)."""
        folder = Path(tempfile.mkdtemp(prefix=".search-pages-", dir=self.scratch))
        try:
            made: set[Path] = set()
            for page in shard.pages:
                target = folder / page
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                _link_or_copy(os.fspath(pages[page]), os.fspath(target))
            output = bundle / shard.name
            arguments = ["--site", ".", "--output-path", os.fspath(output)]
            excluded = ["--exclude-selectors", ", ".join(EXCLUDED)]
            _run_pagefind(self.executable, [*arguments, *excluded], folder, self.runs)
            if not (output / ENTRY_FILE).is_file():
                raise BuildError(f"Pagefind wrote no index for the pages of '{shard.name}'")
            _languages_in_order(output / ENTRY_FILE)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        for name in _UNUSED_FILES:
            with contextlib.suppress(FileNotFoundError):
                (output / name).unlink()


def _languages_in_order(entry: Path) -> None:
    """Put the languages of a shard's entry in order: Pagefind writes those of a shard of pages in several
    languages in an order of its own, which differs between runs over the same pages."""
    data = entry.read_bytes()
    found = json.loads(data)
    languages = found.get("languages")
    if not isinstance(languages, dict) or list(languages) == sorted(languages):
        return
    found["languages"] = dict(sorted(languages.items()))
    entry.write_bytes(json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _previous_plan(
    previous: Path | None, settings: dict[str, object]
) -> tuple[dict[str, list[str]], bool, set[str]]:
    """The previous site's shards and their pages, when it was indexed the way this build indexes, whether
    its pages were chosen by their mark, and the pages it holds that its index does not describe yet."""
    plan = _read_plan(previous / SEARCH_FOLDER) if previous is not None else None
    if plan is None or any(plan.get(key) != value for key, value in settings.items()):
        return {}, False, set()
    shards = plan.get("shards")
    if not isinstance(shards, dict):
        return {}, False, set()
    pages = {
        name: listed
        for name, listed in shards.items()
        if isinstance(listed, list) and all(isinstance(page, str) for page in listed)
    }
    return pages, plan.get("marked") is True, _stale_of(plan)


def _read_plan(bundle: Path) -> dict | None:
    """The plan an index left in `bundle` (`PAGES_FILE`); None when there is none, or not one this code wrote
    (every shard is then indexed)."""
    try:
        plan = json.loads((bundle / PAGES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return plan if isinstance(plan, dict) else None


def _stale_of(plan: dict) -> set[str]:
    listed = plan.get(_STALE_KEY, [])
    return {page for page in listed if isinstance(page, str)} if isinstance(listed, list) else set()


def stale_pages(site: Path) -> set[str]:
    """The pages of `site` its search index does not describe as they are (see `plan_with_stale`)."""
    plan = _read_plan(site / SEARCH_FOLDER)
    return _stale_of(plan) if plan is not None else set()


def plan_with_stale(site: Path, stale: Iterable[str], file: Path) -> bool:
    """Write into `file` the plan of the index of `site` with `stale` pages added to those it names as not
    described by the index; False (nothing written) when the site has no plan this code wrote.

    A page renamed into a site before its shard is indexed again (the preview's rebuilds) is stale until
    then: any build that reads the plan, in this process or another, indexes the shards of its stale pages
    however unchanged it finds them. The plan the index writes next names none.
    """
    plan = _read_plan(site / SEARCH_FOLDER)
    if plan is None:
        return False
    plan[_STALE_KEY] = sorted(_stale_of(plan).union(stale))
    _write_json(file, plan)
    return True


def _unchanged_pages(folder: Path, previous: Path | None, pages: Iterable[str]) -> set[str]:
    """The pages this site holds unchanged from the previous site: the same file, hard-linked from it."""
    if previous is None:
        return set()
    same = set()
    for page in pages:
        with contextlib.suppress(OSError):
            new, old = os.lstat(folder / page), os.lstat(previous / page)
            if (new.st_ino, new.st_dev) == (old.st_ino, old.st_dev):
                same.add(page)
    return same


def _link_shard(source: Path, target: Path) -> bool:
    """Link the previous site's index files of a shard into the new site; False when they cannot be."""
    if not (source / ENTRY_FILE).is_file():
        return False
    try:
        shutil.copytree(source, target, copy_function=_link_or_copy)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _write_lists(
    bundle: Path, folders: Mapping[str, Path], shards: list[Shard], plan: dict[str, object]
) -> None:
    """The list of shards for the browser and the plan for the next build; `folders` holds each shard."""
    described = [_described(folders[shard.name] / shard.name, shard) for shard in shards]
    _write_json(bundle / SHARDS_FILE, {"shards": described})
    _write_json(bundle / PAGES_FILE, plan)


def _files_in_order(bundle: Path) -> dict[str, Path]:
    """Every file under `bundle` by site path, in the order to rename them in (see `SearchFiles`)."""
    found = sorted(path for path in bundle.rglob("*") if path.is_file())
    last = {bundle / SHARDS_FILE, bundle / PAGES_FILE}

    def order(path: Path) -> int:
        return 2 if path in last else 1 if path.name == ENTRY_FILE else 0

    return {
        f"{SEARCH_FOLDER}/{path.relative_to(bundle).as_posix()}": path for path in sorted(found, key=order)
    }


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target)


def _place_interface(bundle: Path, old: Path | None, executable: Path, runs: PagefindRuns) -> None:
    """Pagefind's search interface once in `pagefind/`, for every shard; each shard indexed has it, else
    the previous index (`old`) has it."""
    for shard in sorted(path for path in bundle.iterdir() if path.is_dir()):
        for name in _UI_FILES:
            if (shard / name).is_file():
                os.replace(shard / name, bundle / name)
    if all((bundle / name).is_file() for name in _UI_FILES):
        return
    if old is not None and all((old / name).is_file() for name in _UI_FILES):
        for name in _UI_FILES:
            _link_or_copy(os.fspath(old / name), os.fspath(bundle / name))
        return
    _interface_from_empty_run(executable, bundle, runs)


def _interface_from_empty_run(executable: Path, bundle: Path, runs: PagefindRuns) -> None:
    """Pagefind's interface files from a run over no page (a site with nothing to search still loads them)."""
    with tempfile.TemporaryDirectory(prefix=".search-empty-", dir=bundle) as empty:
        _run_pagefind(executable, ["--site", ".", "--output-subdir", "bundle"], Path(empty), runs)
        for name in _UI_FILES:
            os.replace(Path(empty) / "bundle" / name, bundle / name)


def _described(folder: Path, shard: Shard) -> dict[str, object]:
    """What the browser needs of a shard (its index files in `folder`): its folder and languages."""
    entry = json.loads((folder / ENTRY_FILE).read_text(encoding="utf-8"))
    return {"path": shard.name + "/", "languages": sorted(entry.get("languages", {}))}


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def _pagefind_version(executable: Path, folder: Path, runs: PagefindRuns) -> str:
    return _run_pagefind(executable, ["--version"], folder, runs).strip()


class SearchCancelled(Exception):
    """The indexing was cancelled (`PagefindRuns.cancel`): nothing it made is to be used."""


class PagefindRuns:
    """The Pagefind processes of one indexing, which another thread may end at once (`cancel`).

    With `own_session` each run is a session of its own, out of the terminal's reach: Ctrl+C does not
    kill it midway, and whoever started the indexing chooses to wait for it or to cancel it.
    """

    def __init__(self, own_session: bool = False):
        self.own_session = own_session
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[str]] = set()
        self._cancelled = False

    def run(self, command: list[str], folder: Path, environment: dict[str, str]) -> tuple[int, str, str]:
        """Run `command` in `folder`; its exit status, output and error output."""
        with self._lock:  # a run started after `cancel` would outlive it
            if self._cancelled:
                raise SearchCancelled
            process = subprocess.Popen(
                command,
                cwd=folder,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=self.own_session,
            )
            self._running.add(process)
        try:
            output, errors = process.communicate()
        except BaseException:  # interrupted (Ctrl+C in the build's thread): the run ends with it
            process.kill()
            process.wait()
            raise
        finally:
            with self._lock:
                self._running.discard(process)
        if self._cancelled:
            raise SearchCancelled
        return process.returncode, output, errors

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """End every run under way, and refuse any other."""
        with self._lock:
            self._cancelled = True
            for process in self._running:
                process.kill()


def _run_pagefind(
    executable: Path, arguments: list[str], folder: Path, runs: PagefindRuns | None = None
) -> str:
    """Run Pagefind in `folder` with `arguments`; its output, or a BuildError saying what went wrong."""
    command = [os.fspath(executable), *arguments]
    if arguments != ["--version"]:
        command.append("--quiet")
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        status, output, errors = (runs or PagefindRuns()).run(command, folder, environment)
    except OSError as error:
        raise BuildError(
            f"could not run Pagefind ({command[0]}): {error.strerror or error}; {_INSTALL_HINT}"
        ) from None
    if status != 0:
        said = (errors.strip() or output.strip() or "no message").splitlines()[-5:]
        raise BuildError(f"Pagefind could not index the site (exit status {status}): {' / '.join(said)}")
    if output.strip():
        log.debug("Pagefind: %s", output.strip())
    return output


def pagefind_executable() -> Path:
    """The Pagefind binary: `PAGEFIND_BINARY_PATH`, else the one the `pagefind[bin]` package installed."""
    try:
        # Imported here: only a build that writes a site needs it, and its absence deserves a plain message.
        from pagefind.service import get_executable
    except ImportError as error:
        # Installed but broken (one of its own imports fails): say what broke, not that it is missing.
        missing = isinstance(error, ModuleNotFoundError) and error.name in ("pagefind", "pagefind.service")
        why = "which is not installed" if missing else f"which could not be imported ({error})"
        raise BuildError(f"the site search needs Pagefind, {why}; {_INSTALL_HINT}") from None
    executable = get_executable()
    if executable is None or not executable.is_file():
        raise BuildError(f"the Pagefind program was not found; {_INSTALL_HINT}")
    return executable
