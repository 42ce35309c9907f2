"""The preview's search index, made after the pages: a rebuild renames its pages in and lets open pages
reload before the search shards of the changed pages are indexed (`search_background.BackgroundSearch`).

A slow index is the real one held back by an event the test sets, never a sleep; shards of one page each
(`SHARD_PAGES` = 1) make the fixture site's index many shards, as a big site's is.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from generator import search_background, serve, write
from generator.build import BuildOptions, build
from generator.errors import BuildError
from generator.search import pagefind_executable
from tests.held import Held
from tests.test_search_in_place import _contents, _edit, _failing_pagefind, _searched_text

WAIT = 60  # seconds: the most any event is waited for (a build of the fixture site takes a few)
ARTICLE_PAGE = "articles/acme-globex/index.html"


@pytest.fixture
def preview(site: Path, monkeypatch) -> Iterator[serve.Preview]:
    monkeypatch.setattr("generator.search.SHARD_PAGES", 1)
    options = BuildOptions(
        content=site / "content", output=site / "_site", templates=site / "templates", jobs=1
    )
    preview = serve.Preview(options, "127.0.0.1", 0)
    try:
        preview.build_first()
        yield preview
    finally:
        preview.stop(cancel=True)


def _scratch_folders(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith("._site."))


def _stale_in_plan(built: Path) -> list[str]:
    return json.loads((built / "pagefind" / "shard-pages.json").read_text(encoding="utf-8")).get("stale", [])


def test_a_rebuild_returns_with_its_pages_in_place_before_their_search_index_is_made(
    preview: serve.Preview, site: Path, monkeypatch
):
    held = Held(monkeypatch, search_background, "index_update")
    built = site / "_site"
    version = preview.server.state.version
    _edit(site, "told reporters", "told the press")
    assert preview.rebuild() is True
    # Back from the rebuild, the index still held: the page is new, open pages were told to reload, and
    # search still finds what the page said before.
    assert held.started.wait(WAIT) and not held.done.is_set()
    assert "told the press" in (built / ARTICLE_PAGE).read_text(encoding="utf-8")
    assert preview.server.state.version == version + 1 and preview.server.state.error is None
    assert "told reporters" in _searched_text(built) and "told the press" not in _searched_text(built)
    assert ARTICLE_PAGE in preview.search.stale and ARTICLE_PAGE in _stale_in_plan(built)
    held.release.set()
    preview.search.wait()
    assert "told the press" in _searched_text(built) and "told reporters" not in _searched_text(built)
    assert preview.search.stale == frozenset() and _stale_in_plan(built) == []
    assert preview.server.state.version == version + 1  # no second reload for the index
    preview.exports.wait()  # the edit is in a fact's sentence: its exports are made in a scratch too
    assert _scratch_folders(site) == []


def test_the_next_rebuild_waits_for_the_pending_index(preview: serve.Preview, site: Path, monkeypatch):
    held = Held(monkeypatch, search_background, "index_update")
    builds: list[bool] = []  # for each build: whether the first index was done when it started
    building = threading.Event()
    real_build = serve.build

    def noted_build(*args, **kwargs):
        builds.append(held.done.is_set())
        building.set()
        return real_build(*args, **kwargs)

    monkeypatch.setattr(serve, "build", noted_build)
    _edit(site, "told reporters", "told the press")
    assert preview.rebuild() is True
    assert held.started.wait(WAIT)
    building.clear()
    waiting = threading.Event()
    real_wait = preview.search.wait

    def noted_wait() -> None:
        waiting.set()
        real_wait()

    monkeypatch.setattr(preview.search, "wait", noted_wait)
    _edit(site, "told the press", "told the newspapers")
    second = threading.Thread(target=preview.rebuild)
    second.start()
    try:
        # The second rebuild either waits for the index or, wrongly, builds while it is held.
        assert waiting.wait(WAIT) or building.is_set()
        assert not building.is_set()
    finally:
        held.release.set()
        second.join(WAIT)
    assert not second.is_alive()
    preview.search.wait()
    assert builds == [False, True]
    assert "told the newspapers" in _searched_text(site / "_site")


def _rebuild_with_a_failing_index(preview: serve.Preview, site: Path, monkeypatch, tmp_path: Path) -> None:
    """A save whose pages are renamed in and whose search index then fails."""
    with monkeypatch.context() as failing:
        failing.setenv("PAGEFIND_BINARY_PATH", str(_failing_pagefind(tmp_path)))
        _edit(site, "told reporters", "told the press")
        assert preview.rebuild() is True
        preview.search.wait()
        preview.exports.wait()  # the edit is in a fact's sentence: its exports are made in a scratch too


def test_a_failed_index_is_shown_and_its_shards_are_indexed_by_the_next_rebuild(
    preview: serve.Preview, site: Path, monkeypatch, tmp_path: Path, caplog
):
    built = site / "_site"
    _rebuild_with_a_failing_index(preview, site, monkeypatch, tmp_path)
    error = preview.server.state.error
    assert error is not None and "Pagefind could not index the site (exit status 3)" in error
    assert "told the press" in (built / ARTICLE_PAGE).read_text(encoding="utf-8")  # the pages stay
    shown = preview.server.decorate(b"<body></body>").decode()
    assert "factsheets-preview-error" in shown and serve.SEARCH_FAILED in shown
    assert "told reporters" in _searched_text(built)  # and search keeps the previous index
    assert ARTICLE_PAGE in preview.search.stale and ARTICLE_PAGE in _stale_in_plan(built)
    assert write.site_identity(built) is None  # were the preview killed now, no build would trust the site
    assert _scratch_folders(site) == []
    # Nothing changed since: the build has nothing to do (the preview answers for the stale pages), and the
    # stale shards are indexed all the same.
    caplog.set_level("INFO", logger="generator.build")
    assert preview.rebuild() is True
    assert "Nothing changed since the last build" in caplog.text
    preview.search.wait()
    assert preview.server.state.error is None
    assert "told the press" in _searched_text(built) and "told reporters" not in _searched_text(built)
    assert preview.search.stale == frozenset() and _stale_in_plan(built) == []


def test_the_site_once_indexed_has_the_bytes_of_a_build_that_indexes_before_renaming_in(
    preview: serve.Preview, site: Path
):
    # Beside the preview, the same content built as `build` does: each index made before the pages are
    # renamed into the site it updates in place.
    indexed_first = replace(preview.options, output=site / "indexed-first")
    build(indexed_first)
    _edit(site, "told reporters", "told the press")
    assert preview.rebuild() is True
    preview.search.wait()
    build(indexed_first)
    (site / "content" / "articles" / "acme-globex.md").unlink()  # a page and its shard go
    assert preview.rebuild() is True
    preview.search.wait()
    preview.exports.wait()  # the facts changed: the exports too are made after the pages
    build(indexed_first)
    served = _contents(site / "_site")
    assert "pagefind/shard-pages.json" in served
    assert served == _contents(site / "indexed-first")
    build(replace(preview.options, output=site / "full", cache=False))
    assert served == _contents(site / "full")


def test_the_listing_the_preview_keeps_is_the_site_once_the_index_caught_up(
    preview: serve.Preview, site: Path
):
    """The index's files renamed in after the pages are in the listing the next rebuild takes up (a shard
    made, one removed with its folder), so that rebuild need not walk the site."""
    output = preview.options.output
    for old, new in (("told reporters", "told the press"), ("told the press", "said")):
        _edit(site, old, new)
        assert preview.rebuild() is True
        preview.search.wait()
        listing = preview.session.listing.take(output)
        assert listing == write._list_site(output)
        preview.session.listing.keep(output, listing)
    (site / "content" / "articles" / "acme-globex.md").unlink()  # a page and its shard go
    assert preview.rebuild() is True
    preview.search.wait()
    assert preview.session.listing.take(output) == write._list_site(output)


def test_stop_waits_for_the_index_and_leaves_no_scratch_folder(
    preview: serve.Preview, site: Path, monkeypatch
):
    held = Held(monkeypatch, search_background, "index_update")
    built = site / "_site"
    _edit(site, "told reporters", "told the press")
    assert preview.rebuild() is True
    assert held.started.wait(WAIT)
    identity = write.marker_identity(built)
    assert write.site_identity(built) is None  # while the index is behind, no record of the site holds
    assert _scratch_folders(site)  # the index's, beside the site
    stopping = threading.Thread(target=preview.stop)
    stopping.start()
    held.release.set()
    stopping.join(WAIT)
    assert not stopping.is_alive()
    assert _scratch_folders(site) == []
    assert "told the press" in _searched_text(built) and _stale_in_plan(built) == []
    assert write.site_identity(built) == identity  # the index caught up: the build's record still holds


def _hanging_pagefind(folder: Path) -> tuple[Path, Path]:
    """A Pagefind that, asked to index, writes its process id and waits (to be killed); and the id's file."""
    program, noted = folder / "pagefind-hanging", folder / "pagefind.pid"
    program.write_text(
        "#!/bin/sh\n"
        f"if [ \"$1\" = '--version' ]; then exec '{pagefind_executable()}' --version; fi\n"
        f"echo $$ > '{noted}.part'; mv '{noted}.part' '{noted}'\nexec sleep 120\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program, noted


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_cancelled_index_leaves_no_pagefind_nor_scratch_folder_and_the_next_build_makes_it(
    preview: serve.Preview, site: Path, monkeypatch, tmp_path: Path
):
    built = site / "_site"
    program, noted = _hanging_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    _edit(site, "told reporters", "told the press")
    assert preview.rebuild() is True
    deadline = time.monotonic() + WAIT
    while not noted.exists() and time.monotonic() < deadline:  # Pagefind started in the index's thread
        preview.search._thread.join(0.05)
    assert noted.exists(), "the index never ran Pagefind"
    pid = int(noted.read_text())
    identity = write.marker_identity(built)
    preview.stop(cancel=True)
    assert not _alive(pid)
    assert _scratch_folders(site) == []
    assert ARTICLE_PAGE in _stale_in_plan(built)
    # The record of the preview's build no longer matches the site, whose index is behind its pages: the
    # next build of the same content does not skip, and indexes the stale shard.
    assert write.site_identity(built) not in (None, identity)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    build(preview.options)
    assert "told the press" in _searched_text(built) and _stale_in_plan(built) == []
    build(replace(preview.options, output=site / "full", cache=False))
    assert _contents(built) == _contents(site / "full")


def test_a_failure_while_cancelling_is_not_reported(tmp_path: Path, monkeypatch):
    """A cancelled index ends with its Pagefind runs killed: no error is shown for it."""
    reported: list[str] = []
    search = search_background.BackgroundSearch(tmp_path / "_site", reported.append)

    def cancelled(*args, **kwargs):
        search._runs.cancel()
        raise BuildError("Pagefind could not index the site (exit status -9): killed")

    (tmp_path / "_site").mkdir()
    search._stale.add("a.html")
    search._pages = ["a.html"]
    monkeypatch.setattr(search_background, "index_update", cancelled)
    search.catch_up()
    search.wait()
    assert reported == []
    assert search.stale == {"a.html"}


def test_a_preview_killed_before_its_index_caught_up_leaves_it_to_the_next_preview(
    preview: serve.Preview, site: Path, monkeypatch, tmp_path: Path
):
    built = site / "_site"
    _rebuild_with_a_failing_index(preview, site, monkeypatch, tmp_path)
    assert ARTICLE_PAGE in _stale_in_plan(built)
    port = preview.server.port
    preview.server.stop()  # killed: no `stop`, the site's marker is as the rebuild left it
    assert write.site_identity(built) is None  # but the note that its index is behind stays
    # The next preview, at the same address: its first build does not take the site for its own, and the
    # stale shard is indexed.
    again = serve.Preview(preview.options, "127.0.0.1", port)
    assert again.options.base_url == preview.options.base_url
    try:
        again.build_first()
        again.search.wait()
    finally:
        again.stop()
    assert "told the press" in _searched_text(built) and _stale_in_plan(built) == []
