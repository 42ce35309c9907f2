"""The sentences that state a fact, and the labels that say what a figure measures, per language.

Every sentence and label is a gettext message with its own context ("statement investment done"), so a
language states facts once its catalog translates them (`generator/catalogs.py`); a message the catalog
lacks is stated in English. The grammar of a language (articles, prepositions) stays code keyed by
language below, with a neutral default for every other one. `generator/statements.py` fills them in.
A template is text with placeholders, which a translation keeps (it may reorder them):

- `{subject}`, `{object}`: entity names; `{kind}`: the fact kind's label; `{noun}`: what a count counts,
  as the content writes it, `{Noun}` the same capitalised (labels only);
- `{measure}`: the fact's own `measure=`, its first letter in lower case unless it is an acronym ("revenue",
  "AI budget");
- `{figure}`: the figure as a noun phrase, whatever it is; `{amount}` only when it is money, `{share}` only a
  percentage, `{count}` only a count or measure; `{rise}` / `{fall}` a percentage change up or down (the
  fall written without its minus sign);
- `{when}`: when it happened ("on 18 September 2025", "nel 2025"), `{during}`: a span ("between 2025 and
  2028"), `{by}`: a horizon ("by February 2028"); none of them when the article only gives its publication
  date;
- `{name:di}`: the phrase after a preposition, which the language's rules join to it ("di" + "il 9%" →
  "del 9%", "a" + "Alibaba" → "ad Alibaba"), or drop when the phrase starts with a preposition of its own
  ("fino al 9,7%").

`[a|b|c]` is an optional part: the first alternative whose placeholders all have a value, else nothing.
Outside brackets every placeholder must have a value. Templates stay simple enough to be grammatical
whatever fills them: no article or agreement depends on an entity's name.
"""

from __future__ import annotations

from functools import lru_cache

from generator.catalogs import Translator


@lru_cache(maxsize=32)
def statements(tr: Translator) -> dict[str, dict[str, str]]:
    """A fact's statement by kind and status; a fact without a status is stated as "done"."""
    pgettext = tr.pgettext
    return {
        "investment": {
            "done": pgettext(
                "statement investment done", "{subject} invested[ {figure}][ in {object}][ {during}| {when}]"
            ),
            "planned": pgettext(
                "statement investment planned", "{subject} plans to invest[ {figure}][ in {object}][ {by}]"
            ),
            "expected": pgettext(
                "statement investment expected",
                "{subject} is expected to invest[ {figure}][ in {object}][ {by}]",
            ),
        },
        "partnership": {
            "done": pgettext(
                "statement partnership done",
                "{subject} formed a partnership[ with {object}][ ({figure})][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement partnership planned",
                "{subject} plans to form a partnership[ with {object}][ ({figure})][ {by}]",
            ),
            "expected": pgettext(
                "statement partnership expected",
                "{subject} is expected to form a partnership[ with {object}][ ({figure})][ {by}]",
            ),
        },
        "acquisition": {
            "done": pgettext(
                "statement acquisition done",
                "{subject} acquired[ {share} of {object}| {object}| {share}| a stake][ for {amount}]"
                "[ ({count})][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement acquisition planned",
                "{subject} plans to acquire[ {share} of {object}| {object}| {share}| a stake]"
                "[ for {amount}][ ({count})][ {by}]",
            ),
            "expected": pgettext(
                "statement acquisition expected",
                "{subject} is expected to acquire[ {share} of {object}| {object}| {share}| a stake]"
                "[ for {amount}][ ({count})][ {by}]",
            ),
        },
        "launch": {
            "done": pgettext(
                "statement launch done",
                "{subject} launched[ {object}| a new product][ ({figure})][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement launch planned",
                "{subject} plans to launch[ {object}| a new product][ ({figure})][ {by}]",
            ),
            "expected": pgettext(
                "statement launch expected",
                "{subject} is expected to launch[ {object}| a new product][ ({figure})][ {by}]",
            ),
        },
        "announcement": {
            "done": pgettext(
                "statement announcement done",
                "{subject} made an announcement[ about {object}][ ({figure})][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement announcement planned",
                "{subject} announced new plans[ involving {object}][ ({figure})][ {by}| {when}]",
            ),
            "expected": pgettext(
                "statement announcement expected",
                "{subject} announced expectations[ about {object}][ ({figure})][ {by}| {when}]",
            ),
        },
        "plan": {
            "done": pgettext(
                "statement plan done",
                "{subject} set out a plan[ worth {amount}| for {share}| of {count}][ with {object}]"
                "[ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement plan planned",
                "{subject} plans[ to spend {amount}| to reach {share}| to reach {count}| a project]"
                "[ with {object}][ {by}]",
            ),
            "expected": pgettext(
                "statement plan expected",
                "{subject} is expected"
                "[ to spend {amount}| to reach {share}| to reach {count}| to carry out a project]"
                "[ with {object}][ {by}]",
            ),
        },
        "metric": {
            "done": pgettext(
                "statement metric done",
                "{subject}"
                "[ reported {measure} of {figure}| had {count}|: {figure}| reported a figure]"
                "[ ({object})][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement metric planned",
                "{subject} plans to reach[ {figure}| a target][ ({object})][ {by}]",
            ),
            "expected": pgettext(
                "statement metric expected",
                "{subject} is expected to reach[ {figure}| a target][ ({object})][ {by}]",
            ),
        },
        "market_share": {
            "done": pgettext(
                "statement market_share done",
                "{subject} had a market share[ of {figure}][ in {object}][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement market_share planned",
                "{subject} aims for a market share[ of {figure}][ in {object}][ {by}]",
            ),
            "expected": pgettext(
                "statement market_share expected",
                "{subject} is expected to reach a market share[ of {figure}][ in {object}][ {by}]",
            ),
        },
        "stock": {
            "done": pgettext(
                "statement stock done",
                "{subject} shares[ in {object}]"
                "[ rose {rise}| fell {fall}| traded at {amount}| changed by {figure}| moved]"
                "[ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement stock planned",
                "{subject} shares[ in {object}] are expected to"
                "[ rise {rise}| fall {fall}| reach {amount}| change by {figure}| move][ {by}]",
            ),
            "expected": pgettext(
                "statement stock expected",
                "{subject} shares[ in {object}] are expected to"
                "[ rise {rise}| fall {fall}| reach {amount}| change by {figure}| move][ {by}]",
            ),
        },
        "appointment": {
            # Translators: a statement that needs no agreement with the person's gender (Italian "ha assunto
            # un incarico", not "si è insediato").
            "done": pgettext(
                "statement appointment done",
                "{subject} took office[ at {object}][ ({figure})][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement appointment planned",
                "{subject} is due to take office[ at {object}][ ({figure})][ {by}]",
            ),
            "expected": pgettext(
                "statement appointment expected",
                "{subject} is expected to take office[ at {object}][ ({figure})][ {by}]",
            ),
        },
        "regulation": {
            "done": pgettext(
                "statement regulation done",
                "{subject} imposed rules[ on {object}][ ({figure})][ {during}| {when}]",
            ),
            "planned": pgettext(
                "statement regulation planned",
                "{subject} plans to impose rules[ on {object}][ ({figure})][ {by}]",
            ),
            "expected": pgettext(
                "statement regulation expected",
                "{subject} is expected to impose rules[ on {object}][ ({figure})][ {by}]",
            ),
        },
    }


