"""The README's `annotate` example is what the code writes today (regenerate it with the script's --write)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_shows_what_annotate_writes_today():
    spec = importlib.util.spec_from_file_location(
        "annotate_example", ROOT / "benchmarks" / "annotate_example.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    shown = script.readme_block((ROOT / "README.md").read_text(encoding="utf-8"))
    assert shown == script.example(), "run: python benchmarks/annotate_example.py --write"
