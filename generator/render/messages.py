"""Every word the theme writes itself, in English and Italian, in one place.

Locale data that CLDR has (month names, number symbols, scale words, currency names and symbols, plural
rules) comes from Babel in `formatting.py`; only what CLDR does not provide lives here: the interface strings,
the labels of fact and entity kinds, qualifier words and the small grammar rules of newspaper prose.
Every table has the same keys in every language (a test checks it).
"""

from __future__ import annotations

# --- interface strings --------------------------------------------------------------------------------

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "skip_to_content": "Skip to content",
        "site_navigation": "Main navigation",
        "all_entities": "All entities",
        "latest_facts": "Latest facts",
        "key_figures": "Key figures",
        "relations": "Relations",
        "timeline": "Timeline",
        "timeline_by_year": "Facts by year",
        "timeline_latest": "Latest facts",
        "sources": "Sources",
        "source": "Source",
        "source_article": "Source article",
        "original": "Original article",
        "facts": "facts",
        "profile": "Profile",
        "kind": "Kind",
        "also_known_as": "Also known as",
        "mentioned_in": "Mentioned in",
        "details": "details",
        "with": "with",
        "reported": "reported",
        "reported_hint": "The article does not say when; this is the date it was published.",
        "as_of": "As of",
        "cite_this": "Cite this page",
        "copy": "Copy",
        "copied": "Copied",
        "download": "Download",
        "citation_key": "Citation key",
        "sheet_fact_citations": "Every fact on this sheet, for reference managers:",
        "data": "Data",
        "date": "Date",
        "figure": "Figure",
        "statement": "Statement",
        "subject": "Subject",
        "object": "Object",
        "permalink": "Permalink",
        "no_facts": "No facts yet.",
        "done": "done",
        "planned": "planned",
        "expected": "expected",
        "draft": "draft",
        "conflict": "Sources disagree",
        "conflict_value": "different figures",
        "conflict_unit": "different units",
        "conflict_date": "different dates",
        "licence": "Licence",
        "made_with": "Made with",
        "feed": "Feed",
        "not_found": "Page not found",
        "not_found_text": "The page you asked for does not exist or has moved.",
        "field_founded": "Founded",
        "field_headquarters": "Headquarters",
        "field_website": "Website",
        "field_wikidata": "Wikidata",
        "field_ticker": "Ticker",
        "field_parent": "Part of",
        "field_people": "People",
        "field_role": "Role",
        "field_employer": "Works for",
        "field_country": "Country",
        "field_location": "Location",
        "field_date": "Date",
        "field_organizer": "Organiser",
        "field_ceo": "Chief executive",
        "field_industry": "Industry",
        "fact_sheet": "Fact sheet",
        "and_n_more": "and {n} more",
        "annotated_article": "annotated article",
        "citation_author_date": "For a list of sources",
        "citation_note": "For a footnote",
        "cite_the_data": "Cite the data",
        "cite_this_fact": "Cite this fact",
        "contents": "Contents",
        "data_intro": (
            "Every fact and entity of this site as data, free to reuse under the site licence. Each file is "
            "described by a JSON Schema; addresses in the files are relative to the site root."
        ),
        "data_per_entity": "One file per entity",
        "date_reported": "Reported",
        "file": "File",
        "format": "Format",
        "history": "History",
        "horizon": "Horizon",
        "schema": "Schema",
        "sentence_at_source": "sentence at the source",
        "summary_by": "Summary by",
        "based_on": "Based on",
        "articles_heading": "Articles",
        "reports_heading": "Reports the articles are based on",
        "data_file_entities_json": (
            "Every entity: id, name, kind, the address of its sheet, other names and profile fields."
        ),
        "data_file_facts_json": (
            "Every fact: kind, entities, figure and kind of claim, dates, every source with the exact "
            "sentence, conflicts."
        ),
        "data_file_facts_csv": "The facts as a table, one row per fact, for spreadsheets.",
        # drafts and what a newcomer saw (issue 12, items 5 and 7)
        "draft_hint": "Unconfirmed: proposed by the annotation tool and not checked yet.",
        "drafts_build": "This build shows unconfirmed drafts, marked “draft”.",
        "precision_legend": "Date precision",
        "precision_day": "day",
        "precision_month": "month",
        "precision_year": "year",
        # pictures (generator/render/charts.py, chart_context.py)
        "chart_timeline_of": "Timeline of {name}",
        "chart_breaks": "Long stretches without facts are cut out of the time axis (two slanted strokes).",
        "chart_grouped": "Busy periods are drawn as one bar with the number of their facts.",
        "chart_legend_day": "a day",
        "chart_legend_reported": "date of publication: the article does not say when",
        "chart_legend_span": "a month or a year: the date is no more precise",
        "chart_legend_range": "until its horizon (plans and spans)",
        "chart_legend_group": "several facts: their number beside it",
        "chart_legend_break": "time cut out of the axis",
        "chart_as_table": "The timeline as a table",
        "chart_what": "What",
        "chart_from_to": "{count}, from {first} to {last}.",
        "chart_conflicts_marked": "Diamonds mark the values the sources disagree on.",
        # Site search (templates/_search.html)
        "search": "Search",
        "search_fallback": "Find a fact sheet",
        "search_label": "Search the sheets, facts and articles",
        "search_kind_article": "Article",
        # Light sheets and their pages by year (issue 12).
        "all_facts_by_year": "All facts by year",
        "facts_in_all": "in all, with their sources, on the pages by year:",
        "facts_by_month": "Facts by month",
        "facts_dated_by_year": "Facts dated only by the year",
        "pages_of_period": "Pages",
        "page_n": "page {n}",
        "fact_moved": "The fact this address points to is on the page",
        "back_to_sheet": "Fact sheet",
        "latest_first": "newest first",
        "sources_by_year": "Sources by year",
        "latest_articles": "Latest articles",
        # SQLite export (data/factsheets.db)
        "data_file_factsheets_db": (
            "Entities, facts, their sources and relations as one SQLite database, with a full-text index."
        ),
        "data_open_database": "Open the database with",
        "data_or_explore": "or explore it in the browser with",
    },
    "it": {
        "skip_to_content": "Vai al contenuto",
        "site_navigation": "Navigazione principale",
        "all_entities": "Tutte le schede",
        "latest_facts": "Ultimi fatti",
        "key_figures": "Cifre chiave",
        "relations": "Relazioni",
        "timeline": "Cronologia",
        "timeline_by_year": "Fatti per anno",
        "timeline_latest": "Fatti più recenti",
        "sources": "Fonti",
        "source": "Fonte",
        "source_article": "Articolo di origine",
        "original": "Articolo originale",
        "facts": "fatti",
        "profile": "Scheda",
        "kind": "Tipo",
        "also_known_as": "Noto anche come",
        "mentioned_in": "Citato in",
        "details": "dettagli",
        "with": "con",
        "reported": "data di pubblicazione",
        "reported_hint": "L'articolo non dice quando; questa è la data in cui è stato pubblicato.",
        # "Aggiornamento:" rather than "aggiornato al": no article to elide before "8 settembre", "11 …".
        "as_of": "Aggiornamento:",
        "cite_this": "Cita questa pagina",
        "copy": "Copia",
        "copied": "Copiato",
        "download": "Scarica",
        "citation_key": "Chiave di citazione",
        "sheet_fact_citations": "Tutti i fatti di questa scheda, per i gestori di bibliografie:",
        "data": "Dati",
        "date": "Data",
        "figure": "Cifra",
        "statement": "Affermazione",
        "subject": "Soggetto",
        "object": "Oggetto",
        "permalink": "Link permanente",
        "no_facts": "Ancora nessun fatto.",
        "done": "concluso",
        "planned": "in programma",
        "expected": "atteso",
        "draft": "bozza",
        "conflict": "Le fonti non concordano",
        "conflict_value": "cifre diverse",
        "conflict_unit": "unità diverse",
        "conflict_date": "date diverse",
        "licence": "Licenza",
        "made_with": "Realizzato con",
        "feed": "Feed",
        "not_found": "Pagina non trovata",
        "not_found_text": "La pagina richiesta non esiste o è stata spostata.",
        "field_founded": "Fondazione",
        "field_headquarters": "Sede",
        "field_website": "Sito web",
        "field_wikidata": "Wikidata",
        "field_ticker": "Titolo",
        "field_parent": "Fa parte di",
        "field_people": "Persone",
        "field_role": "Ruolo",
        "field_employer": "Lavora per",
        "field_country": "Paese",
        "field_location": "Luogo",
        "field_date": "Data",
        "field_organizer": "Organizzatore",
        "field_ceo": "Amministratore delegato",
        "field_industry": "Settore",
        "fact_sheet": "Scheda",
        "and_n_more": "e altri {n}",
        "annotated_article": "articolo annotato",
        "citation_author_date": "Per un elenco delle fonti",
        "citation_note": "Per una nota a piè di pagina",
        "cite_the_data": "Cita i dati",
        "cite_this_fact": "Cita questo fatto",
        "contents": "Contenuto",
        "data_intro": (
            "Tutti i fatti e le schede di questo sito come dati, riutilizzabili secondo la licenza del "
            "sito. Ogni file è descritto da uno schema JSON; gli indirizzi nei file sono relativi alla "
            "radice del sito."
        ),
        "data_per_entity": "Un file per scheda",
        "date_reported": "Pubblicato",
        "file": "File",
        "format": "Formato",
        "history": "Storico",
        "horizon": "Orizzonte",
        "schema": "Schema",
        "sentence_at_source": "frase nella fonte",
        "summary_by": "Sintesi di",
        "based_on": "Basato su",
        "articles_heading": "Articoli",
        "reports_heading": "Articoli di stampa su cui si basano",
        "data_file_entities_json": (
            "Tutte le schede: id, nome, tipo, indirizzo della pagina, altri nomi e campi del profilo."
        ),
        "data_file_facts_json": (
            "Tutti i fatti: tipo, soggetti, cifra e tipo di affermazione, date, ogni fonte con la frase "
            "esatta, conflitti."
        ),
        "data_file_facts_csv": "I fatti in tabella, una riga per fatto, per i fogli di calcolo.",
        # drafts and what a newcomer saw (issue 12, items 5 and 7)
        "draft_hint": "Non confermato: proposto dallo strumento di annotazione e non ancora verificato.",
        "drafts_build": "Questa versione mostra bozze non confermate, segnate con “bozza”.",
        "precision_legend": "Precisione della data",
        "precision_day": "giorno",
        "precision_month": "mese",
        "precision_year": "anno",
        # pictures (generator/render/charts.py, chart_context.py)
        "chart_timeline_of": "Cronologia di {name}",
        "chart_breaks": (
            "I lunghi periodi senza fatti sono tagliati dall'asse del tempo (due tratti obliqui)."
        ),
        "chart_grouped": "I periodi fitti sono disegnati come una barra con il numero dei loro fatti.",
        "chart_legend_day": "un giorno",
        "chart_legend_reported": "data di pubblicazione: l'articolo non dice quando",
        "chart_legend_span": "un mese o un anno: la data non è più precisa",
        "chart_legend_range": "fino all'orizzonte (piani e periodi)",
        "chart_legend_group": "più fatti: il loro numero accanto",
        "chart_legend_break": "tempo tagliato dall'asse",
        "chart_as_table": "La cronologia in tabella",
        "chart_what": "Cosa",
        "chart_from_to": "{count}, da {first} a {last}.",
        "chart_conflicts_marked": "I rombi segnano i valori su cui le fonti non concordano.",
        # Ricerca nel sito (templates/_search.html)
        "search": "Cerca",
        "search_fallback": "Trova una scheda",
        "search_label": "Cerca nelle schede, nei fatti e negli articoli",
        "search_kind_article": "Articolo",
        # Light sheets and their pages by year (issue 12).
        "all_facts_by_year": "Tutti i fatti per anno",
        "facts_in_all": "in tutto, con le loro fonti, nelle pagine per anno:",
        "facts_by_month": "Fatti per mese",
        "facts_dated_by_year": "Fatti datati solo con l'anno",
        "pages_of_period": "Pagine",
        "page_n": "pagina {n}",
        "fact_moved": "Il fatto a cui porta questo indirizzo è nella pagina",
        "back_to_sheet": "Scheda",
        "latest_first": "dal più recente",
        "sources_by_year": "Fonti per anno",
        "latest_articles": "Articoli più recenti",
        # SQLite export (data/factsheets.db)
        "data_file_factsheets_db": (
            "Entità, fatti, fonti e relazioni in un database SQLite, con un indice per la ricerca nel testo."
        ),
        "data_open_database": "Apri il database con",
        "data_or_explore": "o esploralo nel browser con",
    },
}

