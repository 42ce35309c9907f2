"""The golden site: a small content folder whose built output is kept in the repository, byte for byte.

`tests/test_golden.py` builds `content/` and compares the result with `site/` file by file, so a change to a
template, a formatter or a message cannot alter pages unnoticed. After a change that is meant to alter the
output, rebuild `site/` with `python -m tests.golden` and review `git diff tests/golden/site` before
committing it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.render.sqlite import FULL_TEXT

GOLDEN = Path(__file__).resolve().parent
CONTENT = GOLDEN / "content"
EXPECTED = GOLDEN / "site"
REGENERATE = "python -m tests.golden"
ADVICE = (
    f"If the change is intended, run `{REGENERATE}` from the repository root, then review "
    "`git diff tests/golden/site` and commit it with the change."
)
# A fixed build time (2026-05-28, after the last article): citations say when the site was "accessed".
SOURCE_DATE_EPOCH = "1780000000"
# This folder does not exist, so the build uses the default theme alone, whatever the current folder holds
# (the `templates/` default is relative to it).
NO_TEMPLATES = GOLDEN / "no-template-overrides"


def build_golden(output: Path) -> None:
    """Build the golden content into `output` with a fixed build time, no cache and the default theme."""
    arguments = ["-q", "build", "--content", str(CONTENT), "--templates", str(NO_TEMPLATES), "--no-cache"]
    environment = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    result = CliRunner().invoke(cli, [*arguments, "-o", str(output)], env=environment, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(
            f"the golden site did not build (exit status {result.exit_code}):\n{result.output}"
        )
    # Pagefind's bundle (scripts, WebAssembly, index) is another program's output that changes with its
    # version; tests/test_search.py checks it. The golden site keeps the pages that load it.
    shutil.rmtree(output / "pagefind")
    # The SQLite file names the library's version in its header, and its pages follow the library's layout:
    # the golden site keeps its tables as SQL text instead, which reads and diffs line by line (tests/
    # test_sqlite_export.py checks the file itself, and that two builds write the same bytes).
    database = output / "data" / "factsheets.db"
    (output / "data" / "factsheets.db.sql").write_text(database_as_sql(database), encoding="utf-8")
    database.unlink()


# The rows iterdump gives for a full-text index are its table's text again, or the index's own pages.
FULL_TEXT_ROWS = tuple(f'INSERT INTO "{name}' for name in FULL_TEXT)


def database_as_sql(path: Path) -> str:
    """The schema and rows of a database, as SQL statements; the full-text indexes' own tables left out."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        lines = [line for line in connection.iterdump() if not line.startswith(FULL_TEXT_ROWS)]
    finally:
        connection.close()
    return "\n".join(lines) + "\n"
