"""The largest HTML page of each page type in a built site, against the 300 KB a page may weigh (issue 12).

    python benchmarks/page_sizes.py SITE [--limit-kb 300]

Prints a Markdown table: page type, pages, largest page (path and KB), mean KB; then the pages over the limit.
Exits 1 when a page is over the limit.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.vocabulary import KIND_FOLDERS  # noqa: E402

SHEETS = "|".join(sorted(set(KIND_FOLDERS.values())))
YEAR, MONTH, PART = r"\d{4}/", r"\d{2}/", r"(page/\d+/)?"
# Page types by the path of their file, tried in order: the first match names the type.
PAGE_TYPES: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern + "index.html$") if pattern is not None else re.compile(r"404\.html$"))
    for name, pattern in [
        ("home", r"^"),
        ("404", None),
        ("article", r"^articles/[^/]+/"),
        ("timeline index", r"^timeline/"),
        ("timeline year", rf"^timeline/{YEAR}{PART}"),
        ("timeline month", rf"^timeline/{YEAR}{MONTH}{PART}"),
        ("sources index", r"^sources/"),
        ("sources year/month", rf"^sources/{YEAR}({MONTH})?{PART}"),
        ("data", r"^data/"),
        ("sheet", rf"^({SHEETS})/[^/]+/"),
        ("sheet year", rf"^({SHEETS})/[^/]+/{YEAR}{PART}"),
        ("sheet month", rf"^({SHEETS})/[^/]+/{YEAR}{MONTH}{PART}"),
    ]
]


@dataclass
class TypeSizes:
    count: int = 0
    total: int = 0
    largest: tuple[int, str] = (0, "")
    over: list[tuple[int, str]] = field(default_factory=list)


def page_type(path: str) -> str:
    return next((name for name, pattern in PAGE_TYPES if pattern.search(path)), "other")


def measure(site: Path, limit: int) -> dict[str, TypeSizes]:
    """Sizes of every HTML file of `site`, by page type (types with no page are left out)."""
    sizes: dict[str, TypeSizes] = {}
    for file in sorted(site.rglob("*.html")):
        path = file.relative_to(site).as_posix()
        size = file.stat().st_size
        entry = sizes.setdefault(page_type(path), TypeSizes())
        entry.count += 1
        entry.total += size
        entry.largest = max(entry.largest, (size, path))
        if size > limit:
            entry.over.append((size, path))
    order = [name for name, _ in PAGE_TYPES] + ["other"]
    return {name: sizes[name] for name in order if name in sizes}


def table(sizes: dict[str, TypeSizes], limit: int) -> str:
    lines = [
        f"| page type | pages | largest page | KB | mean KB | over {limit // 1000} KB |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for name, entry in sizes.items():
        size, path = entry.largest
        lines.append(
            f"| {name} | {entry.count:,} | `{path}` | {size / 1000:,.0f} | "
            f"{entry.total / entry.count / 1000:,.0f} | {len(entry.over)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (factsheets build -o SITE)")
    parser.add_argument(
        "--limit-kb", type=int, default=300, help="the most a page may weigh (1 KB = 1000 bytes)"
    )
    args = parser.parse_args(argv)
    limit = args.limit_kb * 1000
    sizes = measure(args.site, limit)
    print(table(sizes, limit))
    over = sorted((o for entry in sizes.values() for o in entry.over), reverse=True)
    for size, path in over[:20]:
        print(f"over the limit: {path} ({size / 1000:,.0f} KB)")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
