"""How the cost of a build grows with the archive: cold, no-op, one article and one entity changed, memory,
bytes written, and Pelican's and Hugo's cold builds of the same articles; a plot of cost against N.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--work /tmp/factsheets-bench] [--jobs N]
                             [--no-pelican] [--no-hugo] [--plot benchmarks/cost.png]

For each size N, generates N synthetic articles (benchmarks/generate.py), then times, each as a fresh
`python -m generator -v build` process: a cold build (no cache, no output), a rebuild with nothing changed, a
rebuild after one article changed (a sentence added to its body), one after a fact was added to another (an
annotated sentence appended: what an editor annotating does, which changes the sheets, the timeline's year and
the data exports that show facts), a rebuild after one entity's description
changed (no article is analysed again: only the pages that show the entity are rendered) and one after another
entity got an alias no article holds (only articles whose text a changed name may match are analysed again:
none). Last, `factsheets serve`'s preview (benchmarks/serve_rebuild.py, in its own process) builds once and
is timed rebuilding after each of three saves to three articles (told the saved file, as its watcher would),
until the changed pages are in place and reloading, and until the search index, made after them, has caught
up, then the check of every file that follows: the table gives the medians. The cold
build's HTML pages are weighed by type (benchmarks/page_sizes.py): the largest of each type, against 300 KB.
Memory is the build's peak: the resident set of its largest process (from wait4; pages shared with forked
workers count in each), and the proportional set size of its whole process tree (sampled every 20 ms; shared
pages count once, and a child started by vfork that has not yet run its program, which /proc shows with all of
its parent's memory, is not counted again; a sample during which a worker ended or another started is read
again). Bytes written are the bytes of the output's files that a build made anew (a file the build left or
hard-linked keeps its inode). The analyse stage's words per second come from the cold build's own timing of
reading and analysing, over the words of the article bodies. Pelican (installed with pip into its own virtual
environment under the work folder, never into the project's) builds the same articles as plain Markdown, cold,
with its default theme and settings; Hugo (the `hugo` binary on PATH, e.g. Debian's package) builds them with
a minimal theme written here (a page per article, the lists Hugo makes by default); the ratios are our cold
time over theirs. The plot needs matplotlib (`pip install -e '.[bench]'`); without it the tables are printed
and the plot is left out.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import page_sizes  # noqa: E402
from benchmarks.generate import generate, strip_annotations, write_hugo, write_pelican  # noqa: E402

PAGE_LIMIT = 300_000  # bytes: the most an HTML page may weigh (issue 12)

HUGO_CONF = """baseURL = "https://bench.example.org/"
title = "Synthetic benchmark"
languageCode = "en"
"""
# A minimal theme: without layouts Hugo writes no page at all. Each article gets a page with its title,
# date and body; the home, section and taxonomy lists link every article, as Pelican's theme does.
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html>\n<html lang="{{ .Site.LanguageCode }}">'
    '<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>\n'
    '<body>{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
    '<time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}</article>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}

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
    cpu_seconds: float = 0.0  # user + system time of the process and the children it waited for


def _tree_pss_kb(
    pid: int, proc: Path = Path("/proc"), same_memory: Callable[[int, int], bool] | None = None
) -> int:
    """Memory of a process and all its descendants, from /proc (0 where it cannot be read).

    Proportional set size: a page shared by forked workers counts once in all, not once in each, so the sum
    is the memory the build really takes. A child that `subprocess` started with vfork and that has not run
    its program yet (Pagefind's, say) has no memory of its own: it is in its parent's address space, so /proc
    shows it all of its parent's memory; such a child is not counted again.

    The processes are read one after the other, so a sample during which a worker ended or another was
    forked would count shared pages in a share of two processes here and of three there (up to a few
    hundred MB too many at 10,000 articles, whenever the render stage replaces a worker): the tree is read
    again until no process came or went while it was read.
    """
    same_memory = same_memory or _same_address_space
    total = 0
    for _ in range(_SAMPLE_ATTEMPTS):
        processes = _process_tree(pid, proc)
        total = 0
        for current, parent in processes:
            if parent and same_memory(parent, current):
                continue
            try:
                with open(proc / str(current) / "smaps_rollup", encoding="ascii") as rollup:
                    total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
            except (OSError, ValueError):
                continue
        if _process_tree(pid, proc) == processes:
            return total
    return 0  # the tree kept changing: no sample this time


_SAMPLE_ATTEMPTS = 5


def _process_tree(pid: int, proc: Path) -> list[tuple[int, int]]:
    """A process and its descendants, each with its parent (0 for the first)."""
    found, pending = [], [(pid, 0)]
    while pending:
        current, parent = pending.pop()
        found.append((current, parent))
        try:
            for task in sorted(os.listdir(proc / str(current) / "task")):
                children = (proc / str(current) / "task" / task / "children").read_text(encoding="ascii")
                pending.extend((int(child), current) for child in children.split())
        except (OSError, ValueError):
            continue
    return found


_KCMP = {"x86_64": 312, "aarch64": 272}.get(platform.machine())  # the kcmp(2) system call's number
_KCMP_VM = 1


def _same_address_space(first: int, second: int) -> bool:
    """Whether two processes share one address space (Linux's kcmp; False where it cannot tell)."""
    if _KCMP is None:
        return False
    return ctypes.CDLL(None, use_errno=True).syscall(_KCMP, first, second, _KCMP_VM, 0, 0) == 0


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
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 1024, text, usage.ru_utime + usage.ru_stime)


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


def serve_rebuilds(folder: Path, jobs: int | None, saves: int = 3) -> dict:
    """`factsheets serve`'s rebuild after one article is saved (benchmarks/serve_rebuild.py): the median of
    `saves` saves, each to another article, and the preview process's peak memory (it keeps the model)."""
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "serve_rebuild.py"),
        str(folder),
        "--saves",
        str(saves),
    ]
    if jobs:
        command += ["--jobs", str(jobs)]
    measured = run(command, folder, {**os.environ, "PYTHONPATH": str(ROOT)})
    report = measured.log[measured.log.rindex('{\n  "first_build_s"') :]  # after any message logged
    rebuilds = json.loads(report)["rebuilds"]
    return {
        "one": statistics.median(r["seconds"] for r in rebuilds),  # the pages in place, reloading
        "one_search": statistics.median(r.get("search_seconds", r["seconds"]) for r in rebuilds),
        "one_check": statistics.median(r.get("check_seconds", 0.0) for r in rebuilds),
        "one_cpu_s": statistics.median(r["cpu_seconds"] for r in rebuilds),
        "tree_mb": measured.tree_mb,
    }


