"""Reading content files as text: UTF-8, BOM dropped, line endings normalised."""

from __future__ import annotations

import bisect
from pathlib import Path

from generator.errors import Location, Problem


class TextProblem(Exception):
    """A file cannot be read as text; carries the Problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 content, dropping a BOM and turning CRLF/CR into LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise TextProblem(
            Problem(
                Location(path, line, col),
                "invalid-utf8",
                f"invalid UTF-8 byte 0x{data[error.start]:02x} at byte offset {error.start}",
                "save the file as UTF-8 (most editors offer 'Save with encoding')",
            )
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, shown_as: str) -> str:
    """Read and decode a content file."""
    return decode(path.read_bytes(), shown_as)


class LineIndex:
    """Turns offsets in a text into 1-based line and column numbers."""

    def __init__(self, text: str, first_line: int = 1):
        self._starts = [0]
        newline = text.find("\n")
        while newline != -1:
            self._starts.append(newline + 1)
            newline = text.find("\n", newline + 1)
        self._first_line = first_line

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + self._first_line, offset - self._starts[index] + 1


def display_path(path: Path, root: Path) -> str:
    """How messages name a file: relative to `root` when it lies inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
