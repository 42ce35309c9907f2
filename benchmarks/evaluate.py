"""Precision, recall and F1 of the language pipeline on the evaluation passages in tests/eval/.

    python benchmarks/evaluate.py            # the table, per language and field
    python benchmarks/evaluate.py --details  # and every miss
    python benchmarks/evaluate.py --facts-split tune   # facts scored on the tuning part of the gold only
    python benchmarks/evaluate.py --facts-split tune --passages it-t2- --passages en-t2-  # only those ids

A prediction matches an expected item when their character spans overlap (one to one, largest overlap
first). A field counts as right for a matched pair when it equals the expected value; precision is right
pairs over predictions, recall right pairs over expected items. `quantity.all` needs value (or low and high),
unit and qualifier right together; `date.all` needs value and end_value.

The facts section scores the fact proposals of `factsheets extract`/`annotate` (the library function
`generator.extract.analyse_file_text`) against the gold facts of tests/eval/facts/ (format and matching
rules in the header of its files). A proposal and a gold fact can pair when the proposal's sentence overlaps
the gold fact's sentence; pairs are chosen one to one, same kind first, then most fields right. Per language
and kind (the gold fact's kind; a proposal counts under its own kind): P, R and F1 of **strict** facts (kind,
subject, object and figure right), **located** (gold facts paired with a proposal on their sentence, over
gold facts), **subject** (paired with the right subject, over gold facts), and **figure**/**date** accuracy
over the paired gold facts; **status** (done/planned/expected) likewise, "-" while no proposal says one.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval"
FACTS = EVAL / "facts"
FACT_SPLITS = ("tune", "held")
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


# --- fact proposals ------------------------------------------------------------------------------------

FACT_COUNTS = ("gold", "proposed", "strict", "located", "subject", "figure", "date", "status")


@dataclass
class GoldFact:
    kind: str
    subject: str | None
    object: str | None
    figure: dict | None
    date: str | None  # None: the publication date
    sentence: tuple[int, int]  # character span of its sentence in the passage text
    status: str | None = None


@dataclass
class ProposedFact:
    kind: str
    subject: str | None
    object: str | None
    figure: dict | None
    date: str | None  # None: no date in the sentence, the publication date applies
    sentence: tuple[int, int]
    status: str | None = None  # done/planned/expected, when the proposals say it


@dataclass
class FactReport:
    # kind (or "all") → the counts of FACT_COUNTS
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    statuses: bool = False  # whether any proposal said done/planned/expected

    def add(self, kind: str, name: str, n: int = 1) -> None:
        for key in (kind, "all"):
            row = self.counts.setdefault(key, dict.fromkeys(FACT_COUNTS, 0))
            row[name] += n

    def score(self, kind: str = "all") -> Score:
        row = self.counts.get(kind, dict.fromkeys(FACT_COUNTS, 0))
        return Score(right=row["strict"], predicted=row["proposed"], expected=row["gold"])

    def rate(self, name: str, kind: str = "all") -> float:
        """located/subject over gold facts; figure/date/status over located gold facts."""
        row = self.counts.get(kind, dict.fromkeys(FACT_COUNTS, 0))
        whole = row["gold"] if name in ("located", "subject") else row["located"]
        return row[name] / whole if whole else 1.0


def fact_files(language: str, split: str = "all") -> list[Path]:
    """The gold fact files of one language and split ("tune", "held" or "all").

    A `<lang>-<split>-<name>.yaml` beside the split's file is a batch not yet merged into it, and counts as
    part of that split (so a new held batch is held aside from the moment it is written)."""
    splits = FACT_SPLITS if split == "all" else (split,)
    return [
        path
        for s in splits
        for path in (FACTS / f"{language}-{s}.yaml", *sorted(FACTS.glob(f"{language}-{s}-*.yaml")))
    ]


def load_fact_passages(language: str, split: str = "all") -> list[dict]:
    """The gold passages of one language and split; each passage gains `split` and `file`."""
    passages = []
    for path in fact_files(language, split):
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        for passage in data["passages"]:
            passage["split"], passage["file"] = path.stem.split("-")[1], path.name
            passages.append(passage)
    return passages


def load_fact_registry() -> list:
    """The entities of the evaluation registry (tests/eval/facts/entities/); a problem is an error."""
    from generator.read.entities import load_entities

    entities, problems = load_entities(FACTS / "entities", ROOT)
    if problems:
        raise ValueError("problems in the evaluation registry: " + "; ".join(map(str, problems)))
    return entities


def locate_sentence(text: str, sentence: str) -> tuple[int, int]:
    """The span of `sentence` in `text`, whitespace runs matching any whitespace; ValueError if absent."""
    pattern = r"\s+".join(re.escape(word) for word in sentence.split())
    found = re.search(pattern, text)
    if not sentence.split() or found is None:
        raise ValueError(f"sentence {sentence!r} is not in the passage")
    return found.span()


def gold_facts(passage: dict) -> list[GoldFact]:
    """The gold facts of a passage, each with its sentence located in the text."""
    return [
        GoldFact(
            kind=f["kind"],
            subject=f.get("subject"),
            object=f.get("object"),
            figure=f.get("figure"),
            date=None if f.get("date") is None else str(f["date"]),
            sentence=locate_sentence(passage["text"], f["sentence"]),
            status=f.get("status"),
        )
        for f in passage.get("facts") or []
    ]


def propose_facts(passage: dict, language: str, entities: list) -> list[ProposedFact]:
    """What `extract`/`annotate` propose for the passage's text."""
    from generator.extract import analyse_file_text

    found = analyse_file_text(passage["text"], passage["id"], language, str(passage["published"]), entities)
    a = found.analysis
    proposals = []
    for f in a.facts:
        if f.annotated:
            continue
        q = a.quantities[f.quantity] if f.quantity is not None else None
        figure = None
        if q is not None:
            figure = {
                "value": q.value,
                "low": q.low,
                "high": q.high,
                "unit": q.unit,
                "qualifier": q.qualifier,
            }
        sentence = a.sentences[f.sentence]
        proposals.append(
            ProposedFact(
                kind=f.kind,
                subject=f.subject,
                object=f.object,
                figure=figure,
                date=a.dates[f.date].value if f.date is not None else None,
                sentence=(sentence.start, sentence.end),
                status=getattr(f, "status", None),
            )
        )
    return proposals


