"""`factsheets check`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.commands.options import content_option, strict_option


@click.command()
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
def check(content: Path, output_format: str, strict: bool) -> None:
    """List every problem in the content: file:line:col, a code, what is wrong and how to fix it.

    Exit status: 0 no errors, 1 errors (or warnings under --strict), 2 wrong usage.
    """
    from generator.build import check_content

    _, problems = check_content(content)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "errors": len(errors),
                    "warnings": len(warnings),
                    "problems": [p.as_dict() for p in problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(
            f"{len(errors)} error{'s' if len(errors) != 1 else ''}, "
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}."
        )
    if errors:
        raise SystemExit(1)
    if strict and warnings:
        if output_format == "text":
            click.echo(f"Aborted with {len(warnings)} warnings in strict mode!", err=True)
        raise SystemExit(1)
