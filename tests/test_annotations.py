"""The inline annotation parser: spans, attributes, nesting, plain text and positioned errors."""

from __future__ import annotations

from generator.read.annotations import parse_annotations


def parse(body: str, first_line: int = 1):
    return parse_annotations(body, "a.md", first_line)


def test_mention_gives_entity_and_inner_words():
    parsed = parse("Ask [Jane Roe]{@jane-roe} today.")
    (mention,) = parsed.annotations
    assert mention.kind == "mention"
    assert mention.entity == "jane-roe"
    assert parsed.plain[mention.plain_start : mention.plain_end] == "Jane Roe"


def test_plain_text_drops_only_the_markup():
    parsed = parse("A [b c]{fact=launch subject=x} d [e]{@y}.")
    assert parsed.plain == "A b c d e."


def test_fact_attributes_bare_and_quoted():
    parsed = parse('[x]{fact=plan note="in three years" value=5}')
    assert parsed.annotations[0].attrs == {"fact": "plan", "note": "in three years", "value": "5"}


def test_attributes_may_continue_on_the_next_line():
    parsed = parse("[x]{fact=plan\nsubject=acme}")
    assert parsed.annotations[0].attrs["subject"] == "acme"
    assert not parsed.problems


def test_mention_nested_in_fact_records_its_parent():
    parsed = parse("[Acme invests in [Globex]{@globex}]{fact=investment}")
    fact, mention = parsed.annotations
    assert (fact.kind, mention.kind) == ("fact", "mention")
    assert mention.parent == fact.ordinal
    assert parsed.plain[fact.plain_start : fact.plain_end] == "Acme invests in Globex"


def test_markdown_links_inside_a_fact_are_not_annotations():
    parsed = parse("[read [the filing](https://x.example) now]{fact=announcement}")
    (fact,) = parsed.annotations
    assert parsed.plain[fact.plain_start : fact.plain_end] == "read [the filing](https://x.example) now"


def test_code_spans_and_fences_are_skipped():
    body = "Use `[x]{@y}` literally.\n\n```\n[a]{@b}\n```\n"
    parsed = parse(body)
    assert parsed.annotations == []
    assert parsed.plain == body


def test_escaped_brackets_are_text():
    parsed = parse(r"\[x\]{@y}")
    assert (parsed.annotations, parsed.problems) == ([], [])


def test_positions_count_from_the_body_first_line():
    parsed = parse("one\ntwo [x]{@y}", first_line=10)
    location = parsed.annotations[0].location
    assert (location.line, location.col) == (11, 5)


def test_attribute_positions_are_kept():
    parsed = parse("[x]{fact=plan date=2025}")
    assert parsed.annotations[0].attr_locations["date"].col == 15


def test_closing_without_opening_is_an_error_with_position():
    (problem,) = parse("text ]{@x} more").problems
    assert problem.code == "unbalanced-bracket"
    assert (problem.location.line, problem.location.col) == (1, 6)


def test_unclosed_attribute_block_is_an_error():
    (problem,) = parse("[x]{fact=plan\n\nnext paragraph}").problems
    assert problem.code == "unclosed-attributes"
    assert problem.location.col == 4


def test_unclosed_bracket_around_an_annotation_is_an_error():
    (problem,) = parse("[outer [x]{@y} never closed\n\nnext").problems
    assert problem.code == "unbalanced-bracket"
    assert problem.location.col == 1


def test_unclosed_plain_bracket_is_fine():
    assert parse("[x]{@y} and a [ stray bracket").problems == []


def test_malformed_attribute_is_reported_at_its_column():
    (problem,) = parse("[x]{fact=plan what?}").problems
    assert problem.code == "malformed-attribute"
    assert problem.location.col == 15


def test_duplicate_attribute_is_reported():
    (problem,) = parse("[x]{fact=plan fact=launch}").problems
    assert problem.code == "duplicate-attribute"


def test_offsets_map_plain_text_back_to_the_body():
    body = "A [b]{@x} c [d e]{fact=plan} f"
    parsed = parse(body)
    for annotation in parsed.annotations:
        start = parsed.plain_map.to_source(annotation.plain_start)
        end = parsed.plain_map.to_source_end(annotation.plain_end)
        assert body[start:end] == parsed.plain[annotation.plain_start : annotation.plain_end]
