"""`factsheets serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from generator.cli.options import build_options, build_settings

preview_output_option = click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the preview is built (default: a temporary folder, removed on exit). A preview build points "
    "its absolute URLs at the local server: publish a `factsheets build`, not this folder.",
)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port to listen on (0 picks a free one).",
)
@build_options(output=preview_output_option)
def serve_command(host: str, port: int, **chosen: Any) -> None:
    """Preview the site: build, serve it under its base path, rebuild when content/ or templates/ change.

    Open pages reload after each rebuild. A failed rebuild is shown in the terminal and in the page, and
    the last good site stays served. Editors' temporary files are no change. Ctrl+C (or SIGTERM) stops.
    """
    # The core is imported when the command runs, so that `factsheets --help` loads little more than Click.
    from generator.serve import serve

    serve(build_settings(chosen), host, port)
