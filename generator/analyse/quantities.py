"""Quantities: money, percentages, counts and measures, with their normalised value, unit and qualifier.

The numbers are the tokens flagged LIKE_NUM (which `numbers.install_number_attributes` extends to number
words), read for the whole Doc as one array; one PhraseMatcher pass finds the lexicon around them
(currencies, scale words, percent words, qualifiers, range words). Each number is then read outwards by the
rules of quantity_rules.py: scale and unit to its right, currency and qualifier to its left. Beyond the two
passes, work is proportional to the number of numbers, not of tokens.

Results: `doc.spans["factsheets_quantities"]`, each span with `span._.factsheets_quantity`, a dict with kind,
value, unit, qualifier, low and high (the fields of `model.Quantity`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import get_currency_name, get_currency_symbol
from babel.units import format_unit
from spacy.attrs import LIKE_NUM
from spacy.language import Language
from spacy.tokens import Doc, Span

from generator.analyse import lexicon
from generator.analyse.numbers import install_number_attributes, parse_number, plain_number, tune_tokenizer
from generator.analyse.quantity_rules import (
    MINOR,
    NOUN,
    NOUN_RULES,
    UNIT,
    UNIT_RULES,
    QuantityContext,
    UnitReading,
)
from generator.analyse.terms import Found, Terms

log = logging.getLogger(__name__)

SPANS_KEY = "factsheets_quantities"
EXTENSION = "factsheets_quantity"

if not Span.has_extension(EXTENSION):
    Span.set_extension(EXTENSION, default=None)

_OF = {"it": ("di", "d'", "d’"), "en": ("of",)}
# Qualifiers that, before a duration, say how long rather than how many: "over three years".
_HOW_LONG = {"en": ("over",)}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Reading:
    """A number read in context, before ranges are joined."""

    start: int  # first token, currency prefix included, qualifier excluded
    end: int  # one past the last token (scale, unit, noun)
    number_end: int  # one past the number itself
    value: Decimal
    scale: int
    kind: str | None
    unit: str | None
    qualifier: str = "exact"
    qualifier_start: int | None = None
    year_like: bool = False
    currency: tuple[int, int] | None = None  # the tokens that name the currency
    money_noun: bool = False  # "7 miliardi di dividendi": followed by a word for money
    coin: bool = False  # "45 cents" with no currency named: in the currency of the sums nearby

    @property
    def first(self) -> int:
        return self.qualifier_start if self.qualifier_start is not None else self.start


@cache
def currency_phrases(language: str) -> dict[str, str]:
    """Every way of writing the supported currencies in `language` → ISO code (Babel + the lexicon)."""
    found: dict[str, set[str]] = {}

    def note(phrase: str, code: str) -> None:
        found.setdefault(phrase.strip().lower(), set()).add(code)

    for code in lexicon.CURRENCIES:
        note(code, code)
        for count in (1, 2):
            note(get_currency_name(code, count, language), code)
        for locale in (language, "en"):
            note(get_currency_symbol(code, locale), code)
    for phrase, code in lexicon.CURRENCY_WORDS[language].items():
        note(phrase, code)
    table: dict[str, str] = {}
    for phrase, codes in found.items():
        if phrase in lexicon.SYMBOL_PREFERENCE:
            table[phrase] = lexicon.SYMBOL_PREFERENCE[phrase]
        elif len(codes) == 1:
            table[phrase] = next(iter(codes))
        else:
            log.debug("ambiguous currency phrase %r (%s) ignored", phrase, sorted(codes))
    for symbol, code in lexicon.SYMBOL_PREFERENCE.items():
        table.setdefault(symbol, code)
    return table


@cache
def scale_words(language: str) -> dict[str, int]:
    """Scale words → factor: CLDR's compact number forms (mila, milioni, Mld, million, bn …) + the lexicon."""
    table: dict[str, int] = {}
    formats = Locale.parse(language).compact_decimal_formats
    for style in ("long", "short"):
        for plural_forms in formats[style].values():
            for magnitude, pattern in plural_forms.items():
                text = pattern.pattern if hasattr(pattern, "pattern") else str(pattern)
                zeros = text.count("0")
                words = text.replace("0", " ").replace("\xa0", " ").split()
                if zeros and len(words) == 1:  # "0 miliardi" → miliardi; skip "mila miliardi", "mille"
                    table.setdefault(words[0].lower(), int(magnitude) // 10 ** (zeros - 1))
    table.update(lexicon.SCALE_WORDS[language])
    table.update(lexicon.APPROXIMATE_SCALES[language])
    return table


@cache
def measure_words(language: str) -> tuple[str, ...]:
    """Names of units of measurement (gigawatt, gigawatts, years …) from CLDR, plus newsroom abbreviations."""
    words: set[str] = set(lexicon.MEASURE_WORDS[language])
    for unit in (
        *lexicon.MEASURE_UNIT_IDS,
        "duration-year",
        "duration-month",
        "duration-week",
        "duration-day",
    ):
        for count in (1, 5):
            for length in ("long", "short"):
                text = format_unit(count, unit, length=length, locale=language).replace("\xa0", " ")
                words.add(text.replace(str(count), "", 1).strip().lower())
    return tuple(sorted(w for w in words if w))


@cache
def duration_words(language: str) -> frozenset[str]:
    """Names of units of time (anni, years …) from CLDR."""
    words = set()
    for unit in ("duration-year", "duration-month", "duration-week", "duration-day"):
        for count in (1, 5):
            text = format_unit(count, unit, length="long", locale=language).replace("\xa0", " ")
            words.add(text.replace(str(count), "", 1).strip().lower())
    return frozenset(words)


@Language.factory("factsheets_quantities")
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    """Find and normalise quantities (money, percent, counts, measures)."""
    return QuantityFinder(nlp, name)


class QuantityFinder:
    """The `factsheets_quantities` component."""

    def __init__(self, nlp: Language, name: str = "factsheets_quantities"):
        self.name = name
        self.language = nlp.lang
        tune_tokenizer(nlp)
        install_number_attributes(nlp.vocab, self.language)
        self.terms = Terms(nlp)
        self._add_terms()
        self.unit_rules = UNIT_RULES.for_language(self.language).get(UNIT, ())
        self.noun_rules = NOUN_RULES.for_language(self.language).get(NOUN, ())

    def _add_terms(self) -> None:
        lang, terms = self.language, self.terms
        by_code: dict[str, list[str]] = {}
        for phrase, code in currency_phrases(lang).items():
            by_code.setdefault(code, []).append(phrase)
        for code, phrases in sorted(by_code.items()):
            terms.add("cur", code, phrases)
        by_factor: dict[int, list[str]] = {}
        for word, factor in scale_words(lang).items():
            by_factor.setdefault(factor, []).append(word)
        for factor, words in sorted(by_factor.items()):
            terms.add("scale", factor, words)
        for phrase, code in sorted(lexicon.MINOR_CURRENCY[lang].items()):
            terms.add("cur", MINOR + code, [phrase])  # read by the `currency_after` rule
        terms.add("half", "", lexicon.HALF[lang])
        terms.add("one", "", lexicon.ONE_BEFORE_SCALE[lang])
        terms.add("pct", "", lexicon.PERCENT_WORDS[lang])
        terms.add("pp", "", lexicon.POINT_WORDS[lang])
        terms.add("bp", "", lexicon.BASIS_POINT_WORDS[lang])
        for qualifier, phrases in lexicon.QUALIFIERS[lang].items():
            terms.add("qual", qualifier, phrases)
        terms.add("art", "", lexicon.QUALIFIER_ARTICLES[lang])
        terms.add("more", "", lexicon.MORE_AFTER[lang])
        terms.add("more_before", "", lexicon.MORE_BEFORE[lang])
        terms.add("mprep", "", lexicon.MONEY_PREPOSITIONS[lang])
        self._money_stems = lexicon.MONEY_STEMS[lang]
        self._money_words: dict[str, bool] = {}  # lower-case word → starts with a money stem
        terms.add("of", "", _OF[lang])
        for opener in lexicon.RANGE_OPENERS[lang]:
            terms.add("open", opener.split()[0].replace("’", "'"), [opener])
        for connector, needs in lexicon.RANGE_CONNECTORS[lang].items():
            terms.add("conn", "|".join(needs) if needs else "", [connector])
        terms.add("adj", "", lexicon.COUNT_ADJECTIVES[lang])
        terms.add("not_counted", "", lexicon.NOT_COUNTED[lang])
        terms.add("not_counted", "", _month_words(lang))  # "22 settembre" is a day, never 22 of something
        terms.add("compound", "", lexicon.COUNT_COMPOUNDS[lang])
        terms.add("measure", "", measure_words(lang))

    def __call__(self, doc: Doc) -> Doc:
        found = self.terms.find(doc)
        context = QuantityContext(doc=doc, found=found, language=self.language)
        blocked = found.covered("pct", "pp", "bp", "qual", "cur", "scale", "compound", "measure")
        for ent in doc.ents:
            blocked.update(range(ent.start, ent.end))
        readings = []
        function_words = found.covered("qual", "cur", "open", "conn", "art")
        for start, end, value in self._numbers(doc, found, blocked):
            reading = self._read(context, function_words, start, end, value)
            if reading is not None:
                readings.append(reading)
        joined = list(self._join_ranges(found, _join_sums(doc, found, readings)))
        settled = self._settle_currencies(context, [reading for reading, _, _ in joined])
        spans = []
        for reading, (_, low, high) in zip(settled, joined, strict=True):
            span = self._emit(doc, reading, low, high)
            if span is not None and (not spans or span.start >= spans[-1].end):
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    # --- finding numbers ---------------------------------------------------------------------------------

    def _numbers(self, doc: Doc, found: Found, blocked: set[int]):
        """(start, end, value) of each number: a digit token, or a run of number words ("ninety - one")."""
        lang = self.language
        groups: list[list[int]] = []
        # LIKE_NUM read for the whole Doc in one array: a Matcher would build a Token object for every token.
        for i in doc.to_array(LIKE_NUM).nonzero()[0].tolist():
            if i in blocked:
                continue
            token = doc[i]
            if groups and token.is_alpha:
                last = groups[-1][-1]
                if doc[last].is_alpha and (
                    i == last + 1
                    or (i == last + 2 and doc[last + 1].text == "-" and not doc[last].whitespace_)
                ):
                    groups[-1].append(i)
                    continue
            groups.append([i])
        numbers = []
        for group in groups:
            start, end = group[0], group[-1] + 1
            if len(group) == 1:
                value = parse_number(doc[start].text, lang)
            else:
                value = parse_number(" ".join(doc[k].text for k in group), lang)
            if value is not None:
                numbers.append((start, end, value))
        # "a billion": the article stands for one.
        for start, items in found.starting.items():
            if start > 0 and any(c == "scale" for _, c, _ in items) and found.at(start - 1, "one"):
                numbers.append((start - 1, start, Decimal(1)))
        numbers.sort()
        return numbers

    # --- reading one number in context -------------------------------------------------------------------

    def _read(
        self, context: QuantityContext, function_words: set[int], start: int, number_end: int, value: Decimal
    ) -> _Reading | None:
        """The number start..number_end read outwards: scale and unit to its right, currency and qualifier to
        its left; None when it is no quantity ("uno dei", "RTX 5090")."""
        doc = context.doc
        k, scale, value = _scaled(context.found, number_end, value)
        unit, first = self._unit(context, start, k, scale)
        kind, unit_name, end = (unit.kind, unit.unit, unit.end) if unit is not None else (None, None, k)
        if unit is not None and unit.hundredths:
            value /= 100
        text = doc[start].text
        year_like = scale == 1 and kind is None and _looks_like_year(text)
        money_noun = False
        if kind is None and not year_like:
            words = not text[:1].isdigit() and text[:1] not in "+-−"
            if words and value == 1 and scale == 1:
                return None  # "uno dei", "one of": an article or pronoun, not a count
            if scale == 1 and _inside_name(doc, function_words, start):
                return None  # "RTX 5090", "Windows 11"
            kind, unit_name, end, money_noun = self._counted(context, start, end, scale)
        qualifier, qualifier_start = self._qualifier(context, first, kind, unit_name)
        approximate = lexicon.APPROXIMATE_SCALES[self.language]
        if qualifier == "exact" and any(doc[j].lower_ in approximate for j in range(number_end, k)):
            qualifier = "about"  # "una trentina di negozi": some thirty
        return _Reading(
            start=first,
            end=end,
            number_end=number_end,
            value=value,
            scale=scale,
            kind=kind,
            unit=unit_name,
            qualifier=qualifier,
            qualifier_start=qualifier_start,
            year_like=year_like,
            currency=unit.currency if unit is not None else None,
            money_noun=money_noun,
            coin=unit is not None and unit.hundredths and unit.currency is None,
        )

    def _unit(
        self, context: QuantityContext, start: int, k: int, scale: int
    ) -> tuple[UnitReading | None, int]:
        """(unit, first token) of the number: the first `UNIT_RULES` reading after it, or a currency before it
        ("$5bn", "US$ 5 billion") where nothing or the same currency follows."""
        unit = None
        for rule in self.unit_rules:
            if (unit := rule(context, k, scale)) is not None:
                break
        if unit is not None and unit.kind != "money":
            return unit, start
        term = context.found.before(start, "cur")
        if term is None or term[2].startswith(MINOR) or (unit is not None and unit.unit != term[2]):
            return unit, start  # a coin's name goes after its number, never before
        end = unit.end if unit is not None else k
        return UnitReading(kind="money", unit=term[2], end=end, currency=(term[0], start)), term[0]

    def _counted(
        self, context: QuantityContext, start: int, k: int, scale: int
    ) -> tuple[str | None, str | None, int, bool]:
        """(kind, unit, end, money_noun) of the number start..k without a unit: what it counts or measures,
        if any."""
        noun = self._counted_noun(context, k, scale)
        money_noun = noun is not None and self._money_word(noun[1].lower())
        if noun is not None and not money_noun:
            return (*noun, False)
        if scale == 1 and (context.found.at(k, "more") or context.found.before(start, "more_before")):
            return "count", None, k, False  # "mille in più", "altri 15": more of what the sentence counts
        return None, None, k, money_noun

    def _qualifier(
        self, context: QuantityContext, first: int, kind: str | None, unit: str | None
    ) -> tuple[str, int | None]:
        """(qualifier, where it starts) of "fino a 5 miliardi", "circa il 4 per cento"; ("exact", None)."""
        found = context.found
        term = found.before(first, "qual")  # "sotto i" holds its article
        if term is None and (article := found.before(first, "art")) is not None:
            term = found.before(article[0], "qual")  # "circa il 4 per cento"
        if term is None:
            return "exact", None
        if (
            term[2] in _HOW_LONG.get(self.language, ())
            and kind == "measure"
            and (unit or "").lower() in duration_words(self.language)
        ):
            return "exact", None  # "over three years" is how long, not how many
        return term[2], term[0]

    # --- currencies the text leaves implicit -------------------------------------------------------------

    def _settle_currencies(self, context: QuantityContext, readings: list[_Reading]) -> list[_Reading]:
        """Resolve ambiguous symbols ("¥") and give bare amounts ("6,6 miliardi") the currency nearby."""
        doc = context.doc
        explicit = [r for r in readings if r.kind == "money" and not _ambiguous(doc, r)]
        readings = [_settle_symbol(doc, r, explicit) if r.kind == "money" else r for r in readings]
        money = [r for r in readings if r.kind == "money"]
        named = [r for r in money if not r.coin]
        readings = [
            replace(r, unit=near.unit) if r.coin and (near := _nearest(r, named)) is not None else r
            for r in readings
        ]  # "a profit of €1.1 billion … a dividend of 45 cents": euro cents
        return [self._settle_bare(context, r, money) if r.kind is None else r for r in readings]

    def _settle_bare(self, context: QuantityContext, reading: _Reading, money: list[_Reading]) -> _Reading:
        """ "6,6 miliardi" near "5 miliardi di euro", or after a word for money, is in euro too; with no sum
        nearby, in the language's usual currency, if it has one ("multa da 2 milioni")."""
        if (
            reading.kind is None
            and reading.scale > 1
            and (reading.money_noun or self._money_cue(context, reading))
        ):
            near = _nearest(reading, money)
            unit = near.unit if near is not None else lexicon.DEFAULT_CURRENCY.get(self.language)
            if unit is not None:
                return replace(reading, kind="money", unit=unit)
        return reading

    def _money_cue(self, context: QuantityContext, reading: _Reading) -> bool:
        found, doc = context.found, context.doc
        p = reading.first
        if (article := found.before(p, "art")) is not None:
            p = article[0]
        if found.before(p, "mprep") is not None:
            return True
        sentence_start = doc[reading.start].sent.start
        return any(self._money_word(t.lower_) for t in doc[max(sentence_start, p - 8) : p])

    def _money_word(self, lower: str) -> bool:
        known = self._money_words.get(lower)
        if known is None:
            known = self._money_words[lower] = lower.startswith(self._money_stems)
        return known

    def _counted_noun(self, context: QuantityContext, k: int, scale: int) -> tuple[str, str, int] | None:
        """(kind, unit, end) for the noun a number counts or measures: the first `NOUN_RULES` reading after
        the number, past "di" after a scale and past adjectives ("5 nuovi siti", "7 gigawatts")."""
        found = context.found
        if scale > 1 and (of := found.at(k, "of")) is not None:
            k = of[0]
        while (adjective := found.at(k, "adj")) is not None:
            k = adjective[0]
        if k >= len(context.doc):
            return None
        for rule in self.noun_rules:
            if (noun := rule(context, k)) is not None:
                return noun
        return None

    # --- ranges ------------------------------------------------------------------------------------------

    def _join_ranges(self, found: Found, readings: list[_Reading]):
        """Yield (reading, low, high): pairs joined by a range connector become one reading."""
        i = 0
        while i < len(readings):
            a = readings[i]
            b = readings[i + 1] if i + 1 < len(readings) else None
            joined = self._range(found, a, b) if b is not None else None
            if joined is not None:
                yield joined
                i += 2
                continue
            if not a.year_like:
                yield a, None, None
            i += 1

    def _range(self, found: Found, a: _Reading, b: _Reading):
        connector = found.at(a.end, "conn")
        if (
            connector is None
            or connector[0] != b.start
            or b.qualifier_start is not None
            or a.year_like
            or b.year_like
        ):
            return None
        opener = found.before(a.start, "open")
        if opener is None:
            article = found.before(a.start, "art")
            if article is not None:
                opener = found.before(article[0], "open")
        needs = connector[2].split("|") if connector[2] else []
        if needs and (opener is None or opener[2] not in needs):
            return None
        if a.kind is not None and (a.kind, a.unit) != (b.kind, b.unit):
            return None
        # "$9 to $5 billion": a first figure without a scale of its own takes the second's.
        low, high = a.value * (a.scale if a.scale > 1 else b.scale), b.value * b.scale
        if not low < high and not needs:
            return None  # "between … and …" is a range even backwards (a fact then reports it)
        start = opener[0] if opener is not None else a.start
        joined = _Reading(
            start=start,
            end=b.end,
            number_end=b.number_end,
            value=b.value,
            scale=b.scale,
            kind=b.kind,
            unit=b.unit,
            qualifier="range",
            currency=b.currency or a.currency,
        )
        return joined, low, high

    # --- output ------------------------------------------------------------------------------------------

    def _emit(self, doc: Doc, reading: _Reading, low: Decimal | None, high: Decimal | None) -> Span | None:
        kind = reading.kind
        if kind is None:
            if reading.scale == 1 and abs(reading.value) < 1000:
                return None  # a small bare number ("i primi 10", "fase 2") says nothing citable
            kind = "count"
        start = reading.qualifier_start if reading.qualifier_start is not None else reading.start
        span = Span(doc, start, reading.end)
        ranged = reading.qualifier == "range"
        span._.set(
            EXTENSION,
            {
                "kind": kind,
                "value": None if ranged else plain_number(reading.value * reading.scale),
                "unit": reading.unit,
                "qualifier": reading.qualifier,
                "low": plain_number(low) if low is not None else None,
                "high": plain_number(high) if high is not None else None,
            },
        )
        return span


def _nearest(reading: _Reading, others: list[_Reading], reach: int = 60) -> _Reading | None:
    """The reading closest to `reading` (not itself), at most `reach` tokens away."""
    best = None
    for other in others:
        distance = abs(other.start - reading.start)
        if (
            other is not reading
            and distance <= reach
            and (best is None or distance < abs(best.start - reading.start))
        ):
            best = other
    return best


def _join_sums(doc: Doc, found: Found, readings: list[_Reading]) -> list[_Reading]:
    """`readings` with the parts of one sum written out joined: "tre miliardi e duecento milioni di euro"
    (3.2 billion euros), "two billion and 300 million dollars": a larger scale, a joining word, a smaller
    scale; not inside a range ("tra 2 e 3 miliardi")."""
    # the test first, with no new list: most texts have no sum written in two parts
    if not any(
        b.start == a.end + 1 and _parts_of_one_sum(doc, found, a, b)
        for a, b in zip(readings, readings[1:], strict=False)
    ):
        return readings
    out: list[_Reading] = []
    for reading in readings:
        a = out[-1] if out else None
        if a is None or reading.start != a.end + 1 or not _parts_of_one_sum(doc, found, a, reading):
            out.append(reading)
            continue
        out[-1] = replace(
            reading,
            start=a.start,
            value=(a.value * a.scale + reading.value * reading.scale) / reading.scale,
            qualifier=a.qualifier,
            qualifier_start=a.qualifier_start,
        )
    return out


def _parts_of_one_sum(doc: Doc, found: Found, a: _Reading, b: _Reading) -> bool:
    # the joining word is read only between two readings: matching "e"/"and" everywhere would cost the build
    return (
        b.start == a.end + 1
        and doc[a.end].lower_ in lexicon.SUM_JOINERS[doc.lang_]
        and a.scale > b.scale > 1
        and a.kind is None
        and b.qualifier_start is None
        and found.before(a.start, "open") is None
    )


def _scaled(found: Found, k: int, value: Decimal) -> tuple[int, int, Decimal]:
    """(end, scale, value) after the scale words that follow a number: "5 [mila miliardi]", "2 miliardi e
    mezzo" (2.5 miliardi), "two and a half billion"."""
    starting = found.starting
    if k in starting:  # tested inline: this runs for every number the build reads
        for end, category, _ in starting[k]:
            if category == "half" and found.at(end, "scale") is not None:
                value += Decimal("0.5")
                k = end
                break
    scale = 1
    while (term := found.at(k, "scale")) is not None:
        scale *= term[2]
        k = term[0]
    if scale > 1 and (term := found.at(k, "half")) is not None:
        value += Decimal("0.5")
        k = term[0]
    return k, scale, value


def _looks_like_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def _ambiguous(doc: Doc, reading: _Reading) -> tuple[str, ...]:
    """The currencies a reading's symbol may stand for when it stands for more than one ("¥")."""
    if reading.currency is None:
        return ()
    return lexicon.AMBIGUOUS_SYMBOLS.get(doc[reading.currency[0] : reading.currency[1]].text, ())


def _settle_symbol(doc: Doc, reading: _Reading, explicit: list[_Reading]) -> _Reading:
    """An ambiguous symbol takes the currency of the nearest amount whose currency is plain."""
    if reading.kind == "money" and (options := _ambiguous(doc, reading)):
        near = _nearest(reading, [r for r in explicit if r.unit in options])
        if near is not None:
            return replace(reading, unit=near.unit)
    return reading


def _inside_name(doc: Doc, function_words: set[int], i: int) -> bool:
    """Whether the number follows a capitalised word, as model numbers do."""
    if i == 0:
        return False
    prev = doc[i - 1]
    if prev.text == "-" and i > 1 and not prev.whitespace_:
        prev = doc[i - 2]
    return (
        prev.is_alpha
        and not prev.is_lower
        and not prev.is_sent_start
        and not prev.is_stop
        and prev.i not in function_words
    )


@cache
def _month_words(language: str) -> tuple[str, ...]:
    """The month names of `language` (wide, both grammatical contexts): what a day number may precede."""
    names = {
        name
        for context in ("format", "stand-alone")
        for name in get_month_names("wide", context, language).values()
    }
    return tuple(sorted(names))
