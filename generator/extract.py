"""`factsheets extract`: what the language pipeline finds in one file.

The JSON form is a contract (DESIGN.md): offsets are character offsets into the file's text as read (BOM
dropped, line endings normalised), so `text == file_text[start:end]` for every item. A Markdown article with
front matter is read like the build reads it: the pipeline runs on its plain text (annotation markup
removed) and offsets are mapped back into the file; its fact annotations are listed with `annotated: true`.
Any other file is analysed as it is.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ConfigError, ContentError
from generator.model import LANGUAGES, Analysis, Article, Entity, FactCandidate, Mention
from generator.new_entities import NewEntity, describe, propose_new_entities
from generator.read.articles import parse_article, split_front_matter
from generator.read.entities import load_entities
from generator.read.textfile import LineIndex, TextProblem, read_text
from generator.textcut import shorten
from generator.validators import iso_date_problem

log = logging.getLogger(__name__)


@dataclass
class FileAnalysis:
    """An analysis with every offset in file coordinates, plus what annotating the file needs to know.

    What `factsheets extract` prints is one of its two renderings: `as_json()` or `as_text()`.
    """

    text: str  # the file as read
    shown: str  # how messages and the text report name the file
    language: str
    published: str | None
    analysis: Analysis  # offsets into `text`
    article: Article | None = None
    # Each annotation's whole markup in `text`, with "@id" for a mention and "fact" for a fact.
    annotation_spans: list[tuple[int, int, str]] = field(default_factory=list)
    sentence_texts: list[str] = field(default_factory=list)  # each sentence as read, without markup
    new_entities: list[NewEntity] = field(default_factory=list)  # names the registry lacks, proposed

    def as_contract(self) -> dict:
        """The DESIGN.md `extract` JSON object."""
        return _contract(self.analysis, self.language, self.published) | {
            "new_entities": [p.as_dict() for p in self.new_entities]
        }

    def as_json(self) -> str:
        return json.dumps(self.as_contract(), ensure_ascii=False, indent=2, allow_nan=False)

    def as_text(self) -> str:
        """A report for people: each finding with its line and column."""
        return _report(self)


def extract(path: Path, language: str | None, published: str | None, entities: list[Entity]) -> FileAnalysis:
    """What the language pipeline finds in the file `path`; the options override what front matter says."""
    try:
        text = read_text(path, path.as_posix())
    except TextProblem as error:
        raise ContentError([error.problem]) from None
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    return analyse_file_text(text, path.as_posix(), language, published, entities)


def load_registry(content: Path) -> list[Entity]:
    """The entities of the content folder, when it has an entities/ folder; problems become warnings.

    extract and annotate work without a content folder too: names are then found but not linked.
    """
    folder = content / "entities"
    if not folder.is_dir():
        log.info("no entity registry at %s: names will not be linked", folder)
        return []
    entities, problems = load_entities(folder, content.parent)
    if problems:
        log.warning(
            "%d problems in %s (run 'factsheets check'); using the %d entities that read cleanly",
            len(problems),
            folder,
            len(entities),
        )
    return entities


def analyse_file_text(
    text: str, shown: str, language: str | None, published: str | None, entities: list[Entity]
) -> FileAnalysis:
    """Analyse a file's text (already read); `shown` names it in messages."""
    from generator.analyse.pipeline import analyse_text, build_nlp  # imported here: it loads spaCy

    _check_options(language, published)
    article = parse_article(text, shown) if split_front_matter(text) is not None else None
    if article is not None:
        language = language or article.language
        published = published or article.source.published or None
        plain = article.plain
    else:
        plain = text
        if language is None:
            language = guess_language(text)
            log.info("%s has no front matter and no --lang; reading it as '%s'", shown, language)
    nlp = build_nlp(language, entities)
    analysis = analyse_text(nlp, plain, published)
    found = FileAnalysis(
        text=text, shown=shown, language=language, published=published, analysis=analysis, article=article
    )
    found.sentence_texts = [plain[s.start : s.end] for s in analysis.sentences]
    if article is not None:
        _to_file_offsets(found, article, entities)
    found.new_entities = propose_new_entities(found, entities)
    return found


