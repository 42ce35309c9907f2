"""Numbers: each language's separators, number words, the LIKE_NUM attribute and the tokenizer tweaks."""

from __future__ import annotations

from decimal import Decimal

import pytest
import spacy

from generator.analyse.numbers import (
    install_number_attributes,
    like_number,
    parse_digits,
    parse_words,
    plain_number,
    tune_tokenizer,
)


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1.234.567", "it", "1234567"),
        ("4,2", "it", "4.2"),
        ("1.500", "it", "1500"),
        ("1.5", "it", "1.5"),  # a lone foreign decimal point in an Italian text
        ("1,234,567", "en", "1234567"),
        ("1.5", "en", "1.5"),
        ("1,500", "en", "1500"),
        ("1,234.5", "en", "1234.5"),
        ("+3,5", "it", "3.5"),
        ("-2", "en", "-2"),
    ],
)
def test_parse_digits_follows_the_language_separators(text, language, value):
    assert parse_digits(text, language) == Decimal(value)


def test_parse_digits_rejects_malformed_groups():
    assert parse_digits("1.2.3", "it") is None


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("novantuno", "it", 91),
        ("ventinove", "it", 29),
        ("tremila", "it", 3000),
        ("mille", "it", 1000),
        ("ninety one", "en", 91),
        ("ninety-one", "en", 91),
        ("five hundred thousand", "en", 500000),
    ],
)
def test_parse_words_reads_number_words(text, language, value):
    assert parse_words(text, language) == value


@pytest.mark.parametrize(("text", "language"), [("primo", "it"), ("first", "en"), ("azioni", "it")])
def test_ordinals_and_other_words_are_not_numbers(text, language):
    assert not like_number(text, language)


def test_plain_number_is_int_when_whole():
    assert plain_number(Decimal("5000000000.0")) == 5000000000
    assert isinstance(plain_number(Decimal("5000000000.0")), int)
    assert plain_number(Decimal("4.2")) == 4.2


def test_italian_number_words_become_like_num():
    nlp = spacy.blank("it")
    assert not nlp.vocab["novantuno"].like_num
    install_number_attributes(nlp.vocab, "it")
    assert nlp("novantuno")[0].like_num
    assert nlp("ventinove")[0].like_num  # a word the vocab had not seen before


@pytest.mark.parametrize(
    ("language", "text", "tokens"),
    [
        ("en", "$5bn", ["$", "5", "bn"]),
        ("en", "HK$1.2bn", ["HK$", "1.2", "bn"]),
        ("en", "RMB380bn", ["RMB", "380", "bn"]),
        ("en", "mid-2026", ["mid", "-", "2026"]),
        ("it", "5mld", ["5", "mld"]),
        ("it", "10mila", ["10", "mila"]),
    ],
)
def test_tokenizer_splits_what_newsrooms_glue_to_numbers(language, text, tokens):
    nlp = spacy.blank(language)
    tune_tokenizer(nlp)
    assert [t.text for t in nlp(text)] == tokens


def test_tuning_the_tokenizer_twice_changes_nothing():
    nlp = spacy.blank("en")
    tune_tokenizer(nlp)
    pattern = nlp.tokenizer.suffix_search.__self__.pattern
    tune_tokenizer(nlp)
    assert nlp.tokenizer.suffix_search.__self__.pattern == pattern
