"""`factsheets check`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import content_option, paths_from_here, strict_option

FAILED = 1  # exit status of a check that fails (2, wrong usage, is Click's)


@click.command("check")
@content_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts and editors.",
)
@strict_option
@paths_from_here
def check_command(content: Path, output_format: str, strict: bool) -> None:
    """List every problem in the content: file:line:col, a code, what is wrong and how to fix it.

    Exit status: 0 no errors, 1 errors (or warnings under --strict), 2 wrong usage.
    """
    # The core is imported when the command runs, so that `factsheets --help` loads little more than Click.
    from generator.check import check

    report = check(content, strict=strict)
    if output_format == "json":
        click.echo(report.as_json())  # the counts say it all: no line for people on stderr
    else:
        click.echo(report.as_text())
        if report.strict_abort:
            click.echo(report.strict_abort, err=True)
    if not report.passed:
        raise SystemExit(FAILED)
