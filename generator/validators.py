"""What a well-formed value looks like: ids, dates, URLs, hosts, languages, pipeline names, HTML names.

Every stage asks here, so a rule is written once. Each `…_problem` function returns why a value is wrong,
or None when it is right; the caller adds where it was written and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from generator.errors import ConfigError
from generator.model import LANGUAGES

# --- ids and dates ---------------------------------------------------------------------------------------

# Ids and slugs become folder names in the site: letters (any script), digits, '-', '_' and inner dots only.
_IDENTIFIER = re.compile(r"^[^\W_][\w-]*(?:\.[\w-]+)*$")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WIKIDATA_ITEM = re.compile(r"^Q[1-9][0-9]*$")


def identifier_problem(value: object) -> str | None:
    """Why `value` cannot be an entity id or article slug, or None when it can."""
    if not isinstance(value, str) or not value:
        return "it is empty or not text"
    if len(value) > 120:
        return "it is longer than 120 characters"
    if not _IDENTIFIER.match(value):
        return "it may hold only letters, digits, '-', '_' and inner dots (no spaces, slashes or '..')"
    return None


def iso_date_problem(value: object) -> str | None:
    """Why `value` is not an ISO date at year, month or day precision, or None when it is."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return f"'{value}' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:  # the calendar Python and Babel know starts at year 1; there is no year 0
        return f"'{value}' has no year: years run from 0001 to 9999"
    if month is not None and not 1 <= month <= 12:
        return f"'{value}' has no month {month:02d}"
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return f"'{value}' is not a day of the calendar ({year}-{month:02d} has no day {day:02d})"
    return None


def full_date_problem(value: str) -> str | None:
    """Why `value` is not a calendar day written YYYY-MM-DD, or None when it is."""
    return iso_date_problem(value) or (f"'{value}' is not a full date" if len(value) != 10 else None)


# The largest figure a fact may state (exclusive). Every page shows it with a scale word ("1,300 trillion"),
# Babel's decimal arithmetic formats it exactly, the SQLite export stores it as a 64-bit integer (up to
# 9.2e18) and JSON readers parse it as a double. World GDP is about 1e14 dollars; tokens or transistors
# counted in quadrillions (1e15) still fit. Beyond it lie mistakes (a 400-digit figure) or quantities a
# fact sheet cannot say in words (2e25 FLOP), which belong in a note.
LARGEST_FIGURE = 10**18


def number_problem(value: str) -> str | None:
    """Why `value` is not a finite number written in digits that a page can show, or None when it is."""
    try:
        float(value)
        number = Decimal(value.replace("_", ""))  # exact: 999999999999999999 is not rounded up to 10^18
    except (ValueError, InvalidOperation):
        return f"'{shorten_figure(value)}' is not a number"
    why = figure_problem(number)
    return f"'{shorten_figure(value)}' {why}" if why else None


def figure_problem(number: Decimal | float | int) -> str | None:
    """Why a page cannot show `number` ("is not a finite number", "is too large: …"), or None when it can."""
    number = Decimal(number) if isinstance(number, int) else Decimal(str(number))
    if not number.is_finite():
        return "is not a finite number"
    if not abs(number) < LARGEST_FIGURE:
        return "is too large: a figure must lie between -10^18 and 10^18"
    return None


def shorten_figure(value: str) -> str:
    """A figure as written, cut in the middle when it is long: '99999…99999 (400 characters)'."""
    return value if len(value) <= 24 else f"{value[:10]}…{value[-10:]} ({len(value)} characters)"


def wikidata_problem(value: object) -> str | None:
    """Why `value` is not a Wikidata item id (Q182477), or None when it is."""
    if isinstance(value, str) and _WIKIDATA_ITEM.match(value):
        return None
    return f"{value!r} is not a Wikidata item id"


# --- languages and pipelines -----------------------------------------------------------------------------

# An installed spaCy pipeline is a Python package name; anything else (a path, a URL) is refused.
_PIPELINE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def pipeline_problem(language: object, name: object) -> str | None:
    """Why `language: name` is not a supported language and an installed pipeline's name, or None."""
    if language in LANGUAGES and isinstance(name, str) and _PIPELINE_NAME.match(name):
        return None
    return f"'{language}: {name}' is not a language and an installed pipeline's name"


# --- addresses -------------------------------------------------------------------------------------------

