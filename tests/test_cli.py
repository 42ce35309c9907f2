"""The command layer: every command answers --help, each verb has one core function, the core loads late."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["build", "check", "extract", "annotate", "serve", "publish"]
# Each verb's one function in the core, which its command calls.
CORE_VERBS = {
    "build": ("generator.build", "build"),
    "check": ("generator.check", "check"),
    "extract": ("generator.extract", "extract"),
    "annotate": ("generator.annotate", "annotate"),
    "serve": ("generator.serve", "serve"),
    "publish": ("generator.publish", "publish"),
}


def test_the_group_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    assert sorted(cli.commands) == sorted(COMMANDS)
    for name in COMMANDS:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_answers_help(runner, name: str):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: cli {name} [OPTIONS]")


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_function_is_named_for_its_verb(name: str):
    command = cli.commands[name]
    assert command.callback.__name__ == f"{name}_command"
    assert command.callback.__module__ == f"generator.cli.{name}"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_verb_has_one_core_function(name: str):
    module, function = CORE_VERBS[name]
    assert callable(getattr(importlib.import_module(module), function))


def test_the_old_command_package_is_gone():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("generator.commands")


def test_help_does_not_load_the_core():
    # The core is imported inside each command: listing the commands must stay quick to start.
    probe = (
        "import sys, generator.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('generator.', 'spacy'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for module in ("generator.build", "generator.check", "generator.extract", "generator.serve"):
        assert f"'{module}'" not in loaded
    assert "'spacy'" not in loaded
