"""Rebuild tests/golden/site/ after an intended change to the output: `python -m tests.golden`.

The site is built into a folder beside it and swapped in only once the build has succeeded, so a failed build
leaves the golden site as it was.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from tests.golden import EXPECTED, GOLDEN, build_golden
from tests.golden.compare import compare_trees, files_of


def regenerate() -> None:
    """Build the golden content and put the result in place of tests/golden/site/."""
    # Beside the golden site, not in the system's temporary folder: the swap is then two renames.
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=GOLDEN))
    try:
        built = staging / "new"
        build_golden(built)
        difference = compare_trees(EXPECTED, built) if EXPECTED.is_dir() else None
        if EXPECTED.is_dir():
            EXPECTED.rename(staging / "old")
        built.rename(EXPECTED)
    finally:
        shutil.rmtree(staging)
    files = files_of(EXPECTED)
    size = sum(path.stat().st_size for path in files.values())
    if difference is None:
        print(f"Wrote {EXPECTED}: {len(files)} files, {size} bytes.")
    else:
        print(
            f"Rebuilt {EXPECTED}: {len(files)} files, {size} bytes; {len(difference.changed)} changed, "
            f"{len(difference.extra)} added, {len(difference.missing)} removed."
        )
        print("Review the change with `git diff --stat tests/golden/site` before committing it.")


if __name__ == "__main__":
    try:
        regenerate()
    except RuntimeError as error:
        sys.exit(f"error: {error}\nThe golden site in {EXPECTED} was left as it was.")
