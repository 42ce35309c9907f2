"""Statements generated from a fact's fields, in English and Italian, and the labels of key figures."""

from __future__ import annotations

import pytest

from generator.catalogs import translator
from generator.model import LANGUAGES, Entity, Fact, FactDate, Quantity, SiteFact
from generator.render.formatting import format_quantity
from generator.render.messages import qualifier_words
from generator.statement_templates import date_phrases, measure_labels, statements
from generator.statements import after_preposition, fact_statement, figure_label, generated_statement
from generator.vocabulary import FACT_KINDS, QUALIFIERS, STATEMENT_ATTRIBUTES, STATUSES

NAMES = {
    "nvidia": "Nvidia",
    "intel": "Intel",
    "openai": "OpenAI",
    "alibaba": "Alibaba",
    "alibaba-cloud": "Alibaba Cloud",
    "hong-kong": "Hong Kong",
    "northwind": "Northwind",
    "sam-altman": "Sam Altman",
}
ENTITIES = {i: Entity(id=i, name=name, kind="company") for i, name in NAMES.items()}
SITE_KINDS = {"funding_round": {"en": "Funding round", "it": "Round di finanziamento"}}


def figure(value=None, unit="USD", qualifier="exact", low=None, high=None) -> Quantity:
    kind = {"USD": "money", "CNY": "money", "EUR": "money", "%": "percent"}.get(unit, "count")
    return Quantity(
        text="words of the article",
        start=0,
        end=0,
        kind=kind,
        value=value,
        unit=unit,
        qualifier=qualifier,
        low=low,
        high=high,
    )


def fact(
    kind: str,
    subject: str = "nvidia",
    obj: str | None = "intel",
    quantity: Quantity | None = None,
    date: str = "2025-09-18",
    until: str | None = None,
    reported: bool = False,
    status: str = "",
    measure: str = "",
    overrides: list[dict[str, str]] | None = None,
) -> SiteFact:
    when = FactDate(value=date, end_value=until, reported=reported)
    reports = [
        Fact(
            id="f",
            kind=kind,
            subject=subject,
            object=obj,
            quantity=quantity,
            date=when,
            statement="the words of the span",
            sentence="The sentence of the article.",
            article=f"article-{n}",
            anchor="fact-f",
            ordinal=0,
            annotated=True,
            attrs={"status": status} if status else {},
            statements=own,
        )
        for n, own in enumerate(overrides or [{}])
    ]
    return SiteFact(
        id="f",
        kind=kind,
        subject=subject,
        object=obj,
        quantity=quantity,
        date=when,
        statement="",
        sources=reports,
        measure=measure,
    )


def say(f: SiteFact, language: str) -> str:
    return fact_statement(f, ENTITIES, language, SITE_KINDS)


# --- every kind, status, qualifier and kind of figure, in both languages -------------------------------


def _figures() -> list[Quantity]:
    shown = []
    for qualifier in QUALIFIERS:
        for unit, value in (("USD", 5_000_000_000), ("%", 9.2), ("data centres", 91)):
            if qualifier == "range":
                shown.append(figure(unit=unit, qualifier="range", low=value, high=value * 2))
            else:
                shown.append(figure(value, unit, qualifier))
    return shown


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FACT_KINDS)
def test_every_kind_status_and_qualifier_is_stated_with_its_figure(kind: str, language: str):
    for status in ("", *STATUSES):
        for q in _figures():
            text = say(fact(kind, quantity=q, status=status), language)
            assert not set("{}[]|") & set(text), text
            assert "Nvidia" in text and text != "Nvidia", text
            assert format_quantity(q, language) in text, (status, q.qualifier, q.unit, text)
            words = qualifier_words(translator(language))
            if q.qualifier in words:
                assert words[q.qualifier] in text, text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FACT_KINDS)
def test_a_fact_without_figure_or_object_is_still_a_sentence(kind: str, language: str):
    for status in ("", *STATUSES):
        text = say(fact(kind, obj=None, status=status), language)
        assert not set("{}[]|") & set(text)
        assert len(text.split()) >= 3, text


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_english_and_italian_statements_differ(kind: str):
    f = fact(kind, quantity=figure(5_000_000_000))
    assert say(f, "en") != say(f, "it")


# --- as a reader reads them ----------------------------------------------------------------------------

