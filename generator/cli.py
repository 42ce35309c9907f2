"""The `factsheets` command: a thin Click layer over the library, one module per verb."""

from __future__ import annotations

import logging

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


def main() -> None:
    cli(prog_name="factsheets")
