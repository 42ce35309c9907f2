"""Whose words an article is, and which reports a fact rests on.

An article is either a publisher's own words (`source`) or the site's own summary of other outlets' reports
(`based_on`). A summary's words are the site's: its `source` names the site's publisher and author, and only
its reports are named as what the facts come from. Corroboration counts reports, not the articles that cite
them: two summaries of one report are one report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from generator.model import Article, Report, SiteConfig, SiteFact, Source


def site_as_author(article: Article, config: SiteConfig) -> Article:
    """A summary with the site as the author of its words: the site's publisher, and the article's author
    or else the site's; own-words articles are returned as they are."""
    if not article.is_summary:
        return article
    source = article.source
    author = source.author or config.author
    return replace(
        article, source=Source(publisher=config.publisher, url="", published=source.published, author=author)
    )


def distinct_reports(articles: Iterable[Article]) -> list[Report]:
    """Every report behind `articles`, each once (by URL, or publisher, date and title), in the order met;
    of two mentions of one report, the one that gives its title (a publisher's own article does)."""
    seen: dict[str, Report] = {}
    for article in articles:
        for report in article.reports:
            known = seen.get(report.key)
            if known is None or (report.title and not known.title):
                seen[report.key] = report
    return list(seen.values())


def fact_reports(fact: SiteFact, articles: Mapping[str, Article]) -> list[Report]:
    """The distinct reports behind a fact: what its source count counts."""
    slugs = dict.fromkeys(s.article for s in fact.sources)
    return distinct_reports(articles[slug] for slug in slugs)


def reproduces_other_outlet(article: Article, config: SiteConfig) -> bool:
    """True when an own-words article names another publisher and states no permission to reproduce it."""
    source = article.source
    if article.is_summary or source.licence:
        return False
    return source.publisher.casefold() != config.publisher.strip().casefold()