def same_figure(gold: dict | None, proposed: dict | None) -> bool:
    """Value (or low and high), unit and qualifier all equal; no figure equals no figure."""
    if gold is None or proposed is None:
        return gold is None and proposed is None
    return (
        _same_number(gold.get("value"), proposed.get("value"))
        and _same_number(gold.get("low"), proposed.get("low"))
        and _same_number(gold.get("high"), proposed.get("high"))
        and gold.get("unit") == proposed.get("unit")
        and gold.get("qualifier", "exact") == proposed.get("qualifier", "exact")
    )


def judge_fact(gold: GoldFact, proposed: ProposedFact, published: str) -> dict[str, bool]:
    """Which fields of a paired proposal are right; `strict` is kind, subject, object and figure together."""
    verdict = {
        "kind": gold.kind == proposed.kind,
        "subject": gold.subject == proposed.subject,
        "object": gold.object == proposed.object,
        "figure": same_figure(gold.figure, proposed.figure),
        "date": (gold.date or published) == (proposed.date or published),
        "status": gold.status == proposed.status,
    }
    verdict["strict"] = all(verdict[k] for k in ("kind", "subject", "object", "figure"))
    return verdict


def match_facts(gold: list[GoldFact], proposed: list[ProposedFact], published: str) -> list[tuple[int, int]]:
    """(gold index, proposal index) pairs, one to one: same sentence, then same kind, most fields right."""
    options = []
    for g, gf in enumerate(gold):
        for p, pf in enumerate(proposed):
            if min(gf.sentence[1], pf.sentence[1]) <= max(gf.sentence[0], pf.sentence[0]):
                continue
            verdict = judge_fact(gf, pf, published)
            fields = sum(verdict[k] for k in ("subject", "object", "figure", "date"))
            options.append((-verdict["kind"], -fields, g, p))
    used_g, used_p, pairs = set(), set(), []
    for _, _, g, p in sorted(options):
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            pairs.append((g, p))
    return sorted(pairs)


def _show_fact(f: GoldFact | ProposedFact) -> str:
    figure = ""
    if f.figure is not None:
        amount = f.figure.get("value")
        if amount is None:
            amount = f"{f.figure.get('low')}-{f.figure.get('high')}"
        figure = f" [{amount} {f.figure.get('unit')} {f.figure.get('qualifier', 'exact')}]"
    return f"{f.kind} {f.subject} → {f.object}{figure} date={f.date}"


