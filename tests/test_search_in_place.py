"""The search index of a site updated in place: a rebuild with the cache on indexes only the shards of the
changed pages, beside the site, and renames their files in with the pages; the site is never staged whole.

Shards of one page each (`SHARD_PAGES` = 1) make the fixture site's index many shards, as a big site's is.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import write
from generator.build import BuildOptions
from generator.cli import cli
from generator.search import SearchFiles, pagefind_executable
from generator.serve import Preview


@pytest.fixture
def shards(site: Path, monkeypatch, tmp_path: Path) -> Path:
    """Shards of one page, and a Pagefind that notes the shard of each run; returns the notes' file."""
    monkeypatch.chdir(site)
    monkeypatch.setattr("generator.search.SHARD_PAGES", 1)
    runs = tmp_path / "runs.log"
    program = tmp_path / "pagefind-noted"
    program.write_text(
        "#!/bin/sh\n"
        f"if [ \"$1\" = '--site' ]; then echo \"$4\" >> '{runs}'; fi\n"
        f"exec '{pagefind_executable()}' \"$@\"\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    return runs


def _build(runner, *options: str) -> None:
    result = runner.invoke(cli, ["build", *options])
    assert result.exit_code == 0, result.output


def _runs(notes: Path) -> set[str]:
    """The shards indexed since the notes were last read (an empty run makes Pagefind's interface only)."""
    if not notes.is_file():
        return set()
    shards = {Path(line).name for line in notes.read_text().split()}
    notes.unlink()
    return shards


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != write.MARKER
    }


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `folder` (the marker aside), with its inode and a file's modification
    time (a folder's changes whenever a temporary file is made in it)."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, 0 if p.is_dir() else p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.name != write.MARKER
    }


def _plan(folder: Path) -> dict[str, list[str]]:
    return json.loads((folder / "pagefind" / "shard-pages.json").read_text(encoding="utf-8"))["shards"]


