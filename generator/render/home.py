"""What the home page lists as its latest facts."""

from __future__ import annotations

import heapq
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
    # A fact is first reported no later than its first source reported it: taken by that date, newest
    # first, the facts' sources are looked at only until no fact left can enter the list (100,000 facts
    # at 10,000 articles, a dozen listed).
    by_first_source: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for position, fact_id in enumerate(model.timeline):
        by_first_source[published[model.facts[fact_id].sources[0].article]].append((position, fact_id))
    best: list[tuple[tuple[str, bool, int], str]] = []  # the `count` best so far, the worst first (a heap)
    for bound in sorted(by_first_source, reverse=True):
        if len(best) == count and best[0][0][0] > bound:
            break  # every fact left was first reported on `bound` or before
        for position, fact_id in by_first_source[bound]:
            fact = model.facts[fact_id]
            first_reported = min(published[source.article] for source in fact.sources)
            happened = fact.date.value <= model.as_of[: len(fact.date.value)]  # ISO at its precision
            entry = ((first_reported, happened, position), fact_id)
            if len(best) < count:
                heapq.heappush(best, entry)
            elif entry > best[0]:
                heapq.heapreplace(best, entry)
    return [fact_id for _, fact_id in sorted(best, reverse=True)]
