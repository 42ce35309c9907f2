"""Safe builds: output folders that are refused, atomic replacement, interrupted builds, determinism."""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import write
from generator.cli import cli
from generator.errors import BuildError

REPOSITORY = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    """Temporary folders of ours beside the output."""
    return sorted(p.name for p in parent.iterdir() if ".new-" in p.name or ".old-" in p.name)


@pytest.fixture
def built(site: Path, runner, monkeypatch) -> Path:
    """The fixture site built once into `_site`; returns the site folder (cwd)."""
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return site


def _change_content(site: Path) -> None:
    """A change that every page shows (the site's title), so a rebuild writes every page anew."""
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("told reporters", "told the press"), encoding="utf-8"
    )
    config = site / "content" / "site.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Fixture fact sheets", "Fixture sheets, v2"),
        encoding="utf-8",
    )


# --- refused output folders ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "output",
    [".", "content", "content/articles/x", "..", "templates", "templates/out", "/"],
    ids=[
        "contains-content",
        "is-content",
        "inside-content",
        "parent",
        "is-templates",
        "inside-templates",
        "root",
    ],
)
def test_output_folder_that_would_touch_sources_is_refused(output: str, site: Path, runner, monkeypatch):
    (site / "templates").mkdir()
    monkeypatch.chdir(site)
    before = snapshot(site)
    result = runner.invoke(cli, ["build", "-o", output])
    assert result.exit_code == 1, result.output
    assert "refusing to build into" in result.output and "Traceback" not in result.output
    assert snapshot(site) == before


def test_home_folder_is_refused(site: Path, runner, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "-o", str(tmp_path / "home")])
    assert result.exit_code == 1
    assert "refusing" in result.output
    assert list((tmp_path / "home").iterdir()) == []


def test_repository_root_is_refused(site: Path, runner, monkeypatch):
    (site / ".git").mkdir()
    monkeypatch.chdir(site / "content")
    result = runner.invoke(cli, ["build", "--content", ".", "-o", str(site)])
    assert result.exit_code == 1
    assert "refusing" in result.output


def test_default_theme_folder_is_refused(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "-o", str(REPOSITORY / "templates" / "out")])
    assert result.exit_code == 1
    assert "refusing" in result.output
    assert not (REPOSITORY / "templates" / "out").exists()


def test_output_that_is_a_file_is_refused(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    (site / "out").write_text("a file")
    result = runner.invoke(cli, ["build", "-o", "out"])
    assert result.exit_code == 2  # Click refuses a file where a folder is wanted: a usage error
    assert "Traceback" not in result.output
    assert (site / "out").read_text() == "a file"


# --- replacing the site ----------------------------------------------------------------------------------


def test_rebuild_replaces_the_site_as_a_whole_and_nothing_beside_it(built: Path, runner):
    (built / "_site" / "stale.html").write_text("from an older build")
    (built / "beside.txt").write_text("not ours")
    _change_content(built)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert not (built / "_site" / "stale.html").exists()
    assert "told the press" in (built / "_site" / "articles" / "acme-globex" / "index.html").read_text()
    assert (built / "beside.txt").read_text() == "not ours"
    assert leftovers(built) == []


def test_render_failure_midway_leaves_the_old_site_intact(built: Path, runner, monkeypatch):
    from generator.render import site as render_module  # the build imports it when it renders

    before = snapshot(built / "_site")
    real = render_module.render_site

    def fails_midway(*args, **kwargs):
        for number, item in enumerate(real(*args, **kwargs)):
            if number == 5:
                raise BuildError("the renderer broke down")
            yield item

    monkeypatch.setattr(render_module, "render_site", fails_midway)
    _change_content(built)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "the renderer broke down" in result.output
    assert snapshot(built / "_site") == before
    assert leftovers(built) == []


def test_write_failure_midway_leaves_the_old_site_intact(built: Path, runner, monkeypatch):
    before = snapshot(built / "_site")
    real_write_bytes = Path.write_bytes
    written = []

    def disk_fills_up(self, data):
        if ".new-" in str(self):
            written.append(self)
            if len(written) == 10:
                raise OSError(28, "No space left on device")
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", disk_fills_up)
    _change_content(built)
    result = runner.invoke(cli, ["build", "--no-cache"])  # every file written anew, not linked unchanged
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert len(written) == 10
    assert snapshot(built / "_site") == before
    assert leftovers(built) == []


KILLED_BUILD = """
import pathlib, sys, time
from generator.cli import cli

real = pathlib.Path.write_bytes
count = 0

def write_then_hang(self, data):
    global count
    real(self, data)
    if ".new-" in str(self):
        count += 1
        if count == 5:  # the staging folder holds a few pages: tell the test, then wait to be killed
            pathlib.Path(sys.argv[1]).write_text("writing")
            time.sleep(120)

pathlib.Path.write_bytes = write_then_hang
cli(["build", "--no-cache"], prog_name="factsheets")  # staged (a build in place: test_search_in_place.py)
"""


def test_build_killed_while_writing_leaves_the_old_site_intact(built: Path, runner):
    before = snapshot(built / "_site")
    _change_content(built)
    flag = built / "writing.flag"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(flag)],
        cwd=built,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(1200):  # up to a minute for the language pipeline to load and the writing to start
            if flag.exists() or child.poll() is not None:
                break
            time.sleep(0.05)
        if not flag.exists():
            pytest.fail(child.stdout.read().decode() if child.poll() is not None else "never started writing")
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert snapshot(built / "_site") == before
    # The half-written staging folder and the write stage's scratch folder; the next build removes both.
    assert len(leftovers(built)) == 2
    flag.unlink()
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert "told the press" in (built / "_site" / "articles" / "acme-globex" / "index.html").read_text()
    assert leftovers(built) == []


