"""`factsheets build`."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from generator.commands.options import base_url_option, content_option, output_option, strict_option, templates_option

log = logging.getLogger("generator.build")


@click.command()
@content_option
@output_option
@templates_option
@base_url_option
@strict_option
def build(content: Path, output: Path, templates: Path, base_url: str | None, strict: bool) -> None:
    """Build the site from the content folder."""
    from generator.build import BuildOptions
    from generator.build import build as run_build

    report = run_build(BuildOptions(content, output, templates, base_url, strict))
    for warning in report.warnings:
        log.warning("%s", warning)
    log.info("Built %d pages and files for %d entities, %d articles and %d facts into %s",
             report.files, report.entities, report.articles, report.facts, report.output)
