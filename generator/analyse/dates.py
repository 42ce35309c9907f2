"""Dates: day-month-year, month-year, years, quarters, weekdays, ranges and relative expressions.

Month and weekday names, quarter abbreviations and the names of units of time come from Babel (CLDR); the
words that make an expression relative ("scorso", "next", "fa", "ago") from the lexicon. Relative expressions
are resolved against the article's publication date (`doc._.factsheets_published`), never the clock; without
one they are left out.

Each way of writing a date is a rule in `date_rules.DATE_RULES`; this component finds the anchors the rules
read from (the lexicon's phrases, dates written in digits), runs the rules of each, keeps the longest
readings, resolves "the previous year" against the date before it and joins ranges ("dal … al …").

Results: `doc.spans["factsheets_dates"]`, each span with `span._.factsheets_date` = (value, end_value), ISO
8601 at the precision the text states. Quantities that overlap a date ("18 settembre", "tre anni" in "entro i
prossimi tre anni") are removed from `doc.spans["factsheets_quantities"]`: the date is the better reading.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from babel import Locale
from babel.dates import get_day_names, get_month_names
from babel.units import format_unit
from spacy.attrs import ORTH, SHAPE
from spacy.language import Language
from spacy.tokens import Doc, Span

from generator.analyse import lexicon
from generator.analyse.date_rules import DATE_RULES, STYLES, DateContext, DateReading, shifted
from generator.analyse.numbers import install_number_attributes, tune_tokenizer
from generator.analyse.quantities import SPANS_KEY as QUANTITIES_KEY
from generator.analyse.rules import longest_first
from generator.analyse.terms import Found, Terms

log = logging.getLogger(__name__)

SPANS_KEY = "factsheets_dates"
EXTENSION = "factsheets_date"
PUBLISHED = "factsheets_published"

if not Span.has_extension(EXTENSION):
    Span.set_extension(EXTENSION, default=None)
if not Doc.has_extension(PUBLISHED):
    Doc.set_extension(PUBLISHED, default=None)

_UNITS = ("year", "quarter", "month", "week", "day")
_OF = {"it": ("di", "del", "dell'", "dell’"), "en": ("of", "of the")}
_EXTRA_MONTH_ABBREVIATIONS = {"en": {9: ["sept", "sept."]}}  # beyond CLDR's
_EXTRA_CONNECTORS = {
    "it": {"fino al": "", "fino a": "", "al": ""},
    "en": {"through": "", "until": "", "till": ""},
}


@cache
def unit_words(language: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """unit → (singular names, plural names) from CLDR: year → (("anno",), ("anni",))."""
    table = {}
    for unit in _UNITS:
        forms = []
        for count in (1, 5):
            names = set()
            for length in ("long", "short"):
                text = format_unit(count, f"duration-{unit}", length=length, locale=language)
                names.add(text.replace("\xa0", " ").replace(str(count), "", 1).strip().lower())
            forms.append(tuple(sorted(names)))
        table[unit] = (forms[0], forms[1])
    return table


@Language.factory("factsheets_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    """Find dates and resolve relative ones against the publication date."""
    return DateFinder(nlp, name)


class DateFinder:
    """The `factsheets_dates` component: walks the anchors of a Doc and runs the `DATE_RULES` of each."""

    def __init__(self, nlp: Language, name: str = "factsheets_dates"):
        self.name = name
        self.language = lang = nlp.lang
        tune_tokenizer(nlp)
        install_number_attributes(nlp.vocab, lang)
        strings = nlp.vocab.strings
        self._year_shape = strings.add("dddd")
        self._day_shape = strings.add("dd")
        self._dash = strings.add("-")
        self._numeric_shapes = frozenset(strings.add(shape) for shape in _NUMERIC_SHAPES)
        self.terms = Terms(nlp)
        for add_terms in (_add_calendar_terms, _add_relative_terms, _add_linking_terms):
            add_terms(self.terms, lang)
        self.style = STYLES[lang]
        self.rules = DATE_RULES.for_language(lang)

    def __call__(self, doc: Doc) -> Doc:
        found = self.terms.find(doc)
        context = DateContext(
            doc=doc,
            found=found,
            language=self.language,
            style=self.style,
            published=_published(doc),
            money=_money_tokens(doc),
        )
        candidates = list(self._readings(context))
        chosen = _resolve_anaphoric(longest_first(candidates, _bounds))
        dates = list(_join_ranges(found, chosen))
        spans = []
        for date in dates:
            span = Span(doc, date.start, date.end)
            span._.set(EXTENSION, (date.value, date.end_value))
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        if QUANTITIES_KEY in doc.spans and spans:
            _drop_quantities_inside(doc, dates)
        return doc

    def _readings(self, context: DateContext) -> Iterator[DateReading]:
        """Every rule's readings, anchor by anchor: dates in digits, then the lexicon's phrases in text
        order, then bare years. Among readings of equal length the first wins, so a bare year, the weakest
        reading, comes last."""
        shapes = self._shapes(context.doc)
        for label, start, end in shapes:
            if label not in _READ_LAST:
                yield from self._run(context, label, start, end, None)
        rules = self.rules
        for start, items in context.found.starting.items():
            for end, category, payload in items:
                if category in rules:  # most phrases ("of", articles, connectors) start no rule
                    yield from self._run(context, category, start, end, payload)
        for label, start, end in shapes:
            if label in _READ_LAST:
                yield from self._run(context, label, start, end, None)

    def _shapes(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(label, start, end) of what is written in digits only, in text order: "YEAR" (four digits), "ISO"
        ("2025-09-18" as five tokens), "NUMERIC" ("18/09/2025" as one). Read from one array of token
        attributes rather than a Matcher, which would build a Token object for every token."""
        year, numeric = self._year_shape, self._numeric_shapes
        found = []
        rows = doc.to_array([SHAPE, ORTH]).tolist() if len(doc) else []
        for i, (shape, _) in enumerate(rows):
            if shape == year:
                found.append(("YEAR", i, i + 1))
                if self._iso_tail(rows[i + 1 : i + 5]):
                    found.append(("ISO", i, i + 5))
            elif shape in numeric:
                found.append(("NUMERIC", i, i + 1))
        return found

    def _iso_tail(self, rows: list[list[int]]) -> bool:
        """Whether the four tokens after a year are "-", two digits, "-", two digits."""
        dash, day = self._dash, self._day_shape
        return (
            len(rows) == 4
            and rows[0][1] == dash
            and rows[1][0] == day
            and rows[2][1] == dash
            and rows[3][0] == day
        )

    def _run(self, context: DateContext, anchor: str, start: int, end: int, payload) -> Iterator[DateReading]:
        for rule in self.rules.get(anchor, ()):
            yield from rule(context, start, end, anchor, payload)


