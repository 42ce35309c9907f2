"""The labels of the content's vocabularies as gettext calls, and the small grammar rules of newspaper prose.

The words are English message ids: `pybabel extract` finds each `_`, `ngettext`, `pgettext` and `npgettext`
call here (and in the templates) and writes them into `generator/locale/factsheets.pot`; each language's
catalog translates them (`generator/catalogs.py` loads it). A table is built once per translator. Locale data
that CLDR has (month names, number symbols, scale words, currency names and symbols, plural rules) comes
from Babel in `formatting.py`; what is grammar rather than words (Italian articles and prepositions) stays
code keyed by language, with a neutral default for every other language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from generator.catalogs import Translator

# --- labels of the content vocabularies ---------------------------------------------------------------


@lru_cache(maxsize=32)
def fact_kind_labels(tr: Translator) -> dict[str, str]:
    pgettext = tr.pgettext
    return {
        "investment": pgettext("fact kind", "Investment"),
        "partnership": pgettext("fact kind", "Partnership"),
        "acquisition": pgettext("fact kind", "Acquisition"),
        "launch": pgettext("fact kind", "Launch"),
        "announcement": pgettext("fact kind", "Announcement"),
        "plan": pgettext("fact kind", "Plan"),
        "metric": pgettext("fact kind", "Metric"),
        "market_share": pgettext("fact kind", "Market share"),
        "stock": pgettext("fact kind", "Stock"),
        "appointment": pgettext("fact kind", "Appointment"),
        "regulation": pgettext("fact kind", "Regulation"),
    }


@lru_cache(maxsize=32)
def entity_kind_labels(tr: Translator) -> dict[str, tuple[str, str]]:
    """(singular, plural) of each entity kind: headings, not counts, so two messages rather than a plural."""
    pgettext = tr.pgettext
    return {
        "company": (pgettext("entity kind", "Company"), pgettext("entity kinds", "Companies")),
        "organization": (pgettext("entity kind", "Organization"), pgettext("entity kinds", "Organizations")),
        "product": (pgettext("entity kind", "Product"), pgettext("entity kinds", "Products")),
        "person": (pgettext("entity kind", "Person"), pgettext("entity kinds", "People")),
        "place": (pgettext("entity kind", "Place"), pgettext("entity kinds", "Places")),
        "event": (pgettext("entity kind", "Event"), pgettext("entity kinds", "Events")),
    }


@lru_cache(maxsize=32)
def status_labels(tr: Translator) -> dict[str, str]:
    """A fact's status as its badge says it."""
    pgettext = tr.pgettext
    return {
        "done": pgettext("status", "done"),
        "planned": pgettext("status", "planned"),
        "expected": pgettext("status", "expected"),
    }


# --- newspaper grammar for amounts --------------------------------------------------------------------


@lru_cache(maxsize=32)
def qualifier_words(tr: Translator) -> dict[str, str]:
    """The words before a figure for each qualifier; "exact" and "range" take none."""
    pgettext = tr.pgettext
    return {
        "up_to": pgettext("qualifier", "up to"),
        "over": pgettext("qualifier", "over"),
        "about": pgettext("qualifier", "about"),
        "at_least": pgettext("qualifier", "at least"),
    }


# Units of percentage change that CLDR has no names for, by the number they count.
POINT_UNITS: dict[str, Callable[[Translator, int], str]] = {
    "pp": lambda tr, n: tr.npgettext("unit", "percentage point", "percentage points", n),
    "bp": lambda tr, n: tr.npgettext("unit", "basis point", "basis points", n),
}

# Italian puts the definite article before a percentage after a qualifier ("circa il 4%", "oltre l'80%"):
# (article, elided article before a vowel sound). Languages not listed use none.
PERCENT_ARTICLE: dict[str, tuple[str, str]] = {"it": ("il", "l'")}

# Preposition + article → articulated preposition ("fino a" + "il" → "fino al").
CONTRACTIONS: dict[str, dict[tuple[str, str], str]] = {"it": {("a", "il"): "al", ("a", "l'"): "all'"}}

