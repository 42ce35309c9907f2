"""Locale formatting for the theme: amounts, dates, kind labels and interface strings.

Pure functions; `environment.make_environment` registers them as Jinja2 filters. Number patterns, scale
words ("billion", "miliardi"), currency names and symbols, month names, interval patterns and plural rules
all come from Babel (CLDR). The few words CLDR lacks (qualifiers, interface strings, kind labels) are
gettext messages in `messages.py`, translated by the language's catalog (`generator/catalogs.py`: the
package's, under a site's own `catalogs`); the small grammar rules of newspaper prose live there too.

Locales are Babel identifiers: "en", "it", "en_GB", "it-IT" …; a message a catalog lacks is written in
English, and grammar tables keyed by language have a neutral default for languages they do not list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_interval, format_skeleton
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from generator.catalogs import Translator, translator
from generator.model import Quantity, SiteCatalog
from generator.render import messages
from generator.validators import iso_date_problem
from generator.vocabulary import iso_precision

FALLBACK_LANGUAGE = "en"

# Below a million a figure is written in full with grouping ("12,500"); from a million on, with CLDR's
# long scale word ("700 million"), as newspapers do.
_COMPACT_FROM = 1_000_000
# Decimals kept beside a scale word ("1.25 billion"); the exact figure is in `format_amount_exact`.
_COMPACT_DECIMALS = 2
_PERCENT_DECIMALS = 3
# Below this share of the upper end's scale, the lower end of a range gets its own scale word
# ("$50,000 – $2 million" rather than "$0.03–2 million").
_SHARED_SCALE_MIN = Decimal("0.1")

# Skeletons, not patterns: CLDR picks each locale's order and month form at the precision asked for.
_SKELETONS = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}

_ISO_CURRENCY = re.compile(r"^[A-Z]{3}$")


# --- locales -------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _locale(locale: str) -> Locale:
    return Locale.parse(locale.replace("-", "_"))


def _canonical(locale: str) -> str:
    """Babel's own spelling of a locale ("it-IT" → "it_IT"), which every Babel function accepts."""
    return str(_locale(locale))


def _language(locale: str) -> str:
    return _locale(locale).language


def _date_locale(locale: str) -> Locale:
    # CLDR's bare "en" is US English ("September 24, 2025"). A site that says only "en" gets international
    # English (en_001: "24 September 2025"), the order the rest of the world's English press uses;
    # a site that wants the US order names the region ("en_US").
    parsed = _locale(locale)
    if parsed.language == "en" and parsed.territory is None:
        return _locale("en_001")
    return parsed


def _plain_number(value: Decimal) -> int | Decimal:
    # CLDR plural rules look at visible decimals (1.0 is "other" in Italian): integral values go as ints.
    return int(value) if value == value.to_integral_value() else value


def _plural(value: Decimal, locale: str) -> str:
    return _locale(locale).plural_form(_plain_number(value))


def _gettext_count(value: Decimal, locale: str) -> int:
    """The number gettext's plural rule is given: gettext counts in integers only, so a fraction goes as
    1 when CLDR puts it in the "one" form ("1,5 point" in French) and as 2 otherwise ("1.5 points")."""
    number = _plain_number(value)
    if isinstance(number, int):
        return number
    return 1 if _plural(value, locale) == "one" else 2


# --- amounts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    """A number as written, split around its digits: before + number + after ("", "5", " billion")."""

    before: str
    number: str
    after: str
    scale: Decimal  # what the written number is multiplied by: 1, 10**6, 10**9 …

    @property
    def text(self) -> str:
        return f"{self.before}{self.number}{self.after}"

    @property
    def has_scale_word(self) -> bool:
        return bool(self.before.strip(" -\u2212") or self.after.strip())


def _decimal(value: float | int | Decimal | str) -> Decimal:
    # Through str so that 4.5 stays 4.5 and never becomes 4.4999…
    return value if isinstance(value, Decimal) else Decimal(str(value))


