"""A fact stated in a reader's language from its structured fields, and the label of what its figure measures.

The sentences and labels are data (`generator/statement_templates.py`); this module fills them in. Figures
and dates are written by Babel (`generator/render/formatting.py`), so "$5 billion" and "5 miliardi di
dollari" are the same figure as every other page shows it. The aggregate stage calls `fact_statement` and
`figure_label` once per fact for the site's language; nothing here reads the article's own words, which
stay the fact's evidence.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache

from generator.catalogs import SOURCE_LANGUAGE, translator
from generator.model import Entity, FactDate, Quantity, SiteCatalog, SiteFact
from generator.render import formatting
from generator.render.formatting import _VOWEL_SOUND
from generator.render.messages import POINT_UNITS
from generator.statement_templates import (
    ARTICULATED,
    DATE_ARTICLE,
    DEFINITE_ARTICLE,
    EUPHONIC_D,
    PREPOSITIONAL_QUALIFIERS,
    date_phrases,
    measure_labels,
    site_kind_statement,
    statements,
)
from generator.vocabulary import FACT_KINDS, iso_precision

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
_PARSER = string.Formatter()


# --- phrases that follow a preposition ----------------------------------------------------------------


class Phrase(str):
    """A noun phrase that knows how to follow a preposition in its language: `{figure:di}` in a template
    gives "del 9,2%", `{object:a}` "ad Alibaba". A `str`, so templates test and join it as text."""

    language: str
    prepositional: bool  # starts with a preposition of its own ("fino al 9,7%"): takes no other

    def __new__(cls, text: str, language: str, prepositional: bool = False) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase.language = language
        phrase.prepositional = prepositional
        return phrase

    def __format__(self, preposition: str) -> str:
        if not preposition or self.prepositional:
            return str(self)
        return after_preposition(preposition, str(self), self.language)


def after_preposition(preposition: str, text: str, language: str) -> str:
    """`preposition` joined to `text` by the language's rules: "di" + "il 9%" → "del 9%"."""
    for article in DEFINITE_ARTICLE.get(language, ()):
        head = article if article.endswith("'") else f"{article} "
        joined = ARTICULATED.get(language, {}).get((preposition, article))
        if joined and text.startswith(head):
            rest = text[len(head) :]
            return f"{joined}{rest}" if joined.endswith("'") else f"{joined} {rest}"
    if preposition in EUPHONIC_D.get(language, ()) and text[:1].lower() == preposition[-1]:
        return f"{preposition}d {text}"
    return f"{preposition} {text}"


def _with_article(text: str, language: str) -> str:
    """The definite article before a figure or date, elided before a vowel sound ("l'8 agosto")."""
    articles = DEFINITE_ARTICLE.get(language)
    if articles is None:
        return text
    vowel = _VOWEL_SOUND.get(language)
    if vowel is not None and vowel(text, language):
        return f"{articles[1]}{text}"
    return f"{articles[0]} {text}"


# --- templates ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # the templates of a few languages
def _parts(template: str) -> tuple[tuple[bool, tuple[tuple[str, frozenset[str]], ...]], ...]:
    """A template cut into (required, alternatives) parts, each alternative with its placeholders: read once
    per template, not once per fact."""
    parts = []
    position = 0
    for match in [*_OPTIONAL.finditer(template), None]:
        start = match.start() if match else len(template)
        if start > position:
            parts.append((True, (_alternative(template[position:start]),)))
        if match:
            parts.append((False, tuple(_alternative(alt) for alt in match.group(1).split("|"))))
            position = match.end()
    return tuple(parts)


def _alternative(text: str) -> tuple[str, frozenset[str]]:
    return text, frozenset(name for _, name, _, _ in _PARSER.parse(text) if name is not None)


def fill(template: str, slots: Mapping[str, object]) -> str | None:
    """The template with each optional part chosen and every placeholder filled; None when a placeholder
    outside the optional parts has no value."""
    present = {name for name, value in slots.items() if value}
    chosen = []
    for required, alternatives in _parts(template):
        text = next((alt for alt, names in alternatives if names <= present), None)
        if text is None and required:
            return None
        chosen.append(text or "")
    return "".join(chosen).format_map(slots)


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0]


# --- what fills them ----------------------------------------------------------------------------------


