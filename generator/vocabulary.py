"""The closed vocabularies of the content format, in one place."""

from __future__ import annotations

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
    "measure",
    "statement_en",
    "statement_it",
)
# What a figure measures (a key figure's label), and the fact said in one language instead of the generated
# statement: one attribute per interface language, so a bilingual site can give both.
MEASURE_ATTRIBUTE = "measure"
STATEMENT_ATTRIBUTES = {"en": "statement_en", "it": "statement_it"}
REVIEW_VALUES = ("draft",)


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
