"""Counts in the command's messages: "1 fact", "2 facts" (the command line speaks English)."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun in the form it takes: singular for exactly one, else `plural` (noun + "s")."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def report_counts(files: int, entities: int, articles: int, facts: int) -> str:
    """ "12 files for 3 entities, 1 article and 9 facts"."""
    return (
        f"{counted(files, 'file')} for {counted(entities, 'entity', 'entities')}, "
        f"{counted(articles, 'article')} and {counted(facts, 'fact')}"
    )
