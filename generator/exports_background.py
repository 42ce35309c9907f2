"""The preview's big data exports, made after the pages: a rebuild of `factsheets serve` whose facts changed
renames its changed pages into the site and lets open pages reload at once; the facts' JSON and CSV and the
database (with the entities' JSON made beside it: `site._export_jobs`) are made afterwards, in a thread of
this process, and renamed in when complete.

Until then the site keeps the previous export files, each whole (a reader downloading `facts.csv` gets the
previous file). The build that defers them records for them the keys of the files it leaves, not of those
to be made (`site._defer_exports`); the keys of the new ones are recorded once they are renamed in. A failed
export leaves those previous keys, so the next rebuild finds the exports changed and defers them again.

While the exports are behind, the site holds a note (`write.EXPORTS_PENDING`, written before the pages are
renamed in): no build trusts the record or the page keys of a site with it, so a preview killed before its
exports caught up leaves a site the next build rebuilds rather than skips. The exports that catch up take
the note away; so does this preview's next build (`prepare`), since the keys it holds are those of the files
in the site.

One export at a time: the preview waits for the pending one (`prepare`) before it builds again, which also
keeps the model and the page keys' memo the export reads as they were. `stop` waits for it, or cancels what
is not started yet; a site left behind gets its marker written anew. The files are made in a scratch folder
beside the site and renamed in whole, so an interruption never leaves part of one in the site.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.background import BackgroundWork
from generator.cache.files import cache_folder
from generator.cache.record import forget_record
from generator.cache.store import Store
from generator.errors import background_failure
from generator.write import (
    Made,
    Scratch,
    exports_caught_up,
    exports_pending,
    marker_identity,
    rename_in_exports,
)

if TYPE_CHECKING:
    from generator.cache.state import BuildSession
    from generator.render.site import _Job

log = logging.getLogger(__name__)


class ExportsCancelled(Exception):
    """The preview stopped before the exports were made."""


class BackgroundExports(BackgroundWork):
    """The big exports of the preview's rebuilds (the `LaterExports` the render stage is given).

    `defer` (called by the render stage) takes the export jobs whose facts changed and notes the site as
    behind; `catch_up` (called once the build is done and open pages told to reload) makes them in a thread.
    `failed` is called with the message of an export that failed (not of one cancelled). With `session` (a
    `BuildSession`) given to `catch_up`, the page keys it keeps, and the build store's, are brought up to date
    with the exports renamed in. `stop` waits only for the export being made when it cancels: the next is
    not started, nothing is renamed in.
    """

    LEFT_BEHIND = "The data exports of %s were left behind; the next build makes them"

    def __init__(self, output: Path, content: Path, failed: Callable[[str], None]):
        super().__init__(output)
        self.content = content
        self.failed = failed
        self.scratch = Scratch()
        self.last_seconds: float | None = None  # how long the last exports took, from their start
        self._jobs: list[_Job] = []  # deferred by the last build, not in the site yet
        self._keys: dict[str, str] = {}  # the key each of them is made for
        self._cancel = threading.Event()

    @property
    def pending(self) -> bool:
        """Whether exports are deferred and not in the site yet (being made, failed, or not started)."""
        return bool(self._jobs)

    # --- what the render stage asks -----------------------------------------------------------------------

    def defer(self, jobs: list[_Job], keys: dict[str, str]) -> None:
        """Take the exports to make once the pages are in place. Before any page is renamed in: should this
        process be killed before they catch up, no build trusts the record of the site."""
        exports_pending(self.output)
        self._jobs, self._keys = jobs, keys

    def prepare(self, session: BuildSession | None = None) -> None:
        """Before a build: wait for the exports being made, and take away the note that they are behind (the
        page keys this process holds are those of the files in the site), so the build trusts its page keys.
        Exports a failed export or build left behind are forgotten here, and so is the record of the build
        that deferred them (kept in `session` and in the cache folder): the build about to run is not
        skipped, finds them changed (their keys are the previous files') and defers them again."""
        self.wait()
        behind = bool(self._jobs)
        self._jobs, self._keys = [], {}
        if behind:
            forget_record(cache_folder(self.content), self.output.resolve())
            if session is not None:
                session.record = None
        if self.output.is_dir():
            exports_caught_up(self.output)

    # --- the exports made afterwards ----------------------------------------------------------------------

    def catch_up(self, session: BuildSession | None = None) -> None:
        """Make the deferred exports in a thread (nothing when none is deferred); the previous files stay in
        the site until the new ones are renamed in."""
        self.wait()
        if not self._jobs:
            return
        self._cancel.clear()
        identity = marker_identity(self.output)  # the site as this preview's build left it
        args = (self._jobs, self._keys, identity, session, time.perf_counter())
        self._start(self._run, args, "factsheets-exports")

    def _cancel_work(self) -> None:
        self._cancel.set()

    def _behind(self) -> bool:
        return bool(self._jobs)

    def _caught_up(self, output: Path) -> None:
        exports_caught_up(output)

    def _run(
        self,
        jobs: list[_Job],
        keys: dict[str, str],
        identity: str | None,
        session: BuildSession | None,
        started: float,
    ) -> None:
        """The thread's work: make, rename in, record, and say how it went."""
        from generator.analyse.stage import collector_paused

        try:
            # As the build's: the exports read every fact of the kept model, which a full collection would
            # walk (the next build waits for this thread, so none runs meanwhile).
            with collector_paused():
                done = self._make(jobs, identity)
        except ExportsCancelled:
            log.debug("exports: cancelled")
            return
        except Exception as error:
            self._report(background_failure(error, f"the data exports into '{self.output}'"))
            return
        if not done:
            return
        if self._jobs is jobs:
            self._jobs, self._keys = [], {}
        self._record(identity, keys, session)
        self.last_seconds = time.perf_counter() - started
        log.info("Data exports updated (%.1f s after the pages)", self.last_seconds)

    def _make(self, jobs: list[_Job], identity: str | None) -> bool:
        """Make every export in the scratch folder, then rename them in; False when the site changed
        meanwhile (another build wrote it: its exports are its own)."""
        with self.scratch.opened(self.output):
            files: dict[str, Path] = {}
            for job in jobs:
                if self._cancel.is_set():
                    raise ExportsCancelled
                for path, made in zip(job.paths, job.make(), strict=True):
                    if not isinstance(made, Made):
                        raise TypeError(f"the export {path} was not made in the scratch folder")
                    files[path] = made.path
            if self._cancel.is_set():
                raise ExportsCancelled
            if not rename_in_exports(self.output, files, identity):
                log.debug("exports: the site changed while they were made; its own stay")
                return False
        return True

    def _record(self, identity: str | None, keys: dict[str, str], session: BuildSession | None) -> None:
        """The exports' keys, now that their files are in the site: in the session's kept page keys and in
        the build store, while they are those of the site the build left (its identity)."""
        kept = session.page_keys if session is not None else None
        if session is None or identity is None or kept is None or kept[0] != identity:
            return
        updated = {**kept[1], **keys}
        session.page_keys = (identity, updated)
        store = Store(cache_folder(self.content))
        try:
            store.put_page_keys(os.fsencode(self.output.resolve()), identity, updated, kept[1])
        finally:
            store.close()

    def _report(self, message: str) -> None:
        if self._cancel.is_set():
            log.debug("exports: cancelled: %s", message)
            return
        self.failed(message)
