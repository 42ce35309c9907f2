"""Property-based tests: the annotation parser and the quantity normaliser on any input.

They must return a result or positioned problems, never raise. Examples are derandomised (the same ones
on every run and in CI) and few enough to keep the suite fast.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.read.annotations import parse_annotations

PROPERTY_SETTINGS = settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text that is mostly annotation syntax, so the parser's corners get visited, not just plain words.
MARKUP_ALPHABET = st.sampled_from(
    list('[]{}@="\\`~ \n\tab-_.é阿') + ["fact=", "subject=", "]{", "```\n", "\n\n", "{@", 'note="']
)
markup_text = st.lists(MARKUP_ALPHABET, max_size=80).map("".join)
any_text = st.one_of(markup_text, st.text(max_size=200))

WORD = st.text(alphabet="abcdefghij klmnopqrstuvwxyzàèéìòùß阿里巴巴", min_size=1, max_size=12)
IDENTIFIER = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
NOTE = st.text(alphabet="abc xyz\"\\'é", max_size=12)


@PROPERTY_SETTINGS
@given(any_text, st.integers(min_value=1, max_value=500))
def test_parser_never_raises_and_positions_every_problem(text, first_line):
    parsed = parse_annotations(text, "a.md", first_line)
    last_line = first_line + text.count("\n")
    for problem in parsed.problems:
        assert problem.location.path == "a.md"
        assert first_line <= problem.location.line <= last_line
        assert problem.location.col >= 1
        assert problem.code and problem.message and problem.hint


@PROPERTY_SETTINGS
@given(any_text)
def test_plain_text_runs_are_copies_of_the_body(text):
    parsed = parse_annotations(text, "a.md")
    covered = 0
    for plain_start, body_start, length in parsed.plain_map.runs:
        assert plain_start == covered  # runs tile the plain text in order
        assert parsed.plain[plain_start : plain_start + length] == text[body_start : body_start + length]
        covered += length
    assert covered == len(parsed.plain)


@PROPERTY_SETTINGS
@given(any_text)
def test_every_annotation_points_at_its_own_markup(text):
    parsed = parse_annotations(text, "a.md")
    for a in parsed.annotations:
        assert text[a.start] == "[" and a.inner_start == a.start + 1
        assert text[a.inner_end : a.inner_end + 2] == "]{" and text[a.end - 1] == "}"
        assert 0 <= a.plain_start <= a.plain_end <= len(parsed.plain)
        if a.plain_start < a.plain_end:  # its words map back inside its brackets
            assert a.inner_start <= parsed.plain_map.to_source(a.plain_start)
            assert parsed.plain_map.to_source_end(a.plain_end) <= a.inner_end


@PROPERTY_SETTINGS
@given(
    st.text(
        alphabet=st.characters(blacklist_characters="[]{}\\`~", blacklist_categories=("Cs",)), max_size=300
    )
)
def test_text_without_markup_is_its_own_plain_text(text):
    parsed = parse_annotations(text, "a.md")
    assert (parsed.plain, parsed.annotations, parsed.problems) == (text, [], [])
    assert all(parsed.plain_map.to_source(i) == i for i in range(len(text)))


def _attribute_text(attrs: dict[str, str]) -> str:
    parts = []
    for key, value in attrs.items():
        if key == "@":
            parts.append(f"@{value}")
        elif value == "" or any(c in value for c in ' "\\{}'):
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'{key}="{escaped}"')
        else:
            parts.append(f"{key}={value}")
    return " ".join(parts)


@st.composite
def annotated_documents(draw):
    """A document built from parts, with the annotations and plain text it must parse back to."""
    markup, plain, expected = [], [], []

    def emit(text: str) -> None:
        markup.append(text)
        plain.append(text)

    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        emit(draw(WORD))
        choice = draw(st.sampled_from(["text", "mention", "fact"]))
        if choice == "text":
            continue
        separator = draw(st.sampled_from([" ", "\n"]))
        emit(separator)
        if choice == "mention":
            entity, words = draw(IDENTIFIER), draw(WORD)
            start = sum(map(len, plain))
            markup.append("[")
            emit(words)
            markup.append("]{" + _attribute_text({"@": entity}) + "}")
            expected.append(("mention", {"@": entity}, start, start + len(words), None))
            continue
        attrs = {"fact": draw(IDENTIFIER), "subject": draw(IDENTIFIER)}
        if draw(st.booleans()):
            attrs["note"] = draw(NOTE)
        start = sum(map(len, plain))
        fact_index = len(expected)
        expected.append(None)  # the fact comes before the mentions inside it, in document order
        markup.append("[")
        emit(draw(WORD))
        if draw(st.booleans()):
            entity, words = draw(IDENTIFIER), draw(WORD)
            emit(" ")
            inner_start = sum(map(len, plain))
            markup.append("[")
            emit(words)
            markup.append("]{@" + entity + "}")
            expected.append(("mention", {"@": entity}, inner_start, inner_start + len(words), fact_index))
        attribute_separator = draw(st.sampled_from([" ", "\n"]))
        markup.append("]{" + _attribute_text(attrs).replace(" ", attribute_separator, 1) + "}")
        expected[fact_index] = ("fact", attrs, start, sum(map(len, plain)), None)
        emit(" ")
    return "".join(markup), "".join(plain), expected


@PROPERTY_SETTINGS
@given(annotated_documents())
def test_annotations_round_trip_to_their_words_and_attributes(document):
    markup, plain, expected = document
    parsed = parse_annotations(markup, "a.md")
    assert parsed.problems == []
    assert parsed.plain == plain
    found = [(a.kind, a.attrs, a.plain_start, a.plain_end, a.parent) for a in parsed.annotations]
    assert found == expected


# --- the quantity normaliser -------------------------------------------------------------------------

QUANTITY_KINDS = {"money", "percent", "count", "measure"}
QUALIFIERS = {"exact", "up_to", "over", "about", "at_least", "range"}
# Pieces of amounts in both languages: random texts dense with numbers, scales, currencies and qualifiers.
QUANTITY_PIECES = st.sampled_from(
    [
        "0",
        "1",
        "5",
        "12",
        "999",
        "1.5",
        "1,5",
        "1.234.567",
        "1,234,567",
        "3,4",
        "-",
        "–",
        "%",
        "$",
        "€",
        "£",
        " ",
        " ",
        "\n",
        ".",
        ",",
        "(",
        ")",
        "2025",
        "settembre",
        "September",
        "miliardi",
        "milioni",
        "mila",
        "di",
        "dollari",
        "euro",
        "yuan",
        "fino a",
        "circa",
        "oltre",
        "tra",
        " e ",
        "per cento",
        "punti",
        "utenti",
        "mezzo",
        "un",
        "due",
        "novantuno",
        "billion",
        "million",
        "bn",
        "up to",
        "about",
        "more than",
        "between",
        " and ",
        "percent",
        "points",
        "dollars",
        "data centres",
        "users",
        "a",
        "half",
        "two",
        "quarter",
        "ninety-one",
    ]
)
quantity_text = st.lists(QUANTITY_PIECES, max_size=25).map("".join)
LANGUAGE = st.sampled_from(["it", "en"])


def _nlp(language: str):
    """One pipeline per language for the whole module: building it is the slow part."""
    cache = _nlp.__dict__.setdefault("cache", {})
    if language not in cache:
        pipeline = pytest.importorskip("generator.analyse.pipeline")
        cache[language] = pipeline.build_nlp(language, [], None)
    return cache[language]


@PROPERTY_SETTINGS
@given(LANGUAGE, st.one_of(quantity_text, st.text(max_size=120)))
def test_quantities_in_any_text_are_well_formed(language, text):
    from generator.analyse.pipeline import analyse_text

    analysis = analyse_text(_nlp(language), text, "2025-09-18")
    for q in analysis.quantities:
        assert 0 <= q.start < q.end <= len(text)
        assert q.text == text[q.start : q.end]
        assert q.kind in QUANTITY_KINDS and q.qualifier in QUALIFIERS
        if q.qualifier == "range":
            assert q.low is not None and q.high is not None and q.low <= q.high
        else:
            assert isinstance(q.value, (int, float)) and not isinstance(q.value, bool)


SCALES = {"it": [("milioni", 10**6), ("miliardi", 10**9)], "en": [("million", 10**6), ("billion", 10**9)]}
CURRENCIES = {"it": [("di dollari", "USD"), ("di euro", "EUR")], "en": [("dollars", "USD"), ("euros", "EUR")]}


@PROPERTY_SETTINGS
@given(
    LANGUAGE,
    st.integers(min_value=2, max_value=999),
    st.integers(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=1),
)
def test_money_amounts_normalise_to_their_full_value(language, number, scale_index, currency_index):
    from generator.analyse.pipeline import analyse_text

    scale, factor = SCALES[language][scale_index]
    currency, code = CURRENCIES[language][currency_index]
    lead = "La cifra è" if language == "it" else "The sum is"
    text = f"{lead} {number} {scale} {currency}."
    (quantity,) = analyse_text(_nlp(language), text, None).quantities
    assert (quantity.kind, quantity.value, quantity.unit) == ("money", number * factor, code)


@PROPERTY_SETTINGS
@given(LANGUAGE, st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_written_the_locale_way_read_back_to_their_value(language, value):
    from babel.numbers import format_decimal

    numbers = pytest.importorskip("generator.analyse.numbers")
    written = format_decimal(value, format="#,##0.##", locale=language)
    assert numbers.parse_number(written, language) == value.normalize()


@PROPERTY_SETTINGS
@given(LANGUAGE, st.text(max_size=40))
def test_reading_any_text_as_a_number_gives_a_number_or_none(language, text):
    from decimal import Decimal

    numbers = pytest.importorskip("generator.analyse.numbers")
    assert isinstance(numbers.parse_number(text, language), (Decimal, type(None)))


# --- the whole build on any article body ---------------------------------------------------------------

BODY_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        "@acme",
        "@globex",
        "fact=launch",
        "fact=investment",
        " subject=acme",
        " object=globex",
        " value=5",
        " unit=USD",
        " date=2025-09",
        "Acme",
        "Globex",
        "Jane Roe",
        " ",
        "\n",
        "\n\n",
        "`",
        "```\n",
        "~~~\n",
        "5 billion dollars",
        "about 23%",
        "on 18 September 2025",
        "*",
        "_",
        "<b>",
        "</b>",
        "<script>",
        "# ",
        "> ",
        "- ",
        "1. ",
        "|",
        "|---|",
        "[x](acme-globex-it.md)",
        "[y](javascript:z)",
        "&amp;",
        "&#",
        "\\",
        '"',
        'note="a b"',
        "qualifier=range low=1 high=2",
        "\u00a0",
        "é",
        "阿里",
        "\t",
        "    code",
        "<!--",
        "-->",
        "***",
    ]
)


@settings(max_examples=20, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(BODY_PIECES, max_size=40).map("".join))
def test_any_article_body_gives_problems_or_a_site_never_a_crash(tmp_path_factory, body):
    """Read, analyse, aggregate and render the fixture site with one more article holding `body`."""
    from generator.build import model_and_problems
    from generator.errors import FactsheetsError
    from generator.render.site import render_site
    from tests.conftest import FIXTURE_SITE

    content = tmp_path_factory.getbasetemp() / "any-body" / "content"
    if not content.exists():
        shutil.copytree(FIXTURE_SITE / "content", content)
    model_article = FIXTURE_SITE / "content" / "articles" / "acme-globex.md"
    front = model_article.read_text(encoding="utf-8").split("---\n")[1]
    (content / "articles" / "any-body.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    model, problems = model_and_problems(content)
    assert all(p.location.path and p.code for p in problems)
    if model is not None:
        try:
            files = dict(render_site(model, None, "https://example.org/"))
        except FactsheetsError:  # a template or build error is a message, not a crash
            return
        assert "articles/any-body/index.html" in files