EXACT = [
    (
        fact("investment", quantity=figure(5_000_000_000)),
        "en",
        "Nvidia invested $5 billion in Intel on 18 September 2025",
    ),
    (
        fact(
            "investment", obj="openai", quantity=figure(100_000_000_000, qualifier="up_to"), status="planned"
        ),
        "it",
        "Nvidia prevede di investire fino a 100 miliardi di dollari in OpenAI",
    ),
    (
        fact(
            "investment", obj="openai", quantity=figure(100_000_000_000, qualifier="up_to"), status="planned"
        ),
        "en",
        "Nvidia plans to invest up to $100 billion in OpenAI",
    ),
    (
        fact("stock", subject="alibaba", obj="hong-kong", quantity=figure(9.2, "%"), date="2025-09-24"),
        "it",
        "Il titolo Alibaba a Hong Kong è salito del 9,2% il 24 settembre 2025",
    ),
    (
        fact(
            "stock", subject="alibaba", obj="hong-kong", quantity=figure(9.7, "%", "up_to"), date="2025-09-24"
        ),
        "it",
        "Il titolo Alibaba a Hong Kong è salito fino al 9,7% il 24 settembre 2025",
    ),
    (
        fact(
            "stock", subject="alibaba", obj="hong-kong", quantity=figure(9.7, "%", "up_to"), date="2025-09-24"
        ),
        "en",
        "Alibaba shares in Hong Kong rose up to 9.7% on 24 September 2025",
    ),
    (
        fact("stock", subject="intel", obj=None, quantity=figure(-5, "%")),
        "en",
        "Intel shares fell 5% on 18 September 2025",
    ),
    (
        fact("stock", subject="intel", obj=None, quantity=figure(-5, "%")),
        "it",
        "Il titolo Intel è sceso del 5% il 18 settembre 2025",
    ),
    (
        fact("acquisition", quantity=figure(4, "%", "about")),
        "it",
        "Nvidia ha acquisito circa il 4% di Intel il 18 settembre 2025",
    ),
    (
        fact("acquisition", quantity=figure(8, "%"), date="2025-08-08"),
        "it",
        "Nvidia ha acquisito l'8% di Intel l'8 agosto 2025",
    ),
    (
        fact("acquisition", quantity=figure(10, "%"), date="2025-08"),
        "it",
        "Nvidia ha acquisito il 10% di Intel ad agosto 2025",
    ),
    (
        fact("acquisition", quantity=figure(10, "%"), date="2025-08"),
        "en",
        "Nvidia acquired 10% of Intel in August 2025",
    ),
    (
        fact(
            "market_share",
            obj=None,
            quantity=figure(unit="%", qualifier="range", low=80, high=90),
            reported=True,
        ),
        "it",
        "Nvidia aveva una quota di mercato dell'80–90%",
    ),
    (
        fact(
            "market_share",
            obj=None,
            quantity=figure(unit="%", qualifier="range", low=80, high=90),
            reported=True,
        ),
        "en",
        "Nvidia had a market share of 80–90%",
    ),
    (
        fact("market_share", obj=None, quantity=figure(12, "%", "at_least"), status="expected", until="2028"),
        "it",
        "Nvidia dovrebbe raggiungere una quota di mercato di almeno il 12% entro il 2028",
    ),
    (
        fact(
            "plan",
            subject="alibaba",
            obj=None,
            quantity=figure(380_000_000_000, "CNY"),
            date="2025-02",
            until="2028-02",
            status="planned",
        ),
        "en",
        "Alibaba plans to spend 380 billion yuan by February 2028",
    ),
    (
        fact(
            "plan",
            subject="alibaba",
            obj=None,
            quantity=figure(380_000_000_000, "CNY"),
            date="2025-02",
            until="2028-02",
            status="planned",
        ),
        "it",
        "Alibaba prevede di spendere 380 miliardi di yuan entro febbraio 2028",
    ),
    (
        fact(
            "plan",
            subject="alibaba",
            obj=None,
            quantity=figure(380_000_000_000, "CNY"),
            date="2025",
            until="2028",
        ),
        "it",
        "Alibaba ha presentato un piano da 380 miliardi di yuan tra il 2025 e il 2028",
    ),
    (
        fact("appointment", subject="sam-altman", obj="openai", date="2019"),
        "it",
        "Sam Altman ha assunto un incarico presso OpenAI nel 2019",
    ),
    (
        fact("appointment", subject="sam-altman", obj="openai", date="2019"),
        "en",
        "Sam Altman took office at OpenAI in 2019",
    ),
    (fact("regulation", obj="alibaba", reported=True), "it", "Nvidia ha imposto regole ad Alibaba"),
    (
        fact(
            "metric",
            subject="alibaba-cloud",
            obj=None,
            quantity=figure(91, "data centres"),
            date="2025-09-24",
        ),
        "en",
        "Alibaba Cloud had 91 data centres on 24 September 2025",
    ),
    (
        fact(
            "metric",
            subject="northwind",
            obj=None,
            quantity=figure(120_000_000, "EUR"),
            date="2025",
            measure="Revenue",
        ),
        "en",
        "Northwind reported revenue of €120 million in 2025",
    ),
    (
        fact(
            "metric",
            subject="northwind",
            obj=None,
            quantity=figure(125_000_000, "EUR"),
            date="2025",
            measure="Ricavi",
        ),
        "it",
        "Northwind: ricavi di 125 milioni di euro nel 2025",
    ),
]


@pytest.mark.parametrize(("f", "language", "expected"), EXACT, ids=[e[2] for e in EXACT])
def test_statements_read_as_expected(f: SiteFact, language: str, expected: str):
    assert say(f, language) == expected


