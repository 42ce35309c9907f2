"""Input files are read again only when their stat changed: `cache/filestats.py`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cache import filestats
from generator.cache.digest import tree_digest
from generator.cache.filestats import FileDigests, KnownFiles
from generator.cache.store import Store


@pytest.fixture
def settled(monkeypatch):
    """Every file counts as settled (its change time cannot be dated back): its digest is kept."""
    monkeypatch.setattr(filestats, "_SETTLED_NS", -1)


def _tree(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "articles").mkdir(parents=True)
    for name in ("a.md", "b.md", "c.md"):
        (folder / "articles" / name).write_text(f"text of {name}\n")
    return folder


def _digest(tmp_path: Path, folder: Path, kept: KnownFiles | None = None) -> tuple[str, int]:
    """The folder's digest with a fresh `FileDigests` on the store (and what a process `kept`), and how many
    files it read."""
    store = Store(tmp_path / "cache")
    try:
        files = FileDigests(store, kept)
        files.watch(folder)
        digest = tree_digest(folder, files)
        files.save()
        return digest, files.read
    finally:
        store.close()


def test_a_file_whose_stat_is_unchanged_is_not_read_again(tmp_path, settled):
    folder = _tree(tmp_path)
    first, read_first = _digest(tmp_path, folder)
    second, read_second = _digest(tmp_path, folder)
    assert (read_first, read_second) == (3, 0)
    assert first == second == tree_digest(folder)


def test_a_file_changed_in_place_is_read_again_even_with_its_old_mtime(tmp_path, settled):
    folder = _tree(tmp_path)
    path = folder / "articles" / "b.md"
    before, _ = _digest(tmp_path, folder)
    stat = path.stat()
    path.write_text("text of b.mX\n")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the old modification time put back
    after, read = _digest(tmp_path, folder)
    assert read >= 1
    assert after != before
    assert after == tree_digest(folder)


def test_a_file_written_just_now_is_read_every_time(tmp_path):
    """Its digest is not kept: a second write within the same clock tick would not change its stat."""
    folder = _tree(tmp_path)
    _digest(tmp_path, folder)
    _, read = _digest(tmp_path, folder)
    assert read == 3


def test_removed_files_are_forgotten(tmp_path, settled):
    folder = _tree(tmp_path)
    _digest(tmp_path, folder)
    (folder / "articles" / "a.md").unlink()
    _digest(tmp_path, folder)
    store = Store(tmp_path / "cache")
    try:
        kept = store.file_digests(os.path.join(os.fsencode(folder), b""))
    finally:
        store.close()
    assert sorted(os.path.basename(p) for p in kept) == [b"b.md", b"c.md"]


def test_a_build_looks_at_each_file_once(tmp_path, settled, monkeypatch):
    """The stamp of the inputs and the keys of the articles ask for the same files: one stat each."""
    folder = _tree(tmp_path)
    _digest(tmp_path, folder)
    store = Store(tmp_path / "cache")
    try:
        files = FileDigests(store)
        files.watch(folder)
        looked: list[bytes] = []
        real = os.stat
        monkeypatch.setattr(os, "stat", lambda path, *a, **k: looked.append(path) or real(path, *a, **k))
        first = tree_digest(folder, files)
        files.save()
        again = files.digest(folder / "articles" / "a.md")
        assert len([p for p in looked if os.fsencode(p).endswith(b".md")]) == 3
        assert first == tree_digest(folder)
        assert again == filestats.hashlib.sha256(b"text of a.md\n").hexdigest()
    finally:
        store.close()


def test_digests_a_process_kept_stand_in_for_the_stores_rows(tmp_path, settled, monkeypatch):
    """A preview server reads the rows once; a file changed since is still read again."""
    folder = _tree(tmp_path)
    kept = KnownFiles()
    _digest(tmp_path, folder, kept)
    rows_read: list[bytes] = []
    real = Store.file_digests
    monkeypatch.setattr(
        Store, "file_digests", lambda self, prefix: rows_read.append(prefix) or real(self, prefix)
    )
    assert _digest(tmp_path, folder, kept)[1] == 0
    (folder / "articles" / "b.md").write_text("text of b, edited\n")
    after, read = _digest(tmp_path, folder, kept)
    assert (read, rows_read) == (1, [])
    assert after == tree_digest(folder)
    (folder / "articles" / "c.md").unlink()
    _digest(tmp_path, folder, kept)
    assert sorted(os.path.basename(p) for p in kept.known) == [b"a.md", b"b.md"]


def _told(tmp_path: Path, folder: Path, kept: KnownFiles, reported: set[Path]) -> tuple[str, FileDigests]:
    """The folder's digest by a `FileDigests` told that `reported` changed since `kept`'s last look."""
    store = Store(tmp_path / "cache")
    try:
        files = FileDigests(store, kept, {os.fsencode(p) for p in reported})
        files.watch(folder)
        digest = tree_digest(folder, files)
        files.save()
        return digest, files
    finally:
        store.close()


def test_a_build_told_which_file_changed_looks_at_that_file_alone(tmp_path, settled):
    folder = _tree(tmp_path)
    kept = KnownFiles()
    _digest(tmp_path, folder, kept)
    edited = folder / "articles" / "b.md"
    edited.write_text("text of b, edited\n")
    digest, files = _told(tmp_path, folder, kept, {edited, folder / "articles" / ".b.md.swp"})
    assert files.trusting
    assert (files.stats, files.read) == (1, 1)  # a is not stat-ed: the watcher did not report it
    assert digest == tree_digest(folder)
    # The next build, told of another edit, starts from this build's look (the edit of b included).
    (folder / "articles" / "c.md").write_text("text of c, edited\n")
    digest, files = _told(tmp_path, folder, kept, {folder / "articles" / "c.md"})
    assert files.stats == 1 and digest == tree_digest(folder)


def test_what_the_watcher_did_not_report_is_taken_from_the_last_look(tmp_path, settled):
    """The reason a preview checks every stat again after such a build (`Preview.rebuild_if_unreported`)."""
    folder = _tree(tmp_path)
    kept = KnownFiles()
    before, _ = _digest(tmp_path, folder, kept)
    (folder / "articles" / "a.md").write_text("text of a, edited unseen\n")
    digest, files = _told(tmp_path, folder, kept, set())
    assert files.trusting and files.stats == 0 and digest == before
    assert _digest(tmp_path, folder, kept)[0] == tree_digest(folder) != before  # told nothing: every stat


@pytest.mark.parametrize("change", ["added", "removed", "folder added", "made a folder", "made a link"])
def test_a_file_added_or_removed_makes_the_build_look_at_every_file(tmp_path, settled, change):
    folder = _tree(tmp_path)
    kept = KnownFiles()
    _digest(tmp_path, folder, kept)
    articles = folder / "articles"
    (articles / "a.md").write_text("text of a, edited unseen\n")  # found only by looking at every stat
    if change == "added":
        reported = articles / "d.md"
        reported.write_text("a new article\n")
    elif change == "removed":
        reported = articles / "b.md"
        reported.unlink()
    elif change == "folder added":
        reported = articles / "2024"
        reported.mkdir()
    elif change == "made a link":
        reported = articles / "c.md"
        reported.unlink()
        reported.symlink_to(articles / "b.md")
    else:
        reported = articles / "c.md"
        reported.unlink()
        reported.mkdir()
        (reported / "inner.md").write_text("inside\n")
    digest, files = _told(tmp_path, folder, kept, {reported})
    assert not files.trusting
    assert files.stats == len([p for p in folder.rglob("*") if p.is_file()])
    assert digest == tree_digest(folder)


def test_a_build_told_nothing_of_a_last_look_it_has_not_looks_at_every_file(tmp_path, settled):
    folder = _tree(tmp_path)
    digest, files = _told(tmp_path, folder, KnownFiles(), {folder / "articles" / "a.md"})
    assert not files.trusting and files.stats == 3 and digest == tree_digest(folder)


def _asked(monkeypatch) -> list[str]:
    """The paths whose digest a `FileDigests` is asked for from now on, in order."""
    asked: list[str] = []
    digest = FileDigests.digest
    monkeypatch.setattr(FileDigests, "digest", lambda self, path: asked.append(path) or digest(self, path))
    return asked


def test_a_folder_with_no_reported_file_is_taken_whole_from_the_last_look(tmp_path, settled, monkeypatch):
    folder = _tree(tmp_path)
    (folder / "entities").mkdir()
    for name in ("x.yml", "y.yml"):
        (folder / "entities" / name).write_text(f"id: {name}\n")
    kept = KnownFiles()
    _digest(tmp_path, folder, kept)
    asked = _asked(monkeypatch)
    edited = folder / "entities" / "y.yml"
    edited.write_text("id: y.yml\nname: Y\n")
    (folder / "empty").mkdir()  # an empty folder publishes nothing: no digest of its own
    told, files = _told(tmp_path, folder, kept, {edited})
    assert told == tree_digest(folder)
    assert sorted(Path(p).name for p in asked) == ["x.yml", "y.yml"]  # not the articles' folder
    assert files.stats == 1
    assert _digest(tmp_path, folder, kept)[0] == told  # told nothing: every stat, the same digest


def test_only_the_run_of_files_holding_a_reported_file_is_hashed_again(tmp_path, settled, monkeypatch):
    from generator.cache import digest as digest_module

    monkeypatch.setattr(digest_module, "_RUN", 2)
    folder = _tree(tmp_path)
    for name in ("d.md", "e.md"):
        (folder / "articles" / name).write_text(f"text of {name}\n")
    kept = KnownFiles()
    _digest(tmp_path, folder, kept)
    asked = _asked(monkeypatch)
    edited = folder / "articles" / "d.md"
    edited.write_text("text of d, edited\n")
    told, _ = _told(tmp_path, folder, kept, {edited})
    assert sorted(Path(p).name for p in asked) == ["c.md", "d.md"]  # the runs: a b | c d | e
    assert told == tree_digest(folder)