def test_swap_interrupted_between_renames_is_repaired_by_the_next_build(tmp_path: Path, monkeypatch):
    output = tmp_path / "_site"
    write.write_site([("index.html", b"old")], output)
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)  # as on a system without renameat2
    real_rename = os.rename

    def interrupted(source, target):
        real_rename(source, target)
        if Path(target).name == "site":  # the old site has just been moved aside
            raise KeyboardInterrupt

    monkeypatch.setattr(write.os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write.write_site([("index.html", b"new")], output)
    assert not output.exists()  # the moment a crash would freeze
    monkeypatch.setattr(write.os, "rename", real_rename)

    def fails_at_once():
        raise BuildError("nothing to write")
        yield

    with pytest.raises(BuildError):
        write.write_site(fails_at_once(), output)
    assert (output / "index.html").read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_fallback_swap_without_exchange_replaces_the_site(tmp_path: Path, monkeypatch):
    output = tmp_path / "_site"
    write.write_site([("index.html", b"old")], output)
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    write.write_site([("index.html", b"new"), ("a/b.html", b"b")], output)
    files = snapshot(output)
    assert files == {"index.html": b"new", "a/b.html": b"b", write.MARKER: files[write.MARKER]}
    assert leftovers(tmp_path) == []


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x").write_text("b")
    if not write._exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this system has no atomic exchange; the two-rename fallback is tested above")
    assert ((tmp_path / "a" / "x").read_text(), (tmp_path / "b" / "x").read_text()) == ("b", "a")


@pytest.mark.parametrize(
    "site_path", ["../escape.html", "/etc/passwd", "a/../../escape.html", "", "c:/x", "a\\..\\..\\x"]
)
def test_site_paths_that_leave_the_output_are_refused(site_path: str, tmp_path: Path):
    output = tmp_path / "out" / "_site"
    with pytest.raises(BuildError, match="outside the output folder"):
        write.write_site([("index.html", b"x"), (site_path, b"evil")], output)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


def test_site_paths_that_differ_only_in_case_are_refused(tmp_path: Path):
    with pytest.raises(BuildError, match="share the address"):
        write.write_site([("people/x/index.html", b"1"), ("people/X/index.html", b"2")], tmp_path / "_site")
    assert not (tmp_path / "_site").exists()


# --- determinism -----------------------------------------------------------------------------------------


def test_two_builds_in_different_folders_and_environments_are_byte_identical(
    site: Path, runner, monkeypatch, tmp_path: Path
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1758326400")
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "-o", "one"])
    assert result.exit_code == 0, result.output
    elsewhere = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(site / "content", elsewhere / "content")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "PYTHONHASHSEED": "4242",
        "TZ": "Asia/Tokyo",
        "LC_ALL": "C",
        "LANG": "C",
        "SOURCE_DATE_EPOCH": "1758326400",
    }
    child = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-o", "other-name"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr
    one, two = snapshot(site / "one"), snapshot(elsewhere / "other-name")
    assert len(one) > 10
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def _reads_the_clock(node: ast.Call) -> bool:
    if not isinstance(node.func, ast.Attribute):
        return False
    name, owner = node.func.attr, node.func.value
    if name in ("now", "today", "utcnow"):  # datetime.now(), date.today() …
        return True
    if not (isinstance(owner, ast.Name) and owner.id == "time"):
        return False
    # time.time(), and the time module's functions that mean "now" when given no time.
    if name in ("time", "time_ns"):
        return True
    return (name in ("localtime", "gmtime", "ctime", "asctime") and not node.args) or (
        name == "strftime" and len(node.args) == 1
    )


def test_the_generator_never_reads_the_clock():
    """Wall-clock reads would make two builds differ; dates come from the content or SOURCE_DATE_EPOCH."""
    found = []
    for path in sorted((REPOSITORY / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _reads_the_clock(node):
                found.append(f"{path.relative_to(REPOSITORY)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []
