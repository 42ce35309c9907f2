"""`factsheets publish` against a local bare repository standing in for GitHub."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

GIT_TIMEOUT = 60


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=True
    )
    return result.stdout


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch) -> None:
    """No user or system git settings leak in, and commits have a known author."""
    (tmp_path / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Publisher")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "publisher@example.org")


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare repository, as GitHub holds one."""
    bare = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(bare), cwd=tmp_path)
    return bare


@pytest.fixture
def repo(site: Path, remote: Path, monkeypatch) -> Path:
    """The fixture site as a git repository with one commit and `origin` pointing at the bare one."""
    git("init", "--quiet", cwd=site)
    git("add", "content", cwd=site)
    git("commit", "--quiet", "-m", "Content", cwd=site)
    git("remote", "add", "origin", str(remote), cwd=site)
    monkeypatch.chdir(site)
    return site


def publish(runner: CliRunner, *args: str):
    return runner.invoke(cli, ["publish", *args])


def branch_files(remote: Path, branch: str = "gh-pages") -> set[str]:
    return set(git("ls-tree", "-r", "--name-only", branch, cwd=remote).split())


def test_the_branch_holds_the_site_at_its_root_with_nojekyll(repo: Path, remote: Path, runner: CliRunner):
    result = publish(runner)
    assert result.exit_code == 0, result.output
    files = branch_files(remote)
    assert {"index.html", ".nojekyll", "404.html", "sitemap.xml", "feed.xml"} <= files
    assert "companies/acme/index.html" in files
    assert git("show", "gh-pages:index.html", cwd=remote) == (repo / "_site" / "index.html").read_text()


def test_the_build_bookkeeping_file_is_not_published(repo: Path, remote: Path, runner: CliRunner):
    assert publish(runner).exit_code == 0
    assert ".factsheets-site" not in branch_files(remote)


def test_the_commit_message_names_the_source_commit(repo: Path, remote: Path, runner: CliRunner):
    assert publish(runner).exit_code == 0
    head = git("rev-parse", "--short", "HEAD", cwd=repo).strip()
    assert f"from {head}" in git("log", "-1", "--format=%s", "gh-pages", cwd=remote)


def test_a_second_publish_keeps_the_cname_from_site_yml(repo: Path, remote: Path, runner: CliRunner):
    with (repo / "content" / "site.yml").open("a") as config:
        config.write("cname: facts.example.org\n")
    assert publish(runner, "--base-url", "https://facts.example.org/").exit_code == 0
    article = repo / "content" / "articles" / "acme-globex.md"  # a change: an unchanged site is not committed
    article.write_text(article.read_text().replace("told reporters", "told the press"))
    result = publish(runner, "--base-url", "https://facts.example.org/", "-m", "Second")
    assert result.exit_code == 0, result.output
    assert git("show", "gh-pages:CNAME", cwd=remote) == "facts.example.org\n"
    assert {".nojekyll", "index.html"} <= branch_files(remote)
    assert git("log", "--format=%s", "gh-pages", cwd=remote).splitlines()[0] == "Second"


def test_a_cname_set_on_the_branch_survives_the_next_publish(
    repo: Path, remote: Path, runner: CliRunner, tmp_path: Path
):
    assert publish(runner).exit_code == 0
    # GitHub commits CNAME to the branch when a custom domain is set in the repository's settings.
    clone = tmp_path / "clone"
    git("clone", "--quiet", "--branch", "gh-pages", str(remote), str(clone), cwd=tmp_path)
    (clone / "CNAME").write_text("facts.example.org")
    git("add", "CNAME", cwd=clone)
    git("commit", "--quiet", "-m", "Create CNAME", cwd=clone)
    git("push", "--quiet", "origin", "gh-pages", cwd=clone)
    result = publish(runner)
    assert result.exit_code == 0, result.output
    assert git("show", "gh-pages:CNAME", cwd=remote).strip() == "facts.example.org"
    assert "Create CNAME" in git("log", "--format=%s", "gh-pages", cwd=remote)  # built on it, not forced


def test_a_failed_build_is_not_published(repo: Path, remote: Path, runner: CliRunner):
    article = repo / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text().replace("{@jane-roe}", "{@nobody}"))
    result = publish(runner)
    assert result.exit_code == 1
    assert "content/articles/acme-globex.md:13:12" in result.output
    assert "nothing was published" in result.output
    assert git("ls-remote", "--heads", str(remote), cwd=repo) == ""


def test_publishing_outside_a_git_repository_is_refused(site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(site)
    result = publish(runner)
    assert result.exit_code == 1
    assert "is not inside a git repository" in result.output
    assert not (site / "_site").exists()  # refused before building


def test_a_missing_remote_is_named(repo: Path, runner: CliRunner):
    result = publish(runner, "--remote", "upstream")
    assert result.exit_code == 1
    assert "no remote named 'upstream'" in result.output
    assert "its remotes are: origin" in result.output


def test_publish_to_another_branch(repo: Path, remote: Path, runner: CliRunner):
    result = publish(runner, "--branch", "site")
    assert result.exit_code == 0, result.output
    assert "index.html" in branch_files(remote, "site")
    assert git("ls-remote", "--heads", str(remote), "gh-pages", cwd=repo) == ""


def test_the_working_tree_and_checked_out_branch_are_untouched(repo: Path, runner: CliRunner):
    before = git("status", "--porcelain", cwd=repo), git("rev-parse", "HEAD", cwd=repo)
    assert publish(runner).exit_code == 0
    status = git("status", "--porcelain", cwd=repo)
    assert (status.replace("?? _site/\n", ""), git("rev-parse", "HEAD", cwd=repo)) == before
    assert git("branch", "--show-current", cwd=repo).strip() == "main"


def push_foreign_commit(remote: Path, tmp_path: Path, files: dict[str, str], orphan: bool = False) -> None:
    """Someone else's commit on the remote's gh-pages (a new branch when `orphan`)."""
    clone = tmp_path / "other"
    if orphan:
        git("clone", "--quiet", str(remote), str(clone), cwd=tmp_path)
        git("checkout", "--quiet", "--orphan", "gh-pages", cwd=clone)
    else:
        git("clone", "--quiet", "--branch", "gh-pages", str(remote), str(clone), cwd=tmp_path)
    for name, text in files.items():
        (clone / name).write_text(text)
    git("add", *files, cwd=clone)
    git("commit", "--quiet", "-m", "Hand-made docs", cwd=clone)
    git("push", "--quiet", "origin", "gh-pages", cwd=clone)


def test_a_branch_made_by_someone_else_is_refused_without_force(
    repo: Path, remote: Path, runner: CliRunner, tmp_path: Path
):
    push_foreign_commit(remote, tmp_path, {"guide.html": "<p>not a factsheets site</p>"}, orphan=True)
    before = git("rev-parse", "gh-pages", cwd=remote)
    result = publish(runner)
    assert result.exit_code == 1
    assert "has 1 commit that factsheets publish did not make" in result.output
    assert "Hand-made docs" in result.output and "--force" in result.output
    assert git("rev-parse", "gh-pages", cwd=remote) == before
    assert not (repo / "_site").exists()  # refused before building


def test_someone_elses_commit_on_a_published_branch_is_refused_without_force(
    repo: Path, remote: Path, runner: CliRunner, tmp_path: Path
):
    assert publish(runner).exit_code == 0
    push_foreign_commit(remote, tmp_path, {"guide.html": "<p>a page added by hand</p>"})
    result = publish(runner)
    assert result.exit_code == 1
    assert "did not make" in result.output
    assert "guide.html" in branch_files(remote)


def test_force_replaces_someone_elses_files_keeping_their_history(
    repo: Path, remote: Path, runner: CliRunner, tmp_path: Path
):
    push_foreign_commit(remote, tmp_path, {"guide.html": "<p>not a factsheets site</p>"}, orphan=True)
    result = publish(runner, "--force")
    assert result.exit_code == 0, result.output
    assert "guide.html" not in branch_files(remote)
    assert "index.html" in branch_files(remote)
    assert "Hand-made docs" in git("log", "--format=%s", "gh-pages", cwd=remote)


def test_a_clone_without_the_local_branch_publishes_over_earlier_publishes(
    repo: Path, remote: Path, runner: CliRunner
):
    assert publish(runner).exit_code == 0
    git("branch", "--quiet", "-D", "gh-pages", cwd=repo)  # as in a fresh clone of the source
    article = repo / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text().replace("told reporters", "told the press"))
    result = publish(runner)
    assert result.exit_code == 0, result.output
    assert "told the press" in git("show", "gh-pages:articles/acme-globex/index.html", cwd=remote)


def test_publishing_an_unchanged_site_adds_no_commit(repo: Path, remote: Path, runner: CliRunner):
    assert publish(runner).exit_code == 0
    before = git("rev-parse", "gh-pages", cwd=remote)
    result = publish(runner)
    assert result.exit_code == 0, result.output
    assert "Nothing to publish" in result.output
    assert git("rev-parse", "gh-pages", cwd=remote) == before
    assert git("rev-parse", "gh-pages", cwd=repo) == before  # the local branch has no empty commit either


def test_publish_takes_the_build_options(repo: Path, remote: Path, runner: CliRunner):
    result = publish(runner, "--no-cache", "-j", "1", "--no-search")
    assert result.exit_code == 0, result.output
    assert "index.html" in branch_files(remote)
    assert "pagefind/pagefind.js" not in branch_files(remote)


def test_a_commit_of_an_earlier_factsheets_publish_is_not_someone_elses(
    repo: Path, remote: Path, runner: CliRunner, tmp_path: Path
):
    clone = tmp_path / "earlier"
    git("clone", "--quiet", str(remote), str(clone), cwd=tmp_path)
    git("checkout", "--quiet", "--orphan", "gh-pages", cwd=clone)
    (clone / "index.html").write_text("<p>an older site</p>")
    git("add", "index.html", cwd=clone)
    git("commit", "--quiet", "-m", "Publish site from 1234abc with factsheets 0.0.9", cwd=clone)
    git("push", "--quiet", "origin", "gh-pages", cwd=clone)
    result = publish(runner)
    assert result.exit_code == 0, result.output
    assert "an older site" not in git("show", "gh-pages:index.html", cwd=remote)
