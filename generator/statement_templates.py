"""The sentences that state a fact, and the labels that say what a figure measures, per language.

Data only; `generator/statements.py` fills them in. A template is text with placeholders:

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

# What every past-tense template ends with: a span if the fact has one, else the day, month or year.
_DONE = "[ {during}| {when}]"

# A fact's statement per language, kind and status; a fact without a status is stated as "done".
STATEMENTS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "investment": {
            "done": "{subject} invested[ {figure}][ in {object}]" + _DONE,
            "planned": "{subject} plans to invest[ {figure}][ in {object}][ {by}]",
            "expected": "{subject} is expected to invest[ {figure}][ in {object}][ {by}]",
        },
        "partnership": {
            "done": "{subject} formed a partnership[ with {object}][ ({figure})]" + _DONE,
            "planned": "{subject} plans to form a partnership[ with {object}][ ({figure})][ {by}]",
            "expected": "{subject} is expected to form a partnership[ with {object}][ ({figure})][ {by}]",
        },
        "acquisition": {
            "done": "{subject} acquired[ {share} of {object}| {object}| {share}| a stake][ for {amount}]"
            "[ ({count})]" + _DONE,
            "planned": "{subject} plans to acquire[ {share} of {object}| {object}| {share}| a stake]"
            "[ for {amount}][ ({count})][ {by}]",
            "expected": "{subject} is expected to acquire[ {share} of {object}| {object}| {share}| a stake]"
            "[ for {amount}][ ({count})][ {by}]",
        },
        "launch": {
            "done": "{subject} launched[ {object}| a new product][ ({figure})]" + _DONE,
            "planned": "{subject} plans to launch[ {object}| a new product][ ({figure})][ {by}]",
            "expected": "{subject} is expected to launch[ {object}| a new product][ ({figure})][ {by}]",
        },
        "announcement": {
            "done": "{subject} made an announcement[ about {object}][ ({figure})]" + _DONE,
            "planned": "{subject} announced new plans[ involving {object}][ ({figure})][ {by}| {when}]",
            "expected": "{subject} announced expectations[ about {object}][ ({figure})][ {by}| {when}]",
        },
        "plan": {
            "done": "{subject} set out a plan[ worth {amount}| for {share}| of {count}][ with {object}]"
            + _DONE,
            "planned": "{subject} plans[ to spend {amount}| to reach {share}| to reach {count}| a project]"
            "[ with {object}][ {by}]",
            "expected": "{subject} is expected[ to spend {amount}| to reach {share}| to reach {count}"
            "| to carry out a project][ with {object}][ {by}]",
        },
        "metric": {
            "done": "{subject}[ reported {measure} of {figure}| had {count}|: {figure}| reported a figure]"
            "[ ({object})]" + _DONE,
            "planned": "{subject} plans to reach[ {figure}| a target][ ({object})][ {by}]",
            "expected": "{subject} is expected to reach[ {figure}| a target][ ({object})][ {by}]",
        },
        "market_share": {
            "done": "{subject} had a market share[ of {figure}][ in {object}]" + _DONE,
            "planned": "{subject} aims for a market share[ of {figure}][ in {object}][ {by}]",
            "expected": "{subject} is expected to reach a market share[ of {figure}][ in {object}][ {by}]",
        },
        "stock": {
            "done": "{subject} shares[ in {object}][ rose {rise}| fell {fall}| traded at {amount}"
            "| changed by {figure}| moved]" + _DONE,
            "planned": "{subject} shares[ in {object}] are expected to[ rise {rise}| fall {fall}"
            "| reach {amount}| change by {figure}| move][ {by}]",
            "expected": "{subject} shares[ in {object}] are expected to[ rise {rise}| fall {fall}"
            "| reach {amount}| change by {figure}| move][ {by}]",
        },
        "appointment": {
            "done": "{subject} took office[ at {object}][ ({figure})]" + _DONE,
            "planned": "{subject} is due to take office[ at {object}][ ({figure})][ {by}]",
            "expected": "{subject} is expected to take office[ at {object}][ ({figure})][ {by}]",
        },
        "regulation": {
            "done": "{subject} imposed rules[ on {object}][ ({figure})]" + _DONE,
            "planned": "{subject} plans to impose rules[ on {object}][ ({figure})][ {by}]",
            "expected": "{subject} is expected to impose rules[ on {object}][ ({figure})][ {by}]",
        },
    },
    "it": {
        "investment": {
            "done": "{subject} ha investito[ {figure}][ in {object}]" + _DONE,
            "planned": "{subject} prevede di investire[ {figure}][ in {object}][ {by}]",
            "expected": "{subject} dovrebbe investire[ {figure}][ in {object}][ {by}]",
        },
        "partnership": {
            "done": "{subject} ha avviato una collaborazione[ con {object}][ ({figure})]" + _DONE,
            "planned": "{subject} prevede di avviare una collaborazione[ con {object}][ ({figure})][ {by}]",
            "expected": "{subject} dovrebbe avviare una collaborazione[ con {object}][ ({figure})][ {by}]",
        },
        "acquisition": {
            "done": "{subject} ha acquisito[ {share} di {object}| {object}| {share}| una partecipazione]"
            "[ {amount:per}][ ({count})]" + _DONE,
            "planned": "{subject} prevede di acquisire[ {share} di {object}| {object}| {share}"
            "| una partecipazione][ {amount:per}][ ({count})][ {by}]",
            "expected": "{subject} dovrebbe acquisire[ {share} di {object}| {object}| {share}"
            "| una partecipazione][ {amount:per}][ ({count})][ {by}]",
        },
        "launch": {
            "done": "{subject} ha lanciato[ {object}| un nuovo prodotto][ ({figure})]" + _DONE,
            "planned": "{subject} prevede di lanciare[ {object}| un nuovo prodotto][ ({figure})][ {by}]",
            "expected": "{subject} dovrebbe lanciare[ {object}| un nuovo prodotto][ ({figure})][ {by}]",
        },
        "announcement": {
            "done": "{subject} ha fatto un annuncio[ riguardante {object}][ ({figure})]" + _DONE,
            "planned": "{subject} ha annunciato nuovi piani[ riguardanti {object}][ ({figure})]"
            "[ {by}| {when}]",
            "expected": "{subject} ha annunciato delle previsioni[ riguardanti {object}][ ({figure})]"
            "[ {by}| {when}]",
        },
        "plan": {
            "done": "{subject} ha presentato un piano[ {amount:da}| {share:per}| {count:di}][ con {object}]"
            + _DONE,
            "planned": "{subject} prevede[ di spendere {amount}| di raggiungere {share}"
            "| di raggiungere {count}| un progetto][ con {object}][ {by}]",
            "expected": "{subject} dovrebbe[ spendere {amount}| raggiungere {share}| raggiungere {count}"
            "| realizzare un progetto][ con {object}][ {by}]",
        },
        "metric": {
            "done": "{subject}[: {measure} {figure:di}| contava {count}|: {figure}| ha comunicato un dato]"
            "[ ({object})]" + _DONE,
            "planned": "{subject} prevede di raggiungere[ {figure}| un obiettivo][ ({object})][ {by}]",
            "expected": "{subject} dovrebbe raggiungere[ {figure}| un obiettivo][ ({object})][ {by}]",
        },
        "market_share": {
            "done": "{subject} aveva una quota di mercato[ {figure:di}][ in {object}]" + _DONE,
            "planned": "{subject} punta a una quota di mercato[ {figure:di}][ in {object}][ {by}]",
            "expected": "{subject} dovrebbe raggiungere una quota di mercato[ {figure:di}][ in {object}]"
            "[ {by}]",
        },
        "stock": {
            "done": "Il titolo {subject}[ {object:a}][ è salito {rise:di}| è sceso {fall:di}"
            "| ha toccato {amount}| ha registrato una variazione {figure:di}| ha registrato una variazione]"
            + _DONE,
            "planned": "Il titolo {subject}[ {object:a}] dovrebbe[ salire {rise:di}| scendere {fall:di}"
            "| raggiungere {amount}| variare {figure:di}| variare][ {by}]",
            "expected": "Il titolo {subject}[ {object:a}] dovrebbe[ salire {rise:di}| scendere {fall:di}"
            "| raggiungere {amount}| variare {figure:di}| variare][ {by}]",
        },
        "appointment": {
            # "ha assunto un incarico", not "si è insediato": no agreement with the person's gender.
            "done": "{subject} ha assunto un incarico[ presso {object}][ ({figure})]" + _DONE,
            "planned": "{subject} assumerà un incarico[ presso {object}][ ({figure})][ {by}]",
            "expected": "{subject} dovrebbe assumere un incarico[ presso {object}][ ({figure})][ {by}]",
        },
        "regulation": {
            "done": "{subject} ha imposto regole[ {object:a}][ ({figure})]" + _DONE,
            "planned": "{subject} prevede di imporre regole[ {object:a}][ ({figure})][ {by}]",
            "expected": "{subject} dovrebbe imporre regole[ {object:a}][ ({figure})][ {by}]",
        },
    },
}

# A kind a site declares in site.yml (`fact_kinds:`) has no sentence of its own: a plain line instead.
SITE_KIND_STATEMENT = "{subject}: {kind}[ – {object}][, {figure}]"

# How a date is said. `{date}` is the date as a noun phrase (see DATE_ARTICLE), `{start}` and `{end}` the
# ends of a span.
DATE_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "day": "on {date}",
        "month": "in {date}",
        "year": "in {date}",
        "by": "by {date}",
        "during": "between {start} and {end}",
    },
    "it": {
        "day": "{date}",  # "il 18 settembre 2025", "l'8 agosto 2025"
        "month": "{date:a}",  # "a settembre 2025", "ad agosto 2025"
        "year": "{date:in}",  # "nel 2025"
        "by": "entro {date}",
        "during": "tra {start} e {end}",
    },
}

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

# What a figure measures, when the fact does not say (`measure=`): keyed "kind:unit" (unit one of money,
# percent, points, count), "kind", "*:unit" or "*", tried in that order; the first whose placeholders all
# have a value wins.
MEASURE_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "stock:percent": "Share price change[, {object}]",
        "stock:points": "Share price change[, {object}]",
        "stock": "Share price[, {object}]",
        "market_share": "Market share[, {object}]",
        "investment": "Investment[ in {object}]",
        "acquisition:percent": "Stake[ in {object}]",
        "acquisition": "Acquisition[ of {object}]",
        "plan:money": "Planned investment[, {object}]",
        "plan:count": "Planned {noun}[, {object}]",
        "plan": "Plan[, {object}]",
        "metric:money": "Amount[, {object}]",
        "metric:percent": "Percentage[, {object}]",
        "*:count": "{Noun}[, {object}]",
        "*": "{kind}[, {object}]",
    },
    "it": {
        "stock:percent": "Variazione del titolo[, {object}]",
        "stock:points": "Variazione del titolo[, {object}]",
        "stock": "Prezzo del titolo[, {object}]",
        "market_share": "Quota di mercato[, {object}]",
        "investment": "Investimento[ in {object}]",
        "acquisition:percent": "Partecipazione[ in {object}]",
        "acquisition": "Acquisizione[ di {object}]",
        "plan:money": "Investimento previsto[, {object}]",
        "plan:count": "{Noun} in programma[, {object}]",
        "plan": "Piano[, {object}]",
        "metric:money": "Importo[, {object}]",
        "metric:percent": "Percentuale[, {object}]",
        "*:count": "{Noun}[, {object}]",
        "*": "{kind}[, {object}]",
    },
}
