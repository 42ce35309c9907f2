"""Citations of fact sheets, facts and data exports in the formats reference managers read.

Pure functions of a `Reference`: two formatted styles (author-date and notes), BibLaTeX `@online`, BibTeX
`@misc`, RIS and CSL-JSON; the citation keys; plus the URL text fragment that jumps to a quoted sentence on a
publisher's page. Dates come from the content (or SOURCE_DATE_EPOCH), never from the clock, so two builds are
identical; on a page, the access date is marked so the theme's script can set it to the reader's day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

from anyascii import anyascii
from babel import Locale
from babel.dates import format_skeleton
from markupsafe import Markup, escape

from generator.catalogs import Translator, translator
from generator.model import SiteCatalog
from generator.render.formatting import format_iso_date
from generator.validators import source_date_epoch_day

WEBPAGE = "webpage"
DATASET = "dataset"

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


# A key part that is kept as it is: lowercase ASCII letters and digits in words joined by single hyphens.
_PLAIN_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHORT_HASH, _LONG_HASH = 6, 16


def id_key(identifier: str, hash_length: int = _SHORT_HASH) -> str:
    """The citation key of an id: the id itself when it is plain (lowercase ASCII, digits, single hyphens);
    otherwise its ASCII transliteration with a short hash of the id, so that 'société-générale' and
    'societe-generale', or a Cyrillic look-alike of 'acme' and 'acme', never share a key."""
    if _PLAIN_KEY.fullmatch(identifier):
        return identifier
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(identifier).lower()).strip("-")
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:hash_length]
    return f"{slug}-{digest}" if slug else digest


def id_keys(identifiers: Iterable[str]) -> dict[str, str]:
    """The key of each id, all distinct: a transliterated key that meets another key gets a longer hash.

    Which keys lengthen depends only on which ids exist, never on their order, so keys are stable.
    """
    ids = sorted(set(identifiers))
    keys = {i: id_key(i) for i in ids}
    taken: dict[str, int] = {}
    for key in keys.values():
        taken[key] = taken.get(key, 0) + 1
    for identifier, key in keys.items():
        if taken[key] > 1 and key != identifier:
            keys[identifier] = id_key(identifier, _LONG_HASH)
    return keys


def calendar_version(iso: str) -> str:
    """The "as of" date as a calendar version, 2025.09.25: CSL processors read 2025-09-25 as a range of
    numbers and print "Versions"."""
    return iso.replace("-", ".")


# Characters a URI may hold as they are (RFC 3986: unreserved, reserved and '%' of an escape).
_URI_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")


@lru_cache(maxsize=16384)  # a reference's URL is in each of its formats, a source's in every fact it backs
def uri(iri: str) -> str:
    """An IRI as a URI (RFC 3987): the host in IDNA, every other character outside ASCII (or not allowed
    in a URI) percent-encoded as UTF-8; a URI is returned unchanged. BibTeX prints a non-ASCII URL as
    mojibake, and not every reference manager encodes one."""
    parts = urlsplit(iri)
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="")
        netloc = f"{userinfo}{at}{host}{colon}{port}"
    rest = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    encoded = _URI_UNSAFE.sub(lambda m: quote(m.group(), safe=""), rest)
    return f"{parts.scheme}://{netloc}{encoded}" if parts.scheme else encoded


# An access date on a page, marked for `marked_html`: (how it is written, the text). Private-use characters
# cannot occur in the content's dates.
_MARK = "\ue000{}\ue001{}\ue002"
_MARKED = re.compile("\ue000([a-z]+)\ue001([^\ue002]*)\ue002")


def _access(text: str, shape: str, mark: bool) -> str:
    return _MARK.format(shape, text) if mark and text else text


def marked_html(text: str) -> Markup:
    """Text as HTML, each marked access date a `<span class="access-date" data-date-format=…>` whose
    text the theme's script sets to the reader's day (the format: long, iso, ris or csl)."""
    # Joined as text, each value escaped, and made Markup once: `Markup.format` runs Python's pure-Python
    # formatter, and `Markup.join` escapes every piece again (four times the cost, twice per fact listed).
    pieces, last = [], 0
    for match in _MARKED.finditer(text):
        shape, date = match.groups()
        pieces += (escape(text[last : match.start()]), '<span class="access-date" data-date-format="')
        pieces += (escape(shape), '">', escape(date), "</span>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("".join(pieces))


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


def _terms(locale: str, catalogs: Iterable[SiteCatalog] = ()) -> dict[str, str]:
    return _citation_terms(translator(locale, catalogs))


@lru_cache(maxsize=32)
def _citation_terms(tr: Translator) -> dict[str, str]:
    """The few words the two styles and the notes need (as a CSL locale file would give them): catalog
    messages, plain English where a language lacks one (a citation is plain text)."""
    pgettext = tr.pgettext
    return {
        # Translators: {date} is the day the page was read, {url} its address.
        "retrieved": pgettext("citation", "Retrieved {date}, from {url}"),
        # Translators: before the day the page was read ("accessed 18 September 2025").
        "accessed": pgettext("citation", "accessed"),
        # Translators: before the day the page last changed ("last modified 18 September 2025").
        "modified": pgettext("citation", "last modified"),
        # Translators: before the day the page was read, at the start of a sentence in a BibTeX note.
        "accessed_note": pgettext("citation", "Accessed"),
        "dataset": pgettext("citation", "Data set"),
        "version": pgettext("citation", "Version"),
        # Translators: "no date", in a reference whose date is unknown.
        "no_date": pgettext("citation", "n.d."),
        # Translators: {reports} is the list of the reports a fact quotes.
        "reported_by": pgettext("citation", "As reported by {reports}."),
        # Translators: {reports} is the list of reports a summary rests on, {authors} who summarised them.
        "based_on": pgettext("citation", "Based on {reports}, as summarised by {authors}."),
    }


def provenance_segments(
    quoted: list[tuple[str, str, str, str]],
    summarised: list[tuple[str, str, str, str]],
    authors: list[str],
    locale: str = "en",
    catalogs: Iterable[SiteCatalog] = (),
) -> list[tuple[str, str]]:
    """What a fact rests on, as (text, link) pieces: the reports whose own words are quoted ("As reported
    by …"), then those the site's summaries are based on and who summarised them ("Based on …, as
    summarised by …"): a summary's reports are named as reports, never as the authors of its words.
    Each report is (publisher, title, date, url); a piece's link is its URL as a URI, "" for plain text."""
    terms = _terms(locale, catalogs)
    pieces: list[tuple[str, str]] = []
    for template, reports in ((terms["reported_by"], quoted), (terms["based_on"], summarised)):
        if not reports:
            continue
        before, after = template.split("{reports}")
        pieces.append(((" " if pieces else "") + before, ""))
        pieces += _report_pieces(reports, locale)
        pieces.append((after.format(authors=", ".join(authors)), ""))
    return pieces


def provenance_text(pieces: list[tuple[str, str]]) -> str:
    """`provenance_segments` as one sentence of plain text for the machine formats' note: each URL as a URI
    (percent-encoded), as in their `url` field."""
    return "".join(link or text for text, link in pieces)


def provenance_html(pieces: list[tuple[str, str]]) -> Markup:
    """`provenance_segments` as HTML: each report's URL readable (as it was written) and a link to it."""
    return Markup(  # as `marked_html` is made
        "".join(
            f'<a href="{escape(link)}" rel="external">{escape(text)}</a>' if link else escape(text)
            for text, link in pieces
        )
    )


def _report_pieces(reports: list[tuple[str, str, str, str]], locale: str) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    for index, (publisher, title, published, url) in enumerate(reports):
        # The date as the site writes dates ("18 September 2025"), as in the sources above the line.
        when = format_iso_date(published, locale) if _date_parts(published) else ""
        named = ", ".join(p for p in (publisher, f"“{title}”" if title else "", when) if p)
        pieces.append((("; " if index else "") + named, ""))
        if url:
            pieces += [(", ", ""), (url, uri(url))]
    return pieces


# --- formatted references -----------------------------------------------------------------------------


def author_date(
    ref: Reference, locale: str = "en", mark: bool = False, catalogs: Iterable[SiteCatalog] = ()
) -> str:
    """An author-date reference in the manner of APA: Author. (Year, Month Day). Title. Site. Retrieved …"""
    terms = _terms(locale, catalogs)
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
        accessed = _access(_long_date(ref.accessed, locale), "long", mark)
        text += " " + terms["retrieved"].format(date=accessed, url=ref.url)
    else:
        text += f" {ref.url}"
    return text


def note(ref: Reference, locale: str = "en", mark: bool = False, catalogs: Iterable[SiteCatalog] = ()) -> str:
    """A first-reference note in the manner of Chicago: Author, “Title,” Site, Publisher, date, URL."""
    terms = _terms(locale, catalogs)
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
        pieces.append(f"{terms['accessed']} {_access(_long_date(ref.accessed, locale), 'long', mark)},")
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
    # Not \{ and \}: BibTeX counts an escaped brace as a brace, so an unbalanced one ends the field (or the
    # entry) early; these commands hold balanced braces only.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
# Found by one pattern and looked up: `str.translate` with a table looks up every character (the cost of
# escaping a fact's title and provenance for its sheet's downloads).
_TEX_SPECIALS = re.compile("[" + re.escape("".join(_TEX_SPECIAL)) + "]")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# Pairs that TeX's fonts join into another character ("--" an en dash, "``" a quotation mark, ",," „ …):
# an empty group between them keeps what was written, such as the "xn--" of a URL in a note.
_TEX_LIGATURE = re.compile(r"([-`'<>,])(?=\1)|([!?])(?=`)")
# The pairs `_TEX_LIGATURE` breaks: looking for them first spares most texts its search, which the
# back-reference makes slow (20 microseconds for a 250-character title).
_TEX_LIGATURE_PAIRS = ("--", "``", "''", "<<", ">>", ",,", "!`", "?`")


@lru_cache(maxsize=16384)  # the same authors, publishers and titles in every entry of a sheet's bundle
def tex_escape(text: str) -> str:
    """Text as a (UTF-8) LaTeX field value: special characters escaped, ligatures broken, whitespace
    collapsed."""
    escaped = _TEX_SPECIALS.sub(_tex_special, " ".join(text.split()))
    if any(pair in escaped for pair in _TEX_LIGATURE_PAIRS):
        escaped = _TEX_LIGATURE.sub(lambda m: m.group() + "{}", escaped)
    return escaped


def _tex_special(match: re.Match) -> str:
    return _TEX_SPECIAL[match.group()]


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


def biblatex(ref: Reference, mark: bool = False) -> str:
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
        # url is a verbatim field: not escaped, but a URI (percent-encoded), which holds no brace or space.
        ("url", f"{{{uri(ref.url)}}}"),
        ("urldate", f"{{{_access(ref.accessed, 'iso', mark)}}}" if ref.accessed else ""),
    ]
    return _bib_entry("dataset" if ref.type == DATASET else "online", ref.key, fields)