@lru_cache(maxsize=32)
def date_phrases(tr: Translator) -> dict[str, str]:
    """How a date is said: `{date}` is the date as a noun phrase (see DATE_ARTICLE), `{start}` and `{end}`
    the ends of a span."""
    pgettext = tr.pgettext
    return {
        "day": pgettext("date day", "on {date}"),
        "month": pgettext("date month", "in {date}"),
        "year": pgettext("date year", "in {date}"),
        "by": pgettext("date by", "by {date}"),
        "during": pgettext("date during", "between {start} and {end}"),
    }


@lru_cache(maxsize=32)
def measure_labels(tr: Translator) -> dict[str, str]:
    """What a figure measures, when the fact does not say (`measure=`): keyed "kind:unit" (unit one of money,
    percent, points, count), "kind", "*:unit" or "*", tried in that order; the first whose placeholders all
    have a value wins."""
    pgettext = tr.pgettext
    return {
        "stock:percent": pgettext("figure label stock:percent", "Share price change[, {object}]"),
        "stock:points": pgettext("figure label stock:points", "Share price change[, {object}]"),
        "stock": pgettext("figure label stock", "Share price[, {object}]"),
        "market_share": pgettext("figure label market_share", "Market share[, {object}]"),
        "investment": pgettext("figure label investment", "Investment[ in {object}]"),
        "acquisition:percent": pgettext("figure label acquisition:percent", "Stake[ in {object}]"),
        "acquisition": pgettext("figure label acquisition", "Acquisition[ of {object}]"),
        "plan:money": pgettext("figure label plan:money", "Planned investment[, {object}]"),
        "plan:count": pgettext("figure label plan:count", "Planned {noun}[, {object}]"),
        "plan": pgettext("figure label plan", "Plan[, {object}]"),
        "metric:money": pgettext("figure label metric:money", "Amount[, {object}]"),
        "metric:percent": pgettext("figure label metric:percent", "Percentage[, {object}]"),
        "*:count": pgettext("figure label *:count", "{Noun}[, {object}]"),
        "*": pgettext("figure label *", "{kind}[, {object}]"),
    }


@lru_cache(maxsize=32)
def site_kind_statement(tr: Translator) -> str:
    """A kind a site declares in site.yml (`fact_kinds:`) has no sentence of its own: a plain line instead."""
    return tr.pgettext("statement site kind", "{subject}: {kind}[ – {object}][, {figure}]")


# Dates that take the definite article in a language, by precision: "il 2025", "il 18 settembre", but
# "settembre 2025".
DATE_ARTICLE: dict[str, tuple[str, ...]] = {"it": ("day", "year")}

# The definite article before a figure or a date: (before a consonant, before a vowel sound).
DEFINITE_ARTICLE: dict[str, tuple[str, str]] = {"it": ("il", "l'")}

# Preposition + article → one word ("di" + "il" → "del").
ARTICULATED: dict[str, dict[tuple[str, str], str]] = {
    "it": {
        (preposition, article): joined
        for preposition, forms in {
            "a": ("al", "all'"),
            "di": ("del", "dell'"),
            "da": ("dal", "dall'"),
            "in": ("nel", "nell'"),
            "su": ("sul", "sull'"),
        }.items()
        for article, joined in zip(("il", "l'"), forms, strict=True)
    }
}

# A preposition that takes a "d" before the same vowel ("ad Alibaba", "ad agosto"; "a Intel").
EUPHONIC_D: dict[str, tuple[str, ...]] = {"it": ("a",)}

# Qualifiers whose words are a preposition themselves: the phrase takes no other ("salito fino al 9,7%").
PREPOSITIONAL_QUALIFIERS: dict[str, tuple[str, ...]] = {"it": ("up_to",)}
