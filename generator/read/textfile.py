"""Reading content files as text: UTF-8, BOM dropped, line endings normalised."""

from __future__ import annotations

import bisect
import os
import re
from pathlib import Path

from generator.errors import Location, Problem

_BOM = b"\xef\xbb\xbf"
_BYTE_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
# C0 controls other than tab and newline: never text, and Markdown uses \x02/\x03 as its own placeholders.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


class TextProblem(Exception):
    """A file cannot be read as text; carries the Problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 content, dropping a BOM and turning CRLF/CR into LF."""
    bom = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = bom + error.start  # in the file as stored, so a hex editor finds it
        breaks = list(_BYTE_LINE_BREAK.finditer(data, 0, offset))
        line = len(breaks) + 1
        line_start = breaks[-1].end() if breaks else 0
        # Columns count characters, as elsewhere; the bytes before the bad one on its line decode fine.
        col = len(data[max(line_start, bom) : offset].decode("utf-8", errors="replace")) + 1
        raise TextProblem(
            Problem(
                Location(path, line, col),
                "invalid-utf8",
                f"invalid UTF-8 byte 0x{data[offset]:02x} at byte offset {offset}",
                "save the file as UTF-8 (most editors offer 'Save with encoding')",
            )
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line, col = LineIndex(text).line_col(control.start())
        raise TextProblem(
            Problem(
                Location(path, line, col),
                "control-character",
                f"the file holds the control character U+{ord(control.group()):04X}, which is not text",
                "delete it (it often comes with text pasted from a PDF or a word processor)",
            )
        )
    return text


def read_text(path: Path, shown_as: str) -> str:
    """Read and decode a content file."""
    try:
        data = path.read_bytes()
    except OSError as error:  # vanished since it was listed, unreadable, a dangling link …
        raise TextProblem(
            Problem(
                Location(shown_as),
                "unreadable-file",
                f"cannot read the file: {error.strerror or error}",
                "check that the file exists and that you may read it",
            )
        ) from None
    return decode(data, shown_as)


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
    # Asked for every file of the content on every build: a path under `root` as spelled is cut as a string,
    # without pathlib's parsing (both strings are normalised already); any other goes through pathlib.
    shown, folder = str(path), str(root)
    if shown.startswith(folder) and shown[len(folder) : len(folder) + 1] == os.sep:
        relative = shown[len(folder) + 1 :]
        return relative if os.sep == "/" else relative.replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
