"""One exception hierarchy for the whole tool.

The library raises these and never exits; the CLI lets Click print them (exit status 1) so users see a
message naming the file, line and column, what is wrong and how to fix it, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click

# Where a Location's path is relative to (the content folder's parent), and the folder messages are read
# from (the current directory when the command started): set by the command line, see `paths_shown_from`.
_shown_from: tuple[str, str] | None = None


@contextlib.contextmanager
def paths_shown_from(root: Path) -> Iterator[None]:
    """While inside, messages name a content file by its path from the current directory (absolute when it
    lies outside), so that a person can open it from where they stand; without it, from `root`.

    A Location keeps the path from `root` (the content folder's parent), which caches and builds share
    whatever the current directory; only the text shown to the user changes.
    """
    global _shown_from
    previous = _shown_from
    _shown_from = (str(root.resolve()), str(Path.cwd().resolve()))
    try:
        yield
    finally:
        _shown_from = previous


def shown_path(path: str) -> str:
    """A Location's path as messages show it (see `paths_shown_from`)."""
    if _shown_from is None:
        return path
    return _path_from(path, *_shown_from)


# A check may name one file in 100,000 messages, and a build of 10,000 articles 8,000 files in 16,000
# warnings, each printed at every build: enough room for every file of a big archive. Text, not `Path`s:
# pathlib made printing those warnings a third of a build with nothing to do.
@functools.lru_cache(maxsize=1 << 17)
def _path_from(path: str, root: str, here: str) -> str:
    prefix = _root_from(root, here)
    if prefix is not None and os.path.normpath(path) == path and not os.path.isabs(path):
        if path not in (os.curdir, os.pardir) and not path.startswith(os.pardir + os.sep):
            return (prefix + path).replace(os.sep, "/")  # a plain path under a root inside `here`
    full = os.path.normpath(os.path.join(root, path))  # an absolute `path` stays as it is
    inside = here if here.endswith(os.sep) else here + os.sep
    shown = os.path.relpath(full, here) if full == here or full.startswith(inside) else full
    return shown.replace(os.sep, "/")


@functools.lru_cache(maxsize=8)
def _root_from(root: str, here: str) -> str | None:
    """`root` from `here`, ready to put before a path (`""` when they are one), or None when `root` is not
    inside `here`: a path under it is then shown as `_path_from` works it out in full. Once per root rather
    than `relpath` once per file: 8,000 files named in a build's warnings cost a tenth of a build with
    nothing to do."""
    inside = here if here.endswith(os.sep) else here + os.sep
    if root != here and not root.startswith(inside):
        return None
    shown = os.path.relpath(root, here)
    return "" if shown == os.curdir else shown + os.sep


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a content file: 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return shown_path(self.path)
        return f"{shown_path(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, with a stable code and a hint that says how to fix it."""

    location: Location
    code: str
    message: str
    hint: str = ""
    severity: str = field(default="error", compare=False)  # "error" | "warning"

    def __str__(self) -> str:
        """`file:line:col: warning: conflict: what is wrong`, then the hint: the compilers' form, which
        editors' problem matchers read, with the code after the severity."""
        text = f"{self.location}: {self.severity}: {self.code}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict:
        return {
            "path": shown_path(self.location.path),
            "line": self.location.line,
            "col": self.location.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.severity == "error"]


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """The problems in the order they are reported (file, line, column, code, message, hint): the dataclass
    order, by a key, which is faster than comparing problems field by field (a quarter of a second for the
    16,000 warnings of a 10,000-article archive, on every build)."""
    return sorted(problems, key=_reported_order)


def _reported_order(problem: Problem) -> tuple[str, int, int, str, str, str]:
    where = problem.location
    return (where.path, where.line, where.col, problem.code, problem.message, problem.hint)


def warnings_in(problems: list[Problem]) -> list[Problem]:
    """The problems a build reports and goes on (unless --strict)."""
    return [p for p in problems if p.severity == "warning"]


class ProblemTexts:
    """Each problem's text as shown (`str`) and as a build record keeps it (`as_dict` in JSON), made once
    per problem object: a preview server's rebuilds give again most of the 16,000 warnings of a
    10,000-article archive, as the very objects the last build gave (see `Aggregator.conflict_warnings`),
    and writing them out anew took a tenth of each rebuild. By identity, as hashing a problem costs about
    what writing it does. Only the problems of the last call are kept, so nothing grows; none once paths
    are shown from elsewhere (both texts name the file by `shown_path`)."""

    def __init__(self) -> None:
        self._shown: dict[int, tuple[Problem, str]] = {}
        self._kept: dict[int, tuple[Problem, str]] = {}
        self._from = _shown_from
        # The warnings file a build record last wrote, the texts it holds and their digest (`record.py`).
        self.written: tuple[Path, list[str], str] | None = None

    def shown(self, problems: Iterable[Problem]) -> list[str]:
        self._check_root()
        self._shown, texts = _texts(problems, self._shown, str)
        return texts

    def kept(self, problems: Iterable[Problem]) -> list[str]:
        """Each problem as a JSON object."""
        self._check_root()
        self._kept, texts = _texts(problems, self._kept, _problem_json)
        return texts

    def _check_root(self) -> None:
        if self._from != _shown_from:
            self._shown, self._kept, self._from, self.written = {}, {}, _shown_from, None


def _texts(
    problems: Iterable[Problem], before: dict[int, tuple[Problem, str]], make: Callable[[Problem], str]
) -> tuple[dict[int, tuple[Problem, str]], list[str]]:
    now: dict[int, tuple[Problem, str]] = {}
    texts = []
    for problem in problems:
        entry = before.get(id(problem))
        if entry is None or entry[0] is not problem:
            entry = (problem, make(problem))
        now[id(problem)] = entry
        texts.append(entry[1])
    return now, texts


def _problem_json(problem: Problem) -> str:
    return json.dumps(problem.as_dict())


class FactsheetsError(click.ClickException):
    """Base of every error the tool reports to its user."""


def background_failure(error: Exception, writing: str) -> str:
    """What to tell the user of work a background thread did that failed with `error`: our own message as it
    is, a file system's error as what could not be written (`writing`, e.g. "the search index into 'site'"),
    and anything else (a bug, which must not pass unseen in a thread) by its type and text, its traceback
    logged for `-v`."""
    if isinstance(error, FactsheetsError):
        return error.format_message()
    if isinstance(error, OSError):
        return f"could not write {writing}: {error}"
    logging.getLogger(__name__).debug("%s failed", writing, exc_info=error)
    return f"{type(error).__name__}: {error}"


class ContentError(FactsheetsError):
    """The content has one or more problems; carries all of them."""

    def __init__(self, problems: list[Problem], footer: str | None = None):
        self.problems = in_order(problems)
        count = len(self.problems)
        summary = "\n".join(str(p) for p in self.problems)
        footer = (
            footer or f"Found {count} problem{'s' if count != 1 else ''} in the content; nothing was written."
        )
        super().__init__(f"{summary}\n{footer}")


class ConfigError(FactsheetsError):
    """A setting or command-line option cannot be used."""


class TemplateError(FactsheetsError):
    """A template is missing or fails to render."""


class BuildError(FactsheetsError):
    """The build cannot go on (output folder refused, write failed, …)."""
