"""What the commands print: every problem with its warnings, paths a person can open from where they stand,
and annotate's result said once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

BROKEN = """---
title: "Broken"
language: en
source: {publisher: Daily Example, url: https://daily.example/broken, published: 2025-09-20}
summary: An article with one error.
---
Nobody knows [who]{@nobody} said it.
"""
RAW = """---
title: "Acme and Globex"
language: en
source: {publisher: Daily Example, url: https://daily.example/raw, published: 2025-09-21}
summary: A raw article.
---
Acme said on Monday it will invest $5 billion in Globex, its chief executive Jane Roe told reporters.
"""


@pytest.fixture
def broken_site(site: Path) -> Path:
    """The fixture site (one conflict warning) with one more article that has one error."""
    (site / "content" / "articles" / "broken.md").write_text(BROKEN, encoding="utf-8")
    return site


def test_check_reports_the_warnings_beside_an_error(broken_site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(broken_site)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    assert "error: unknown-entity" in result.output
    assert "warning: conflict" in result.output  # between the two articles without errors
    assert "broken.md:4:21: warning: not-own-words" in result.output  # in the article with the error
    assert result.output.rstrip().endswith("1 error, 2 warnings.")


def test_check_json_counts_the_warnings_beside_an_error(broken_site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(broken_site)
    report = json.loads(runner.invoke(cli, ["check", "--format", "json"]).output)
    assert (report["errors"], report["warnings"]) == (1, 2)


def test_paths_are_relative_to_the_current_directory(broken_site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(broken_site / "content")
    result = runner.invoke(cli, ["check", "--content", "."])
    assert "\narticles/broken.md:7:20: error: unknown-entity" in "\n" + result.output
    assert "content/articles" not in result.output


def test_paths_above_the_current_directory_are_absolute(broken_site: Path, runner: CliRunner, monkeypatch):
    elsewhere = broken_site / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(cli, ["check", "--content", "../content"])
    shown = (broken_site / "content" / "articles" / "broken.md").resolve().as_posix()
    assert f"{shown}:7:20: error: unknown-entity" in result.output


def test_check_json_paths_are_relative_to_the_current_directory(
    broken_site: Path, runner: CliRunner, monkeypatch
):
    monkeypatch.chdir(broken_site / "content")
    report = json.loads(runner.invoke(cli, ["check", "--content", ".", "--format", "json"]).output)
    assert {p["path"] for p in report["problems"]} == {"articles/broken.md", "articles/acme-globex.md"}


def test_build_errors_name_paths_from_the_current_directory(
    broken_site: Path, runner: CliRunner, monkeypatch
):
    monkeypatch.chdir(broken_site / "content")
    result = runner.invoke(cli, ["build", "--content", ".", "-o", "../_site", "--no-search"])
    assert result.exit_code == 1
    assert "Error: articles/broken.md:7:20: error: unknown-entity" in result.output


def test_build_names_the_output_folder_from_the_current_directory(site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "--no-search"])
    assert result.exit_code == 0, result.output
    assert " into _site\n" in result.output


def test_annotate_says_what_it_wrote_once(site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(site)
    (site / "raw.md").write_text(RAW, encoding="utf-8")
    result = runner.invoke(cli, ["annotate", "raw.md"])
    assert result.exit_code == 0, result.output
    assert result.output.count("raw.annotated.md") == 1
    assert "Wrote " in result.output


def test_annotate_refuses_its_own_output(site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(site)
    (site / "raw.md").write_text(RAW, encoding="utf-8")
    assert runner.invoke(cli, ["annotate", "raw.md"]).exit_code == 0
    result = runner.invoke(cli, ["annotate", "raw.annotated.md"])
    assert result.exit_code == 1
    assert "already a copy written by annotate" in result.output
    assert not (site / "raw.annotated.annotated.md").exists()


def test_annotate_says_when_it_found_nothing_new(site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(site)
    (site / "quiet.md").write_text(
        RAW.rsplit("---\n", 1)[0] + "---\nNothing happened today.\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["annotate", "quiet.md"])
    assert result.exit_code == 0, result.output
    assert "Found nothing new to annotate in quiet.md" in result.output
    assert "Wrote 0 draft facts" not in result.output
