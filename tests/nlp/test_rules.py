"""Recogniser tables: rules are named, registered per anchor and language, and run in registration order."""

from __future__ import annotations

import pytest

from generator.analyse.date_rules import DATE_RULES, STYLES, day_first_date, month_first_date
from generator.analyse.quantity_rules import NOUN, NOUN_RULES, UNIT, UNIT_RULES, english_noun, italian_noun
from generator.analyse.rules import RuleTable, longest_first
from generator.model import LANGUAGES

TABLES = [DATE_RULES, UNIT_RULES, NOUN_RULES]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.subject)
def test_every_registered_rule_has_a_unique_name_and_an_anchor(table):
    rules = list(table)
    assert rules
    assert all(rule.name and rule.anchors for rule in rules)
    assert len({rule.name for rule in rules}) == len(rules)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.subject)
def test_every_rule_serves_only_languages_the_pipeline_has(table):
    for rule in table:
        assert rule.languages is None or rule.languages <= set(LANGUAGES), rule.name


def test_every_language_has_a_date_style():
    assert set(STYLES) == set(LANGUAGES)


def test_a_rule_for_one_language_is_not_run_in_the_other():
    assert DATE_RULES.for_language("it")["NUMERIC"] == (day_first_date,)
    assert DATE_RULES.for_language("en")["NUMERIC"] == (month_first_date,)
    assert italian_noun in NOUN_RULES.for_language("it")[NOUN]
    assert english_noun not in NOUN_RULES.for_language("it")[NOUN]


def test_numeric_dates_follow_each_languages_order(analyse):
    assert [d.value for d in analyse("it", "Il 09/18/2025 è stato firmato.").dates] == []
    assert [d.value for d in analyse("en", "On 09/18/2025 it was signed.").dates] == ["2025-09-18"]


def test_rules_run_in_the_order_they_were_registered():
    units = UNIT_RULES.for_language("en")[UNIT]
    assert [rule.__name__ for rule in units] == [
        "percent",
        "percentage_points",
        "basis_points",
        "currency_after",
    ]


def test_a_new_rule_is_one_registration():
    table: RuleTable = RuleTable("test")

    @table.rule("month", "weekday", languages=("en",))
    def _spoken_date():
        return None

    rule = next(iter(table))
    assert rule.name == "spoken_date"
    assert table.for_language("en") == {"month": (_spoken_date,), "weekday": (_spoken_date,)}
    assert table.for_language("it") == {}


def test_two_rules_with_one_name_are_refused():
    table: RuleTable = RuleTable("test")

    def year():
        return None

    table.rule("YEAR")(year)
    with pytest.raises(ValueError, match="two test rules are named 'year'"):
        table.rule("ISO")(year)


def test_a_rule_without_anchor_is_refused():
    with pytest.raises(ValueError, match="at least one anchor"):
        RuleTable("test").rule()


def test_longest_first_keeps_the_longer_then_the_earlier_in_text_order():
    candidates = [(5, 7, "b"), (0, 2, "a"), (1, 4, "long"), (6, 8, "c"), (9, 10, "d"), (9, 10, "d2")]
    chosen = longest_first(candidates, lambda c: (c[0], c[1]))
    assert [c[2] for c in chosen] == ["long", "b", "d"]
