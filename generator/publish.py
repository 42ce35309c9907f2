"""Publishing: build the site, then commit it to a branch GitHub Pages serves (gh-pages) and push it.

ghp-import does the commit: it replaces the branch's whole tree with the output folder in one new commit,
never touching the working tree or the checked-out branch. Around it we check the repository and remote
first, refuse a published branch that holds someone else's work (unless --force), refuse a failed build,
keep a custom domain (CNAME) the branch already has, and commit nothing when the site did not change.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.build import BuildOptions, BuildReport, build
from generator.errors import BuildError, ConfigError, FactsheetsError
from generator.write import MARKER

log = logging.getLogger(__name__)

GIT_TIMEOUT = 120  # seconds for one local git command; pushes may ask for credentials and have none
# Closes every commit publish makes: how a later publish tells its own commits from anyone else's.
TRAILER = "Published-with: factsheets publish"
# The default message of the versions before the trailer: their commits are publish's own too.
_EARLIER_DEFAULT_MESSAGE = re.compile(r"Publish site( from \S+)? with factsheets \S+")
# The files a host commits to the branch by itself (GitHub commits CNAME when a domain is set in the
# settings). Publish keeps them, so a commit that touches only these is no one's work to lose.
HOSTING_FILES = frozenset({"CNAME", ".nojekyll"})


@dataclass
class PublishOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    message: str | None = None
    force: bool = False


@dataclass
class PublishReport:
    build: BuildReport
    remote: str
    branch: str
    commit: str  # the branch's commit that holds the site
    cname: str | None  # the custom domain the branch holds, if any
    changed: bool = True  # False: the branch held this very site already, nothing was committed or pushed


def _git(repository: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run one git command in `repository`, capturing its output."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=repository,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise ConfigError("git is not installed or not on PATH; install git to publish") from None
    if check and result.returncode != 0:
        raise BuildError(f"git {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def repository_root(folder: Path) -> Path:
    """The top folder of the git repository that holds `folder`; a ConfigError when there is none."""
    result = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise ConfigError(
            f"'{folder.resolve()}' is not inside a git repository, so there is no branch to "
            "publish to; run factsheets publish from your site's repository (or create one "
            "with 'git init' and 'git remote add origin URL'), or publish with the GitHub "
            "Actions workflow instead"
        )
    return Path(result.stdout.strip())


def check_remote(repository: Path, remote: str) -> None:
    """Refuse a remote the repository does not have, naming the ones it has."""
    if _git(repository, "remote", "get-url", remote, check=False).returncode == 0:
        return
    remotes = _git(repository, "remote").stdout.split()
    known = f"its remotes are: {', '.join(remotes)}" if remotes else "it has no remotes"
    raise ConfigError(
        f"the repository at {repository} has no remote named '{remote}' ({known}); add it with "
        f"'git remote add {remote} URL' or choose one with --remote"
    )


def fetch_branch(repository: Path, remote: str, branch: str) -> str | None:
    """Bring the published branch's latest commit into `remote/branch`; None when it is not published yet.

    ghp-import builds its commit on `remote/branch` when that ref exists, so it must be current: a commit
    someone else pushed (GitHub itself commits CNAME when a custom domain is set in the settings) is kept
    as history instead of being rejected as a non-fast-forward push.
    """
    listed = _git(repository, "ls-remote", "--heads", remote, f"refs/heads/{branch}", check=False)
    if listed.returncode != 0:
        raise BuildError(
            f"cannot reach the remote '{remote}': {listed.stderr.strip()}; check its URL with "
            f"'git remote get-url {remote}' and your access to it"
        )
    if not listed.stdout.strip():
        return None
    _git(repository, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    return listed.stdout.split()[0]


def foreign_commits(repository: Path, remote: str, branch: str) -> list[str]:
    """The commits of the fetched `remote/branch` that the local branch lacks and that publish did not make,
    newest first, leaving out a host's own commits (`HOSTING_FILES`): work a publish would remove."""
    local = f"refs/heads/{branch}"
    has_local = _git(repository, "rev-parse", "--verify", "--quiet", local, check=False).returncode == 0
    # With no local branch (a fresh clone), every commit of the remote branch is looked at.
    lacking = [f"^{local}"] if has_local else []
    listed = _git(repository, "log", "--format=%H%x1f%B%x1e", f"refs/remotes/{remote}/{branch}", *lacking)
    foreign = []
    for entry in listed.stdout.split("\x1e"):
        commit, _, body = entry.strip().partition("\x1f")
        lines = body.splitlines()
        if not commit or TRAILER in lines or (lines and _EARLIER_DEFAULT_MESSAGE.fullmatch(lines[0])):
            continue
        changed = _git(repository, "diff-tree", "--root", "--no-commit-id", "--name-only", "-r", commit)
        if not set(changed.stdout.split("\n")) - {""} <= HOSTING_FILES:
            foreign.append(commit)
    return foreign


def refuse_foreign_commits(repository: Path, options: PublishOptions) -> None:
    """Unless --force, refuse a published branch that holds someone else's work: publishing replaces the
    branch's whole tree, so their files would be removed."""
    if options.force:
        return
    foreign = foreign_commits(repository, options.remote, options.branch)
    if not foreign:
        return
    newest = _git(repository, "log", "-1", "--format=%h %s", foreign[0]).stdout.strip()
    count = f"{len(foreign)} commit{'s' if len(foreign) != 1 else ''}"
    raise ConfigError(
        f"the branch '{options.branch}' of '{options.remote}' has {count} that factsheets publish did not "
        f"make (the newest: {newest}); publishing replaces the branch's files, so theirs would be removed. "
        "Publish with --force to replace them (they stay in the branch's history), or choose another "
        "branch with --branch. Nothing was built or published."
    )


