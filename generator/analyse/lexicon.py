"""Hand-written word tables for the language pipeline, in one place.

Only words that no library provides live here: Babel/CLDR already gives month and weekday names, currency
names and symbols, scale words (mila, milioni, thousand, million …), unit names and number symbols, and
text2num reads number words. What is left is colloquial usage (bare "dollari"), newsroom abbreviations
(mld, bn), qualifiers, the verbs that signal each kind of fact, and the words of relative dates.

Every multi-word entry is written as it is usually spelled; the pipeline tokenises it with the language's own
tokenizer and matches it case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

# --- money ------------------------------------------------------------------------------------------------

# Currencies the pipeline recognises by name and symbol (Babel supplies the names and symbols of each).
CURRENCIES = (
    "USD",
    "EUR",
    "CNY",
    "JPY",
    "GBP",
    "HKD",
    "CHF",
    "INR",
    "KRW",
    "TWD",
    "CAD",
    "AUD",
    "SGD",
    "BRL",
    "SAR",
    "AED",
    "SEK",
    "DKK",
    "NOK",
    "RUB",
)

# Everyday currency words that CLDR does not list (it gives "dollari statunitensi", not "dollari").
CURRENCY_WORDS = {
    "it": {
        "dollari": "USD",
        "dollaro": "USD",
        "euro": "EUR",
        "yuan": "CNY",
        "renminbi": "CNY",
        "rmb": "CNY",
        "yen": "JPY",
        "sterline": "GBP",
        "sterlina": "GBP",
        "franchi svizzeri": "CHF",
        "dollari di hong kong": "HKD",
        "dollari hongkonghesi": "HKD",
        "won": "KRW",
        "rupie": "INR",
        "us$": "USD",
    },
    "en": {
        "dollars": "USD",
        "dollar": "USD",
        "euros": "EUR",
        "euro": "EUR",
        "yuan": "CNY",
        "renminbi": "CNY",
        "rmb": "CNY",
        "yen": "JPY",
        "pounds": "GBP",
        "pound": "GBP",
        "sterling": "GBP",
        "won": "KRW",
        "rupees": "INR",
        "hong kong dollars": "HKD",
        "swiss francs": "CHF",
        "us$": "USD",
    },
}

# Symbols that several currencies share: the reading that business news in these languages means.
# "¥" is read as the Chinese yuan unless the text names the yen elsewhere (see AMBIGUOUS_SYMBOLS).
SYMBOL_PREFERENCE = {"$": "USD", "¥": "CNY", "£": "GBP", "€": "EUR", "₩": "KRW", "₹": "INR"}
# Symbols whose currency follows the text's own explicit currency words: "¥421bn … 12,000 yen" is yen.
AMBIGUOUS_SYMBOLS = {"¥": ("CNY", "JPY")}

# Amounts written without a currency ("utile di 6,6 miliardi") take the currency of the money nearby when a
# word before them speaks of money: a preposition or comparison right before ("a", "contro", "up from"), or,
# shortly before, a word starting with a money stem (ricavi, investirà, revenue, spent …).
# English "rose to 3.5 billion" is as often trips as dollars, so "to" and "by" are no cue there.
# "altri 15 miliardi", "a further $8 billion": more of the amount just given.
MONEY_PREPOSITIONS = {
    "it": (
        "a",
        "di",
        "da",
        "per",
        "pari a",
        "vale",
        "valeva",
        "varrà",
        "contro",
        "rispetto a",
        "rispetto ai",
        "rispetto agli",
        "dai",
        "dagli",
        "altri",
        "ulteriori",
    ),
    "en": (
        "of",
        "from",
        "at",
        "worth",
        "for",
        "versus",
        "vs",
        "vs.",
        "against",
        "compared with",
        "compared to",
        "up from",
        "down from",
        "another",
        "a further",
        "an additional",
    ),
}
# The currency of a bare sum that a word of money introduces when no sum nearby names one ("multa da 2
# milioni" in an Italian article): Italian business news counts in euro unless it says otherwise. English
# news may count in any currency, so it has none.
DEFAULT_CURRENCY = {"it": "EUR"}
MONEY_STEMS = {
    "it": (
        "ricav",
        "fatturat",
        "utile",
        "utili",
        "perdit",
        "debit",
        "invest",
        "cost",
        "prezz",
        "capital",
        "dividend",
        "valutazion",
        "raccol",
        "spes",
        "spend",
        "stanzi",
        "finanzi",
        "margin",
        "pagat",
        "pagher",
        "paga",
        "incass",
        # "valuta la società circa 600 milioni", "multa da 2 milioni", "un'offerta da 2 miliardi"
        "valut",
        "mult",
        "sanzion",
        "offert",
        "sottoscri",  # "ha sottoscritto 50 milioni" of a capital increase
    ),
    "en": (
        "revenue",
        "sales",
        "profit",
        "loss",
        "debt",
        "invest",
        "cost",
        "price",
        "capital",
        "dividend",
        "valuation",
        "fund",
        "income",
        "earning",
        "spend",
        "spent",
        "budget",
        "paid",
        "pay",
        "raise",
        # "values the club at about 600 million", "a fine of 2 million", "an offer of 2 billion"
        "valu",
        "fine",
        "penalt",
        "offer",
        "worth",
    ),
}

# --- scale ------------------------------------------------------------------------------------------------

# Newsroom abbreviations beyond CLDR's compact forms (which give K, Mln, Mld, Bln, M, B, T).
SCALE_WORDS = {
    # "trilioni" is strictly 10^18 in Italian, but the press uses it for the English trillion.
    "it": {"mld": 10**9, "mrd": 10**9, "mln": 10**6, "mio": 10**6, "trilioni": 10**12, "trilione": 10**12},
    "en": {"bn": 10**9, "bln": 10**9, "mn": 10**6, "mln": 10**6, "tn": 10**12, "trn": 10**12},
}
# Italian "bilione" is 10^12 but CLDR's short "Bln" is sometimes used for English "billion" in Italian
# press; we follow CLDR (10^12) and do not guess.

# Round numbers told as collective nouns ("una trentina di negozi", "tre decine di sedi"): a scale of the
# number before them, which makes the quantity approximate (qualifier "about").
APPROXIMATE_SCALES = {
    "it": {
        "decina": 10,
        "decine": 10,
        "dozzina": 12,
        "quindicina": 15,
        "ventina": 20,
        "trentina": 30,
        "quarantina": 40,
        "cinquantina": 50,
        "sessantina": 60,
        "settantina": 70,
        "ottantina": 80,
        "novantina": 90,
        "centinaio": 100,
        "centinaia": 100,
        "migliaio": 1000,
        "migliaia": 1000,
    },
    "en": {},
}
HALF = {"it": ("e mezzo",), "en": ("and a half",)}  # "2 miliardi e mezzo" = 2.5 miliardi
ONE_BEFORE_SCALE = {"it": (), "en": ("a", "an")}  # "a billion dollars"
# Words that join the parts of one sum written out ("tre miliardi e duecento milioni", "two billion and
# three hundred million"): a larger scale, the word, a smaller one make one amount.
SUM_JOINERS = {"it": ("e",), "en": ("and",)}
# Coins of a hundredth of a currency ("45 cents" = USD 0.45); the currency after them ("centesimi di dollaro")
# wins over the language's usual one, given here.
MINOR_CURRENCY = {
    "it": {"centesimi": "EUR", "centesimo": "EUR", "cent": "EUR"},
    "en": {"cents": "USD", "cent": "USD", "euro cents": "EUR", "pence": "GBP"},
}

# --- percent ----------------------------------------------------------------------------------------------

PERCENT_WORDS = {"it": ("per cento", "percento", "%"), "en": ("per cent", "percent", "pc", "%")}
POINT_WORDS = {
    "it": ("punti percentuali", "punto percentuale", "p.p.", "pp"),
    "en": ("percentage points", "percentage point", "pp", "p.p."),
}
BASIS_POINT_WORDS = {
    "it": ("punti base", "punto base", "pb"),
    "en": ("basis points", "basis point", "bps", "bp"),
}

# --- qualifiers -------------------------------------------------------------------------------------------

QUALIFIERS = {
    "it": {
        "up_to": (
            "fino a",
            "fino ad",
            "fino al",
            "fino ai",
            "fino agli",
            "fino all'",
            "fino alla",
            "sino a",
            "sino al",
            "un massimo di",
            "al massimo",
            "massimo",
            "meno di",
            "meno del",
            "meno dei",
            "inferiore a",
            "inferiori a",
            "inferiore ai",
            "inferiore al",
            "inferiore agli",
            "inferiore all'",
            "inferiori ai",
            "inferiori al",
            "entro un massimo di",
            "sotto i",
            "sotto il",
            "sotto la",
            "sotto le",
            "sotto gli",
            "al di sotto di",
            "al di sotto dei",
            "al di sotto del",
        ),
        "over": (
            "oltre",
            "più di",
            "più del",
            "più dei",
            "più dell'",
            "piu di",
            "superiore a",
            "superiori a",
            "superiore ai",
            "superiore al",
            "superiore agli",
            "superiore all'",
            "superiori ai",
            "superiori al",
            "sopra i",
            "sopra il",
            "ben oltre",
            "in eccesso di",
            "superato",
            "supera",
            "superare",
            "superando",
            "superano",
            "superato i",
            "superato il",
        ),
        "at_least": ("almeno", "non meno di", "un minimo di", "minimo", "a partire da"),
        "about": (
            "circa",
            "quasi",
            "intorno a",
            "intorno al",
            "intorno ai",
            "intorno agli",
            "attorno a",
            "attorno al",
            "attorno ai",
            "poco meno di",
            "poco più di",
            "poco meno del",
            "poco più del",
            "all'incirca",
            "approssimativamente",
            "pressappoco",
            "sui",
            "vicino a",
            "vicino al",
            "vicino ai",
            "vicina a",
            "vicina al",
            "vicina ai",
        ),
    },
    "en": {
        "up_to": (
            "up to",
            "as much as",
            "as many as",
            "less than",
            "fewer than",
            "under",
            "below",
            "no more than",
            "a maximum of",
            "at most",
        ),
        "over": (
            "over",
            "more than",
            "above",
            "in excess of",
            "upwards of",
            "north of",
            "exceed",
            "exceeds",
            "exceeding",
            "exceeded",
            "well over",
            "topped",
            "tops",
            "surpassed",
            "surpassing",
            "pass",
            "passed",
            "passing",
        ),
        "at_least": (
            "at least",
            "no less than",
            "no fewer than",
            "a minimum of",
            "priced from",
            "starting at",
        ),
        "about": (
            "about",
            "around",
            "roughly",
            "approximately",
            "almost",
            "nearly",
            "some",
            "close to",
            "circa",
            "an estimated",
            "just over",
            "just under",
            "approx.",
        ),
    },
}

# Articles that open relative dates ("l'anno scorso", "the next three years").
ARTICLES = {"it": ("il", "lo", "la", "l'", "l’", "i", "gli", "le"), "en": ("the",)}
# Articles that may stand between a qualifier or range word and the number ("circa il 4 per cento", "roughly
# a 4% stake"). Not English "the": "below the €4.8 billion analysts expected" compares something else.
QUALIFIER_ARTICLES = {"it": ARTICLES["it"], "en": ("a", "an")}
# Words after a bare number that make it a count of something already named ("mille in più").
MORE_AFTER = {"it": ("in più", "in meno"), "en": ("more", "fewer")}
# Words right before a bare number that make it a count of something already named ("ne aprirà altri 15").
MORE_BEFORE = {"it": ("altri", "altre"), "en": ()}

# --- ranges -----------------------------------------------------------------------------------------------

# A range is OPENER? A CONNECTOR B; the connector may need a given opener ("tra 5 e 7", "between 5 and 7").
RANGE_OPENERS = {
    "it": ("tra", "fra", "tra il", "fra il", "tra i", "fra i", "da", "dal", "dai", "dall'", "dall’", "dagli"),
    "en": ("between", "from"),
}
RANGE_CONNECTORS = {
    "it": {
        "-": None,
        "–": None,
        "—": None,
        "/": None,
        "e": ("tra", "fra"),
        "e il": ("tra", "fra"),
        "e i": ("tra", "fra"),
        "e l'": ("tra", "fra"),
        "e l’": ("tra", "fra"),
        "e gli": ("tra", "fra"),
        "a": ("da", "dal", "dai", "dall'", "dall’", "dagli"),
        "al": ("da", "dal", "dai", "dall'", "dall’", "dagli"),
        "ai": ("da", "dal", "dai", "dagli"),
        "all'": ("da", "dal", "dall'", "dall’"),
        "all’": ("da", "dal", "dall'", "dall’"),
        "agli": ("da", "dal", "dagli"),
    },
    "en": {"-": None, "–": None, "—": None, "to": None, "and": ("between",)},
}

# --- counted nouns ----------------------------------------------------------------------------------------

# Adjectives that sit between a number and the noun it counts ("5 nuovi siti", "five new sites").
COUNT_ADJECTIVES = {
    "it": (
        "nuovi",
        "nuove",
        "altri",
        "altre",
        "ulteriori",
        "grandi",
        "piccoli",
        "piccole",
        "diversi",
        "diverse",
        "nuovo",
        "nuova",
        "principali",
        "possibili",
        "potenziali",
    ),
    "en": (
        "new",
        "more",
        "additional",
        "other",
        "further",
        "extra",
        "big",
        "large",
        "small",
        "major",
        "potential",
        "possible",
    ),
}
# Words that may follow a number but are never what it counts (prepositions the stop lists lack).
NOT_COUNTED = {
    "it": (
        "entro",
        "verso",
        "presso",
        "lungo",
        "tramite",
        "ciascuno",
        "ciascuna",
        "cadauno",
        "annui",
        "annue",
        "annuali",
        "circa",
        "fa",
    ),
    "en": ("each", "apiece", "annually", "ago", "apart"),
}
# Counted nouns of more than one word, where the head alone would mislead.
COUNT_COMPOUNDS = {
    "it": ("data center", "data centre", "posti di lavoro", "punti vendita", "chip di memoria"),
    "en": ("data centers", "data centres", "data center", "data centre"),
}
# Babel unit ids whose names make a quantity a measure (kind "measure") rather than a count.
MEASURE_UNIT_IDS = (
    "power-gigawatt",
    "power-megawatt",
    "power-kilowatt",
    "power-watt",
    "energy-kilowatt-hour",
    "length-kilometer",
    "length-meter",
    "length-mile",
    "area-square-meter",
    "area-square-kilometer",
    "area-hectare",
    "mass-tonne",
    "mass-kilogram",
    "mass-ton",
    "volume-liter",
    "volume-cubic-foot",
    "volume-cubic-meter",
    "digital-terabyte",
    "digital-petabyte",
    "digital-gigabyte",
)
# Abbreviated units CLDR spells differently from newsrooms.
MEASURE_WORDS = {
    "it": (
        "gw",
        "mw",
        "kw",
        "twh",
        "gwh",
        "mwh",
        "tonnellate",
        "km",
        "mq",
        "metri quadrati",
        "ettari",
        "barili",
        "exaflop",
        "petaflop",
        "teraflop",
        "gigawattora",
        "megawattora",
        "terawattora",
    ),
    "en": (
        "gw",
        "mw",
        "kw",
        "twh",
        "gwh",
        "mwh",
        "tons",
        "tonnes",
        "km",
        "square feet",
        "sq ft",
        "acres",
        "barrels",
        "exaflops",
        "petaflops",
        "teraflops",
        "gigawatt hours",
        "gigawatt-hours",
        "megawatt hours",
        "megawatt-hours",
        "terawatt hours",
        "terawatt-hours",
        "kilowatt hours",
    ),
}
# Capitalised words and acronyms that are not names, for the proposal of unknown entities.
NOT_NAMES = {
    "it": (
        "CEO",
        "IA",
        "AI",
        "GPU",
        "CPU",
        "PIL",
        "IPO",
        "UE",
        "USA",
        "Borsa",
        "Stato",
        "Paese",
        "Governo",
        "Ad",
        "Mln",
        "Mld",
        "Internet",
        "Web",
    ),
    "en": (
        "CEO",
        "AI",
        "GPU",
        "GPUs",
        "CPU",
        "CPUs",
        "GDP",
        "IPO",
        "EU",
        "US",
        "USA",
        "UK",
        "I",
        "Mr",
        "Ms",
        "Mrs",
        "Dr",
        "Inc",
        "Ltd",
        "Corp",
        "Internet",
        "Web",
        "Chief",
        "Executive",
    ),
}

# --- relative dates ---------------------------------------------------------------------------------------

# Words that shift a unit of time (CLDR gives the units' names: anno/anni, year/years …).
# -1 = the previous one, 0 = the current one, +1 = the next one.
RELATIVE_MODIFIERS = {
    "it": {
        "scorso": -1,
        "scorsa": -1,
        "passato": -1,
        "passata": -1,
        "prossimo": 1,
        "prossima": 1,
        "venturo": 1,
        "questo": 0,
        "questa": 0,
        "quest'": 0,
        "quest’": 0,
        "corrente": 0,
        "in corso": 0,
    },
    "en": {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0, "current": 0},
}
# Modifiers relative to a date the sentence has just given, not to publication: "nel 2024, lo 0,8% in meno
# dell'anno precedente" is 2023. Without such a date before them they are left unresolved.
ANAPHORIC_MODIFIERS = {
    "it": {"precedente": -1, "prima": -1, "successivo": 1, "successiva": 1, "dopo": 1},
    "en": {"previous": -1, "prior": -1, "before": -1, "earlier": -1, "following": 1, "later": 1},
}
# "i primi nove mesi dell'anno", "the first nine months of 2025": from January to the N-th month.
YEAR_TO_DATE = {"it": ("primi", "prime"), "en": ("first",)}
# Plural modifiers that open a span with a count of units: "i prossimi tre anni", "the past two years".
SPAN_MODIFIERS = {
    "it": {
        "prossimi": 1,
        "prossime": 1,
        "successivi": 1,
        "ultimi": -1,
        "ultime": -1,
        "scorsi": -1,
        "scorse": -1,
        "passati": -1,
        "passate": -1,
    },
    "en": {"next": 1, "coming": 1, "following": 1, "past": -1, "last": -1, "previous": -1},
}
# Words before "N units" that make it a span from publication ("entro tre anni", "within three years").
WITHIN_WORDS = {"it": ("entro", "nell'arco di", "nel giro di"), "en": ("within",)}
# Words before "N units" that point to one moment ahead: "tra tre anni", "in three years".
AHEAD_WORDS = {"it": ("tra", "fra"), "en": ("in",)}
# Words after "N units" that point back: "tre anni fa", "three years ago".
AGO_WORDS = {"it": ("fa",), "en": ("ago",)}
# Days relative to publication.
RELATIVE_DAYS = {
    "it": {
        "oggi": 0,
        "ieri": -1,
        "domani": 1,
        "l'altro ieri": -2,
        "l’altro ieri": -2,
        "altroieri": -2,
        "dopodomani": 2,
    },
    "en": {"today": 0, "yesterday": -1, "tomorrow": 1},
}
# Fixed phrases naming the current (0), previous (-1) or next (+1) year or the current month.
RELATIVE_PHRASES = {
    "it": {
        "fine anno": ("year", 0),
        "fine dell'anno": ("year", 0),
        "fine dell’anno": ("year", 0),
        "inizio anno": ("year", 0),
        "inizio dell'anno": ("year", 0),
        "metà anno": ("year", 0),
        "l'anno in corso": ("year", 0),
        "fine mese": ("month", 0),
    },
    "en": {
        "year-end": ("year", 0),
        "end of the year": ("year", 0),
        "end of this year": ("year", 0),
        "start of the year": ("year", 0),
        "beginning of the year": ("year", 0),
        "start of this year": ("year", 0),
        "beginning of this year": ("year", 0),
        "later this year": ("year", 0),
        "earlier this year": ("year", 0),
        "end of next year": ("year", 1),
        "end of the month": ("month", 0),
    },
}
# Words that may precede a month without a year: "a settembre", "in September".
MONTH_PREPOSITIONS = {
    "it": (
        "a",
        "ad",
        "di",
        "da",
        "in",
        "entro",
        "dal",
        "nel",
        "nel mese di",
        "fino a",
        "tra",
        "fra",
        "fine",
        "inizio",
        "metà",
        "e",
    ),
    "en": (
        "in",
        "since",
        "by",
        "until",
        "from",
        "of",
        "during",
        "early",
        "late",
        "mid",
        "mid-",
        "end",
        "through",
        "and",
        "to",
    ),
}
# Ordinals for quarters and halves ("terzo trimestre", "third quarter"); CLDR only writes them as digits.
ORDINALS = {
    "it": {
        "primo": 1,
        "secondo": 2,
        "terzo": 3,
        "quarto": 4,
        "prima": 1,
        "seconda": 2,
        "terza": 3,
        "quarta": 4,
        "1°": 1,
        "2°": 2,
        "3°": 3,
        "4°": 4,
        "1º": 1,
        "2º": 2,
        "3º": 3,
        "4º": 4,
    },
    "en": {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4},
}
# Ordinal words that name the first day of a month: "il primo luglio".
FIRST_DAY = {"it": ("primo",), "en": ()}
HALF_YEAR_WORDS = {"it": ("semestre", "metà"), "en": ("half",)}
QUARTER_WORDS = {"it": ("trimestre",), "en": ("quarter",)}
# Abbreviations for quarters and halves: Q3 / T3 come from CLDR, H1 and S1 are newsroom usage.
HALF_YEAR_ABBREVIATIONS = {"it": ("s", "h"), "en": ("h",)}

# --- governments named by their seat or nationality ------------------------------------------------------

# A capital standing for its government ("Washington bought a stake", "il governo di Roma"): the seat (lower
# case, as written in each language) → the words a registry government's name or alias may use for the
# country ("US government", "governo statunitense"). The government is the registry entity that has such a
# name; a registry without one leaves the capital a place.
GOVERNMENT_SEATS = {
    "en": {
        "washington": ("us", "u.s.", "american", "united states"),
        "rome": ("italian",),
        "paris": ("french",),
        "berlin": ("german",),
        "madrid": ("spanish",),
        "london": ("uk", "british"),
        "beijing": ("chinese",),
        "tokyo": ("japanese",),
        "seoul": ("south korean", "korean"),
        "ottawa": ("canadian",),
        "brasilia": ("brazilian",),
        "new delhi": ("indian",),
    },
    "it": {
        "washington": ("statunitense", "americano", "degli stati uniti", "usa"),
        "roma": ("italiano",),
        "parigi": ("francese",),
        "berlino": ("tedesco",),
        "madrid": ("spagnolo",),
        "londra": ("britannico", "inglese"),
        "pechino": ("cinese",),
        "tokyo": ("giapponese",),
        "seul": ("sudcoreano", "coreano"),
        "ottawa": ("canadese",),
        "brasilia": ("brasiliano",),
        "nuova delhi": ("indiano",),
    },
}
# A country's possessive before a body's name ("Italy's competition authority") names the same body as its
# adjective ("Italian competition authority", a registry alias): country (lower case) → adjective.
COUNTRY_ADJECTIVES = {
    "en": {
        "italy": "italian",
        "france": "french",
        "germany": "german",
        "spain": "spanish",
        "britain": "british",
        "china": "chinese",
        "japan": "japanese",
        "america": "american",
        "europe": "european",
        "canada": "canadian",
        "india": "indian",
        "brazil": "brazilian",
    },
    "it": {},
}
# How a government's name reads around the country word: "{} government" → "US government".
GOVERNMENT_NAMES = {"en": ("{} government", "the {} government"), "it": ("governo {}", "il governo {}")}
# Words for a government before "of"/"di" and its seat ("il governo di Roma", "the government in Tokyo").
GOVERNMENT_WORDS = {"en": ("government", "administration"), "it": ("governo", "esecutivo")}

# --- fact kinds -------------------------------------------------------------------------------------------

# The words that state each kind of fact, and where its subject, object and figure stand, are data: one YAML
# file per language in generator/analyse/cues/ (its header explains the keys). `CUES[lang]` holds them read.
CUES_FOLDER = Path(__file__).with_name("cues")
ROLES = ("active", "receive", "holder", "stake", "listed", "person", "sell", "valued", "participant")
FIGURES = ("money", "percent", "any", "none")
NEEDS = ("organization", "agent", "sum")
_CUE_KEYS = {"kind", "roles", "figure", "words", "phrases", "except", "primary", "second", "needs", "yields"}
LIST_KEYS = (
    "planned",
    "expected",
    "future_endings",
    "passive_auxiliaries",
    "agent_words",
    "buyer_words",
    "owner_words",
    "same_subject",
    "relative_openers",
    "complement_words",
    "no_fact",
    "clause_breaks",
    "conjunctions",
    "infinitive_markers",
    "negations",
    "capital_words",
    "authority_words",
    "price_words",
    "source_words",
    "per_unit",
    "deal_words",
    "sum_words",
    "prepositions",
    "talks",
    "appeal_words",
    "subordinators",
    "listing_words",
    "restating_words",
    "auxiliaries",
    "person_pronouns",
    "stake_paid_words",
    "thing_announcers",
    "investor_heads",
    "unnamed_investors",
    "more_words",
    "place_openers",
    "noun_agents",
    "opening_participles",
    "inverted_openers",
    "inverted_copulas",
    "condition_words",
    "second_predicates",
    "loss_words",
    "possessives",
    "bought_words",
    "partitive_pronouns",
    "previous_words",
    "predecessor_words",
    "genitive_relatives",
)


class CueFileError(ValueError):
    """A cue file that cannot be read: the message names file:line:col."""


@dataclass(frozen=True)
class Cue:
    """Words that state a fact of `kind`, with the roles of the entities around them."""

    kind: str
    roles: str = "active"
    figure: str = "any"
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    primary: bool = True  # may make the sentence's main fact
    second: bool = True  # may make a second fact beside it
    needs: str | None = None  # "organization": only with an authority as subject; "agent": only with one
    yields: bool = (
        False  # gives way to a fact word of another kind right after it ("si aggiudica una commessa")
    )


@dataclass(frozen=True)
class CueTable:
    """One language's cue file, read."""

    cues: tuple[Cue, ...]
    planned: tuple[str, ...]
    expected: tuple[str, ...]
    future_endings: tuple[str, ...]
    passive_auxiliaries: tuple[str, ...]
    agent_words: tuple[str, ...]
    buyer_words: tuple[str, ...]
    owner_words: tuple[str, ...]
    same_subject: tuple[str, ...]
    relative_openers: tuple[str, ...]
    complement_words: tuple[str, ...]
    no_fact: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    conjunctions: tuple[str, ...]
    infinitive_markers: tuple[str, ...]
    negations: tuple[str, ...]
    capital_words: tuple[str, ...]
    authority_words: tuple[str, ...]
    price_words: tuple[str, ...]
    source_words: tuple[str, ...]
    per_unit: tuple[str, ...]
    deal_words: tuple[str, ...]
    sum_words: tuple[str, ...]
    prepositions: tuple[str, ...] = ()  # a name right after one is no subject ("di X", "by X")
    talks: tuple[str, ...] = ()  # words of talks and rumours: what is talked about is expected
    appeal_words: tuple[str, ...] = ()  # "said it would appeal": saying so is no fact
    subordinators: tuple[str, ...] = ()  # "after", "dopo che": a clause of its own before a new subject
    listing_words: tuple[str, ...] = ()  # "investors including X": the agent named after the list word
    restating_words: tuple[str, ...] = ()  # "15,000 jobs, or 15% of staff": the second figure restates
    auxiliaries: tuple[str, ...] = ()  # "has", "ha", "will": before a second verb of the same subject
    person_pronouns: tuple[str, ...] = ()  # "she", "lei": a person acts, no company's deal
    stake_paid_words: tuple[str, ...] = ()  # "paid $5 million for the shares": the stake bought before
    thing_announcers: tuple[str, ...] = ()  # "announced the closure of": a deed announced, not a clause said
    investor_heads: tuple[str, ...] = ()  # "the fund": a referring phrase for an investor, not its investee
    unnamed_investors: tuple[str, ...] = ()  # "without naming its investors": money raised from nobody named
    more_words: tuple[str, ...] = ()  # "six more": a count of the same things as the count before it
    place_openers: tuple[str, ...] = ()  # ", dove lavorano 600 persone": a place's size, not the plan's
    noun_agents: tuple[str, ...] = ()  # "l'acquisizione di X da parte di Y": Y does it, in any voice
    opening_participles: tuple[str, ...] = ()  # "Chiusa l'acquisizione di X, …": a clause to the first comma
    inverted_openers: tuple[str, ...] = ()  # "Ad acquisire X sarà Y": the subject after a copula
    inverted_copulas: tuple[str, ...] = ()  # … "sarà", "è stata", "sono stati"
    condition_words: tuple[str, ...] = ()  # "dovrà cedere 45 filiali": a ruling's condition, its figure
    second_predicates: tuple[str, ...] = ()  # "… e ha perso 120.000 clienti": a second measure follows
    loss_words: tuple[str, ...] = ()  # "una perdita di 38 milioni": the measure is below zero
    possessives: tuple[str, ...] = ()  # "ha bocciato il suo farmaco": a ruling on the company spoken of
    bought_words: tuple[str, ...] = ()  # "della controllata": the company just bought
    partitive_pronouns: tuple[str, ...] = ()  # "Ne installerà altre 2.000": the noun counted before
    previous_words: tuple[str, ...] = ()  # "31%, up from 28%": the figure after them is the value before
    predecessor_words: tuple[str, ...] = ()  # "prenderà il posto di X": X leaves the post, is not named to it
    genitive_relatives: tuple[str, ...] = ()  # ", di cui rileverà il 20%": the name before is what is owned
    portion: str | None = None  # the kind of "12% of <company>" without a stake word, or None


