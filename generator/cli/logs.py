"""The command line's log: library records to stderr through Click, and a build's warnings shown all at once.

A build at 10,000 articles may report 16,000 warnings; logged one record each, making the records and
writing each line cost about a second. When the records would reach nothing but `ClickHandler` as it is
set up by the `factsheets` group, `warn_each` writes the lines that handler would write, at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import click


class ClickHandler(logging.Handler):
    """Library log records to stderr, with the level named for warnings and errors (a content problem
    names its own severity: "file:line:col: warning: conflict: …", not "warning: … warning conflict")."""

    def emit(self, record: logging.LogRecord) -> None:
        message = self.format(record)
        if record.levelno >= logging.WARNING and not _is_problem(record):
            message = f"{record.levelname.lower()}: {message}"
        click.echo(message, err=True)


def _is_problem(record: logging.LogRecord) -> bool:
    from generator.errors import Problem  # the library, imported when a warning is shown: --help stays light

    return isinstance(record.args, tuple) and any(isinstance(arg, Problem) for arg in record.args)


def warn_each(logger: logging.Logger, problems: Sequence[object]) -> None:
    """`logger.warning("%s", problem)` for each problem, in order: the same lines, written in one go when
    only the command line's handler would see the records (else logged one by one, for whoever listens)."""
    if not problems:
        return
    if _only_click_handler(logger) is None:
        for problem in problems:
            logger.warning("%s", problem)
        return
    # What `ClickHandler` writes for each record: the problem as text, with no level added (it names its
    # own), a line each. `click.echo` strips ANSI codes per line when stderr is no terminal; none spans a
    # line break, so stripping the joined text gives the same bytes.
    click.echo("\n".join(map(str, problems)), err=True)


def _only_click_handler(logger: logging.Logger) -> ClickHandler | None:
    """The handler every WARNING record of `logger` reaches when it is one `ClickHandler` with the default
    format and nothing else (no filter, no other handler, nothing disabled); None otherwise."""
    if logger.manager.disable >= logging.WARNING or not logger.isEnabledFor(logging.WARNING):
        return None
    current: logging.Logger | None = logger
    while current is not None:
        if current.disabled or current.filters:
            return None
        if current.handlers:
            (handler, *others) = current.handlers
            plain = type(handler) is ClickHandler and handler.formatter is None and not handler.filters
            if others or not plain or handler.level > logging.WARNING or current.propagate:
                return None
            return handler
        if not current.propagate:
            return None
        current = current.parent  # type: ignore[assignment]
    return None