def published_cname(repository: Path, ref: str) -> str | None:
    """The custom domain in the CNAME file at the root of `ref`, if it has one."""
    result = _git(repository, "show", f"{ref}:CNAME", check=False)
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def default_message(repository: Path) -> str:
    """Names the source commit, so the published branch says what it was built from."""
    head = _git(repository, "rev-parse", "--short", "HEAD", check=False)
    source = f" from {head.stdout.strip()}" if head.returncode == 0 else ""
    return f"Publish site{source} with factsheets {__version__}"


@contextlib.contextmanager
def _working_directory(folder: Path) -> Iterator[None]:
    # ghp-import runs git in the current directory and takes no other; restore it whatever happens.
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def _staged_copy(output: Path, into: Path) -> Path:
    """A copy of the built site without the build's own bookkeeping file, which is no page of the site."""
    target = into / "site"
    shutil.copytree(output, target, ignore=lambda folder, names: [MARKER] if Path(folder) == output else [])
    return target


def commit_site(repository: Path, site: Path, options: PublishOptions, cname: str | None) -> str:
    """Commit the folder `site` as the whole tree of the branch with ghp-import; returns the new commit."""
    import ghp_import  # imported late: only publishing needs it

    before = _git(repository, "rev-parse", "--verify", "--quiet", f"refs/heads/{options.branch}", check=False)
    message = f"{options.message or default_message(repository)}\n\n{TRAILER}"
    with _working_directory(repository):
        try:
            ghp_import.ghp_import(
                str(site),
                mesg=message,
                remote=options.remote,
                branch=options.branch,
                push=False,
                nojekyll=True,
                cname=cname,
                no_history=False,
            )
        except ghp_import.GhpError as error:
            raise BuildError(
                f"could not commit the site to the branch '{options.branch}': {error.message}"
            ) from None
    after = _git(repository, "rev-parse", "--verify", "--quiet", f"refs/heads/{options.branch}", check=False)
    commit = after.stdout.strip()
    if after.returncode != 0 or commit == before.stdout.strip():
        raise BuildError(
            f"git did not record a commit on '{options.branch}'; check that git can commit here "
            "(user.name and user.email set: 'git config user.name \"Your Name\"')"
        )
    return _dropped_if_empty(repository, options.branch, commit)


def _dropped_if_empty(repository: Path, branch: str, commit: str) -> str:
    """The branch's commit holding the site: `commit`'s parent when `commit` changes nothing (the same site
    published again), the branch then moved back to it; else `commit`."""
    parent = _git(repository, "rev-parse", "--verify", "--quiet", f"{commit}^", check=False).stdout.strip()
    if not parent:
        return commit
    trees = _git(repository, "rev-parse", f"{commit}^{{tree}}", f"{parent}^{{tree}}").stdout.split()
    if trees[0] != trees[1]:
        return commit
    _git(
        repository, "update-ref", "-m", "factsheets publish: nothing changed", f"refs/heads/{branch}", parent
    )
    return parent


def push_branch(repository: Path, options: PublishOptions) -> None:
    """Push the branch; a rejected push names --force, the one way past it."""
    args = ["push", "--quiet", options.remote, f"refs/heads/{options.branch}:refs/heads/{options.branch}"]
    if options.force:
        args.insert(1, "--force")
    # No timeout and no captured input here: a push may ask for credentials, and big sites take time.
    result = subprocess.run(["git", *args], cwd=repository, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        hint = (
            " The remote branch has commits the local one lacks; publish with --force to replace it."
            if "rejected" in result.stderr or "non-fast-forward" in result.stderr
            else ""
        )
        raise BuildError(
            f"git push to '{options.remote}' failed: {result.stderr.strip()}.{hint} The site "
            f"is committed on the local branch '{options.branch}'."
        )


def publish(
    build_options: BuildOptions, options: PublishOptions, folder: Path | None = None
) -> PublishReport:
    """Build the site, commit it to `options.branch` and push it to `options.remote`.

    `folder` selects the repository (default: the current directory). Nothing is committed unless the
    build succeeds, and nothing is built unless the repository and remote can take the result.
    """
    repository = repository_root(folder or Path.cwd())
    check_remote(repository, options.remote)
    remote_tip = fetch_branch(repository, options.remote, options.branch)
    if remote_tip:
        refuse_foreign_commits(repository, options)
    try:
        report = build(build_options)
    except FactsheetsError as error:
        error.message += "\nThe build failed, so nothing was published."
        raise
    # A custom domain in site.yml is in the output already; else keep the one the branch holds (set in
    # GitHub's settings, or by an earlier publish), since replacing the tree would drop it.
    cname = None
    if not (report.output / "CNAME").is_file():
        ref = f"refs/{'remotes/' + options.remote if remote_tip else 'heads'}/{options.branch}"
        cname = published_cname(repository, ref)
        if cname:
            log.info(
                "Keeping the custom domain %s from the published branch (set cname in site.yml to change it)",
                cname,
            )
    with tempfile.TemporaryDirectory(prefix="factsheets-publish-") as staging:
        site = _staged_copy(report.output, Path(staging))
        commit = commit_site(repository, site, options, cname)
    changed = commit != remote_tip
    if changed:  # else the remote holds this very commit: nothing to push
        push_branch(repository, options)
    built_cname = report.output / "CNAME"
    kept = built_cname.read_text(encoding="utf-8").strip() if built_cname.is_file() else cname
    return PublishReport(report, options.remote, options.branch, commit, kept, changed)
