"""Datasette serves the built site's database with its metadata: started on loopback, asked, stopped.

Datasette is in the `test` extra. Where it is missing the test is skipped with the reason, except in CI
(CI=true), where it fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
READY_WITHIN = 30.0  # seconds for Datasette to start answering


def _require_datasette() -> None:
    if importlib.util.find_spec("datasette") is None:
        reason = "datasette is not installed (pip install -e '.[test]')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI=true: this test may not be skipped", pytrace=False)
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read().decode("utf-8"))


def _wait_until_ready(server: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"datasette stopped with code {server.returncode}: {server.stderr.read()}")
        try:
            _get_json(url)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"datasette did not answer {url} within {READY_WITHIN} s")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("datasette") / "site"
    shutil.copytree(FIXTURE_SITE, site)
    result = CliRunner().invoke(cli, ["build", "--content", str(site / "content"), "-o", str(site / "_site")])
    assert result.exit_code == 0, result.output
    return site / "_site" / "data"


@pytest.fixture(scope="module")
def served(data: Path) -> Iterator[str]:
    """Datasette serving the database on loopback: the address of the database; stopped after the tests."""
    _require_datasette()
    port = _free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(data / "factsheets.db")]
    command += ["--metadata", str(data / "factsheets.metadata.json"), "-h", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/factsheets"
        _wait_until_ready(server, f"{base}.json")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stderr.close()


def _facts(data: Path) -> list[dict]:
    return json.loads((data / "facts.json").read_text(encoding="utf-8"))


def test_datasette_counts_the_facts_of_each_kind(served: str, data: Path):
    answer = _get_json(f"{served}/facts.json?_facet=kind&_shape=objects")
    counts = {item["value"]: item["count"] for item in answer["facet_results"]["kind"]["results"]}
    assert counts == Counter(fact["kind"] for fact in _facts(data))


def test_datasette_offers_the_metadata_facets_without_asking(served: str):
    answer = _get_json(f"{served}/facts.json?_shape=objects")
    assert {"kind", "subject", "year"} <= set(answer["facet_results"])


def test_datasette_searches_the_statements(served: str, data: Path):
    fact = _facts(data)[0]
    word = max(fact["statement"].split(), key=len).strip(".,;:")
    answer = _get_json(f"{served}/facts.json?_search={urllib.parse.quote(word)}&_shape=objects&_size=max")
    assert fact["id"] in [row["id"] for row in answer["rows"]]
