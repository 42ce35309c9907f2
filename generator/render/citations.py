"""Citations of fact sheets, facts and data exports in the formats reference managers read.

Pure functions of a `Reference`: two formatted styles (author-date and notes), BibLaTeX `@online`, BibTeX
`@misc`, RIS and CSL-JSON; plus the URL text fragment that jumps to a quoted sentence on a publisher's page.
Dates come from the content (or SOURCE_DATE_EPOCH), never from the clock, so two builds are identical.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from babel import Locale
from babel.dates import format_skeleton

from generator.validators import source_date_epoch_day

WEBPAGE = "webpage"
DATASET = "dataset"

# The few words the two styles need, per language (as a CSL locale file would give them).
_TERMS = {
    "en": {
        "retrieved": "Retrieved {date}, from {url}",
        "accessed": "accessed",
        "modified": "last modified",
        "dataset": "Data set",
        "version": "Version",
        "no_date": "n.d.",
        "reported_by": "As reported by {reports}.",
        "based_on": "Based on {reports}, as summarised by {authors}.",
    },
    "it": {
        "retrieved": "Recuperato il {date}, da {url}",
        "accessed": "consultato il",
        "modified": "ultimo aggiornamento",
        "dataset": "Set di dati",
        "version": "Versione",
        "no_date": "s.d.",
        "reported_by": "Come riportato da {reports}.",
        "based_on": "Basato su {reports}, nella sintesi di {authors}.",
    },
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Reference:
    """What a citation says about one citable thing: a sheet, a fact on it, or a data export."""

    key: str  # BibTeX key and CSL id: ASCII, stable between builds
    type: str  # WEBPAGE or DATASET
    title: str
    author: str  # a corporate author: the site's `author`
    publisher: str
    container_title: str  # the site's title
    url: str  # absolute
    issued: str  # ISO date at any precision, or ""
    accessed: str  # ISO date, or ""
    version: str = ""
    language: str = ""  # ISO 639-1
    # What the cited thing rests on, in words: the reports quoted ("As reported by …") and those a summary
    # is based on ("Based on …"). BibTeX `note`, BibLaTeX `addendum`, RIS `N1`, CSL `note`.
    provenance: str = ""


# --- dates and keys -----------------------------------------------------------------------------------


def citation_dates(as_of: str, source_date_epoch: str | None = None) -> tuple[str, str]:
    """(issued, accessed): issued is the content's "as of" date; accessed is SOURCE_DATE_EPOCH's day if set.

    The accessed date is never earlier than the issued one, and falls back to it without SOURCE_DATE_EPOCH.
    """
    accessed = as_of
    if (day := source_date_epoch_day(source_date_epoch)) is not None:  # the rule `check` applies too
        accessed = max(day, as_of) if as_of else day
    return as_of, accessed


def citation_key(*parts: str) -> str:
    """An ASCII key from readable parts: accents dropped, anything else but letters and digits a '-'."""
    cleaned = []
    for part in parts:
        ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
        slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
        cleaned.append(slug or "x")
    return ":".join(cleaned)


def _date_parts(iso: str) -> list[int]:
    return list(_parsed_date(iso or ""))


@lru_cache(maxsize=4096)
def _parsed_date(iso: str) -> tuple[int, ...]:
    match = _ISO.match(iso)
    return tuple(int(g) for g in match.groups() if g) if match else ()


@lru_cache(maxsize=4096)  # every reference of a site carries the same few dates
def _long_date(iso: str, locale: str, skeleton_day: str = "yMMMMd") -> str:
    """A date in words at its own precision: '2025', 'September 2025', 'September 26, 2025'."""
    parts = _date_parts(iso)
    if not parts:
        return ""
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    return format_skeleton(skeleton_day if len(parts) == 3 else "yMMMM", day, locale=locale)


@lru_cache(maxsize=4096)
def _month_day(iso: str, locale: str) -> str:
    return format_skeleton("MMMMd", dt.date(*_date_parts(iso)), locale=locale)


def _terms(locale: str) -> dict[str, str]:
    return _TERMS.get(locale.split("_")[0].split("-")[0], _TERMS["en"])


def provenance_text(
    quoted: list[tuple[str, str, str, str]],
    summarised: list[tuple[str, str, str, str]],
    authors: list[str],
    locale: str = "en",
) -> str:
    """What a fact rests on, in words: the reports whose own words are quoted, then those the site's
    summaries are based on and who summarised them. Each report is (publisher, title, date, url)."""
    terms = _terms(locale)
    parts = []
    if quoted:
        parts.append(terms["reported_by"].format(reports=_report_list(quoted, locale)))
    if summarised:
        names = ", ".join(authors)
        parts.append(terms["based_on"].format(reports=_report_list(summarised, locale), authors=names))
    return " ".join(parts)


def _report_list(reports: list[tuple[str, str, str, str]], locale: str) -> str:
    named = []
    for publisher, title, published, url in reports:
        pieces = [publisher, f"“{title}”" if title else "", _long_date(published, locale), url]
        named.append(", ".join(p for p in pieces if p))
    return "; ".join(named)


# --- formatted references -----------------------------------------------------------------------------


def author_date(ref: Reference, locale: str = "en") -> str:
    """An author-date reference in the manner of APA: Author. (Year, Month Day). Title. Site. Retrieved …"""
    terms = _terms(locale)
    parts = _date_parts(ref.issued)
    if not parts:
        when = terms["no_date"]
    elif len(parts) == 3:
        when = f"{parts[0]}, {_month_day(ref.issued, locale)}"
    else:
        when = _long_date(ref.issued, locale)
    title = ref.title
    if ref.version:
        title += f" ({terms['version']} {ref.version})"
    if ref.type == DATASET:
        title += f" [{terms['dataset']}]"
    text = f"{_end(ref.author)} ({when}). {_end(title)}"
    for name in _distinct(ref.container_title, ref.publisher, skip=ref.author):
        text += f" {_end(name)}"
    if ref.accessed:
        text += " " + terms["retrieved"].format(date=_long_date(ref.accessed, locale), url=ref.url)
    else:
        text += f" {ref.url}"
    return text


def note(ref: Reference, locale: str = "en") -> str:
    """A first-reference note in the manner of Chicago: Author, “Title,” Site, Publisher, date, URL."""
    terms = _terms(locale)
    italian = locale.startswith("it")
    # English puts the comma inside the quotation marks; Italian outside.
    quoted = f"“{ref.title},”" if not italian else f"“{ref.title}”,"
    pieces = [f"{ref.author}, {quoted}"]
    pieces += [f"{name}," for name in _distinct(ref.container_title, ref.publisher, skip=ref.author)]
    if ref.type == DATASET:
        pieces.append(f"{terms['dataset'].lower()},")
    if ref.version:
        pieces.append(f"{terms['version'].lower()} {ref.version},")
    if ref.issued:
        pieces.append(f"{terms['modified']} {_long_date(ref.issued, locale)},")
    if ref.accessed:
        pieces.append(f"{terms['accessed']} {_long_date(ref.accessed, locale)},")
    pieces.append(f"{ref.url}.")
    return " ".join(pieces)


def _end(text: str) -> str:
    """Text ending in a full stop, without doubling one that is there."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _distinct(*names: str, skip: str = "") -> list[str]:
    """The names that are set, each once, leaving out the one already given as the author."""
    seen, kept = {skip.casefold()}, []
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


