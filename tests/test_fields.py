"""The field engine: a table of declared fields checks a YAML mapping, with positions."""

from __future__ import annotations

from generator.errors import Location
from generator.read.fields import Check, Field, Message, check_fields, one_of, text
from generator.read.yamltext import load_yaml

MISSING = Message("missing-field", "needs '{path}'", "add '{name}: …'")
WRONG_TYPE = Message("bad-type", "'{name}' must be text, not {value!r}", "fix it")
UNKNOWN = Message("unknown-field", "unknown '{key}'", "known: {known}", severity="warning")
SIZES = Check(one_of(("S", "M", "L")), Message("bad-value", "size {value!r}: {why}", "use S, M or L"))


def check(yaml_text: str, fields: tuple[Field, ...], **options):
    document = load_yaml(yaml_text, "f.yml")
    problems = []
    values = check_fields(document.data, fields, document, problems, **options)
    return values, problems


def test_an_absent_required_field_is_reported_where_the_mapping_starts():
    _, problems = check("other: 1\n", (Field("title", str, required=True, missing=MISSING), Field("other")))
    (problem,) = problems
    assert (problem.code, problem.message, problem.hint) == (
        "missing-field",
        "needs 'title'",
        "add 'title: …'",
    )
    assert problem.location == Location("f.yml", 1, 1)


def test_an_absent_required_field_can_be_reported_at_a_given_place():
    fields = (Field("title", required=True, missing=MISSING), Field("other"))
    _, problems = check("other: 1\n", fields, missing_at=Location("f.yml", 9, 9))
    assert problems[0].location == Location("f.yml", 9, 9)


def test_blank_required_text_counts_as_missing():
    _, problems = check("title: '  '\n", (Field("title", str, required=True, missing=MISSING),))
    assert [(p.code, p.location.col) for p in problems] == [("missing-field", 8)]


def test_a_value_of_the_wrong_type_is_reported_at_the_value():
    _, problems = check("a: 1\ntitle: [x]\n", (Field("a"), Field("title", str, wrong_type=WRONG_TYPE)))
    (problem,) = problems
    assert problem.message == "'title' must be text, not ['x']"
    assert problem.location == Location("f.yml", 2, 8)


def test_an_absent_optional_field_takes_its_default():
    values, problems = check("a: 1\n", (Field("a"), Field("size", default="M")))
    assert problems == []
    assert values == {"a": 1, "size": "M"}


def test_null_means_the_default_only_when_the_field_says_so():
    fields = (
        Field("tags", list, default=[], null_is_default=True),
        Field("summary", str, wrong_type=WRONG_TYPE),
    )
    values, problems = check("tags:\nsummary:\n", fields)
    assert values["tags"] == []
    assert [p.message for p in problems] == ["'summary' must be text, not None"]


def test_a_failing_check_reports_its_reason():
    _, problems = check("size: XL\n", (Field("size", checks=(SIZES,)),))
    (problem,) = problems
    assert (problem.code, problem.message) == ("bad-value", "size 'XL': 'XL' is not one of S, M, L")
    assert problem.location == Location("f.yml", 1, 7)


def test_convert_gives_the_value_checked_and_returned():
    values, problems = check("size: '  M '\n", (Field("size", str, convert=text, checks=(SIZES,)),))
    assert (values["size"], problems) == ("M", [])


def test_entries_of_a_mapping_are_checked_one_by_one_at_their_position():
    entries = Check(
        lambda key, item: None if item > 0 else "not positive", Message("bad-value", "{key}: {why}")
    )
    _, problems = check("counts:\n  a: 1\n  b: 0\n", (Field("counts", dict, entries=entries),))
    (problem,) = problems
    assert (problem.message, problem.location) == ("b: not positive", Location("f.yml", 3, 6))


def test_a_nested_table_reports_with_the_dotted_path():
    inner = (Field("url", str, required=True, missing=MISSING),)
    _, problems = check("source:\n  name: x\n", (Field("source", dict, fields=inner),))
    (problem,) = problems
    assert problem.message == "needs 'source.url'"


def test_unknown_keys_are_warned_about_in_order_at_their_position():
    _, problems = check("b: 1\nzeta: 2\nalpha: 3\n", (Field("b"), Field("a")), unknown=UNKNOWN)
    assert [(p.message, p.severity, p.location.line) for p in problems] == [
        ("unknown 'alpha'", "warning", 3),
        ("unknown 'zeta'", "warning", 2),
    ]
    assert problems[0].hint == "known: a, b"


def test_fields_report_in_the_order_of_the_table():
    fields = (Field("z", str, wrong_type=WRONG_TYPE), Field("a", str, wrong_type=WRONG_TYPE))
    _, problems = check("a: 1\nz: 2\n", fields)
    assert [p.message for p in problems] == ["'z' must be text, not 2", "'a' must be text, not 1"]
