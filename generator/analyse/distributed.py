"""The read-and-analyse stage on a Dask distributed cluster (`factsheets build --executor dask`).

Analysing an article is a pure function of its bytes, its path and the setup (entities, settings, code),
which is what makes this stage the one to hand to a distributed engine. The build sends only the articles
the cache does not hold, in chunks, to workers that have factsheets installed; each worker process builds
its spaCy pipelines once and keeps them for as long as the setup holds. The setup travels once per worker
(scattered to every worker), not with every chunk. Results come back to the build, which stores them in its
own cache and puts them in the order of the files: the site is the same, byte for byte, as a local build's.

Dask is an optional dependency (`pip install 'factsheets[dask]'`): nothing here imports it at module level.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from generator import __version__
from generator.analyse.stage import (
    Progress,
    _chunks,
    _Setup,
    _Task,
    analyse_chunk,
    collector_paused,
    setup_key,
)
from generator.cache.articles import ArticleResult
from generator.cache.versions import code_digest
from generator.errors import BuildError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10  # seconds to reach a scheduler before the build gives up
WORKER_TIMEOUT = 60  # seconds for a scheduler without workers to get one
EXTRA = "pip install 'factsheets[dask]'"
# A local cluster's scheduler serves a few HTTP routes (health, metrics) even without a dashboard, by default
# on port 8787: on loopback, on any free port, so that two builds at once (or a running Dask) do not collide.
LOOPBACK_HTTP = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}


@dataclass(frozen=True)
class DaskExecutor:
    """Where to analyse: the scheduler at `scheduler`, or (None) a cluster started here, on loopback."""

    scheduler: str | None = None

    @property
    def where(self) -> str:
        return self.scheduler or "a local Dask cluster"


@dataclass
class _Shared:
    """What every worker needs besides its chunks: scattered once to each worker."""

    setup: _Setup
    token: str  # identifies the setup: a worker keeps its pipelines while the token holds
    version: str  # the build's factsheets version and code: a worker running other code would analyse
    code: str  # differently, so it refuses instead


def dask_executor(scheduler: str | None) -> DaskExecutor:
    """The executor for `--executor dask`, once it is certain that Dask distributed can be imported."""
    _distributed()
    return DaskExecutor(scheduler)


def _distributed():
    try:
        import distributed
    except ImportError:
        raise BuildError(
            f"--executor dask needs Dask distributed, which is not installed: {EXTRA} "
            "(or build with --executor local)"
        ) from None
    return distributed


def run_on_dask(
    tasks: list[_Task],
    setup: _Setup,
    executor: DaskExecutor,
    jobs: int,
    progress: Progress | None,
    store: Callable[[str, ArticleResult], ArticleResult],
) -> Iterator[tuple[int, ArticleResult]]:
    """(index, result) of every task, analysed on the cluster; `store` gets each result with its key and
    returns what the build keeps of it."""
    if not tasks:
        return
    distributed = _distributed()
    keys = {task.index: task.key for task in tasks}
    with _client(distributed, executor, jobs) as client:
        workers = max(1, sum(client.nthreads().values()))
        log.debug("analysing %d articles on %s (%d worker threads)", len(tasks), executor.where, workers)
        # Workers neither read nor write the build's cache (it may be on another machine): the build does.
        worker_setup = replace(setup, cache_enabled=False)
        shared = _Shared(worker_setup, _token(worker_setup), __version__, code_digest())
        [shared_future] = client.scatter([shared], broadcast=True, hash=False)
        futures = [
            client.submit(analyse_on_worker, shared_future, chunk, pure=False)
            for chunk in _chunks(tasks, workers)
        ]
        for future in distributed.as_completed(futures):
            done = [
                (index, store(keys[index], result) if keys[index] else result)
                for index, result in _result(future, executor)
            ]
            if progress:
                progress(len(done))
            yield from done  # placed by index, so the order of arrival does not matter


@contextlib.contextmanager
def _client(distributed, executor: DaskExecutor, jobs: int):
    """A client of the executor's scheduler, or of a cluster started here for this build (closed after)."""
    if executor.scheduler is None:
        with _local_cluster(distributed, jobs) as cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(executor.scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError, TypeError) as error:
        raise BuildError(
            f"cannot reach the Dask scheduler at {executor.scheduler} ({error}): start one there "
            f"(`dask scheduler`, with workers: `dask worker {executor.scheduler}`), check the address, "
            "or build without --scheduler for a local cluster"
        ) from None
    with client:
        _wait_for_workers(client, executor.scheduler)
        yield client


def _wait_for_workers(client, address: str) -> None:
    """Return once the scheduler has a worker: without one, the build would wait for ever."""
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except (TimeoutError, asyncio.TimeoutError):  # one and the same from Python 3.11
        raise BuildError(
            f"the Dask scheduler at {address} has no workers after {WORKER_TIMEOUT} s: start some "
            f"(`dask worker {address}` on machines with factsheets {__version__} installed: {EXTRA})"
        ) from None


def _local_cluster(distributed, jobs: int):
    """`jobs` single-threaded worker processes and their scheduler, listening on loopback only."""
    log.debug("starting a local Dask cluster of %d workers", jobs)
    return distributed.LocalCluster(
        n_workers=jobs,
        threads_per_worker=1,  # one pipeline per process: analysis is Python, threads would wait in turn
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs=LOOPBACK_HTTP,
        memory_limit=0,  # as forked workers: no limit of Dask's own, that would pause a worker mid-build
        silence_logs=logging.ERROR,
    )


def _result(future, executor: DaskExecutor) -> list[tuple[int, ArticleResult]]:
    try:
        return future.result()
    except BuildError:
        raise
    except Exception as error:  # a worker lost, killed, or failing to import factsheets
        raise BuildError(
            f"analysis on {executor.where} failed: {type(error).__name__}: {error}. "
            f"Every worker needs factsheets {__version__} installed ({EXTRA})"
        ) from None


def _token(setup: _Setup) -> str:
    """A digest of the setup: equal setups share it, so a worker reuses its pipelines from build to build."""
    return setup_key(setup)


# Worker side. A worker process keeps the pipelines of the last setup it saw. A worker may run several
# threads (`dask worker --nthreads`), and a cluster of threads shares one process: one chunk at a time, since
# the pipelines are not meant to be shared between threads and pure-Python analysis gains nothing from them.
_worker_lock = threading.Lock()
_worker_pipelines: dict[str, dict] = {}


def analyse_on_worker(shared: _Shared, tasks: list[_Task]) -> list[tuple[int, ArticleResult]]:
    """Run on a Dask worker: read, check and analyse a chunk of articles with this process's pipelines."""
    if (shared.version, shared.code) != (__version__, code_digest()):
        raise BuildError(
            f"this Dask worker runs another factsheets (version {__version__}, code {code_digest()[:12]}) "
            f"than the build (version {shared.version}, code {shared.code[:12]}): install the build's "
            "version on every worker"
        )
    with _worker_lock, collector_paused():
        pipelines = _worker_pipelines.get(shared.token)
        if pipelines is None:  # a new setup: the old pipelines would find the old entities
            _worker_pipelines.clear()
            pipelines = _worker_pipelines[shared.token] = {}
        results = analyse_chunk(tasks, shared.setup, pipelines)
    return [(task.index, result) for task, result in zip(tasks, results, strict=True)]