def _searched_text(folder: Path) -> str:
    """All the text the index holds (fragments are gzip-compressed JSON after a tag)."""
    texts = []
    for fragment in sorted((folder / "pagefind").rglob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        texts.append(json.loads(data[data.index(b"{") :])["content"])
    return "\n".join(texts)


def _edit(site: Path, old: str, new: str, name: str = "acme-globex.md") -> None:
    article = site / "content" / "articles" / name
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")


def _add_article(site: Path) -> None:
    """A second English article, a copy of the first under another name."""
    first = site / "content" / "articles" / "acme-globex.md"
    (site / "content" / "articles" / "acme-globex-again.md").write_text(
        first.read_text(encoding="utf-8").replace("told reporters", "said again"), encoding="utf-8"
    )


def _no_swap(*args) -> None:
    raise AssertionError("the site was staged and swapped, not updated in place")


def test_a_rebuild_with_search_updates_the_site_in_place(site: Path, runner, shards, monkeypatch):
    _build(runner)
    built = site / "_site"
    folder, before = os.stat(built).st_ino, _tree(built)
    _edit(site, "told reporters", "told the press")
    with monkeypatch.context() as patched:
        patched.setattr(write, "_swap", _no_swap)
        _build(runner)
    assert os.stat(built).st_ino == folder
    after = _tree(built)
    assert after["articles/acme-globex/index.html"] != before["articles/acme-globex/index.html"]
    assert after["articles/acme-globex-it/index.html"] == before["articles/acme-globex-it/index.html"]
    assert "told the press" in _searched_text(built)


def test_the_shards_of_unchanged_pages_are_not_touched(site: Path, runner, shards):
    _build(runner)
    built = site / "_site"
    before, contents = _tree(built), _contents(built)
    _runs(shards)
    _edit(site, "told reporters", "told the press")
    _build(runner)
    plan = _plan(built)
    changed = {page for page, data in _contents(built).items() if contents.get(page) != data}
    indexed = _runs(shards)
    assert indexed == {name for name, pages in plan.items() if changed.intersection(pages)}
    assert "articles/acme-globex/index.html" in changed and len(indexed) < len(plan)
    after = _tree(built)
    for name in set(plan) - indexed:
        # Their folders too: the shard is neither copied nor linked, it stays where it is.
        kept = {path: mark for path, mark in before.items() if path.startswith(f"pagefind/{name}/")}
        kept[f"pagefind/{name}"] = before[f"pagefind/{name}"]
        assert all(after[path] == mark for path, mark in kept.items())


def test_a_rebuild_with_search_in_place_gives_the_bytes_of_a_cold_build(site: Path, runner, shards):
    _build(runner)
    steps = [
        lambda: _edit(site, "told reporters", "told the press"),
        lambda: _add_article(site),  # a new page: a shard more
        lambda: (site / "content" / "articles" / "acme-globex-again.md").unlink(),  # and one less
    ]
    for step in steps:
        step()
        _build(runner)
        _build(runner, "--no-cache", "-o", "full")
        assert _contents(site / "_site") == _contents(site / "full")


def test_search_turned_on_indexes_a_site_in_place_as_a_cold_build_would(
    site: Path, runner, shards, monkeypatch
):
    _build(runner, "--no-search")
    with monkeypatch.context() as patched:
        patched.setattr(write, "_swap", _no_swap)
        _build(runner)
    _build(runner, "--no-cache", "-o", "full")
    assert (site / "_site" / "pagefind" / "shards.json").is_file()
    assert _contents(site / "_site") == _contents(site / "full")


def _failing_pagefind(folder: Path) -> Path:
    """A Pagefind that says its version (as a build asks first) and fails to index."""
    program = folder / "pagefind-failing"
    program.write_text(
        "#!/bin/sh\n"
        f"if [ \"$1\" = '--version' ]; then exec '{pagefind_executable()}' --version; fi\n"
        "echo 'Error: the index could not be written' >&2\nexit 3\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def _leftovers(site: Path) -> list[str]:
    """Our temporary folders beside the site, and temporary files in it."""
    found = [p.name for p in site.iterdir() if p.name.startswith("._site.")]
    return found + [p.name for p in (site / "_site").rglob(".tmp-*")]


def test_a_failed_indexing_in_place_leaves_the_site_and_its_search_as_they_were(
    site: Path, runner, shards, monkeypatch, tmp_path: Path
):
    _build(runner)
    built = site / "_site"
    before, contents = _tree(built), _contents(built)
    _edit(site, "told reporters", "told the press")
    _add_article(site)  # its page's folder is made for its temporary file, and removed again
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_failing_pagefind(tmp_path)))
    result = runner.invoke(cli, ["build"])
    assert result.exit_code != 0
    assert "Pagefind could not index the site (exit status 3)" in result.output
    assert "Traceback" not in result.output
    assert _tree(built) == before and _contents(built) == contents
    assert _leftovers(site) == []


def test_a_full_disk_while_indexing_in_place_leaves_the_site_as_it_was(
    site: Path, runner, shards, monkeypatch
):
    _build(runner)
    built = site / "_site"
    before = _tree(built)
    _edit(site, "told reporters", "told the press")

    def full(*args) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("generator.search._write_json", full)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code != 0
    assert "could not write the site" in result.output and os.strerror(errno.ENOSPC) in result.output
    assert "Traceback" not in result.output
    assert _tree(built) == before
    assert _leftovers(site) == []


def test_a_template_error_with_search_in_place_leaves_the_site_as_it_was(site: Path, runner, shards):
    _build(runner)
    built = site / "_site"
    before = _tree(built)
    templates = site / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "timeline.html").write_text("{{ no_such_function() }}", encoding="utf-8")
    _edit(site, "told reporters", "told the press")
    _add_article(site)
    assert runner.invoke(cli, ["build"]).exit_code != 0
    assert _tree(built) == before
    assert _leftovers(site) == []


