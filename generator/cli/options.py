"""Options shared by several commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from generator.build import BuildOptions

content_option = click.option(
    "--content",
    "content",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder: site.yml, entities/ and articles/.",
)
# extract and annotate work without a content folder too (names are then not linked to entities).
registry_option = click.option(
    "--content",
    "content",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder whose entities/ names are linked to (used when it exists).",
)
output_option = click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("_site"),
    show_default=True,
    help="Where the site is written; the folder is replaced as a whole.",
)
templates_option = click.option(
    "--templates",
    "templates",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("templates"),
    show_default=True,
    help="Templates that override the default theme by file name (used when it exists).",
)


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a base URL that cannot prefix the site's addresses before any work is done (a ConfigError)."""
    if value is None:
        return None
    from generator.validators import check_base_url

    return check_base_url(value, "--base-url")


base_url_option = click.option(
    "--base-url",
    "base_url",
    default=None,
    metavar="URL",
    callback=_check_base_url,
    help="The site's public address, e.g. https://user.github.io/repo/ (default: base_url in site.yml).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
drafts_option = click.option(
    "--drafts",
    "drafts",
    is_flag=True,
    help="Build the facts and mentions marked review=draft too, marked as unconfirmed (default: left out).",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    "jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Analyse articles and render pages in N processes (default: one per core).",
)
no_cache_option = click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Ignore .factsheets-cache/ (beside the content folder): analyse every article and write every file.",
)
no_search_option = click.option(
    "--no-search",
    "no_search",
    is_flag=True,
    help="Skip the search index (pagefind/), for a quicker build; the search box is then a plain link.",
)
executor_option = click.option(
    "--executor",
    "executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where articles are analysed: processes of this machine, or a Dask distributed cluster "
    "(needs factsheets[dask]; the site is the same either way).",
)
scheduler_option = click.option(
    "--scheduler",
    "scheduler",
    default=None,
    metavar="tcp://HOST:PORT",
    help="The Dask scheduler to analyse on (with --executor dask; default: a cluster started on loopback).",
)
# extract and annotate: how to read a file whose front matter is missing or to be overridden.
language_option = click.option(
    "--lang",
    "language",
    type=click.Choice(["it", "en"]),
    default=None,
    help="The text's language (default: the front matter's, else a guess).",
)
published_option = click.option(
    "--published",
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date that relative dates count from (default: the front matter's source.published).",
)


def paths_from_here(command: Callable) -> Callable:
    """Run a command whose messages name content files by their path from the current directory (not from
    the content folder's parent, as they are kept): a path a person can open from where they stand."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from generator.errors import paths_shown_from  # light: the errors module needs only Click

        with paths_shown_from(Path(kwargs["content"]).resolve().parent):
            return command(*args, **kwargs)

    return run


BUILD_OPTIONS = (
    content_option,
    output_option,
    templates_option,
    base_url_option,
    strict_option,
    drafts_option,
    jobs_option,
    no_cache_option,
    no_search_option,
    executor_option,
    scheduler_option,
)


def build_options(output=output_option):
    """A decorator adding every option of `factsheets build`, for the commands that build before their own
    work (serve, publish); `output` replaces build's `-o` where its default differs."""

    def decorate(command):
        command = paths_from_here(command)
        for option in reversed(BUILD_OPTIONS):
            command = (output if option is output_option else option)(command)
        return command

    return decorate


def build_settings(chosen: dict[str, Any], **more: Any) -> BuildOptions:
    """The `BuildOptions` for the values of `build_options` (as Click passes them) and `more` fields."""
    if chosen["scheduler"] is not None and chosen["executor"] != "dask":
        raise click.UsageError("--scheduler is the address of a Dask scheduler: use it with --executor dask")
    # The core is imported when a command runs, so that `factsheets --help` loads little more than Click.
    from generator.build import BuildOptions

    return BuildOptions(
        content=chosen["content"],
        output=chosen["output"],
        templates=chosen["templates"],
        base_url=chosen["base_url"],
        strict=chosen["strict"],
        drafts=chosen["drafts"],
        jobs=chosen["jobs"],
        cache=not chosen["no_cache"],
        search=not chosen["no_search"],
        executor=chosen["executor"],
        scheduler=chosen["scheduler"],
        **more,
    )
