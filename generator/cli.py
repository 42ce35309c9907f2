"""The `factsheets` command: a thin Click layer over the library, one module per verb."""

from __future__ import annotations

import logging
import sys

import click

from generator import __version__
from generator.commands.annotate import annotate
from generator.commands.build import build
from generator.commands.check import check
from generator.commands.extract import extract
from generator.commands.publish import publish
from generator.commands.serve import serve

COMMANDS = [build, check, extract, annotate, serve, publish]


class _ClickHandler(logging.Handler):
    """Library log records to stderr, with the level named for warnings and errors."""

    def emit(self, record: logging.LogRecord) -> None:
        message = self.format(record)
        if record.levelno >= logging.WARNING:
            message = f"{record.levelname.lower()}: {message}"
        click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factsheets")
@click.option("-v", "--verbose", is_flag=True, help="Show what each stage does and how long it takes.")
@click.option("-q", "--quiet", is_flag=True, help="Show only warnings and errors.")
def cli(verbose: bool, quiet: bool) -> None:
    """Build a static website of cited fact sheets from annotated news articles."""
    logger = logging.getLogger("generator")
    logger.handlers[:] = [_ClickHandler()]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    logger.propagate = False


for _command in COMMANDS:
    cli.add_command(_command)


INTERNAL_ERROR = 3  # exit status of a bug in factsheets (1: problems in the content, 2: wrong usage)


def main() -> None:
    try:
        cli(prog_name="factsheets")
    except Exception as error:  # noqa: BLE001 - not the user's input: a bug, said in one line
        if logging.getLogger("generator").isEnabledFor(logging.DEBUG):
            raise  # under -v: the whole traceback, for the bug report
        click.echo(
            f"Error: factsheets stopped on an unexpected {type(error).__name__}: {error}\n"
            "This is a bug in factsheets, not in your content; the output folder, if any, is as it "
            "was. Run the command again with -v to see where it happened, and report it.",
            err=True,
        )
        sys.exit(INTERNAL_ERROR)
