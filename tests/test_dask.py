"""Analysis on a Dask distributed cluster (`build --executor dask`): the same site as a local build."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from generator.cli import cli

if os.environ.get("CI") == "true":
    import distributed  # in CI the `test` extra installs Dask: a missing one fails here, never skips
else:
    distributed = pytest.importorskip("distributed")

from generator.analyse import distributed as on_dask  # noqa: E402  (after the check above)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def scheduler_address():
    """A scheduler and two single-threaded workers reached over TCP on loopback (workers in this process)."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs=on_dask.LOOPBACK_HTTP,
    ) as cluster:
        yield cluster.scheduler_address


def _build(runner, site: Path, output: str, *options: str):
    return runner.invoke(
        cli, ["build", "--content", str(site / "content"), "-o", str(site / output), "--no-search", *options]
    )


def _local_build(runner, site: Path) -> dict[str, bytes]:
    result = _build(runner, site, "local", "--no-cache")
    assert result.exit_code == 0, result.output
    return _snapshot(site / "local")


def test_a_build_on_a_scheduler_is_byte_identical_to_a_local_build(runner, site, scheduler_address):
    expected = _local_build(runner, site)
    result = _build(runner, site, "dask", "--executor", "dask", "--scheduler", scheduler_address)
    assert result.exit_code == 0, result.output
    assert _snapshot(site / "dask") == expected


def test_a_build_on_a_local_cluster_is_byte_identical_to_a_local_build(runner, site):
    expected = _local_build(runner, site)
    result = _build(runner, site, "dask", "--executor", "dask", "--jobs", "1", "--no-cache")
    assert result.exit_code == 0, result.output
    assert _snapshot(site / "dask") == expected


def test_only_articles_missing_from_the_cache_go_to_the_cluster(runner, site, scheduler_address, monkeypatch):
    options = ("--executor", "dask", "--scheduler", scheduler_address)
    assert _build(runner, site, "dask", *options).exit_code == 0
    sent: list[str] = []
    chunks = on_dask._chunks

    def counted(tasks, workers):
        sent.extend(task.path for task in tasks)
        return chunks(tasks, workers)

    monkeypatch.setattr(on_dask, "_chunks", counted)
    changed = sorted((site / "content" / "articles").glob("*.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = _build(runner, site, "dask", *options)
    assert result.exit_code == 0, result.output
    assert sent == [f"content/articles/{changed.name}"]


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_a_clear_error(runner, site, monkeypatch):
    monkeypatch.setattr(on_dask, "CONNECT_TIMEOUT", 1)
    address = f"tcp://127.0.0.1:{_unused_port()}"
    result = _build(runner, site, "dask", "--executor", "dask", "--scheduler", address, "--no-cache")
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at {address}" in result.output
    assert "Traceback" not in result.output


def test_a_scheduler_without_the_dask_executor_is_a_usage_error(runner, site):
    result = _build(runner, site, "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "--executor dask" in result.output


def test_without_dask_installed_the_error_names_the_extra(runner, site, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    result = _build(runner, site, "out", "--executor", "dask", "--no-cache")
    assert result.exit_code == 1
    assert "pip install 'factsheets[dask]'" in result.output


def test_a_scheduler_without_workers_is_a_clear_error(runner, site, monkeypatch):
    monkeypatch.setattr(on_dask, "WORKER_TIMEOUT", 1)
    with distributed.LocalCluster(
        n_workers=0,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs=on_dask.LOOPBACK_HTTP,
    ) as cluster:
        address = cluster.scheduler_address
        result = _build(runner, site, "dask", "--executor", "dask", "--scheduler", address, "--no-cache")
    assert result.exit_code == 1
    assert f"the Dask scheduler at {address} has no workers" in result.output


def test_switching_to_dask_leaves_an_up_to_date_site_as_it_is(runner, site, scheduler_address):
    assert _build(runner, site, "out").exit_code == 0
    result = _build(runner, site, "out", "--executor", "dask", "--scheduler", scheduler_address)
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output  # the executor cannot change the output: nothing to rebuild


def test_a_worker_running_other_code_refuses_its_chunk():
    setup = on_dask._Setup(
        entities=[],
        config=None,
        entity_ids=frozenset(),
        fact_kinds=frozenset(),
        cache_folder=Path("unused"),
        fingerprint="",
        cache_enabled=False,
    )
    shared = on_dask._Shared(setup, "token", "0.0.0-other", "other code")
    with pytest.raises(on_dask.BuildError, match="install the build's version on every worker"):
        on_dask.analyse_on_worker(shared, [])
