"""Tables of recognisers: small named functions, each registered for the anchors it reads from and the
languages it serves, and the rule that settles overlapping readings.

A component asks its table for the rules of its language once, then walks its anchors (a month name, a
number, a shape of digits) and runs the rules registered for each. Adding a pattern or a language means
registering one more function (or naming one more language on an existing one), not editing a chain:

    DATE_RULES = RuleTable("dates")

    @DATE_RULES.rule("NUMERIC", languages=("it",))
    def day_first(...): ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

R = TypeVar("R", bound=Callable)
T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule(Generic[R]):
    """One recogniser: what it is called, the anchors that start it, the languages it serves (None: all)."""

    name: str
    anchors: tuple[str, ...]
    languages: frozenset[str] | None
    read: R

    def serves(self, language: str) -> bool:
        return self.languages is None or language in self.languages


class RuleTable(Generic[R]):
    """The recognisers of one component, in the order they were registered (which is the order they run)."""

    def __init__(self, subject: str):
        self.subject = subject
        self._rules: list[Rule[R]] = []

    def rule(self, *anchors: str, languages: Iterable[str] | None = None) -> Callable[[R], R]:
        """Register the decorated function for `anchors`, in `languages` (default: every language)."""
        if not anchors:
            raise ValueError(f"a {self.subject} rule needs at least one anchor")

        def register(read: R) -> R:
            name = read.__name__.lstrip("_")
            if any(rule.name == name for rule in self._rules):
                raise ValueError(f"two {self.subject} rules are named '{name}': rename one")
            chosen = frozenset(languages) if languages is not None else None
            self._rules.append(Rule(name=name, anchors=anchors, languages=chosen, read=read))
            return read

        return register

    def __iter__(self) -> Iterator[Rule[R]]:
        return iter(self._rules)

    def for_language(self, language: str) -> dict[str, tuple[R, ...]]:
        """anchor → the functions that read from it in `language`, in registration order."""
        table: dict[str, list[R]] = {}
        for rule in self._rules:
            if rule.serves(language):
                for anchor in rule.anchors:
                    table.setdefault(anchor, []).append(rule.read)
        return {anchor: tuple(reads) for anchor, reads in table.items()}


def longest_first(candidates: Iterable[T], bounds: Callable[[T], tuple[int, int]]) -> list[T]:
    """Non-overlapping candidates in text order; where two overlap, the longer (then the earlier) wins.

    `bounds` gives a candidate's (start, end) token indexes. Among equals the one listed first wins.
    """
    chosen: list[tuple[int, T]] = []
    taken: set[int] = set()
    for candidate in sorted(candidates, key=lambda c: _longer_earlier(bounds(c))):
        start, end = bounds(candidate)
        if not any(t in taken for t in range(start, end)):
            chosen.append((start, candidate))
            taken.update(range(start, end))
    chosen.sort(key=lambda pair: pair[0])
    return [candidate for _, candidate in chosen]


def _longer_earlier(bounds: tuple[int, int]) -> tuple[int, int]:
    start, end = bounds
    return start - end, start
