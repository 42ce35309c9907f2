"""The closed vocabularies of the content format, in one place."""

from __future__ import annotations

import datetime as dt
import re

FACT_KINDS = (
    "investment",
    "partnership",
    "acquisition",
    "launch",
    "announcement",
    "plan",
    "metric",
    "market_share",
    "stock",
    "appointment",
    "regulation",
)
QUALIFIERS = ("exact", "up_to", "over", "about", "at_least", "range")
STATUSES = ("done", "planned", "expected")
MENTION_ATTRIBUTES = ("@", "review")
FACT_ATTRIBUTES = (
    "fact",
    "subject",
    "object",
    "date",
    "until",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "status",
    "review",
    "note",
)
REVIEW_VALUES = ("draft",)

# Ids and slugs become folder names in the site: letters (any script), digits, '-', '_' and inner dots only.
_IDENTIFIER = re.compile(r"^[^\W_][\w-]*(?:\.[\w-]+)*$")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
    if month is not None and not 1 <= month <= 12:
        return f"'{value}' has no month {month:02d}"
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return f"'{value}' is not a day of the calendar ({year}-{month:02d} has no day {day:02d})"
    return None


def iso_precision(value: str) -> str:
    """'year', 'month' or 'day' for an ISO date string."""
    return {4: "year", 7: "month", 10: "day"}[len(value)]


# Where each kind of entity lives in the built site: `<folder>/<id>/index.html`.
KIND_FOLDERS = {
    "company": "companies",
    "organization": "organizations",
    "product": "products",
    "person": "people",
    "place": "places",
    "event": "events",
}