_NUMERIC_SHAPES = [
    "dd/dd/dddd",
    "d/dd/dddd",
    "dd/d/dddd",
    "d/d/dddd",
    "dd.dd.dddd",
    "d.dd.dddd",
    "dd.d.dddd",
    "d.d.dddd",
]
_READ_LAST = ("YEAR",)


# --- the lexicon, as Terms (the order of adding decides which of two equal phrases is found first) --------


def _add_calendar_terms(terms: Terms, lang: str) -> None:
    """Names of months, weekdays, quarters, halves and units of time; ordinals."""
    for month in range(1, 13):
        terms.add("month", month, _month_names(lang, month, "wide"))
        short = _month_names(lang, month, "abbreviated")
        terms.add("month_abbr", month, [*short, *(s + "." for s in short if not s.endswith("."))])
    for month, abbreviations in _EXTRA_MONTH_ABBREVIATIONS.get(lang, {}).items():
        terms.add("month_abbr", month, abbreviations)
    for weekday in range(7):
        terms.add("weekday", weekday, _weekday_names(lang, weekday))
    for quarter in range(1, 5):
        terms.add("quarter_abbr", quarter, [f"{letter}{quarter}" for letter in _quarter_letters(lang)])
    for half in (1, 2):
        terms.add("half_abbr", half, [f"{letter}{half}" for letter in lexicon.HALF_YEAR_ABBREVIATIONS[lang]])
    for ordinal_word, number in lexicon.ORDINALS[lang].items():
        terms.add("ordinal", number, [ordinal_word])
    terms.add("quarter_word", "", lexicon.QUARTER_WORDS[lang])
    terms.add("half_word", "", lexicon.HALF_YEAR_WORDS[lang])
    for unit, (singular, plural) in unit_words(lang).items():
        terms.add("unit1", unit, singular)
        terms.add("unitn", unit, plural)


