"""Shared fixtures: the small fixture site and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A writable copy of the fixture site; returns the folder that holds `content/`."""
    target = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def analysed(tmp_path: Path, monkeypatch):
    """The slugs of the articles analysed from now on, in order, as a function that reads them.

    Analyses may run in another process (`analyse.stage`: the articles the store lacks are analysed in a
    forked process while the build loads the others), so the spy writes each slug to a file."""
    from generator.analyse import stage

    record = tmp_path / "analysed.txt"
    record.write_text("", encoding="utf-8")
    real = stage.analyse_chunk

    def spy(tasks, setup, pipelines):
        with record.open("a", encoding="utf-8") as out:
            out.writelines(f"{task.slug}\n" for task in tasks)
        return real(tasks, setup, pipelines)

    monkeypatch.setattr(stage, "analyse_chunk", spy)
    return lambda: record.read_text(encoding="utf-8").split()


@pytest.fixture
def whole_builds(monkeypatch) -> None:
    """Every build goes the whole way: none starts from the last build's record after an edit to articles'
    words (`generator/body_edits.py`), for the tests of what a whole build keeps between builds."""
    import generator.body_edits

    monkeypatch.setattr(generator.body_edits, "build_edited", lambda *args: None)
