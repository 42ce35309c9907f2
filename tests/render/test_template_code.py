"""A preview server's builds share the templates' compiled code (`environment.TemplateCode`): a template is
compiled once while its source stays the same, and again once it is edited."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from generator.build import BuildOptions, build
from generator.cache.state import BuildSession
from generator.render.environment import TemplateCode, make_environment
from generator.render.themes import theme_search_path
from tests.test_aggregate_delta import CHANGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def compiled_names(monkeypatch) -> list[str]:
    """The name of each template compiled from here on."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile_counted(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_counted)
    return names


def _environment(templates: Path, compiled: TemplateCode) -> jinja2.Environment:
    return make_environment(theme_search_path(templates), "en", {}, compiled=compiled)


def test_a_template_is_compiled_again_only_when_its_source_changed(tmp_path: Path, compiled_names):
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "page.html"
    page.write_text("one {{ x }}", encoding="utf-8")
    code = TemplateCode()
    assert _environment(templates, code).get_template("page.html").render(x=1) == "one 1"
    assert _environment(templates, code).get_template("page.html").render(x=2) == "one 2"
    assert compiled_names == ["page.html"]
    page.write_text("two {{ x }}", encoding="utf-8")
    assert _environment(templates, code).get_template("page.html").render(x=3) == "two 3"
    assert compiled_names == ["page.html", "page.html"]


def test_a_preview_servers_rebuild_compiles_no_template_it_compiled_before(tmp_path: Path, compiled_names):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    options = BuildOptions(content=content, output=tmp_path / "site", jobs=1, search=False)
    session = BuildSession()
    build(options, session)
    assert compiled_names  # the first build compiled what it rendered
    compiled_names.clear()
    CHANGES["sentence"](content)
    assert build(options, session).changed > 0
    assert compiled_names == []
    CHANGES["figure"](content)
    build(options)  # a build of its own (a new process's) compiles what it renders
    assert compiled_names
