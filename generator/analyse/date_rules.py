"""The date recognisers: one small function per way of writing a date, registered in `DATE_RULES`.

Each rule is registered for the anchors it reads from — a lexicon category found by `Terms` ("month",
"weekday", "rel_mod" …) or a shape of digits ("ISO", "NUMERIC", "YEAR") — and, when the way of writing is
one language's, for that language only. A rule is called as `rule(context, start, end, anchor, payload)`
with the anchor's token span and payload (a month number, an offset …) and yields `DateReading`s; the
`factsheets_dates` component (dates.py) walks the anchors, then keeps the longest readings and joins ranges.

What differs between languages only in detail ("September 18" puts the day after the month, Italian never
does) is data: one `DateStyle` per language in `STYLES`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel.dates import get_month_names
from spacy.tokens import Doc

from generator.analyse import lexicon
from generator.analyse.numbers import parse_number
from generator.analyse.rules import RuleTable
from generator.analyse.terms import Found

DASHES = ("-", "–", "—")


@dataclass(frozen=True, slots=True, kw_only=True)
class DateReading:
    """A date read from tokens start..end, before ranges are joined."""

    start: int
    end: int
    value: str
    end_value: str | None = None
    year: int | None = None  # the parts, kept so a range can lend its year to its first half
    month: int | None = None
    day: int | None = None
    explicit_year: bool = True
    anaphoric: tuple[str, int] | None = None  # (unit, offset) from a date given before: "l'anno precedente"


@dataclass(frozen=True, slots=True, kw_only=True)
class DateStyle:
    """How one language writes dates, where the rules differ only in detail."""

    capitalised_names: bool  # lower-case month and weekday names are other words ("may", "march")
    day_after_month: bool  # "September 18"
    day_of_month: bool  # "18th of September"
    of_before_year: bool  # "settembre del 2025"
    article_means_every: bool  # "la domenica", "il lunedì": every Sunday, every Monday
    prepositions_for: tuple[str, ...] = ()  # month names that count alone only after "in", "by" …


STYLES = {
    "it": DateStyle(
        capitalised_names=False,
        day_after_month=False,
        day_of_month=False,
        of_before_year=True,
        article_means_every=True,
    ),
    "en": DateStyle(
        capitalised_names=True,
        day_after_month=True,
        day_of_month=True,
        of_before_year=False,
        article_means_every=False,
        prepositions_for=("may", "march"),
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DateContext:
    """What every date rule may look at in one Doc."""

    doc: Doc
    found: Found
    language: str
    style: DateStyle
    published: dt.date | None  # relative expressions count from it; without it they are left out
    money: frozenset[int]  # tokens of money and percentages: "2025" there is no year


DateRule = Callable[[DateContext, int, int, str, Any], Iterator[DateReading]]
DATE_RULES: RuleTable[DateRule] = RuleTable("date")


# --- dates written with digits only ------------------------------------------------------------------------


@DATE_RULES.rule("ISO")
def iso_date(context: DateContext, start: int, end: int, anchor: str, payload: Any) -> Iterator[DateReading]:
    """ "2025-09-18", written without spaces."""
    doc = context.doc
    if any(doc[k].whitespace_ for k in range(start, end - 1)):
        return
    value = iso_day(int(doc[start].text), int(doc[start + 2].text), int(doc[start + 4].text))
    if value:
        yield DateReading(start=start, end=end, value=value)


@DATE_RULES.rule("NUMERIC", languages=("it",))
def day_first_date(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "18/09/2025", "18.09.2025": day, month, year."""
    day, month, year = _numeric_parts(context.doc[start].text)
    value = iso_day(year, month, day)
    if value:
        yield DateReading(start=start, end=start + 1, value=value)


