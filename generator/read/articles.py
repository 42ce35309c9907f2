"""Reading articles: YAML front matter, then a Markdown body with inline annotations."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path

from generator.errors import ContentError, Location, Problem, errors_in
from generator.model import LANGUAGES, Annotation, Article
from generator.read.annotations import parse_annotations
from generator.read.fields import Check, Field, Message, check_fields, one_of, text_or_number
from generator.read.provenance import PROVENANCE_FIELDS, provenance
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlDocument, YamlProblem, load_yaml
from generator.validators import identifier_problem, iso_date_problem, number_problem
from generator.vocabulary import (
    FACT_ATTRIBUTES,
    MENTION_ATTRIBUTES,
    QUALIFIERS,
    REVIEW_VALUES,
    STATEMENT_ATTRIBUTES,
    STATUSES,
)

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# Front-matter fields the Article holds in fields of its own; the others are kept in `extra`.
_MODELLED_FIELDS = {"title", "language", "source", "based_on", "published", "author", "summary"}


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
    errors = errors_in(problems)
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


_NEEDS_TEXT = Message(
    "missing-field", "the front matter needs '{path}' (text)", "add '{name}: …' to the front matter"
)


def _text(name: str, *checks: Check) -> Field:
    """A required text field (a number is read as its text, spaces around it are dropped)."""
    return Field(name, str, required=True, missing=_NEEDS_TEXT, convert=text_or_number, checks=checks)


def _not_a_list_of_words(tags: object) -> str | None:
    return None if isinstance(tags, list) and all(isinstance(t, str) for t in tags) else "not a list of words"


def _not_a_date(updated: object) -> str | None:
    return iso_date_problem(str(updated))


FRONT_MATTER_FIELDS = (
    _text("title"),
    Field(
        "language",
        required=True,
        missing=Message(
            "missing-field", "the front matter needs 'language'", "write 'language: it' or 'language: en'"
        ),
        checks=(
            Check(
                one_of(LANGUAGES),
                Message(
                    "bad-value", "unsupported language {value!r}", "write 'language: it' or 'language: en'"
                ),
            ),
        ),
    ),
    *PROVENANCE_FIELDS,
    Field(
        "updated",
        null_is_default=True,
        checks=(
            Check(
                _not_a_date, Message("bad-date", "{why}", "write the date of the last update as YYYY-MM-DD")
            ),
        ),
    ),
    Field(
        "tags",
        null_is_default=True,
        checks=(
            Check(
                _not_a_list_of_words,
                Message("bad-type", "'tags' must be a list of words", "write e.g. tags: [chips, investment]"),
            ),
        ),
    ),
    Field(
        "summary",
        str,
        default="",
        wrong_type=Message("bad-type", "'summary' must be text", "write one sentence of plain text"),
    ),
)
_UNKNOWN_FIELD = Message(
    "unknown-field",
    "unknown front-matter field '{key}'",
    "remove it or check its spelling (known: {known})",
    severity="warning",
)


def _read_fields(document: YamlDocument, path: str, problems: list[Problem]):
    """Title, language, source, reports and summary of the front matter, or None when a field has an error."""
    if not isinstance(document.data, dict):
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
    values = check_fields(document.data, FRONT_MATTER_FIELDS, document, problems, unknown=_UNKNOWN_FIELD)
    words = provenance(document.data, values, document, problems)
    if words is None or any(p.severity == "error" for p in problems[count:]):
        return None
    source, based_on = words
    return values["title"], values["language"], source, based_on, values["summary"].strip()


def _blank_problem(text: str) -> str | None:
    return "is empty" if not text.strip() else None


# Attributes whose value is words of the writer's own: any text but none.
_TEXT_ATTRIBUTE_HINTS = {
    "measure": 'say what the figure measures, in quotes: measure="Share price change, Hong Kong"',
    **{
        key: f'say the fact in language "{language}", in quotes: {key}="Nvidia invested $5 billion in Intel"'
        for language, key in STATEMENT_ATTRIBUTES.items()
    },
}
_DATE_HINT = "write the date as YYYY, YYYY-MM or YYYY-MM-DD"
_NUMBER_HINT = "write the full figure in digits, e.g. value=5000000000"
# What the value of each fact attribute must be, in the order the checks report; the range check (low= with
# high=) comes between these and the closed lists below.
_FACT_VALUE_CHECKS = (
    ("date", Check(iso_date_problem, Message("bad-date", "{why}", _DATE_HINT))),
    ("until", Check(iso_date_problem, Message("bad-date", "{why}", _DATE_HINT))),
    ("value", Check(number_problem, Message("bad-value", "{why}", _NUMBER_HINT))),
    ("low", Check(number_problem, Message("bad-value", "{why}", _NUMBER_HINT))),
    ("high", Check(number_problem, Message("bad-value", "{why}", _NUMBER_HINT))),
    *(
        (key, Check(_blank_problem, Message("bad-value", "{name}= {why}", hint)))
        for key, hint in _TEXT_ATTRIBUTE_HINTS.items()
    ),
)
_FACT_CHOICE_CHECKS = tuple(
    (
        key,
        Check(
            one_of(choices),
            Message("bad-value", "'{value}' is not a valid {name}", f"use one of: {', '.join(choices)}"),
        ),
    )
    for key, choices in (("qualifier", QUALIFIERS), ("status", STATUSES), ("review", REVIEW_VALUES))
)
_ENTITY_KEYS = ("@", "subject", "object")


def check_annotations(
    article: Article, entity_ids: Collection[str], fact_kinds: Collection[str]
) -> list[Problem]:
    """Problems that need the registry: unknown ids, attributes, kinds and values; bad nesting."""
    problems: list[Problem] = []
    by_ordinal = {a.ordinal: a for a in article.annotations}
    for a in article.annotations:
        if kind_problem := _kind_problem(a):
            problems.append(kind_problem)
            continue
        problems += _attribute_problems(a, entity_ids)
        if a.kind == "fact":
            problems += _fact_problems(a, fact_kinds)
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


def _at(a: Annotation, key: str, code: str, message: str, hint: str) -> Problem:
    """A problem with attribute `key` of `a`, where that attribute is written."""
    return Problem(a.attr_locations.get(key, a.location), code, message, hint)


def _kind_problem(a: Annotation) -> Problem | None:
    """Why `a` is neither one mention nor one fact, or None when it is one of them."""
    if "@" in a.attrs and "fact" in a.attrs:
        return _at(
            a,
            "fact",
            "mixed-annotation",
            "an annotation cannot be both a mention and a fact",
            "wrap the mention in its own [words]{@id} inside the fact span",
        )
    if "@" not in a.attrs and "fact" not in a.attrs:
        return Problem(
            a.location,
            "missing-kind",
            "this annotation is neither a mention nor a fact",
            "write {@entity-id} for a mention or {fact=kind …} for a fact",
        )
    return None


def _attribute_problems(a: Annotation, entity_ids: Collection[str]) -> list[Problem]:
    """Attributes the annotation's kind does not have, and ids that name no entity."""
    allowed = MENTION_ATTRIBUTES if a.kind == "mention" else FACT_ATTRIBUTES
    names = ", ".join(k for k in allowed if k != "@")
    problems = [
        _at(a, key, "unknown-attribute", f"unknown {a.kind} attribute '{key}'", f"use only: {names}")
        for key in a.attrs
        if key not in allowed
    ]
    for key in _ENTITY_KEYS:
        value = a.attrs.get(key)
        if value is not None and value not in entity_ids:
            hint = (
                "use the id of an existing entity file"
                if identifier_problem(value)
                else f"create entities/{value}.yml, or use an existing id"
            )
            problems.append(_at(a, key, "unknown-entity", f"no entity has the id '{value}'", hint))
    return problems


