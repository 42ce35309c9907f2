"""Problems are reported in the dataclass order, whatever their number; `in_order` sorts by a key."""

from __future__ import annotations

import random

from generator.errors import Location, Problem, in_order


def _problems(count: int, seed: int) -> list[Problem]:
    rng = random.Random(seed)
    paths = ["content/articles/a.md", "content/articles/b.md", "content/entities/x.yml", "content/site.yml"]
    return [
        Problem(
            Location(rng.choice(paths), rng.randint(0, 3), rng.randint(0, 3)),
            rng.choice(["conflict", "unknown-entity", "bad-date"]),
            rng.choice(["sources disagree", "no such entity", "not a date"]),
            rng.choice(["", "fix it", "look again"]),
            severity=rng.choice(["error", "warning"]),
        )
        for _ in range(count)
    ]


def test_the_order_is_the_dataclass_order_ties_included():
    for seed in range(20):
        problems = _problems(300, seed)
        ordered = in_order(problems)
        assert ordered == sorted(problems)
        # Equal problems but for their severity keep their order, as `sorted` keeps it.
        assert [p.severity for p in ordered] == [p.severity for p in sorted(problems)]