def unit_kind(q: Quantity) -> str:
    """money, percent, points (percentage or basis points) or count."""
    if q.unit == "%":
        return "percent"
    if q.unit in POINT_UNITS:
        return "points"
    if q.kind == "money" or (q.unit and _CURRENCY_CODE.fullmatch(q.unit)):
        return "money"
    return "count"


def _written(q: Quantity) -> bool:
    """Whether the figure has numbers to write (else formatting falls back to the article's words)."""
    return q.value is not None or (q.qualifier == "range" and q.low is not None and q.high is not None)


def _figure(q: Quantity, language: str, catalogs: tuple[SiteCatalog, ...]) -> Phrase:
    # A site states the same figures many times over: each is written once (Babel takes ~0.1 ms a figure).
    values = tuple((v, type(v)) for v in (q.value, q.low, q.high))
    return _cached_figure(q.kind, q.unit, q.qualifier, values, language, catalogs)


@lru_cache(maxsize=65536)
def _cached_figure(
    kind: str, unit: str | None, qualifier: str, values: tuple, language: str, catalogs: tuple
) -> Phrase:
    value, low, high = (v for v, _ in values)
    q = Quantity(
        text="", start=0, end=0, kind=kind, value=value, unit=unit, qualifier=qualifier, low=low, high=high
    )
    text = formatting.format_quantity(q, language, catalogs)
    if q.unit == "%" and q.qualifier in ("exact", "range"):
        text = _with_article(text, language)  # "il 10%"; a qualifier brings its own ("circa il 4%")
    return Phrase(text, language, q.qualifier in PREPOSITIONAL_QUALIFIERS.get(language, ()))


def _falling(q: Quantity) -> bool | None:
    """Whether a change is a fall (True), a rise (False), or neither is sure (a range across zero)."""
    ends = [q.low, q.high] if q.qualifier == "range" else [q.value]
    if any(e is None for e in ends):
        return None
    if all(e < 0 for e in ends):
        return True
    return False if all(e >= 0 for e in ends) else None


def _absolute(q: Quantity) -> Quantity:
    def size(value):
        return None if value is None else abs(value)

    low, high = size(q.high), size(q.low)  # -5…-3 is a fall of 3…5
    return replace(q, value=size(q.value), low=low, high=high)


def _figure_slots(q: Quantity | None, language: str, catalogs: tuple[SiteCatalog, ...]) -> dict[str, Phrase]:
    if q is None or not _written(q):
        return {}
    figure = _figure(q, language, catalogs)
    slots = {"figure": figure}
    kind = unit_kind(q)
    if kind == "money":
        slots["amount"] = figure
    elif kind == "percent":
        slots["share"] = figure
    elif kind == "count" and q.unit:
        slots["count"] = figure
    if kind in ("percent", "points"):
        falling = _falling(q)
        if falling is False:
            slots["rise"] = figure
        elif falling:
            slots["fall"] = _figure(_absolute(q), language, catalogs)
    return slots


@lru_cache(maxsize=16384)
def _date(value: str, language: str) -> Phrase:
    text = formatting.format_iso_date(value, language)
    if iso_precision(value) in DATE_ARTICLE.get(language, ()):
        text = _with_article(text, language)
    return Phrase(text, language)


def _date_slots(date: FactDate, language: str, catalogs: tuple[SiteCatalog, ...]) -> dict[str, str]:
    """`when` or `during` for a stated date, `by` for a horizon; a publication date says nothing."""
    return dict(_cached_date_slots(date.value, date.end_value, date.reported, language, catalogs))


@lru_cache(maxsize=16384)
def _cached_date_slots(
    value: str, end_value: str | None, reported: bool, language: str, catalogs: tuple
) -> tuple[tuple[str, str], ...]:
    phrases = date_phrases(translator(language, catalogs))
    slots: list[tuple[str, str]] = []
    if end_value:
        slots.append(("by", fill(phrases["by"], {"date": _date(end_value, language)}) or ""))
    if reported:
        return tuple(slots)
    if end_value and end_value != value:
        ends = {"start": _date(value, language), "end": _date(end_value, language)}
        slots.append(("during", fill(phrases["during"], ends) or ""))
    else:
        slots.append(("when", fill(phrases[iso_precision(value)], {"date": _date(value, language)}) or ""))
    return tuple(slots)


