"""The home page's latest facts (`render/home.latest_reported`): the facts most recently first reported."""

from __future__ import annotations

import heapq
import random
from types import SimpleNamespace

import pytest

from generator.render.home import latest_reported


def _plainly(model, count: int) -> list[str]:
    """Every fact's key made, the best taken: what `latest_reported` must equal."""
    position = {fact_id: index for index, fact_id in enumerate(model.timeline)}

    def key(fact_id: str) -> tuple[str, bool, int]:
        fact = model.facts[fact_id]
        first = min(model.articles[s.article].source.published for s in fact.sources)
        return first, fact.date.value <= model.as_of[: len(fact.date.value)], position[fact_id]

    return heapq.nlargest(count, model.timeline, key=key)


def _model(seed: int, facts: int = 400, articles: int = 60) -> SimpleNamespace:
    rng = random.Random(seed)
    days = [f"2025-{m:02d}-{d:02d}" for m in (1, 2, 3) for d in (1, 9, 17)]  # few days: many ties
    slugs = [f"a{n}" for n in range(articles)]
    published = {slug: rng.choice(days) for slug in slugs}
    fact_map = {}
    for n in range(facts):
        sources = [SimpleNamespace(article=s) for s in rng.sample(slugs, rng.randint(1, 4))]
        date = rng.choice(["2024", "2025-02", "2025-02-20", "2026", "2028-06"])
        fact_map[f"f{n}"] = SimpleNamespace(sources=sources, date=SimpleNamespace(value=date))
    timeline = list(fact_map)
    rng.shuffle(timeline)
    reports: dict[str, list[SimpleNamespace]] = {slug: [] for slug in slugs}  # each article's analysis
    for fact_id, fact in fact_map.items():
        for source in fact.sources:
            reports[source.article].append(SimpleNamespace(id=fact_id))
    return SimpleNamespace(
        articles={s: SimpleNamespace(source=SimpleNamespace(published=d)) for s, d in published.items()},
        analysed={slug: SimpleNamespace(facts=facts) for slug, facts in reports.items()},
        facts=fact_map,
        timeline=timeline,
        as_of="2025-03-17",
    )


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("count", [0, 1, 12, 500])
def test_the_latest_facts_are_those_every_fact_s_key_would_give(seed: int, count: int):
    model = _model(seed)
    assert latest_reported(model, count) == _plainly(model, count)


def test_the_facts_first_reported_long_before_are_not_looked_at(monkeypatch):
    """A fact whose first source is older than the dozen listed is never weighed (its sources unread)."""
    model = _model(1, facts=2000, articles=300)
    read = []
    for fact_id, fact in model.facts.items():
        fact.sources = _Counted(fact.sources, read, fact_id)
    latest = latest_reported(model)
    weighed = len(set(read))
    assert latest == _plainly_without_counting(model)
    assert 0 < weighed < len(model.facts) / 2


class _Counted(list):
    """A fact's sources, noting the fact each time all of them are read (not only the first)."""

    def __init__(self, items, read: list, fact_id: str):
        super().__init__(items)
        self._read, self._fact_id = read, fact_id

    def __iter__(self):
        self._read.append(self._fact_id)
        return super().__iter__()


def _plainly_without_counting(model) -> list[str]:
    for fact in model.facts.values():
        fact.sources = list(fact.sources)
    return _plainly(model, 12)
