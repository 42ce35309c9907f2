"""The preview's big data exports, made after the pages: a rebuild whose facts changed renames its pages in
and lets open pages reload before the facts' exports and the database are made
(`exports_background.BackgroundExports`).

A slow export is the real writer held back by an event the test sets, never a sleep. The preview builds
without a search index here: its own background work is tested in `test_serve_search.py`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from generator import serve, write
from generator.build import BuildOptions, build
from generator.errors import BuildError
from generator.exports_background import BackgroundExports
from generator.render import site as site_render
from tests.held import Held
from tests.test_search_in_place import _contents, _edit

WAIT = 60  # seconds: the most any event is waited for (a build of the fixture site takes a few)
SHEET_PAGE = "companies/acme/index.html"
EXPORTS = ("data/facts.json", "data/facts.csv", "data/factsheets.db", "data/entities.json")


@pytest.fixture
def preview(site: Path) -> Iterator[serve.Preview]:
    options = BuildOptions(
        content=site / "content", output=site / "_site", templates=site / "templates", jobs=1, search=False
    )
    preview = serve.Preview(options, "127.0.0.1", 0)
    try:
        preview.build_first()
        yield preview
    finally:
        preview.stop(cancel=True)


def _change_a_fact(site: Path, value: str = "6000000000") -> None:
    text = (site / "content" / "articles" / "acme-globex.md").read_text(encoding="utf-8")
    old = text.split("value=", 1)[1].split()[0]
    _edit(site, f"value={old}", f"value={value}")


def _exports(built: Path) -> dict[str, bytes]:
    return {path: (built / path).read_bytes() for path in EXPORTS}


def _scratch_folders(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith("._site."))


def _no_cache_build(preview: serve.Preview, output: Path) -> dict[str, bytes]:
    build(replace(preview.options, output=output, cache=False))
    return _contents(output)


def test_a_fact_changing_save_puts_its_pages_in_place_before_the_exports(
    preview: serve.Preview, site: Path, monkeypatch
):
    held = Held(monkeypatch, site_render, "facts_exports")
    built = site / "_site"
    before = _exports(built)
    version = preview.server.state.version
    _change_a_fact(site)
    assert preview.rebuild() is True
    # Back from the rebuild, the exports still held: the page shows the new value, open pages were told to
    # reload, and the site keeps every previous export file, whole.
    assert held.started.wait(WAIT) and not held.done.is_set()
    assert "$6 billion" in (built / SHEET_PAGE).read_text(encoding="utf-8")
    assert preview.server.state.version == version + 1 and preview.server.state.error is None
    assert _exports(built) == before
    assert preview.exports.pending
    assert write.site_identity(built) is None  # were the preview killed now, no build would trust the site
    held.release.set()
    preview.exports.wait()
    assert not preview.exports.pending and preview.server.state.version == version + 1
    assert (built / "data/facts.json").read_bytes() != before["data/facts.json"]
    assert write.site_identity(built) == write.marker_identity(built)  # the build's record holds again
    assert _scratch_folders(site) == []
    # Caught up, the site has the bytes of a build without a cache, and the next save finds it so.
    assert _contents(built) == _no_cache_build(preview, site / "full")
    with (site / "content" / "articles" / "acme-globex.md").open("a", encoding="utf-8") as article:
        article.write("\nA sentence with no fact.\n")
    assert preview.rebuild() is True
    assert not preview.exports.pending  # the facts did not change: the exports are the site's
    assert _contents(built) == _no_cache_build(preview, site / "full-again")


def test_the_next_rebuild_waits_for_the_pending_exports(preview: serve.Preview, site: Path, monkeypatch):
    held = Held(monkeypatch, site_render, "facts_exports")
    builds: list[bool] = []  # for each build: whether the first exports were done when it started
    real_build = serve.build

    def noted_build(*args, **kwargs):
        builds.append(held.done.is_set())
        return real_build(*args, **kwargs)

    monkeypatch.setattr(serve, "build", noted_build)
    _change_a_fact(site)
    assert preview.rebuild() is True
    assert held.started.wait(WAIT)
    waiting = threading.Event()
    real_wait = preview.exports.wait

    def noted_wait() -> None:
        waiting.set()
        real_wait()

    monkeypatch.setattr(preview.exports, "wait", noted_wait)
    _change_a_fact(site, "7000000000")
    second = threading.Thread(target=preview.rebuild)
    second.start()
    try:
        assert waiting.wait(WAIT)
        assert builds == [False]  # waiting, not building
    finally:
        held.release.set()
        second.join(WAIT)
    assert not second.is_alive()
    preview.exports.wait()
    assert builds == [False, True]
    assert _contents(site / "_site") == _no_cache_build(preview, site / "full")


def test_a_preview_killed_with_exports_pending_leaves_a_site_the_next_build_rebuilds(
    preview: serve.Preview, site: Path, monkeypatch
):
    built = site / "_site"
    before = _exports(built)
    # Killed once the rebuild returned: the exports are never made.
    monkeypatch.setattr(BackgroundExports, "catch_up", lambda self, session=None: None)
    _change_a_fact(site)
    assert preview.rebuild() is True
    assert _exports(built) == before and (built / write.EXPORTS_PENDING).exists()
    report = build(replace(preview.options))  # a command-line build with the cache, into the same site
    assert not report.skipped
    assert not (built / write.EXPORTS_PENDING).exists()
    assert _contents(built) == _no_cache_build(preview, site / "full")


def test_a_preview_stopped_with_exports_pending_leaves_a_site_the_next_build_rebuilds(
    preview: serve.Preview, site: Path, monkeypatch
):
    held = Held(monkeypatch, site_render, "facts_exports")
    built = site / "_site"
    before = _exports(built)
    _change_a_fact(site)
    assert preview.rebuild() is True
    assert held.started.wait(WAIT)
    identity = write.marker_identity(built)
    # Stopped with `cancel` while the facts' exports are made: the database is not made, nothing is renamed
    # in, and the site's marker is written anew.
    stopping = threading.Thread(target=preview.stop, kwargs={"cancel": True})
    stopping.start()
    held.release.set()
    stopping.join(WAIT)
    assert not stopping.is_alive()
    assert _exports(built) == before and _scratch_folders(site) == []
    assert not (built / write.EXPORTS_PENDING).exists() and write.marker_identity(built) != identity
    report = build(replace(preview.options))
    assert not report.skipped
    assert _contents(built) == _no_cache_build(preview, site / "full")


def test_a_failed_export_is_shown_and_made_again_by_the_next_rebuild(
    preview: serve.Preview, site: Path, monkeypatch
):
    built = site / "_site"
    before = _exports(built)

    def failing(*args, **kwargs):
        raise BuildError("the disk is full")

    with monkeypatch.context() as failed:
        failed.setattr(site_render, "facts_exports", failing)
        _change_a_fact(site)
        assert preview.rebuild() is True
        preview.exports.wait()
    error = preview.server.state.error
    assert error is not None and "the disk is full" in error
    shown = preview.server.decorate(b"<body></body>").decode()
    assert serve.EXPORTS_FAILED in shown
    assert _exports(built) == before and _scratch_folders(site) == []
    assert write.site_identity(built) is None
    # Nothing changed since: the build is not skipped all the same, and makes the exports.
    assert preview.rebuild() is True
    preview.exports.wait()
    assert preview.server.state.error is None and not preview.exports.pending
    assert _contents(built) == _no_cache_build(preview, site / "full")