# An absolute http(s) address with a host: what a site's address or an entity's website must be.
# (One character of the host, then anything but whitespace: a host of many characters is not re-split.)
_HTTP_URL = re.compile(r"^https?://[^\s/?#]\S*$", re.IGNORECASE)
# A host name: labels of letters, digits and inner hyphens, ending in a top-level domain of letters. The
# top-level domain of letters keeps out IP addresses, which a custom domain (GitHub Pages' CNAME) cannot be.
_HOST_NAME = re.compile(r"^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_HTTP_SCHEME = re.compile(r"^https?://")
# Browsers ignore ASCII whitespace and control characters inside a scheme, so "java\tscript:" is javascript:.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_DATA_URL = re.compile(r"^data:(?:[a-z]+/[a-z0-9.+-]+)?(?:;[^,]*)?,", re.IGNORECASE)


def is_http_url(value: object) -> bool:
    """True for an absolute http(s) address with a host and no spaces."""
    return isinstance(value, str) and bool(_HTTP_URL.match(value))


def has_http_scheme(value: str) -> bool:
    """True for text that starts with http:// or https:// (lowercase), as a cited source's address must."""
    return bool(_HTTP_SCHEME.match(value))


def is_host_name(value: object) -> bool:
    """True for a bare host name such as facts.example.org (no scheme, no path, no IP address)."""
    return isinstance(value, str) and bool(_HOST_NAME.match(value))


def url_scheme(url: str) -> str | None:
    """The scheme of `url` as a browser would read it (lowercase), or None for a relative URL."""
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", url))
    return match.group(1).lower() if match else None


def looks_like_script_url(text: str) -> bool:
    """True for text that a browser would run or decode as a document if it became a link.

    For free text that is never meant as a link ("NYSE: BABA", Italian "data: 18 settembre" pass), so
    only javascript:, vbscript: and a data: URL with a media type count.
    """
    scheme = url_scheme(text)
    if scheme in ("javascript", "vbscript"):
        return True
    return scheme == "data" and bool(_DATA_URL.match(_IGNORED_IN_SCHEME.sub("", text)))


def source_date_epoch_day(value: str | None) -> str | None:
    """The UTC day (YYYY-MM-DD) of `SOURCE_DATE_EPOCH`, None when it is unset or empty; a ConfigError when it
    is not a whole number of seconds within the years 1 to 9999. `check` and `build` both ask here."""
    if value in (None, ""):
        return None
    try:
        seconds = int(value.strip())
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
    except (ValueError, OverflowError, OSError):
        raise ConfigError(
            f"SOURCE_DATE_EPOCH is '{value}', not a whole number of seconds between the years 1 and 9999; "
            "set it to a Unix timestamp (e.g. $(git log -1 --format=%ct)) or unset it"
        ) from None


def check_base_url(url: str, origin: str = "--base-url") -> str:
    """The site's public address as every absolute URL is built from it: http(s), a host, a trailing slash.

    A missing trailing slash is added, since `actions/configure-pages` hands out `https://user.github.io/repo`.
    """
    example = "e.g. https://user.github.io/repo/ or https://facts.example.org/"
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ConfigError(
            f"{origin} '{url}' is not a valid URL; give the site's public address, {example}"
        ) from None
    if parts.scheme not in ("http", "https"):
        raise ConfigError(
            f"{origin} '{url}' must start with https:// or http://; give the site's public address, {example}"
        )
    if not parts.hostname:
        raise ConfigError(f"{origin} '{url}' names no host; give the site's public address, {example}")
    if parts.query or parts.fragment or "#" in text or "?" in text:
        raise ConfigError(
            f"{origin} '{url}' may not hold '?' or '#': the site's pages are added after it; "
            f"give only the address of the site's root, {example}"
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


# --- HTML names a site may allow in articles -------------------------------------------------------------

# Removed together with everything inside them: their content is code or another document, never text.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "textarea"})
# A site may not allow these, whatever it says: they run script, embed documents, submit forms, or reach
# into the page's head.
FORBIDDEN_TAGS = DROP_WITH_CONTENT | frozenset(
    {
        "embed",
        "applet",
        "frame",
        "frameset",
        "base",
        "link",
        "meta",
        "form",
        "input",
        "button",
        "select",
        "option",
        "svg",
        "math",
        "html",
        "head",
        "body",
        "title",
        "xmp",
        "plaintext",
        "noembed",
        "noframes",
        "portal",
        "param",
        "dialog",
    }
)
FORBIDDEN_ATTRIBUTES = frozenset(
    {
        "style",
        "srcdoc",
        "srcset",
        "formaction",
        "action",
        "form",
        "http-equiv",
        "xlink:href",
        "xmlns",
        "is",
        "ping",
        "background",
        "dynsrc",
        "lowsrc",
        "poster",
        "data",
        "codebase",
        "autofocus",
        "popover",
    }
)
_HTML_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def tag_problem(tag: object) -> str | None:
    """Why a site may not allow `tag` in article HTML, or None when it may."""
    if not isinstance(tag, str) or not _HTML_NAME.match(tag):
        return f"{tag!r} is not a tag name (lowercase letters, digits and '-')"
    if tag in FORBIDDEN_TAGS:
        return f"<{tag}> can run script, embed another document or change the page, so it is never allowed"
    return None


def attribute_problem(attribute: object) -> str | None:
    """Why a site may not allow `attribute` in article HTML, or None when it may."""
    if not isinstance(attribute, str) or not _HTML_NAME.match(attribute):
        return f"{attribute!r} is not an attribute name (lowercase letters, digits and '-')"
    if attribute.startswith("on"):
        return f"'{attribute}' is an event handler: it runs script, so it is never allowed"
    if attribute in FORBIDDEN_ATTRIBUTES:
        return f"'{attribute}' can load or run content from elsewhere, so it is never allowed"
    return None
