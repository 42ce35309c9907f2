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
