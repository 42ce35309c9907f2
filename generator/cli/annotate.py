"""`factsheets annotate`."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from generator.cli.options import language_option, published_option, registry_option
from generator.cli.words import counted

log = logging.getLogger(__name__)


@click.command("annotate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--in-place",
    is_flag=True,
    help="Write into PATH itself, after saving the original as PATH.bak (refused if that exists).",
)
@language_option
@published_option
@registry_option
def annotate_command(
    path: Path, in_place: bool, language: str | None, published: str | None, content: Path
) -> None:
    """Write the pipeline's findings into PATH as draft annotations (review=draft) for a person to check.

    Without --in-place the result goes to a copy named <name>.annotated.md next to PATH.
    """
    # The core is imported when the command runs, so that `factsheets --help` loads little more than Click.
    from generator.annotate import annotate
    from generator.extract import load_registry

    report = annotate(path, load_registry(content), in_place, language, published)
    if report.backup:
        log.info("Kept the original as %s", report.backup)
    log.info(
        "Wrote %s and %s to %s; check each one marked review=draft, then remove the mark",
        counted(report.facts, "draft fact"),
        counted(report.mentions, "mention"),
        report.written,
    )
