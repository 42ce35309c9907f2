"""Reading `site.yml`: the site's title, language(s), address and the names citations use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Location, Problem
from generator.model import SiteCatalog, SiteConfig
from generator.read.fields import Check, Field, Message, check_fields, text
from generator.read.locales import language_problem, load_site_catalogs
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlDocument, YamlProblem, load_yaml
from generator.validators import (
    attribute_problem,
    identifier_problem,
    is_host_name,
    is_http_url,
    pipeline_problem,
    tag_problem,
)

_NEEDS_TEXT = Message("missing-field", "site.yml needs '{name}' (text)", "add a line '{name}: …' to site.yml")


def _not_an_address(url: str) -> str | None:
    return None if is_http_url(url) else "not an http(s) address"


def _not_a_custom_domain(cname: object) -> str | None:
    return None if cname == "" or is_host_name(cname) else "not a host name"


def _fact_kind_problem(kind: object, _labels: object) -> str | None:
    return identifier_problem(kind)


def _empty_when_falsy(value: Any) -> Any:
    """`fact_kinds:` or `pipeline:` with nothing (or an empty list) after it: none declared."""
    return value or {}


def _mapping(name: str, hint: str, entries: Check) -> Field:
    """A setting whose value maps names to values, each entry checked by `entries`."""
    not_a_mapping = Message("bad-type", "'{name}' must be a mapping", hint)
    return Field(name, dict, default={}, convert=_empty_when_falsy, wrong_type=not_a_mapping, entries=entries)


# --- allow_html ------------------------------------------------------------------------------------------

_ALLOW_HTML_SHAPE = "allow_html: {tags: [figure, figcaption], attributes: {img: [loading], '*': [translate]}}"
_ALLOW_HTML_NOT_A_MAPPING = Message(
    "bad-type", "'allow_html' must be a mapping with 'tags' and/or 'attributes'", "write it as {shape}"
)
_ALLOW_HTML_BAD_PARTS = Message(
    "bad-type",
    "allow_html.tags must be a list and allow_html.attributes a mapping of tag to list",
    "write it as {shape}",
)
_UNSAFE_HTML = Message(
    "unsafe-html", "{why}", "remove it from allow_html; article HTML keeps only what cannot run script"
)


def _read_allow_html(raw: Any, document: YamlDocument, keys: tuple, problems: list[Problem]) -> dict:
    """`allow_html: {tags: […], attributes: {tag: […]}}`: what article HTML may keep beyond the defaults."""
    if not isinstance(raw, dict) or set(raw) - {"tags", "attributes"}:
        problems.append(_ALLOW_HTML_NOT_A_MAPPING.at(document.location(*keys), shape=_ALLOW_HTML_SHAPE))
        return {}
    tags = raw.get("tags") or []
    attributes = raw.get("attributes") or {}
    if not (isinstance(tags, list) and isinstance(attributes, dict)) or not all(
        isinstance(names, list) for names in attributes.values()
    ):
        problems.append(_ALLOW_HTML_BAD_PARTS.at(document.location(*keys), shape=_ALLOW_HTML_SHAPE))
        return {}
    for where, why in _unsafe_html_names(tags, attributes):
        problems.append(_UNSAFE_HTML.at(document.location(*keys, *where), why=why))
    return {
        "tags": [str(t) for t in tags],
        "attributes": {str(k): [str(n) for n in v] for k, v in attributes.items()},
    }


def _unsafe_html_names(tags: list, attributes: dict[Any, list]) -> list[tuple[tuple, str]]:
    """(key path inside allow_html, why) for every tag or attribute a site may not allow."""
    found = [(("tags", index), why) for index, tag in enumerate(tags) if (why := tag_problem(tag))]
    for tag, names in attributes.items():
        if tag != "*" and (why := tag_problem(tag)):
            found.append((("attributes", tag), why))
        found += [
            (("attributes", tag, i), why) for i, name in enumerate(names) if (why := attribute_problem(name))
        ]
    return found


# --- languages -------------------------------------------------------------------------------------------

_LANGUAGES_SHAPE = Message(
    "bad-type",
    "'languages' must be a list of languages, the default first",
    "write e.g. 'languages: [en, it]'",
)
_REPEATED_LANGUAGE = Message(
    "bad-value", "'{value}' is listed twice in 'languages'", "name each language once: languages: [en, it]"
)
_LANGUAGE_NOT_FIRST = Message(
    "bad-value",
    "language '{value}' is not the first of languages ({languages}): the first is the default",
    "remove 'language:' (the first of 'languages' is the default) or put '{value}' first in 'languages'",
)


def _read_languages(raw: Any, document: YamlDocument, keys: tuple, problems: list[Problem]) -> tuple:
    """`languages: [en, it]`: the languages the site is built in, the default first."""
    if not isinstance(raw, list) or not raw:
        problems.append(_LANGUAGES_SHAPE.at(document.location(*keys)))
        return ()
    found: list[str] = []
    for index, value in enumerate(raw):
        where = document.location(*keys, index)
        if not isinstance(value, str):
            problems.append(_LANGUAGES_SHAPE.at(where))
        elif value in found:
            problems.append(_REPEATED_LANGUAGE.at(where, value=value))
        else:
            found.append(value)
    return tuple(found)


def _language_problems(
    values: dict[str, Any], data: dict, document: YamlDocument, catalogs: tuple[SiteCatalog, ...]
) -> list[Problem]:
    """`language`, `languages` or both; with both, `language` names the default: the first of the list.

    One rule for `language` and each entry of `languages`: a code Babel knows, with a catalog in the
    package or the site."""
    language, languages = values["language"], values["languages"]
    if "language" not in data and "languages" not in data:
        return [_NEEDS_TEXT.at(document.location("language"), name="language")]
    named = [(language, document.location("language"))] if isinstance(language, str) else []
    named += [(value, document.location("languages", data["languages"].index(value))) for value in languages]
    problems = [p for value, where in named if (p := language_problem(value, catalogs, where))]
    if language is not None and languages and language != languages[0]:
        shown = ", ".join(languages)
        problems.append(
            _LANGUAGE_NOT_FIRST.at(document.location("language"), value=language, languages=shown)
        )
    return problems


# --- texts written once or per language ------------------------------------------------------------------

_PER_LANGUAGE_SHAPE = Message(
    "bad-type",
    "'{name}' must be text, or one text per language",
    "write it as '{name}: …' or '{name}: {{en: …, it: …}}'",
)


def _per_language(name: str, required: bool):
    """A setting written once (`title: …`) or per language (`title: {en: …, it: …}`): the text, stripped, or
    a mapping of language to text; blank entries are left out."""

    def read(raw: Any, document: YamlDocument, keys: tuple, problems: list[Problem]) -> str | dict[str, str]:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, str) and (raw.strip() or not required):
            return raw.strip()
        if isinstance(raw, dict) and raw:
            bad = [
                k for k, v in raw.items() if not isinstance(k, str) or not isinstance(v, (str, int, float))
            ]
            problems += [_PER_LANGUAGE_SHAPE.at(document.location(*keys, k), name=name) for k in bad]
            texts = {k: str(v).strip() for k, v in raw.items() if k not in bad and str(v).strip()}
            if texts or bad or not required:
                return texts
        problems.append(
            (_NEEDS_TEXT if raw is None or raw == "" or raw == {} else _PER_LANGUAGE_SHAPE).at(
                document.location(*keys), name=name
            )
        )
        return ""

    return read


def _in_language(value: str | dict[str, str], language: str) -> tuple[str, str | None]:
    """A setting's text for `language`, and the language it is in when `language` has none (the first
    written): as entity descriptions fall back."""
    if not isinstance(value, dict):
        return value, None
    if value.get(language):
        return value[language], None
    first = next(iter(value), None)
    return (value[first], first) if first else ("", None)


# --- the table -------------------------------------------------------------------------------------------

SITE_FIELDS = (
    Field("title", required=True, missing=_NEEDS_TEXT, read=_per_language("title", required=True)),
    # Required unless `languages` is given (see `_language_problems`). Which languages: those Babel knows
    # that the package or the site has a catalog for (`_language_problems`, once the catalogs are read).
    Field("language", str, missing=_NEEDS_TEXT),
    Field("languages", default=(), null_is_default=True, read=_read_languages),
    Field(
        "base_url",
        str,
        required=True,
        missing=_NEEDS_TEXT,
        convert=text,
        checks=(
            Check(
                _not_an_address,
                Message(
                    "bad-url",
                    "base_url '{raw}' is not an http(s) address",
                    "write the site's public address, e.g. https://user.github.io/repo/",
                ),
            ),
        ),
    ),
    Field("author", str, required=True, missing=_NEEDS_TEXT, convert=text),
    Field("publisher", str, required=True, missing=_NEEDS_TEXT, convert=text),
    Field("description", default="", null_is_default=True, read=_per_language("description", required=False)),
    Field("licence", default=""),
    Field("license", default=""),  # the American spelling, read when `licence` is not given
    Field(
        "cname",
        default="",
        null_is_default=True,
        checks=(
            Check(
                _not_a_custom_domain,
                Message(
                    "bad-value",
                    "cname {value!r} is not a host name",
                    "write the custom domain alone, e.g. facts.example.org",
                ),
            ),
        ),
    ),
    _mapping(
        "fact_kinds",
        "write it as kind: {{en: label, it: label}}",
        Check(
            _fact_kind_problem,
            Message(
                "bad-id",
                "'{key}' cannot be a fact kind: {why}",
                "name the kind with letters, digits and '_', e.g. funding_round",
            ),
        ),
    ),
    _mapping(
        "pipeline",
        "write it as language: installed spaCy pipeline name",
        Check(
            pipeline_problem,
            Message("bad-value", "{why}", "write e.g. 'en: en_core_web_sm' (a package name, not a path)"),
        ),
    ),
    Field("allow_html", default={}, null_is_default=True, read=_read_allow_html),
)
_UNKNOWN_SETTING = Message(
    "unknown-field",
    "unknown setting '{key}'",
    "remove it, or check its spelling (known: {known})",
    severity="warning",
)


def load_site(content: Path, shown_root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Read `content/site.yml`; return the config (None if unusable) and the problems found."""
    path = content / "site.yml"
    shown = display_path(path, shown_root)
    if not path.is_file():
        return None, [
            Problem(
                Location(shown),
                "missing-file",
                "the content folder has no site.yml",
                "create site.yml with title, language, base_url, author and publisher",
            )
        ]
    try:
        document = load_yaml(read_text(path, shown), shown)
    except (TextProblem, YamlProblem) as error:
        return None, [error.problem]
    if not isinstance(document.data, dict):
        return None, [
            Problem(
                document.location(),
                "bad-type",
                "site.yml must be a mapping of settings",
                "write one 'key: value' per line",
            )
        ]
    problems: list[Problem] = []
    values = check_fields(document.data, SITE_FIELDS, document, problems, unknown=_UNKNOWN_SETTING)
    catalogs, catalog_problems = load_site_catalogs(content, shown_root)
    problems += catalog_problems
    problems += _language_problems(values, document.data, document, catalogs)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return _site_config(values, catalogs), problems


def _site_config(values: dict[str, Any], catalogs: tuple[SiteCatalog, ...] = ()) -> SiteConfig:
    allow_html = values["allow_html"]
    language = values["language"] or values["languages"][0]
    title, title_language = _in_language(values["title"], language)
    description, description_language = _in_language(values["description"], language)
    return SiteConfig(
        title=title,
        titles=values["title"] if isinstance(values["title"], dict) else {},
        title_language=title_language,
        language=language,
        languages=values["languages"],
        base_url=values["base_url"],
        author=values["author"],
        publisher=values["publisher"],
        description=description,
        descriptions=values["description"] if isinstance(values["description"], dict) else {},
        description_language=description_language,
        licence=str(values["licence"] or values["license"] or ""),
        cname=str(values["cname"] or ""),
        fact_kinds={
            str(k): dict(v) if isinstance(v, dict) else {"en": str(v)}
            for k, v in values["fact_kinds"].items()
        },
        pipeline={str(k): str(v) for k, v in values["pipeline"].items()},
        catalogs=catalogs,
        extra={"allow_html": allow_html} if allow_html else {},
    )
