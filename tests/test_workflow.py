"""The GitHub Pages workflow: valid YAML, the official build → upload → deploy flow, a working build step."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml"
BASE_URL_OUTPUT = "${{ steps.pages.outputs.base_url }}"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def action(step: dict) -> str:
    """The action a step uses, without its version: `actions/checkout`."""
    return step.get("uses", "").split("@")[0]


def index_of(step_list: list[dict], predicate) -> int:
    matches = [i for i, step in enumerate(step_list) if predicate(step)]
    assert len(matches) == 1, step_list
    return matches[0]


def test_the_workflow_is_a_mapping_with_build_and_deploy_jobs(workflow: dict):
    assert isinstance(workflow, dict)
    assert set(workflow["jobs"]) == {"build", "deploy"}
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers


def test_the_token_may_deploy_pages(workflow: dict):
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"


def test_deployments_run_one_at_a_time(workflow: dict):
    assert workflow["concurrency"]["group"] == "pages"


def test_build_job_checks_out_installs_builds_and_uploads_in_order(workflow: dict):
    build = steps(workflow, "build")
    checkout = index_of(build, lambda s: action(s) == "actions/checkout")
    python = index_of(build, lambda s: action(s) == "actions/setup-python")
    configure = index_of(build, lambda s: action(s) == "actions/configure-pages")
    install = index_of(build, lambda s: re.search(r"\bpip install \.(\s|$)", s.get("run", "")))
    site = index_of(build, lambda s: "factsheets build" in s.get("run", ""))
    upload = index_of(build, lambda s: action(s) == "actions/upload-pages-artifact")
    assert checkout < python < install < site < upload
    assert configure < site
    assert build[configure]["id"] == "pages"
    assert build[upload]["with"]["path"].rstrip("/") == "_site"


def test_the_build_takes_its_base_url_from_configure_pages(workflow: dict):
    command = next(s["run"] for s in steps(workflow, "build") if "factsheets build" in s.get("run", ""))
    arguments = shlex.split(command)
    assert arguments[arguments.index("--base-url") + 1] == BASE_URL_OUTPUT


def test_deploy_job_deploys_the_uploaded_artifact(workflow: dict):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert deploy["environment"]["name"] == "github-pages"
    step = deploy["steps"][index_of(deploy["steps"], lambda s: action(s) == "actions/deploy-pages")]
    assert deploy["environment"]["url"] == "${{ steps." + step["id"] + ".outputs.page_url }}"


def test_every_action_is_pinned_to_a_version(workflow: dict):
    used = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert used and all(re.fullmatch(r"actions/[\w-]+@v\d+", u) for u in used), used


def test_the_workflow_build_command_works_with_what_configure_pages_outputs(
    site: Path, runner: CliRunner, monkeypatch, workflow: dict
):
    # configure-pages gives the project site's address without a trailing slash.
    command = next(s["run"] for s in steps(workflow, "build") if "factsheets build" in s.get("run", ""))
    arguments = shlex.split(command.replace(BASE_URL_OUTPUT, "https://octocat.github.io/my-repo"))
    assert arguments[:2] == ["factsheets", "build"]
    monkeypatch.chdir(site)
    result = runner.invoke(cli, arguments[1:])
    assert result.exit_code == 0, result.output
    html = (site / "_site" / "index.html").read_text()
    assert '<link rel="canonical" href="https://octocat.github.io/my-repo/">' in html