def _hanging_pagefind(folder: Path, flag: Path) -> Path:
    """A Pagefind that, asked to index, says so in `flag` and waits (to be killed)."""
    program = folder / "pagefind-hanging"
    program.write_text(
        "#!/bin/sh\n"
        f"if [ \"$1\" = '--version' ]; then exec '{pagefind_executable()}' --version; fi\n"
        f"touch '{flag}'; sleep 120\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def test_a_build_killed_while_indexing_in_place_leaves_the_site_whole_and_the_next_tidies_up(
    site: Path, runner, monkeypatch, tmp_path: Path
):
    monkeypatch.chdir(site)
    _build(runner)
    built = site / "_site"
    before = _contents(built)
    _edit(site, "told reporters", "told the press")
    flag = tmp_path / "indexing.flag"
    program = _hanging_pagefind(tmp_path, flag)
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=site,
        env={
            **os.environ,
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
            "PAGEFIND_BINARY_PATH": str(program),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its Pagefind is killed with it
    )
    try:
        for _ in range(1200):  # up to a minute for the build to reach the index
            if flag.exists() or child.poll() is not None:
                break
            time.sleep(0.05)
        assert flag.exists(), "the build never reached the search index"
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    # Every file of the site is as it was; the changed pages' temporary files are all that is new.
    assert {page: data for page, data in _contents(built).items() if ".tmp-" not in page} == before
    assert _leftovers(site)
    _build(runner)
    assert _leftovers(site) == []
    _build(runner, "--no-cache", "-o", "full")
    assert _contents(built) == _contents(site / "full")


def test_serve_rebuilds_with_search_in_place(site: Path, monkeypatch):
    monkeypatch.setattr("generator.search.SHARD_PAGES", 1)
    options = BuildOptions(
        content=site / "content", output=site / "_site", templates=site / "templates", jobs=1
    )
    preview = Preview(options, "127.0.0.1", 0)
    try:
        preview.build_first()
        built = site / "_site"
        folder = os.stat(built).st_ino
        _edit(site, "told reporters", "told the press")
        monkeypatch.setattr(write, "_swap", _no_swap)
        assert preview.rebuild() is True
        assert os.stat(built).st_ino == folder
        preview.search.wait()  # the index of the changed pages is made after they are renamed in
        assert "told the press" in _searched_text(built)
        assert "told reporters" not in _searched_text(built)
    finally:
        preview.stop()


class _Index:
    """A search index for the write stage alone: `pagefind/one/` and `pagefind/two/`, a file each."""

    def __init__(self):
        self.seen: dict[str, bytes] = {}

    def index_folder(self, folder: Path, previous: Path | None) -> list[str]:
        for shard in ("one", "two"):
            (folder / "pagefind" / shard).mkdir(parents=True)
            (folder / "pagefind" / shard / "entry.json").write_text(shard)
        return ["pagefind/one/entry.json", "pagefind/two/entry.json"]

    def index_update(self, update, work: Path) -> SearchFiles:
        # What the index reads: the pages as they will be, the changed ones not yet in the site.
        self.seen = {page: path.read_bytes() for page, path in update.changed().items()}
        (work / "new.json").write_text("one, again")
        return SearchFiles({"pagefind/one/index.json": work / "new.json"}, ("pagefind/two/",))


def test_an_update_in_place_renames_in_the_index_files_and_leaves_the_kept_shards(tmp_path: Path):
    output = tmp_path / "_site"
    write.write_site([("index.html", b"home"), ("a/page.html", b"one")], output, search=_Index())
    kept = (output / "pagefind" / "two" / "entry.json").stat()
    index = _Index()
    written = write.write_site(
        [("index.html", b"home"), ("a/page.html", b"two")], output, search=index, in_place=True
    )
    assert index.seen == {"a/page.html": b"two"}
    assert _contents(output) == {
        "a/page.html": b"two",
        "index.html": b"home",
        "pagefind/one/index.json": b"one, again",  # renamed in; the shard's other file is gone
        "pagefind/two/entry.json": b"two",
    }
    assert (output / "pagefind" / "two" / "entry.json").stat().st_ino == kept.st_ino
    assert (written.files, written.changed) == (4, 2)
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]  # the scratch folder is gone
