"""Reading `site.yml`: the site's title, language, address and the names citations use."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Location, Problem
from generator.model import LANGUAGES, SiteConfig
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlDocument, YamlProblem, load_yaml
from generator.render.sanitize import attribute_problem, tag_problem
from generator.vocabulary import identifier_problem

_REQUIRED = ("title", "language", "base_url", "author", "publisher")
_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_HOSTNAME = re.compile(r"^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_PIPELINE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_KNOWN = set(_REQUIRED) | {
    "description",
    "licence",
    "license",
    "cname",
    "fact_kinds",
    "pipeline",
    "allow_html",
}


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
    data = document.data
    if not isinstance(data, dict):
        return None, [
            Problem(
                document.location(),
                "bad-type",
                "site.yml must be a mapping of settings",
                "write one 'key: value' per line",
            )
        ]
    problems = []
    for key in _REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(
                Problem(
                    document.location(key) if key in data else document.location(),
                    "missing-field",
                    f"site.yml needs '{key}' (text)",
                    f"add a line '{key}: …' to site.yml",
                )
            )
    if data.get("language") not in (None, *LANGUAGES) and isinstance(data.get("language"), str):
        problems.append(
            Problem(
                document.location("language"),
                "bad-value",
                f"unsupported language '{data['language']}'",
                "use 'it' or 'en'",
            )
        )
    for key in sorted(set(data) - _KNOWN, key=str):
        problems.append(
            Problem(
                document.location(key),
                "unknown-field",
                f"unknown setting '{key}'",
                f"remove it, or check its spelling (known: {', '.join(sorted(_KNOWN))})",
                severity="warning",
            )
        )
    fact_kinds = data.get("fact_kinds") or {}
    pipeline = data.get("pipeline") or {}
    for key, value, shape in (
        ("fact_kinds", fact_kinds, "kind: {en: label, it: label}"),
        ("pipeline", pipeline, "language: installed spaCy pipeline name"),
    ):
        if not isinstance(value, dict):
            problems.append(
                Problem(
                    document.location(key), "bad-type", f"'{key}' must be a mapping", f"write it as {shape}"
                )
            )
    if isinstance(fact_kinds, dict):
        for kind in fact_kinds:
            if why := identifier_problem(kind):
                problems.append(
                    Problem(
                        document.location("fact_kinds", kind),
                        "bad-id",
                        f"'{kind}' cannot be a fact kind: {why}",
                        "name the kind with letters, digits and '_', e.g. funding_round",
                    )
                )
    if isinstance(pipeline, dict):
        for lang, name in pipeline.items():
            if lang not in LANGUAGES or not isinstance(name, str) or not _PIPELINE_NAME.match(name):
                problems.append(
                    Problem(
                        document.location("pipeline", lang),
                        "bad-value",
                        f"'{lang}: {name}' is not a language and an installed pipeline's name",
                        "write e.g. 'en: en_core_web_sm' (a package name, not a path)",
                    )
                )
    base_url = data.get("base_url")
    if isinstance(base_url, str) and base_url.strip() and not _HTTP_URL.match(base_url.strip()):
        problems.append(
            Problem(
                document.location("base_url"),
                "bad-url",
                f"base_url '{base_url}' is not an http(s) address",
                "write the site's public address, e.g. https://user.github.io/repo/",
            )
        )
    cname = data.get("cname")
    if cname not in (None, "") and (not isinstance(cname, str) or not _HOSTNAME.match(cname)):
        problems.append(
            Problem(
                document.location("cname"),
                "bad-value",
                f"cname {cname!r} is not a host name",
                "write the custom domain alone, e.g. facts.example.org",
            )
        )
    allow_html = _read_allow_html(document, problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    config = SiteConfig(
        title=data["title"].strip(),
        language=data["language"],
        base_url=data["base_url"].strip(),
        author=data["author"].strip(),
        publisher=data["publisher"].strip(),
        description=str(data.get("description") or ""),
        licence=str(data.get("licence") or data.get("license") or ""),
        cname=str(data.get("cname") or ""),
        fact_kinds={
            str(k): dict(v) if isinstance(v, dict) else {"en": str(v)} for k, v in fact_kinds.items()
        },
        pipeline={str(k): str(v) for k, v in pipeline.items()},
        extra={"allow_html": allow_html} if allow_html else {},
    )
    return config, problems


def _read_allow_html(document: YamlDocument, problems: list[Problem]) -> dict[str, object]:
    """`allow_html: {tags: […], attributes: {tag: […]}}`: what article HTML may keep beyond the defaults."""
    raw = document.data.get("allow_html")
    if raw is None:
        return {}
    shape = "allow_html: {tags: [figure, figcaption], attributes: {img: [loading], '*': [translate]}}"
    if not isinstance(raw, dict) or set(raw) - {"tags", "attributes"}:
        problems.append(
            Problem(
                document.location("allow_html"),
                "bad-type",
                "'allow_html' must be a mapping with 'tags' and/or 'attributes'",
                f"write it as {shape}",
            )
        )
        return {}

    def refuse(keys: tuple, why: str) -> None:
        problems.append(
            Problem(
                document.location("allow_html", *keys),
                "unsafe-html",
                why,
                "remove it from allow_html; article HTML keeps only what cannot run script",
            )
        )

    tags = raw.get("tags") or []
    attributes = raw.get("attributes") or {}
    if (
        not isinstance(tags, list)
        or not isinstance(attributes, dict)
        or not all(isinstance(v, list) for v in attributes.values())
    ):
        problems.append(
            Problem(
                document.location("allow_html"),
                "bad-type",
                "allow_html.tags must be a list and allow_html.attributes a mapping of tag to list",
                f"write it as {shape}",
            )
        )
        return {}
    for index, tag in enumerate(tags):
        if why := tag_problem(tag):
            refuse(("tags", index), why)
    for tag, names in attributes.items():
        if tag != "*" and (why := tag_problem(tag)):
            refuse(("attributes", tag), why)
        for index, name in enumerate(names):
            if why := attribute_problem(name):
                refuse(("attributes", tag, index), why)
    return {
        "tags": [str(t) for t in tags],
        "attributes": {str(k): [str(n) for n in v] for k, v in attributes.items()},
    }
