"""Dates: day-month-year, month-year, years, quarters, weekdays, ranges and relative expressions.

Month and weekday names, quarter abbreviations and the names of units of time come from Babel (CLDR); the
words that make an expression relative ("scorso", "next", "fa", "ago") from the lexicon. Relative expressions
are resolved against the article's publication date (`doc._.factsheets_published`), never the clock; without
one they are left out.

Results: `doc.spans["factsheets_dates"]`, each span with `span._.factsheets_date` = (value, end_value), ISO
8601 at the precision the text states. Quantities that overlap a date ("18 settembre", "tre anni" in "entro i
prossimi tre anni") are removed from `doc.spans["factsheets_quantities"]`: the date is the better reading.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale
from babel.dates import get_day_names, get_month_names
from babel.units import format_unit
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from generator.analyse import lexicon
from generator.analyse.numbers import install_number_attributes, parse_number, tune_tokenizer
from generator.analyse.quantities import SPANS_KEY as QUANTITIES_KEY
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
_DASHES = ("-", "–", "—")
_EXTRA_CONNECTORS = {
    "it": {"fino al": "", "fino a": "", "al": ""},
    "en": {"through": "", "until": "", "till": ""},
}


@dataclass
class _Date:
    start: int
    end: int
    value: str
    end_value: str | None = None
    year: int | None = None  # the parts, kept so a range can lend its year to its first half
    month: int | None = None
    day: int | None = None
    explicit_year: bool = True
    anaphoric: tuple[str, int] | None = None  # (unit, offset) from a date given before: "l'anno precedente"


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
    """The `factsheets_dates` component."""

    def __init__(self, nlp: Language, name: str = "factsheets_dates"):
        self.name = name
        self.language = lang = nlp.lang
        tune_tokenizer(nlp)
        install_number_attributes(nlp.vocab, lang)
        self.shapes = Matcher(nlp.vocab)
        self.shapes.add("YEAR", [[{"SHAPE": "dddd"}]])
        self.shapes.add(
            "ISO", [[{"SHAPE": "dddd"}, {"ORTH": "-"}, {"SHAPE": "dd"}, {"ORTH": "-"}, {"SHAPE": "dd"}]]
        )
        self.shapes.add(
            "NUMERIC",
            [
                [
                    {
                        "SHAPE": {
                            "IN": [
                                "dd/dd/dddd",
                                "d/dd/dddd",
                                "dd/d/dddd",
                                "d/d/dddd",
                                "dd.dd.dddd",
                                "d.dd.dddd",
                                "dd.d.dddd",
                                "d.d.dddd",
                            ]
                        }
                    }
                ]
            ],
        )
        self.terms = Terms(nlp)
        self._add_terms()
        self._days = {name.lower() for n in range(7) for name in _weekday_names(lang, n)}
        self._year_key = nlp.vocab.strings["YEAR"]
        self._iso_key = nlp.vocab.strings["ISO"]

    def _add_terms(self) -> None:
        lang, terms = self.language, self.terms
        for month in range(1, 13):
            terms.add("month", month, _month_names(lang, month, "wide"))
            short = _month_names(lang, month, "abbreviated")
            terms.add("month_abbr", month, [*short, *(s + "." for s in short if not s.endswith("."))])
        if lang == "en":
            terms.add("month_abbr", 9, ["sept", "sept."])
        for weekday in range(7):
            terms.add("weekday", weekday, _weekday_names(lang, weekday))
        for quarter in range(1, 5):
            terms.add("quarter_abbr", quarter, [f"{letter}{quarter}" for letter in _quarter_letters(lang)])
        for half in (1, 2):
            terms.add(
                "half_abbr", half, [f"{letter}{half}" for letter in lexicon.HALF_YEAR_ABBREVIATIONS[lang]]
            )
        for ordinal_word, number in lexicon.ORDINALS[lang].items():
            terms.add("ordinal", number, [ordinal_word])
        terms.add("quarter_word", "", lexicon.QUARTER_WORDS[lang])
        terms.add("half_word", "", lexicon.HALF_YEAR_WORDS[lang])
        for unit, (singular, plural) in unit_words(lang).items():
            terms.add("unit1", unit, singular)
            terms.add("unitn", unit, plural)
        for word, offset in lexicon.RELATIVE_DAYS[lang].items():
            terms.add("rel_day", offset, [word])
        for word, offset in lexicon.RELATIVE_MODIFIERS[lang].items():
            terms.add("rel_mod", offset, [word])
        for word, offset in lexicon.ANAPHORIC_MODIFIERS[lang].items():
            terms.add("ana_mod", offset, [word])
        terms.add("ytd", "", lexicon.YEAR_TO_DATE[lang])
        for word, direction in lexicon.SPAN_MODIFIERS[lang].items():
            terms.add("span_mod", direction, [word])
        for phrase, (unit, offset) in lexicon.RELATIVE_PHRASES[lang].items():
            terms.add("phrase", f"{unit}:{offset}", [phrase])
        terms.add("within", "", lexicon.WITHIN_WORDS[lang])
        terms.add("ahead", "", lexicon.AHEAD_WORDS[lang])
        terms.add("ago", "", lexicon.AGO_WORDS[lang])
        terms.add("month_prep", "", lexicon.MONTH_PREPOSITIONS[lang])
        terms.add("art", "", lexicon.ARTICLES[lang])
        terms.add("of", "", _OF[lang])
        for opener in lexicon.RANGE_OPENERS[lang]:
            terms.add("open", opener.split()[0].replace("’", "'"), [opener])
        connectors = {k: "|".join(v) if v else "" for k, v in lexicon.RANGE_CONNECTORS[lang].items()}
        connectors.update(_EXTRA_CONNECTORS[lang])
        for connector, needs in connectors.items():
            terms.add("conn", needs, [connector])

    def __call__(self, doc: Doc) -> Doc:
        published = _published(doc)
        found = self.terms.find(doc)
        money = set()
        for span in doc.spans.get(QUANTITIES_KEY, []):
            if span._.get("factsheets_quantity")["kind"] in ("money", "percent"):
                money.update(range(span.start, span.end))
        candidates: list[_Date] = []
        shape_matches = self.shapes(doc)
        for match_id, start, end in shape_matches:
            if match_id == self._iso_key:
                candidates.extend(self._iso(doc, start, end))
            elif match_id != self._year_key:
                candidates.extend(self._numeric(doc, start))
        for start, items in found.starting.items():
            for end, category, payload in items:
                if category in ("month", "month_abbr"):
                    candidates.extend(self._month(doc, found, start, end, payload, category, published))
                elif category == "weekday":
                    candidates.extend(self._weekday(doc, found, start, end, payload, published))
                elif category in ("quarter_word", "half_word", "quarter_abbr", "half_abbr"):
                    candidates.extend(self._period(doc, found, start, end, category, payload, published))
                elif category == "ana_mod":
                    candidates.extend(self._anaphoric(found, start, end, payload))
                elif category == "ytd":
                    candidates.extend(self._year_to_date(doc, found, start, end, published))
                elif published is not None:
                    candidates.extend(self._relative(doc, found, start, end, category, payload, published))
        for match_id, start, _ in shape_matches:
            if match_id == self._year_key and start not in money:
                candidates.extend(self._year(doc, start))
        chosen = _resolve_anaphoric(_longest_first(candidates))
        dates = list(self._join_ranges(found, chosen))
        spans = []
        for date in dates:
            span = Span(doc, date.start, date.end)
            span._.set(EXTENSION, (date.value, date.end_value))
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        if QUANTITIES_KEY in doc.spans and spans:
            taken = set()
            for date in dates:
                taken.update(range(date.start, date.end))
            doc.spans[QUANTITIES_KEY] = [
                q for q in doc.spans[QUANTITIES_KEY] if not any(t in taken for t in range(q.start, q.end))
            ]
        return doc

    # --- absolute dates ----------------------------------------------------------------------------------

    def _iso(self, doc: Doc, start: int, end: int):
        if any(doc[k].whitespace_ for k in range(start, end - 1)):
            return
        value = _iso_day(int(doc[start].text), int(doc[start + 2].text), int(doc[start + 4].text))
        if value:
            yield _Date(start, end, value)

    def _numeric(self, doc: Doc, i: int):
        parts = doc[i].text.replace(".", "/").split("/")
        first, second, year = (int(p) for p in parts)
        day, month = (first, second) if self.language == "it" or first > 12 else (second, first)
        if self.language == "en" and first <= 12 and second <= 12 and first != second:
            return  # 03/04/2025 is ambiguous in English
        value = _iso_day(year, month, day)
        if value:
            yield _Date(i, i + 1, value)

    def _month(self, doc: Doc, found: Found, start: int, end: int, month: int, category: str, published):
        lang, n = self.language, len(doc)
        if lang == "en" and not doc[start].text[:1].isupper():
            return  # "may", "march" and "sept" in lower case are other words
        first, last = start, end
        day = end_day = None
        # A day before the month: "18 settembre", "1° ottobre", "18th September", "18-20 settembre".
        if start > 0 and doc[start - 1].lower_ in lexicon.FIRST_DAY[lang]:
            day, first = 1, start - 1
        elif start > 0 and (d := _day(doc[start - 1].text)):
            day, first = d, start - 1
            if start > 2 and doc[start - 2].text in _DASHES and (d0 := _day(doc[start - 3].text)) and d0 < d:
                day, end_day, first = d0, d, start - 3
        elif (
            lang == "en" and start > 1 and doc[start - 1].lower_ == "of" and (d := _day(doc[start - 2].text))
        ):
            day, first = d, start - 2
        # A day after it: "September 18", "Sept. 18th".
        if day is None and lang == "en" and last < n and (d := _day(doc[last].text)):
            day, last = d, last + 1
        # A year after either: "settembre 2025", "September 18, 2025", "settembre del 2025".
        k = last
        if k < n and doc[k].text == ",":
            k += 1
        if k < n and (of := found.at(k, "of")) is not None and lang == "it":
            k = of[0]
        year = _year(doc[k].text) if k < n else None
        if year is not None:
            last = k + 1
        if category == "month_abbr" and day is None and year is None:
            return  # "mar", "set", "Sep" alone are too often other words
        # A weekday before a full date: "giovedì 18 settembre", "Thursday, September 18".
        if day is not None:
            w = first - 1 if first > 0 and doc[first - 1].text == "," else first
            if (weekday := found.before(w, "weekday")) is not None:
                first = weekday[0]
        modifier = None
        if day is None and year is None:
            mod_before = found.before(start, "rel_mod")
            mod_after = found.at(end, "rel_mod")
            if mod_before is not None:
                modifier, first = mod_before[2], mod_before[0]
                if (article := found.before(first, "art")) is not None:
                    first = article[0]
            elif mod_after is not None:
                modifier, last = mod_after[2], mod_after[0]
            elif (
                lang == "en"
                and doc[start].lower_ in ("may", "march")
                and found.before(start, "month_prep") is None
            ):
                return
        explicit = year is not None
        if year is None:
            if published is None:
                return
            if modifier == -1:
                year = published.year - (month >= published.month)
            elif modifier == 1:
                year = published.year + (month <= published.month)
            else:
                year = _year_of_period(month, published)
        if day is not None:
            value = _iso_day(year, month, day)
            if value is None:
                return
            end_value = _iso_day(year, month, end_day) if end_day else None
            yield _Date(first, last, value, end_value, year, month, day, explicit)
        else:
            yield _Date(first, last, f"{year:04d}-{month:02d}", None, year, month, None, explicit)

    def _year(self, doc: Doc, i: int):
        year = _year(doc[i].text)
        if year is None:
            return
        n = len(doc)
        # "2024-25", "2025-2030": a span of years written with a dash.
        if i + 2 < n and doc[i + 1].text in _DASHES and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
            tail = doc[i + 2].text
            if tail.isdigit() and len(tail) == 2 and int(tail) > year % 100:
                yield _Date(i, i + 3, f"{year:04d}", f"{year // 100 * 100 + int(tail):04d}", year)
                return
        yield _Date(i, i + 1, f"{year:04d}", None, year)

    def _period(self, doc: Doc, found: Found, start: int, end: int, category: str, payload, published):
        """Quarters and halves: "Q3 2025", "terzo trimestre 2025", "the first half of 2026"."""
        first = start
        if category in ("quarter_word", "half_word"):
            ordinal = found.before(start, "ordinal")
            if ordinal is None:
                return
            number, first = ordinal[2], ordinal[0]
            if (article := found.before(first, "art")) is not None:
                first = article[0]
        else:
            number = payload
        quarter = category.startswith("quarter")
        if (quarter and not 1 <= number <= 4) or (not quarter and not 1 <= number <= 2):
            return
        k, last = end, end
        if k < len(doc) and (of := found.at(k, "of")) is not None:
            k = of[0]
        year = _year(doc[k].text) if k < len(doc) else None
        if year is not None:
            last = k + 1
        elif published is not None and category in ("quarter_word", "half_word"):
            year = published.year
        else:
            return
        months = 3 if quarter else 6
        first_month = (number - 1) * months + 1
        if last == end:
            year = _year_of_period(first_month, published)
        yield _Date(
            first,
            last,
            f"{year:04d}-{first_month:02d}",
            f"{year:04d}-{first_month + months - 1:02d}",
            year,
            first_month,
            None,
            last > end,
        )

    def _weekday(self, doc: Doc, found: Found, start: int, end: int, weekday: int, published):
        if published is None or (self.language == "en" and not doc[start].text[:1].isupper()):
            return
        first, last, modifier = start, end, None
        if self.language == "it" and found.before(start, "art") is not None:
            return  # "la domenica", "il lunedì": every Sunday, every Monday
        if (mod := found.before(start, "rel_mod")) is not None:
            modifier, first = mod[2], mod[0]
        elif (mod := found.at(end, "rel_mod")) is not None:
            modifier, last = mod[2], mod[0]
        shift = (weekday - published.weekday()) % 7
        if modifier == 1:
            day = published + dt.timedelta(days=shift or 7)
        elif modifier == 0:
            day = published + dt.timedelta(days=shift)
        elif modifier == -1:
            day = published - dt.timedelta(days=(published.weekday() - weekday) % 7 or 7)
        else:
            # News tells what happened: a bare weekday is the latest such day up to publication.
            day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        yield _Date(first, last, day.isoformat(), None, day.year, day.month, day.day, False)

    # --- relative expressions ----------------------------------------------------------------------------

    def _relative(self, doc: Doc, found: Found, start: int, end: int, category: str, payload, published):
        n = len(doc)
        if category == "rel_day":
            day = published + dt.timedelta(days=payload)
            yield _Date(start, end, day.isoformat(), None, day.year, day.month, day.day, False)
        elif category == "phrase":
            unit, offset = payload.split(":")
            yield _shifted(start, end, published, unit, int(offset))
        elif category == "rel_mod":
            # "l'anno scorso", "lo scorso anno", "next year", "questo mese".
            first = start
            if (article := found.before(start, "art")) is not None:
                first = article[0]
            if (unit := found.at(end, "unit1")) is not None:
                yield _shifted(first, unit[0], published, unit[2], payload)
            if (unit := found.before(start, "unit1")) is not None:
                first = unit[0]
                if (article := found.before(first, "art")) is not None:
                    first = article[0]
                yield _shifted(first, end, published, unit[2], payload)
        elif category == "span_mod" and end < n:
            # "i prossimi tre anni", "the past two years": a span from or to publication.
            count = _count(doc, found, end)
            if count is not None:
                number_end, amount = count
                if (unit := found.at(number_end, "unitn", "unit1")) is not None:
                    first = start
                    if (article := found.before(start, "art")) is not None:
                        first = article[0]
                    yield _span(first, unit[0], published, unit[2], amount * payload)
        elif category in ("within", "ahead") and end < n:
            count = _count(doc, found, end)
            if count is not None:
                number_end, amount = count
                if (unit := found.at(number_end, "unitn", "unit1")) is not None:
                    if category == "within":
                        yield _span(start, unit[0], published, unit[2], amount)
                    else:
                        yield _shifted(start, unit[0], published, unit[2], amount)
        elif category == "ago" and start > 1:
            if (unit := found.before(start, "unitn", "unit1")) is not None and unit[0] > 0:
                number_start = unit[0] - 1
                amount = _number_value(doc[number_start].text, self.language)
                if amount is not None:
                    yield _shifted(number_start, end, published, unit[2], -amount)

    def _anaphoric(self, found: Found, start: int, end: int, offset: int):
        """ "l'anno precedente", "the previous year": resolved later against the date given before them."""
        if (unit := found.at(end, "unit1")) is not None:
            first = start
            if (article := found.before(start, "art")) is not None:
                first = article[0]
            yield _Date(first, unit[0], "", anaphoric=(unit[2], offset), explicit_year=False)
        if (unit := found.before(start, "unit1")) is not None:
            first = unit[0]
            if (article := found.before(first, "art")) is not None:
                first = article[0]
            yield _Date(first, end, "", anaphoric=(unit[2], offset), explicit_year=False)

    def _year_to_date(self, doc: Doc, found: Found, start: int, end: int, published):
        """ "i primi nove mesi dell'anno", "the first nine months of 2025"."""
        count = _count(doc, found, end)
        if count is None or not 1 <= count[1] <= 12:
            return
        number_end, months = count
        unit = found.at(number_end, "unitn")
        if unit is None or unit[2] != "month":
            return
        last, year = unit[0], None
        if (of := found.at(last, "of")) is not None and of[0] < len(doc):
            if (explicit := _year(doc[of[0]].text)) is not None:
                last, year = of[0] + 1, explicit
            elif (this_year := found.at(of[0], "unit1")) is not None and this_year[2] == "year":
                last = this_year[0]
        if year is None:
            if published is None:
                return
            year = published.year
        yield _Date(start, last, f"{year:04d}-01", f"{year:04d}-{months:02d}", year, 1, None, last > unit[0])

    # --- ranges ------------------------------------------------------------------------------------------

    def _join_ranges(self, found: Found, dates: list[_Date]):
        i = 0
        while i < len(dates):
            a = dates[i]
            b = dates[i + 1] if i + 1 < len(dates) else None
            connector = found.at(a.end, "conn") if b is not None and a.end_value is None else None
            if connector is not None and connector[0] == b.start:
                opener = found.before(a.start, "open")
                if opener is None and (article := found.before(a.start, "art")) is not None:
                    opener = found.before(article[0], "open")
                needs = connector[2].split("|") if connector[2] else []
                if not needs or (opener is not None and opener[2] in needs):
                    if not a.explicit_year and b.explicit_year and a.month is not None and b.year is not None:
                        year = b.year - (1 if a.month > (b.month or 12) else 0)
                        a = _Date(a.start, a.end, f"{year:04d}" + a.value[4:], None, year, a.month, a.day)
                    if a.value < (b.end_value or b.value):
                        first = opener[0] if opener is not None else a.start
                        yield _Date(first, b.end, a.value, b.end_value or b.value)
                        i += 2
                        continue
            yield a
            i += 1


# --- helpers ---------------------------------------------------------------------------------------------


def _resolve_anaphoric(dates: list[_Date], reach: int = 40) -> list[_Date]:
    """Give "the previous year" its value from the closest date with a stated year before it, or drop it."""
    resolved: list[_Date] = []
    for date in dates:
        if date.anaphoric is None:
            resolved.append(date)
            continue
        unit, offset = date.anaphoric
        anchor = next(
            (
                d
                for d in reversed(resolved)
                if d.explicit_year
                and d.year is not None
                and d.anaphoric is None
                and date.start - d.end <= reach
            ),
            None,
        )
        needs_month = unit in ("month", "quarter", "week", "day")
        if (
            anchor is None
            or (needs_month and anchor.month is None)
            or (unit in ("week", "day") and anchor.day is None)
        ):
            continue
        base = dt.date(anchor.year, anchor.month or 1, anchor.day or 1)
        shifted = _shifted(date.start, date.end, base, unit, offset)
        shifted.explicit_year = True  # as firm as its anchor
        resolved.append(shifted)
    return resolved


def _published(doc: Doc) -> dt.date | None:
    value = doc._.get(PUBLISHED)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        log.warning("ignoring publication date %r: not YYYY-MM-DD", value)
        return None


def _year_of_period(first_month: int, published: dt.date) -> int:
    """The year of a month, quarter or half named without one: the publication's year, unless the period
    would start more than six months later ("il quarto trimestre" in January means the one just ended)."""
    return published.year - (first_month - published.month > 6)


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


@lru_cache(maxsize=4096)
def _day(text: str) -> int | None:
    core = text.rstrip("°º.").lower()
    for suffix in ("st", "nd", "rd", "th"):
        if core.endswith(suffix):
            core = core[:-2]
            break
    if core.isdigit() and len(core) <= 2 and 1 <= int(core) <= 31:
        return int(core)
    return None


def _year(text: str) -> int | None:
    if len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    return None


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _number_value(text: str, language: str) -> int | None:
    value = parse_number(text, language)
    if value is None or value != value.to_integral_value() or not 0 < value < 1000:
        return None
    return int(value)


def _count(doc: Doc, found: Found, i: int) -> tuple[int, int] | None:
    """(end, amount) of the count after a relative word: "prossimi [tre] anni", "next [12] months"."""
    if i >= len(doc):
        return None
    amount = _number_value(doc[i].text, doc.lang_)
    return (i + 1, amount) if amount is not None else None


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def _at(day: dt.date, unit: str) -> str:
    """A date at the precision its unit implies."""
    if unit == "year":
        return f"{day.year:04d}"
    if unit in ("month", "quarter"):
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _move(day: dt.date, unit: str, amount: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    months = amount * {"year": 12, "quarter": 3, "month": 1}[unit]
    year, month = _add_months(day, months)
    return dt.date(year, month, 1)


def _shifted(start: int, end: int, published: dt.date, unit: str, amount: int) -> _Date:
    """One unit of time, `amount` units from publication: last year, next month, three years ago."""
    day = _move(published, unit, amount)
    if unit == "quarter":
        first_month = (day.month - 1) // 3 * 3 + 1
        return _Date(
            start,
            end,
            f"{day.year:04d}-{first_month:02d}",
            f"{day.year:04d}-{first_month + 2:02d}",
            day.year,
            first_month,
            None,
            False,
        )
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        sunday = monday + dt.timedelta(days=6)
        return _Date(start, end, monday.isoformat(), sunday.isoformat(), None, None, None, False)
    return _Date(
        start,
        end,
        _at(day, unit),
        None,
        day.year,
        day.month if unit != "year" else None,
        day.day if unit == "day" else None,
        False,
    )


def _span(start: int, end: int, published: dt.date, unit: str, amount: int) -> _Date:
    """From publication to `amount` units later (or earlier when negative): "i prossimi tre anni"."""
    # Spans of years are given to the month: "the next three years" from September 2025 ends September 2028.
    precision = "month" if unit in ("year", "quarter") else unit
    other = _move(published, unit, amount)
    low, high = (published, other) if amount >= 0 else (other, published)
    if unit in ("year", "quarter", "month"):
        low, high = low.replace(day=1), high.replace(day=1)
    return _Date(start, end, _at(low, precision), _at(high, precision), None, None, None, False)


def _longest_first(candidates: list[_Date]) -> list[_Date]:
    """Non-overlapping dates, the longest winning, in text order."""
    chosen: list[_Date] = []
    taken: set[int] = set()
    for date in sorted(candidates, key=lambda d: (-(d.end - d.start), d.start)):
        if not any(t in taken for t in range(date.start, date.end)):
            chosen.append(date)
            taken.update(range(date.start, date.end))
    return sorted(chosen, key=lambda d: d.start)
