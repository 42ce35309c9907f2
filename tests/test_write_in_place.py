"""Updating a site in place (`write._InPlace`): the shortcuts that spare a big site a look at each file keep
every refusal of the full checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import write
from generator.errors import BuildError


def _files(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (links are not followed) with its bytes."""
    found = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def _site(tmp_path: Path, files: list[tuple[str, bytes]]) -> Path:
    output = tmp_path / "_site"
    write.write_site(files, output)
    return output


def _never(what: str):
    def render() -> bytes:
        raise AssertionError(f"{what} was rendered, though the site holds it")

    return render


# --- site paths ------------------------------------------------------------------------------------------


@given(st.text(alphabet="ab./\\:", max_size=12))
def test_a_site_path_taken_as_it_is_is_one_the_full_check_accepts_unchanged(site_path: str):
    try:
        expected = write._safe_relative(site_path).as_posix()
    except BuildError:
        expected = None
    if write._is_plain(site_path):
        assert expected == site_path
    try:
        assert write._relative(site_path) == expected
    except BuildError:
        assert expected is None


@pytest.mark.parametrize(
    "site_path", ["index.html", "companies/acme/2024/03/page/2/index.html", "data/x:y.csv"]
)
def test_a_sites_usual_paths_are_taken_as_they_are_without_the_full_check(site_path: str):
    assert write._is_plain(site_path)


@pytest.mark.parametrize(
    ("site_path", "relative"), [("a//b.html", "a/b.html"), ("./a.html", "a.html"), ("a/./b/", "a/b")]
)
def test_a_site_path_that_is_not_plain_is_normalised_by_the_full_check(site_path: str, relative: str):
    assert write._relative(site_path) == relative