# --- BibTeX and BibLaTeX ------------------------------------------------------------------------------

_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_TEX_TABLE = str.maketrans(_TEX_SPECIAL)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def tex_escape(text: str) -> str:
    """Text as a (UTF-8) LaTeX field value: special characters escaped, whitespace collapsed."""
    return " ".join(text.split()).translate(_TEX_TABLE)


def _bib_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in fields if value]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _braced(text: str, protect: bool = False) -> str:
    """A field value in braces; `protect` adds an inner pair so styles keep the title's capitals."""
    value = tex_escape(text)
    if not value:
        return ""
    return f"{{{{{value}}}}}" if protect else f"{{{value}}}"


@lru_cache(maxsize=64)
def _langid(language: str) -> str:
    """BibLaTeX's language name (the babel/polyglossia one): 'en' -> 'english'."""
    if not language:
        return ""
    try:
        return Locale.parse(language).get_language_name("en").lower()
    except (ValueError, LookupError):
        return ""


def biblatex(ref: Reference) -> str:
    """A BibLaTeX entry: `@online` for pages, `@dataset` for data exports."""
    fields = [
        # A corporate author in an extra pair of braces is one name, not a family name and initials.
        ("author", _braced(ref.author, protect=True)),
        ("title", _braced(ref.title, protect=True)),
        ("titleaddon", _braced(ref.container_title)),
        ("organization", _braced(ref.publisher)),
        ("date", f"{{{ref.issued}}}" if ref.issued else ""),
        ("version", _braced(ref.version)),
        ("langid", _braced(_langid(ref.language))),
        ("addendum", _braced(ref.provenance)),
        # url is a verbatim field: its characters are not escaped.
        ("url", f"{{{ref.url}}}"),
        ("urldate", f"{{{ref.accessed}}}" if ref.accessed else ""),
    ]
    return _bib_entry("dataset" if ref.type == DATASET else "online", ref.key, fields)