def _check_options(language: str | None, published: str | None) -> None:
    if language is not None and language not in LANGUAGES:
        raise ConfigError(f"unsupported language '{language}': use --lang {' or --lang '.join(LANGUAGES)}")
    if published is not None and (iso_date_problem(published) or len(published) != 10):
        raise ConfigError(f"--published '{published}' is not a date: write it as YYYY-MM-DD, e.g. 2025-09-18")


def guess_language(text: str) -> str:
    """'it' or 'en', whichever language's stop words the text uses more (English on a tie)."""
    # Imported here: spaCy's packages take long to load, and most files name their language.
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
    from spacy.lang.it.stop_words import STOP_WORDS as ITALIAN

    words = [w.strip(".,;:!?\"'()«»“”’").lower() for w in text.split()]
    italian = sum(w in ITALIAN for w in words)
    english = sum(w in ENGLISH for w in words)
    return "it" if italian > english else "en"


def _to_file_offsets(found: FileAnalysis, article: Article, entities: list[Entity]) -> None:
    """Move every offset from the article's plain text into the file; add its annotations."""
    analysis, base, runs = found.analysis, article.body_start, article.plain_map

    def start_of(p: int) -> int:
        return base + runs.to_source(p)

    def end_of(p: int) -> int:
        return base + runs.to_source_end(p)

    kinds = {e.id: e.kind for e in entities}
    explicit = [a for a in article.annotations if a.kind == "mention"]
    # Explicit mentions win over what the pipeline found at the same place.
    mentions = [
        m
        for m in analysis.entities
        if not any(a.plain_start < m.end and m.start < a.plain_end for a in explicit)
    ]
    for a in explicit:
        mentions.append(
            Mention(
                text=article.plain[a.plain_start : a.plain_end],
                start=a.plain_start,
                end=a.plain_end,
                id=a.entity,
                kind=kinds.get(a.entity),
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    analysis.entities = mentions
    analysis.facts = _annotated_facts(article, analysis) + [
        f for f in analysis.facts if not _sentence_annotated(article, analysis, f.sentence)
    ]
    analysis.facts.sort(key=lambda f: (f.sentence, not f.annotated))
    for items in (analysis.sentences, analysis.entities, analysis.quantities, analysis.dates):
        for item in items:
            item.start, item.end = start_of(item.start), end_of(item.end)
            if hasattr(item, "text"):
                item.text = found.text[item.start : item.end]
    found.annotation_spans = [
        (base + a.start, base + a.end, f"@{a.entity}" if a.kind == "mention" else "fact")
        for a in article.annotations
    ]


def _sentence_of(analysis: Analysis, offset: int) -> int:
    for index, sentence in enumerate(analysis.sentences):
        if offset < sentence.end:
            return index
    return max(len(analysis.sentences) - 1, 0)


def _sentence_annotated(article: Article, analysis: Analysis, index: int) -> bool:
    sentence = analysis.sentences[index]
    return any(
        a.kind == "fact" and a.plain_start < sentence.end and sentence.start < a.plain_end
        for a in article.annotations
    )


def _annotated_facts(article: Article, analysis: Analysis) -> list[FactCandidate]:
    """The article's fact annotations as facts of the contract (annotated: true)."""
    facts = []
    for a in article.annotations:
        if a.kind != "fact":
            continue

        def inside(x, a=a) -> bool:
            return a.plain_start <= x.start and x.end <= a.plain_end

        ids: list[str] = []
        for m in analysis.entities:
            if inside(m) and m.id and m.id not in ids:
                ids.append(m.id)
        subject = a.attrs.get("subject") or next(iter(ids), None)
        obj = a.attrs.get("object") or next((i for i in ids if i != subject), None)
        quantity = next((i for i, q in enumerate(analysis.quantities) if inside(q)), None)
        date = next((i for i, d in enumerate(analysis.dates) if inside(d)), None)
        facts.append(
            FactCandidate(
                kind=a.attrs.get("fact", ""),
                subject=subject,
                object=obj,
                quantity=quantity,
                date=date,
                sentence=_sentence_of(analysis, a.plain_start),
                annotated=True,
            )
        )
    return facts


# --- output ----------------------------------------------------------------------------------------------


def _contract(a: Analysis, language: str, published: str | None) -> dict:
    """The JSON object of the `extract` contract."""
    return {
        "language": language,
        "published": published,
        "sentences": [{"start": s.start, "end": s.end} for s in a.sentences],
        "entities": [
            {"text": m.text, "start": m.start, "end": m.end, "id": m.id, "kind": m.kind} for m in a.entities
        ],
        "quantities": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "value": q.value,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "low": q.low,
                "high": q.high,
            }
            for q in a.quantities
        ],
        "dates": [
            {"text": d.text, "start": d.start, "end": d.end, "value": d.value, "end_value": d.end_value}
            for d in a.dates
        ],
        "facts": [
            {
                "kind": f.kind,
                "subject": f.subject,
                "object": f.object,
                "quantity": f.quantity,
                "date": f.date,
                "sentence": f.sentence,
                "annotated": f.annotated,
                "status": f.status,
                # Where the fact's date comes from: a date in its sentence, else the publication date.
                "date_source": "sentence" if f.date is not None else ("published" if published else None),
            }
            for f in a.facts
        ],
    }