def bibtex(
    ref: Reference, mark: bool = False, locale: str = "en", catalogs: Iterable[SiteCatalog] = ()
) -> str:
    """A classic BibTeX `@misc` entry, its note in `locale`'s words. The URL is in `url` only: natbib's
    styles (plainnat …) print both `url` and `howpublished`, so giving it in both printed it twice; plain and
    apalike print neither."""
    terms = _terms(locale, catalogs)
    parts = _date_parts(ref.issued)
    extra = [ref.container_title, f"{terms['version']} {ref.version}" if ref.version else ""]
    if ref.type == DATASET:
        extra.insert(0, terms["dataset"])
    if ref.accessed:
        # Classic styles print no `urldate`: the access date is in the note too.
        extra.append(f"{terms['accessed_note']} {_access(ref.accessed, 'iso', mark)}")
    extra.append(ref.provenance.rstrip("."))
    fields = [
        ("author", _braced(ref.author, protect=True)),
        ("title", _braced(ref.title, protect=True)),
        ("organization", _braced(ref.publisher)),
        ("year", f"{{{parts[0]}}}" if parts else ""),
        ("month", _MONTHS[parts[1] - 1] if len(parts) > 1 else ""),
        ("note", _braced(". ".join(e for e in extra if e))),
        ("url", f"{{{uri(ref.url)}}}"),
        ("urldate", f"{{{_access(ref.accessed, 'iso', mark)}}}" if ref.accessed else ""),
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


def ris(ref: Reference, mark: bool = False) -> str:
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
        ("Y2", _access(_ris_date(ref.accessed), "ris", mark)),
        ("ET", ref.version),
        ("LA", ref.language),
        ("UR", uri(ref.url)),
        ("N1", ref.provenance),
    ]
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value]
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def csl_item(ref: Reference, locale: str = "en", catalogs: Iterable[SiteCatalog] = ()) -> dict:
    """A CSL-JSON item: `type` webpage or dataset, the corporate author as a literal name."""
    item: dict = {
        "id": ref.key,
        "type": DATASET if ref.type == DATASET else WEBPAGE,
        "title": ref.title,
        "author": [{"literal": ref.author}],
        "container-title": ref.container_title,
        "publisher": ref.publisher,
        "URL": uri(ref.url),
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
        # APA's style prints the genre in brackets: "[Data set]" (a `medium` would replace it).
        item["genre"] = _terms(locale, catalogs)["dataset"]
    if ref.provenance:
        item["note"] = ref.provenance
    return {k: v for k, v in item.items() if v not in ("", None)}


def csl_json(
    refs: list[Reference], locale: str = "en", mark: bool = False, catalogs: Iterable[SiteCatalog] = ()
) -> str:
    """CSL-JSON text: an array of items, one per line, UTF-8, final newline."""
    lines = []
    for ref in refs:
        line = json.dumps(
            csl_item(ref, locale, catalogs), ensure_ascii=False, separators=(", ", ": "), allow_nan=False
        )
        accessed = json.dumps([_date_parts(ref.accessed)], separators=(", ", ": "))
        if mark and _date_parts(ref.accessed):
            # The item's one "accessed" member, found by its exact text (keys are unique in an object).
            label = '"accessed": {"date-parts": '
            line = line.replace(label + accessed, label + _access(accessed, "csl", mark), 1)
        lines.append(line)
    return "[\n" + ",\n".join(lines) + "\n]\n"


def formats(ref: Reference, locale: str = "en", catalogs: Iterable[SiteCatalog] = ()) -> dict[str, str]:
    """Every representation of one reference, keyed by format name, for downloads."""
    return {
        "author_date": author_date(ref, locale, catalogs=catalogs),
        "note": note(ref, locale, catalogs=catalogs),
        "biblatex": biblatex(ref),
        "bibtex": bibtex(ref, locale=locale, catalogs=catalogs),
        "ris": ris(ref),
        "csl_json": csl_json([ref], locale, catalogs=catalogs),
    }


def page_formats(
    ref: Reference, locale: str = "en", catalogs: Iterable[SiteCatalog] = ()
) -> dict[str, Markup]:
    """`formats` as HTML for a page: the same text, its access date marked for the reader's day."""
    texts = {
        "author_date": author_date(ref, locale, mark=True, catalogs=catalogs),
        "note": note(ref, locale, mark=True, catalogs=catalogs),
        "biblatex": biblatex(ref, mark=True),
        "bibtex": bibtex(ref, mark=True, locale=locale, catalogs=catalogs),
        "ris": ris(ref, mark=True),
        "csl_json": csl_json([ref], locale, mark=True, catalogs=catalogs),
    }
    return {name: marked_html(text) for name, text in texts.items()}


def machine_formats(
    refs: list[Reference], locale: str = "en", catalogs: Iterable[SiteCatalog] = ()
) -> dict[str, str]:
    """Many references in each machine-readable format: one file per format, one entry per reference."""
    return {
        "biblatex": "\n".join(biblatex(r) for r in refs),
        "bibtex": "\n".join(bibtex(r, locale=locale, catalogs=catalogs) for r in refs),
        "ris": "".join(ris(r) for r in refs),
        "csl_json": csl_json(refs, locale, catalogs=catalogs),
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
