"""Quantities: money, percentages, counts and measures, with their normalised value, unit and qualifier.

A Matcher finds the numbers (LIKE_NUM, which `numbers.install_number_attributes` extends to number words);
one PhraseMatcher pass finds the lexicon around them (currencies, scale words, percent words, qualifiers,
range words). Each number is then read outwards: scale and unit to its right, currency and qualifier to its
left. Work is proportional to the number of numbers, not of tokens.

Results: `doc.spans["factsheets_quantities"]`, each span with `span._.factsheets_quantity`, a dict with kind,
value, unit, qualifier, low and high (the fields of `model.Quantity`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import get_currency_name, get_currency_symbol
from babel.units import format_unit
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from generator.analyse import lexicon
from generator.analyse.numbers import install_number_attributes, parse_number, plain_number, tune_tokenizer
from generator.analyse.terms import Found, Terms

log = logging.getLogger(__name__)

SPANS_KEY = "factsheets_quantities"
EXTENSION = "factsheets_quantity"

if not Span.has_extension(EXTENSION):
    Span.set_extension(EXTENSION, default=None)

_OF = {"it": ("di", "d'", "d’"), "en": ("of",)}


@dataclass
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
        self.numbers = Matcher(nlp.vocab)
        self.numbers.add("NUMBER", [[{"LIKE_NUM": True}]])
        self.terms = Terms(nlp)
        self._add_terms()

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
        terms.add("half", "", lexicon.HALF[lang])
        terms.add("one", "", lexicon.ONE_BEFORE_SCALE[lang])
        terms.add("pct", "", lexicon.PERCENT_WORDS[lang])
        terms.add("pp", "", lexicon.POINT_WORDS[lang])
        terms.add("bp", "", lexicon.BASIS_POINT_WORDS[lang])
        for qualifier, phrases in lexicon.QUALIFIERS[lang].items():
            terms.add("qual", qualifier, phrases)
        terms.add("art", "", lexicon.QUALIFIER_ARTICLES[lang])
        terms.add("more", "", lexicon.MORE_AFTER[lang])
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
        terms.add("compound", "", lexicon.COUNT_COMPOUNDS[lang])
        terms.add("measure", "", measure_words(lang))

    def __call__(self, doc: Doc) -> Doc:
        found = self.terms.find(doc)
        blocked = found.covered("pct", "pp", "bp", "qual", "cur", "scale", "compound", "measure")
        for ent in doc.ents:
            blocked.update(range(ent.start, ent.end))
        readings = []
        function_words = found.covered("qual", "cur", "open", "conn", "art")
        for start, end, value in self._numbers(doc, found, blocked):
            reading = self._read(doc, found, function_words, start, end, value)
            if reading is not None:
                readings.append(reading)
        joined = list(self._join_ranges(found, readings))
        self._settle_currencies(doc, found, [reading for reading, _, _ in joined])
        spans = []
        for reading, low, high in joined:
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
        for _, i, _ in self.numbers(doc):
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
        self, doc: Doc, found: Found, function_words: set[int], start: int, number_end: int, value: Decimal
    ) -> _Reading | None:
        k = number_end
        scale = 1
        while (term := found.at(k, "scale")) is not None:
            scale *= term[2]
            k = term[0]
        if scale > 1 and (term := found.at(k, "half")) is not None:
            value += Decimal("0.5")
            k = term[0]
        kind = unit = currency = None
        money_noun = False
        if (term := found.at(k, "pct")) is not None:
            kind, unit, k = "percent", "%", term[0]
        elif (term := found.at(k, "pp")) is not None:
            kind, unit, k = "percent", "pp", term[0]
        elif (term := found.at(k, "bp")) is not None:
            kind, unit, k = "measure", "bp", term[0]
        else:
            after = k
            if scale > 1 and (of := found.at(k, "of")) is not None:
                after = of[0]
            if (term := found.at(after, "cur")) is not None:
                kind, unit, currency, k = "money", term[2], (after, term[0]), term[0]
        first = start
        if kind in (None, "money") and (term := found.before(start, "cur")) is not None:
            if kind is None or unit == term[2]:
                kind, unit, currency, first = "money", term[2], (term[0], start), term[0]
        words = not doc[start].text[:1].isdigit() and doc[start].text[:1] not in "+-−"
        year_like = (
            not words
            and scale == 1
            and kind is None
            and len(doc[start].text) == 4
            and doc[start].text.isdigit()
            and 1900 <= int(doc[start].text) <= 2100
        )
        if kind is None and not year_like:
            if words and value == 1 and scale == 1:
                return None  # "uno dei", "one of": an article or pronoun, not a count
            if scale == 1 and _inside_name(doc, function_words, start):
                return None  # "RTX 5090", "Windows 11"
            noun = self._counted_noun(doc, found, k, scale)
            money_noun = noun is not None and self._money_word(noun[1].lower())
            if noun is not None and not money_noun:
                kind, unit, k = noun
            elif scale == 1 and found.at(k, "more") is not None:
                kind = "count"  # "mille in più": more of what the sentence already counts
        reading = _Reading(
            first,
            k,
            number_end,
            value,
            scale,
            kind,
            unit,
            year_like=year_like,
            currency=currency,
            money_noun=kind is None and not year_like and money_noun,
        )
        term = found.before(first, "qual")  # "sotto i" holds its article
        if term is None and (article := found.before(first, "art")) is not None:
            term = found.before(article[0], "qual")  # "circa il 4 per cento"
        if term is not None and not (
            term[2] == "over"
            and self.language == "en"
            and reading.kind == "measure"
            and (reading.unit or "").lower() in duration_words(self.language)
        ):
            # ("over three years" is how long, not how many)
            reading.qualifier, reading.qualifier_start = term[2], term[0]
        return reading

    # --- currencies the text leaves implicit -------------------------------------------------------------

    def _settle_currencies(self, doc: Doc, found: Found, readings: list[_Reading]) -> None:
        """Resolve ambiguous symbols ("¥") and give bare amounts ("6,6 miliardi") the currency nearby."""
        explicit = [r for r in readings if r.kind == "money" and not self._ambiguous(doc, r)]
        for reading in readings:
            if reading.kind == "money" and (options := self._ambiguous(doc, reading)):
                near = _nearest(reading, [r for r in explicit if r.unit in options])
                if near is not None:
                    reading.unit = near.unit
        money = [r for r in readings if r.kind == "money"]
        for reading in readings:
            if (
                reading.kind is None
                and reading.scale > 1
                and (reading.money_noun or self._money_cue(doc, found, reading))
            ):
                near = _nearest(reading, money)
                if near is not None:
                    reading.kind, reading.unit = "money", near.unit

    def _ambiguous(self, doc: Doc, reading: _Reading) -> tuple[str, ...]:
        if reading.currency is None:
            return ()
        return lexicon.AMBIGUOUS_SYMBOLS.get(doc[reading.currency[0] : reading.currency[1]].text, ())

    def _money_cue(self, doc: Doc, found: Found, reading: _Reading) -> bool:
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

    def _counted_noun(self, doc: Doc, found: Found, k: int, scale: int) -> tuple[str, str, int] | None:
        """(kind, unit, end) for the noun a number counts or measures: "5 nuovi siti", "7 gigawatts"."""
        n = len(doc)
        if scale > 1 and (of := found.at(k, "of")) is not None:
            k = of[0]
        while (adjective := found.at(k, "adj")) is not None:
            k = adjective[0]
        if k >= n:
            return None
        if (term := found.at(k, "measure")) is not None:
            return "measure", _unit_text(doc[k : term[0]].text), term[0]
        if (term := found.at(k, "compound")) is not None:
            return "count", _unit_text(doc[k : term[0]].text), term[0]
        if self.language == "en":
            noun = self._english_noun(doc, found, k)
        else:
            noun = self._italian_noun(doc, found, k)
        return noun

    def _italian_noun(self, doc: Doc, found: Found, k: int) -> tuple[str, str, int] | None:
        token = doc[k]
        # Italian stop lists hold nouns ("persone", "giorni"); only short ones are surely function words.
        # After a number, a word in -a is a verb or a singular noun ("la fase 2 comincia"): not counted.
        if (
            token.is_alpha
            and not token.like_num
            and (not token.is_stop or len(token) > 5)
            and not token.lower_.endswith("a")
            and found.at(k, "cur", "qual", "scale", "conn", "open", "not_counted") is None
        ):
            return "count", _unit_text(token.text), k + 1
        return None

    def _english_noun(self, doc: Doc, found: Found, k: int) -> tuple[str, str, int] | None:
        # English puts modifiers before the head: take the head of a short run of nouns, preferring a plural
        # ("five new data-centre sites" → sites, "300 million weekly users" → users).
        run: list[int] = []
        p, n = k, len(doc)
        while p < n and len(run) < 4:
            token = doc[p]
            if token.text == "-" and run and not doc[p - 1].whitespace_ and not token.whitespace_:
                p += 1
                continue
            if not _noun_like(token) or found.at(p, "cur", "qual", "scale", "conn", "open", "not_counted"):
                break
            run.append(p)
            p += 1
        heads = [p for p in run if not doc[p].is_title]
        if not heads:
            return None
        plural = [p for p in heads if doc[p].lower_.endswith("s") and not doc[p].lower_.endswith("ss")]
        head = plural[-1] if plural else heads[0]
        return "count", _unit_text(doc[head].text), head + 1

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
        a_scale = a.scale if (a.scale > 1 or a.kind is not None) else b.scale
        low, high = a.value * a_scale, b.value * b.scale
        if not low < high:
            return None
        start = opener[0] if opener is not None else a.start
        joined = _Reading(
            start,
            b.end,
            b.number_end,
            b.value,
            b.scale,
            b.kind,
            b.unit,
            "range",
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


def _noun_like(token) -> bool:
    return token.is_alpha and not token.is_stop and not token.like_num


def _unit_text(text: str) -> str:
    """Keep acronyms and inner capitals as written (GPU, GPUs); lower-case ordinary words."""
    return text if any(c.isupper() for c in text[1:]) else text.lower()


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
