"""How long `factsheets serve` takes to rebuild after one article is saved: the preview's build, in process.

    python benchmarks/serve_rebuild.py FOLDER [--saves 3] [--jobs N]

FOLDER holds `content/` (and may hold `site/` and the cache beside the content, as `benchmarks/run.py`
leaves them). The script makes the preview `factsheets serve` makes (`serve.Preview`, on a free loopback
port, never started: no request is served), runs its first build, then for each save appends a sentence
outside any annotation to a different article, as an editor would, tells the preview that file changed, as
its watcher would (`Preview.rebuild(changed)`), and times the rebuild twice: until it returns, its changed
pages in place and open pages told to reload (`seconds`), and until the search index, made after the pages,
has caught up with them (`search_seconds`). Then it times the check that follows each such rebuild in
`serve` (every file's stat looked at, for a change the watcher missed: `check_seconds`). It prints one
JSON object: the first build's seconds, each rebuild's seconds and CPU seconds (until the search caught
up, the check included). Nothing is asserted: timings belong here, not in the tests.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions  # noqa: E402
from generator.serve import Preview  # noqa: E402

SAVED_SENTENCE = "\nA sentence saved during the preview benchmark ({n}), outside any annotation.\n"


def saved_articles(content: Path, saves: int) -> list[Path]:
    """The articles the benchmark edits: spread over the archive, one per save, in a stable order."""
    articles = sorted((content / "articles").rglob("*.md"))
    if not articles:
        raise SystemExit(f"no article under {content / 'articles'}")
    step = max(1, len(articles) // (saves + 1))
    return [articles[min(len(articles) - 1, step * (n + 1))] for n in range(saves)]


def cpu_seconds() -> float:
    """User and system time of this process and of the children it waited for (render workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(folder: Path, saves: int, jobs: int | None) -> dict:
    options = BuildOptions(content=folder / "content", output=folder / "site", jobs=jobs)
    preview = Preview(options, port=0)  # bound to a free port, never started
    try:
        started = time.perf_counter()
        preview.build_first()
        first = time.perf_counter() - started
        rebuilds = []
        for n, article in enumerate(saved_articles(options.content, saves)):
            with open(article, "a", encoding="utf-8") as handle:
                handle.write(SAVED_SENTENCE.format(n=n))
            cpu, started = cpu_seconds(), time.perf_counter()
            if not preview.rebuild([article]):
                raise SystemExit(f"the rebuild after saving {article} failed")
            pages = time.perf_counter() - started
            if preview.search is not None:
                preview.search.wait()
            if preview.exports is not None:  # none deferred: a sentence outside the facts changes none
                preview.exports.wait()
            searched = time.perf_counter() - started
            checking = time.perf_counter()
            if preview.rebuild_if_unreported():
                raise SystemExit(f"the check after saving {article} found a change the rebuild missed")
            rebuilds.append(
                {
                    "article": article.name,
                    "seconds": round(pages, 3),
                    "search_seconds": round(searched, 3),
                    "check_seconds": round(time.perf_counter() - checking, 3),
                    "cpu_seconds": round(cpu_seconds() - cpu, 3),
                }
            )
            if preview.server.state.error:  # the search index, made after the pages, failed
                raise SystemExit(f"the search index after saving {article} failed")
    finally:
        preview.stop()
    return {"first_build_s": round(first, 3), "rebuilds": rebuilds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--saves", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # the build's warnings are not what is measured
    print(json.dumps(measure(args.folder.resolve(), args.saves, args.jobs), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