@DATE_RULES.rule("NUMERIC", languages=("en",))
def month_first_date(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "09/18/2025": month, day, year — or day first where the first number cannot be a month."""
    first, second, year = _numeric_parts(context.doc[start].text)
    if first <= 12 and second <= 12 and first != second:
        return  # 03/04/2025 is ambiguous in English
    day, month = (first, second) if first > 12 else (second, first)
    value = iso_day(year, month, day)
    if value:
        yield DateReading(start=start, end=start + 1, value=value)


@DATE_RULES.rule("YEAR")
def year_date(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "2025", and spans of years written with a dash: "2024-25", "2025-2030"."""
    doc = context.doc
    year = _year(doc[start].text)
    if year is None or start in context.money:
        return
    if start + 2 < len(doc) and doc[start + 1].text in DASHES and not doc[start].whitespace_:
        tail = doc[start + 2].text
        if not doc[start + 1].whitespace_ and tail.isdigit() and len(tail) == 2 and int(tail) > year % 100:
            end_year = year // 100 * 100 + int(tail)
            yield DateReading(
                start=start, end=start + 3, value=f"{year:04d}", end_value=f"{end_year:04d}", year=year
            )
            return
    yield DateReading(start=start, end=start + 1, value=f"{year:04d}", year=year)


def _numeric_parts(text: str) -> tuple[int, int, int]:
    first, second, year = (int(part) for part in text.replace(".", "/").split("/"))
    return first, second, year


# --- dates around a month name -----------------------------------------------------------------------------


@DATE_RULES.rule("month", "month_abbr")
def month_date(context: DateContext, start: int, end: int, anchor: str, month: int):
    """Day-month-year, month-year and a month alone: "18 settembre 2025", "September 2024", "a marzo",
    "lo scorso dicembre". A month without a year takes it from the publication date."""
    if context.style.capitalised_names and not context.doc[start].text[:1].isupper():
        return  # "may", "march" and "sept" in lower case are other words
    first, last, day, end_day = _day_around(context, start, end)
    year, last = _year_after(context, last)
    if year is None and _left_unread(context, anchor, day, last):
        return
    modifier = None
    if day is not None:
        first = _weekday_before(context, first)  # "giovedì 18 settembre", "Thursday, September 18"
    elif year is None:
        around = _month_modifier(context, start, end)
        if around is None:
            return
        modifier, first, last = around
    explicit = year is not None
    if year is None:
        if context.published is None:
            return
        year = _year_of_month(month, modifier, context.published)
    if day is None:
        yield DateReading(
            start=first,
            end=last,
            value=f"{year:04d}-{month:02d}",
            year=year,
            month=month,
            explicit_year=explicit,
        )
        return
    value = iso_day(year, month, day)
    if value is not None:
        end_value = iso_day(year, month, end_day) if end_day else None
        yield DateReading(
            start=first,
            end=last,
            value=value,
            end_value=end_value,
            year=year,
            month=month,
            day=day,
            explicit_year=explicit,
        )


def _day_around(context: DateContext, start: int, end: int) -> tuple[int, int, int | None, int | None]:
    """(first, last, day, end_day) of the day written next to a month name, if any."""
    before = _day_before(context, start)
    if before is not None:
        first, day, end_day = before
        return first, end, day, end_day
    doc = context.doc
    if context.style.day_after_month and end < len(doc) and (day := _day(doc[end].text)):
        return start, end + 1, day, None  # "September 18", "Sept. 18th"
    return start, end, None, None


def _day_before(context: DateContext, start: int) -> tuple[int, int, int | None] | None:
    """(first, day, end_day) of "18 settembre", "1° ottobre", "18-20 settembre", "18th of September"."""
    doc = context.doc
    if start == 0:
        return None
    if doc[start - 1].lower_ in lexicon.FIRST_DAY[context.language]:
        return start - 1, 1, None
    if day := _day(doc[start - 1].text):
        if start > 2 and doc[start - 2].text in DASHES and (low := _day(doc[start - 3].text)) and low < day:
            return start - 3, low, day
        return start - 1, day, None
    if context.style.day_of_month and start > 1 and doc[start - 1].lower_ == "of":
        if day := _day(doc[start - 2].text):
            return start - 2, day, None
    return None


def _year_after(context: DateContext, last: int) -> tuple[int | None, int]:
    """(year, new last) of the year after a month or day: "settembre 2025", "September 18, 2025",
    "settembre del 2025"; (None, last) when none follows."""
    k = _year_position(context, last)
    year = _year(context.doc[k].text) if k < len(context.doc) else None
    return (year, k + 1) if year is not None else (None, last)


def _left_unread(context: DateContext, anchor: str, day: int | None, last: int) -> bool:
    """A month read without a year is left out when a year no date has follows it, or when it is an
    abbreviation standing alone: "mar", "set", "Sep" alone are too often other words."""
    return _no_such_year(context, _year_position(context, last)) or (anchor == "month_abbr" and day is None)


def _year_position(context: DateContext, last: int) -> int:
    """Where the year after a month or day would stand: after a comma, and after "del" where one is used."""
    doc, n = context.doc, len(context.doc)
    k = last
    if k < n and doc[k].text == ",":
        k += 1
    if context.style.of_before_year and k < n and (of := context.found.at(k, "of")) is not None:
        k = of[0]
    return k


def _no_such_year(context: DateContext, k: int) -> bool:
    """True when a year is written at k that no date can have: "0000", "0999" (a count has no leading zero,
    so it is a year, and the date is not read rather than given the publication year)."""
    if k >= len(context.doc):
        return False
    text = context.doc[k].text
    return len(text) == 4 and text.isdigit() and text.startswith("0")


def _weekday_before(context: DateContext, first: int) -> int:
    """Where a full date starts when a weekday opens it: "giovedì 18 settembre", "Thursday, September 18"."""
    at = first - 1 if first > 0 and context.doc[first - 1].text == "," else first
    weekday = context.found.before(at, "weekday")
    return weekday[0] if weekday is not None else first


def _month_modifier(context: DateContext, start: int, end: int) -> tuple[int | None, int, int] | None:
    """(modifier, first, last) of a month named alone: "lo scorso dicembre", "March next"; None when the
    name is too likely another word ("may" without "in", "by" …)."""
    found = context.found
    if (before := found.before(start, "rel_mod")) is not None:
        return before[2], with_article(context, before[0]), end
    if (after := found.at(end, "rel_mod")) is not None:
        return after[2], start, after[0]
    if (
        context.doc[start].lower_ in context.style.prepositions_for
        and found.before(start, "month_prep") is None
    ):
        return None
    return None, start, end


def _year_of_month(month: int, modifier: int | None, published: dt.date) -> int:
    """The year of a month named without one: last December, next March, or the nearest such month."""
    if modifier == -1:
        return published.year - (month >= published.month)
    if modifier == 1:
        return published.year + (month <= published.month)
    return year_of_period(month, published)


# --- weekdays, quarters and halves -------------------------------------------------------------------------


@DATE_RULES.rule("weekday")
def weekday_date(context: DateContext, start: int, end: int, anchor: str, weekday: int):
    """ "giovedì", "lunedì scorso", "next Wednesday": a day counted from publication."""
    published, found, style = context.published, context.found, context.style
    if published is None or (style.capitalised_names and not context.doc[start].text[:1].isupper()):
        return
    if style.article_means_every and found.before(start, "art") is not None:
        return  # "la domenica", "il lunedì": every Sunday, every Monday
    first, last, modifier = start, end, None
    if (before := found.before(start, "rel_mod")) is not None:
        modifier, first = before[2], before[0]
    elif (after := found.at(end, "rel_mod")) is not None:
        modifier, last = after[2], after[0]
    day = _weekday_from(published, weekday, modifier)
    yield DateReading(
        start=first,
        end=last,
        value=day.isoformat(),
        year=day.year,
        month=day.month,
        day=day.day,
        explicit_year=False,
    )


def _weekday_from(published: dt.date, weekday: int, modifier: int | None) -> dt.date:
    shift = (weekday - published.weekday()) % 7
    if modifier == 1:
        return published + dt.timedelta(days=shift or 7)
    if modifier == 0:
        return published + dt.timedelta(days=shift)
    if modifier == -1:
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7 or 7)
    # News tells what happened: a bare weekday is the latest such day up to publication.
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