def _add_relative_terms(terms: Terms, lang: str) -> None:
    """The words that count from publication ("ieri", "scorso", "next", "fa") or from a date given before."""
    for category, table in (
        ("rel_day", lexicon.RELATIVE_DAYS),
        ("rel_mod", lexicon.RELATIVE_MODIFIERS),
        ("ana_mod", lexicon.ANAPHORIC_MODIFIERS),
    ):
        for word, offset in table[lang].items():
            terms.add(category, offset, [word])
    terms.add("ytd", "", lexicon.YEAR_TO_DATE[lang])
    for word, direction in lexicon.SPAN_MODIFIERS[lang].items():
        terms.add("span_mod", direction, [word])
    for phrase, (unit, offset) in lexicon.RELATIVE_PHRASES[lang].items():
        terms.add("phrase", f"{unit}:{offset}", [phrase])


def _add_linking_terms(terms: Terms, lang: str) -> None:
    """Function words around dates, and the openers and connectors of ranges ("dal … al", "from … to")."""
    for category, table in (
        ("within", lexicon.WITHIN_WORDS),
        ("ahead", lexicon.AHEAD_WORDS),
        ("ago", lexicon.AGO_WORDS),
        ("month_prep", lexicon.MONTH_PREPOSITIONS),
        ("art", lexicon.ARTICLES),
        ("of", _OF),
    ):
        terms.add(category, "", table[lang])
    for opener in lexicon.RANGE_OPENERS[lang]:
        terms.add("open", opener.split()[0].replace("’", "'"), [opener])
    connectors = {k: "|".join(v) if v else "" for k, v in lexicon.RANGE_CONNECTORS[lang].items()}
    connectors.update(_EXTRA_CONNECTORS[lang])
    for connector, needs in connectors.items():
        terms.add("conn", needs, [connector])


# --- after the rules: ranges, anaphora, overlaps --------------------------------------------------------


def _bounds(date: DateReading) -> tuple[int, int]:
    return date.start, date.end


def _join_ranges(found: Found, dates: list[DateReading]) -> Iterator[DateReading]:
    """Two dates joined by a connector become one range: "dal 2025 al 2030", "from March to June 2026"."""
    i = 0
    while i < len(dates):
        a = dates[i]
        b = dates[i + 1] if i + 1 < len(dates) else None
        first = _range_start(found, a, b) if b is not None and a.end_value is None else None
        if first is not None:
            a = _lend_year(a, b)
            if a.value < (b.end_value or b.value):
                yield DateReading(start=first, end=b.end, value=a.value, end_value=b.end_value or b.value)
                i += 2
                continue
        yield a
        i += 1