@lru_cache(maxsize=64)
def _digits_pattern(locale: str) -> re.Pattern[str]:
    inner = re.escape(get_group_symbol(locale=locale) + get_decimal_symbol(locale=locale))
    return re.compile(rf"\d(?:[\d{inner}]*\d)?")


def _figure(value: float | int | Decimal, locale: str) -> _Figure:
    number = _decimal(value)
    if abs(number) < _COMPACT_FROM:
        # The locale's decimal pattern keeps at most three decimals: float noise never reaches the page.
        return _Figure("", format_decimal(number, locale=locale), "", Decimal(1))
    text = format_compact_decimal(
        number, format_type="long", locale=locale, fraction_digits=_COMPACT_DECIMALS
    )
    match = _digits_pattern(locale).search(text)
    if match is None:  # a locale that spells the number out: nothing to split
        return _Figure("", text, "", Decimal(1))
    shown = parse_decimal(match.group(), locale=locale)
    scale = Decimal(10) ** round((abs(number) / shown).log10())
    return _Figure(text[: match.start()], match.group(), text[match.end() :], scale)


def _range_figure(low: float | int, high: float | int, locale: str) -> _Figure | None:
    """Both ends under the upper end's scale word ("5–7 billion"), or None when they do not share one."""
    top = _figure(high, locale)
    low_scaled = _decimal(low) / top.scale
    if top.scale != 1 and abs(low_scaled) < _SHARED_SCALE_MIN:
        return None
    low_text = format_decimal(
        round(low_scaled, _COMPACT_DECIMALS) if top.scale != 1 else low_scaled, locale=locale
    )
    return _Figure(top.before, messages.NUMBER_RANGE.format(low_text, top.number), top.after, top.scale)


def _counted(figure: _Figure, noun: str | None, locale: str) -> str:
    """A figure followed by what it counts, with the language's connective after a scale word."""
    if not noun:
        return figure.text
    connective = messages.SCALE_CONNECTIVE.get(_language(locale)) if figure.has_scale_word else None
    return f"{figure.text} {connective} {noun}" if connective else f"{figure.text} {noun}"


def _currency_noun(code: str, count: Decimal, locale: str) -> str:
    name = get_currency_name(code, count=_plain_number(count), locale=locale)
    head = messages.CURRENCY_HEAD_WORD.get(_language(locale))
    if code in messages.BARE_CURRENCY_NOUNS and head is not None:
        return name.split()[head]
    return name


def _money(figure: _Figure, code: str, count: Decimal, locale: str) -> str:
    symbol = get_currency_symbol(code, locale=locale)
    style = messages.CURRENCY_STYLE.get(_language(locale), "name")
    if style == "symbol" and not any(c.isalpha() for c in symbol):
        # Where the sign goes (before or after, with or without a space) is the locale's currency pattern.
        pattern = _locale(locale).currency_formats["standard"]
        before, after = pattern.prefix[0].replace("¤", symbol), pattern.suffix[0].replace("¤", symbol)
        return f"{before}{figure.text}{after}"
    return _counted(figure, _currency_noun(code, count, locale), locale)


def _percent(value: float | int, locale: str, low: float | int | None = None) -> str:
    # The percent pattern has no decimals; unquantised it shows them all, so round to three first.
    number = round(_decimal(value), _PERCENT_DECIMALS)
    text = format_percent(number / 100, locale=locale, decimal_quantization=False)
    if low is None:
        return text
    # Only the upper end carries the sign: "80–90%"; the locale's pattern decides where the sign sits.
    shown = format_decimal(number, locale=locale, decimal_quantization=False)
    low_number = round(_decimal(low), _PERCENT_DECIMALS)
    low_text = format_decimal(low_number, locale=locale, decimal_quantization=False)
    return text.replace(shown, messages.NUMBER_RANGE.format(low_text, shown), 1)