def bibtex(ref: Reference) -> str:
    """A classic BibTeX `@misc` entry, with `howpublished` for the styles that know no `url` field."""
    parts = _date_parts(ref.issued)
    extra = [ref.container_title, f"Version {ref.version}" if ref.version else ""]
    if ref.type == DATASET:
        extra.insert(0, "Data set")
    if ref.accessed:
        extra.append(f"Accessed {ref.accessed}")
    extra.append(ref.provenance.rstrip("."))
    fields = [
        ("author", _braced(ref.author, protect=True)),
        ("title", _braced(ref.title, protect=True)),
        ("howpublished", f"{{\\url{{{ref.url}}}}}"),
        ("organization", _braced(ref.publisher)),
        ("year", f"{{{parts[0]}}}" if parts else ""),
        ("month", _MONTHS[parts[1] - 1] if len(parts) > 1 else ""),
        ("note", _braced(". ".join(e for e in extra if e))),
        ("url", f"{{{ref.url}}}"),
        ("urldate", f"{{{ref.accessed}}}" if ref.accessed else ""),
    ]
    return _bib_entry("misc", ref.key, fields)


# --- RIS and CSL-JSON ---------------------------------------------------------------------------------


def _ris_date(iso: str) -> str:
    """RIS dates are YYYY/MM/DD with empty parts for what is not known."""
    parts = _date_parts(iso)
    if not parts:
        return ""
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]] + [""] * (3 - len(parts))
    return "/".join(padded)


def ris(ref: Reference) -> str:
    """An RIS record (`TY  - ELEC` for pages, `DATA` for data exports) with CRLF line ends, as RIS wants."""
    parts = _date_parts(ref.issued)
    tags = [
        ("TY", "DATA" if ref.type == DATASET else "ELEC"),
        ("ID", ref.key),
        ("TI", ref.title),
        ("AU", ref.author),
        ("T2", ref.container_title),
        ("PB", ref.publisher),
        ("PY", str(parts[0]) if parts else ""),
        ("DA", _ris_date(ref.issued)),
        ("Y2", _ris_date(ref.accessed)),
        ("ET", ref.version),
        ("LA", ref.language),
        ("UR", ref.url),
        ("N1", ref.provenance),
    ]
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value]
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def csl_item(ref: Reference) -> dict:
    """A CSL-JSON item: `type` webpage or dataset, the corporate author as a literal name."""
    item: dict = {
        "id": ref.key,
        "type": DATASET if ref.type == DATASET else WEBPAGE,
        "title": ref.title,
        "author": [{"literal": ref.author}],
        "container-title": ref.container_title,
        "publisher": ref.publisher,
        "URL": ref.url,
    }
    if _date_parts(ref.issued):
        item["issued"] = {"date-parts": [_date_parts(ref.issued)]}
    if _date_parts(ref.accessed):
        item["accessed"] = {"date-parts": [_date_parts(ref.accessed)]}
    if ref.version:
        item["version"] = ref.version
    if ref.language:
        item["language"] = ref.language
    if ref.type == DATASET:
        item["medium"] = "JSON, CSV"
    if ref.provenance:
        item["note"] = ref.provenance
    return {k: v for k, v in item.items() if v not in ("", None)}


def csl_json(refs: list[Reference]) -> str:
    """CSL-JSON text: an array of items, one per line, UTF-8, final newline."""
    items = [
        json.dumps(csl_item(r), ensure_ascii=False, separators=(", ", ": "), allow_nan=False) for r in refs
    ]
    return "[\n" + ",\n".join(items) + "\n]\n"


def formats(ref: Reference, locale: str = "en") -> dict[str, str]:
    """Every representation of one reference, keyed by format name, for pages and downloads."""
    return {
        "author_date": author_date(ref, locale),
        "note": note(ref, locale),
        "biblatex": biblatex(ref),
        "bibtex": bibtex(ref),
        "ris": ris(ref),
        "csl_json": csl_json([ref]),
    }


def machine_formats(refs: list[Reference]) -> dict[str, str]:
    """Many references in each machine-readable format: one file per format, one entry per reference."""
    return {
        "biblatex": "\n".join(biblatex(r) for r in refs),
        "bibtex": "\n".join(bibtex(r) for r in refs),
        "ris": "".join(ris(r) for r in refs),
        "csl_json": csl_json(refs),
    }


# --- text fragments -----------------------------------------------------------------------------------


def text_fragment_term(text: str) -> str:
    """Percent-encode a text-directive term: everything but unreserved characters, and '-' too.

    The text-fragments spec reserves '-', ',' and '&' as directive syntax; `quote` leaves '-' alone.
    """
    return quote(text, safe="").replace("-", "%2D")


def text_fragment_url(url: str, sentence: str, words: int = 8) -> str:
    """The publisher's URL with `#:~:text=` naming the start of the quoted sentence (its first words).

    A URL that already carries a directive is returned unchanged; an existing #fragment is kept before it.
    """
    start = " ".join(sentence.split()[:words])
    base, hash_mark, fragment = url.partition("#")
    if not start or ":~:" in fragment:
        return url
    return f"{base}#{fragment}:~:text={text_fragment_term(start)}"