def _name(entity_id: str | None, entities: Mapping[str, Entity], language: str) -> Phrase | None:
    if entity_id is None:
        return None
    entity = entities.get(entity_id)
    return Phrase(entity.name if entity else entity_id, language)


def _in_sentence(label: str) -> str:
    """A label as words inside a sentence: "Revenue" → "revenue", but "AI budget" stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


# --- the two public answers ---------------------------------------------------------------------------


def statement_template(kind: str, status: str, language: str, catalogs: Iterable[SiteCatalog] = ()) -> str:
    """The template of a kind and status, from the language's catalog; a kind that a site declares gets the
    plain default."""
    tr = translator(language, catalogs)
    if kind not in FACT_KINDS:
        return site_kind_statement(tr)
    by_status = statements(tr)[kind]
    return by_status.get(status or "done", by_status["done"])


def generated_statement(
    fact: SiteFact,
    entities: Mapping[str, Entity],
    locale: str,
    fact_kinds: dict | None = None,
    catalogs: Iterable[SiteCatalog] = (),
) -> str:
    """The fact said in `locale`'s language from its kind, entities, figure, status and date."""
    language = _language(locale)
    catalogs = tuple(catalogs)
    # Only a site's own kinds are named in their statement: its label is looked up for them alone.
    own_kind = fact.kind not in FACT_KINDS
    slots: dict[str, object] = {
        "subject": _name(fact.subject, entities, language),
        "object": _name(fact.object, entities, language),
        "kind": formatting.fact_kind_label(fact.kind, locale, fact_kinds, catalogs) if own_kind else "",
        "measure": Phrase(_in_sentence(fact.measure), language),
        **_figure_slots(fact.quantity, language, catalogs),
        **_date_slots(fact.date, language, catalogs),
    }
    template = statement_template(fact.kind, fact.status, language, catalogs)
    return fill(template, slots) or str(slots["subject"])


def fact_statement(
    fact: SiteFact,
    entities: Mapping[str, Entity],
    locale: str,
    fact_kinds: dict | None = None,
    catalogs: Iterable[SiteCatalog] = (),
) -> str:
    """The writer's own statement in `locale`'s language (`statement_<lang>=`, first report that has one),
    else the generated one."""
    language = _language(locale)
    own = next((s.statements[language] for s in fact.sources if s.statements.get(language)), None)
    return own or generated_statement(fact, entities, locale, fact_kinds, catalogs)


def figure_label(
    fact: SiteFact,
    entities: Mapping[str, Entity],
    locale: str,
    fact_kinds: dict | None = None,
    catalogs: Iterable[SiteCatalog] = (),
) -> str:
    """What the fact's figure measures: its `measure=`, else a default by kind and unit ("" without one)."""
    q = fact.quantity
    if q is None:
        return ""
    if fact.measure:
        return fact.measure
    language = _language(locale)
    kind, unit = fact.kind, unit_kind(q)
    noun = q.unit if unit == "count" and q.unit else ""
    slots = {
        "object": _name(fact.object, entities, language),
        "kind": formatting.fact_kind_label(kind, locale, fact_kinds, catalogs),
        "noun": noun,
        "Noun": noun[:1].upper() + noun[1:],
    }
    labels = measure_labels(translator(language, catalogs))
    for key in (f"{kind}:{unit}", kind, f"*:{unit}", "*"):
        label = fill(labels[key], slots) if key in labels else None
        if label:
            return label
    return slots["kind"]


def statement_untranslated(fact: SiteFact, locale: str, catalogs: Iterable[SiteCatalog] = ()) -> bool:
    """Whether `fact_statement` says the fact in English for want of its sentence in `locale`'s catalog
    (pages mark such a statement as English)."""
    language = _language(locale)
    tr = translator(language, catalogs)
    if tr.is_source or any(s.statements.get(language) for s in fact.sources):
        return False
    english = translator(SOURCE_LANGUAGE)
    if fact.kind not in FACT_KINDS:
        return not tr.has(site_kind_statement(english), "statement site kind")
    status = fact.status if fact.status in statements(english)[fact.kind] else "done"
    return not tr.has(statements(english)[fact.kind][status], f"statement {fact.kind} {status}")
