"""Every word the theme writes from code, as gettext calls, and the small grammar rules of newspaper prose.

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

# --- interface strings --------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def interface_text(tr: Translator) -> dict[str, str]:
    """The theme's strings by key, for code (page titles, pictures) and for templates that still call `t`."""
    _, pgettext = tr.gettext, tr.pgettext
    return {
        "skip_to_content": _("Skip to content"),
        "site_navigation": _("Main navigation"),
        "all_entities": _("All entities"),
        "latest_facts": _("Latest facts"),
        "key_figures": _("Key figures"),
        "relations": _("Relations"),
        "timeline": _("Timeline"),
        "timeline_by_year": _("Facts by year"),
        # "Latest facts" of the timeline is "Fatti più recenti", not "Ultimi fatti": its own context.
        "timeline_latest": pgettext("timeline", "Latest facts"),
        "sources": _("Sources"),
        "source": _("Source"),
        "source_article": _("Source article"),
        "original": _("Original article"),
        "facts": _("facts"),
        "profile": _("Profile"),
        "kind": _("Kind"),
        "also_known_as": _("Also known as"),
        "mentioned_in": _("Mentioned in"),
        "details": _("details"),
        "with": _("with"),
        "reported": _("reported"),
        "reported_hint": _("The article does not say when; this is the date it was published."),
        "as_of": _("As of"),
        "cite_this": _("Cite this page"),
        "copy": _("Copy"),
        "copied": _("Copied"),
        "download": _("Download"),
        "citation_key": _("Citation key"),
        "sheet_fact_citations": _("Every fact on this sheet, for reference managers:"),
        "data": _("Data"),
        "date": _("Date"),
        "figure": _("Figure"),
        "statement": _("Statement"),
        "subject": _("Subject"),
        "object": _("Object"),
        "permalink": _("Permalink"),
        "no_facts": _("No facts yet."),
        "done": pgettext("status", "done"),
        "planned": pgettext("status", "planned"),
        "expected": pgettext("status", "expected"),
        "draft": _("draft"),
        "conflict": _("Sources disagree"),
        "conflict_value": _("different figures"),
        "conflict_unit": _("different units"),
        "conflict_date": _("different dates"),
        "licence": _("Licence"),
        "made_with": _("Made with"),
        "feed": _("Feed"),
        "not_found": _("Page not found"),
        "not_found_text": _("The page you asked for does not exist or has moved."),
        "field_founded": _("Founded"),
        "field_headquarters": _("Headquarters"),
        "field_website": _("Website"),
        "field_wikidata": _("Wikidata"),
        "field_ticker": _("Ticker"),
        "field_parent": _("Part of"),
        "field_people": _("People"),
        "field_role": _("Role"),
        "field_employer": _("Works for"),
        "field_country": _("Country"),
        "field_location": _("Location"),
        "field_date": _("Date"),
        "field_organizer": _("Organiser"),
        "field_ceo": _("Chief executive"),
        "field_industry": _("Industry"),
        "fact_sheet": _("Fact sheet"),
        "and_n_more": _("and {n} more"),
        "annotated_article": _("annotated article"),
        "citation_author_date": _("For a list of sources"),
        "citation_note": _("For a footnote"),
        "cite_the_data": _("Cite the data"),
        "cite_this_fact": _("Cite this fact"),
        "contents": _("Contents"),
        "data_intro": _(
            "Every fact and entity of this site as data, free to reuse under the site licence. Each file is "
            "described by a JSON Schema; addresses in the files are relative to the site root."
        ),
        "data_per_entity": _("One file per entity"),
        "date_reported": _("Reported"),
        "file": _("File"),
        "format": _("Format"),
        "history": _("History"),
        "horizon": _("Horizon"),
        "schema": _("Schema"),
        "sentence_at_source": _("sentence at the source"),
        "summary_by": _("Summary by"),
        "based_on": _("Based on"),
        "articles_heading": _("Articles"),
        "reports_heading": _("Reports the articles are based on"),
        "data_file_entities_json": _(
            "Every entity: id, name, kind, the address of its sheet, other names and profile fields."
        ),
        "data_file_facts_json": _(
            "Every fact: kind, entities, figure and kind of claim, dates, every source with the exact "
            "sentence, conflicts."
        ),
        "data_file_facts_csv": _("The facts as a table, one row per fact, for spreadsheets."),
        "draft_hint": _("Unconfirmed: proposed by the annotation tool and not checked yet."),
        "drafts_build": _("This build shows unconfirmed drafts, marked “draft”."),
        "precision_legend": _("Date precision"),
        "precision_day": _("day"),
        "precision_month": _("month"),
        "precision_year": _("year"),
        "chart_timeline_of": _("Timeline of {name}"),
        "chart_breaks": _("Long stretches without facts are cut out of the time axis (two slanted strokes)."),
        "chart_grouped": _("Busy periods are drawn as one bar with the number of their facts."),
        "chart_legend_day": _("a day"),
        "chart_legend_reported": _("date of publication: the article does not say when"),
        "chart_legend_span": _("a month or a year: the date is no more precise"),
        "chart_legend_range": _("until its horizon (plans and spans)"),
        "chart_legend_group": _("several facts: their number beside it"),
        "chart_legend_break": _("time cut out of the axis"),
        "chart_as_table": _("The timeline as a table"),
        "chart_what": _("What"),
        "chart_from_to": _("{count}, from {first} to {last}."),
        "chart_conflicts_marked": _("Diamonds mark the values the sources disagree on."),
        "search": _("Search"),
        "search_fallback": _("Find a fact sheet"),
        "search_label": _("Search the sheets, facts and articles"),
        "search_kind_article": _("Article"),
        "all_facts_by_year": _("All facts by year"),
        "facts_in_all": _("in all, with their sources, on the pages by year:"),
        "facts_by_month": _("Facts by month"),
        "facts_dated_by_year": _("Facts dated only by the year"),
        "pages_of_period": _("Pages"),
        "page_n": _("page {n}"),
        "fact_moved": _("The fact this address points to is on the page"),
        "back_to_sheet": _("Fact sheet"),
        "latest_first": _("newest first"),
        "sources_by_year": _("Sources by year"),
        "latest_articles": _("Latest articles"),
        "data_file_factsheets_db": _(
            "Entities, facts, their sources and relations as one SQLite database, with a full-text index."
        ),
        "data_open_database": _("Open the database with"),
        "data_or_explore": _("or explore it in the browser with"),
    }


# Strings that hold a number ("%(number)s" is the number as the locale writes it), in the plural form the
# catalog's rule gives: the same messages as the templates' `{% trans %}` blocks.
COUNTED: dict[str, Callable[[Translator, int], str]] = {
    "sources_count": lambda tr, n: tr.ngettext("%(number)s source", "%(number)s sources", n),
    "facts_count": lambda tr, n: tr.ngettext("%(number)s fact", "%(number)s facts", n),
    "articles_count": lambda tr, n: tr.ngettext("%(number)s article", "%(number)s articles", n),
    "entities_count": lambda tr, n: tr.ngettext("%(number)s entity", "%(number)s entities", n),
    "values_count": lambda tr, n: tr.ngettext("%(number)s value", "%(number)s values", n),
    "more_figures_count": lambda tr, n: tr.ngettext(
        "%(number)s more figure is among the facts by year.",
        "%(number)s more figures are among the facts by year.",
        n,
    ),
}

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
