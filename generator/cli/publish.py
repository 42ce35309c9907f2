"""`factsheets publish`."""

from __future__ import annotations

import logging
from typing import Any

import click

from generator.cli.logs import warn_each
from generator.cli.options import build_options, build_settings
from generator.cli.words import counted

log = logging.getLogger(__name__)


@click.command("publish")
@click.option("--remote", default="origin", show_default=True, help="The git remote to push the site to.")
@click.option(
    "--branch", default="gh-pages", show_default=True, help="The branch GitHub Pages publishes from."
)
@click.option(
    "--message",
    "-m",
    default=None,
    metavar="TEXT",
    help="The commit message (default: names the source commit and the factsheets version).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Publish even when the remote branch has commits factsheets publish did not make: their files are "
    "replaced by the site (their commits stay in the branch's history).",
)
@build_options()
def publish_command(remote: str, branch: str, message: str | None, force: bool, **chosen: Any) -> None:
    """Build the site, commit it to a branch of this repository with ghp-import and push it.

    Run it in your site's git repository. The branch's whole tree is replaced by the built site, keeping
    .nojekyll and the custom domain (CNAME). A failed build publishes nothing, an unchanged site is not
    committed again, and a branch holding commits publish did not make is refused unless --force.
    """
    # The core is imported when the command runs, so that `factsheets --help` loads little more than Click.
    from generator.publish import PublishOptions, publish

    options = build_settings(chosen)
    if options.drafts:  # allowed, as asked for by name; said once more, as the whole world will see them
        log.warning("publishing with --drafts: unconfirmed facts and mentions go online, marked as drafts")
    report = publish(options, PublishOptions(remote=remote, branch=branch, message=message, force=force))
    warn_each(log, report.build.warnings)
    if not report.changed:
        log.info(
            "Nothing to publish: %s/%s already holds this site (commit %s)",
            report.remote,
            report.branch,
            report.commit[:12],
        )
        return
    log.info(
        "Published %s to %s/%s (commit %s)%s",
        counted(report.build.files, "file"),
        report.remote,
        report.branch,
        report.commit[:12],
        f" for {report.cname}" if report.cname else "",
    )
