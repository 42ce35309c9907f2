"""Templates compiled once in the build's process before the render workers fork, never once per worker."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.build import BuildOptions, build
from generator.render import site as render_site
from generator.render.environment import make_environment, preload_templates
from generator.render.themes import theme_search_path

ROOT = Path(__file__).resolve().parents[2]


def _environment(extra: Path | None = None) -> jinja2.Environment:
    return make_environment(theme_search_path(extra or ROOT / "templates"), "en", {})


def test_every_html_template_is_compiled_and_then_served_from_memory(monkeypatch):
    env = _environment()
    names = env.list_templates(filter_func=lambda name: name.endswith(".html"))
    assert preload_templates(env) == len(names) > 5

    def no_more_reading(*args):
        raise AssertionError("a preloaded template was read again")

    monkeypatch.setattr(env.loader, "get_source", no_more_reading)
    for name in names:
        assert env.get_template(name).name == name


def test_a_broken_template_is_left_for_the_page_that_uses_it(tmp_path: Path):
    (tmp_path / "unused.html").write_text("{% if %}", encoding="utf-8")
    env = _environment(tmp_path)
    shipped = len(env.list_templates(filter_func=lambda name: name.endswith(".html")))
    assert preload_templates(env) == shipped - 1
    with pytest.raises(jinja2.TemplateSyntaxError):
        env.get_template("unused.html")


def test_a_site_with_a_broken_unused_template_still_builds(site: Path, tmp_path: Path):
    templates = tmp_path / "theme"
    templates.mkdir()
    (templates / "unused.html").write_text("{% if %}", encoding="utf-8")
    options = BuildOptions(
        content=site / "content", output=site / "out", templates=templates, jobs=2, cache=False, search=False
    )
    assert build(options).files > 0


@pytest.mark.parametrize(("jobs", "preloaded"), [(2, True), (1, False)])
def test_templates_are_preloaded_only_when_workers_will_fork(site: Path, monkeypatch, jobs, preloaded):
    calls: list[jinja2.Environment] = []
    monkeypatch.setattr(render_site, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(render_site, "preload_templates", calls.append)
    options = BuildOptions(
        content=site / "content", output=site / "out", jobs=jobs, cache=False, search=False
    )
    build(options)
    assert bool(calls) is preloaded
