"""Every reader and check takes time in proportion to its input (issue 16): long runs of the characters
that mean something in Markdown and in annotations, long articles, many annotations.

Budgets are loose (a slow CI machine must not fail them); what they catch is the square of a long input,
which takes minutes, not seconds. Where the results must not change, they are compared with the plain way.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path

import markdown
import pytest

from generator.build import BuildOptions, build
from generator.check import check
from generator.consistency import _inline_links
from generator.errors import paths_shown_from, shown_path
from generator.model import OffsetMap
from generator.read.annotations import parse_annotations
from generator.render.markdown_ext import AnnotationExtension, _EscapeRuns

SPECIAL = list("[]{}\\`*_<>#") + [" ", "\n"]
BUDGET = 20.0  # seconds, for inputs that take well under 5 s on the development machine


def _seconds(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def _runs(size: int) -> list[str]:
    """A long run of each special character, and a long mixture of them all."""
    mixture = "".join(
        random.Random(16).choice(SPECIAL + ["a", "[a]", "]{", "{@", "`` "]) for _ in range(size)
    )
    return [c * size for c in SPECIAL] + [mixture[:size]]


@pytest.mark.parametrize("text", _runs(200_000), ids=[*map(repr, SPECIAL), "mixture"])
def test_the_annotation_parser_reads_long_runs_quickly(text):
    assert _seconds(parse_annotations, text, "a.md") < BUDGET


def test_backtick_runs_of_every_length_are_read_once():
    runs = "".join("`" * n + " x " for n in range(1, 1400))  # about 1 MB, no run closed
    assert _seconds(parse_annotations, runs, "a.md") < BUDGET
    parsed = parse_annotations("`` a ` [x]{@y} ``` b ``", "a.md")  # the span is closed by the second ``
    assert parsed.annotations == [] and parsed.problems == []


# --- broken annotations -----------------------------------------------------------------------------------


def test_an_annotation_never_closed_is_an_error_not_text():
    (problem,) = parse_annotations("[Nvidia ha investito {fact=investment subject=nvidia.", "a.md").problems
    assert (problem.code, problem.location.col) == ("broken-annotation", 22)
    assert "{fact=investment" in problem.message


@pytest.mark.parametrize("text", ["Acme {@acme} grew.", "Acme { fact = launch}", "[Acme] {@acme}"])
def test_attributes_after_no_brackets_are_an_error(text):
    assert [p.code for p in parse_annotations(text, "a.md").problems] == ["broken-annotation"]


@pytest.mark.parametrize(
    "text", [r"Write \{@id} after the words.", r"\[x\]{@y}", "`{@id}`", "{ordinary braces}"]
)
def test_escaped_or_quoted_attribute_syntax_is_text(text):
    assert parse_annotations(text, "a.md").problems == []


# --- Markdown links ---------------------------------------------------------------------------------------

_OLD_INLINE_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def test_inline_links_are_those_of_the_pattern_they_replace():
    rng = random.Random(7)
    alphabet = [*'[]()!<>" \nab', "](", "[a](b)", '"t"', "](\n"]
    for _ in range(20_000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        expected = [(m.start(2), m.group(2), m.group(1) == "!") for m in _OLD_INLINE_LINK.finditer(body)]
        assert list(_inline_links(body)) == expected, body


@pytest.mark.parametrize("body", ["[" * 1_000_000, "](a" * 300_000, "[a](b " * 150_000, "[](\n" * 250_000])
def test_finding_links_in_long_runs_is_quick(body):
    assert _seconds(list, _inline_links(body)) < BUDGET


def _html(text: str, linear: bool = True) -> str:
    extensions = [AnnotationExtension()] if linear else []
    return markdown.Markdown(extensions=[*extensions, "tables", "sane_lists"]).convert(text)


def test_links_render_as_python_markdown_renders_them():
    rng = random.Random(3)
    alphabet = [*"[]()!<>\"' \nab*_`\\", "[a](b)", "![i](s)", "[r]", "[r]: http://x\n\n", "[a][r]", "[[a]]"]
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _html(text) == _html(text, linear=False), text


@pytest.mark.parametrize(
    "text", ["[" * 500_000, "[" * 250_000 + "x" + "]" * 250_000, "[a](" * 125_000, "[a]" * 160_000]
)
def test_markdown_renders_long_bracket_runs_quickly(text):
    assert _seconds(_html, text) < BUDGET


@pytest.mark.parametrize(
    "text",
    ["`a` " * 250_000, "\\[a" * 330_000, "*a* " * 250_000, "_a_ " * 250_000, "[a](b) " * 140_000],
    ids=["code-spans", "escapes", "emphasis", "underscores", "links"],
)
def test_markdown_renders_many_separate_inline_constructs_quickly(text):
    assert _seconds(_html, text) < BUDGET  # Python-Markdown alone takes minutes: it rebuilds after each


def test_a_long_paragraph_with_a_few_constructs_renders_as_python_markdown_renders_it():
    text = ("word " * 2_000 + "`code` *em* __strong__ [a](b) \\[ <b>x</b> ") * 5  # 50 KB, 30 matches
    assert _html(text) == _html(text, linear=False)


def test_past_its_budget_a_long_paragraph_is_shown_as_written(caplog):
    html = _html("`a` " * 250_000)
    assert html.startswith("<p><code>a</code> ") and html.endswith("`a` `a` </p>")
    assert "holds too much Markdown" in caplog.text


# --- long articles through check and build ----------------------------------------------------------------

FRONT_MATTER = """---
title: Long
language: en
based_on: [{publisher: Daily Example, url: "https://daily.example/x", published: 2025-09-18}]
summary: A long article.
---
"""


@pytest.fixture
def long_site(site: Path) -> Path:
    """The fixture site with one article of about 1.2 MB: more than spaCy takes in one piece."""
    paragraph = "Acme said it would invest $5 billion in Globex on 18 September 2025.\n\n"
    body = (
        paragraph * 17_000
        + "In the end [Acme]{@acme} [launched Rocket X]{fact=launch subject=acme object=rocket-x}.\n"
    )
    (site / "content" / "articles" / "long.md").write_text(FRONT_MATTER + body, encoding="utf-8")
    return site


def test_an_article_over_a_million_characters_is_checked_and_built(long_site: Path):
    report = check(long_site / "content")
    assert report.errors == []
    output = long_site / "_site"
    build(BuildOptions(content=long_site / "content", output=output, cache=False, search=False, jobs=1))
    page = (output / "articles" / "long" / "index.html").read_text(encoding="utf-8")
    assert "launched Rocket X" in page


def test_hostile_runs_are_checked_quickly(site: Path):
    body = "\n\n".join(_runs(50_000))
    (site / "content" / "articles" / "hostile.md").write_text(FRONT_MATTER + body, encoding="utf-8")
    assert _seconds(check, site / "content") < BUDGET
    shutil.rmtree(site / ".factsheets-cache", ignore_errors=True)


def test_a_long_text_is_analysed_in_pieces_with_offsets_into_the_whole(monkeypatch):
    from generator.analyse import pipeline

    nlp = pipeline.build_nlp("en", [], candidates=False)
    text = "Filler words here.\n\n" * 300 + "Acme paid $5 billion on 18 September 2025.\n"
    whole = pipeline.analyse_text(nlp, text, "2025-09-18")
    monkeypatch.setattr(pipeline, "PIECE_LENGTH", 1_000)
    assert len(pipeline.piece_starts(text, 1_000)) > 5
    pieces = pipeline.analyse_text(nlp, text, "2025-09-18")
    assert pieces == whole
    (quantity,) = pieces.quantities
    assert text[quantity.start : quantity.end] == quantity.text == "$5 billion"
    assert quantity.start > 6_000


def test_a_key_given_twice_is_an_error_naming_both_lines():
    from generator.read.yamltext import YamlProblem, load_yaml

    with pytest.raises(YamlProblem) as raised:
        load_yaml("title: One\nlanguage: en\ntitle: Two\n", "a.md", line_offset=1)
    problem = raised.value.problem
    assert (problem.code, problem.location.line, problem.location.col) == ("duplicate-key", 4, 1)
    assert "lines 2 and 4" in problem.message


def test_code_spans_render_as_python_markdown_renders_them():
    rng = random.Random(5)
    alphabet = [*"`` `\\ab\n[]", "```", "``", "\\`"]
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _html(text) == _html(text, linear=False), text


def test_markdown_renders_backtick_runs_of_every_length_quickly():
    runs = "".join("`" * n + " x " for n in range(1, 1400))  # about 1 MB, no span closed
    assert _seconds(_html, runs) < BUDGET


def test_escapes_render_as_python_markdown_renders_them():
    def html(text: str, linear: bool) -> str:
        md = markdown.Markdown(extensions=["tables", "sane_lists"])
        if linear:
            md.inlinePatterns.register(_EscapeRuns(md), "escape", 180)
        return md.convert(text)

    rng = random.Random(9)
    alphabet = [*"\\\\\\[]*_`<>#{}()!.-+ a\nq&", "\\[", "\\\\", "\\q", "[a](b)", "*a*", "&#1;", "<b>"]
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        stock = html(text, linear=False)
        if (
            "klzzwxh" not in stock
        ):  # (where Python-Markdown leaks its own placeholders, the numbers may differ)
            assert html(text, linear=True) == stock, text


@pytest.mark.parametrize("text", ["\\[" * 500_000, "\\" * 1_000_000])
def test_markdown_renders_long_runs_of_escapes_quickly(text):
    assert _seconds(_html, text) < BUDGET


def test_a_long_address_that_is_not_one_is_refused_quickly():
    from generator.validators import is_http_url

    address = "https://" + "a" * 1_000_000
    assert _seconds(is_http_url, address + " x") < BUDGET
    assert not is_http_url(address + " x") and is_http_url(address)


def test_front_matter_too_long_to_read_is_refused_at_once(site: Path):
    fields = "".join(f"field{i}: value\n" for i in range(60_000))
    (site / "content" / "articles" / "fields.md").write_text(
        FRONT_MATTER.replace("summary:", fields + "summary:") + "Acme.\n", encoding="utf-8"
    )
    started = time.perf_counter()
    report = check(site / "content")
    assert time.perf_counter() - started < BUDGET
    assert [(p.code, p.location.line) for p in report.errors] == [("too-long", 2)]


def test_offsets_map_back_quickly_however_many_runs():
    runs = [(3 * k, 5 * k, 3) for k in range(30_000)]
    offsets = OffsetMap(runs=runs)
    started = time.perf_counter()
    mapped = [offsets.to_source(3 * k + 1) for k in range(30_000)]
    assert time.perf_counter() - started < 2.0  # the whole list per call took about a minute
    assert mapped == [5 * k + 1 for k in range(30_000)]
    assert offsets.to_source(-1) == -1 and offsets.to_source(10**6) == 5 * 29_999 + 3


def test_a_file_named_in_many_messages_is_shown_quickly(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with paths_shown_from(tmp_path.parent):
        started = time.perf_counter()
        shown = {shown_path(f"{tmp_path.name}/articles/a.md") for _ in range(200_000)}
        assert time.perf_counter() - started < 2.0  # 128,571 broken links once took 3 s to name their file
    assert shown == {"articles/a.md"}