def _with_unit(
    figure: _Figure, unit: str | None, kind: str, count: Decimal, locale: str, tr: Translator
) -> str:
    if unit and (kind == "money" or _ISO_CURRENCY.match(unit)):
        return _money(figure, unit, count, locale)
    if unit in messages.POINT_UNITS:
        return f"{figure.text} {messages.POINT_UNITS[unit](tr, _gettext_count(count, locale))}"
    return _counted(figure, unit, locale)  # a counted noun or a measure, kept as the content gives it


def _italian_vowel_number(text: str, locale: str) -> bool:
    """Whether an Italian figure is read from a vowel: uno, undici, otto, ottanta, ottocento, ottomila …"""
    match = _digits_pattern(locale).match(text)
    if match is None:
        return False
    integer = match.group().split(get_decimal_symbol(locale=locale))[0]
    groups = integer.split(get_group_symbol(locale=locale))
    # "1" alone is "uno", but 1.000 is "mille"; 11 and 11.000 are "undici", "undicimila".
    return integer.startswith("8") or integer == "1" or groups[0] == "11"


# Which figures elide the article, per language with a PERCENT_ARTICLE.
_VOWEL_SOUND: dict[str, Callable[[str, str], bool]] = {"it": _italian_vowel_number}


def _qualified(text: str, qualifier: str, locale: str, percent: bool, tr: Translator) -> str:
    if qualifier in ("exact", "range"):
        return text
    table = messages.qualifier_words(tr)
    if qualifier not in table:
        raise ValueError(f"unknown qualifier '{qualifier}': use one of exact, range, {', '.join(table)}")
    words = table[qualifier]
    language = _language(locale)
    if percent and language in messages.PERCENT_ARTICLE:
        article, elided = messages.PERCENT_ARTICLE[language]
        vowel = _VOWEL_SOUND.get(language)
        chosen = elided if vowel is not None and vowel(text, locale) else article
        *head, last = words.split(" ")
        merged = messages.CONTRACTIONS.get(language, {}).get((last, chosen))
        words = " ".join([*head, merged]) if merged else f"{words} {chosen}"
    separator = "" if words.endswith("'") else " "
    return f"{words}{separator}{text}"


def _is_range(q: Quantity) -> bool:
    return q.qualifier == "range" and q.low is not None and q.high is not None


def format_quantity(q: Quantity | None, locale: str, catalogs: Iterable[SiteCatalog] = ()) -> str:
    """A figure as a newspaper writes it: "$5 billion", "fino a 100 miliardi di dollari", "circa il 4%"."""
    if q is None:
        return ""
    locale = _canonical(locale)
    tr = translator(locale, catalogs)
    ranged = _is_range(q)
    if not ranged and q.value is None:
        return q.text  # nothing normalised to write: the words as the article has them
    if q.unit == "%":
        text = _percent(q.high, locale, low=q.low) if ranged else _percent(q.value, locale)
        return text if ranged else _qualified(text, q.qualifier, locale, True, tr)
    if ranged:
        figure = _range_figure(q.low, q.high, locale)
        if figure is None:
            ends = [
                format_quantity(replace(q, qualifier="exact", value=v, low=None, high=None), locale, catalogs)
                for v in (q.low, q.high)
            ]
            return _locale(locale).interval_formats[None].format(*ends)
        return _with_unit(figure, q.unit, q.kind, _decimal(q.high), locale, tr)
    text = _with_unit(_figure(q.value, locale), q.unit, q.kind, _decimal(q.value), locale, tr)
    return _qualified(text, q.qualifier, locale, False, tr)


def format_amount_exact(q: Quantity | None, locale: str) -> str:
    """The full figure with grouping and its unit or ISO code (tables, tooltips): "5,000,000,000 USD"."""
    if q is None:
        return ""
    locale = _canonical(locale)
    ranged = _is_range(q)
    if not ranged and q.value is None:
        return ""
    if q.unit == "%":
        return _percent(q.high, locale, low=q.low) if ranged else _percent(q.value, locale)

    def full(value: float | int) -> str:
        return format_decimal(_decimal(value), locale=locale, decimal_quantization=False)

    number = messages.NUMBER_RANGE.format(full(q.low), full(q.high)) if ranged else full(q.value)
    return f"{number} {q.unit}" if q.unit else number


