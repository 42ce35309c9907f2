"""Compare a built site with the golden one, file by file, and say what differs and how to accept it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

# Enough of a diff to see what changed; the whole of it is one `git diff` away after regenerating.
DIFF_LINES = 40


@dataclass
class TreeDifference:
    """Relative paths (POSIX) that differ between the expected tree and the built one."""

    missing: list[str] = field(default_factory=list)  # expected, not built
    extra: list[str] = field(default_factory=list)  # built, not expected
    changed: list[str] = field(default_factory=list)  # both, with different bytes

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.changed)


def files_of(folder: Path) -> dict[str, Path]:
    """Every file under `folder` (dot files included) by its POSIX path relative to it."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def compare_trees(expected: Path, built: Path) -> TreeDifference:
    """What differs between two folders: files only one of them has, and files whose bytes differ."""
    want, got = files_of(expected), files_of(built)
    return TreeDifference(
        missing=sorted(want.keys() - got.keys()),
        extra=sorted(got.keys() - want.keys()),
        changed=[
            name
            for name in sorted(want.keys() & got.keys())
            if want[name].read_bytes() != got[name].read_bytes()
        ],
    )


def first_diff(expected: Path, built: Path, name: str) -> str:
    """A unified diff of one file, cut to DIFF_LINES lines."""
    before = (expected / name).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    after = (built / name).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(before, after, f"expected/{name}", f"built/{name}", n=2))
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"... {len(lines) - DIFF_LINES} more diff lines\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def describe(difference: TreeDifference, expected: Path, built: Path, advice: str) -> str:
    """The failure message: every differing file, the first change as a diff, and how to accept the change."""
    parts = ["The built site differs from the golden site:"]
    parts += [f"  missing from the build: {name}" for name in difference.missing]
    parts += [f"  not in the golden site: {name}" for name in difference.extra]
    parts += [f"  changed: {name}" for name in difference.changed]
    if difference.changed:
        parts += ["", first_diff(expected, built, difference.changed[0]).rstrip("\n")]
    parts += ["", advice]
    return "\n".join(parts)
