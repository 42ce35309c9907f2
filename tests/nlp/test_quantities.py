"""Quantities: money, percentages, counts and measures, with value, unit and qualifier."""

from __future__ import annotations

import pytest


def only(analysis):
    assert len(analysis.quantities) == 1, [q.text for q in analysis.quantities]
    q = analysis.quantities[0]
    return q.kind, q.value, q.unit, q.qualifier


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Nvidia investirà 5 miliardi di dollari in Intel.", ("money", 5000000000, "USD", "exact")),
        ("it", "Il fatturato è di 4,2 mld €.", ("money", 4200000000, "EUR", "exact")),
        ("it", "Spenderà 300 mln di euro.", ("money", 300000000, "EUR", "exact")),
        ("it", "Vale mille miliardi di yuan.", ("money", 1000000000000, "CNY", "exact")),
        ("it", "Costa 1.234.567 euro.", ("money", 1234567, "EUR", "exact")),
        ("it", "Ha raccolto 2 miliardi e mezzo di euro.", ("money", 2500000000, "EUR", "exact")),
        ("en", "It raised US$5 billion.", ("money", 5000000000, "USD", "exact")),
        ("en", "It raised $5bn.", ("money", 5000000000, "USD", "exact")),
        ("en", "It raised €4.2bn.", ("money", 4200000000, "EUR", "exact")),
        ("en", "It raised HK$1.2bn.", ("money", 1200000000, "HKD", "exact")),
        ("en", "Revenue was RMB380bn.", ("money", 380000000000, "CNY", "exact")),
        ("en", "Revenue was 380 billion yuan.", ("money", 380000000000, "CNY", "exact")),
        ("en", "It paid $100m.", ("money", 100000000, "USD", "exact")),
        ("en", "It paid 5 billion USD.", ("money", 5000000000, "USD", "exact")),
        ("en", "It spent a billion dollars.", ("money", 1000000000, "USD", "exact")),
        ("en", "It costs 2 trillion won.", ("money", 2000000000000, "KRW", "exact")),
    ],
)
def test_money_is_read_with_its_currency_and_scale(analyse, language, text, expected):
    assert only(analyse(language, text)) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Otterrà circa il 4 per cento di Intel.", ("percent", 4, "%", "about")),
        ("it", "Le azioni guadagnavano quasi il 30 per cento.", ("percent", 30, "%", "about")),
        ("it", "Il titolo è salito del 3,5%.", ("percent", 3.5, "%", "exact")),
        ("it", "L'inflazione è scesa di 0,3 punti percentuali.", ("percent", 0.3, "pp", "exact")),
        ("en", "Shares rose 12.5 per cent.", ("percent", 12.5, "%", "exact")),
        ("en", "Unemployment rose 0.2 percentage points.", ("percent", 0.2, "pp", "exact")),
        ("en", "The bank cut rates by 25 basis points.", ("measure", 25, "bp", "exact")),
    ],
)
def test_percentages_and_points(analyse, language, text, expected):
    assert only(analyse(language, text)) == expected


@pytest.mark.parametrize(
    ("language", "text", "qualifier"),
    [
        ("it", "Investirà fino a 100 miliardi di dollari.", "up_to"),
        ("it", "Investirà oltre 100 miliardi di dollari.", "over"),
        ("it", "Investirà più di 100 miliardi di dollari.", "over"),
        ("it", "Investirà almeno 100 miliardi di dollari.", "at_least"),
        ("it", "Investirà circa 100 miliardi di dollari.", "about"),
        ("it", "Investirà quasi 100 miliardi di dollari.", "about"),
        ("en", "It will invest up to $100 billion.", "up_to"),
        ("en", "It will invest more than $100 billion.", "over"),
        ("en", "It will invest over $100 billion.", "over"),
        ("en", "It will invest at least $100 billion.", "at_least"),
        ("en", "It will invest nearly $100 billion.", "about"),
        ("en", "It will invest roughly $100 billion.", "about"),
        ("en", "It will invest almost $100 billion.", "about"),
    ],
)
def test_qualifiers(analyse, language, text, qualifier):
    assert only(analyse(language, text))[3] == qualifier


def test_a_qualifier_is_part_of_the_span(analyse):
    assert analyse("en", "It will invest up to $100 billion.").quantities[0].text == "up to $100 billion"


