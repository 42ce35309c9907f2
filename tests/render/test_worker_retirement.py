"""A render worker ends after the wide jobs it runs last (`run_jobs`'s `retiring`, `render.site._batches`)."""

from __future__ import annotations

import os

from generator.cache.pagekeys import PageKeys
from generator.render import site as render_site


def _pid() -> list[bytes]:
    return [str(os.getpid()).encode()]


def _after(pids: list[bytes], index: int) -> set[bytes]:
    return set(pids[index + 1 :])


def test_the_worker_that_ran_a_retiring_job_runs_nothing_after_it():
    retiring = [n % 37 == 36 for n in range(400)]  # well before the 100 jobs a worker runs otherwise
    pids = [pid for (pid,) in render_site.run_jobs([_pid] * 400, jobs=2, retiring=retiring)]
    assert len(pids) == 400 and str(os.getpid()).encode() not in pids
    for index in (n for n, ends in enumerate(retiring) if ends):
        assert pids[index] not in _after(pids, index)


def test_without_retiring_jobs_a_worker_runs_its_full_count():
    pids = [pid for (pid,) in render_site.run_jobs([_pid] * 400, jobs=2)]
    assert max(pids.count(pid) for pid in set(pids)) == render_site.MAX_JOBS_PER_WORKER


def test_the_last_of_a_run_of_wide_jobs_ends_its_worker_and_the_first_does_not():
    paths = [f"p{n}.html" for n in range(300)]
    wide = {paths[50], paths[120], paths[121]}
    work = [render_site._Job(path, (path,), _pid) for path in paths]
    files = dict(render_site._make_changed(work, PageKeys(), jobs=2, wide=wide))
    pids = [files[path] for path in paths]
    assert pids[50] not in _after(pids, 50) and pids[121] not in _after(pids, 121)
    assert pids[120] == pids[121]  # a pair runs in one worker, which ends after both


def test_batches_end_at_the_count_or_after_a_retiring_job():
    retiring = [False, False, True, False, False, False, False, False, False, True]
    assert render_site._batches(10, 4, retiring) == [(0, 3), (3, 7), (7, 10)]
    assert render_site._batches(10, 4, None) == [(0, 4), (4, 8), (8, 10)]
    assert render_site._batches(0, 4, None) == []
