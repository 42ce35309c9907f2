"""Joining an article's fact annotations with what the language pipeline found in its text.

Explicit attributes win; otherwise subject and object come from the mentions inside the span, the amount
from the first quantity inside it, and the date from a date inside it or else the publication date.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.cache.digest import digest_of
from generator.errors import Problem
from generator.model import (
    AnalysedArticle,
    Analysis,
    Annotation,
    Article,
    DateExpr,
    Fact,
    FactDate,
    Mention,
    Quantity,
    Sentence,
)
from generator.textcut import shorten
from generator.validators import figure_problem, shorten_figure
from generator.vocabulary import MEASURE_ATTRIBUTE, STATEMENT_ATTRIBUTES

_MARKDOWN_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]{1,3}|^#+\s*|^\s*[-*+>]\s+", re.MULTILINE)


def clean_text(text: str) -> str:
    """Markdown inline syntax removed and whitespace collapsed: how a statement is quoted."""
    return " ".join(_MARKDOWN_INLINE.sub(lambda m: m.group(1) or "", text).split())


def number_text(value: float | int | None) -> str:
    """A canonical text for a figure: integers without a decimal point, others as the shortest float."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def fact_id(kind: str, subject: str, obj: str | None, quantity: Quantity | None, date: FactDate) -> str:
    """A stable id from what the fact says, never from where it is listed.

    A date only counts when the text states it: the same fact reported on two days is one fact.
    Bounding qualifiers count, approximations do not: "about 23%" and "23%" are one figure.
    """
    parts = [
        kind,
        subject,
        obj or "",
        number_text(quantity.value if quantity else None) if quantity else "",
        number_text(quantity.low) if quantity and quantity.low is not None else "",
        number_text(quantity.high) if quantity and quantity.high is not None else "",
        (quantity.unit or "") if quantity else "",
        # A bound is part of the claim ("up to $100 billion" is not "$100 billion"); "about" is not.
        quantity.qualifier if quantity and quantity.qualifier in ("up_to", "over", "at_least") else "",
        "" if date.reported else date.value,
        "" if date.reported else (date.end_value or ""),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def _number(text: str) -> float | int:
    """A figure as written: a whole number exactly (999999999999999999 is not rounded up to 10^18, which
    `number_problem` would refuse), any other as a float."""
    value = Decimal(text.replace("_", ""))
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity_from_attrs(attrs: dict[str, str], statement: str, inferred: Quantity | None) -> Quantity | None:
    if "low" in attrs and "high" in attrs:
        unit = attrs.get("unit") or (inferred.unit if inferred else None)
        kind = _kind_of_unit(unit)
        start, end = (inferred.start, inferred.end) if inferred else (-1, -1)
        return Quantity(
            text=inferred.text if inferred else statement,
            start=start,
            end=end,
            kind=kind,
            value=_number(attrs["value"]) if "value" in attrs else None,
            unit=unit,
            qualifier="range",
            low=_number(attrs["low"]),
            high=_number(attrs["high"]),
        )
    if "value" not in attrs:
        if inferred is not None and ("unit" in attrs or "qualifier" in attrs):
            return Quantity(
                text=inferred.text,
                start=inferred.start,
                end=inferred.end,
                kind=inferred.kind,
                value=inferred.value,
                unit=attrs.get("unit", inferred.unit),
                qualifier=attrs.get("qualifier", inferred.qualifier),
                low=inferred.low,
                high=inferred.high,
            )
        return inferred
    value = _number(attrs["value"])
    unit = attrs.get("unit") or (inferred.unit if inferred else None)
    kind = _kind_of_unit(unit)
    qualifier = attrs.get("qualifier") or (inferred.qualifier if inferred else "exact")
    text = inferred.text if inferred else statement
    start, end = (inferred.start, inferred.end) if inferred else (-1, -1)
    low = inferred.low if inferred and qualifier == "range" else None
    high = inferred.high if inferred and qualifier == "range" else None
    return Quantity(
        text=text,
        start=start,
        end=end,
        kind=kind,
        value=value,
        unit=unit,
        qualifier=qualifier,
        low=low,
        high=high,
    )


def _kind_of_unit(unit: str | None) -> str:
    if unit == "%":
        return "percent"
    if unit and len(unit) == 3 and unit.isalpha() and unit.isupper():
        return "money"
    return "count"


class _Spans:
    """Items with a start and an end (mentions, quantities, dates), found by position in log time."""

    def __init__(self, items: Sequence):
        self.items = items
        self.order = sorted(range(len(items)), key=lambda k: items[k].start)
        self.starts = [items[k].start for k in self.order]
        self.furthest_end = list(itertools.accumulate((items[k].end for k in self.order), max))

    def overlaps(self, start: int, end: int) -> bool:
        """True when an item shares a character with start..end."""
        before_end = bisect.bisect_left(self.starts, end)  # items that start before `end`
        return before_end > 0 and self.furthest_end[before_end - 1] > start

    def inside(self, start: int, end: int) -> list:
        """The items within start..end, in the order of the list."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_right(self.starts, end)
        return [self.items[k] for k in sorted(self.order[first:last]) if self.items[k].end <= end]


@dataclass
class _Found:
    """What the pipeline found in one article (and its written mentions), looked up by position."""

    mentions: _Spans
    quantities: _Spans
    dates: _Spans
    sentences: list[Sentence]
    sentence_ends: list[int]

    def sentence_text(self, plain: str, start: int, end: int) -> str:
        """The sentences that start..end touches, as a statement is quoted (start..end itself if none)."""
        # Sentences are in text order and do not overlap: the first that ends after `start` begins the quote.
        first = last = bisect.bisect_right(self.sentence_ends, start)
        while last < len(self.sentences) and self.sentences[last].start < end:
            last += 1
        if first == last:
            return clean_text(plain[start:end])
        return clean_text(plain[self.sentences[first].start : self.sentences[last - 1].end])


def article_facts(article: Article, analysis: Analysis) -> tuple[AnalysedArticle, list[Problem]]:
    """Turn the article's fact annotations into Facts; report facts whose subject cannot be found."""
    problems: list[Problem] = []
    explicit: list[Mention] = [
        Mention(
            text=article.plain[a.plain_start : a.plain_end],
            start=a.plain_start,
            end=a.plain_end,
            id=a.entity,
            kind=None,
        )
        for a in article.annotations
        if a.kind == "mention"
    ]
    # The pipeline's own mentions, minus those an explicit mention already covers.
    written = _Spans(explicit)
    found = [m for m in analysis.entities if m.id and not written.overlaps(m.start, m.end)]
    mentions = sorted(explicit + found, key=lambda m: (m.start, m.end))
    found_in = _Found(
        _Spans(mentions),
        _Spans(analysis.quantities),
        _Spans(analysis.dates),
        analysis.sentences,
        [s.end for s in analysis.sentences],
    )
    facts: list[Fact] = []
    anchors: dict[str, int] = {}
    for a in article.annotations:
        if a.kind != "fact":
            continue
        fact, problem = _one_fact(article, a, found_in)
        if problem:
            problems.append(problem)
            continue
        found = fact_problems(fact, a)
        problems += found
        if any(p.severity == "error" for p in found):
            continue
        count = anchors.get(fact.id, 0) + 1
        anchors[fact.id] = count
        if count > 1:
            fact.anchor = f"{fact.anchor}-{count}"
        facts.append(fact)
    # What the article's page shows of its analysis, as a digest: its key holds it (`pagekeys`), so a change
    # of the registry re-renders only the pages of the articles whose analysis it changes.
    digest = digest_of(repr(facts), repr(mentions))
    return AnalysedArticle(slug=article.slug, facts=facts, mentions=mentions, digest=digest), problems


def _one_fact(article: Article, a: Annotation, found: _Found):
    attrs = a.attrs
    start, end = a.plain_start, a.plain_end
    statement = clean_text(article.plain[start:end])
    ids = list(dict.fromkeys(m.id for m in found.mentions.inside(start, end)))
    subject = attrs.get("subject") or next(iter(ids), None)
    obj = attrs.get("object") or next((i for i in ids if i != subject), None)
    if subject is None:
        return None, Problem(
            a.location,
            "fact-without-subject",
            f"the {attrs['fact']} fact '{shorten(statement, 60)}' names no entity to be its subject",
            "add subject=entity-id to the fact, or annotate the subject as [Name]{@id} inside the span",
        )
    inferred = next(iter(found.quantities.inside(start, end)), None)
    quantity = _quantity_from_attrs(attrs, statement, inferred)
    if too_large := _unshowable_figure(quantity, a):
        return None, too_large
    date = _fact_date(article, attrs, next(iter(found.dates.inside(start, end)), None))
    identifier = fact_id(attrs["fact"], subject, obj, quantity, date)
    extra = {k: v for k, v in attrs.items() if k in ("status", "note", "review")}
    overrides = {lang: attrs[key] for lang, key in STATEMENT_ATTRIBUTES.items() if attrs.get(key, "").strip()}
    return Fact(
        id=identifier,
        kind=attrs["fact"],
        subject=subject,
        object=obj,
        quantity=quantity,
        date=date,
        statement=statement,
        sentence=found.sentence_text(article.plain, start, end),
        article=article.slug,
        anchor=f"fact-{identifier}",
        ordinal=a.ordinal,
        annotated=True,
        location=a.location,
        attrs=extra,
        measure=" ".join(attrs.get(MEASURE_ATTRIBUTE, "").split()),
        statements={lang: " ".join(text.split()) for lang, text in overrides.items()},
    ), None


def _unshowable_figure(quantity: Quantity | None, a: Annotation) -> Problem | None:
    """A `bad-value` error for a figure the pipeline read in the text that no page can show (too large).

    Figures written as value=, low= and high= were checked when the article was read; this catches the same
    figures written in words or digits inside the span, so `check` and `build` agree on them.
    """
    figures = (quantity.value, quantity.low, quantity.high) if quantity else ()
    why = next((why for figure in figures if figure is not None and (why := figure_problem(figure))), None)
    if why is None:
        return None
    return Problem(
        a.location,
        "bad-value",
        f"the figure '{shorten_figure(quantity.text)}' in this fact {why}",
        "write a smaller figure, or give the figure the page should show as value=…",
    )


def _fact_date(article: Article, attrs: dict[str, str], inferred: DateExpr | None) -> FactDate:
    if "date" in attrs:
        return FactDate(value=attrs["date"], end_value=attrs.get("until"))
    if inferred is not None:
        return FactDate(value=inferred.value, end_value=attrs.get("until") or inferred.end_value)
    return FactDate(value=article.source.published, end_value=attrs.get("until"), reported=True)


def fact_problems(fact: Fact, a: Annotation) -> list[Problem]:
    """What is wrong with a fact once its subject, object, figure and date are known (the annotation's own
    attributes were checked when the article was read)."""
    # Here, not at the top: the date rules import spaCy, which a build that analyses nothing (every article
    # cached) and the aggregation that imports this module never need.
    from generator.analyse.date_rules import date_with_no_such_year

    problems = []
    if fact.object is not None and fact.object == fact.subject:
        problems.append(
            Problem(
                a.attr_locations.get("object", a.location),
                "same-entity",
                f"the {fact.kind} fact has '{fact.subject}' as both its subject and its object",
                "a fact relates two different entities: fix object= (or subject=), or remove object=",
            )
        )
    if "until" in a.attrs and _ends_before_it_starts(fact.date):
        problems.append(
            Problem(
                a.attr_locations["until"],
                "bad-range",
                f"until={fact.date.end_value} is before the fact's date {fact.date.value}",
                "write the start as date= and the end as until=, the end on or after the start",
            )
        )
    if backwards := _backwards_range_in_words(fact, a):
        problems.append(backwards)
    if unit_problem := _missing_unit(fact, a):
        problems.append(unit_problem)
    if "date" not in a.attrs and (written := date_with_no_such_year(fact.statement)):
        problems.append(
            Problem(
                a.location,
                "bad-date",
                f"the date '{written}' in this fact has a year no date has (years run from 1 to 9999)",
                "correct the year, or give the fact's date as date=YYYY-MM-DD",
            )
        )
    return problems


def _backwards_range_in_words(fact: Fact, a: Annotation) -> Problem | None:
    """A `bad-range` for a range read in the span's words whose low end is above its high end (low= above
    high= was reported where it is written, when the article was read)."""
    q = fact.quantity
    if "low" in a.attrs or q is None or q.low is None or q.high is None or q.low <= q.high:
        return None
    return Problem(
        a.location,
        "bad-range",
        f"the range '{shorten(q.text, 40)}' in this fact runs backwards: {q.low} is above {q.high}",
        "write the smaller figure first, or give the range as low= and high=",
    )


def _ends_before_it_starts(date: FactDate) -> bool:
    """True when the end lies before the start, each at its own precision (2025-09 does not end before
    2025-09-18: compared at the coarser of the two, both are 2025-09). ISO dates compare as text."""
    if not date.end_value or not date.value:
        return False
    shared = min(len(date.value), len(date.end_value))
    return date.end_value[:shared] < date.value[:shared]


def _missing_unit(fact: Fact, a: Annotation) -> Problem | None:
    """A warning for a figure written in the annotation with no unit and no measure= to say what it counts.

    A warning, not an error: a bare count ("3 sites") can be right, and the page still shows the number;
    but "5 billion" alone does not say of what, so the writer is asked once.
    """
    given = next((key for key in ("value", "low", "high") if key in a.attrs), None)
    if given is None or fact.quantity is None or fact.quantity.unit or fact.measure:
        return None
    return Problem(
        a.attr_locations.get(given, a.location),
        "missing-unit",
        f"the figure {a.attrs[given]} of this {fact.kind} fact has no unit",
        "add unit=USD (a currency code), unit=% or unit=<what is counted>, e.g. unit=employees; "
        'or say what the figure measures with measure="…"',
        severity="warning",
    )
