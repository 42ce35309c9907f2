"""What `factsheets check` prints, as the core's report renders it."""

from __future__ import annotations

import json

from generator.check import CheckReport
from generator.errors import Location, Problem

ERROR = Problem(
    Location("content/articles/a.md", 3, 7), "broken-link", "the link 'x.md' leads to no article", "fix"
)
WARNING = Problem(Location("content/articles/b.md", 1, 1), "conflict", "sources disagree", severity="warning")


def test_the_text_lists_each_problem_then_the_counts():
    report = CheckReport([ERROR, WARNING])
    assert report.as_text() == f"{ERROR}\n{WARNING}\n1 error, 1 warning."


def test_the_counts_are_plural_except_for_one():
    assert CheckReport([]).as_text() == "0 errors, 0 warnings."
    assert CheckReport([ERROR, ERROR, WARNING]).summary() == "2 errors, 1 warning."
    assert CheckReport([ERROR, WARNING, WARNING]).summary() == "1 error, 2 warnings."


def test_the_json_has_the_counts_and_every_problem():
    data = json.loads(CheckReport([ERROR, WARNING]).as_json())
    assert list(data) == ["errors", "warnings", "problems"]
    assert (data["errors"], data["warnings"]) == (1, 1)
    assert data["problems"] == [ERROR.as_dict(), WARNING.as_dict()]


def test_the_json_keeps_non_ascii_text_as_it_is():
    problem = Problem(Location("content/articles/città.md", 1, 1), "x", "perché", severity="warning")
    assert "città.md" in CheckReport([problem]).as_json()


def test_errors_fail_the_check_with_or_without_strict():
    assert not CheckReport([ERROR]).passed
    assert not CheckReport([ERROR, WARNING], strict=True).passed


def test_warnings_fail_the_check_only_in_strict_mode():
    assert CheckReport([WARNING]).passed
    assert not CheckReport([WARNING, WARNING], strict=True).passed


def test_strict_mode_says_it_aborted_only_when_warnings_alone_fail_the_check():
    assert (
        CheckReport([WARNING, WARNING], strict=True).strict_abort == "Aborted with 2 warnings in strict mode!"
    )
    assert CheckReport([ERROR, WARNING], strict=True).strict_abort is None  # the errors say why
    assert CheckReport([WARNING]).strict_abort is None
    assert CheckReport([], strict=True).strict_abort is None


def test_strict_mode_counts_one_warning_in_the_singular():
    assert CheckReport([WARNING], strict=True).strict_abort == "Aborted with 1 warning in strict mode!"