@DATE_RULES.rule("quarter_word", "half_word")
def period_in_words(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "terzo trimestre 2025", "the first half of 2026"; "il quarto trimestre": of the publication year."""
    ordinal = context.found.before(start, "ordinal")
    if ordinal is not None:
        first = with_article(context, ordinal[0])
        yield from _period(context, first, end, ordinal[2], anchor.startswith("quarter"), in_words=True)


@DATE_RULES.rule("quarter_abbr", "half_abbr")
def period_abbreviated(context: DateContext, start: int, end: int, anchor: str, number: int):
    """ "Q3 2025", "H1 2026": always with a year."""
    yield from _period(context, start, end, number, anchor.startswith("quarter"), in_words=False)


def _period(context: DateContext, first: int, end: int, number: int, quarter: bool, in_words: bool):
    if not 1 <= number <= (4 if quarter else 2):
        return
    doc, published = context.doc, context.published
    k, last = end, end
    if k < len(doc) and (of := context.found.at(k, "of")) is not None:
        k = of[0]
    if _no_such_year(context, k):
        return
    year = _year(doc[k].text) if k < len(doc) else None
    if year is not None:
        last = k + 1
    elif published is not None and in_words:
        year = published.year
    else:
        return
    months = 3 if quarter else 6
    first_month = (number - 1) * months + 1
    if last == end:
        year = year_of_period(first_month, published)
    yield DateReading(
        start=first,
        end=last,
        value=f"{year:04d}-{first_month:02d}",
        end_value=f"{year:04d}-{first_month + months - 1:02d}",
        year=year,
        month=first_month,
        explicit_year=last > end,
    )


@DATE_RULES.rule("ytd")
def year_to_date(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "i primi nove mesi dell'anno", "the first nine months of 2025"."""
    doc, found = context.doc, context.found
    count = _count(doc, end)
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
        if context.published is None:
            return
        year = context.published.year
    yield DateReading(
        start=start,
        end=last,
        value=f"{year:04d}-01",
        end_value=f"{year:04d}-{months:02d}",
        year=year,
        month=1,
        explicit_year=last > unit[0],
    )


# --- relative expressions: counted from publication ------------------------------------------------------


@DATE_RULES.rule("ana_mod")
def anaphoric_date(context: DateContext, start: int, end: int, anchor: str, offset: int):
    """ "l'anno precedente", "the previous year": resolved later against the date given before them."""
    found = context.found
    if (unit := found.at(end, "unit1")) is not None:
        first = with_article(context, start)
        yield DateReading(
            start=first, end=unit[0], value="", anaphoric=(unit[2], offset), explicit_year=False
        )
    if (unit := found.before(start, "unit1")) is not None:
        first = with_article(context, unit[0])
        yield DateReading(start=first, end=end, value="", anaphoric=(unit[2], offset), explicit_year=False)


@DATE_RULES.rule("rel_day")
def relative_day(context: DateContext, start: int, end: int, anchor: str, offset: int):
    """ "ieri", "tomorrow"."""
    if context.published is not None:
        day = context.published + dt.timedelta(days=offset)
        yield DateReading(
            start=start,
            end=end,
            value=day.isoformat(),
            year=day.year,
            month=day.month,
            day=day.day,
            explicit_year=False,
        )


@DATE_RULES.rule("phrase")
def relative_phrase(context: DateContext, start: int, end: int, anchor: str, payload: str):
    """A fixed phrase for one unit of time: "quest'anno", "by the end of the year"."""
    if context.published is not None:
        unit, offset = payload.split(":")
        yield shifted(start, end, context.published, unit, int(offset))


@DATE_RULES.rule("rel_mod")
def relative_unit(context: DateContext, start: int, end: int, anchor: str, offset: int):
    """ "l'anno scorso", "lo scorso anno", "next year", "questo mese"."""
    published, found = context.published, context.found
    if published is None:
        return
    if (unit := found.at(end, "unit1")) is not None:
        yield shifted(with_article(context, start), unit[0], published, unit[2], offset)
    if (unit := found.before(start, "unit1")) is not None:
        yield shifted(with_article(context, unit[0]), end, published, unit[2], offset)


@DATE_RULES.rule("span_mod")
def span_around_publication(context: DateContext, start: int, end: int, anchor: str, direction: int):
    """ "i prossimi tre anni", "the past two years": a span from or to publication."""
    if context.published is not None and (counted := _units_counted(context, end)) is not None:
        amount, unit, last = counted
        yield span(with_article(context, start), last, context.published, unit, amount * direction)


@DATE_RULES.rule("within")
def span_within(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "entro tre anni", "within five years": from publication to that many units later."""
    if context.published is not None and (counted := _units_counted(context, end)) is not None:
        amount, unit, last = counted
        yield span(start, last, context.published, unit, amount)


@DATE_RULES.rule("ahead")
def time_ahead(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "tra due anni", "in three months": one unit of time that many units after publication."""
    if context.published is not None and (counted := _units_counted(context, end)) is not None:
        amount, unit, last = counted
        yield shifted(start, last, context.published, unit, amount)


@DATE_RULES.rule("ago")
def time_ago(context: DateContext, start: int, end: int, anchor: str, payload: Any):
    """ "tre anni fa", "two years ago"."""
    if context.published is None or start <= 1:
        return
    unit = context.found.before(start, "unitn", "unit1")
    if unit is not None and unit[0] > 0:
        number_start = unit[0] - 1
        amount = _number_value(context.doc[number_start].text, context.language)
        if amount is not None:
            yield shifted(number_start, end, context.published, unit[2], -amount)


def _units_counted(context: DateContext, i: int) -> tuple[int, str, int] | None:
    """(amount, unit, end) of the units counted from token i: "[tre anni]", "[12 months]"."""
    count = _count(context.doc, i)
    if count is None:
        return None
    number_end, amount = count
    unit = context.found.at(number_end, "unitn", "unit1")
    return (amount, unit[2], unit[0]) if unit is not None else None


# --- helpers -----------------------------------------------------------------------------------------------


def with_article(context: DateContext, first: int) -> int:
    """Where a phrase starts when an article opens it: "[l']anno scorso", "[the] past two years"."""
    article = context.found.before(first, "art")
    return article[0] if article is not None else first


def year_of_period(first_month: int, published: dt.date) -> int:
    """The year of a month, quarter or half named without one: the publication's year, unless the period
    would start more than six months later ("il quarto trimestre" in January means the one just ended)."""
    return published.year - (first_month - published.month > 6)


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


def iso_day(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or None when there is no such day."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _number_value(text: str, language: str) -> int | None:
    value = parse_number(text, language)
    if value is None or value != value.to_integral_value() or not 0 < value < 1000:
        return None
    return int(value)


def _count(doc: Doc, i: int) -> tuple[int, int] | None:
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


def shifted(start: int, end: int, published: dt.date, unit: str, amount: int) -> DateReading:
    """One unit of time, `amount` units from publication: last year, next month, three years ago."""
    day = _move(published, unit, amount)
    if unit == "quarter":
        first_month = (day.month - 1) // 3 * 3 + 1
        return DateReading(
            start=start,
            end=end,
            value=f"{day.year:04d}-{first_month:02d}",
            end_value=f"{day.year:04d}-{first_month + 2:02d}",
            year=day.year,
            month=first_month,
            explicit_year=False,
        )
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        sunday = monday + dt.timedelta(days=6)
        return DateReading(
            start=start, end=end, value=monday.isoformat(), end_value=sunday.isoformat(), explicit_year=False
        )
    return DateReading(
        start=start,
        end=end,
        value=_at(day, unit),
        year=day.year,
        month=day.month if unit != "year" else None,
        day=day.day if unit == "day" else None,
        explicit_year=False,
    )


def span(start: int, end: int, published: dt.date, unit: str, amount: int) -> DateReading:
    """From publication to `amount` units later (or earlier when negative): "i prossimi tre anni"."""
    # Spans of years are given to the month: "the next three years" from September 2025 ends September 2028.
    precision = "month" if unit in ("year", "quarter") else unit
    other = _move(published, unit, amount)
    low, high = (published, other) if amount >= 0 else (other, published)
    if unit in ("year", "quarter", "month"):
        low, high = low.replace(day=1), high.replace(day=1)
    return DateReading(
        start=start, end=end, value=_at(low, precision), end_value=_at(high, precision), explicit_year=False
    )


@lru_cache(maxsize=1)
def _month_then_no_such_year() -> re.Pattern:
    names = {
        name.lower()
        for language in STYLES
        for width in ("wide", "abbreviated")
        for name in get_month_names(width, locale=language).values()
    }
    months = "|".join(sorted((re.escape(name.rstrip(".")) for name in names), key=len, reverse=True))
    day = r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?"
    return re.compile(
        f"(?:\\b\\d{{1,2}}\\s+)?\\b(?:{months})\\.?{day},?(?:\\s+(?:of|del|di))?\\s+0\\d{{3}}(?![\\w.,]\\d)",
        re.IGNORECASE,
    )


def date_with_no_such_year(text: str) -> str | None:
    """A month named with a year no date has ("1 January 0000", "settembre del 0000"), which the recognisers
    leave unread: a fact that relies on it must say so rather than take another date."""
    match = _month_then_no_such_year().search(text)
    return match.group() if match else None
