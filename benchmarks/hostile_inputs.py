"""Time `check` and `build` on the inputs that once took super-linear time (issue 16), at about 1 MB each.

    python benchmarks/hostile_inputs.py [--size 1000000] [--timeout 120] [--only NAME ...] [--work DIR]

Each case is the fixture site with one thing made huge: an article body, an entity's website, the site's
base_url, or the front matter. Each command runs as a fresh `python -m generator` process with a time limit;
the table gives its wall time and exit status (0 passed, 1 content errors, 3 a traceback, "timeout").
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"

FRONT_MATTER = """---
title: Hostile
language: en
based_on: [{publisher: Daily Example, url: "https://daily.example/x", published: 2025-09-18}]
summary: A hostile body.
---
"""


def _backtick_runs(size: int) -> str:
    """Runs of backticks of every length 1, 2, 3 … each used once, separated by a word: no span closes."""
    parts, total, length = [], 0, 1
    while total < size:
        parts.append("`" * length + " x ")
        total += length + 3
        length += 1
    return "".join(parts)


BODIES: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "Acme " + " " * n + "x\n",
    "open-brackets": lambda n: "[" * n + "\n",
    "nested-brackets": lambda n: "[" * (n // 2) + "x" + "]" * (n // 2) + "\n",
    "mentions": lambda n: "[Acme]{@acme} " * (n // 14) + "\n",
    "backtick-runs": _backtick_runs,
    "escaped-brackets": lambda n: "\\[" * (n // 2) + "\n",
    "code-spans": lambda n: "`a` " * (n // 4) + "\n",
    "separate-escapes": lambda n: "\\[a" * (n // 3) + "\n",
    "emphasis": lambda n: "*a* " * (n // 4) + "\n",
    "links": lambda n: "[a](https://a.example/) " * (n // 24) + "\n",
    "long-article": lambda n: "Acme invested $5 billion in Globex on 18 September 2025. " * (n // 57) + "\n",
}


def _write_body(content: Path, body: str) -> None:
    (content / "articles" / "hostile.md").write_text(FRONT_MATTER + body, encoding="utf-8")


def _long_website(content: Path, size: int) -> None:
    path = content / "entities" / "acme.yml"
    text = path.read_text(encoding="utf-8").replace(
        "https://acme.example", "https://acme.example/" + "a" * size
    )
    path.write_text(text, encoding="utf-8")


def _long_base_url(content: Path, size: int) -> None:
    path = content / "site.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("https://example.org/sheets/", "https://example.org/" + "a" * size + "/")
    path.write_text(text, encoding="utf-8")


def _many_fields(content: Path, size: int) -> None:
    fields = "".join(f"field{i}: value\n" for i in range(size // 18))
    (content / "articles" / "hostile.md").write_text(
        FRONT_MATTER.replace("summary:", fields + "summary:") + "Acme.\n", encoding="utf-8"
    )


def _body_case(make: Callable[[int], str]) -> Callable[[Path, int], None]:
    return lambda content, size: _write_body(content, make(size))


CASES: dict[str, Callable[[Path, int], None]] = {
    **{name: _body_case(make) for name, make in BODIES.items()},
    "long-website": _long_website,
    "long-base-url": _long_base_url,
    "yaml-fields": _many_fields,
}


def _time(command: list[str], timeout: float) -> str:
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (timeout)"
    status = "traceback" if b"Traceback" in done.stderr else f"exit {done.returncode}"
    return f"{time.perf_counter() - started:.1f} s ({status})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of the hostile part")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", nargs="*", default=None, help="case names (default: all)")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="factsheets-hostile-"))
    print(f"| case ({args.size:,} chars) | check | build |")
    print("|---|---|---|")
    for name, make in CASES.items():
        if args.only and name not in args.only:
            continue
        site = work / name
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(FIXTURE, site)
        make(site / "content", args.size)
        python = [sys.executable, "-m", "generator"]
        check = _time([*python, "check", "--content", str(site / "content")], args.timeout)
        build = _time(
            [
                *python,
                "build",
                "--content",
                str(site / "content"),
                "-o",
                str(site / "_site"),
                "--no-cache",
                "--no-search",
                "-j",
                "1",
            ],
            args.timeout,
        )
        print(f"| {name} | {check} | {build} |", flush=True)


if __name__ == "__main__":
    main()
