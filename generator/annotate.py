"""`factsheets annotate`: write what the pipeline finds into an article as draft annotations.

Candidate facts become `[sentence]{fact=kind subject=… object=… review=draft}` and the first mention of each
registry entity becomes `[name]{@id}`. Markup is only ever inserted: the original characters stay as they
were, byte for byte (BOM and line endings included), so removing the inserted markup gives the original back.
Text already inside an annotation, inside code, or inside Markdown link brackets is left alone. The result
goes to `<name>.annotated<suffix>`, or over the file itself after a backup `<name><suffix>.bak` is written.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import BuildError, ConfigError, ContentError, errors_in
from generator.extract import FileAnalysis, analyse_file_text
from generator.model import Entity
from generator.new_entities import NewEntity, write_entity_files
from generator.read.annotations import parse_annotations
from generator.read.textfile import TextProblem, decode

log = logging.getLogger(__name__)

_CODE = re.compile(
    r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)|(`+)(?!`).*?(?<!`)\2(?!`)",
    re.MULTILINE | re.DOTALL,
)
_BLOCK_MARKER = re.compile(r"[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+][ \t]+|\d+[.)][ \t]+)")
_FORBIDDEN = set("[]{}`")

Spans = list[tuple[int, int]]
Annotations = list[tuple[int, int, str]]  # FileAnalysis.annotation_spans: start, end, "@id" or "fact"


@dataclass
class AnnotateReport:
    """What `annotate` wrote."""

    written: Path
    backup: Path | None
    facts: int
    mentions: int
    new_entities: list[NewEntity] = field(default_factory=list)  # names the registry lacks, proposed
    entity_files: tuple[list[Path], list[Path]] = (
        [],
        [],
    )  # draft entity files written, and left as they were


@dataclass(order=True)
class _Insert:
    offset: int
    order: int  # at one offset: closers before openers, inner closers first, outer openers first
    text: str


def annotate(
    path: Path,
    entities: list[Entity],
    in_place: bool = False,
    language: str | None = None,
    published: str | None = None,
    new_entities: Path | None = None,
) -> AnnotateReport:
    """Write draft annotations for `path` into a copy, or into the file itself after a backup; with
    `new_entities`, a draft entity file in that folder for each name the registry lacks."""
    if not in_place and path.name.endswith(f".annotated{path.suffix}"):
        raise ConfigError(
            f"{path} is already a copy written by annotate (its name ends in .annotated{path.suffix}): "
            "review its drafts there, annotate the original file, or pass --in-place to add to this one"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text = decode(raw, path.as_posix())
    except TextProblem as error:
        raise ContentError([error.problem]) from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    original = raw.decode("utf-8")[1 if bom else 0 :]  # as written: line endings untouched
    found = analyse_file_text(text, path.as_posix(), language, published, entities)
    inserts, facts, mentions = plan_annotations(found)
    annotated = _apply(text, original, inserts)
    _verify(found, annotated, original, path)
    data = ("\ufeff" if bom else "").encode("utf-8") + annotated.encode("utf-8")
    if in_place:
        backup = path.with_name(path.name + ".bak")
        if backup.exists():
            raise ConfigError(
                f"{backup} already exists; annotate --in-place keeps one backup and will not replace "
                "it: move or delete it, then run the command again"
            )
        backup.write_bytes(raw)
        path.write_bytes(data)
        target = path
    else:
        backup = None
        target = path.with_name(f"{path.stem}.annotated{path.suffix}")
        target.write_bytes(data)
    files = write_entity_files(found.new_entities, new_entities, found) if new_entities else ([], [])
    return AnnotateReport(target, backup, facts, mentions, found.new_entities, files)


def plan_annotations(found: FileAnalysis) -> tuple[list[_Insert], int, int]:
    """The markup to insert (offsets into the file as read), and how many facts and mentions it holds."""
    text, analysis = found.text, found.analysis
    blocked = [(m.start(), m.end()) for m in _CODE.finditer(text)]
    existing = found.annotation_spans
    inserts: list[_Insert] = []
    fact_spans: list[tuple[int, int]] = []
    for fact, (start, end) in _fact_pieces(text, analysis):
        span = _fact_span(text, start, end, existing, blocked)
        if span is None or any(s < span[1] and span[0] < e for s, e in fact_spans):
            continue
        attrs = " ".join(_fact_attrs(analysis, fact, span))
        inserts += [_Insert(span[0], 2, "["), _Insert(span[1], 1, "]{" + attrs + "}")]
        fact_spans.append(span)
    linked = {kind_id for _, _, kind_id in existing if kind_id.startswith("@")}
    mentions = 0
    for mention in analysis.entities:
        if not mention.id or f"@{mention.id}" in linked:
            continue
        start, end = mention.start, mention.end
        if (
            _overlaps(start, end, [(s, e) for s, e, _ in existing])
            or _overlaps(start, end, blocked)
            or any(s < end and start < e and not (s <= start and end <= e) for s, e in fact_spans)
            or text[start - 1 : start] == "["
            or text[end : end + 1] == "]"
        ):
            continue
        inserts += [_Insert(start, 3, "["), _Insert(end, 0, "]{@" + mention.id + "}")]
        linked.add(f"@{mention.id}")
        mentions += 1
    return sorted(inserts), len(fact_spans), mentions


def _fact_pieces(text: str, analysis) -> list[tuple[object, tuple[int, int]]]:
    """Each proposed fact with the part of its sentence to wrap: the whole sentence, or, where a sentence
    states two facts with a figure each, the piece around each figure, cut after a comma between them."""
    by_sentence: dict[int, list] = {}
    for fact in analysis.facts:
        # an article's fact needs a subject: money raised from no investor named stays in `extract`'s report
        if not fact.annotated and fact.subject is not None:
            by_sentence.setdefault(fact.sentence, []).append(fact)
    pieces = []
    for index, facts in by_sentence.items():
        sentence = analysis.sentences[index]
        figures = [f.quantity for f in facts]
        if len(facts) == 1 or None in figures or len(set(figures)) < len(figures):
            pieces.append((facts[0], (sentence.start, sentence.end)))
            continue
        facts = sorted(facts, key=lambda f: analysis.quantities[f.quantity].start)
        cuts = [sentence.start]
        for a, b in zip(facts, facts[1:], strict=False):
            cuts.append(
                _cut(text, analysis.quantities[a.quantity].end, analysis.quantities[b.quantity].start)
            )
        cuts.append(sentence.end)
        for k, fact in enumerate(facts):
            start, end = cuts[k], cuts[k + 1]
            while start < end and text[start] in " \t\n,;":
                start += 1
            while end > start and text[end - 1] in " \t\n,;":
                end -= 1
            pieces.append((fact, (start, end)))
    return pieces


def _cut(text: str, after: int, before: int) -> int:
    """Where to cut between two figures: after the last comma or semicolon between them, else at the first
    space after the first figure."""
    between = text[after:before]
    comma = max(between.rfind(","), between.rfind(";"))
    if comma >= 0:
        return after + comma + 1
    space = between.find(" ")
    return after + (space if space >= 0 else 0)


def _fact_attrs(analysis, fact, span: tuple[int, int]) -> list[str]:
    """The attributes of a draft fact: kind, roles, and what the span alone would not say right."""
    attrs = [f"fact={fact.kind}", f"subject={fact.subject}"]
    if fact.object:
        attrs.append(f"object={fact.object}")
    first = next((q for q in analysis.quantities if span[0] <= q.start and q.end <= span[1]), None)
    if fact.quantity is not None:
        quantity = analysis.quantities[fact.quantity]
        if quantity is not first and quantity.value is not None and quantity.qualifier != "range":
            attrs.append(f"value={_number(quantity.value)}")
            if quantity.unit:
                attrs.append(
                    f"unit={quantity.unit}" if " " not in quantity.unit else f'unit="{quantity.unit}"'
                )
            attrs.append(f"qualifier={quantity.qualifier}")
    if fact.date is not None:
        date = analysis.dates[fact.date]
        if not (span[0] <= date.start and date.end <= span[1]):
            attrs.append(f"date={date.value}")
    if fact.status and fact.status != "done":  # done is what a fact says unless told otherwise
        attrs.append(f"status={fact.status}")
    attrs.append("review=draft")
    return attrs


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _fact_span(
    text: str, start: int, end: int, existing: Annotations, blocked: Spans
) -> tuple[int, int] | None:
    """The file span to wrap for a sentence, or None when wrapping it could break the Markdown."""
    start, end = _around_annotations(start, end, existing)
    start = _after_block_marker(text, start)
    if start >= end or _overlaps(start, end, blocked) or re.search(r"\n[ \t]*\n", text[start:end]):
        return None
    inner = _without_mentions(text, start, end, existing)
    if inner is None or _FORBIDDEN & set(inner):
        return None
    return start, end


def _around_annotations(start: int, end: int, existing: Annotations) -> tuple[int, int]:
    """A sentence that starts or ends inside an annotation takes all of it."""
    for s, e, _ in existing:
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    return start, end


def _after_block_marker(text: str, start: int) -> int:
    """Where a sentence at the start of a line begins: "# Title", "- item": the markers stay outside."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip():
        marker = _BLOCK_MARKER.match(text, line_start)
        if marker and marker.end() > start:
            return marker.end()
    return start


