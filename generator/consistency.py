"""Checks across the content: links between articles, sources that disagree on a fact, and texts presented
as another outlet's own words."""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from generator.errors import Location, Problem
from generator.model import Article, Conflict, SiteConfig, SiteFact, SiteModel
from generator.provenance import fact_reports, reproduces_other_outlet
from generator.read.textfile import LineIndex
from generator.render.formatting import format_quantity
from generator.render.sanitize import SAFE_URL_SCHEMES
from generator.validators import url_scheme

if TYPE_CHECKING:
    from generator.cache.bodies import ArticleBodies

# What follows the ']' of an inline link: (target "optional title"); the title and ')' are matched apart.
_LINK_TARGET = re.compile(r"\(\s*<?([^)\s>]+)")
_LINK_END = re.compile(r'>?(?:\s+"[^"]*")?\s*\)')
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)


# What one article's links are, as `link_problems` judges them: (location, target, the slug it names
# (None for an unsafe link), the unsafe scheme or None). It follows from the article's path and text
# alone, so a preview server keeps it by (path, content hash) between builds.
_Link = tuple[Location, str, str | None, str | None]
LinkMemo = dict[tuple[str, str], list[_Link]]


def link_problems(
    articles: list[Article],
    memo: LinkMemo | None = None,
    bodies: ArticleBodies | None = None,
    slugs: Collection[str] | None = None,
) -> list[Problem]:
    """Markdown links that will not work: to articles that do not exist, or with a scheme that is removed.

    Relative links must name an article (`other-slug.md` or `../other-slug/`). Links whose scheme the page
    may not keep (javascript:, data:, tel: … anything but http, https and mailto) are removed when the page
    is rendered; that is worth a warning, as the words stay but the link goes. `memo` keeps each article's
    links between builds (only the articles not in it are read again); `bodies` those of articles that
    are heads. `slugs` are the site's articles, when `articles` are some of them.
    """
    slugs = {a.slug for a in articles} if slugs is None else set(slugs)
    problems = []
    kept: LinkMemo = {}
    for article in articles:
        token = (article.path, article.content_hash)
        links = memo.get(token) if memo is not None else None
        if links is None:
            links = _article_links(bodies.whole(article) if bodies is not None else article)
        kept[token] = links
        for location, target, slug, scheme in links:
            if scheme is not None:
                problems.append(
                    Problem(
                        location,
                        "unsafe-link",
                        f"the link '{target}' uses the scheme '{scheme}:', which is removed from the page",
                        "link to an http(s) or mailto: address, or remove the link",
                        severity="warning",
                    )
                )
            elif slug not in slugs:
                problems.append(
                    Problem(
                        location,
                        "broken-link",
                        f"the link '{target}' leads to no article",
                        f"link to an existing article file (known: {len(slugs)} articles), e.g. "
                        "other-slug.md, or use a full https:// address",
                    )
                )
    if memo is not None:
        memo.clear()
        memo.update(kept)  # the articles of this build only: a preview server's memo does not grow
    return problems


def _article_links(article: Article) -> list[_Link]:
    """The links of one article that need judging: unsafe ones, and relative ones with the slug they name."""
    lines = LineIndex(article.body, article.body_line)
    definitions = ((m.start(1), m.group(1), False) for m in _REFERENCE_DEFINITION.finditer(article.body))
    links: list[_Link] = []
    for offset, target, image in sorted([*_inline_links(article.body), *definitions]):
        location = Location(article.path, *lines.line_col(offset))
        scheme = url_scheme(html.unescape(target))  # the browser reads &#106; as j
        if scheme is not None and scheme not in SAFE_URL_SCHEMES:
            links.append((location, target, None, scheme))
            continue
        if image or scheme is not None or re.match(r"^#|^/", target):
            continue  # external, in-page or site-absolute: not ours to judge
        path = PurePosixPath(target.split("#")[0])
        links.append((location, target, path.stem if path.suffix == ".md" else path.name, None))
    return links


def _inline_links(body: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, target, is an image) of each `[text](target "title")` in `body`, in one pass over it.

    The link text runs from the first '[' after the last ']' or line break before the link's own ']'; an
    image has '!' before that '['. A target not followed by a title and ')' is no link, and no '](' inside it
    can begin one either (it would end at the same place), so the search goes on after it: every character
    is looked at a bounded number of times, however many brackets the text holds.
    """
    searched = 0  # the body before this has been searched
    text_start = 0  # where the text of a link closed after `searched` may start
    while (close := body.find("](", searched)) != -1:
        text_start = _after_last_break(body, text_start, searched, close)
        opening = body.find("[", text_start, close)
        if opening == -1:  # no text for this link: the next one closes after the next '['
            searched = text_start = body.find("[", close)
            if searched == -1:
                return
            continue
        target = _LINK_TARGET.match(body, close + 1)
        end = _LINK_END.match(body, target.end()) if target else None
        if end:
            yield target.start(1), target.group(1), body[opening - 1 : opening] == "!"
            searched = text_start = end.end()
            continue
        # Only a '](' whose '(' ends the target may still begin a link (its target starts after the space).
        searched = target.end() - 2 if target else close + 1
        text_start = _after_last_break(body, close + 1, close + 1, searched)


def _after_last_break(body: str, text_start: int, start: int, end: int) -> int:
    """`text_start`, or just after the last ']' or line break in body[start:end] if there is one."""
    return max(text_start, body.rfind("]", start, end) + 1, body.rfind("\n", start, end) + 1)


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
