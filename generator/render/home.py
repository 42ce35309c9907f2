"""What the home page lists as its latest facts."""

from __future__ import annotations

import heapq

from generator.model import SiteModel

LATEST_ON_HOME = 12


def latest_reported(model: SiteModel, count: int = LATEST_ON_HOME) -> list[str]:
    """The facts most recently reported, newest first: what is new to a reader, as in a newspaper.

    Ordered by when a fact happened, the list would open on plans and horizons years ahead ("a plant in
    2028") that were reported long ago. Among the facts first reported on one day, those that have happened
    by the content's "as of" date come first, latest first; plans ahead of it follow.
    """
    position = {fact_id: index for index, fact_id in enumerate(model.timeline)}

    def key(fact_id: str) -> tuple[str, bool, int]:
        fact = model.facts[fact_id]
        first_reported = min(model.articles[s.article].source.published for s in fact.sources)
        happened = fact.date.value <= model.as_of[: len(fact.date.value)]  # ISO at its precision
        return first_reported, happened, position[fact_id]

    return heapq.nlargest(count, model.timeline, key=key)
