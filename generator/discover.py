"""The discover stage: which content files there are, in a stable order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError


@dataclass
class ContentFiles:
    root: Path  # the content folder
    shown_root: Path  # what messages show paths relative to
    site: Path
    entities: list[Path]
    articles: list[Path]


def discover(content: Path) -> ContentFiles:
    """List `site.yml`, `entities/*.yml` and `articles/*.md`, sorted so every run sees the same order."""
    content = content.resolve()
    if not content.is_dir():
        raise ConfigError(
            f"the content folder '{content}' does not exist; pass --content DIR or run "
            "factsheets where a content/ folder is"
        )
    entities = sorted(
        p for p in (content / "entities").glob("*") if p.suffix in (".yml", ".yaml") and p.is_file()
    )
    # Drafts written by `factsheets annotate` are for review, not for the site.
    articles = sorted(
        p for p in (content / "articles").glob("*.md") if p.is_file() and not p.name.endswith(".annotated.md")
    )
    return ContentFiles(content, content.parent, content / "site.yml", entities, articles)