# A scale word that is a noun takes a preposition before what it counts: "5 miliardi di dollari",
# "1 milione di parametri", but "700 dollari". Languages not listed join with a space ("5 billion dollars").
SCALE_CONNECTIVE: dict[str, str] = {"it": "di"}

# How money is written: "symbol" puts the currency's sign before/after the figure as the locale's currency
# pattern says ("$5 billion"), when the sign has no letters (so "CN¥" gives way to "380 billion yuan");
# "name" writes the currency's name ("5 miliardi di dollari"), the Italian newsroom habit and the default.
CURRENCY_STYLE: dict[str, str] = {"en": "symbol", "it": "name"}

# Currencies a newspaper names by their bare noun ("dollars", "yuan"): CLDR's names carry the country
# ("US dollars", "yuan cinesi"). Only currencies whose bare noun is unambiguous in the business press.
BARE_CURRENCY_NOUNS = ("USD", "EUR", "CNY", "JPY", "GBP")
# Which word of CLDR's name is the noun: the last in English ("US dollars"), the first in Italian; other
# languages keep CLDR's whole name.
CURRENCY_HEAD_WORD: dict[str, int] = {"en": -1, "it": 0}

# Two figures of one range: typographic en dash, unspaced ("80–90%", "5–7 billion").
NUMBER_RANGE = "{0}–{1}"

# --- relations on a sheet, as phrases (issue 12) --------------------------------------------------------


@lru_cache(maxsize=32)
def relation_phrases(tr: Translator) -> dict[str, dict[str, str]]:
    """The phrase before the other entity's name, by fact kind and by the sheet entity's part in the fact.

    "subject" (Nvidia's sheet: "Invested in Intel"), "object" (Intel's sheet: "Received investment from
    Nvidia"), and, where it reads better, "person" for the sheet of a person whichever side they are on
    ("Role at Intel"; content puts people on either side of an appointment). Translations avoid participles
    that would need the entity's gender ("Acquisizione da parte di", not "Acquisita da"). A kind a site
    declares itself gets `relation_default`, with its label in place of {kind}.
    """
    pgettext = tr.pgettext
    return {
        "investment": {
            "subject": pgettext("relation investment subject", "Invested in"),
            "object": pgettext("relation investment object", "Received investment from"),
        },
        "partnership": {
            "subject": pgettext("relation partnership", "Partner of"),
            "object": pgettext("relation partnership", "Partner of"),
        },
        "acquisition": {
            "subject": pgettext("relation acquisition subject", "Acquired"),
            "object": pgettext("relation acquisition object", "Acquired by"),
        },
        "launch": {
            "subject": pgettext("relation launch subject", "Launched"),
            "object": pgettext("relation launch object", "Launched by"),
        },
        "announcement": {
            "subject": pgettext("relation announcement subject", "Announcement about"),
            "object": pgettext("relation announcement object", "Announcement by"),
        },
        "plan": {
            "subject": pgettext("relation plan subject", "Plan involving"),
            "object": pgettext("relation plan object", "In a plan of"),
        },
        "metric": {
            "subject": pgettext("relation metric subject", "Figures about"),
            "object": pgettext("relation metric object", "Figures reported by"),
        },
        "market_share": {
            "subject": pgettext("relation market_share subject", "Market share in"),
            "object": pgettext("relation market_share object", "Market share held by"),
        },
        "stock": {
            "subject": pgettext("relation stock subject", "Shares traded in"),
            "object": pgettext("relation stock object", "Share price of"),
        },
        "appointment": {
            "subject": pgettext("relation appointment", "Appointment of"),
            "object": pgettext("relation appointment", "Appointment of"),
            "person": pgettext("relation appointment person", "Role at"),
        },
        "regulation": {
            "subject": pgettext("relation regulation subject", "Regulatory action on"),
            "object": pgettext("relation regulation object", "Regulatory action by"),
        },
    }


@lru_cache(maxsize=32)
def relation_default(tr: Translator) -> dict[str, str]:
    pgettext = tr.pgettext
    return {
        "subject": pgettext("relation site kind subject", "{kind} with"),
        "object": pgettext("relation site kind object", "{kind} with"),
    }
