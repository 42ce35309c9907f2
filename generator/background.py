"""Work a preview does in a thread of its own once a rebuild's pages are in place (the search index, the data
exports): one piece at a time, waited for before the next build, and stopped with the preview.

A piece left behind when the preview stops (cancelled, or failed) leaves the site behind its pages: the
site's marker is then written anew, so no build trusts the record of the one that wrote it; otherwise the
note that the site is behind is taken away.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from generator.write import forget_site

log = logging.getLogger(__name__)


class BackgroundWork:
    """The thread of one kind of work; a subclass says how to cancel it (`_cancel_work`), whether the site
    is behind (`_behind`), how to take away the note that it is (`_caught_up`) and what the log says then
    (`LEFT_BEHIND`, with the output folder)."""

    LEFT_BEHIND: ClassVar[str]

    def __init__(self, output: Path):
        self.output = output
        self._thread: threading.Thread | None = None

    def _start(self, target: Callable[..., None], args: tuple, name: str) -> None:
        self._thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Wait for the work being done, if any."""
        thread = self._thread
        if thread is not None:
            thread.join()
            self._thread = None

    def stop(self, cancel: bool = False) -> None:
        """Wait for the work being done (with `cancel`: cancel it first), then settle the site: written
        anew when the work was left behind, no longer noted behind otherwise. A second Ctrl+C while
        waiting cancels it."""
        if cancel:
            self._cancel_work()
        try:
            self.wait()
        except KeyboardInterrupt:
            self._cancel_work()
            self.wait()
            self._settle()
            raise
        self._settle()

    def _settle(self) -> None:
        if not self.output.is_dir():
            return
        if self._behind():
            log.info(self.LEFT_BEHIND, self.output)
            forget_site(self.output)
        else:
            self._caught_up(self.output)

    def _cancel_work(self) -> None:
        raise NotImplementedError

    def _behind(self) -> bool:
        raise NotImplementedError

    def _caught_up(self, output: Path) -> None:
        raise NotImplementedError
