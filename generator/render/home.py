"""What the home page lists as its latest facts."""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict

from generator.model import SiteModel

LATEST_ON_HOME = 12


def latest_reported(model: SiteModel, count: int = LATEST_ON_HOME) -> list[str]:
    """The facts most recently reported, newest first: what is new to a reader, as in a newspaper.

    Ordered by when a fact happened, the list would open on plans and horizons years ahead ("a plant in
    2028") that were reported long ago. Among the facts first reported on one day, those that have happened
    by the content's "as of" date come first, latest first; plans ahead of it follow.
    """
    if count <= 0:
        return []
    published = {slug: article.source.published for slug, article in model.articles.items()}
    position = dict(zip(model.timeline, itertools.count()))
    # The facts of the newest articles, a day of publication at a time, newest first: a fact not met yet is
    # reported only by older articles, so once `count` facts met were first reported after the next day,
    # none left can enter the list (a dozen listed of 100,000 facts at 10,000 articles, which looked at
    # one by one took a third of a second on every build that changed a fact).
    by_day: dict[str, list[str]] = defaultdict(list)
    for slug, day in published.items():
        by_day[day].append(slug)
    first_reported: dict[str, str] = {}
    for day in sorted(by_day, reverse=True):
        if sum(first > day for first in first_reported.values()) >= count:
            break
        for slug in by_day[day]:
            analysis = model.analysed.get(slug)
            for report in analysis.facts if analysis is not None else ():
                if report.id in position and report.id not in first_reported:
                    sources = model.facts[report.id].sources
                    first_reported[report.id] = min(published[source.article] for source in sources)
    ranked = []
    for fact_id, first in first_reported.items():
        value = model.facts[fact_id].date.value
        happened = value <= model.as_of[: len(value)]  # ISO at its precision
        ranked.append(((first, happened, position[fact_id]), fact_id))
    return [fact_id for _, fact_id in heapq.nlargest(count, ranked)]
