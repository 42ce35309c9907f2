"""`factsheets build`."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from generator.cli.logs import warn_each
from generator.cli.options import build_options, build_settings
from generator.cli.words import counted, from_here, report_counts

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _progress_bar(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A bar on stderr for a stage of `total` steps (a running count when the total is unknown)."""
    if total is not None:
        with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
            yield bar.update
        return
    done = [0]

    def advance(steps: int) -> None:
        done[0] += steps
        if done[0] % 250 < steps:  # a line redrawn every 250 steps is enough to see it move
            click.echo(f"\r{label}: {done[0]}", nl=False, err=True)

    yield advance
    click.echo(f"\r{label}: {done[0]}", err=True)


def _wants_progress() -> bool:
    """A bar only for a person at a terminal, and not under --quiet (which leaves warnings and errors)."""
    return sys.stderr.isatty() and logging.getLogger("generator").getEffectiveLevel() <= logging.INFO


@click.command("build")
@build_options()
def build_command(**chosen: Any) -> None:
    """Build the site from the content folder."""
    # The core is imported when the command runs, so that `factsheets --help` loads little more than Click.
    from generator.build import build, no_progress

    options = build_settings(chosen, progress=_progress_bar if _wants_progress() else no_progress)
    report = build(options)
    warn_each(log, report.warnings)
    counts = report_counts(report.files, report.entities, report.articles, report.facts)
    if report.skipped:
        log.info("The site in %s is up to date (%s)", from_here(report.output), counts)
        return
    log.info("Built %s into %s", counts, from_here(report.output))
    if report.changed is not None and report.changed < report.files:
        unchanged = report.files - report.changed
        log.info(
            "%s changed; the other %s left as %s",
            counted(report.changed, "file"),
            unchanged,
            "it was" if unchanged == 1 else "they were",
        )
