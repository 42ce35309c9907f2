"""The big exports are made as files in the write stage's scratch folder (`write.Scratch`) and handed on as
`write.Made`, never as bytes: the write stage renames them into the site, leaves the site's file when its
bytes are the same, and leaves nothing behind when the build fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import write
from generator.build import build_model
from generator.cache.pagekeys import PageKeys
from generator.cli import cli
from generator.errors import BuildError
from generator.render import site as render_site
from generator.render.data import ENTITY_EXPORTS, FACT_EXPORTS, SITE_EXPORTS, data_files
from generator.render.sqlite import SQLITE_EXPORTS


def _made(scratch: write.Scratch, data: bytes, name: str = "export") -> write.Made:
    path = scratch.new_file(name)
    path.write_bytes(data)
    return write.Made(path)


def _leftovers(output: Path) -> list[str]:
    """What lies beside the output folder but the output itself (temporary folders of ours)."""
    return sorted(p.name for p in output.parent.iterdir() if p != output)


def _temporary_files(output: Path) -> list[str]:
    return sorted(p.name for p in output.rglob("*") if p.name.startswith((".tmp-", ".factsheets-db-")))


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "out" / "_site"


# --- the write stage ---------------------------------------------------------------------------------------


def test_a_made_file_is_renamed_into_a_new_site_not_copied(output: Path):
    scratch = write.Scratch()
    made: list[int] = []

    def files():
        file = _made(scratch, b"[1, 2]\n")
        made.append(os.stat(file.path).st_ino)
        yield "data/facts.json", file

    write.write_site(files(), output, scratch=scratch)
    assert (output / "data" / "facts.json").read_bytes() == b"[1, 2]\n"
    assert os.stat(output / "data" / "facts.json").st_ino == made[0]
    assert _leftovers(output) == []


@pytest.mark.parametrize("in_place", [False, True])
def test_a_made_file_whose_bytes_the_site_holds_leaves_the_site_s_file(output: Path, in_place: bool):
    write.write_site([("data/facts.json", b"same\n"), ("data/facts.csv", b"old\n")], output)
    same = os.stat(output / "data" / "facts.json")
    scratch = write.Scratch()

    def files():
        yield "data/facts.json", _made(scratch, b"same\n")
        yield "data/facts.csv", _made(scratch, b"new\n")

    written = write.write_site(files(), output, in_place=in_place, scratch=scratch)
    kept = os.stat(output / "data" / "facts.json")
    assert (kept.st_ino, kept.st_mtime_ns) == (same.st_ino, same.st_mtime_ns)
    assert (output / "data" / "facts.csv").read_bytes() == b"new\n"
    assert written.changed == 1
    assert _leftovers(output) == []


@pytest.mark.parametrize("in_place", [False, True])
def test_a_failed_write_leaves_no_made_file_and_the_previous_site(output: Path, in_place: bool):
    write.write_site([("index.html", b"home"), ("data/facts.json", b"old\n")], output)
    scratch = write.Scratch()

    def files():
        yield "data/facts.json", _made(scratch, b"new\n")
        yield "data/facts.csv", _made(scratch, b"new\n")
        raise RuntimeError("a template error")

    with pytest.raises(RuntimeError):
        write.write_site(files(), output, in_place=in_place, scratch=scratch)
    assert (output / "data" / "facts.json").read_bytes() == b"old\n"
    assert not (output / "data" / "facts.csv").exists()
    assert _leftovers(output) == []
    assert _temporary_files(output) == []


def test_the_files_are_closed_before_the_scratch_folder_is_removed(output: Path):
    """The render stage's generator, closed by the write stage, stops its workers while their scratch
    folder is still there: nothing is made in a folder that is gone, or after it was removed."""
    scratch = write.Scratch()
    seen: list[bool] = []

    def files():
        made = _made(scratch, b"one")
        try:
            yield "a.json", made
            yield "A.json", _made(scratch, b"two")  # the same address as a.json in another case: refused
            yield "b.json", _made(scratch, b"three")
        finally:
            seen.append(made.path.parent.is_dir())

    rendered = files()  # held here, as the build holds its renderer: not collected when the write fails
    with pytest.raises(BuildError, match="share the address"):
        write.write_site(rendered, output, scratch=scratch)
    assert seen == [True]
    assert _leftovers(output) == []


def test_a_scratch_file_cannot_be_had_outside_the_write_stage(output: Path):
    with pytest.raises(RuntimeError, match="outside write_site"):
        write.Scratch().new_file("facts.json")


# --- the render stage ---------------------------------------------------------------------------------------


@pytest.fixture
def model(site: Path):
    return build_model(site / "content", jobs=1, cache=False)[0]


def _export_jobs(model, scratch: write.Scratch | None):
    return render_site._export_jobs(model, "https://example.org/", scratch)


def test_an_export_job_hands_back_files_in_the_scratch_folder_not_bytes(model, output: Path):
    scratch = write.Scratch()
    output.parent.mkdir(parents=True)
    with scratch.opened(output):
        for job in _export_jobs(model, scratch):
            made = job.make()
            assert all(isinstance(file, write.Made) for file in made), job.key_path
            assert [file.path.parent.parent for file in made] == [output.parent] * len(job.paths)
            assert all(os.stat(file.path).st_mode & 0o777 == 0o644 for file in made)


def test_export_files_have_the_bytes_the_exports_have_in_memory(model, output: Path):
    expected = dict(data_files(model, "https://example.org/"))
    in_memory = [job.make() for job in _export_jobs(model, None)]
    scratch = write.Scratch()
    output.parent.mkdir(parents=True)
    with scratch.opened(output):
        on_disk = [[file.path.read_bytes() for file in job.make()] for job in _export_jobs(model, scratch)]
    assert on_disk == in_memory
    made = dict(zip((*FACT_EXPORTS, *SQLITE_EXPORTS, *ENTITY_EXPORTS), on_disk[0] + on_disk[1], strict=True))
    assert {p: made[p] for p in SITE_EXPORTS} == {p: expected[p] for p in SITE_EXPORTS}
    assert made[SQLITE_EXPORTS[0]].startswith(b"SQLite format 3\x00")


def _pid() -> list[bytes]:
    return [str(os.getpid()).encode()]


def test_the_exports_are_made_in_the_build_s_process_before_the_workers_fork(model, output, monkeypatch):
    """A worker that read every fact would copy most of the model; the build's process copies nothing."""
    monkeypatch.setattr(render_site, "MIN_PARALLEL_PAGES", 0)
    monkeypatch.setattr(render_site, "MIN_PAGES_PER_PROCESS", 1)
    made_by: dict[str, int] = {}

    def recorded(make, key_path):
        def run():
            made_by[key_path] = os.getpid()
            return make()

        return run

    scratch = write.Scratch()
    output.parent.mkdir(parents=True)
    with scratch.opened(output):
        pages = [render_site._Job(f"p{n}.html", (f"p{n}.html",), _pid) for n in range(40)]
        exports = _export_jobs(model, scratch)
        jobs = [pages[0], *exports, *pages[1:]]
        jobs = [render_site._Job(j.key_path, j.paths, recorded(j.make, j.key_path)) for j in jobs]
        files = dict(render_site._make_changed(jobs, PageKeys(), jobs=2))
        assert all(isinstance(files[path], write.Made) for path in (*SITE_EXPORTS, *SQLITE_EXPORTS))
    assert [made_by.get(job.key_path) for job in exports] == [os.getpid()] * len(exports)
    assert files["p0.html"] != str(os.getpid()).encode()  # the pages: in the workers