# --- dates ---------------------------------------------------------------------------------------------


def _parse_iso(value: str) -> tuple[dt.date, str]:
    problem = iso_date_problem(value)
    if problem is not None:
        raise ValueError(f"cannot format the date: {problem}")
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return dt.date(year, month, day), iso_precision(value)


@lru_cache(maxsize=16384)  # a site writes its few thousand dates many times over (sources, citations)
def format_iso_date(value: str, locale: str) -> str:
    """An ISO date at its own precision, never finer: "2025", "settembre 2025", "24 September 2025"."""
    date, precision = _parse_iso(value)
    return format_skeleton(_SKELETONS[precision], date, locale=_date_locale(locale))


def format_date_span(value: str, end_value: str | None, locale: str) -> str:
    """A span of time: "September 2025 – February 2028"; CLDR compacts same-year months ("settembre–novembre
    2025") and years; day spans and spans of mixed precision are written in full at each end's precision."""
    if not end_value or end_value == value:
        return format_iso_date(value, locale)
    start, precision = _parse_iso(value)
    end, end_precision = _parse_iso(end_value)
    dates = _date_locale(locale)
    if precision == end_precision and precision != "day":
        # Day intervals are left out: CLDR has no full-month-name day interval, and falls back to "Sept".
        return format_interval(start, end, _SKELETONS[precision], locale=dates)
    ends = format_iso_date(value, locale), format_iso_date(end_value, locale)
    return dates.interval_formats[None].format(*ends)


def sort_key_for_iso(value: str) -> tuple[int, int, int]:
    """Sort key for ISO dates of mixed precision: "2025" < "2025-01" < "2025-01-01" < "2025-02".

    A coarser date sorts first within its period (missing month/day count as 0): a year heads its months,
    as in a chronicle. This is also the order of the plain ISO strings, so both orders agree.
    """
    _parse_iso(value)
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [0, 0])[:3]
    return (year, month, day)


# --- labels and interface strings ----------------------------------------------------------------------


def fact_kind_label(
    kind: str,
    locale: str,
    extra: dict[str, dict[str, str]] | None = None,
    catalogs: Iterable[SiteCatalog] = (),
) -> str:
    """The label of a fact kind; `extra` (site.yml's fact_kinds: {kind: {lang: label}}) adds or overrides."""
    language = _language(locale)
    if extra and kind in extra:
        labels = extra[kind]
        label = labels.get(language) or labels.get(FALLBACK_LANGUAGE) or next(iter(labels.values()), "")
        return label or kind.replace("_", " ").capitalize()
    labels = messages.fact_kind_labels(translator(locale, catalogs))
    if kind not in labels:
        raise KeyError(
            f"unknown fact kind '{kind}': use one of {', '.join(labels)} "
            "or add it with its labels under fact_kinds in site.yml"
        )
    return labels[kind]


def entity_kind_label(
    kind: str, locale: str, plural: bool = False, catalogs: Iterable[SiteCatalog] = ()
) -> str:
    """The label of an entity kind: "Company" / "Aziende"."""
    labels = messages.entity_kind_labels(translator(locale, catalogs))
    if kind not in labels:
        raise KeyError(f"unknown entity kind '{kind}': use one of {', '.join(labels)}")
    return labels[kind][1 if plural else 0]


def status_label(status: str, locale: str, catalogs: Iterable[SiteCatalog] = ()) -> str:
    """A fact's status as its badge says it: "planned", "in programma"."""
    labels = messages.status_labels(translator(locale, catalogs))
    if status not in labels:
        raise KeyError(f"unknown status '{status}': use one of {', '.join(labels)}")
    return labels[status]


def format_count(count: int, locale: str) -> str:
    """A whole number as the locale writes it in running text: "1,234", "1.234"."""
    return format_decimal(count, locale=_canonical(locale))
