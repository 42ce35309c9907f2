"""Analysis in worker processes: the same site whatever the number of processes."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from generator.analyse import stage
from generator.build import BuildOptions, build, load_content
from generator.errors import TemplateError
from generator.render import site as render_site
from generator.render.pages import PageRenderer


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def bigger_site(site: Path) -> Path:
    """The fixture site with each article copied under several slugs: enough for several chunks."""
    articles = site / "content" / "articles"
    for source in sorted(articles.glob("*.md")):
        for number in range(1, 6):
            shutil.copyfile(source, articles / f"{source.stem}-{number}.md")
    return site


@pytest.fixture
def always_parallel(monkeypatch):
    """Use process pools even for a handful of articles and pages, as a big site would."""
    monkeypatch.setattr(stage, "MIN_PARALLEL", 0)
    monkeypatch.setattr(stage, "MIN_PER_PROCESS", 1)
    monkeypatch.setattr(render_site, "MIN_PARALLEL_PAGES", 0)
    monkeypatch.setattr(render_site, "MIN_PAGES_PER_PROCESS", 1)


def _build(site: Path, output: str, jobs: int) -> dict[str, bytes]:
    build(
        BuildOptions(
            content=site / "content",
            output=site / output,
            templates=site / "templates",
            jobs=jobs,
            cache=False,
        )
    )
    return _snapshot(site / output)


def test_one_and_two_processes_build_byte_identical_sites(bigger_site: Path, always_parallel, caplog):
    caplog.set_level(logging.DEBUG, logger="generator")
    one = _build(bigger_site, "one", 1)
    assert "processes" not in caplog.text
    two = _build(bigger_site, "two", 2)
    assert "articles in 2 processes" in caplog.text and "pages in 2 processes" in caplog.text
    assert len(one) > 50
    assert one == two


def test_results_keep_the_order_of_the_files(bigger_site: Path, always_parallel):
    content, analysed, _ = load_content(bigger_site / "content", jobs=2, cache=False)
    slugs = [a.slug for a in content.articles]
    assert slugs == [p.stem for p in sorted((bigger_site / "content" / "articles").glob("*.md"))]
    assert [a.slug for a in analysed] == slugs


def test_progress_counts_every_article_once(bigger_site: Path, always_parallel):
    steps = []

    def progress(label, total):
        import contextlib

        @contextlib.contextmanager
        def counting():
            yield steps.append

        steps.append(("total", total))
        return counting()

    load_content(bigger_site / "content", jobs=2, cache=False, progress=progress)
    assert steps[0] == ("total", 12)
    assert sum(steps[1:]) == 12


def test_a_few_articles_are_analysed_without_a_pool(bigger_site: Path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for a handful of articles")

    monkeypatch.setattr(stage.multiprocessing, "get_context", no_pool)
    content, analysed, _ = load_content(bigger_site / "content", jobs=2, cache=False)
    assert len(analysed) == len(content.articles) == 12


def test_cached_and_fresh_results_mix_in_order(bigger_site: Path, always_parallel):
    fresh = _build(bigger_site, "fresh", 2)
    build(
        BuildOptions(
            content=bigger_site / "content",
            output=bigger_site / "warm",
            templates=bigger_site / "templates",
            jobs=2,
        )
    )
    article = bigger_site / "content" / "articles" / "acme-globex-3.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(
        BuildOptions(
            content=bigger_site / "content",
            output=bigger_site / "warm",
            templates=bigger_site / "templates",
            jobs=2,
        )
    )
    build(
        BuildOptions(
            content=bigger_site / "content",
            output=bigger_site / "cold",
            templates=bigger_site / "templates",
            jobs=1,
            cache=False,
        )
    )
    assert _snapshot(bigger_site / "warm") == _snapshot(bigger_site / "cold") != fresh


def test_a_page_failing_in_a_worker_fails_the_build_and_keeps_the_old_site(
    bigger_site: Path, always_parallel, monkeypatch
):
    before = _build(bigger_site, "site", 2)

    def broken(self, slug):
        raise TemplateError(f"article.html failed for {slug}")

    monkeypatch.setattr(PageRenderer, "article_page", broken)
    with pytest.raises(TemplateError, match="article.html failed"):
        build(
            BuildOptions(
                content=bigger_site / "content",
                output=bigger_site / "site",
                templates=bigger_site / "templates",
                jobs=2,
                cache=False,
                base_url="https://changed.example.org/",
            )
        )
    assert _snapshot(bigger_site / "site") == before


class _Terminal:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "level", "shown"),
    [(True, logging.INFO, True), (True, logging.WARNING, False), (False, logging.INFO, False)],
    ids=["terminal", "quiet", "not-a-terminal"],
)
def test_the_progress_bar_is_for_a_person_at_a_terminal(monkeypatch, tty: bool, level: int, shown: bool):
    import sys

    from generator.cli import build as build_cli

    monkeypatch.setattr(sys, "stderr", _Terminal(tty))
    monkeypatch.setattr(logging.getLogger("generator"), "level", level)
    assert build_cli._wants_progress() is shown


def test_no_progress_bar_in_captured_output(site: Path, runner, monkeypatch):
    from generator.cli import cli

    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert "Reading and analysing" not in result.output and "Writing the site" not in result.output


def test_workers_use_the_pipelines_built_before_the_fork(
    bigger_site: Path, always_parallel, monkeypatch, tmp_path
):
    """The pipelines are made once, in a host process whose forked workers share them; not in the build's."""
    from generator.analyse import pipeline

    builders = tmp_path / "builders"
    original = pipeline.build_nlp

    def recorded(language, *args, **kwargs):
        with open(builders, "a", encoding="ascii") as record:
            record.write(f"{os.getpid()} {language}\n")
        return original(language, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_nlp", recorded)
    monkeypatch.setattr(stage, "_state", {})  # no pipelines left by an earlier test in this process
    content, analysed, _ = load_content(bigger_site / "content", jobs=2, cache=False)
    assert len(analysed) == len(content.articles) == 12
    built = [line.split() for line in builders.read_text(encoding="ascii").splitlines()]
    assert sorted(language for _, language in built) == sorted({a.language for a in content.articles})
    (host,) = {pid for pid, _ in built}
    assert host != str(os.getpid())


def test_the_languages_of_the_articles_are_read_from_their_front_matter():
    tasks = [
        stage._Task(0, "", "a.md", "a", b'---\ntitle: "A"\nlanguage: it\n---\nTesto.\n'),
        stage._Task(1, "", "b.md", "b", b"---\nlanguage: 'en'\ntitle: B\n---\nText.\n"),
        stage._Task(2, "", "c.md", "c", b"---\nlanguage: xx\n---\nText.\n"),
        stage._Task(3, "", "d.md", "d", b"---\ntitle: D\n---\nlanguage: it is not front matter\n"),
    ]
    assert stage._languages(tasks) == ["en", "it"]


def test_a_failure_in_an_analysis_worker_stops_the_build_with_its_cause(
    bigger_site: Path, always_parallel, monkeypatch
):
    def broken(tasks, setup, pipelines):
        raise ValueError("a broken component")

    monkeypatch.setattr(stage, "analyse_chunk", broken)
    with pytest.raises(RuntimeError, match="a broken component"):
        load_content(bigger_site / "content", jobs=2, cache=False)


def _pid() -> list[bytes]:
    return [str(os.getpid()).encode()]


def test_render_workers_are_replaced_before_they_copy_much_of_the_model(monkeypatch):
    monkeypatch.setattr(render_site, "MAX_JOBS_PER_WORKER", 5)
    made = list(render_site.run_jobs([_pid] * 400, jobs=2))
    workers = {pid for (pid,) in made}
    assert len(made) == 400 and str(os.getpid()).encode() not in workers
    assert len(workers) >= 400 // 5
