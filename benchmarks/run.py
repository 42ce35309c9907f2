"""Build speed at scale: cold, no-op and one-article-changed builds, memory, and Pelican on the same articles.

    python benchmarks/run.py [--sizes 1000 10000] [--work /tmp/factsheets-bench] [--jobs N] [--no-pelican]

For each size N, generates N synthetic articles (benchmarks/generate.py), then times, each as a fresh
`python -m generator -v build` process: a cold build (no cache, no output), a rebuild with nothing changed,
and a rebuild after one article changed (a sentence added to its body). The cold build's HTML pages are
weighed by type (benchmarks/page_sizes.py): the largest of each type, against 300 KB. Memory is the
build's peak: the resident set of its largest process (from wait4; pages shared with forked workers count
in each), and the proportional set size of its whole process tree (sampled every 20 ms; shared pages count
once). The analyse stage's words per second come from the cold build's own timing of reading and analysing,
over the words of the article bodies. Pelican (installed with pip into its own virtual environment under
the work folder, never into the project's) builds the same articles as plain Markdown, cold, with its
default theme and settings; the ratio is our cold time over Pelican's.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import page_sizes  # noqa: E402
from benchmarks.generate import generate, strip_annotations, write_pelican  # noqa: E402

PAGE_LIMIT = 300_000  # bytes: the most an HTML page may weigh (issue 12)

PELICAN_CONF = """AUTHOR = "Benchmark desk"
SITENAME = "Synthetic benchmark"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
LOAD_CONTENT_CACHE = False
"""


@dataclass
class Run:
    seconds: float
    max_rss_mb: float  # the largest single process (pages shared with forked workers count in each)
    tree_mb: float  # the whole process tree at its peak, shared pages counted once (sampled)
    log: str


def _tree_pss_kb(pid: int) -> int:
    """Memory of a process and all its descendants, from /proc (0 where it cannot be read).

    Proportional set size: a page shared by forked workers counts once in all, not once in each, so the sum
    is the memory the build really takes.
    """
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    pending.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one command, timing it and measuring its memory; fail loudly if it fails."""
    log_path = cwd / "last-run.log"
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
        peak = [0]
        finished = threading.Event()

        def sample() -> None:
            while not finished.is_set():
                peak[0] = max(peak[0], _tree_pss_kb(process.pid))
                finished.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        finished.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{text[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 1024, text)


def words_in(content: Path) -> int:
    """Words of the article bodies as the pipeline reads them (annotation markup removed)."""
    total = 0
    for path in (content / "articles").glob("*.md"):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        total += len(strip_annotations(body).split())
    return total


def _timing(log: str, pattern: str) -> float | None:
    match = re.search(pattern, log)
    return float(match.group(1)) if match else None


def factsheets(folder: Path, jobs: int | None, *extra: str) -> Run:
    command = [sys.executable, "-m", "generator", "-v", "build", "--content", "content", "-o", "site", *extra]
    if jobs:
        command += ["--jobs", str(jobs)]
    return run(command, folder, {**os.environ, "PYTHONPATH": str(ROOT)})


def pelican_python(work: Path) -> Path:
    """A virtual environment with Pelican, for the benchmark only (never a dependency of the project)."""
    venv = work / "pelican-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "pelican", "markdown"], check=True)
    return python


def measure(count: int, work: Path, jobs: int | None, pelican: Path | None) -> dict[str, float | int | None]:
    folder = work / f"n{count}"
    if folder.exists():
        shutil.rmtree(folder)
    paths = generate(count, folder / "content")
    words = words_in(folder / "content")
    cold = factsheets(folder, jobs)
    noop = factsheets(folder, jobs)
    changed_article = paths[len(paths) // 2]
    with open(changed_article, "a", encoding="utf-8") as handle:
        handle.write("\nOne sentence added by the benchmark, outside any annotation.\n")
    # The weight of the pages (issue 12: none over 300 KB), of the cold build's site before it is changed.
    weights = page_sizes.table(page_sizes.measure(folder / "site", PAGE_LIMIT), PAGE_LIMIT)
    one = factsheets(folder, jobs)
    analyse_seconds = _timing(cold.log, r"timing: read and analyse ([\d.]+) s")
    result: dict[str, float | int | None] = {
        "articles": count,
        "words": words,
        "files": int(re.search(r"Built (\d+) pages", cold.log).group(1)),
        "cold": cold.seconds,
        "noop": noop.seconds,
        "one": one.seconds,
        "articles_per_s": count / cold.seconds,
        "analyse_s": analyse_seconds,
        "words_per_s": words / analyse_seconds if analyse_seconds else None,
        "aggregate_s": _timing(cold.log, r"aggregate ([\d.]+) s"),
        "render_write_s": _timing(cold.log, r"timing: render and write ([\d.]+) s"),
        "one_analyse_s": _timing(one.log, r"timing: read and analyse ([\d.]+) s"),
        "one_render_write_s": _timing(one.log, r"timing: render and write ([\d.]+) s"),
        "max_rss_mb": max(cold.max_rss_mb, noop.max_rss_mb, one.max_rss_mb),
        "tree_mb": max(cold.tree_mb, noop.tree_mb, one.tree_mb),
        "site_mb": sum(p.stat().st_size for p in (folder / "site").rglob("*") if p.is_file()) / 1e6,
        "noop_up_to_date": int("up to date" in noop.log),
        "one_changed_files": int(m.group(1)) if (m := re.search(r"(\d+) files changed", one.log)) else None,
        "page_sizes": weights,
    }
    if pelican is not None:
        pelican_folder = folder / "pelican"
        write_pelican(sorted((folder / "content" / "articles").glob("*.md")), pelican_folder / "content")
        (pelican_folder / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
        run_ = run(
            [str(pelican), "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"],
            pelican_folder,
        )
        result.update(
            pelican_s=run_.seconds, pelican_rss_mb=run_.max_rss_mb, ratio=cold.seconds / run_.seconds
        )
    return result


def table(results: list[dict]) -> str:
    def fmt(value, spec=".1f", unit=""):
        return "–" if value is None else f"{value:{spec}}{unit}"

    rows = [
        ("articles", lambda r: f"{r['articles']:,}"),
        ("words in the articles", lambda r: f"{r['words']:,}"),
        ("files in the built site", lambda r: f"{r['files']:,} ({r['site_mb']:,.0f} MB)"),
        ("cold build", lambda r: fmt(r["cold"], unit=" s")),
        ("– read + analyse", lambda r: fmt(r["analyse_s"], unit=" s")),
        ("– aggregate", lambda r: fmt(r["aggregate_s"], ".2f", " s")),
        ("– render + write", lambda r: fmt(r["render_write_s"], unit=" s")),
        ("no-op rebuild", lambda r: fmt(r["noop"], ".2f", " s")),
        ("one article changed", lambda r: fmt(r["one"], unit=" s")),
        ("– read + analyse (cache)", lambda r: fmt(r["one_analyse_s"], ".2f", " s")),
        ("– render + write", lambda r: fmt(r["one_render_write_s"], unit=" s")),
        ("– files rewritten", lambda r: fmt(r["one_changed_files"], ",")),
        ("articles/s (cold)", lambda r: fmt(r["articles_per_s"], ",.0f")),
        ("analyse stage words/s", lambda r: fmt(r["words_per_s"], ",.0f")),
        ("peak RSS, largest process", lambda r: fmt(r["max_rss_mb"], ",.0f", " MB")),
        ("peak memory, all processes (PSS)", lambda r: fmt(r["tree_mb"], ",.0f", " MB")),
        ("Pelican cold build", lambda r: fmt(r.get("pelican_s"), unit=" s")),
        ("factsheets / Pelican (cold)", lambda r: fmt(r.get("ratio"), ".2f", "×")),
    ]
    header = "| | " + " | ".join(f"N = {r['articles']:,}" for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/factsheets-bench"))
    parser.add_argument("--jobs", type=int, default=None, help="passed to factsheets build --jobs")
    parser.add_argument("--no-pelican", action="store_true", help="skip the Pelican comparison")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    pelican = None if args.no_pelican else pelican_python(args.work)
    results = []
    for count in args.sizes:
        print(f"measuring N={count} …", file=sys.stderr, flush=True)
        results.append(measure(count, args.work, args.jobs, pelican))
        print(table(results), file=sys.stderr, flush=True)
    print(
        f"cores: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}, "
        f"Python {sys.version.split()[0]}"
    )
    print(table(results))
    for result in results:
        print(f"\nHTML pages by type, N = {result['articles']:,}:\n\n{result['page_sizes']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