def test_over_before_a_duration_is_not_a_qualifier(analyse):
    assert only(analyse("en", "The plan runs over three years.")) == ("measure", 3, "years", "exact")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Margini tra l'80-90 per cento.", ("percent", "%", 80, 90)),
        ("it", "Una crescita tra il 5 e il 7%.", ("percent", "%", 5, 7)),
        ("it", "Un calo dal 10 al 15 per cento.", ("percent", "%", 10, 15)),
        ("it", "Spenderà da 2 a 3 miliardi di euro.", ("money", "EUR", 2000000000, 3000000000)),
        ("en", "Growth of between 5 and 7%.", ("percent", "%", 5, 7)),
        ("en", "Margins of 80-90%.", ("percent", "%", 80, 90)),
        ("en", "Revenue of $5bn to $7bn.", ("money", "USD", 5000000000, 7000000000)),
        (
            "en",
            "Analysts expected between $61 billion and $62 billion.",
            ("money", "USD", 61000000000, 62000000000),
        ),
    ],
)
def test_ranges_give_low_and_high(analyse, language, text, expected):
    q = analyse(language, text).quantities
    assert len(q) == 1
    assert (q[0].kind, q[0].unit, q[0].low, q[0].high, q[0].qualifier, q[0].value) == (
        *expected,
        "range",
        None,
    )


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("it", "Assumerà novantuno dipendenti.", ("count", 91, "dipendenti", "exact")),
        ("it", "Aprirà ventinove negozi.", ("count", 29, "negozi", "exact")),
        ("it", "Conta 1 milione di utenti.", ("count", 1000000, "utenti", "exact")),
        ("it", "Aprirà 5 nuovi siti.", ("count", 5, "siti", "exact")),
        ("it", "Servono 4,5 gigawatt.", ("measure", 4.5, "gigawatt", "exact")),
        ("en", "It will hire ninety-one pilots.", ("count", 91, "pilots", "exact")),
        ("en", "It announced five new data-centre sites.", ("count", 5, "sites", "exact")),
        ("en", "It has 300 million weekly active users.", ("count", 300000000, "users", "exact")),
        ("en", "It bought 10,000 Nvidia GPUs.", ("count", 10000, "GPUs", "exact")),
        ("en", "It plans two data centres.", ("count", 2, "data centres", "exact")),
        ("en", "It needs nearly 7 gigawatts.", ("measure", 7, "gigawatts", "about")),
    ],
)
def test_counts_take_the_counted_noun_as_unit(analyse, language, text, expected):
    assert only(analyse(language, text)) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "Nel 2025 Nvidia crescerà."),
        ("it", "È uno dei maggiori azionisti."),
        ("it", "La fase 2 comincia."),
        ("en", "The RTX 5090 launched."),
        ("en", "It is one of the largest."),
        ("en", "It was the first deal."),
    ],
)
def test_years_ordinals_pronouns_and_model_numbers_are_not_quantities(analyse, language, text):
    assert analyse(language, text).quantities == []


def test_an_amount_without_currency_takes_the_currency_of_the_money_nearby(analyse):
    analysis = analyse("it", "Ricavi per 73 miliardi di euro; l'utile è salito a 6,6 miliardi.")
    assert [(q.kind, q.value, q.unit) for q in analysis.quantities] == [
        ("money", 73000000000, "EUR"),
        ("money", 6600000000, "EUR"),
    ]


def test_an_amount_without_a_money_word_stays_a_count(analyse):
    analysis = analyse("it", "Ricavi per 3 miliardi di euro. I clienti sono scesi sotto i 18 milioni.")
    assert (analysis.quantities[1].kind, analysis.quantities[1].unit) == ("count", None)


def test_the_yen_sign_follows_the_currency_the_text_names(analyse):
    analysis = analyse("en", "Profit was ¥421bn. The stock may reach 14,000 yen.")
    assert analysis.quantities[0].unit == "JPY"


def test_the_yen_sign_alone_reads_as_yuan(analyse):
    assert only(analyse("en", "Profit was ¥421bn."))[2] == "CNY"


def test_a_quantity_split_by_a_line_break_is_one_quantity(analyse):
    text = "Nvidia investirà 5\nmiliardi di dollari."
    q = analyse("it", text).quantities
    assert [(x.text, x.value) for x in q] == [("5\nmiliardi di dollari", 5000000000)]


def test_the_first_figure_of_a_range_takes_the_scale_of_the_second(analyse):
    (q,) = analyse("en", "Acme will spend between $9 and $5 billion on it.").quantities
    assert (q.qualifier, q.low, q.high) == ("range", 9_000_000_000, 5_000_000_000)  # not 9 dollars
