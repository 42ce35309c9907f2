"""The write stage: the site goes to a temporary folder, then replaces the output in one step.

A failed or interrupted build leaves the previous site exactly as it was, and nothing outside the output
folder is ever written or deleted.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.errors import BuildError

log = logging.getLogger(__name__)

MARKER = ".factsheets-site"  # marks a folder as ours to replace


def check_output_folder(output: Path, sources: Iterable[Path], roots: Iterable[Path] = ()) -> Path:
    """Refuse an output folder that would overwrite or delete what is not the site's.

    The output may not be, contain or lie inside a source folder (content, templates), and may not be or
    contain a root (the repository root, the home folder, `/`); it may lie inside a root: `_site/`.
    """
    output = output.expanduser().resolve()
    for root in (Path(output.anchor), Path.home(), *roots):
        root = root.resolve()
        if output == root or root.is_relative_to(output):
            raise BuildError(f"refusing to build into '{output}': it is or contains '{root}'; choose a "
                             "dedicated folder such as _site")
    for folder in sources:
        folder = folder.resolve()
        if output == folder or folder.is_relative_to(output) or output.is_relative_to(folder):
            raise BuildError(f"refusing to build into '{output}': it is, contains or lies inside '{folder}'; "
                             "choose a separate folder such as _site")
    if output.exists() and not output.is_dir():
        raise BuildError(f"the output '{output}' exists and is not a folder; remove it or choose another")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise BuildError(f"'{output}' already holds files that factsheets did not write; empty it or choose "
                         "another output folder (factsheets replaces its output folder on every build)")
    return output


def write_site(files: Iterable[tuple[str, bytes]], output: Path) -> int:
    """Write every (site path, bytes) into a fresh folder and swap it in; returns the number of files."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site must be readable
    count = 0
    try:
        for site_path, data in files:
            target = staging / _safe_relative(site_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            count += 1
        (staging / MARKER).write_text("Built by factsheets: this folder is replaced on every build.\n")
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _safe_relative(site_path: str) -> Path:
    """A site path as a relative file path; anything that could escape the output is a bug, not content."""
    pure = PurePosixPath(site_path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BuildError(f"refusing to write '{site_path}': it would lie outside the output folder")
    return Path(*pure.parts)


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` with `staging` using renames, so readers never see a half-written site."""
    retired = None
    if output.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        os.rename(output, retired / "site")
    try:
        os.rename(staging, output)
    except OSError:
        if retired is not None:
            os.rename(retired / "site", output)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
