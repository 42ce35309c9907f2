"""`factsheets extract`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import language_option, published_option, registry_option


@click.command("extract")
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
def extract_command(
    path: Path, language: str | None, published: str | None, output_format: str, content: Path
) -> None:
    """Show what the language pipeline finds in PATH: names, figures, dates and candidate facts."""
    # The core is imported when the command runs, so that `factsheets --help` loads little more than Click.
    from generator.extract import extract, load_registry

    found = extract(path, language, published, load_registry(content))
    click.echo(found.as_json() if output_format == "json" else found.as_text())
