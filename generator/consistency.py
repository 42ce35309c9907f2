"""Checks across the content: links between articles, sources that disagree on a fact, and texts presented
as another outlet's own words."""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

from generator.errors import Location, Problem
from generator.model import Article, Conflict, SiteConfig, SiteFact, SiteModel
from generator.provenance import fact_reports, reproduces_other_outlet
from generator.read.textfile import LineIndex
from generator.render.formatting import format_quantity
from generator.render.sanitize import SAFE_URL_SCHEMES
from generator.validators import url_scheme

_INLINE_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}()\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)


def link_problems(articles: list[Article]) -> list[Problem]:
    """Markdown links that will not work: to articles that do not exist, or with a scheme that is removed.

    Relative links must name an article (`other-slug.md` or `../other-slug/`). Links whose scheme the page
    may not keep (javascript:, data:, tel: … anything but http, https and mailto) are removed when the page
    is rendered; that is worth a warning, as the words stay but the link goes.
    """
    slugs = {a.slug for a in articles}
    problems = []
    for article in articles:
        lines = LineIndex(article.body, article.body_line)
        links = [*_INLINE_LINK.finditer(article.body), *_REFERENCE_DEFINITION.finditer(article.body)]
        for match in sorted(links, key=lambda m: m.start(2)):
            image, target = match.group(1) == "!", match.group(2)
            location = Location(article.path, *lines.line_col(match.start(2)))
            scheme = url_scheme(html.unescape(target))  # the browser reads &#106; as j
            if scheme is not None and scheme not in SAFE_URL_SCHEMES:
                problems.append(
                    Problem(
                        location,
                        "unsafe-link",
                        f"the link '{target}' uses the scheme '{scheme}:', which is removed from the page",
                        "link to an http(s) or mailto: address, or remove the link",
                        severity="warning",
                    )
                )
                continue
            if image or scheme is not None or re.match(r"^#|^/", target):
                continue  # external, in-page or site-absolute: not ours to judge
            path = PurePosixPath(target.split("#")[0])
            slug = path.stem if path.suffix == ".md" else path.name
            if slug in slugs:
                continue
            problems.append(
                Problem(
                    location,
                    "broken-link",
                    f"the link '{target}' leads to no article",
                    f"link to an existing article file (known: {len(slugs)} articles), e.g. "
                    "other-slug.md, or use a full https:// address",
                )
            )
    return problems


def provenance_warnings(articles: list[Article], config: SiteConfig) -> list[Problem]:
    """A warning for each article whose `source` makes its text another outlet's own words, without the
    permission that would let the site reproduce it: most often the site's own text, mislabelled."""
    return [
        Problem(
            article.source.location or Location(article.path),
            "not-own-words",
            f"the text is presented as the own words of '{article.source.publisher}', not of this site's "
            f"publisher '{config.publisher}': every fact will quote it as theirs",
            "if the text is your summary of their report, replace 'source:' with 'based_on:'; if you may "
            "reproduce their text, add 'licence:' to the source saying what permits it",
            severity="warning",
        )
        for article in articles
        if reproduces_other_outlet(article, config)
    ]


def conflict_warnings(model: SiteModel) -> list[Problem]:
    """One warning per disagreement between sources, at the first report of each disagreeing value."""
    warnings = []
    for conflict in model.conflicts:
        facts = [model.facts[i] for i in conflict.fact_ids]
        described = "; ".join(
            f"{_shown_value(conflict, value, fact)} "
            f"({', '.join(dict.fromkeys(r.publisher for r in fact_reports(fact, model.articles)))})"
            for value, fact in zip(conflict.values, facts, strict=True)
        )
        first = facts[0].sources[0]
        subject = model.entities[facts[0].subject].name
        warnings.append(
            Problem(
                first.location or Location(first.article),
                "conflict",
                f"sources disagree on the {conflict.field} of the {facts[0].kind} fact about "
                f"{subject}: {described}",
                "nothing to fix if the sources really disagree: the site shows both; otherwise "
                "correct the annotation's value, unit or date",
                severity="warning",
            )
        )
    return warnings


def _shown_value(conflict: Conflict, value: str, fact: SiteFact) -> str:
    """A disagreeing value as a person reads it ("up to 9.7%", not the data's "up_to 9.7 %"); dates stay ISO,
    as in the annotation to correct."""
    if conflict.field == "date" or fact.quantity is None:
        return value
    return format_quantity(fact.quantity, MESSAGE_LANGUAGE)


MESSAGE_LANGUAGE = "en"  # the command line speaks English, whatever the site's language