def test_a_publication_date_is_not_stated_as_when_it_happened():
    assert say(fact("launch", obj=None, reported=True), "en") == "Nvidia launched a new product"


# --- overrides, site kinds ----------------------------------------------------------------------------


def test_the_writer_s_statement_in_the_site_language_wins():
    f = fact("announcement", overrides=[{"it": "La conferenza si è aperta a Hangzhou"}])
    assert say(f, "it") == "La conferenza si è aperta a Hangzhou"


def test_a_statement_in_another_language_is_not_shown():
    f = fact("announcement", overrides=[{"it": "La conferenza si è aperta a Hangzhou"}])
    assert say(f, "en") == generated_statement(f, ENTITIES, "en", SITE_KINDS)


def test_the_oldest_report_with_its_own_statement_wins():
    f = fact("launch", overrides=[{}, {"en": "Nvidia unveiled Intel"}, {"en": "Later words"}])
    assert say(f, "en") == "Nvidia unveiled Intel"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Nvidia: Funding round – Intel, €400 million"),
        ("it", "Nvidia: Round di finanziamento – Intel, 400 milioni di euro"),
    ],
)
def test_a_site_declared_kind_gets_a_plain_line(language: str, expected: str):
    assert say(fact("funding_round", quantity=figure(400_000_000, "EUR")), language) == expected


def test_a_site_declared_kind_without_object_or_figure():
    assert say(fact("funding_round", obj=None), "en") == "Nvidia: Funding round"


# --- labels of key figures ----------------------------------------------------------------------------

LABELS = [
    (
        fact("stock", subject="alibaba", obj="hong-kong", quantity=figure(9.2, "%")),
        "Share price change, Hong Kong",
        "Variazione del titolo, Hong Kong",
    ),
    (fact("stock", obj=None, quantity=figure(30, "USD")), "Share price", "Prezzo del titolo"),
    (fact("market_share", obj=None, quantity=figure(9, "%")), "Market share", "Quota di mercato"),
    (
        fact("metric", subject="alibaba-cloud", obj=None, quantity=figure(91, "data centres")),
        "Data centres",
        "Data centres",
    ),
    (fact("investment", quantity=figure(5_000_000_000)), "Investment in Intel", "Investimento in Intel"),
    (fact("acquisition", quantity=figure(4, "%")), "Stake in Intel", "Partecipazione in Intel"),
    (fact("plan", obj=None, quantity=figure(500_000_000_000)), "Planned investment", "Investimento previsto"),
    (fact("plan", obj=None, quantity=figure(10, "gigawatts")), "Planned gigawatts", "Gigawatts in programma"),
    (fact("regulation", obj=None, quantity=figure(20_000_000, "EUR")), "Regulation", "Regolamentazione"),
    (fact("funding_round", obj=None, quantity=figure(1, "EUR")), "Funding round", "Round di finanziamento"),
]


@pytest.mark.parametrize(("f", "english", "italian"), LABELS, ids=[label[1] for label in LABELS])
def test_default_labels_say_what_a_figure_measures(f: SiteFact, english: str, italian: str):
    assert (figure_label(f, ENTITIES, "en", SITE_KINDS), figure_label(f, ENTITIES, "it", SITE_KINDS)) == (
        english,
        italian,
    )


def test_measure_names_the_figure_in_every_language():
    f = fact("stock", quantity=figure(9.2, "%"), measure="Share price change, Hong Kong")
    assert figure_label(f, ENTITIES, "it") == "Share price change, Hong Kong"


def test_a_fact_without_figure_has_no_label():
    assert figure_label(fact("launch"), ENTITIES, "en") == ""


# --- Italian prepositions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preposition", "phrase", "expected"),
    [
        ("di", "il 9,2%", "del 9,2%"),
        ("di", "l'80%", "dell'80%"),
        ("a", "l'80%", "all'80%"),
        ("in", "il 2025", "nel 2025"),
        ("a", "Alibaba", "ad Alibaba"),
        ("a", "agosto 2025", "ad agosto 2025"),
        ("a", "Intel", "a Intel"),
        ("di", "circa il 4%", "di circa il 4%"),
    ],
)
def test_italian_prepositions_join_their_article(preposition: str, phrase: str, expected: str):
    assert after_preposition(preposition, phrase, "it") == expected


# --- the tables ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_states_every_kind_in_every_status(language: str):
    table = statements(translator(language))
    assert set(table) == set(FACT_KINDS)
    assert all(set(by_status) == set(STATUSES) for by_status in table.values())


@pytest.mark.parametrize("table", [statements, measure_labels, date_phrases])
def test_every_language_has_the_same_labels_and_date_phrases(table):
    english, italian = table(translator("en")), table(translator("it"))
    assert set(english) == set(italian)
    assert english != italian  # translated, not the English ids


def test_every_language_has_a_statement_attribute():
    assert set(STATEMENT_ATTRIBUTES) == set(LANGUAGES)
