"""Locale formatting: amounts, dates, labels and interface strings in English and Italian."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalogs import translator
from generator.model import Quantity
from generator.render import messages
from generator.render.formatting import (
    entity_kind_label,
    fact_kind_label,
    format_amount_exact,
    format_date_span,
    format_iso_date,
    format_quantity,
    sort_key_for_iso,
    status_label,
)
from generator.vocabulary import FACT_KINDS, QUALIFIERS, STATUSES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def money(value=None, unit="USD", qualifier="exact", low=None, high=None) -> Quantity:
    return Quantity(
        text="…",
        start=0,
        end=1,
        kind="money",
        value=value,
        unit=unit,
        qualifier=qualifier,
        low=low,
        high=high,
    )


def percent(value=None, qualifier="exact", low=None, high=None, unit="%") -> Quantity:
    return Quantity(
        text="…",
        start=0,
        end=1,
        kind="percent",
        value=value,
        unit=unit,
        qualifier=qualifier,
        low=low,
        high=high,
    )


def count(value=None, unit=None, qualifier="exact", low=None, high=None) -> Quantity:
    return Quantity(
        text="…",
        start=0,
        end=1,
        kind="count",
        value=value,
        unit=unit,
        qualifier=qualifier,
        low=low,
        high=high,
    )


# --- money ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "expected"), [("en", "$5 billion"), ("it", "5 miliardi di dollari")])
def test_exact_dollars_in_words(locale, expected):
    assert format_quantity(money(5_000_000_000), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "up to $100 billion"), ("it", "fino a 100 miliardi di dollari")]
)
def test_up_to_qualifier_on_money(locale, expected):
    assert format_quantity(money(100_000_000_000, qualifier="up_to"), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "over $400 billion"), ("it", "oltre 400 miliardi di dollari")]
)
def test_over_qualifier_on_money(locale, expected):
    assert format_quantity(money(400_000_000_000, qualifier="over"), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "about €1.5 billion"), ("it", "circa 1,5 miliardi di euro")]
)
def test_about_qualifier_on_money_keeps_decimals(locale, expected):
    assert format_quantity(money(1_500_000_000, "EUR", qualifier="about"), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "at least $2 million"), ("it", "almeno 2 milioni di dollari")]
)
def test_at_least_qualifier_on_money(locale, expected):
    assert format_quantity(money(2_000_000, qualifier="at_least"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "$5–7 billion"), ("it", "5–7 miliardi di dollari")])
def test_money_range_shares_one_scale_word(locale, expected):
    assert format_quantity(money(None, qualifier="range", low=5e9, high=7e9), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "$50,000\u2009–\u2009$2 million"), ("it", "50.000 dollari\u2009–\u20092 milioni di dollari")],
)
def test_money_range_with_ends_far_apart_writes_both_in_full(locale, expected):
    assert format_quantity(money(None, qualifier="range", low=50_000, high=2_000_000), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "380 billion yuan"), ("it", "380 miliardi di yuan")])
def test_currency_without_a_plain_sign_is_named(locale, expected):
    assert format_quantity(money(380_000_000_000, "CNY"), locale) == expected


def test_english_uses_a_plain_sign_for_other_currencies():
    assert format_quantity(money(100_000_000_000, "JPY", qualifier="over"), "en") == "over ¥100 billion"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "3 million Hong Kong dollars"), ("it", "3 milioni di dollari di Hong Kong")],
)
def test_currency_with_an_ambiguous_noun_keeps_its_full_name(locale, expected):
    assert format_quantity(money(3_000_000, "HKD"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "$700 million"), ("it", "700 milioni di dollari")])
def test_millions_use_the_scale_word(locale, expected):
    assert format_quantity(money(700_000_000), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "$12,500"), ("it", "12.500 dollari")])
def test_money_below_a_million_is_written_in_full(locale, expected):
    assert format_quantity(money(12_500), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "$1 billion"), ("it", "1 miliardo di dollari")])
def test_singular_scale_word(locale, expected):
    assert format_quantity(money(1_000_000_000), locale) == expected


def test_region_locale_uses_its_language_rules():
    assert format_quantity(money(5_000_000_000), "it-IT") == "5 miliardi di dollari"


# --- percentages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "expected"), [("en", "23%"), ("it", "23%")])
def test_exact_percent(locale, expected):
    assert format_quantity(percent(23), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "4.5%"), ("it", "4,5%")])
def test_percent_keeps_its_decimals(locale, expected):
    assert format_quantity(percent(4.5), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "about 4%"), ("it", "circa il 4%")])
def test_about_qualifier_on_percent_takes_the_italian_article(locale, expected):
    assert format_quantity(percent(4, "about"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "up to 20%"), ("it", "fino al 20%")])
def test_up_to_contracts_with_the_article_in_italian(locale, expected):
    assert format_quantity(percent(20, "up_to"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "over 80%"), ("it", "oltre l'80%")])
def test_italian_article_elides_before_a_vowel_sound(locale, expected):
    assert format_quantity(percent(80, "over"), locale) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(11, "fino all'11%"), (1, "fino all'1%"), (18, "fino al 18%")]
)
def test_italian_elision_follows_how_the_number_is_read(value, expected):
    assert format_quantity(percent(value, "up_to"), "it") == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "at least 10%"), ("it", "almeno il 10%")])
def test_at_least_qualifier_on_percent(locale, expected):
    assert format_quantity(percent(10, "at_least"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "80–90%"), ("it", "80–90%")])
def test_percent_range_carries_one_sign(locale, expected):
    assert format_quantity(percent(None, "range", low=80, high=90), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "2 percentage points"), ("it", "2 punti percentuali")]
)
def test_percentage_points(locale, expected):
    assert format_quantity(percent(2, unit="pp"), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "1 percentage point"), ("it", "1 punto percentuale")]
)
def test_one_percentage_point_is_singular(locale, expected):
    assert format_quantity(percent(1, unit="pp"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "25 basis points"), ("it", "25 punti base")])
def test_basis_points(locale, expected):
    assert (
        format_quantity(Quantity(text="…", start=0, end=1, kind="measure", value=25, unit="bp"), locale)
        == expected
    )


# --- counts and measures ----------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "expected"), [("en", "91 data centres"), ("it", "91 data centres")])
def test_counted_noun_is_kept_as_given(locale, expected):
    assert format_quantity(count(91, "data centres"), locale) == expected


def test_large_count_uses_the_scale_word():
    trillion = count(1_000_000_000_000, "parameters", "over")
    assert format_quantity(trillion, "en") == "over 1 trillion parameters"


def test_italian_scale_word_takes_di_before_the_counted_noun():
    assert format_quantity(count(2_000_000, "utenti"), "it") == "2 milioni di utenti"


@pytest.mark.parametrize(("locale", "expected"), [("en", "12,500"), ("it", "12.500")])
def test_count_without_a_noun_is_the_grouped_number(locale, expected):
    assert format_quantity(count(12_500), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "about 7 gigawatts"), ("it", "circa 7 gigawatts")])
def test_measure_with_qualifier(locale, expected):
    assert format_quantity(count(7, "gigawatts", "about"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "3–5 sites"), ("it", "3–5 siti")])
def test_count_range(locale, expected):
    unit = "sites" if locale == "en" else "siti"
    assert format_quantity(count(None, unit, "range", low=3, high=5), locale) == expected


@pytest.mark.parametrize(("quantity", "expected"), [(money(0.1 + 0.2), "$0.3"), (percent(0.1 + 0.2), "0.3%")])
def test_float_noise_never_reaches_the_page(quantity, expected):
    assert format_quantity(quantity, "en") == expected


def test_quantity_without_a_value_shows_its_words():
    assert format_quantity(
        Quantity(text="decine di miliardi", start=0, end=18, kind="money", value=None, unit="USD"), "it"
    ) == ("decine di miliardi")


def test_no_quantity_is_empty():
    assert format_quantity(None, "en") == ""


def test_unknown_qualifier_is_an_error():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        format_quantity(money(5, qualifier="roughly"), "en")


@pytest.mark.parametrize("qualifier", QUALIFIERS)
@pytest.mark.parametrize("locale", ["en", "it"])
def test_every_qualifier_of_the_vocabulary_formats(qualifier, locale):
    assert "5" in format_quantity(money(5_000_000_000, qualifier=qualifier, low=5e9, high=5e9), locale)


# --- exact amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "expected"), [("en", "5,000,000,000 USD"), ("it", "5.000.000.000 USD")])
def test_exact_amount_is_the_full_figure_with_iso_code(locale, expected):
    assert format_amount_exact(money(5_000_000_000, qualifier="up_to"), locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "4.5%"), ("it", "4,5%")])
def test_exact_percent_amount(locale, expected):
    assert format_amount_exact(percent(4.5), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "5,000,000,000–7,000,000,000 USD"), ("it", "5.000.000.000–7.000.000.000 USD")],
)
def test_exact_range_amount(locale, expected):
    assert format_amount_exact(money(None, qualifier="range", low=5e9, high=7e9), locale) == expected


def test_exact_count_keeps_its_noun():
    assert format_amount_exact(count(12_500, "sites"), "en") == "12,500 sites"


def test_exact_amount_without_a_value_is_empty():
    assert format_amount_exact(money(None), "en") == ""


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "it"])
def test_year_precision_stays_a_year(locale):
    assert format_iso_date("2025", locale) == "2025"


@pytest.mark.parametrize(("locale", "expected"), [("en", "September 2025"), ("it", "settembre 2025")])
def test_month_precision_shows_no_day(locale, expected):
    assert format_iso_date("2025-09", locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "24 September 2025"), ("it", "24 settembre 2025")])
def test_day_precision(locale, expected):
    assert format_iso_date("2025-09-24", locale) == expected


def test_us_english_keeps_its_month_day_order():
    assert format_iso_date("2025-09-24", "en_US") == "September 24, 2025"


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "24/09/2025", ""])
def test_impossible_date_is_an_error(value):
    with pytest.raises(ValueError, match="cannot format the date"):
        format_iso_date(value, "en")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "September 2025\u2009–\u2009February 2028"), ("it", "settembre 2025\u2009–\u2009febbraio 2028")],
)
def test_span_of_months(locale, expected):
    assert format_date_span("2025-09", "2028-02", locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "September\u2009–\u2009November 2025"), ("it", "settembre–novembre 2025")]
)
def test_span_within_one_year_is_compacted(locale, expected):
    assert format_date_span("2025-09", "2025-11", locale) == expected


def test_span_of_mixed_precision_keeps_each_end_precision():
    assert format_date_span("2025-09", "2028", "en") == "September 2025\u2009–\u20092028"


def test_span_of_days():
    expected = "24 settembre 2025\u2009–\u200930 settembre 2025"
    assert format_date_span("2025-09-24", "2025-09-30", "it") == expected


@pytest.mark.parametrize("end", [None, "", "2025-09"])
def test_span_without_a_distinct_end_is_one_date(end):
    assert format_date_span("2025-09", end, "en") == "September 2025"


def test_sort_key_puts_a_period_before_the_dates_inside_it():
    values = ["2025-09-18", "2026", "2025-09", "2025-10-01", "2025", "2024-12-31"]
    assert sorted(values, key=sort_key_for_iso) == [
        "2024-12-31",
        "2025",
        "2025-09",
        "2025-09-18",
        "2025-10-01",
        "2026",
    ]


def test_sort_key_agrees_with_iso_string_order():
    values = ["2025-09-18", "2026", "2025-09", "2025-10-01", "2025", "2024-12-31"]
    assert sorted(values, key=sort_key_for_iso) == sorted(values)


def test_sort_key_rejects_a_bad_date():
    with pytest.raises(ValueError):
        sort_key_for_iso("2025-00")


# --- labels -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "expected"), [("en", "Investment"), ("it", "Investimento")])
def test_builtin_fact_kind_label(locale, expected):
    assert fact_kind_label("investment", locale) == expected


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_every_fact_kind_has_a_label_in_both_languages(kind):
    assert kind in messages.fact_kind_labels(translator("en"))
    assert translator("it").has(messages.fact_kind_labels(translator("en"))[kind], "fact kind")


def test_extra_fact_kind_from_site_config():
    extra = {"layoff": {"en": "Layoffs", "it": "Licenziamenti"}}
    assert fact_kind_label("layoff", "it", extra) == "Licenziamenti"


def test_extra_fact_kind_falls_back_to_its_english_label():
    assert fact_kind_label("layoff", "it", {"layoff": {"en": "Layoffs"}}) == "Layoffs"


def test_unknown_fact_kind_names_the_fix():
    with pytest.raises(KeyError, match="fact_kinds in site.yml"):
        fact_kind_label("merger", "en")


@pytest.mark.parametrize(
    ("locale", "plural", "expected"),
    [("en", False, "Company"), ("en", True, "Companies"), ("it", False, "Azienda"), ("it", True, "Aziende")],
)
def test_entity_kind_label(locale, plural, expected):
    assert entity_kind_label("company", locale, plural) == expected


def test_unknown_entity_kind_is_an_error():
    with pytest.raises(KeyError, match="unknown entity kind 'animal'"):
        entity_kind_label("animal", "en")


@pytest.mark.parametrize(
    "table", [messages.qualifier_words, messages.status_labels], ids=["qualifier_words", "status_labels"]
)
def test_every_language_has_the_same_keys(table):
    assert set(table(translator("it"))) == set(table(translator("en")))
    assert translator("it").missing() == []


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("locale", ["en", "it"])
def test_every_status_has_a_label(status, locale):
    assert status_label(status, locale)
