"""Reading site.yml, entity files and articles: fields, positions and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import read_content
from generator.read.articles import read_article_text

HEADER = """---
title: "T"
language: en
source:
  publisher: P
  url: https://p.example/a
  published: 2025-09-18
---
"""


def codes(problems):
    return [p.code for p in problems]


def test_article_fields_are_read():
    article, problems = read_article_text(HEADER + "Body.\n", "a.md", "a")
    assert problems == []
    assert (article.title, article.language, article.source.published) == ("T", "en", "2025-09-18")
    assert article.body == "Body.\n"
    assert article.body_line == 9


def test_missing_front_matter_is_reported():
    _, problems = read_article_text("Just text", "a.md", "a")
    assert codes(problems) == ["missing-front-matter"]


def test_unclosed_front_matter_is_reported():
    _, problems = read_article_text("---\ntitle: x\n", "a.md", "a")
    assert codes(problems) == ["unclosed-front-matter"]


def test_yaml_syntax_error_has_the_file_line():
    _, problems = read_article_text("---\ntitle: [unclosed\nlanguage: en\n---\n", "a.md", "a")
    (problem,) = problems
    assert problem.code == "yaml-syntax"
    assert problem.location.line >= 2


def test_impossible_publication_date_is_reported_at_its_position():
    _, problems = read_article_text(HEADER.replace("2025-09-18", "2025-02-30"), "a.md", "a")
    (problem,) = problems
    assert problem.code == "bad-date"
    assert (problem.location.line, problem.location.col) == (7, 14)


def test_javascript_source_url_is_refused():
    _, problems = read_article_text(HEADER.replace("https://p.example/a", "javascript:alert(1)"), "a.md", "a")
    assert "bad-url" in codes(problems)


def test_unknown_language_is_reported():
    _, problems = read_article_text(HEADER.replace("language: en", "language: fr"), "a.md", "a")
    assert codes(problems) == ["bad-value"]


def test_fixture_content_reads_without_problems(site: Path):
    content = read_content(site / "content")
    assert content.problems == []
    assert [e.id for e in content.entities] == ["acme", "globex", "jane-roe", "rocket-x"]
    assert sorted(a.slug for a in content.articles) == ["acme-globex", "acme-globex-it"]


def test_unknown_entity_in_an_article_is_an_error(site: Path):
    path = site / "content" / "articles" / "acme-globex.md"
    path.write_text(path.read_text().replace("{@jane-roe}", "{@nobody}"))
    content = read_content(site / "content")
    (problem,) = content.errors
    assert problem.code == "unknown-entity"
    assert problem.location.path == "content/articles/acme-globex.md"
    assert (problem.location.line, problem.location.col) == (13, 12)


def test_entity_without_kind_is_an_error(site: Path):
    (site / "content" / "entities" / "globex.yml").write_text("name: Globex\n")
    content = read_content(site / "content")
    assert codes(content.errors) == ["missing-field"]


def test_an_empty_source_reports_each_field_it_needs():
    front = HEADER.split("source:")[0] + "source: {}\n---\n"
    article, problems = read_article_text(front + "Body.\n", "a.md", "a")
    assert article is None
    assert [p.message for p in problems] == [
        "the front matter needs 'source.publisher' (text)",
        "the front matter needs 'source.url' (text)",
        "the front matter needs 'source.published' (text)",
    ]


# --- front matter read by libyaml, with PyYAML's answers ---------------------------------------------------


def _libyaml() -> bool:
    from generator.read import yamltext

    return yamltext._FAST


needs_libyaml = pytest.mark.skipif(not _libyaml(), reason="PyYAML was built without libyaml")


def _both_loaders(text: str):
    """What the libyaml loader and the pure-Python loader make of `text`: (data, positions) or the error."""
    from generator.read import yamltext

    def outcome(loader):
        try:
            node, data = yamltext._parsed_by(loader, text)
        except Exception as error:  # noqa: BLE001 - any error counts as the answer
            return type(error).__name__
        positions: dict = {}
        if node is not None:
            yamltext._collect_positions(node, (), positions)
        return data, positions

    return outcome(yamltext._FastStringDatesLoader), outcome(yamltext._StringDatesLoader)


@needs_libyaml
def test_every_yaml_file_of_the_project_reads_the_same_with_libyaml():
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("content/**/*.yml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(root.glob("tests/fixtures/**/*.yml"))]
    texts += [
        HEADER.strip("-\n").split("\n---")[0],
        "a:\n  - 1\n  - [x, 'y', \"z\"]\n  - {k: v}\nb: |\n  text\n",
    ]
    assert len(texts) > 20
    for text in texts:
        fast, pure = _both_loaders(text)
        assert fast == pure, text


@needs_libyaml
def test_ordinary_front_matter_is_read_by_libyaml(monkeypatch):
    from generator.read import yamltext

    used = []
    original = yamltext._parsed_by
    monkeypatch.setattr(
        yamltext, "_parsed_by", lambda loader, text: used.append(loader) or original(loader, text)
    )
    yamltext.load_yaml("title: T\nlanguage: en\nsource: {publisher: P, url: 'https://p.example/a'}\n", "a.md")
    assert used == [yamltext._FastStringDatesLoader]


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "name: Ha\tgzhou\n",  # a tab inside a plain value: PyYAML refuses it, libyaml reads it
        "source: {publisher: P, licen?ce: x}\n",  # '?' inside a flow mapping: the same
        "description:\n  en: >-#\n    text\n",  # a comment glued to a block scalar's header: the same
        "a: {x: }\n",  # an empty value: the two parsers place it differently
        "? x\n",
        'source: {publisher: P,\n  url\u2028 "https://x",\n  b: c}\n',  # a line separator
    ],
)
def test_what_the_two_parsers_read_differently_is_read_as_pyyaml_reads_it(text):
    from generator.read.yamltext import YamlProblem, _parsed_by, _StringDatesLoader, load_yaml

    fast, pure = _both_loaders(text)
    assert fast != pure  # libyaml alone would answer otherwise

    try:
        document = load_yaml(text, "f.yml")
    except YamlProblem as problem:
        with pytest.raises(Exception) as expected:
            _parsed_by(_StringDatesLoader, text)
        assert problem.problem.message.endswith(expected.value.problem)
        return
    node, data = _parsed_by(_StringDatesLoader, text)
    positions: dict = {}
    from generator.read.yamltext import _collect_positions

    _collect_positions(node, (), positions)
    assert (document.data, document.positions) == (data, positions)


@needs_libyaml
def test_an_alias_is_refused_by_the_libyaml_loader_too():

    fast, pure = _both_loaders("a: &x 1\nb: *x\n")
    assert fast == pure == "_RefusedYaml"
