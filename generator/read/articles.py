"""Reading articles: YAML front matter, then a Markdown body with inline annotations."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path

from generator.errors import ContentError, Location, Problem
from generator.model import LANGUAGES, Article
from generator.read.annotations import parse_annotations
from generator.read.provenance import read_provenance
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlDocument, YamlProblem, load_yaml
from generator.vocabulary import (
    FACT_ATTRIBUTES,
    MENTION_ATTRIBUTES,
    QUALIFIERS,
    REVIEW_VALUES,
    STATUSES,
    identifier_problem,
    iso_date_problem,
)

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_MODELLED_FIELDS = {"title", "language", "source", "based_on", "published", "author", "summary"}
_KNOWN_FIELDS = _MODELLED_FIELDS | {"tags", "updated"}


def split_front_matter(text: str) -> tuple[str, int, int] | None:
    """Return (front matter YAML, body offset, body's first line), or None when there is no front matter."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        return text[4:], len(text), -1
    body_start = end.end() + 1 if end.end() < len(text) else end.end()
    return text[4 : end.start()], body_start, text.count("\n", 0, body_start) + 1


def read_article_text(text: str, path: str, slug: str) -> tuple[Article | None, list[Problem]]:
    """Parse one article's text; return the Article (None if unusable) and every problem found."""
    problems: list[Problem] = []
    why = identifier_problem(slug)
    if why:
        problems.append(
            Problem(
                Location(path, 1, 1),
                "bad-slug",
                f"'{slug}' cannot be an article slug: {why}",
                "rename the file, e.g. nvidia-intel-2025-09-18.md",
            )
        )
    split = split_front_matter(text)
    if split is None:
        problems.append(
            Problem(
                Location(path, 1, 1),
                "missing-front-matter",
                "the article has no front matter",
                "start the file with a '---' line, the fields title, language, source (or based_on) "
                "and summary, and another '---' line",
            )
        )
        return None, problems
    yaml_text, body_start, body_line = split
    if body_line < 0:
        problems.append(
            Problem(
                Location(path, 1, 1),
                "unclosed-front-matter",
                "the front matter opened on line 1 is never closed",
                "add a line with just '---' after the last front-matter field",
            )
        )
        return None, problems
    try:
        document = load_yaml(yaml_text, path, line_offset=1)
    except YamlProblem as error:
        return None, [*problems, error.problem]
    fields = _read_fields(document, path, problems)
    parsed = parse_annotations(text[body_start:], path, body_line)
    problems.extend(parsed.problems)
    if fields is None or any(p.severity == "error" for p in problems):
        return None, problems
    title, language, source, based_on, summary = fields
    article = Article(
        slug=slug,
        path=path,
        title=title,
        language=language,
        source=source,
        summary=summary,
        text=text,
        body_start=body_start,
        body_line=body_line,
        plain=parsed.plain,
        plain_map=parsed.plain_map,
        annotations=parsed.annotations,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        extra={k: v for k, v in document.data.items() if k not in _MODELLED_FIELDS},
        based_on=based_on,
    )
    return article, problems


def parse_article(text: str, path: str, slug: str | None = None) -> Article:
    """Parse one article's text, raising ContentError with every problem when it has errors."""
    article, problems = read_article_text(text, path, slug or Path(path).stem)
    errors = [p for p in problems if p.severity == "error"]
    if errors or article is None:
        raise ContentError(errors or problems)
    return article


def read_article(path: Path, root: Path) -> tuple[Article | None, list[Problem]]:
    """Read an article file from disk."""
    shown = display_path(path, root)
    try:
        text = read_text(path, shown)
    except TextProblem as error:
        return None, [error.problem]
    return read_article_text(text, shown, unicodedata.normalize("NFC", path.stem))


def _read_fields(document: YamlDocument, path: str, problems: list[Problem]):
    data = document.data
    if not isinstance(data, dict):
        problems.append(
            Problem(
                Location(path, 2, 1),
                "bad-type",
                "the front matter must be a mapping of fields",
                "write one 'field: value' per line",
            )
        )
        return None
    count = len(problems)

    def need_text(value, *keys, code="missing-field"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            where = document.location(*keys)
            name = ".".join(str(k) for k in keys)
            problems.append(
                Problem(
                    where,
                    code,
                    f"the front matter needs '{name}' (text)",
                    f"add '{keys[-1]}: …' to the front matter",
                )
            )
            return ""
        return value.strip()

    title = need_text(data.get("title"), "title")
    language = data.get("language")
    if language not in LANGUAGES:
        problems.append(
            Problem(
                document.location("language"),
                "bad-value" if "language" in data else "missing-field",
                f"unsupported language {language!r}"
                if "language" in data
                else "the front matter needs 'language'",
                "write 'language: it' or 'language: en'",
            )
        )
    provenance = read_provenance(data, document, problems)
    updated = data.get("updated")
    if updated is not None and (why := iso_date_problem(str(updated))):
        problems.append(
            Problem(
                document.location("updated"),
                "bad-date",
                why,
                "write the date of the last update as YYYY-MM-DD",
            )
        )
    tags = data.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        problems.append(
            Problem(
                document.location("tags"),
                "bad-type",
                "'tags' must be a list of words",
                "write e.g. tags: [chips, investment]",
            )
        )
    summary = data.get("summary", "")
    if not isinstance(summary, str):
        problems.append(
            Problem(
                document.location("summary"),
                "bad-type",
                "'summary' must be text",
                "write one sentence of plain text",
            )
        )
    for key in sorted(set(data) - _KNOWN_FIELDS, key=str):
        problems.append(
            Problem(
                document.location(key),
                "unknown-field",
                f"unknown front-matter field '{key}'",
                f"remove it or check its spelling (known: {', '.join(sorted(_KNOWN_FIELDS))})",
                severity="warning",
            )
        )
    if provenance is None or any(p.severity == "error" for p in problems[count:]):
        return None
    source, based_on = provenance
    return title, language, source, based_on, (summary or "").strip()


def check_annotations(
    article: Article, entity_ids: Collection[str], fact_kinds: Collection[str]
) -> list[Problem]:
    """Problems that need the registry: unknown ids, attributes, kinds and values; bad nesting."""
    problems: list[Problem] = []
    by_ordinal = {a.ordinal: a for a in article.annotations}
    for a in article.annotations:

        def report(key, code, message, hint, a=a):
            problems.append(Problem(a.attr_locations.get(key, a.location), code, message, hint))

        if "@" in a.attrs and "fact" in a.attrs:
            report(
                "fact",
                "mixed-annotation",
                "an annotation cannot be both a mention and a fact",
                "wrap the mention in its own [words]{@id} inside the fact span",
            )
            continue
        if "@" not in a.attrs and "fact" not in a.attrs:
            problems.append(
                Problem(
                    a.location,
                    "missing-kind",
                    "this annotation is neither a mention nor a fact",
                    "write {@entity-id} for a mention or {fact=kind …} for a fact",
                )
            )
            continue
        allowed = MENTION_ATTRIBUTES if a.kind == "mention" else FACT_ATTRIBUTES
        for key in a.attrs:
            if key not in allowed:
                report(
                    key,
                    "unknown-attribute",
                    f"unknown {a.kind} attribute '{key}'",
                    f"use only: {', '.join(k for k in allowed if k != '@')}",
                )
        for key in ("@", "subject", "object"):
            value = a.attrs.get(key)
            if value is not None and value not in entity_ids:
                report(
                    key,
                    "unknown-entity",
                    f"no entity has the id '{value}'",
                    f"create entities/{value}.yml, or use an existing id"
                    if not identifier_problem(value)
                    else "use the id of an existing entity file",
                )
        if a.kind == "fact":
            if a.attrs["fact"] not in fact_kinds:
                report(
                    "fact",
                    "unknown-fact-kind",
                    f"unknown fact kind '{a.attrs['fact']}'",
                    f"use one of: {', '.join(sorted(fact_kinds))}, "
                    "or declare it under fact_kinds in site.yml",
                )
            for key in ("date", "until"):
                if key in a.attrs and (why := iso_date_problem(a.attrs[key])):
                    report(key, "bad-date", why, "write the date as YYYY, YYYY-MM or YYYY-MM-DD")
            for key in ("value", "low", "high"):
                if key in a.attrs:
                    try:
                        float(a.attrs[key])
                    except ValueError:
                        report(
                            key,
                            "bad-value",
                            f"'{a.attrs[key]}' is not a number",
                            "write the full figure in digits, e.g. value=5000000000",
                        )
            if ("low" in a.attrs) != ("high" in a.attrs):
                report(
                    "low" if "low" in a.attrs else "high",
                    "incomplete-range",
                    "a range needs both low= and high=",
                    "write e.g. low=80 high=90 unit=%",
                )
            for key, allowed_values in (
                ("qualifier", QUALIFIERS),
                ("status", STATUSES),
                ("review", REVIEW_VALUES),
            ):
                if key in a.attrs and a.attrs[key] not in allowed_values:
                    report(
                        key,
                        "bad-value",
                        f"'{a.attrs[key]}' is not a valid {key}",
                        f"use one of: {', '.join(allowed_values)}",
                    )
        parent = by_ordinal.get(a.parent) if a.parent is not None else None
        if parent is not None and (parent.kind == "mention" or a.kind == "fact"):
            problems.append(
                Problem(
                    a.location,
                    "bad-nesting",
                    f"a {a.kind} cannot sit inside a {parent.kind} (at {parent.location})",
                    "only mentions may be nested, and only inside a fact",
                )
            )
    return problems