# Strings that hold a number: one entry per CLDR plural category the language uses ("{count}" is replaced).
UI_COUNTS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "sources_count": {"one": "{count} source", "other": "{count} sources"},
        "facts_count": {"one": "{count} fact", "other": "{count} facts"},
        "articles_count": {"one": "{count} article", "other": "{count} articles"},
        "entities_count": {"one": "{count} entity", "other": "{count} entities"},
        "values_count": {"one": "{count} value", "other": "{count} values"},
        "more_figures_count": {
            "one": "{count} more figure is among the facts by year.",
            "other": "{count} more figures are among the facts by year.",
        },
    },
    "it": {
        "sources_count": {"one": "{count} fonte", "other": "{count} fonti"},
        "facts_count": {"one": "{count} fatto", "other": "{count} fatti"},
        "articles_count": {"one": "{count} articolo", "other": "{count} articoli"},
        "entities_count": {"one": "{count} scheda", "other": "{count} schede"},
        "values_count": {"one": "{count} valore", "other": "{count} valori"},
        "more_figures_count": {
            "one": "{count} altra cifra è tra i fatti per anno.",
            "other": "Altre {count} cifre sono tra i fatti per anno.",
        },
    },
}

# --- labels of the content vocabularies ---------------------------------------------------------------

FACT_KIND_LABELS: dict[str, dict[str, str]] = {
    "investment": {"en": "Investment", "it": "Investimento"},
    "partnership": {"en": "Partnership", "it": "Collaborazione"},
    "acquisition": {"en": "Acquisition", "it": "Acquisizione"},
    "launch": {"en": "Launch", "it": "Lancio"},
    "announcement": {"en": "Announcement", "it": "Annuncio"},
    "plan": {"en": "Plan", "it": "Piano"},
    "metric": {"en": "Metric", "it": "Dato"},
    "market_share": {"en": "Market share", "it": "Quota di mercato"},
    "stock": {"en": "Stock", "it": "Borsa"},
    "appointment": {"en": "Appointment", "it": "Nomina"},
    "regulation": {"en": "Regulation", "it": "Regolamentazione"},
}

