"""Ids that look alike: a skeleton in the spirit of Unicode's UTS #39, from the confusables table.

Two ids with one skeleton look the same to a reader (`acme` and `аcme`, whose first letter is Cyrillic), so an
article could name the wrong entity without anyone seeing it. The table is Unicode's confusables.txt as the
`confusable_homoglyphs` package ships it; that package answers "which characters look like this one" but
has no skeleton, so each character is replaced by the smallest character of its group of look-alikes.
"""

from __future__ import annotations

from functools import lru_cache

from confusable_homoglyphs import confusables


def skeleton(text: str) -> str:
    """`text` with case folded and every character replaced by its group's representative: equal skeletons
    mean the texts look alike."""
    return "".join(_representative(c) for c in text.casefold())


@lru_cache(maxsize=4096)
def _representative(character: str) -> str:
    # The table links each character to its prototype (Cyrillic 'а' -> 'a') and the prototype to all its
    # look-alikes ('a' -> 'а', 'α', 'ａ' …): two steps reach the whole group from any member of it.
    group = set(_look_alikes(character))
    for other in list(group):
        group.update(_look_alikes(other))
    return min(group)


@lru_cache(maxsize=4096)
def _look_alikes(character: str) -> tuple[str, ...]:
    """`character` and the single characters the table says look like it (case folded)."""
    found = confusables.is_confusable(character, greedy=True) or []
    others = [h["c"].casefold() for entry in found for h in entry["homoglyphs"]]
    return (character, *(c for c in others if len(c) == 1))
