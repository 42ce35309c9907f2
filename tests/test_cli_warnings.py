"""A build's warnings on the command line: written at once when only the command's own handler would see
them, with the bytes that logging each one gives; logged one by one when anything else listens."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from generator.cli import cli
from generator.cli import logs as cli_logs
from generator.errors import Problem

NAMES = ("acme-globex.md", "acme-globex-it.md")


@pytest.fixture
def warned(site: Path, monkeypatch) -> Path:
    """The fixture site with unsafe links: four warnings."""
    monkeypatch.chdir(site)
    for number, name in enumerate(NAMES):
        article = site / "content" / "articles" / name
        extra = f"\nSee [here](tel:+3900{number}) and [there](javascript:x{number}).\n"
        article.write_text(article.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return site


def _build(runner, *options: str) -> str:
    result = runner.invoke(cli, ["build", "--no-search", "--no-cache", *options])
    assert result.exit_code == 0, result.output
    return result.output


def _emitted_problems(monkeypatch) -> list[logging.LogRecord]:
    records: list[logging.LogRecord] = []
    original = cli_logs.ClickHandler.emit

    def spy(handler, record):
        if any(isinstance(a, Problem) for a in record.args or ()):
            records.append(record)
        original(handler, record)

    monkeypatch.setattr(cli_logs.ClickHandler, "emit", spy)
    return records


def test_warnings_are_written_at_once_as_logging_each_would_write_them(warned: Path, runner, monkeypatch):
    records = _emitted_problems(monkeypatch)
    at_once = _build(runner, "-o", "one")
    assert records == [] and at_once.count("unsafe-link") == 4
    monkeypatch.setattr(cli_logs, "_only_click_handler", lambda logger: None)
    one_by_one = _build(runner, "-o", "two")
    assert len(records) >= 4  # the unsafe links and whatever else the fixture warns of
    assert one_by_one.replace("two", "one") == at_once


def test_warnings_are_logged_one_by_one_when_another_handler_listens(warned: Path, runner, monkeypatch):
    seen: list[logging.LogRecord] = []

    class Listener(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    original_cli = cli.callback

    def with_listener(verbose: bool, quiet: bool) -> None:
        original_cli(verbose, quiet)
        logging.getLogger("generator.cli").addHandler(Listener())

    monkeypatch.setattr(cli, "callback", with_listener)
    try:
        output = _build(runner)
    finally:
        logging.getLogger("generator.cli").handlers.clear()
    assert sum(1 for r in seen if r.levelno == logging.WARNING and "unsafe-link" in r.getMessage()) == 4
    assert output.count("unsafe-link") == 4  # and the command's handler still shows them