def score_facts(
    report: FactReport, passage: dict, gold: list[GoldFact], proposed: list[ProposedFact]
) -> None:
    """Add one passage's gold facts and proposals to `report`."""
    published = str(passage["published"])
    for gf in gold:
        report.add(gf.kind, "gold")
    for pf in proposed:
        report.add(pf.kind, "proposed")
        report.statuses = report.statuses or pf.status is not None
    pairs = match_facts(gold, proposed, published)
    for g, p in pairs:
        verdict = judge_fact(gold[g], proposed[p], published)
        report.add(gold[g].kind, "located")
        for name in ("subject", "figure", "date", "status", "strict"):
            if verdict[name]:
                report.add(gold[g].kind, name)
        if not verdict["strict"]:
            wrong = ", ".join(k for k in ("kind", "subject", "object", "figure") if not verdict[k])
            report.misses.append(
                f"{passage['id']}: fact wrong ({wrong}): expected {_show_fact(gold[g])} "
                f"got {_show_fact(proposed[p])}"
            )
    report.misses += _unpaired(passage, gold, proposed, pairs)


def _unpaired(passage: dict, gold: list[GoldFact], proposed: list[ProposedFact], pairs) -> list[str]:
    """A line for each gold fact and each proposal left without a partner."""
    text, lines = passage["text"], []
    for side, facts, paired in (
        ("missed", gold, {g for g, _ in pairs}),
        ("spurious", proposed, {p for _, p in pairs}),
    ):
        for i, f in enumerate(facts):
            if i not in paired:
                quote = " ".join(text[f.sentence[0] : f.sentence[1]].split())[:90]
                lines.append(f"{passage['id']}: fact {side}: {_show_fact(f)} in “{quote}”")
    return lines


def evaluate_facts(
    language: str, split: str = "all", entities: list | None = None, prefixes: tuple[str, ...] = ()
) -> FactReport:
    """Score the fact proposals on one language's gold passages of `split` (only those whose id starts
    with one of `prefixes`, when given)."""
    entities = load_fact_registry() if entities is None else entities
    report = FactReport()
    with _one_pipeline_per_language():
        for passage in load_fact_passages(language, split):
            if prefixes and not passage["id"].startswith(prefixes):
                continue
            score_facts(report, passage, gold_facts(passage), propose_facts(passage, language, entities))
    return report


class _one_pipeline_per_language:
    """While active, `build_nlp` hands back the pipeline it built before for the same language and registry.

    `analyse_file_text` builds a pipeline per call (about 0.2 s); the gold has a hundred passages.
    """

    def __enter__(self):
        from generator.analyse import pipeline

        self.module, self.original, built = pipeline, pipeline.build_nlp, {}

        def build_nlp(language, entities, *args, **kwargs):
            key = (language, id(entities), args, tuple(sorted(kwargs.items())))
            if key not in built:
                built[key] = self.original(language, entities, *args, **kwargs)
            return built[key]

        pipeline.build_nlp = build_nlp
        return self

    def __exit__(self, *exc):
        self.module.build_nlp = self.original


def print_fact_report(language: str, split: str, report: FactReport) -> None:
    kinds = [k for k in (*_fact_kinds(), "all") if k in report.counts]
    for kind in kinds:
        s, row = report.score(kind), report.counts[kind]
        print(
            f"{language:<9}{split:<6}{kind:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            f"{row['gold']:>6}{row['proposed']:>6}{report.rate('located', kind):>9.3f}"
            f"{report.rate('subject', kind):>9.3f}{report.rate('figure', kind):>8.3f}"
            f"{report.rate('date', kind):>7.3f}"
            + (f"{report.rate('status', kind):>8.3f}" if report.statuses else f"{'-':>8}")
        )


def _fact_kinds() -> tuple[str, ...]:
    from generator.vocabulary import FACT_KINDS

    return FACT_KINDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument("--lang", choices=["it", "en"], action="append", help="only these languages")
    parser.add_argument(
        "--facts-split",
        choices=["tune", "held", "all"],
        default="all",
        help="which part of the gold facts to score (default all; never tune rules on 'held')",
    )
    parser.add_argument(
        "--passages",
        action="append",
        default=[],
        metavar="PREFIX",
        help="score only the fact passages whose id starts with PREFIX (repeatable)",
    )
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
    print()
    print("Fact proposals (strict: kind, subject, object and figure right)")
    print(
        f"{'language':<9}{'split':<6}{'kind':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'prop':>6}"
        f"{'located':>9}{'subject':>9}{'figure':>8}{'date':>7}{'status':>8}"
    )
    entities = load_fact_registry()
    for language in args.lang or ["it", "en"]:
        report = evaluate_facts(language, args.facts_split, entities, tuple(args.passages))
        print_fact_report(language, args.facts_split, report)
        if args.details:
            for miss in report.misses:
                print(f"  {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
