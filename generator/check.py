"""Content checks beyond what reading finds: links between articles and disagreeing sources."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from generator.aggregate import quantity_text
from generator.errors import Location, Problem
from generator.model import Article, SiteModel
from generator.read.textfile import LineIndex

_INLINE_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def link_problems(articles: list[Article]) -> list[Problem]:
    """Relative Markdown links to articles that do not exist (`other-slug.md` or `../other-slug/`)."""
    slugs = {a.slug for a in articles}
    problems = []
    for article in articles:
        lines = None
        for match in _INLINE_LINK.finditer(article.body):
            target = match.group(1)
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^#|^/", target):
                continue  # external, in-page or site-absolute: not ours to judge
            path = PurePosixPath(target.split("#")[0])
            slug = path.stem if path.suffix == ".md" else path.name
            if slug in slugs:
                continue
            lines = lines or LineIndex(article.body, article.body_line)
            line, col = lines.line_col(match.start(1))
            problems.append(Problem(Location(article.path, line, col), "broken-link",
                                    f"the link '{target}' leads to no article",
                                    f"link to an existing article file (known: {len(slugs)} articles), e.g. "
                                    "other-slug.md, or use a full https:// address"))
    return problems


def conflict_warnings(model: SiteModel) -> list[Problem]:
    """One warning per disagreement between sources, at the first report of each disagreeing value."""
    warnings = []
    for conflict in model.conflicts:
        facts = [model.facts[i] for i in conflict.fact_ids]
        described = "; ".join(
            f"{value} ({', '.join(model.articles[s.article].source.publisher for s in fact.sources)})"
            for value, fact in zip(conflict.values, facts))
        first = facts[0].sources[0]
        subject = model.entities[facts[0].subject].name
        warnings.append(Problem(first.location or Location(first.article), "conflict",
                                f"sources disagree on the {conflict.field} of the {facts[0].kind} fact about "
                                f"{subject}: {described}",
                                "nothing to fix if the sources really disagree: the site shows both; otherwise "
                                "correct the annotation's value, unit or date", severity="warning"))
    return warnings


__all__ = ["conflict_warnings", "link_problems", "quantity_text"]
