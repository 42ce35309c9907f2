"""Words per second of the analyse stage on one core, with the blank pipeline.

    python benchmarks/analyse_speed.py [--words 300000] [--lang it|en] [--build]
    python benchmarks/analyse_speed.py --stage [--articles 200] [--profile 25]

The text is the evaluation passages of tests/eval/ (business prose dense in figures and dates) repeated
until it holds about `--words` words, cut into article-sized texts; the registry is the demo content's
entities when there is a content/ folder, else none. What is timed: `analyse_texts` from the texts to the
plain `Analysis` dataclasses (tokenizer, sentencizer, mentions, quantities, dates, candidates, conversion),
after one warm-up pass, in this process only (one core). Words per second are given per second of wall
time and per second of this process's CPU time: on a shared machine the second is the one to compare.
With `--build`, the pipeline is the build's (without the fact candidates, which only extract and annotate
propose).

With `--stage`, what is timed is the build's whole read-and-analyse stage in this process, without the
cache: `--articles` synthetic articles (benchmarks/generate.py, Italian and English alternately) read from
disk, their front matter and annotations parsed and checked, analysed and turned into facts. The pipelines
are built and warmed up before the clock starts (a build pays that once per process; it is given apart).
Words are those of the articles' plain text, per language. `--profile N` prints the N functions with the
most time of their own under cProfile (in either mode).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _texts(language: str, words: int) -> list[tuple[str, str]]:
    with open(ROOT / "tests" / "eval" / f"{language}.yaml", encoding="utf-8") as handle:
        passages = yaml.safe_load(handle)["passages"]
    # Articles of about 600 words, each with the publication date of its first passage.
    articles, total = [], 0
    while total < words:
        for start in range(0, len(passages), 6):
            chunk = passages[start : start + 6]
            text = "\n\n".join(p["text"] for p in chunk)
            articles.append((text, str(chunk[0]["published"])))
            total += len(text.split())
    return articles


def _entities() -> list:
    from generator.read.entities import load_entities

    folder = ROOT / "content" / "entities"
    entities, _ = load_entities(folder) if folder.is_dir() else ([], [])
    return entities


def measure(language: str, words: int, candidates: bool = True, profile: int = 0) -> tuple[int, float, float]:
    """(words analysed, wall seconds, CPU seconds) for one language."""
    from generator.analyse.pipeline import analyse_texts, build_nlp

    nlp = build_nlp(language, _entities(), candidates=candidates)
    texts = _texts(language, words)
    list(analyse_texts(nlp, texts[:20]))  # warm-up: lexemes and caches are filled once per vocabulary
    count = sum(len(text.split()) for text, _ in texts)
    started = time.perf_counter()
    _, cpu = _timed(lambda: list(analyse_texts(nlp, texts)), profile)
    return count, time.perf_counter() - started, cpu


def measure_stage(articles: int, profile: int = 0) -> dict[str, tuple[int, float]]:
    """language → (words, CPU seconds) of reading and analysing that language's share of `articles`
    synthetic articles, one language after the other; "setup" → (0, CPU seconds to build and warm up the
    pipelines)."""
    from benchmarks.generate import generate
    from generator.analyse import stage
    from generator.cache.articles import ArticleCache
    from generator.read.entities import load_entities
    from generator.read.site import load_site
    from generator.vocabulary import FACT_KINDS

    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder)
        by_language: dict[str, list[Path]] = {}
        for path in sorted(generate(articles, content)):
            language = _LANGUAGE.search(path.read_text(encoding="utf-8")).group(1)
            by_language.setdefault(language, []).append(path)
        config, _ = load_site(content, content)
        entities, _ = load_entities(content / "entities", content)
        ids = {e.id for e in entities}
        cache = ArticleCache(content / ".cache", "", False)

        def run(paths: list[Path]) -> list:
            return stage.read_and_analyse(paths, content, entities, config, ids, FACT_KINDS, cache, jobs=1)

        cpu = time.process_time()
        run([paths[0] for paths in by_language.values()])  # builds and warms up each language's pipeline
        figures = {"setup": (0, time.process_time() - cpu)}
        for language, paths in sorted(by_language.items()):
            results, seconds = _timed(lambda paths=paths: run(paths), profile)
            assert all(r.analysed is not None for r in results), "every synthetic article is analysed"
            figures[language] = (sum(_plain_words(path) for path in paths), seconds)
    return figures


def _plain_words(path: Path) -> int:
    """The words of an article's plain text (what the pipeline reads: no front matter, no annotations)."""
    from generator.read.articles import read_article_text

    article, _ = read_article_text(path.read_text(encoding="utf-8"), path.name, path.stem)
    return len(article.plain.split())


_LANGUAGE = re.compile(r"^language:\s*(\w+)", re.MULTILINE)


def _timed(work: Callable[[], list], profile: int) -> tuple[list, float]:
    """`work`'s result and the CPU seconds it took; with `profile`, its top functions printed too."""
    profiler = cProfile.Profile() if profile else None
    cpu = time.process_time()
    if profiler:
        profiler.enable()
    result = work()
    if profiler:
        profiler.disable()
    seconds = time.process_time() - cpu
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
    return result, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--words", type=int, default=300_000, help="about how many words to analyse per language"
    )
    parser.add_argument("--lang", choices=["it", "en"], action="append", help="only these languages")
    parser.add_argument("--build", action="store_true", help="the build's pipeline (no fact candidates)")
    parser.add_argument("--stage", action="store_true", help="the build's whole read-and-analyse stage")
    parser.add_argument("--articles", type=int, default=200, help="how many articles --stage reads")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whatever the machine has
    if args.stage:
        figures = measure_stage(args.articles, args.profile)
        print(f"building and warming up the pipelines: {figures.pop('setup')[1]:.2f} s of CPU")
        for language, (count, cpu) in figures.items():
            print(
                f"{language}: read and analysed {count} words in {cpu:.2f} s of CPU = "
                f"{count / cpu:,.0f} words per CPU second"
            )
        return 0
    for language in args.lang or ["it", "en"]:
        count, seconds, cpu = measure(language, args.words, candidates=not args.build, profile=args.profile)
        print(
            f"{language}: {count} words in {seconds:.2f} s = {count / seconds:,.0f} words/s (one core); "
            f"{cpu:.2f} s of CPU = {count / cpu:,.0f} words per CPU second"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
