"""The jobs that read the whole model are made in the build's process before the workers fork
(`render.site._first_jobs`): a forked worker that made one would copy most of the model."""

from __future__ import annotations

import os
from pathlib import Path

from generator.build import build_model
from generator.cache.pagekeys import EXPORT_JOBS, PageKeys
from generator.render import site as render_site
from generator.render.environment import make_environment
from generator.render.pages import PageRenderer
from generator.render.themes import theme_search_path


def _pid() -> list[bytes]:
    return [str(os.getpid()).encode()]


def test_the_jobs_named_first_are_made_in_the_build_s_process():
    paths = [f"p{n}.html" for n in range(300)]
    work = [render_site._Job(path, (path,), _pid) for path in paths]
    files = dict(render_site._make_changed(work, PageKeys(), jobs=2, first={paths[7], paths[200]}))
    here = str(os.getpid()).encode()
    assert [path for path in paths if files[path] == here] == [paths[7], paths[200]]


def test_the_feeds_and_the_first_pages_of_home_timeline_and_sources_come_first(site: Path):
    model, _ = build_model(site / "content", jobs=1, cache=False)
    env = make_environment(theme_search_path(None), model.config.language, model.config.fact_kinds)
    first = render_site._first_jobs([PageRenderer(model, env, "https://example.org/")])
    assert first == {*EXPORT_JOBS, "index.html", "timeline/index.html", "sources/index.html"}
