"""The preview's search index, made after the pages: a rebuild of `factsheets serve` renames its changed
pages into the site and lets open pages reload at once; the search shards of those pages are indexed
afterwards, in a thread of this process, and their files renamed in when done.

Until then the site keeps the previous index (the search box finds what the pages said before), and the pages
whose shards are still to be indexed are stale: kept here, and named in the plan the site's index leaves for
the next build (`search.plan_with_stale`), renamed in with the pages. So every build that reads the plan, this
preview's next one or another process's, indexes their shards again however unchanged it finds the pages; a
failed index is indexed again by the next rebuild; and the site, once the index has caught up, holds the bytes
an index made before the pages were renamed in gives (the plan then names no stale page).

While pages are stale the site holds a note (`write.SEARCH_PENDING`, made before the pages are renamed in):
no build trusts the record or the page keys of a site with it, so a preview killed before its index caught
up leaves a site the next build rebuilds rather than skips. The index that catches up takes the note away;
so does this preview's next build (`prepare`), since it answers for the stale pages itself.

One index at a time: the preview waits for the pending one (`prepare`) before it builds again, so no two runs
index a shard at once and an older index never replaces a newer one. `stop` waits for it too (its Pagefind
runs are out of Ctrl+C's reach) or cancels it; either way its scratch folder goes, and a site left with stale
pages gets its marker written anew, so no record of the build that wrote it claims its index is up to date.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.background import BackgroundWork
from generator.errors import background_failure
from generator.search import (
    PAGES_FILE,
    SEARCH_FOLDER,
    PagefindRuns,
    SearchCancelled,
    SearchFiles,
    SiteUpdate,
    index_site,
    index_update,
    plan_with_stale,
    stale_pages,
)
from generator.search_shards import Limit, html_pages
from generator.write import (
    KeptListing,
    marker_identity,
    rename_in_search,
    scratch_folder,
    search_caught_up,
    search_pending,
)

log = logging.getLogger(__name__)


class _Placed:
    """The site as the pages' rename left it: every page in its place, none pending (a `SiteUpdate`)."""

    def __init__(self, output: Path, pages: Iterable[str]):
        self.output = output
        self._pages = pages

    def site_paths(self) -> Iterable[str]:
        return self._pages

    def changed(self) -> Mapping[str, Path]:
        return {}


