"""Reading `site.yml`: the site's title, language, address and the names citations use."""

from __future__ import annotations

from pathlib import Path

from generator.errors import ContentError, Location, Problem
from generator.model import LANGUAGES, SiteConfig
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlProblem, load_yaml

_REQUIRED = ("title", "language", "base_url", "author", "publisher")
_KNOWN = set(_REQUIRED) | {"description", "licence", "license", "cname", "fact_kinds", "pipeline"}


def load_site(content: Path, shown_root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Read `content/site.yml`; return the config (None if unusable) and the problems found."""
    path = content / "site.yml"
    shown = display_path(path, shown_root)
    if not path.is_file():
        return None, [Problem(Location(shown), "missing-file", "the content folder has no site.yml",
                              "create site.yml with title, language, base_url, author and publisher")]
    try:
        document = load_yaml(read_text(path, shown), shown)
    except (TextProblem, YamlProblem) as error:
        return None, [error.problem]
    data = document.data
    if not isinstance(data, dict):
        return None, [Problem(document.location(), "bad-type", "site.yml must be a mapping of settings",
                              "write one 'key: value' per line")]
    problems = []
    for key in _REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(Problem(document.location(key) if key in data else document.location(),
                                    "missing-field", f"site.yml needs '{key}' (text)",
                                    f"add a line '{key}: …' to site.yml"))
    if data.get("language") not in (None, *LANGUAGES) and isinstance(data.get("language"), str):
        problems.append(Problem(document.location("language"), "bad-value",
                                f"unsupported language '{data['language']}'", "use 'it' or 'en'"))
    for key in sorted(set(data) - _KNOWN, key=str):
        problems.append(Problem(document.location(key), "unknown-field", f"unknown setting '{key}'",
                                f"remove it, or check its spelling (known: {', '.join(sorted(_KNOWN))})",
                                severity="warning"))
    fact_kinds = data.get("fact_kinds") or {}
    pipeline = data.get("pipeline") or {}
    for key, value, shape in (("fact_kinds", fact_kinds, "kind: {en: label, it: label}"),
                              ("pipeline", pipeline, "language: installed spaCy pipeline name")):
        if not isinstance(value, dict):
            problems.append(Problem(document.location(key), "bad-type", f"'{key}' must be a mapping",
                                    f"write it as {shape}"))
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
        fact_kinds={str(k): dict(v) if isinstance(v, dict) else {"en": str(v)} for k, v in fact_kinds.items()},
        pipeline={str(k): str(v) for k, v in pipeline.items()},
    )
    return config, problems
