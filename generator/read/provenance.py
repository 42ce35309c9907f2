"""Whose words an article is, read from its front matter: `source` or `based_on`, never both.

`source:` says the text is that publisher's own (a newsroom's article, or a text it lets the site reproduce):
the site quotes its sentences as the publisher's. `based_on:` says the text is the site's own summary of one
or more reports: the site names them as what it is based on and never quotes its sentences as theirs.

The fields are declared here (tables for the engine in `fields`); `provenance` then checks that exactly one
of the two is given and makes the article's `Source` and its list of `Report`s.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem
from generator.model import Report, Source
from generator.read.fields import Check, Field, Message, check_fields, text, text_or_number
from generator.read.yamltext import YamlDocument
from generator.validators import full_date_problem, has_http_scheme

_SOURCE_EXAMPLE = "source: {{publisher: …, url: https://…, published: YYYY-MM-DD}}"
_BASED_ON_EXAMPLE = "based_on: [{{publisher: …, url: https://…, published: YYYY-MM-DD}}]"
_NEEDS_TEXT = Message("missing-field", "the front matter needs '{path}' (text)", "write '{name}: …' there")
_NEEDS_DATE = Check(
    full_date_problem,
    Message("bad-date", "{why}", "write the publication date as YYYY-MM-DD, e.g. 2025-09-18"),
)


def _not_http(url: str) -> str | None:
    return None if has_http_scheme(url) else "not an http(s) address"


def _url(required: bool) -> Field:
    check = Check(
        _not_http,
        Message(
            "bad-url",
            "the url '{value}' in '{path}' is not an http(s) address",
            "give the address of the report, starting with https://",
        ),
    )
    return Field(
        "url", str, required=required, default="", missing=_NEEDS_TEXT, convert=text, checks=(check,)
    )


def _optional_text(name: str) -> Field:
    return Field(
        name,
        str,
        default="",
        null_is_default=True,
        convert=text,
        wrong_type=Message("bad-type", "'{path}' must be text", "write it as plain text, e.g. {name}: …"),
    )


_PUBLISHER = Field("publisher", str, required=True, missing=_NEEDS_TEXT, convert=text_or_number)
_PUBLISHED = Field(
    "published", str, required=True, missing=_NEEDS_TEXT, convert=text_or_number, checks=(_NEEDS_DATE,)
)
# The publisher's own words. `licence` states the permission to reproduce another outlet's text.
SOURCE_FIELDS = (
    _PUBLISHER,
    _url(required=True),
    _PUBLISHED,
    _optional_text("author"),
    _optional_text("licence"),
)
# A report a summary is based on; its url is optional (a report known by publisher and date only).
REPORT_FIELDS = (
    _PUBLISHER,
    _url(required=False),
    _PUBLISHED,
    _optional_text("title"),
    _optional_text("author"),
)


def _unknown(where: str) -> Message:
    return Message(
        "unknown-field",
        f"unknown field '{{key}}' in {where}",
        "remove it or check its spelling (known: {known})",
        severity="warning",
    )


def _read_reports(value: Any, document: YamlDocument, keys: tuple, problems: list[Problem]) -> list[dict]:
    """`based_on`: a list of reports (one report may be written as a mapping), each checked on its own."""
    single = isinstance(value, dict)
    items = [value] if single else value
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        problems.append(
            Problem(
                document.location(*keys),
                "bad-type",
                "'based_on' must list one or more reports, each with publisher, url and published",
                f"write {_BASED_ON_EXAMPLE}".replace("{{", "{").replace("}}", "}"),
            )
        )
        return []
    return [
        check_fields(
            item,
            REPORT_FIELDS,
            document,
            problems,
            at=keys if single else (*keys, index),
            unknown=_unknown("a report of 'based_on'"),
        )
        for index, item in enumerate(items)
    ]


# The front-matter fields that say whose words the article is (`FRONT_MATTER_FIELDS` includes them).
PROVENANCE_FIELDS = (
    Field(
        "source",
        dict,
        wrong_type=Message(
            "missing-field",
            "the front matter needs 'source' with publisher, url and published",
            f"write {_SOURCE_EXAMPLE}",
        ),
        fields=SOURCE_FIELDS,
        unknown=_unknown("'source'"),
    ),
    Field("based_on", read=_read_reports),
    # A summary's own date (default: the newest report's) and author (default: site.yml's author).
    Field(
        "published",
        str,
        default="",
        null_is_default=True,
        convert=text_or_number,
        wrong_type=Message(
            "bad-date", "'published' must be a date", "write it as YYYY-MM-DD, e.g. 2025-09-19"
        ),
        checks=(_NEEDS_DATE,),
    ),
    _optional_text("author"),
)


def provenance(
    data: dict, values: dict[str, Any], document: YamlDocument, problems: list[Problem]
) -> tuple[Source, list[Report]] | None:
    """The article's source and the reports it is based on (none for a publisher's own words), from the
    checked `values`; None when it has neither or both `source` and `based_on`."""
    if "source" in data and "based_on" in data:
        problems.append(
            Problem(
                document.location("based_on"),
                "source-and-based-on",
                "the front matter has both 'source' and 'based_on'",
                "keep 'source:' if the text is that publisher's own words, or 'based_on:' if it is your "
                "summary of their reports; not both",
            )
        )
        return None
    if "based_on" in data:
        return _summary(values)
    if "source" in data:
        _warn_summary_fields(data, document, problems)
        source = values["source"] or {}
        return Source(
            publisher=source.get("publisher", ""),
            url=source.get("url", ""),
            published=source.get("published", ""),
            author=source.get("author", ""),
            licence=source.get("licence", ""),
            location=document.location("source", "publisher"),
        ), []
    problems.append(
        Problem(
            document.location(),
            "missing-field",
            "the front matter needs 'source' (the text is that publisher's own words) or 'based_on' "
            "(the text is your summary of those reports)",
            f"add {_SOURCE_EXAMPLE}, or {_BASED_ON_EXAMPLE}".replace("{{", "{").replace("}}", "}"),
        )
    )
    return None


def _summary(values: dict[str, Any]) -> tuple[Source, list[Report]]:
    reports = [
        Report(
            publisher=r["publisher"] or "",
            url=r["url"] or "",
            published=r["published"] or "",
            title=r["title"] or "",
            author=r["author"] or "",
        )
        for r in values["based_on"] or []
    ]
    newest = max((r.published for r in reports), default="")
    return Source(
        publisher="", url="", published=values["published"] or newest, author=values["author"] or ""
    ), reports


def _warn_summary_fields(data: dict, document: YamlDocument, problems: list[Problem]) -> None:
    for key in ("published", "author"):
        if key in data:
            problems.append(
                Problem(
                    document.location(key),
                    "summary-field",
                    f"'{key}' belongs to a summary (an article with 'based_on'); this article has 'source'",
                    f"write it as 'source.{key}', or remove it",
                    severity="warning",
                )
            )
