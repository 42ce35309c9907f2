"""Whose words an article is, read from its front matter: `source` or `based_on`, never both.

`source:` says the text is that publisher's own (a newsroom's article, or a text it lets the site reproduce):
the site quotes its sentences as the publisher's. `based_on:` says the text is the site's own summary of one
or more reports: the site names them as what it is based on and never quotes its sentences as theirs.
"""

from __future__ import annotations

import re
from typing import Any

from generator.errors import Problem
from generator.model import Report, Source
from generator.read.yamltext import YamlDocument
from generator.vocabulary import iso_date_problem

SOURCE_FIELDS = ("publisher", "url", "published", "author", "licence")
REPORT_FIELDS = ("publisher", "url", "published", "title", "author")
# Top-level fields that only a summary may have: the summary's own date and author.
SUMMARY_FIELDS = ("published", "author")
_HTTP = re.compile(r"^https?://\S", re.IGNORECASE)
_SOURCE_EXAMPLE = "source: {publisher: …, url: https://…, published: YYYY-MM-DD}"
_BASED_ON_EXAMPLE = "based_on: [{publisher: …, url: https://…, published: YYYY-MM-DD}]"


def read_provenance(
    data: dict, document: YamlDocument, problems: list[Problem]
) -> tuple[Source, list[Report]] | None:
    """The article's source and the reports it is based on (empty for a source's own words).

    Appends every problem to `problems`; returns None when there is an error.
    """
    count = len(problems)
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
        result = _read_summary(data, document, problems)
    elif "source" in data:
        result = _read_own_words(data, document, problems)
    else:
        problems.append(
            Problem(
                document.location(),
                "missing-field",
                "the front matter needs 'source' (the text is that publisher's own words) or 'based_on' "
                "(the text is your summary of those reports)",
                f"add {_SOURCE_EXAMPLE}, or {_BASED_ON_EXAMPLE}",
            )
        )
        return None
    return None if any(p.severity == "error" for p in problems[count:]) else result


def _read_own_words(data: dict, document: YamlDocument, problems: list[Problem]) -> tuple[Source, list]:
    source = data["source"]
    if not isinstance(source, dict):
        problems.append(
            Problem(
                document.location("source"),
                "missing-field",
                "the front matter needs 'source' with publisher, url and published",
                f"write {_SOURCE_EXAMPLE}",
            )
        )
        source = {}
    values = _read_entry(source, ("source",), SOURCE_FIELDS, document, problems, url_required=True)
    for key in SUMMARY_FIELDS:
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
    where = document.location("source", "publisher")
    return Source(
        values["publisher"], values["url"], values["published"], values["author"], values["licence"], where
    ), []


def _read_summary(data: dict, document: YamlDocument, problems: list[Problem]) -> tuple[Source, list]:
    items = data["based_on"]
    single = isinstance(items, dict)  # one report written as a mapping reads as a list of one
    if single:
        items = [items]
    if not isinstance(items, list) or not items:
        problems.append(
            Problem(
                document.location("based_on"),
                "bad-type",
                "'based_on' must list one or more reports",
                f"write {_BASED_ON_EXAMPLE}",
            )
        )
        return Source("", "", ""), []
    reports = [
        _read_report(item, ("based_on",) if single else ("based_on", i), document, problems)
        for i, item in enumerate(items)
    ]
    published = _optional_date(data.get("published"), ("published",), document, problems)
    author = _optional_text(data.get("author"), ("author",), document, problems)
    newest = max((r.published for r in reports), default="")
    return Source("", "", published or newest, author), reports


def _read_report(item: Any, keys: tuple, document: YamlDocument, problems: list[Problem]) -> Report:
    if not isinstance(item, dict):
        problems.append(
            Problem(
                document.location(*keys),
                "bad-type",
                "each report in 'based_on' must be a mapping of publisher, url and published",
                "write it as '- publisher: …' with 'url:' and 'published:' on the lines below",
            )
        )
        item = {}
    values = _read_entry(item, keys, REPORT_FIELDS, document, problems, url_required=False)
    return Report(values["publisher"], values["url"], values["published"], values["title"], values["author"])


def _read_entry(
    mapping: dict,
    keys: tuple,
    known: tuple[str, ...],
    document: YamlDocument,
    problems: list[Problem],
    url_required: bool,
) -> dict[str, str]:
    """A source or a report: publisher (text), url (http or https), published (YYYY-MM-DD), the rest text."""
    values = {"publisher": _required_text(mapping, (*keys, "publisher"), document, problems)}
    if url_required or "url" in mapping:
        values["url"] = _url(
            _required_text(mapping, (*keys, "url"), document, problems), keys, document, problems
        )
    else:
        values["url"] = ""
    published = _required_text(mapping, (*keys, "published"), document, problems)
    values["published"] = _full_date(published, (*keys, "published"), document, problems)
    for key in known[3:]:
        values[key] = _optional_text(mapping.get(key), (*keys, key), document, problems)
    for key in sorted(set(mapping) - set(known), key=str):
        problems.append(
            Problem(
                document.location(*keys, key),
                "unknown-field",
                f"unknown field '{key}' in '{_dotted(keys)}'",
                f"remove it or check its spelling (known: {', '.join(sorted(known))})",
                severity="warning",
            )
        )
    return values


def _dotted(keys: tuple) -> str:
    return ".".join(str(k) for k in keys)


def _required_text(mapping: dict, keys: tuple, document: YamlDocument, problems: list[Problem]) -> str:
    value = mapping.get(keys[-1])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.append(
        Problem(
            document.location(*keys),
            "missing-field",
            f"the front matter needs '{_dotted(keys)}' (text)",
            f"add '{keys[-1]}: …' to '{_dotted(keys[:-1])}'",
        )
    )
    return ""


def _optional_text(value: Any, keys: tuple, document: YamlDocument, problems: list[Problem]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    problems.append(
        Problem(
            document.location(*keys),
            "bad-type",
            f"'{_dotted(keys)}' must be text",
            f"write it as plain text, e.g. {keys[-1]}: …",
        )
    )
    return ""


def _url(url: str, keys: tuple, document: YamlDocument, problems: list[Problem]) -> str:
    if url and not _HTTP.match(url):
        problems.append(
            Problem(
                document.location(*keys, "url"),
                "bad-url",
                f"the {keys[0]} url '{url}' is not an http(s) address",
                "give the address of the report, starting with https://",
            )
        )
    return url


def _full_date(value: str, keys: tuple, document: YamlDocument, problems: list[Problem]) -> str:
    if value and ((why := iso_date_problem(value)) or len(value) != 10):
        problems.append(
            Problem(
                document.location(*keys),
                "bad-date",
                why or f"'{value}' is not a full date",
                "write the publication date as YYYY-MM-DD, e.g. 2025-09-18",
            )
        )
    return value


def _optional_date(value: Any, keys: tuple, document: YamlDocument, problems: list[Problem]) -> str:
    if value is None:
        return ""
    return _full_date(str(value).strip(), keys, document, problems)
