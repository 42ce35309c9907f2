"""Precision, recall and F1 of the language pipeline on the evaluation passages in tests/eval/.

    python benchmarks/evaluate.py            # the table, per language and field
    python benchmarks/evaluate.py --details  # and every miss

A prediction matches an expected item when their character spans overlap (one to one, largest overlap
first). A field counts as right for a matched pair when it equals the expected value; precision is right
pairs over predictions, recall right pairs over expected items. `quantity.all` needs value (or low and high),
unit and qualifier right together; `date.all` needs value and end_value.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval"
sys.path.insert(0, str(ROOT))

QUANTITY_FIELDS = ("span", "kind", "value", "unit", "qualifier", "all")
DATE_FIELDS = ("span", "all")


@dataclass
class Score:
    right: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def load_passages(language: str) -> list[dict]:
    """The evaluation passages of one language."""
    with open(EVAL / f"{language}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["passages"]


def _locate(text: str, items: list[dict]) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for item in items:
        start = text.find(item["text"], cursor)
        if start < 0:
            start = text.find(item["text"])
        if start < 0:
            raise ValueError(f"expected span {item['text']!r} is not in the passage")
        spans.append((start, start + len(item["text"])))
        cursor = start + 1
    return spans


def _pairs(gold_spans, predicted_spans) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, largest overlap first, one to one."""
    overlaps = []
    for g, (gs, ge) in enumerate(gold_spans):
        for p, (ps, pe) in enumerate(predicted_spans):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                overlaps.append((-overlap, g, p))
    used_g, used_p, pairs = set(), set(), []
    for _, g, p in sorted(overlaps):
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            pairs.append((g, p))
    return pairs


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def _quantity_fields(gold: dict, q) -> dict[str, bool]:
    value = (
        _same_number(gold.get("value"), q.value)
        and _same_number(gold.get("low"), q.low)
        and _same_number(gold.get("high"), q.high)
    )
    unit = gold.get("unit") == q.unit
    qualifier = gold.get("qualifier", "exact") == q.qualifier
    return {
        "span": True,
        "kind": gold.get("kind") == q.kind,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "all": value and unit and qualifier,
    }


def _date_fields(gold: dict, d) -> dict[str, bool]:
    return {"span": True, "all": gold["value"] == d.value and gold.get("end_value") == d.end_value}


def evaluate(language: str) -> Report:
    """Score the pipeline on one language's passages."""
    from generator.analyse.pipeline import analyse_texts, build_nlp

    passages = load_passages(language)
    nlp = build_nlp(language, [])
    report = Report(
        {f"quantity.{f}": Score() for f in QUANTITY_FIELDS} | {f"date.{f}": Score() for f in DATE_FIELDS}
    )
    analyses = analyse_texts(nlp, ((p["text"], str(p["published"])) for p in passages))
    for passage, analysis in zip(passages, analyses, strict=True):
        text = passage["text"]
        for name, fields, gold, predicted, judge, show in (
            (
                "quantity",
                QUANTITY_FIELDS,
                passage.get("quantities") or [],
                analysis.quantities,
                _quantity_fields,
                lambda q: f"{q.text!r} {q.kind} {q.value} {q.unit} {q.qualifier} {q.low}-{q.high}",
            ),
            (
                "date",
                DATE_FIELDS,
                passage.get("dates") or [],
                analysis.dates,
                _date_fields,
                lambda d: f"{d.text!r} {d.value} {d.end_value}",
            ),
        ):
            pairs = _pairs(_locate(text, gold), [(x.start, x.end) for x in predicted])
            for f in fields:
                report.scores[f"{name}.{f}"].predicted += len(predicted)
                report.scores[f"{name}.{f}"].expected += len(gold)
            for g, p in pairs:
                verdict = judge(gold[g], predicted[p])
                for f in fields:
                    report.scores[f"{name}.{f}"].right += verdict[f]
                if not verdict["all"]:
                    report.misses.append(
                        f"{passage['id']}: {name} wrong: expected {gold[g]} got {show(predicted[p])}"
                    )
            matched_g = {g for g, _ in pairs}
            matched_p = {p for _, p in pairs}
            report.misses += [
                f"{passage['id']}: {name} missed: {gold[g]}" for g in range(len(gold)) if g not in matched_g
            ]
            report.misses += [
                f"{passage['id']}: {name} spurious: {show(predicted[p])}"
                for p in range(len(predicted))
                if p not in matched_p
            ]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument("--lang", choices=["it", "en"], action="append", help="only these languages")
    args = parser.parse_args(argv)
    print(f"{'language':<9}{'field':<20}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for language in args.lang or ["it", "en"]:
        report = evaluate(language)
        for name, score in report.scores.items():
            print(
                f"{language:<9}{name:<20}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
                f"{score.expected:>6}"
            )
        if args.details:
            for miss in report.misses:
                print(f"  {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
