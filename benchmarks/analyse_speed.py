"""Words per second of the analyse stage on one core, with the blank pipeline.

    python benchmarks/analyse_speed.py [--words 300000] [--lang it|en]

The text is the evaluation passages of tests/eval/ (business prose dense in figures and dates) repeated
until it holds about `--words` words, cut into article-sized texts; the registry is the demo content's
entities when there is a content/ folder, else none. What is timed: `analyse_texts` from the texts to the
plain `Analysis` dataclasses (tokenizer, sentencizer, mentions, quantities, dates, candidates, conversion),
after one warm-up pass, in this process only (one core). Words per second are given per second of wall
time and per second of this process's CPU time: on a shared machine the second is the one to compare.
With `--build`, the pipeline is the build's (without the fact candidates, which only extract and annotate
propose).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
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


def measure(language: str, words: int, candidates: bool = True) -> tuple[int, float, float]:
    """(words analysed, wall seconds, CPU seconds) for one language."""
    from generator.analyse.pipeline import analyse_texts, build_nlp

    nlp = build_nlp(language, _entities(), candidates=candidates)
    texts = _texts(language, words)
    list(analyse_texts(nlp, texts[:20]))  # warm-up: lexemes and caches are filled once per vocabulary
    count = sum(len(text.split()) for text, _ in texts)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in analyse_texts(nlp, texts):
        pass
    return count, time.perf_counter() - started, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--words", type=int, default=300_000, help="about how many words to analyse per language"
    )
    parser.add_argument("--lang", choices=["it", "en"], action="append", help="only these languages")
    parser.add_argument("--build", action="store_true", help="the build's pipeline (no fact candidates)")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whatever the machine has
    for language in args.lang or ["it", "en"]:
        count, seconds, cpu = measure(language, args.words, candidates=not args.build)
        print(
            f"{language}: {count} words in {seconds:.2f} s = {count / seconds:,.0f} words/s (one core); "
            f"{cpu:.2f} s of CPU = {count / cpu:,.0f} words per CPU second"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
