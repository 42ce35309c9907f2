"""The cycle collector: paused while the model is built, frozen out of it until the end, restored after (also
when the build fails), and running in every render worker whatever the build's process does."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import BuildOptions, build
from generator.errors import ContentError
from generator.render import site as render_site


def _options(site: Path, **changes) -> BuildOptions:
    return BuildOptions(
        content=site / "content", output=site / "out", jobs=1, cache=False, search=False, **changes
    )


@pytest.fixture
def collector_seen(monkeypatch) -> list[bool]:
    """Whether the collector ran while the model was built, and what was frozen once it was."""
    seen: list = []
    build_model = build_module.build_model

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return build_model(*args, **kwargs)

    render = build_module._render_and_write

    def rendering(*args, **kwargs):
        seen.append(gc.get_freeze_count() > 0)
        return render(*args, **kwargs)

    monkeypatch.setattr(build_module, "build_model", watched)
    monkeypatch.setattr(build_module, "_render_and_write", rendering)
    return seen


def test_the_model_is_built_with_the_collector_paused_then_frozen(site: Path, collector_seen):
    assert gc.isenabled()
    build(_options(site))
    assert collector_seen == [False, True]  # paused while built; frozen when rendering starts
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_failed_build_restores_the_collector(site: Path, collector_seen):
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text().replace("{@jane-roe}", "{@nobody}"))
    with pytest.raises(ContentError):
        build(_options(site))
    assert collector_seen == [False]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_strict_build_stopped_by_warnings_unfreezes_the_model(site: Path, collector_seen):
    with pytest.raises(ContentError):
        build(_options(site, strict=True))  # the fixture site has a disagreement: a warning
    assert collector_seen == [False]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def _collector_on() -> bool:
    return gc.isenabled()


def test_render_workers_run_the_collector_even_when_the_build_pauses_it(monkeypatch):
    monkeypatch.setattr(render_site, "MAX_JOBS_PER_WORKER", 50)
    gc.disable()  # as a preview server's build runs
    try:
        made = list(render_site.run_jobs([_collector_on] * 400, jobs=2))
    finally:
        gc.enable()
    assert made == [True] * 400


def test_what_was_made_before_the_workers_fork_is_frozen_out_of_their_collections():
    """A worker's collection never walks (writing to their headers, so copying their pages) the objects the
    build made after it froze the model: the renderers, the templates, the jobs."""
    made_before = [object()]  # a container: tracked by the collector
    marker = id(made_before)

    def walked() -> bool:
        return any(id(tracked) == marker for tracked in gc.get_objects())

    assert walked()  # not frozen yet, here
    try:
        seen = list(render_site.run_jobs([walked] * 400, jobs=2))
    finally:
        gc.unfreeze()
    assert seen == [False] * 400
