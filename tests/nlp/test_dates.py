"""Dates: absolute forms in both languages, spans, and relative expressions resolved against publication."""

from __future__ import annotations

import pytest


def dates(analysis):
    return [(d.value, d.end_value) for d in analysis.dates]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Il 24 settembre 2025 è stato firmato.", ("2025-09-24", None)),
        ("it", "Giovedì 18 settembre 2025 è stato firmato.", ("2025-09-18", None)),
        ("it", "Il 1° ottobre 2025 è stato firmato.", ("2025-10-01", None)),
        ("it", "A settembre 2024 è stato firmato.", ("2024-09", None)),
        ("it", "Nel 2024 è stato firmato.", ("2024", None)),
        ("it", "Il 18/09/2025 è stato firmato.", ("2025-09-18", None)),
        ("en", "On September 24, 2025 it was signed.", ("2025-09-24", None)),
        ("en", "On 24 September 2025 it was signed.", ("2025-09-24", None)),
        ("en", "On Thursday, September 18, 2025 it was signed.", ("2025-09-18", None)),
        ("en", "On Sept. 18, 2025 it was signed.", ("2025-09-18", None)),
        ("en", "In September 2024 it was signed.", ("2024-09", None)),
        ("en", "In 2024 it was signed.", ("2024", None)),
        ("en", "On 2025-09-18 it was signed.", ("2025-09-18", None)),
    ],
)
def test_absolute_dates_at_their_precision(analyse, language, text, expected):
    assert dates(analyse(language, text)) == [expected]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Dal 2025 al 2030 crescerà.", ("2025", "2030")),
        ("it", "Tra il 2025 e il 2027 crescerà.", ("2025", "2027")),
        ("it", "Nel triennio 2025-2027 crescerà.", ("2025", "2027")),
        ("it", "Nel terzo trimestre 2025 crescerà.", ("2025-07", "2025-09")),
        ("it", "Dal 1° luglio al 30 settembre 2025 crescerà.", ("2025-07-01", "2025-09-30")),
        ("en", "From 2025 to 2030 it will grow.", ("2025", "2030")),
        ("en", "In 2024-25 it grew.", ("2024", "2025")),
        ("en", "In Q3 2025 it grew.", ("2025-07", "2025-09")),
        ("en", "In the first half of 2026 it will grow.", ("2026-01", "2026-06")),
        ("en", "From March to June 2026 it will grow.", ("2026-03", "2026-06")),
    ],
)
def test_spans_give_value_and_end_value(analyse, language, text, expected):
    assert dates(analyse(language, text)) == [expected]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Ieri ha firmato.", ("2025-09-17", None)),
        ("it", "Giovedì ha firmato.", ("2025-09-18", None)),
        ("it", "Lunedì scorso ha firmato.", ("2025-09-15", None)),
        ("it", "Firmerà mercoledì prossimo.", ("2025-09-24", None)),
        ("it", "L'anno scorso ha firmato.", ("2024", None)),
        ("it", "Lo scorso mese ha firmato.", ("2025-08", None)),
        ("it", "Firmerà il prossimo anno.", ("2026", None)),
        ("it", "Quest'anno ha firmato.", ("2025", None)),
        ("it", "Tre anni fa ha firmato.", ("2022", None)),
        ("it", "Investirà entro i prossimi tre anni.", ("2025-09", "2028-09")),
        ("it", "A marzo ha firmato.", ("2025-03", None)),
        ("it", "Lo scorso dicembre ha firmato.", ("2024-12", None)),
        ("en", "Yesterday it signed.", ("2025-09-17", None)),
        ("en", "On Wednesday it signed.", ("2025-09-17", None)),
        ("en", "It will sign next Wednesday.", ("2025-09-24", None)),
        ("en", "Last year it signed.", ("2024", None)),
        ("en", "It will sign next year.", ("2026", None)),
        ("en", "It will invest over the next three years.", ("2025-09", "2028-09")),
        ("en", "It will invest within five years.", ("2025-09", "2030-09")),
        ("en", "Last week it signed.", ("2025-09-08", "2025-09-14")),
        ("en", "By the end of the year it will sign.", ("2025", None)),
    ],
)
def test_relative_dates_resolve_against_publication(analyse, language, text, expected):
    assert dates(analyse(language, text, "2025-09-18")) == [expected]


def test_relative_dates_follow_the_publication_date_not_the_clock(analyse):
    assert dates(analyse("en", "Last year it signed.", "2019-06-01")) == [("2018", None)]


def test_without_publication_date_relative_dates_are_left_out(analyse):
    assert dates(analyse("en", "Last year, on 18 September 2025, it signed.", None)) == [("2025-09-18", None)]


def test_a_quarter_without_year_in_january_is_the_one_just_ended(analyse):
    assert dates(analyse("en", "Profit for the fourth quarter rose.", "2025-01-08")) == [
        ("2024-10", "2024-12")
    ]


def test_previous_year_counts_from_the_year_just_given(analyse):
    analysis = analyse("it", "Nel 2024 ha venduto lo 0,8% in meno dell'anno precedente.", "2025-02-27")
    assert dates(analysis) == [("2024", None), ("2023", None)]


def test_first_nine_months_of_the_year(analyse):
    assert dates(analyse("it", "Nei primi nove mesi dell'anno è cresciuta.", "2025-11-12")) == [
        ("2025-01", "2025-09")
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "It may grow."), ("en", "They march on."), ("it", "Resta aperto anche la domenica.")],
)
def test_words_that_only_look_like_dates(analyse, language, text):
    assert analyse(language, text).dates == []


def test_a_date_is_not_also_a_quantity(analyse):
    analysis = analyse("it", "Il 18 settembre investirà entro tre anni 5 miliardi di euro.")
    assert [q.text for q in analysis.quantities] == ["5 miliardi di euro"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "On 1 January 0000 Acme bought Globex."),
        ("en", "Acme bought Globex on September 18, 0000."),
        ("en", "Acme bought Globex in January 0000."),
        ("en", "Acme bought Globex in Q3 0000."),
        ("it", "Il 1 gennaio 0000 Acme ha comprato Globex."),
        ("it", "Acme ha comprato Globex nel settembre del 0000."),
    ],
)
def test_a_year_no_date_has_leaves_the_date_unread(analyse, language, text):
    assert dates(analyse(language, text)) == []  # not the month in the publication year