def _range_start(found: Found, a: DateReading, b: DateReading) -> int | None:
    """Where the range of `a` and `b` starts ("[dal] 2025 al 2030"), or None when no connector joins them
    or the connector needs an opener that is missing ("al" after "dal", "and" after "between")."""
    connector = found.at(a.end, "conn")
    if connector is None or connector[0] != b.start:
        return None
    opener = found.before(a.start, "open")
    if opener is None and (article := found.before(a.start, "art")) is not None:
        opener = found.before(article[0], "open")
    needs = connector[2].split("|") if connector[2] else []
    if needs and (opener is None or opener[2] not in needs):
        return None
    return opener[0] if opener is not None else a.start


def _lend_year(a: DateReading, b: DateReading) -> DateReading:
    """ "from March to June 2026": the first half of a range takes the year of the second."""
    if a.explicit_year or not b.explicit_year or a.month is None or b.year is None:
        return a
    year = b.year - (1 if a.month > (b.month or 12) else 0)
    return DateReading(
        start=a.start, end=a.end, value=f"{year:04d}" + a.value[4:], year=year, month=a.month, day=a.day
    )


def _resolve_anaphoric(dates: list[DateReading], reach: int = 40) -> list[DateReading]:
    """Give "the previous year" its value from the closest date with a stated year before it, or drop it."""
    resolved: list[DateReading] = []
    for date in dates:
        if date.anaphoric is None:
            resolved.append(date)
            continue
        unit, offset = date.anaphoric
        anchor = next((d for d in reversed(resolved) if _anchors(d, date, reach)), None)
        needs_month = unit in ("month", "quarter", "week", "day")
        if (
            anchor is None
            or (needs_month and anchor.month is None)
            or (unit in ("week", "day") and anchor.day is None)
        ):
            continue
        base = dt.date(anchor.year, anchor.month or 1, anchor.day or 1)
        # As firm as its anchor.
        resolved.append(replace(shifted(date.start, date.end, base, unit, offset), explicit_year=True))
    return resolved


def _anchors(candidate: DateReading, date: DateReading, reach: int) -> bool:
    """Whether `candidate`, given before `date`, can be what "the previous year" counts from."""
    return (
        candidate.explicit_year
        and candidate.year is not None
        and candidate.anaphoric is None
        and date.start - candidate.end <= reach
    )


def _drop_quantities_inside(doc: Doc, dates: list[DateReading]) -> None:
    """A quantity that overlaps a date ("18 settembre", "tre anni") is the worse reading of those words."""
    taken = set()
    for date in dates:
        taken.update(range(date.start, date.end))
    doc.spans[QUANTITIES_KEY] = [
        q for q in doc.spans[QUANTITIES_KEY] if not any(t in taken for t in range(q.start, q.end))
    ]


def _money_tokens(doc: Doc) -> frozenset[int]:
    """Tokens of money and percentages: a four-digit number there is no year."""
    money: set[int] = set()
    for span in doc.spans.get(QUANTITIES_KEY, []):
        if span._.get("factsheets_quantity")["kind"] in ("money", "percent"):
            money.update(range(span.start, span.end))
    return frozenset(money)


# --- helpers ---------------------------------------------------------------------------------------------


def _published(doc: Doc) -> dt.date | None:
    value = doc._.get(PUBLISHED)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        log.warning("ignoring publication date %r: not YYYY-MM-DD", value)
        return None


def _month_names(language: str, month: int, width: str) -> list[str]:
    names = {get_month_names(width, context, language)[month] for context in ("format", "stand-alone")}
    return sorted(names)


def _weekday_names(language: str, weekday: int) -> list[str]:
    names = {get_day_names("wide", context, language)[weekday] for context in ("format", "stand-alone")}
    # Italian writes "giovedi" for "giovedì" where the keyboard lacks accents.
    names |= {name[:-1] + "i" for name in names if name.endswith("ì")}
    return sorted(names)


@cache
def _quarter_letters(language: str) -> tuple[str, ...]:
    abbreviations = Locale.parse(language).quarters["format"]["abbreviated"]
    return tuple(sorted({a.rstrip("1234").lower() for a in abbreviations.values()}))