def _without_mentions(text: str, start: int, end: int, existing: Annotations) -> str | None:
    """The span's text without the mentions nested in it; None when a fact already covers part of it."""
    inner = text[start:end]
    for s, e, kind in sorted(existing, reverse=True):
        if start <= s and e <= end and kind.startswith("@"):
            inner = inner[: s - start] + inner[e - start :]
        elif s < end and start < e:
            return None
    return inner


def _overlaps(start: int, end: int, spans: Spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _apply(text: str, original: str, inserts: list[_Insert]) -> str:
    """Insert the markup into the original, whose line endings may differ from the normalised `text`."""
    positions = _positions(text, original)
    pieces, last = [], 0
    for insert in inserts:
        offset = positions[insert.offset]
        pieces.append(original[last:offset])
        pieces.append(insert.text)
        last = offset
    pieces.append(original[last:])
    return "".join(pieces)


def _positions(text: str, original: str) -> list[int]:
    """For each offset of the normalised text (and its end), the offset in the original."""
    if text == original:
        return list(range(len(text) + 1))
    positions, j = [], 0
    for char in text:
        positions.append(j)
        j += 2 if char == "\n" and original.startswith("\r\n", j) else 1
    positions.append(j)
    return positions


def _verify(found: FileAnalysis, annotated: str, original: str, path: Path) -> None:
    """Refuse to write unless the new markup parses and the text without markup is unchanged."""
    normalised = annotated.replace("\r\n", "\n").replace("\r", "\n")
    before_start = found.article.body_start if found.article else 0
    header = found.text[:before_start]
    if not normalised.startswith(header):
        raise BuildError(f"annotating {path} would change its front matter; nothing was written")
    old = parse_annotations(found.text[before_start:], path.as_posix())
    new = parse_annotations(normalised[before_start:], path.as_posix())
    problems = errors_in(new.problems)
    if problems or new.plain != old.plain:
        raise BuildError(
            f"the draft annotations for {path} would not read back cleanly"
            f"{': ' + str(problems[0]) if problems else ''}; nothing was written"
        )
    stripped = _strip_new_markup(annotated, original)
    if stripped != original:
        raise BuildError(f"annotating {path} would change its text; nothing was written")


def _strip_new_markup(annotated: str, original: str) -> str:
    """The annotated text without the characters the original lacks, in order (a subsequence check)."""
    kept, j = [], 0
    for char in annotated:
        if j < len(original) and char == original[j]:
            kept.append(char)
            j += 1
    return "".join(kept)
