"""`factsheets serve` as a person runs it: a real process on a loopback port, ended by a signal.

What a user sees on the terminal is checked here: no traceback when a browser drops a connection, a clean
stop on SIGTERM (the temporary site removed) and on Ctrl+C, and editor scratch files ignored by the watcher.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.build import BuildOptions
from generator.serve import Preview, is_scratch_file

STARTUP_TIMEOUT = 120  # seconds for the first build of the fixture site on a busy machine
STOP_TIMEOUT = 30
PROJECT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def start_serve(site: Path, temp: Path) -> tuple[subprocess.Popen, str, list[str]]:
    """`factsheets serve --port 0` in `site`, its temporary folder in `temp`; returns the process, its
    address and the stderr lines read so far (a reader thread adds the others until the process ends)."""
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(PROJECT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", "0", "--no-search", "-j", "1"],
        cwd=site,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    serving = threading.Event()

    def read() -> None:
        for line in process.stderr:
            lines.append(line)
            if line.startswith("Serving "):
                serving.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not serving.wait(0.2):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait(STOP_TIMEOUT)
            reader.join(STOP_TIMEOUT)
            process.stderr.close()
            pytest.fail("serve did not start:\n" + "".join(lines))
    process.reader = reader  # joined by `stop`
    address = re.search(r"at (http://\S+)", next(line for line in lines if line.startswith("Serving ")))
    return process, address.group(1), lines


def drop_connection(url: str, path: str) -> None:
    """Ask for `path`, then reset the connection without reading the answer (a tab closed mid-load)."""
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        # SO_LINGER with a zero timeout: close() sends a reset instead of a polite end.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def stop(process: subprocess.Popen, signum: int) -> int:
    """Send `signum` and wait for the process to end and its last lines to be read."""
    process.send_signal(signum)
    try:
        status = process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"serve did not stop on signal {signum}")
    finally:
        process.reader.join(STOP_TIMEOUT)  # every line read, up to the end of the pipe
        process.stderr.close()
    return status


@pytest.fixture
def temp(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def test_a_dropped_connection_prints_no_traceback(site: Path, temp: Path):
    process, url, lines = start_serve(site, temp)
    try:
        mount = re.sub(r"http://[^/]+", "", url)
        for _ in range(20):
            for path in (mount, mount + "entities/acme/", mount + "assets/site.css"):
                drop_connection(url, path)
        time.sleep(1)  # let the server's threads meet the closed connections
    finally:
        stop(process, signal.SIGINT)
    output = "".join(lines)
    assert "Traceback" not in output
    assert "Error" not in output and "error" not in output


def test_sigterm_stops_cleanly_and_removes_the_temporary_site(site: Path, temp: Path):
    process, _, lines = start_serve(site, temp)
    assert list(temp.glob("factsheets-preview-*"))  # the preview is built there
    status = stop(process, signal.SIGTERM)
    assert status == 0
    assert list(temp.glob("factsheets-preview-*")) == []
    assert "Traceback" not in "".join(lines)


def test_ctrl_c_stops_without_the_watchers_message(site: Path, temp: Path):
    process, _, lines = start_serve(site, temp)
    status = stop(process, signal.SIGINT)
    output = "".join(lines)
    assert status == 0
    assert "KeyboardInterrupt" not in output and "Aborted" not in output
    assert "Stopped the preview" in output
    assert list(temp.glob("factsheets-preview-*")) == []


@pytest.mark.parametrize(
    "name",
    [
        ".acme-globex.md.swp",
        "acme-globex.md~",
        "4913",
        "#acme-globex.md#",
        ".#acme-globex.md",
        "acme-globex.md___jb_tmp___",
        "acme-globex.md___jb_old___",
        ".DS_Store",
        "._acme-globex.md",
        "acme-globex.md.crswap",
        ".goutputstream-XYZ123",
    ],
)
def test_editor_scratch_files_are_not_changes(name: str):
    assert is_scratch_file(f"/site/content/articles/{name}")


@pytest.mark.parametrize("name", ["acme-globex.md", "site.yml", "acme.yml", "2024.md", "base.html"])
def test_content_and_template_files_are_changes(name: str):
    assert not is_scratch_file(f"/site/content/articles/{name}")


def test_a_batch_of_scratch_files_neither_rebuilds_nor_logs(site: Path, monkeypatch, caplog):
    options = BuildOptions(content=site / "content", output=site / "_site", base_url="https://example.org/")
    preview = Preview(options, "127.0.0.1", 0)
    try:
        calls = []
        monkeypatch.setattr(preview, "rebuild", lambda changed=None: calls.append(1) or True)
        monkeypatch.setattr(preview, "rebuild_if_unreported", lambda: False)
        articles = site / "content" / "articles"
        scratch = {(1, str(articles / "4913")), (1, str(articles / ".acme-globex.md.swp"))}
        real = {(2, str(articles / "acme-globex.md")), (1, str(articles / "acme-globex.md~"))}
        with caplog.at_level(logging.INFO, logger="generator"):
            assert preview.watch(threading.Event(), [scratch, real]) == 1
        assert len(calls) == 1
        changed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Changed")]
        assert changed == ["Changed: acme-globex.md"]
    finally:
        preview.stop()


def test_a_tool_folder_inside_the_content_is_scratch_but_not_one_above_it(tmp_path: Path):
    content = tmp_path / "node_modules" / "site" / "content"
    assert not is_scratch_file(content / "articles" / "a.md", [content])
    assert is_scratch_file(content / ".git" / "index", [content])
