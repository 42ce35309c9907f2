"""`factsheets extract`."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from generator.commands.options import registry_option

log = logging.getLogger("generator.extract")

language_option = click.option(
    "--lang",
    "language",
    type=click.Choice(["it", "en"]),
    default=None,
    help="The text's language (default: the front matter's, else a guess).",
)
published_option = click.option(
    "--published",
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date that relative dates count from (default: the front matter's source.published).",
)


def load_registry(content: Path) -> list:
    """The entities of the content folder, when it has an entities/ folder; problems become warnings."""
    from generator.read.entities import load_entities

    folder = content / "entities"
    if not folder.is_dir():
        log.info("no entity registry at %s: names will not be linked", folder)
        return []
    entities, problems = load_entities(folder, content.parent)
    if problems:
        log.warning(
            "%d problems in %s (run 'factsheets check'); using the %d entities that read cleanly",
            len(problems),
            folder,
            len(entities),
        )
    return entities


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@language_option
@published_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="json for scripts (offsets into the file as read), text for people.",
)
@registry_option
def extract(
    path: Path, language: str | None, published: str | None, output_format: str, content: Path
) -> None:
    """Show what the language pipeline finds in PATH: names, figures, dates and candidate facts."""
    from generator.extract import run_extract

    click.echo(run_extract(path, language, published, load_registry(content), output_format), nl=False)
    if output_format == "json":
        click.echo()