def load_cues(path: Path) -> CueTable:
    """Read and check one cue file; a problem is a `CueFileError` naming file:line:col."""
    import yaml  # here: only extract/annotate and the tests read cue files

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise CueFileError(f"{where}: {error.problem or error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise CueFileError(f"{path}:1:1: a cue file is a mapping with a 'cues' list")
    cues = tuple(_cue(path, n, entry) for n, entry in enumerate(data["cues"], 1))
    lists = {}
    for key in LIST_KEYS:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CueFileError(f"{path}: '{key}' must be a list of words")
        lists[key] = tuple(v.lower() for v in value)
    portion = data.get("portion")
    if portion is not None and portion not in KIND_PRECEDENCE:
        raise CueFileError(f"{path}: 'portion' must be a fact kind ({', '.join(KIND_PRECEDENCE)})")
    return CueTable(cues=cues, portion=portion, **lists)


def _cue(path: Path, n: int, entry: object) -> Cue:
    where = f"{path}: cue {n}"
    if not isinstance(entry, dict) or "kind" not in entry:
        raise CueFileError(f"{where}: each cue is a mapping with a 'kind'")
    unknown = set(entry) - _CUE_KEYS
    if unknown:
        raise CueFileError(
            f"{where}: unknown key '{sorted(unknown)[0]}' (known: {', '.join(sorted(_CUE_KEYS))})"
        )
    if entry["kind"] not in KIND_PRECEDENCE:
        raise CueFileError(f"{where}: unknown kind '{entry['kind']}' (known: {', '.join(KIND_PRECEDENCE)})")
    roles, figure = entry.get("roles", "active"), entry.get("figure", "any")
    if roles not in ROLES:
        raise CueFileError(f"{where}: roles '{roles}' is not one of {', '.join(ROLES)}")
    if figure not in FIGURES:
        raise CueFileError(f"{where}: figure '{figure}' is not one of {', '.join(FIGURES)}")
    words = tuple(str(w).lower() for w in entry.get("words") or ())
    phrases = tuple(str(w).lower() for w in entry.get("phrases") or ())
    if not words and not phrases:
        raise CueFileError(f"{where}: give 'words' or 'phrases'")
    exceptions = tuple(str(w).lower() for w in entry.get("except") or ())
    primary, second = bool(entry.get("primary", True)), bool(entry.get("second", True))
    needs = entry.get("needs")
    if needs is not None and needs not in NEEDS:
        raise CueFileError(f"{where}: needs '{needs}' is not one of {', '.join(NEEDS)}")
    yields = bool(entry.get("yields", False))
    return Cue(entry["kind"], roles, figure, words, phrases, exceptions, primary, second, needs, yields)


@cache
def cues(language: str) -> CueTable:
    """The cue table of `language`, read once."""
    return load_cues(CUES_FOLDER / f"{language}.yaml")


# The order in which kinds win when a sentence has triggers of several kinds.
KIND_PRECEDENCE = (
    "acquisition",
    "investment",
    "partnership",
    "launch",
    "appointment",
    "regulation",
    "market_share",
    "stock",
    "metric",
    "plan",
    "announcement",
)