def pelican_python(work: Path) -> Path:
    """A virtual environment with Pelican, for the benchmark only (never a dependency of the project)."""
    venv = work / "pelican-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "pelican", "markdown"], check=True)
    return python


def output_files(site: Path) -> dict[str, tuple[int, int]]:
    """Every file of a built site: its (inode, size)."""
    files = {}
    for path in site.rglob("*"):
        if path.is_file():
            status = path.stat()
            files[path.relative_to(site).as_posix()] = (status.st_ino, status.st_size)
    return files


def bytes_written(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """The bytes of the files a build made anew: new, or with another inode than before."""
    return sum(size for path, (inode, size) in after.items() if before.get(path, (None, 0))[0] != inode)


def change_entity(entities: Path) -> Path:
    """Change one entity's description (the middle file of the registry); its path."""
    path = sorted(entities.glob("*.yml"))[len(list(entities.glob("*.yml"))) // 2]
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r"^description: (.*)$", r"description: \1 Changed by the benchmark.", text, flags=re.M)
    path.write_text(changed, encoding="utf-8")
    return path


BENCHMARK_FACT = (
    "\nOn 11 May 2022 [{subject} will invest 9 million euros in {object}]{{fact=investment "
    "subject={subject_id} object={object_id} date=2022-05-11 value=9000000 unit=EUR}}.\n"
)


def add_fact(article: Path, entities: Path) -> tuple[str, str]:
    """Append to `article` a sentence stating one investment between the registry's first two companies, a
    fact no article states; their ids."""
    companies = [
        (p.stem, re.search(r"^name: (.*)$", text, flags=re.M).group(1))
        for p in sorted(entities.glob("*.yml"))
        if re.search(r"^kind: company$", text := p.read_text(encoding="utf-8"), flags=re.M)
    ][:2]
    (subject_id, subject), (object_id, object_name) = companies
    sentence = BENCHMARK_FACT.format(
        subject=subject, object=object_name, subject_id=subject_id, object_id=object_id
    )
    with open(article, "a", encoding="utf-8") as handle:
        handle.write(sentence)
    return subject_id, object_id


def add_alias(entities: Path) -> Path:
    """Give one entity (the first of the registry that has no aliases) an alias no article holds; its path."""
    path = next(p for p in sorted(entities.glob("*.yml")) if "aliases:" not in p.read_text(encoding="utf-8"))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("aliases:\n  all: [Benchmark Alias Zed]\n")
    return path


class Builds:
    """Fresh factsheets builds of one folder, each measured with the bytes it wrote."""

    def __init__(self, folder: Path, jobs: int | None):
        self.folder, self.jobs = folder, jobs

    def __call__(self) -> tuple[Run, int]:
        site = self.folder / "site"
        before = output_files(site) if site.exists() else {}
        measured = factsheets(self.folder, self.jobs)
        return measured, bytes_written(before, output_files(site))


def measure(count: int, work: Path, jobs: int | None, pelican: Path | None, hugo: bool) -> dict:
    folder = work / f"n{count}"
    if folder.exists():
        shutil.rmtree(folder)
    paths = generate(count, folder / "content")
    words = words_in(folder / "content")
    build = Builds(folder, jobs)
    cold, cold_bytes = build()
    noop, noop_bytes = build()
    # The weight of the pages (issue 12: none over 300 KB), of the cold build's site before it is changed.
    weights = page_sizes.table(page_sizes.measure(folder / "site", PAGE_LIMIT), PAGE_LIMIT)
    with open(paths[len(paths) // 2], "a", encoding="utf-8") as handle:
        handle.write("\nOne sentence added by the benchmark, outside any annotation.\n")
    one, one_bytes = build()
    add_fact(paths[len(paths) // 3], folder / "content" / "entities")
    fact, fact_bytes = build()
    change_entity(folder / "content" / "entities")
    entity, entity_bytes = build()
    add_alias(folder / "content" / "entities")
    alias, alias_bytes = build()
    serve = serve_rebuilds(folder, jobs)  # last: the preview's own base URL makes it render every page once
    analyse_seconds = _timing(cold.log, r"timing: read and analyse ([\d.]+) s")
    runs = (cold, noop, one, fact, entity, alias)
    result: dict = {
        "articles": count,
        "words": words,
        "files": int(re.search(r"Built (\d+) (?:pages|files)", cold.log).group(1)),
        "cold": cold.seconds,
        "cold_cpu_s": cold.cpu_seconds,
        "noop": noop.seconds,
        "one": one.seconds,
        "fact": fact.seconds,
        "entity": entity.seconds,
        "alias": alias.seconds,
        "noop_cpu_s": noop.cpu_seconds,
        "one_cpu_s": one.cpu_seconds,
        "fact_cpu_s": fact.cpu_seconds,
        "entity_cpu_s": entity.cpu_seconds,
        "alias_cpu_s": alias.cpu_seconds,
        "articles_per_s": count / cold.seconds,
        "analyse_s": analyse_seconds,
        "words_per_s": words / analyse_seconds if analyse_seconds else None,
        "aggregate_s": _timing(cold.log, r"aggregate ([\d.]+) s"),
        "render_write_s": _timing(cold.log, r"timing: render and write ([\d.]+) s"),
        "one_analyse_s": _timing(one.log, r"timing: read and analyse ([\d.]+) s"),
        "one_render_write_s": _timing(one.log, r"timing: render and write ([\d.]+) s"),
        "fact_render_write_s": _timing(fact.log, r"timing: render and write ([\d.]+) s"),
        "serve_one": serve["one"],
        "serve_one_search": serve["one_search"],
        "serve_one_check": serve["one_check"],
        "serve_one_cpu_s": serve["one_cpu_s"],
        "serve_tree_mb": serve["tree_mb"],
        "max_rss_mb": max(r.max_rss_mb for r in runs),
        "tree_mb": max(r.tree_mb for r in runs),
        "cold_tree_mb": cold.tree_mb,
        "site_mb": sum(size for _, size in output_files(folder / "site").values()) / 1e6,
        "cold_written_mb": cold_bytes / 1e6,
        "noop_written_mb": noop_bytes / 1e6,
        "one_written_mb": one_bytes / 1e6,
        "fact_written_mb": fact_bytes / 1e6,
        "entity_written_mb": entity_bytes / 1e6,
        "alias_written_mb": alias_bytes / 1e6,
        "noop_up_to_date": int("up to date" in noop.log),
        "one_changed_files": _changed_files(one.log),
        "fact_changed_files": _changed_files(fact.log),
        "entity_changed_files": _changed_files(entity.log),
        "alias_changed_files": _changed_files(alias.log),
        "page_sizes": weights,
    }
    if pelican is not None:
        result.update(_pelican(folder, pelican, cold.seconds))
    if hugo:
        result.update(_hugo(folder, cold.seconds))
    return result


def _changed_files(log: str) -> int | None:
    match = re.search(r"(\d+) changed\)", log) or re.search(r"(\d+) files changed", log)
    return int(match.group(1)) if match else None


def _pelican(folder: Path, python: Path, cold: float) -> dict:
    pelican_folder = folder / "pelican"
    write_pelican(sorted((folder / "content" / "articles").glob("*.md")), pelican_folder / "content")
    (pelican_folder / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    measured = run(
        [str(python), "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"],
        pelican_folder,
    )
    return {
        "pelican_s": measured.seconds,
        "pelican_rss_mb": measured.max_rss_mb,
        "ratio": cold / measured.seconds,
    }


def write_hugo_site(articles: list[Path], folder: Path) -> None:
    """A Hugo site of the articles: its configuration, the minimal theme and `content/posts/`."""
    write_hugo(articles, folder / "content" / "posts")
    (folder / "hugo.toml").write_text(HUGO_CONF, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / name).write_text(text, encoding="utf-8")


def _hugo(folder: Path, cold: float) -> dict:
    binary = shutil.which("hugo")
    if binary is None:
        print("hugo is not installed (apt-get install hugo): its column is left out", file=sys.stderr)
        return {}
    hugo_folder = folder / "hugo"
    write_hugo_site(sorted((folder / "content" / "articles").glob("*.md")), hugo_folder)
    measured = run([binary, "--quiet", "--destination", "public"], hugo_folder)
    return {
        "hugo_s": measured.seconds,
        "hugo_rss_mb": measured.max_rss_mb,
        "hugo_ratio": cold / measured.seconds,
    }


def table(results: list[dict]) -> str:
    def fmt(value, spec=".1f", unit=""):
        return "–" if value is None else f"{value:{spec}}{unit}"

    rows = [
        ("articles", lambda r: f"{r['articles']:,}"),
        ("words in the articles", lambda r: f"{r['words']:,}"),
        ("files in the built site", lambda r: f"{r['files']:,} ({r['site_mb']:,.0f} MB)"),
        ("cold build", lambda r: fmt(r["cold"], unit=" s")),
        ("– CPU time, all processes", lambda r: fmt(r["cold_cpu_s"], unit=" s")),
        ("– read + analyse", lambda r: fmt(r["analyse_s"], unit=" s")),
        ("– aggregate", lambda r: fmt(r["aggregate_s"], ".2f", " s")),
        ("– render + write", lambda r: fmt(r["render_write_s"], unit=" s")),
        ("– bytes written", lambda r: fmt(r["cold_written_mb"], ",.0f", " MB")),
        ("no-op rebuild", lambda r: fmt(r["noop"], ".2f", " s")),
        ("– CPU time", lambda r: fmt(r.get("noop_cpu_s"), ".2f", " s")),
        ("– bytes written", lambda r: fmt(r["noop_written_mb"], ",.1f", " MB")),
        ("one article changed", lambda r: fmt(r["one"], unit=" s")),
        ("– CPU time", lambda r: fmt(r.get("one_cpu_s"), unit=" s")),
        ("– read + analyse (cache)", lambda r: fmt(r["one_analyse_s"], ".2f", " s")),
        ("– render + write", lambda r: fmt(r["one_render_write_s"], unit=" s")),
        ("– files rewritten", lambda r: fmt(r["one_changed_files"], ",")),
        ("– bytes written", lambda r: fmt(r["one_written_mb"], ",.1f", " MB")),
        ("one article saved in `serve` (median of 3)", lambda r: fmt(r.get("serve_one"), ".2f", " s")),
        ("– until the search index caught up", lambda r: fmt(r.get("serve_one_search"), ".2f", " s")),
        ("– the check of every file's stat after it", lambda r: fmt(r.get("serve_one_check"), ".2f", " s")),
        ("– CPU time", lambda r: fmt(r.get("serve_one_cpu_s"), ".2f", " s")),
        ("– peak memory of the preview (PSS)", lambda r: fmt(r.get("serve_tree_mb"), ",.0f", " MB")),
        ("one fact added to an article", lambda r: fmt(r.get("fact"), unit=" s")),
        ("– CPU time", lambda r: fmt(r.get("fact_cpu_s"), unit=" s")),
        ("– render + write", lambda r: fmt(r.get("fact_render_write_s"), unit=" s")),
        ("– files rewritten", lambda r: fmt(r.get("fact_changed_files"), ",")),
        ("– bytes written", lambda r: fmt(r.get("fact_written_mb"), ",.1f", " MB")),
        ("one entity's description changed", lambda r: fmt(r["entity"], unit=" s")),
        ("– CPU time", lambda r: fmt(r.get("entity_cpu_s"), unit=" s")),
        ("– files rewritten", lambda r: fmt(r["entity_changed_files"], ",")),
        ("– bytes written", lambda r: fmt(r["entity_written_mb"], ",.1f", " MB")),
        ("one entity's alias added", lambda r: fmt(r.get("alias"), unit=" s")),
        ("– CPU time", lambda r: fmt(r.get("alias_cpu_s"), unit=" s")),
        ("– files rewritten", lambda r: fmt(r.get("alias_changed_files"), ",")),
        ("– bytes written", lambda r: fmt(r.get("alias_written_mb"), ",.1f", " MB")),
        ("articles/s (cold)", lambda r: fmt(r["articles_per_s"], ",.0f")),
        ("analyse stage words/s (both processes)", lambda r: fmt(r["words_per_s"], ",.0f")),
        ("peak RSS, largest process", lambda r: fmt(r["max_rss_mb"], ",.0f", " MB")),
        ("peak memory, all processes (PSS)", lambda r: fmt(r["tree_mb"], ",.0f", " MB")),
        ("Pelican cold build", lambda r: fmt(r.get("pelican_s"), unit=" s")),
        ("factsheets / Pelican (cold)", lambda r: fmt(r.get("ratio"), ".2f", "×")),
        ("Hugo cold build", lambda r: fmt(r.get("hugo_s"), ".2f", " s")),
        ("factsheets / Hugo (cold)", lambda r: fmt(r.get("hugo_ratio"), ".1f", "×")),
    ]
    header = "| | " + " | ".join(f"N = {r['articles']:,}" for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows]
    return "\n".join(lines)


# What the plot draws: (result key, label) for seconds and for memory.
PLOTTED_SECONDS = (
    ("cold", "factsheets cold"),
    ("noop", "factsheets no-op"),
    ("one", "one article changed"),
    ("serve_one", "one article saved in serve"),
    ("fact", "one fact added to an article"),
    ("entity", "an entity's description changed"),
    ("alias", "an entity's alias added"),
    ("pelican_s", "Pelican cold"),
    ("hugo_s", "Hugo cold"),
)
PLOTTED_MEGABYTES = (("tree_mb", "all processes (PSS)"), ("max_rss_mb", "largest process (RSS)"))


def plot(results: list[dict], path: Path) -> bool:
    """Cost against N, log-log: seconds of each build, and memory; False when matplotlib is missing."""
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no plot", file=sys.stderr)
        return False
    matplotlib.use("Agg")  # no display: a file only
    from matplotlib import pyplot

    figure, (seconds, memory) = pyplot.subplots(1, 2, figsize=(11, 4.5), constrained_layout=True)
    for axes, series, unit in ((seconds, PLOTTED_SECONDS, "seconds"), (memory, PLOTTED_MEGABYTES, "MB")):
        for key, label in series:
            points = [(r["articles"], r[key]) for r in results if r.get(key)]
            if points:
                axes.plot([n for n, _ in points], [v for _, v in points], marker="o", label=label)
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("articles (N)")
        axes.set_ylabel(unit)
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize="small")
    seconds.set_title("build time")
    memory.set_title("peak memory of the build")
    figure.savefig(path, dpi=100, metadata={"Software": None})  # no version stamp: same data, same bytes
    pyplot.close(figure)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/factsheets-bench"))
    parser.add_argument("--jobs", type=int, default=None, help="passed to factsheets build --jobs")
    parser.add_argument("--no-pelican", action="store_true", help="skip the Pelican comparison")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument(
        "--plot", type=Path, default=ROOT / "benchmarks" / "cost.png", help="where the plot is written"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    pelican = None if args.no_pelican else pelican_python(args.work)
    results = []
    for count in args.sizes:
        print(f"measuring N={count} …", file=sys.stderr, flush=True)
        results.append(measure(count, args.work, args.jobs, pelican, hugo=not args.no_hugo))
        print(table(results), file=sys.stderr, flush=True)
    print(
        f"cores: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}, "
        f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}"
    )
    print(table(results))
    for result in results:
        print(f"\nHTML pages by type, N = {result['articles']:,}:\n\n{result['page_sizes']}")
    if plot(results, args.plot):
        print(f"\nplot: {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
