"""The quantity recognisers: small named functions registered in two tables, tried in order.

`UNIT_RULES` read what a number's unit is from the words right after it (and its scale): a percent sign,
percentage points, basis points, a currency. `NOUN_RULES` read the noun a bare number counts or measures
("5 nuovi siti", "7 gigawatts"); how a language places that noun is its own rule (`languages=`). In each
table the first rule that reads something wins. The `factsheets_quantities` component (quantities.py) runs
them around every number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from generator.analyse.rules import RuleTable
from generator.analyse.terms import Found

MINOR = "1/100 "  # the payload prefix of a coin of a hundredth among the currency phrases ("cents")
UNIT = "unit"  # the anchor of UNIT_RULES: the token after a number and its scale words
NOUN = "noun"  # the anchor of NOUN_RULES: the token after a number and the adjectives that follow it


@dataclass(frozen=True, slots=True, kw_only=True)
class QuantityContext:
    """What every quantity rule may look at in one Doc."""

    doc: Doc
    found: Found
    language: str


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitReading:
    """The unit after a number: its kind, its unit (a currency code, "%" …) and where it ends."""

    kind: str
    unit: str
    end: int
    currency: tuple[int, int] | None = None  # the tokens that name the currency
    hundredths: bool = False  # the unit is a coin of a hundredth ("45 cents" = 0.45)


UnitRule = Callable[[QuantityContext, int, int], "UnitReading | None"]
NounRule = Callable[[QuantityContext, int], "tuple[str, str, int] | None"]
UNIT_RULES: RuleTable[UnitRule] = RuleTable("quantity unit")
NOUN_RULES: RuleTable[NounRule] = RuleTable("counted noun")


# --- units after the number: rule(context, k, scale), k the token after the number and its scale ---------


@UNIT_RULES.rule(UNIT)
def percent(context: QuantityContext, k: int, scale: int) -> UnitReading | None:
    """ "4,2%", "5 per cento", "12 percent"."""
    term = context.found.at(k, "pct")
    return UnitReading(kind="percent", unit="%", end=term[0]) if term is not None else None


@UNIT_RULES.rule(UNIT)
def percentage_points(context: QuantityContext, k: int, scale: int) -> UnitReading | None:
    """ "2 punti percentuali", "3 percentage points"."""
    term = context.found.at(k, "pp")
    return UnitReading(kind="percent", unit="pp", end=term[0]) if term is not None else None


@UNIT_RULES.rule(UNIT)
def basis_points(context: QuantityContext, k: int, scale: int) -> UnitReading | None:
    """ "25 punti base", "25 basis points", "25bp"."""
    term = context.found.at(k, "bp")
    return UnitReading(kind="measure", unit="bp", end=term[0]) if term is not None else None


@UNIT_RULES.rule(UNIT)
def currency_after(context: QuantityContext, k: int, scale: int) -> UnitReading | None:
    """ "5 miliardi di dollari", "300 mln di euro", "5 billion USD"; "45 cents", "30 centesimi di dollaro"
    (coins of a hundredth, `lexicon.MINOR_CURRENCY`, read here so that no rule more runs per number)."""
    found = context.found
    after = k
    if scale > 1 and (of := found.at(k, "of")) is not None:
        after = of[0]
    term = found.at(after, "cur")
    if term is None:
        return None
    if not term[2].startswith(MINOR):
        return UnitReading(kind="money", unit=term[2], end=term[0], currency=(after, term[0]))
    code, end, named = term[2][len(MINOR) :], term[0], None
    if (of := found.at(end, "of")) is not None and (named := found.at(of[0], "cur")) is not None:
        code, end = named[2], named[0]
    # no currency named: `currency` stays None, and the sums of the text nearby may say which it is
    currency = (of[0], end) if named is not None else None
    return UnitReading(kind="money", unit=code, end=end, currency=currency, hundredths=True)


# --- nouns a number counts or measures: rule(context, k) → (kind, unit, end) -----------------------------


@NOUN_RULES.rule(NOUN)
def measure_noun(context: QuantityContext, k: int) -> tuple[str, str, int] | None:
    """A unit of measurement: "7 gigawatts", "3 anni"."""
    term = context.found.at(k, "measure")
    return ("measure", unit_text(context.doc[k : term[0]].text), term[0]) if term is not None else None


@NOUN_RULES.rule(NOUN)
def compound_noun(context: QuantityContext, k: int) -> tuple[str, str, int] | None:
    """A counted thing of several words in the lexicon: "data center"."""
    term = context.found.at(k, "compound")
    return ("count", unit_text(context.doc[k : term[0]].text), term[0]) if term is not None else None


@NOUN_RULES.rule(NOUN, languages=("it",))
def italian_noun(context: QuantityContext, k: int) -> tuple[str, str, int] | None:
    """Italian puts the counted noun first: "5 [siti] nuovi"."""
    token = context.doc[k]
    # Italian stop lists hold nouns ("persone", "giorni"); only short ones are surely function words.
    # After a number, a word in -a is a verb or a singular noun ("la fase 2 comincia"): not counted.
    if (
        token.is_alpha
        and not token.like_num
        and (not token.is_stop or len(token) > 5)
        and not token.lower_.endswith("a")
        and context.found.at(k, "cur", "qual", "scale", "conn", "open", "not_counted") is None
    ):
        return "count", unit_text(token.text), k + 1
    return None


@NOUN_RULES.rule(NOUN, languages=("en",))
def english_noun(context: QuantityContext, k: int) -> tuple[str, str, int] | None:
    """English puts modifiers before the head: the head of a short run of nouns, a plural if there is one
    ("five new data-centre sites" → sites, "300 million weekly users" → users)."""
    doc, found = context.doc, context.found
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
    return "count", unit_text(doc[head].text), head + 1


def _noun_like(token: Token) -> bool:
    return token.is_alpha and not token.is_stop and not token.like_num


def unit_text(text: str) -> str:
    """Keep acronyms and inner capitals as written (GPU, GPUs); lower-case ordinary words."""
    return text if any(c.isupper() for c in text[1:]) else text.lower()
