"""The `factsheets` command: a thin Click layer over the library, one module per verb.

Each command parses its options, calls the one core function of its verb (`generator.build.build`,
`generator.check.check`, …) and prints what that returns. The core is imported inside each command, so
`factsheets --help` does not load the whole library.
"""

from __future__ import annotations

import gc
import logging
import sys

import click

from generator import __version__
from generator.cli.annotate import annotate_command
from generator.cli.build import build_command
from generator.cli.check import check_command
from generator.cli.extract import extract_command
from generator.cli.logs import ClickHandler
from generator.cli.publish import publish_command
from generator.cli.serve import serve_command

COMMANDS = [build_command, check_command, extract_command, annotate_command, serve_command, publish_command]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factsheets")
@click.option("-v", "--verbose", is_flag=True, help="Show what each stage does and how long it takes.")
@click.option("-q", "--quiet", is_flag=True, help="Show only warnings and errors.")
def cli(verbose: bool, quiet: bool) -> None:
    """Build a static website of cited fact sheets from annotated news articles."""
    logger = logging.getLogger("generator")
    logger.handlers[:] = [ClickHandler()]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    logger.propagate = False


for _command in COMMANDS:
    cli.add_command(_command)


INTERNAL_ERROR = 3  # exit status of a bug in factsheets (1: problems in the content, 2: wrong usage)


def main() -> None:
    """The console script: run `cli`, turning an unexpected exception into one line and exit status 3."""
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
    finally:
        # The process ends here. A build leaves its model as cyclic garbage (1.4 million objects at 10,000
        # articles: its renderers' templates refer back to them), which the collection the interpreter runs
        # on exit would walk and free one by one (1.5 s); frozen, it is left to the operating system, which
        # takes the whole heap back at once.
        gc.freeze()