def _fact_problems(a: Annotation, fact_kinds: Collection[str]) -> list[Problem]:
    """A fact's kind and attribute values, checked against the declared kinds and the value checks above."""
    problems = []
    if a.attrs["fact"] not in fact_kinds:
        problems.append(
            _at(
                a,
                "fact",
                "unknown-fact-kind",
                f"unknown fact kind '{a.attrs['fact']}'",
                f"use one of: {', '.join(sorted(fact_kinds))}, or declare it under fact_kinds in site.yml",
            )
        )
    problems += _value_problems(a, _FACT_VALUE_CHECKS)
    if ("low" in a.attrs) != ("high" in a.attrs):
        key = "low" if "low" in a.attrs else "high"
        problems.append(
            _at(
                a,
                key,
                "incomplete-range",
                "a range needs both low= and high=",
                "write e.g. low=80 high=90 unit=%",
            )
        )
    elif "low" in a.attrs and not any(p.code == "bad-value" for p in problems) and _reversed_range(a.attrs):
        problems.append(
            _at(
                a,
                "low",
                "bad-range",
                f"the range runs backwards: low={a.attrs['low']} is above high={a.attrs['high']}",
                "write the smaller figure as low= and the larger as high=",
            )
        )
    return problems + _value_problems(a, _FACT_CHOICE_CHECKS)


def _reversed_range(attrs: dict[str, str]) -> bool:
    """True when low= is above high= (both already known to be numbers)."""
    return float(attrs["low"]) > float(attrs["high"])


def _value_problems(a: Annotation, checks: tuple[tuple[str, Check], ...]) -> list[Problem]:
    """The problems of the attributes of `a` named in `checks`, in the order of `checks`."""
    problems = []
    for key, check in checks:
        if key in a.attrs and (why := check.why(a.attrs[key])):
            values = {"name": key, "value": a.attrs[key], "why": why}
            problems.append(check.message.at(a.attr_locations.get(key, a.location), **values))
    return problems
