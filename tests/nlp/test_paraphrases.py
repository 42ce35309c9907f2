"""Fact proposals on paraphrases of tune facts (tests/nlp/paraphrases.yaml): the rules must read a deed
told in other words, not only the tune sentences' wording."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parents[1] / "benchmarks" / "evaluate.py"
PARAPHRASES = HERE / "paraphrases.yaml"
# Strict F1 over every paraphrase must stay at least this; raise it when the rules read more of them.
STRICT_F1_FLOOR = 0.97


def load_evaluate():
    """benchmarks/evaluate.py, loaded as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("factsheets_evaluate_paraphrases", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def score_paraphrases(ev):
    """The fact report over every paraphrase, both languages together."""
    with open(PARAPHRASES, encoding="utf-8") as handle:
        passages = yaml.safe_load(handle)["passages"]
    entities = ev.load_fact_registry()
    report = ev.FactReport()
    with ev._one_pipeline_per_language():
        for passage in passages:
            proposed = ev.propose_facts(passage, passage["language"], entities)
            ev.score_facts(report, passage, ev.gold_facts(passage), proposed)
    return report


@pytest.fixture(scope="module")
def report():
    return score_paraphrases(load_evaluate())


def test_every_paraphrase_states_one_fact_of_a_known_kind(report):
    from generator.vocabulary import FACT_KINDS

    assert report.counts["all"]["gold"] >= 120
    assert set(report.counts) - {"all"} <= set(FACT_KINDS)


def test_paraphrases_are_read_at_least_as_well_as_the_floor(report):
    score = report.score()
    assert score.f1 >= STRICT_F1_FLOOR, "\n".join(report.misses)


if __name__ == "__main__":  # python tests/nlp/test_paraphrases.py: the score and every miss
    found = score_paraphrases(load_evaluate())
    print("\n".join(sorted(found.misses)))
    s = found.score()
    print(f"strict P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}; located {found.rate('located'):.3f}")
