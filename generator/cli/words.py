"""Counts in the command's messages: "1 fact", "2 facts" (the command line speaks English)."""

from __future__ import annotations

import os
from pathlib import Path


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun in the form it takes: singular for exactly one, else `plural` (noun + "s")."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def report_counts(files: int, entities: int, articles: int, facts: int) -> str:
    """ "12 files for 3 entities, 1 article and 9 facts"."""
    return (
        f"{counted(files, 'file')} for {counted(entities, 'entity', 'entities')}, "
        f"{counted(articles, 'article')} and {counted(facts, 'fact')}"
    )


def from_here(path: Path) -> str:
    """A file or folder named as a person can open it from the current directory: relative to it when the
    path lies inside it, else absolute."""
    full, here = Path(os.path.abspath(path)), Path.cwd()
    return full.relative_to(here).as_posix() if full.is_relative_to(here) else full.as_posix()