@pytest.mark.parametrize(
    "site_path",
    ["../escape.html", "/etc/passwd", "a/../../escape.html", "", ".", "a/..", "c:/x", "a\\..\\..\\x", "a/.."],
)
def test_site_paths_that_leave_the_output_are_refused_in_place(site_path: str, tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home")])
    before = _files(output)
    with pytest.raises(BuildError, match="outside the output folder"):
        write.write_site([("index.html", b"new"), (site_path, b"evil")], output, in_place=True)
    assert _files(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_site_paths_that_differ_only_in_case_are_refused_in_place(tmp_path: Path):
    output = _site(tmp_path, [("people/x/index.html", b"1")])
    with pytest.raises(BuildError, match="share the address"):
        write.write_site(
            [("people/x/index.html", b"1"), ("people/X/index.html", b"2")], output, in_place=True
        )
    assert _files(output) == {"people/x/index.html": b"1", write.MARKER: (output / write.MARKER).read_bytes()}


# --- what the walk of the site found ----------------------------------------------------------------------


def test_an_unchanged_file_present_is_neither_rendered_nor_looked_at(tmp_path: Path, monkeypatch):
    names = [f"p/{n}/index.html" for n in range(20)]
    output = _site(tmp_path, [(name, b"page") for name in names])
    looked_at = []
    real = os.lstat

    def lstat(path, *args, **kwargs):
        looked_at.append(os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    written = write.write_site(
        [(name, write.Unchanged(_never(name))) for name in names], output, in_place=True
    )
    assert (written.files, written.changed) == (20, 0)
    assert not [p for p in looked_at if "/p/" in p]


def test_a_link_where_the_site_has_a_folder_is_never_written_through(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home"), ("a/page.html", b"page")])
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.html").write_bytes(b"page")
    for path in sorted((output / "a").iterdir()):
        path.unlink()
    (output / "a").rmdir()
    (output / "a").symlink_to(outside, target_is_directory=True)
    with pytest.raises(BuildError, match="is a link or a file where the site has a folder"):
        write.write_site(
            [("index.html", b"home, changed"), ("a/page.html", b"changed"), ("a/new.html", b"new")],
            output,
            in_place=True,
        )
    assert sorted(p.name for p in outside.iterdir()) == ["page.html"]
    assert (outside / "page.html").read_bytes() == b"page"
    assert (output / "index.html").read_bytes() == b"home"
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_a_folder_where_the_site_now_has_a_file_is_refused_before_anything_is_renamed_in(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home"), ("a/page.html", b"page")])
    with pytest.raises(BuildError, match="is a folder where the site now has a file"):
        write.write_site([("index.html", b"home, changed"), ("a", b"a file")], output, in_place=True)
    assert _files(output)["index.html"] == b"home"
    assert (output / "a" / "page.html").read_bytes() == b"page"
    assert not [p for p in output.rglob(".tmp-*")]


def test_a_stray_link_to_a_folder_is_removed_and_what_it_leads_to_kept(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home")])
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.html").write_bytes(b"kept")
    (output / "linked").symlink_to(outside, target_is_directory=True)
    write.write_site([("index.html", b"home")], output, in_place=True)
    assert not (output / "linked").is_symlink()
    assert (outside / "kept.html").read_bytes() == b"kept"


def test_folders_made_for_new_files_are_removed_when_the_update_fails(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home")])

    def failing():
        yield "new/deep/page.html", b"new"
        raise RuntimeError("a template error")

    with pytest.raises(RuntimeError):
        write.write_site(failing(), output, in_place=True)
    assert sorted(p.name for p in output.iterdir()) == sorted([write.MARKER, "index.html"])


# --- the listing a preview server keeps between its updates ------------------------------------------------


def _update(output: Path, files: list[tuple[str, bytes | write.Unchanged]], kept: write.KeptListing):
    return write.write_site(files, output, in_place=True, listing=kept)


def _pages(output: Path) -> dict[str, bytes]:
    return {path: data for path, data in _files(output).items() if path != write.MARKER}


def _taken(kept: write.KeptListing, output: Path) -> write._Listing:
    listing = kept.take(output)
    assert listing is not None
    kept.keep(output, listing)  # put back, as the update left it
    return listing


def test_the_listing_an_update_keeps_is_the_site_it_left(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home"), ("a/b/old.html", b"old"), ("c/page.html", b"page")])
    kept = write.KeptListing()
    updates = [
        # a new file in new folders, one removed with the folders it leaves empty, one unchanged
        [("index.html", b"home"), ("c/page.html", write.Unchanged(_never("c"))), ("d/e/new.html", b"new")],
        # a changed file, a file added beside it, the new folders emptied again
        [("index.html", b"home, changed"), ("c/page.html", b"page"), ("c/more.html", b"more")],
        # everything gone but the home page
        [("index.html", b"home, changed")],
    ]
    for files in updates:
        _update(output, files, kept)
        assert _taken(kept, output) == write._list_site(output)


def test_an_update_takes_up_the_kept_listing_instead_of_walking_the_site(tmp_path: Path, monkeypatch):
    output = _site(tmp_path, [("index.html", b"home"), ("a/page.html", b"page")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home"), ("a/page.html", b"changed")], kept)
    walks = []
    real = write._list_site
    monkeypatch.setattr(write, "_list_site", lambda folder: walks.append(folder) or real(folder))
    _update(output, [("index.html", b"home"), ("a/page.html", b"again"), ("b/new.html", b"new")], kept)
    assert walks == []
    assert _pages(output) == {"index.html": b"home", "a/page.html": b"again", "b/new.html": b"new"}


def test_a_site_another_build_wrote_since_is_walked_again(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home"), ("a/page.html", b"page")], kept)
    write.write_site([("index.html", b"home"), ("b/page.html", b"other")], output, in_place=True)
    assert kept.take(output) is None  # the marker is another file now
    _update(output, [("index.html", b"home"), ("b/page.html", write.Unchanged(_never("b")))], kept)
    assert _pages(output) == {"index.html": b"home", "b/page.html": b"other"}


def test_an_update_that_fails_leaves_no_listing_to_take_up(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home, changed")], kept)

    def failing():
        yield "new/page.html", b"new"
        raise RuntimeError("a template error")

    with pytest.raises(RuntimeError):
        _update(output, failing(), kept)
    assert kept.take(output) is None


def test_an_update_of_the_same_files_takes_their_paths_as_the_last_update_checked_them(
    tmp_path: Path, monkeypatch
):
    output = _site(tmp_path, [("index.html", b"home"), ("a/page.html", b"page")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home"), ("a/page.html", b"changed")], kept)
    checked = []
    real = write._relative
    monkeypatch.setattr(write, "_relative", lambda site_path: checked.append(site_path) or real(site_path))
    _update(output, [("index.html", b"home"), ("a/page.html", b"again"), ("b/new.html", b"new")], kept)
    assert checked == ["b/new.html"]
    assert _pages(output) == {"index.html": b"home", "a/page.html": b"again", "b/new.html": b"new"}


def test_a_new_file_whose_path_differs_from_a_kept_one_only_in_case_is_refused(tmp_path: Path):
    output = _site(tmp_path, [("people/x/index.html", b"1")])
    kept = write.KeptListing()
    _update(output, [("people/x/index.html", b"1"), ("index.html", b"home")], kept)
    with pytest.raises(BuildError, match="share the address 'people/X/index.html'"):
        _update(output, [("people/x/index.html", b"1"), ("people/X/index.html", b"2")], kept)
    _update(output, [("people/X/index.html", b"2"), ("index.html", b"home")], write.KeptListing())
    assert _pages(output) == {"people/X/index.html": b"2", "index.html": b"home"}


def test_an_unchanged_file_of_a_job_that_makes_several_is_made_as_its_place_among_them(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home")])
    made = write.Unchanged(lambda: [b"first", b"second"], 1)
    _update(output, [("index.html", b"home"), ("b/page.html", made)], write.KeptListing())
    assert _pages(output) == {"index.html": b"home", "b/page.html": b"second"}


# --- runs of unchanged files, taken together ----------------------------------------------------------------


class _Job:
    def __init__(self, paths: tuple[str, ...], make):
        self.paths = paths
        self.make = make


def _run(*jobs: tuple[tuple[str, ...], object]) -> write.UnchangedRun:
    return write.UnchangedRun([_Job(paths, make) for paths, make in jobs])


def test_a_run_of_unchanged_files_the_site_holds_is_claimed_without_a_look_at_each(
    tmp_path: Path, monkeypatch
):
    output = _site(tmp_path, [("index.html", b"home"), ("a/one.html", b"1"), ("a/two.html", b"2")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home"), ("a/one.html", b"1"), ("a/two.html", b"2")], kept)
    claimed = []
    real = write._InPlace._claim
    monkeypatch.setattr(write._InPlace, "_claim", lambda self, p: claimed.append(p) or real(self, p))
    run = _run((("a/one.html", "a/two.html"), _never("a")))
    written = _update(output, [("index.html", b"home, changed"), ("a/one.html", run)], kept)
    assert claimed == ["index.html"]  # the run's two paths: claimed at once, as the last update had them
    assert (written.files, written.changed) == (3, 1)
    assert _pages(output) == {"index.html": b"home, changed", "a/one.html": b"1", "a/two.html": b"2"}


def test_a_run_of_unchanged_files_makes_those_the_site_no_longer_holds(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home"), ("a/one.html", b"1"), ("b/two.html", b"2")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home"), ("a/one.html", b"1"), ("b/two.html", b"2")], kept)
    (output / "b" / "two.html").unlink()  # gone behind the preview's back: the listing still has it
    listing = _taken(kept, output)
    listing.files.discard("b/two.html")  # as a walk would find it
    run = _run((("a/one.html",), _never("a")), (("b/two.html", "b/three.html"), lambda: [b"2", b"3"]))
    _update(output, [("index.html", b"home"), ("a/one.html", run)], kept)
    assert _pages(output) == {
        "index.html": b"home",
        "a/one.html": b"1",
        "b/two.html": b"2",
        "b/three.html": b"3",
    }


@pytest.mark.parametrize("kept_first", [True, False])
def test_a_path_claimed_twice_in_a_run_or_beside_it_is_refused(tmp_path: Path, kept_first: bool):
    output = _site(tmp_path, [("index.html", b"home"), ("a/one.html", b"1")])
    kept = write.KeptListing()
    if kept_first:  # the run is then claimed at once, as the last update had its paths
        _update(output, [("index.html", b"home"), ("a/one.html", b"1")], kept)
    with pytest.raises(BuildError, match="share the address 'a/one.html'"):
        _update(output, [("a/one.html", _run((("a/one.html", "a/one.html"), _never("a"))))], kept)
    with pytest.raises(BuildError, match="share the address 'index.html'"):
        _update(output, [("index.html", b"home"), ("index.html", _run((("index.html",), _never("i"))))], kept)
    assert _pages(output) == {"index.html": b"home", "a/one.html": b"1"}


def test_a_staged_write_takes_a_run_file_by_file(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home"), ("a/one.html", b"1")])
    run = _run((("a/one.html",), _never("a")), (("b/new.html",), lambda: [b"new"]))
    written = write.write_site([("index.html", b"home"), ("a/one.html", run)], output)
    assert written.files == 3
    assert _pages(output) == {"index.html": b"home", "a/one.html": b"1", "b/new.html": b"new"}


# --- the listing a command-line build keeps for the next one (`listing_data`, `listing_from`) -------------


def test_a_listing_kept_as_data_is_the_site_with_its_index_walked_when_taken_up(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home"), ("a/page.html", b"page")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home"), ("a/page.html", b"new"), ("pagefind/x/one.pf", b"1")], kept)
    data = write.listing_data(kept, output, "pagefind/")
    assert data is not None and b"pagefind" not in data  # the index's files are walked, not kept
    (output / "pagefind" / "x" / "two.pf").write_bytes(b"2")  # as an index made after the pages
    again = write.listing_from(data, output, "pagefind/")
    assert again is not None
    listing = _taken(again, output)
    assert listing == write._list_site(output)
    # The paths the update checked count as checked: an update of them takes them as they are.
    assert listing.claimed == {"index.html": "index.html", "a/page.html": "a/page.html"}


def test_a_staged_write_keeps_the_listing_of_the_site_it_swapped_in(tmp_path: Path):
    kept = write.KeptListing()
    output = tmp_path / "_site"
    write.write_site([("index.html", b"home"), ("a/b/page.html", b"page")], output, listing=kept)
    assert _taken(kept, output) == write._list_site(output)


@pytest.mark.parametrize(
    "data",
    [b"not json", b"[]", b'{"format": 0}', b'{"format": 1, "files": [1]}', b'{"format": 1}'],
    ids=["not-json", "not-an-object", "another-format", "not-paths", "incomplete"],
)
def test_data_that_is_no_listing_is_not_taken_up(tmp_path: Path, data: bytes):
    output = _site(tmp_path, [("index.html", b"home")])
    assert write.listing_from(data, output, "pagefind/") is None


def test_a_site_that_holds_what_an_update_removes_is_not_kept_as_listed(tmp_path: Path):
    output = _site(tmp_path, [("index.html", b"home"), ("a/page.html", b"page")])
    kept = write.KeptListing()
    _update(output, [("index.html", b"home"), ("a/page.html", b"page")], kept)
    assert write.keeps_all(kept, output, "pagefind/")
    (output / "a" / ".tmp-left").write_bytes(b"half")  # what an interrupted update leaves
    walked = write.KeptListing()
    walked.keep(output, write._list_site(output))
    assert not write.keeps_all(walked, output, "pagefind/")
    (output / "a" / ".tmp-left").unlink()
    (output / "link.html").symlink_to(output / "index.html")
    walked.keep(output, write._list_site(output))
    assert not write.keeps_all(walked, output, "pagefind/")