def _report(found: FileAnalysis) -> str:
    a, lines = found.analysis, LineIndex(found.text)

    def where(offset: int) -> str:
        line, col = lines.line_col(offset)
        return f"{line}:{col}"

    def quoted(text: str) -> str:
        return " ".join(text.split())

    linked = sum(1 for m in a.entities if m.id)
    out = [
        f"{found.shown}: language {found.language}, published {found.published or 'unknown'}",
        f"{len(a.sentences)} sentences, {len(a.entities)} names ({linked} linked), {len(a.quantities)} "
        f"quantities, {len(a.dates)} dates, {len(a.facts)} facts",
        "",
    ]
    out.append("Names")
    for m in a.entities:
        target = f"@{m.id} ({m.kind})" if m.id else "not in the registry"
        out.append(f"  {where(m.start):>8}  {quoted(m.text)}  → {target}")
    out += ["", "Quantities"]
    for q in a.quantities:
        amount = f"{_number(q.low)}–{_number(q.high)}" if q.qualifier == "range" else _number(q.value)
        qualifier = "" if q.qualifier in ("exact", "range") else f" ({q.qualifier.replace('_', ' ')})"
        out.append(
            f"  {where(q.start):>8}  {quoted(q.text)}  = {q.kind} {amount} {q.unit or ''}{qualifier}".rstrip()
        )
    out += ["", "Dates"]
    for d in a.dates:
        value = f"{d.value} to {d.end_value}" if d.end_value else d.value
        out.append(f"  {where(d.start):>8}  {quoted(d.text)}  = {value}")
    out += ["", "Facts", *_fact_lines(found, where, quoted)]
    out += ["", "New entities (names the registry lacks)", *describe(found.new_entities)]
    return "\n".join(out).rstrip()


def _fact_lines(found: FileAnalysis, where, quoted) -> list[str]:
    """The report's facts: kind, roles, figure, date (or the publication date, said so) and status."""
    a, out = found.analysis, []
    for f in a.facts:
        sentence = a.sentences[f.sentence]
        parts = [f.kind, f.subject or "?"]
        if f.object:
            parts.append(f"→ {f.object}")
        if f.quantity is not None:
            parts.append(f"[{quoted(a.quantities[f.quantity].text)}]")
        if f.date is not None:
            parts.append(f"[{a.dates[f.date].value}]")
        elif found.published:
            parts.append(f"[{found.published}, publication date]")
        if f.status:
            parts.append(f"({f.status})")
        state = "annotated" if f.annotated else "candidate"
        out.append(f"  {where(sentence.start):>8}  {' '.join(parts)}  ({state})")
        out.append(f"            “{shorten(quoted(found.sentence_texts[f.sentence]), 160)}”")
    return out


def _number(value: float | int | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"
    return f"{int(value):,}"
