"""The cost of the search index alone, on a built site: Pagefind's CPU time, peak memory, index bytes.

    python benchmarks/search_index.py SITE [--shard-pages N] [--shard-bytes B] [--whole] [--keep FOLDER]

SITE is a site built with `--no-search` (a `pagefind/` in it is ignored). Its files are hard-linked into a
scratch folder (FOLDER, else a temporary one) and indexed there as a build indexes its staging folder
(`generator.search.index_site`), or with `--whole` as builds did before the index had shards: one Pagefind
run over the whole folder, every page read. Prints the runs, the most pages one run was given, the CPU time
(user + system) of all Pagefind runs and of `index_site` itself, the peak resident memory of the largest
Pagefind run, and the bytes and files of `pagefind/`. CPU time and memory vary far less than wall time on a
shared machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator import search  # noqa: E402 - after the path is set, as the script runs from a checkout
from generator.search_shards import SHARD_BYTES, SHARD_PAGES, Limit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--shard-pages", type=int, default=SHARD_PAGES, help="most pages per shard")
    parser.add_argument("--shard-bytes", type=int, default=SHARD_BYTES, help="most bytes of pages per shard")
    parser.add_argument("--whole", action="store_true", help="one Pagefind run over every page, unsharded")
    parser.add_argument("--keep", type=Path, help="index into this folder (replaced) and keep it")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="search-index-"))
    folder = options.keep or scratch / "site"
    try:
        if folder.exists():
            shutil.rmtree(folder)
        subprocess.run(["cp", "-al", str(options.site), str(folder)], check=True)
        shutil.rmtree(folder / search.SEARCH_FOLDER, ignore_errors=True)
        report(folder, options)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def report(folder: Path, options: argparse.Namespace) -> None:
    pages_per_run: list[int] = []
    run = search._run_pagefind

    def counted(executable: Path, arguments: list[str], where: Path) -> str:
        if arguments != ["--version"]:
            pages_per_run.append(sum(1 for _ in where.rglob("*.html")))
        return run(executable, arguments, where)

    search._run_pagefind = counted
    own = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    if options.whole:
        arguments = ["--site", ".", "--output-subdir", search.SEARCH_FOLDER]
        counted(search.pagefind_executable(), arguments, folder)
        files = [p for p in (folder / search.SEARCH_FOLDER).rglob("*") if p.is_file()]
    else:
        limit = Limit(options.shard_pages, options.shard_bytes)
        files = [folder / p for p in search.index_site(folder, limit=limit)]
    wall = time.perf_counter() - started
    mine = resource.getrusage(resource.RUSAGE_SELF)
    pagefind = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"Pagefind runs: {len(pages_per_run)}, most pages given to one run: {max(pages_per_run)}")
    print(f"Pagefind CPU: {pagefind.ru_utime + pagefind.ru_stime:.1f} s (all runs)")
    print(f"index_site's own CPU: {mine.ru_utime + mine.ru_stime - own.ru_utime - own.ru_stime:.1f} s")
    print(f"peak RSS of the largest Pagefind run: {pagefind.ru_maxrss / 1024:.0f} MB")
    print(f"index: {sum(p.stat().st_size for p in files) / 1e6:.2f} MB in {len(files)} files")
    print(f"wall: {wall:.1f} s")


if __name__ == "__main__":
    main()