class BackgroundSearch(BackgroundWork):
    """The site search of the preview's rebuilds (the `SearchIndexer` the write stage is given).

    A staging folder (a first build, or a site that cannot be updated in place) is indexed before the swap,
    as `SiteSearch` does. A site updated in place keeps its index; `index_update` notes the changed pages as
    stale, and `catch_up` (called once the build is done and open pages told to reload) indexes them in a
    thread. `failed` is called with the message of an index that failed (not of one cancelled). `stop`
    kills the index's Pagefind runs when it cancels.
    """

    LEFT_BEHIND = "The search index of %s was left behind its pages; the next build makes it"

    def __init__(self, output: Path, failed: Callable[[str], None], limit: Limit | None = None):
        super().__init__(output)
        self.failed = failed
        self.limit = limit
        self.last_seconds: float | None = None  # how long the last index took, from its start
        self._lock = threading.Lock()
        self._stale: set[str] = set()  # pages renamed in whose shards are not indexed again yet
        self._pages: list[str] | None = None  # the site's pages as the last update left them
        self._runs: PagefindRuns | None = None

    @property
    def stale(self) -> frozenset[str]:
        """The pages of the site the search index does not describe as they are (yet)."""
        with self._lock:
            return frozenset(self._stale)

    @property
    def pending(self) -> bool:
        """Whether an index is being made."""
        return self._thread is not None and self._thread.is_alive()

    # --- what the write stage asks -------------------------------------------------------------------------

    def index_folder(self, folder: Path, previous: Path | None) -> list[str]:
        """A staging folder: indexed now, before it is swapped in (see `search.index_site`)."""
        written = index_site(folder, previous, self.limit, self.stale)
        with self._lock:
            self._stale.clear()  # the staging folder's index describes every page of it
            self._pages = None
        return written

    def index_update(self, update: SiteUpdate, work: Path) -> SearchFiles:
        """A site updated in place: its index stays as it is for now, every file of it; the changed pages are
        stale, named so in the plan renamed in with them."""
        pages = [
            page
            for page in update.site_paths()
            if page.endswith(".html") and page.partition("/")[0] != SEARCH_FOLDER
        ]
        changed = [page for page in update.changed() if page.endswith(".html")]
        with self._lock:
            self._stale.update(page for page in changed if page.partition("/")[0] != SEARCH_FOLDER)
            self._pages = pages
            stale = set(self._stale)
        files = {}
        plan = work / PAGES_FILE
        if stale:
            # Before any page is renamed in: should this process be killed before the index catches up,
            # no build trusts the record of the site (`write.site_identity`).
            search_pending(update.output)
            if plan_with_stale(update.output, stale, plan):
                files[f"{SEARCH_FOLDER}/{PAGES_FILE}"] = plan
        return SearchFiles(files, (f"{SEARCH_FOLDER}/",))

    def prepare(self) -> None:
        """Before a build: wait for the index being made, and take away the note that the index is behind
        (this process answers for the stale pages: it keeps them, and indexes them after the build), so the
        build trusts the record and page keys of the site."""
        self.wait()
        if self.output.is_dir():
            search_caught_up(self.output)

    # --- the index made afterwards ------------------------------------------------------------------------

    def catch_up(self, listing: KeptListing | None = None) -> None:
        """Index the shards of the stale pages in a thread (nothing when none is stale, here or in the plan
        of the site's index); the previous index stays until the new one's files are renamed in, and
        `listing` (what the preview's last update left in the site) is brought up to date with them."""
        self.wait()
        runs = PagefindRuns(own_session=True)
        self._runs = runs
        started = time.perf_counter()
        identity = marker_identity(self.output)  # the site as this preview's build left it
        self._start(self._index, (runs, identity, started, listing), "factsheets-search")

    def _cancel_work(self) -> None:
        runs = self._runs
        if runs is not None:
            runs.cancel()

    def _behind(self) -> bool:
        return bool(self.stale or stale_pages(self.output))

    def _caught_up(self, output: Path) -> None:
        search_caught_up(output)

    def _index(
        self, runs: PagefindRuns, identity: str | None, started: float, listing: KeptListing | None
    ) -> None:
        """The thread's work: index, rename in, and say how it went."""
        try:
            done = self._index_stale(runs, identity, listing)
        except SearchCancelled:
            log.debug("search: the index was cancelled")
            return
        except Exception as error:
            self._report(background_failure(error, f"the search index into '{self.output}'"))
            return
        if done:
            self.last_seconds = time.perf_counter() - started
            log.info("Search index updated (%.1f s after the pages)", self.last_seconds)

    def _index_stale(self, runs: PagefindRuns, identity: str | None, listing: KeptListing | None) -> bool:
        """Index the shards of the stale pages and rename their files in; False when there was nothing to do
        or the site changed meanwhile (another build wrote it: its index is its own)."""
        with self._lock:
            stale = set(self._stale)
            pages = self._pages
        stale |= stale_pages(self.output)
        if not stale:
            return False
        if pages is None:  # no update seen (the site was swapped in whole, or left stale by another preview)
            pages = html_pages(self.output, skip=[SEARCH_FOLDER])
        work = scratch_folder(self.output)
        try:
            files = index_update(_Placed(self.output, pages), work, self.limit, stale, runs)
            if not rename_in_search(self.output, files, SEARCH_FOLDER, identity, listing):
                log.debug("search: the site changed while it was indexed; its own index stays")
                return False
        finally:
            shutil.rmtree(work, ignore_errors=True)
        with self._lock:
            self._stale -= stale
        return True

    def _report(self, message: str) -> None:
        runs = self._runs
        if runs is not None and runs.cancelled:
            log.debug("search: the index was cancelled: %s", message)
            return
        self.failed(message)
