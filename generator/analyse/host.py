"""The analysis host: a process of its own that analyses articles beside the build.

Importing spaCy and building a pipeline take seconds and about 100 MB: the host does it once, and the
workers it forks share the pipelines instead of each building them again; the build process never holds
spaCy, which its render workers would otherwise carry through the rest of the build. The host exits when
the analysis ends, and with it the pipelines.

A host may start before its articles are known (`AnalysisHost()`): it imports spaCy while the build finds
out what to analyse (what a build after an edit would otherwise wait for most), is handed the articles by
`analyse`, or is ended by `close` when the build needs none. This module imports nothing of the analysis,
so that a build can start a host before it imports anything itself.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.analyse.stage import _Setup, _Task
    from generator.cache.articles import ArticleResult

Chunk = list[tuple[int, "ArticleResult"]]  # (index, result) of some of the articles


def default_jobs() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@dataclass
class _HostFailure:
    """What went wrong in the host process, sent to the build in place of results."""

    message: str


class AnalysisHost:
    """A host process (see above), started now: with its articles (`tasks`, `setup`, `processes`), or
    without them, to be handed them by `analyse`."""

    def __init__(self, tasks: list[_Task] | None = None, setup: _Setup | None = None, processes: int = 1):
        context = multiprocessing.get_context("fork")
        self._results, sender = context.Pipe(duplex=False)
        work, self._work = context.Pipe(duplex=False)
        known = (tasks, setup, processes) if setup is not None else None
        parent_ends = (self._results, self._work)
        self._process = context.Process(target=_host, args=(known, work, sender, parent_ends))
        self._process.start()
        # The host holds the only sending end of the results: its exit ends their stream.
        sender.close()
        work.close()
        if known is not None:
            self._work.close()

    def analyse(self, tasks: list[_Task], setup: _Setup, processes: int) -> Iterator[Chunk]:
        """Hand a host started without articles these; their results, as for `results`."""
        self._work.send((tasks, setup, processes))
        self._work.close()
        return self.results()

    def results(self) -> Iterator[Chunk]:
        """Each chunk's results, as the host's workers finish them."""
        try:
            while (done := self._results.recv()) is not None:
                if isinstance(done, _HostFailure):
                    raise RuntimeError(f"the analysis failed in a worker process:\n{done.message}")
                yield done
        except EOFError:
            exit_code = self._process.exitcode
            raise RuntimeError(f"the analysis host process ended early (exit code {exit_code})") from None
        finally:
            self._results.close()
            self._process.join()

    def close(self) -> None:
        """End the host unless all its results were read: handed no articles, or the build stopped early.
        It is ended, not waited for (its imports, or its sending results nobody reads)."""
        self._work.close()
        if not self._results.closed:  # `results` closes it once it has read them all
            self._results.close()
            self._process.terminate()
        self._process.join()


def _host(known, work, sender, parent_ends) -> None:
    """The host process: its articles are `known` (tasks, setup, processes), or are sent through `work`."""
    # The build's ends of the pipes are closed here: only the build reads the results (if it stops reading
    # early, an error of its own, sending fails instead of waiting), and only the build sends the work.
    for end in parent_ends:
        end.close()
    if known is None:
        known = _awaited(work)
        if known is None:  # the build closed its end: nothing to analyse
            return
    work.close()
    try:
        from generator.analyse.stage import analyse_in_host

        analyse_in_host(*known, sender.send)
        sender.send(None)
    except BaseException:  # noqa: BLE001 - whatever it was, the build must hear of it, not wait forever
        with contextlib.suppress(OSError):  # unless the build stopped listening
            sender.send(_HostFailure(traceback.format_exc()))
        sender.close()
        # Ended here, not by `Pool.terminate`: with chunks still being fed to its workers, terminating can
        # wait forever on the pool's feeding thread (seen in CI). The workers end with this process: their
        # task queue closes.
        os._exit(1)
    finally:
        sender.close()


def _awaited(work) -> tuple | None:
    """The articles sent through `work`, received while spaCy is imported: sending them (more than a pipe
    holds) would otherwise keep the build waiting for the import. None when the build sends none."""
    received: list[tuple] = []
    receiving = threading.Thread(target=_receive, args=(work, received))
    receiving.start()
    with contextlib.suppress(ImportError):  # an import that fails says so where the pipeline is built
        importlib.import_module("generator.analyse.pipeline")
    receiving.join()
    return received[0] if received else None


def _receive(work, received: list[tuple]) -> None:
    with contextlib.suppress(EOFError):
        received.append(work.recv())
