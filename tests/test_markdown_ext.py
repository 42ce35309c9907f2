"""The Python-Markdown extension that renders annotations."""

from __future__ import annotations

import markdown

from generator.render.markdown_ext import AnnotationExtension


def render(text: str, **config) -> str:
    return markdown.markdown(text, extensions=[AnnotationExtension(**config)])


def test_mention_becomes_a_link_to_the_entity():
    assert render("Ask [Jane]{@jane-roe}.") == (
        '<p>Ask <a class="mention" href="../jane-roe/" data-entity="jane-roe">Jane</a>.</p>'
    )


def test_fact_becomes_a_marked_span():
    assert render("[Acme grew]{fact=metric}") == (
        '<p><mark class="fact fact--metric" data-fact-kind="metric">Acme grew</mark></p>'
    )


def test_markdown_inside_a_fact_still_renders():
    assert "<strong>5 billion</strong>" in render("[Acme put **5 billion** in]{fact=investment}")


def test_nested_mention_renders_inside_the_fact():
    html = render("[Acme bought [Globex]{@globex}]{fact=acquisition}")
    assert html.index("<mark") < html.index('<a class="mention"') < html.index("</a>") < html.index("</mark>")


def test_custom_decorator_sets_anchor_ids():
    html = render("[x]{fact=plan}", decorate=lambda a: (f'<mark id="fact-{a.ordinal}">', "</mark>"))
    assert '<mark id="fact-0">x</mark>' in html


def test_decorator_attribute_values_are_escaped_by_default():
    html = render("[x]{@a<b}")
    assert 'href="../a&lt;b/"' in html


def test_extra_spans_link_unannotated_mentions():
    text = "Acme and Globex."
    html = render(text, spans=[(9, 15, '<a href="g">', "</a>")])
    assert html == '<p>Acme and <a href="g">Globex</a>.</p>'


def test_extra_span_overlapping_an_explicit_mention_is_dropped():
    text = "[Globex]{@globex} rose."
    html = render(text, spans=[(1, 7, '<a href="dup">', "</a>")])
    assert "dup" not in html


def test_code_is_left_alone():
    assert "[x]{@y}" in render("`[x]{@y}`")


def test_a_placeholder_written_in_the_text_stays_text():
    forged = "\ue000" + "0" * 12 + "0\ue001"
    html = render(f"{forged} and [Jane]{{@jane-roe}}")
    assert html.count('<a class="mention"') == 1
    assert forged in html


def test_annotations_passed_in_are_used_instead_of_parsing_again():
    from generator.read.annotations import parse_annotations

    text = "Ask [Jane]{@jane-roe}."
    annotations = parse_annotations(text, "x.md").annotations
    assert render(text, annotations=annotations) == render(text)
    assert "mention" not in render(text, annotations=[])


def _tried(text: str) -> list[str]:
    """The inline processors tried on `text`'s texts, by class name."""
    from generator.render import markdown_ext

    tried: list[str] = []
    apply = markdown_ext._BoundedInlineProcessor._InlineProcessor__applyPattern

    def spy(self, pattern, *args, **kwargs):
        tried.append(type(pattern).__name__)
        return apply(self, pattern, *args, **kwargs)

    markdown_ext._BoundedInlineProcessor._InlineProcessor__applyPattern = spy
    try:
        render(text)
    finally:
        markdown_ext._BoundedInlineProcessor._InlineProcessor__applyPattern = apply
    return tried


def test_a_text_with_no_inline_markup_tries_no_inline_processor():
    # Each of Python-Markdown's 13 processors was tried on every text, for nothing.
    assert _tried("Acme [grew]{fact=metric} by 5 per cent.\n\nGlobex, too.") == []


def test_only_the_processors_whose_characters_the_document_holds_are_tried():
    assert set(_tried("Acme *grew*.")) == {"DelimiterProcessor"}
    assert set(_tried("See <http://a.example>.")) == {
        "AutolinkInlineProcessor",
        "AutomailInlineProcessor",
        "HtmlInlineProcessor",
    }


def test_inline_markup_renders_as_with_every_processor_tried():
    import random

    from generator.render import markdown_ext

    def every_processor(registry, tree):
        return list(registry)

    rng = random.Random(11)
    alphabet = [*"[]()!<>&*_`\\ ab\n", "  \n", "&amp;", "<http://a.b>", "<a@b.c>", "<b>", "[a](b)", "**s**"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(2_000)]
    pruned = [render(text) for text in texts]
    present = markdown_ext._present_processors
    markdown_ext._present_processors = every_processor
    try:
        for text, html in zip(texts, pruned, strict=True):
            assert render(text) == html, text
    finally:
        markdown_ext._present_processors = present


def test_tables_render_as_python_markdown_renders_them():
    import random

    from generator.render.markdown_ext import TableExtension

    rng = random.Random(12)
    alphabet = [*"|-: a`\\\n", "\n\n", "| a | b |\n", "|---|---|\n", "a | b\n", "--- | ---\n", "|:-:|\n"]
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        ours = markdown.Markdown(extensions=[TableExtension()]).convert(text)
        assert ours == markdown.Markdown(extensions=["tables"]).convert(text), text


def test_a_block_with_no_pipe_is_not_read_as_table_rows(monkeypatch):
    from markdown.extensions import tables

    from generator.render.markdown_ext import TableExtension

    def refused(self, row):
        raise AssertionError(f"split {row!r}")

    monkeypatch.setattr(tables.TableProcessor, "_split_row", refused)
    html = markdown.Markdown(extensions=[TableExtension()]).convert("One line,\nanother.\n\nA paragraph.")
    assert html == "<p>One line,\nanother.</p>\n<p>A paragraph.</p>"


def test_the_article_converter_looks_up_no_extension_by_name(monkeypatch):
    from types import SimpleNamespace

    from markdown import util

    from generator.render.pages import PageRenderer

    def refused():
        raise AssertionError("extensions looked up among the installed packages")

    monkeypatch.setattr(util, "get_installed_extensions", refused)
    renderer = SimpleNamespace(_converter=None, _annotations=None)
    converter = PageRenderer._markdown(renderer, lambda annotation: None, [], [])
    assert converter.convert("| a | b |\n|---|---|\n| 1 | 2 |").startswith("<table>")