# (singular, plural)
ENTITY_KIND_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "company": {"en": ("Company", "Companies"), "it": ("Azienda", "Aziende")},
    "organization": {"en": ("Organization", "Organizations"), "it": ("Organizzazione", "Organizzazioni")},
    "product": {"en": ("Product", "Products"), "it": ("Prodotto", "Prodotti")},
    "person": {"en": ("Person", "People"), "it": ("Persona", "Persone")},
    "place": {"en": ("Place", "Places"), "it": ("Luogo", "Luoghi")},
    "event": {"en": ("Event", "Events"), "it": ("Evento", "Eventi")},
}

# --- newspaper grammar for amounts --------------------------------------------------------------------

# The words before a figure for each qualifier; "exact" and "range" take none.
QUALIFIER_WORDS: dict[str, dict[str, str]] = {
    "en": {"up_to": "up to", "over": "over", "about": "about", "at_least": "at least"},
    "it": {"up_to": "fino a", "over": "oltre", "about": "circa", "at_least": "almeno"},
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
# "name" writes the currency's name ("5 miliardi di dollari"), the Italian newsroom habit.
CURRENCY_STYLE: dict[str, str] = {"en": "symbol", "it": "name"}

# Currencies a newspaper names by their bare noun ("dollars", "yuan"): CLDR's names carry the country
# ("US dollars", "yuan cinesi"). Only currencies whose bare noun is unambiguous in the business press.
BARE_CURRENCY_NOUNS = ("USD", "EUR", "CNY", "JPY", "GBP")
# Which word of CLDR's name is the noun: the last in English ("US dollars"), the first in Italian.
CURRENCY_HEAD_WORD: dict[str, int] = {"en": -1, "it": 0}

# Units of percentage change that CLDR has no names for, by CLDR plural category.
POINT_UNITS: dict[str, dict[str, dict[str, str]]] = {
    "pp": {
        "en": {"one": "percentage point", "other": "percentage points"},
        "it": {"one": "punto percentuale", "other": "punti percentuali"},
    },
    "bp": {
        "en": {"one": "basis point", "other": "basis points"},
        "it": {"one": "punto base", "other": "punti base"},
    },
}

# Two figures of one range: typographic en dash, unspaced ("80–90%", "5–7 billion").
NUMBER_RANGE = "{0}–{1}"

# --- relations on a sheet, as phrases (issue 12) --------------------------------------------------------

# The phrase before the other entity's name, by fact kind and by the sheet entity's part in the fact:
# "subject" (Nvidia's sheet: "Invested in Intel"), "object" (Intel's sheet: "Received investment from
# Nvidia"), and, where it reads better, "person" for the sheet of a person whichever side they are on
# ("Role at Intel"; content puts people on either side of an appointment). Italian phrases avoid participles
# that would need the entity's gender ("Acquisizione da parte di", not "Acquisita da"). A kind a site
# declares itself gets `RELATION_DEFAULT`, with its label in place of {kind}.
RELATION_PHRASES: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "investment": {"subject": "Invested in", "object": "Received investment from"},
        "partnership": {"subject": "Partner of", "object": "Partner of"},
        "acquisition": {"subject": "Acquired", "object": "Acquired by"},
        "launch": {"subject": "Launched", "object": "Launched by"},
        "announcement": {"subject": "Announcement about", "object": "Announcement by"},
        "plan": {"subject": "Plan involving", "object": "In a plan of"},
        "metric": {"subject": "Figures about", "object": "Figures reported by"},
        "market_share": {"subject": "Market share in", "object": "Market share held by"},
        "stock": {"subject": "Shares traded in", "object": "Share price of"},
        "appointment": {"subject": "Appointment of", "object": "Appointment of", "person": "Role at"},
        "regulation": {"subject": "Regulatory action on", "object": "Regulatory action by"},
    },
    "it": {
        "investment": {"subject": "Ha investito in", "object": "Ha ricevuto investimenti da"},
        "partnership": {"subject": "Partner di", "object": "Partner di"},
        "acquisition": {"subject": "Ha acquisito", "object": "Acquisizione da parte di"},
        "launch": {"subject": "Ha lanciato", "object": "Lancio da parte di"},
        "announcement": {"subject": "Annuncio su", "object": "Annuncio di"},
        "plan": {"subject": "Piano che riguarda", "object": "Nei piani di"},
        "metric": {"subject": "Dati su", "object": "Dati diffusi da"},
        "market_share": {"subject": "Quota di mercato in", "object": "Quota di mercato di"},
        "stock": {"subject": "Titolo scambiato alla borsa di", "object": "Andamento del titolo di"},
        "appointment": {"subject": "Nomina di", "object": "Nomina di", "person": "Incarico presso"},
        "regulation": {"subject": "Provvedimento su", "object": "Provvedimento di"},
    },
}
RELATION_DEFAULT: dict[str, dict[str, str]] = {
    "en": {"subject": "{kind} with", "object": "{kind} with"},
    "it": {"subject": "{kind} con", "object": "{kind} con"},
}
