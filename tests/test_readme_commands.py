"""The README's command reference says what `--help` says: the same commands, each with the same options
(every option a command has is listed under it, and nothing else), its arguments and its defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
SHARED = "Build options"  # the section that commands include by linking to it
SHARED_LINK = "[the build options](#build-options)"


def reference_sections() -> tuple[str, dict[str, str]]:
    """The reference's opening text, and each of its `###` sections by heading (backticks removed)."""
    text = README.read_text(encoding="utf-8")
    reference = text.split("\n## Command-line reference\n", 1)[1].split("\n## ", 1)[0]
    intro, *sections = re.split(r"^### ", reference, flags=re.MULTILINE)
    return intro, {s.split("\n", 1)[0].strip().strip("`"): s.split("\n", 1)[1] for s in sections}


def table_rows(section: str) -> dict[str, str]:
    """Each table row's option names (`-o/--output DIR` → `-o`, `--output`), mapped to its whole row."""
    rows = {}
    for line in section.splitlines():
        found = re.match(r"\| `([^`]+)` \|", line)
        if found:
            for name in re.findall(r"(?:^|/)(--?[\w-]+)", found.group(1).split(" ")[0]):
                rows[name] = line
    return rows


def documented(heading: str, sections: dict[str, str]) -> dict[str, str]:
    rows = table_rows(sections[heading])
    if SHARED_LINK in sections[heading]:
        rows |= table_rows(sections[SHARED])
    return rows


def help_text(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def help_options(text: str) -> dict[str, str | None]:
    """The options `--help` lists (each name → the default it shows, if any), without -h/--help."""
    options: dict[str, str | None] = {}
    block = text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
    for entry in re.split(r"\n(?=  -)", block):
        usage = re.split(r"\s{2,}", entry.strip(), maxsplit=1)[0]  # "-o, --output DIRECTORY"
        default = re.search(r"\[default: ([^;\]]+)", " ".join(entry.split()))
        for name in re.findall(r"(?:^|, )(--?[\w-]+)", usage):
            options[name] = default.group(1).strip() if default else None
    for name in ("-h", "--help"):
        options.pop(name, None)
    return options


def commands_in_readme() -> dict[str, str]:
    """Each command's section heading, by command name."""
    _, sections = reference_sections()
    return {h.split()[1]: h for h in sections if h.startswith("factsheets ")}


def test_every_command_has_a_section_and_every_section_a_command():
    assert sorted(commands_in_readme()) == sorted(cli.commands)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_the_readme_lists_exactly_the_options_of_the_command(command: str):
    _, sections = reference_sections()
    heading = commands_in_readme()[command]
    in_help = help_options(help_text(command))
    in_readme = documented(heading, sections)
    assert sorted(in_readme) == sorted(in_help)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_the_readme_gives_each_default_the_help_shows(command: str):
    _, sections = reference_sections()
    rows = documented(commands_in_readme()[command], sections)
    for name, default in help_options(help_text(command)).items():
        if default is not None:
            assert default in rows[name], f"{command} {name}: the README does not say the default {default}"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_the_readme_names_the_arguments_of_the_command(command: str):
    usage = help_text(command).split("\n", 1)[0]
    arguments = usage.split("[OPTIONS]", 1)[1].split()
    assert len(commands_in_readme()[command].split()[2:]) == len(arguments)


def test_the_readme_names_the_tools_own_options():
    intro, _ = reference_sections()
    named = set(re.findall(r"`(-[^`]+)`", intro))  # `-v/--verbose`, `--version`, `-h/--help`
    names = {name for option in named for name in option.split("/")} - {"-h", "--help"}
    assert sorted(names) == sorted(help_options(help_text()))
