"""`factsheets annotate`."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from generator.cli.options import language_option, published_option, registry_option
from generator.cli.words import counted, from_here

log = logging.getLogger(__name__)


@click.command("annotate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--in-place",
    is_flag=True,
    help="Write into PATH itself, after saving the original as PATH.bak (refused if that exists).",
)
@click.option(
    "--new-entities",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write a draft entity file (review: draft) into DIR for each proposed new entity; "
    "an existing file is never replaced. E.g. --new-entities content/entities",
)
@language_option
@published_option
@registry_option
def annotate_command(
    path: Path,
    in_place: bool,
    new_entities: Path | None,
    language: str | None,
    published: str | None,
    content: Path,
) -> None:
    """Write the pipeline's findings into PATH as draft annotations (review=draft) for a person to check,
    and list the names the registry lacks as proposed new entities.

    Without --in-place the result goes to a copy named <name>.annotated.md next to PATH.
    """
    # The core is imported when the command runs, so that `factsheets --help` loads little more than Click.
    from generator.annotate import annotate
    from generator.extract import load_registry

    report = annotate(path, load_registry(content), in_place, language, published, new_entities)
    if report.backup:
        log.info("Kept the original as %s", from_here(report.backup))
    if report.facts or report.mentions:
        log.info(
            "Wrote %s and %s to %s; check each one marked review=draft, then remove the mark",
            counted(report.facts, "draft fact"),
            counted(report.mentions, "mention"),
            from_here(report.written),
        )
    else:
        log.info(
            "Found nothing new to annotate in %s (no proposed fact or mention that is not there already); "
            "%s is the same text",
            path,
            from_here(report.written),
        )
    if report.new_entities:
        click.echo(new_entity_list(report, new_entities))


def new_entity_list(report, folder: Path | None) -> str:
    """The proposed new entities, and what became of their draft files."""
    from generator.new_entities import describe  # with the core, when the command runs

    written, kept = report.entity_files
    if folder is None:
        head = "Proposed new entities (not written; --new-entities DIR writes them as drafts):"
    else:
        head = f"Proposed new entities: {counted(len(written), 'draft entity file')} written to {folder}"
    lines = [head, *describe(report.new_entities)]
    lines += [f"  kept as it was (not replaced): {path}" for path in kept]
    return "\n".join(lines)
