"""Numbers in text: digits with each language's separators, number words, and the tokenizer tweaks they need.

Decimal and grouping symbols come from Babel (CLDR); number words are read by text2num. The `LIKE_NUM`
lexical attribute is replaced so that Italian number words ("novantuno") count as numbers, as English ones
already do, and ordinals ("first") no longer do.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol
from spacy.attrs import LIKE_NUM
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab
from text_to_num import text2num

from generator.analyse import lexicon

log = logging.getLogger(__name__)

_SIGNS = "+-−±"
# Marks the tokenizer rules we add, so adding them twice is a no-op.
_MARK = "(?#factsheets)"


@cache
def separators(language: str) -> tuple[str, str]:
    """(decimal symbol, grouping symbol) of the language, from CLDR."""
    return get_decimal_symbol(language), get_group_symbol(language)


@cache
def _digit_patterns(language: str) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    decimal, group = (re.escape(s) for s in separators(language))
    grouped = re.compile(rf"^\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?$")
    plain = re.compile(rf"^\d+(?:{decimal}\d+)?$")
    # The other convention, for text that mixes them ("1.5 miliardi" in an Italian article).
    other_grouped = re.compile(rf"^\d{{1,3}}(?:{decimal}\d{{3}})+(?:{group}\d+)?$")
    other_plain = re.compile(rf"^\d+(?:{group}\d+)?$")
    return grouped, plain, other_grouped, other_plain


@lru_cache(maxsize=65536)
def parse_digits(text: str, language: str) -> Decimal | None:
    """The value of a number written in digits ("1.234.567", "4,2", "+3,5"), or None."""
    sign = 1
    if text and text[0] in _SIGNS:
        sign = -1 if text[0] in "-−" else 1
        text = text[1:]
    if not text or not text[0].isdigit():
        return None
    decimal, group = separators(language)
    grouped, plain, other_grouped, other_plain = _digit_patterns(language)
    if grouped.match(text) or plain.match(text):
        normal = text.replace(group, "").replace(decimal, ".")
    elif other_plain.match(text) and not other_grouped.match(text):
        normal = text.replace(group, ".")  # a lone foreign decimal point: "1.5" in Italian
    elif other_grouped.match(text):
        normal = text.replace(decimal, "").replace(group, ".")
    else:
        return None
    try:
        return sign * Decimal(normal)
    except InvalidOperation:
        return None


@lru_cache(maxsize=65536)
def parse_words(text: str, language: str) -> Decimal | None:
    """The value of a number written in words ("novantuno", "ninety one"), or None."""
    words = " ".join(text.lower().replace("-", " ").split())
    if not words or not words.replace(" ", "").isalpha():
        return None
    try:
        return Decimal(text2num(words, language))
    except ValueError:
        return None


def parse_number(text: str, language: str) -> Decimal | None:
    """The value of a number in digits or words."""
    value = parse_digits(text, language)
    return value if value is not None else parse_words(text, language)


def plain_number(value: Decimal) -> int | float:
    """An int when the value is whole (5000000000), else a float (4.2)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def like_number(text: str, language: str) -> bool:
    """Digits (with separators or a sign) or a cardinal number word; never an ordinal."""
    core = text[1:] if text[:1] in _SIGNS else text
    digits = core.replace(",", "").replace(".", "")
    if digits.isdecimal() and digits.isascii():
        return True
    return core.isalpha() and parse_words(core, language) is not None


def install_number_attributes(vocab: Vocab, language: str) -> None:
    """Make LIKE_NUM mean "a cardinal number in digits or words" for this vocab's language.

    The getter covers words the vocab meets later; existing lexemes are updated in place, since spaCy
    computes lexical attributes once, when it first sees a word.
    """
    getter = vocab.lex_attr_getters.get(LIKE_NUM)
    if getattr(getter, "factsheets_language", None) == language:
        return

    def getter(text: str) -> bool:
        return like_number(text, language)

    getter.factsheets_language = language  # type: ignore[attr-defined]
    vocab.lex_attr_getters[LIKE_NUM] = getter
    for lexeme in vocab:
        lexeme.like_num = like_number(lexeme.orth_, language)


def tune_tokenizer(nlp: Language) -> None:
    """Split what newsrooms glue to numbers: "5bn" → "5 bn", "HK$1.2bn" → "HK$ 1.2 bn", "mid-2026".

    The rules are part of the tokenizer, so a pipeline saved with `to_disk` keeps them.
    """
    tokenizer = nlp.tokenizer
    suffix = tokenizer.suffix_search
    if suffix is not None and _MARK in suffix.__self__.pattern:
        return
    scales = sorted(
        {w for table in lexicon.SCALE_WORDS.values() for w in table} | {"k", "m", "b", "mila", "pc"},
        key=len,
        reverse=True,
    )
    codes = "|".join(lexicon.CURRENCIES + ("RMB",))
    suffixes = [*nlp.Defaults.suffixes, _MARK + r"(?<=[0-9])(?:" + "|".join(scales) + ")"]
    prefixes = [*nlp.Defaults.prefixes, _MARK + r"(?:[A-Z]{1,3}\$|CN¥|JP¥|" + codes + r")(?=[0-9])"]
    infixes = [*(nlp.Defaults.infixes or ()), _MARK + r"(?<=[a-z])-(?=[0-9]{4}\b)"]
    # "$100m." ends a sentence: without its special case "m." splits into "m" and a full stop.
    rules = dict(tokenizer.rules or {})
    for abbreviation in ("m.", "k.", "b."):
        rules.pop(abbreviation, None)
    # One new tokenizer rather than three settings of the old one: each setting loads every special case
    # again (thousands of them), which made starting a pipeline half a second slower.
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics,
    )
    log.debug("tokenizer tuned for numbers (%s)", nlp.lang)