def test_a_build_that_fails_after_the_exports_leaves_no_export_file(model, output: Path):
    write.write_site([("index.html", b"home")], output)
    scratch = write.Scratch()

    def failing():
        for site_path, content in render_site.render_site(
            model, None, "https://example.org/", jobs=1, search=False, scratch=scratch
        ):
            yield site_path, content
            if site_path == SQLITE_EXPORTS[-1]:
                raise RuntimeError("a template error after the exports")

    with pytest.raises(RuntimeError, match="after the exports"):
        write.write_site(failing(), output, in_place=True, scratch=scratch)
    assert sorted(p.name for p in output.iterdir()) == sorted([write.MARKER, "index.html"])
    assert _leftovers(output) == []


@pytest.mark.parametrize("options", [[], ["--no-cache"]])
def test_a_build_renames_its_exports_in_from_the_scratch_folder(site: Path, runner, monkeypatch, options):
    """`build` hands its renderer and its writer one scratch folder: the exports never come as bytes."""
    handed: dict[str, object] = {}
    put, add = write._put, write._InPlace.add

    def put_recorded(target, data, old):
        handed[target.name] = data
        return put(target, data, old)

    def add_recorded(self, site_path, data):
        handed[Path(site_path).name] = data
        return add(self, site_path, data)

    monkeypatch.setattr(write, "_put", put_recorded)
    monkeypatch.setattr(write._InPlace, "add", add_recorded)
    monkeypatch.chdir(site)
    article = site / "content" / "articles" / "acme-globex.md"
    for _ in range(2):  # a first build (staged) and one into the site it wrote (in place, with the cache)
        handed.clear()
        article.write_text(article.read_text(encoding="utf-8").replace("value=", "value=1", 1), "utf-8")
        result = runner.invoke(cli, ["build", "--no-search", *options])
        assert result.exit_code == 0, result.output
        exports = {Path(p).name for p in (*SITE_EXPORTS, *SQLITE_EXPORTS)}
        assert {name for name, data in handed.items() if isinstance(data, write.Made)} == exports
    assert [name for name in _leftovers(site / "_site") if name.startswith("._site.")] == []
