"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

content_option = click.option(
    "--content", "content", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
    show_default=True, help="The content folder: site.yml, entities/ and articles/.")
output_option = click.option(
    "--output", "-o", "output", type=click.Path(file_okay=False, path_type=Path), default=Path("_site"),
    show_default=True, help="Where the site is written; the folder is replaced as a whole.")
templates_option = click.option(
    "--templates", "templates", type=click.Path(file_okay=False, path_type=Path), default=Path("templates"),
    show_default=True, help="Templates that override the default theme by file name (used when it exists).")
base_url_option = click.option(
    "--base-url", "base_url", default=None, metavar="URL",
    help="The site's public address, e.g. https://user.github.io/repo/ (default: base_url in site.yml).")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
