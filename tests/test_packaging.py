"""The wheel is a working tool on its own: it ships the default theme."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_the_default_theme(tmp_path: Path):
    from hatchling.build import build_wheel

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        name = build_wheel(str(tmp_path))
    finally:
        os.chdir(cwd)
    names = set(zipfile.ZipFile(tmp_path / name).namelist())
    theme = {
        p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()
    }
    assert theme, "the theme folder is empty"
    missing = {t for t in theme if f"generator/theme/templates/{t}" not in names}
    assert missing == set()
    assert "generator/cli/__init__.py" in names
    assert "generator/new_entity_cues.yml" in names  # annotate's cue words are data read at run time
    assert not any(n.startswith(("content/", "tests/")) for n in names)
