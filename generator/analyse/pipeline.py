"""The language pipeline: build it, run it, and turn its Docs into plain `Analysis` dataclasses.

`build_nlp` gives a blank spaCy pipeline (or an installed trained one) with, in order: a sentencizer, then the
`factsheets_mentions`, `factsheets_quantities`, `factsheets_dates` and `factsheets_candidates` components.
Nothing spaCy leaves this module: callers get `model.Analysis` with character offsets into the text they gave.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

# The components register their factories on import; build_nlp and spacy.load both need them registered.
from generator.analyse import candidates, dates, mentions, quantities
from generator.analyse.numbers import tune_tokenizer
from generator.errors import ConfigError
from generator.model import (
    ENTITY_KINDS,
    LANGUAGES,
    Analysis,
    DateExpr,
    Entity,
    FactCandidate,
    Mention,
    Quantity,
    Sentence,
)
from generator.new_entities import keep_legal_suffixes_whole

log = logging.getLogger(__name__)

COMPONENTS = ("factsheets_mentions", "factsheets_quantities", "factsheets_dates", "factsheets_candidates")

# Line breaks that survive `_soft_line_breaks` end a sentence (paragraphs, headings, list items). spaCy keeps
# such whitespace as one token ("\n\n", "\n  \n"), so every short mix of newlines and spaces is listed.
_BREAKS = ["".join(p) for n in range(1, 9) for p in itertools.product("\n ", repeat=n) if "\n" in p]
_BLOCK_START = re.compile(r"[ \t]*(?:[#>|*+-]\s|\d+[.)]\s|```|~~~|\n|$)")
# A run of whitespace holding a line break. It may only start after a non-space (or at the start), so a long
# run of spaces with no line break is read once, not once from each of its characters.
_NEWLINE_RUN = re.compile(r"(?<!\s)[^\S\n]*\n\s*")
# spaCy strips a token's prefixes and suffixes one at a time, each time searching the rest again: a long run
# of punctuation ("[[[[…", "____…") costs it the cube of its length. Such runs are cut into short ones for the
# pipeline (a space every _PUNCTUATION_RUN characters; the text keeps its length, so offsets hold).
_PUNCTUATION_RUN = 32
_LONG_PUNCTUATION = re.compile(rf"(?<![^\w\s])(?<!_)(?:[^\w\s]|_){{{_PUNCTUATION_RUN + 1},}}")
# spaCy refuses a text longer than its max_length (1,000,000 characters); longer texts are analysed in pieces
# of at most this many characters, cut at paragraph breaks where there are any.
PIECE_LENGTH = 200_000


def build_nlp(
    language: str, entities: list[Entity], trained: str | None = None, candidates: bool = True
) -> Language:
    """A pipeline for `language`: blank (or the installed pipeline `trained`) plus our components.

    `candidates=False` leaves out `factsheets_candidates`, which proposes facts nobody annotated: the build
    reads annotated facts only, and the component is about a tenth of the pipeline's time.
    """
    if language not in LANGUAGES:
        raise ConfigError(f"no language pipeline for '{language}': use one of {', '.join(LANGUAGES)}")
    if trained:
        try:
            nlp = spacy.load(trained)
        except OSError:
            raise ConfigError(
                f"the spaCy pipeline '{trained}' named for '{language}' in site.yml is not installed; "
                f"install it (e.g. pip install {trained}) or remove it from 'pipeline' in site.yml to use "
                "the blank pipeline"
            ) from None
        if nlp.lang != language:
            raise ConfigError(
                f"the spaCy pipeline '{trained}' is for '{nlp.lang}', not '{language}': name a "
                f"{language} pipeline for '{language}' in site.yml"
            )
    else:
        nlp = spacy.blank(language)
    _tune(nlp)
    if not any(nlp.has_pipe(name) for name in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer", config={"punct_chars": [*Sentencizer.default_punct_chars, *_BREAKS]})
    for name in COMPONENTS if candidates else COMPONENTS[:-1]:
        if not nlp.has_pipe(name):
            nlp.add_pipe(name)
    nlp.get_pipe("factsheets_mentions").set_entities(entities)
    log.debug("language pipeline %s: %s", language, ", ".join(nlp.pipe_names))
    return nlp


def _tune(nlp: Language) -> None:
    """How the pipelines split words: before any name is tokenised, so names and texts split alike."""
    tune_tokenizer(nlp)
    keep_legal_suffixes_whole(nlp)  # "S.p.A." one token, not the end of a sentence


def blank_tokenizer(language: str) -> Language:
    """A pipeline that splits text into tokens as `build_nlp`'s blank pipeline of `language` does, and does
    nothing else (what a name's words are read with, without building the whole pipeline)."""
    nlp = spacy.blank(language)
    _tune(nlp)
    return nlp


def analyse_text(nlp: Language, text: str, published: str | None) -> Analysis:
    """Analyse one text; `published` (YYYY-MM-DD) anchors relative dates. Offsets are into `text`."""
    return next(analyse_texts(nlp, [(text, published)]))


def analyse_texts(
    nlp: Language,
    items: Iterable[tuple[str, str | None]],
    batch_size: int = 64,
    n_process: int = 1,
    read: list[tuple[str, set[str]]] | None = None,
) -> Iterator[Analysis]:
    """Analyse (text, published) pairs in batches with `nlp.pipe`; yields one Analysis per pair, in order.

    `n_process` > 1 spreads the batches over worker processes (spaCy's own multiprocessing). With `read`,
    each pair's text as the pipeline read it and the LOWER of its non-space tokens are appended to it, before
    its Analysis is yielded (what tells whether a change of the registry can reach the text).
    """
    texts: deque[tuple[str, str | None, list[int], str]] = deque()

    def docs() -> Iterator[Doc]:
        for text, published in items:
            starts = piece_starts(text, min(PIECE_LENGTH, nlp.max_length))
            readable = readable_text(text)
            texts.append((text, published, starts, readable))
            for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
                doc = nlp.make_doc(readable[start:end])
                doc._.set(dates.PUBLISHED, published)
                yield doc

    processed = nlp.pipe(docs(), batch_size=batch_size, n_process=n_process)
    for doc in processed:
        text, published, starts, readable = texts.popleft()
        bounds = list(zip(starts, [*starts[1:], len(text)], strict=True))
        pieces = [doc, *(next(processed) for _ in bounds[1:])]
        if read is not None:
            words = {t.lower_ for d in pieces for t in d}
            read.append((readable, {w for w in words if not w.isspace()}))
        analyses = [to_analysis(d, text[s:e], published) for d, (s, e) in zip(pieces, bounds, strict=True)]
        yield analyses[0] if len(analyses) == 1 else _joined(analyses, starts)


def piece_starts(text: str, limit: int) -> list[int]:
    """Where each piece of `text` starts, none longer than `limit`: each is cut after its last paragraph
    break, else after its last line break, else after its last space, else at the limit."""
    starts = [0]
    while len(text) - starts[-1] > limit:
        start, end = starts[-1], starts[-1] + limit
        for mark in ("\n\n", "\n", " "):
            at = text.rfind(mark, start, end)
            if at > start:
                end = at + len(mark)
                break
        starts.append(end)
    return starts


def _joined(pieces: list[Analysis], starts: list[int]) -> Analysis:
    """One Analysis of a text from those of its pieces (starting at `starts`): offsets and indexes shifted."""
    whole = Analysis(language=pieces[0].language, published=pieces[0].published)
    for piece, start in zip(pieces, starts, strict=True):
        sentences, quantities, dates_ = len(whole.sentences), len(whole.quantities), len(whole.dates)
        whole.sentences += _moved(piece.sentences, start)
        whole.entities += _moved(piece.entities, start)
        whole.quantities += _moved(piece.quantities, start)
        whole.dates += _moved(piece.dates, start)
        whole.facts += (
            replace(
                fact,
                sentence=fact.sentence + sentences,
                quantity=None if fact.quantity is None else fact.quantity + quantities,
                date=None if fact.date is None else fact.date + dates_,
            )
            for fact in piece.facts
        )
    return whole


def _moved(items: list, by: int) -> list:
    """Copies of `items` (each with a start and an end offset) `by` characters further on."""
    return [replace(item, start=item.start + by, end=item.end + by) for item in items]


def readable_text(text: str) -> str:
    """The text as the pipeline reads it: line breaks inside paragraphs and long punctuation runs softened."""
    return _short_punctuation_runs(_soft_line_breaks(text))


def name_words(nlp: Language, name: str) -> list[str]:
    """The words of `name` as the mention finder of `nlp` matches them: the LOWER of its non-space tokens."""
    return [w for t in nlp.make_doc(name) if not (w := t.lower_).isspace()]


def _short_punctuation_runs(text: str) -> str:
    """The text with a space in place of every _PUNCTUATION_RUN-th character of a long run of punctuation."""

    def cut(match: re.Match) -> str:
        run = list(match.group(0))
        cuts = range(_PUNCTUATION_RUN - 1, len(run), _PUNCTUATION_RUN)
        run[_PUNCTUATION_RUN - 1 :: _PUNCTUATION_RUN] = " " * len(cuts)
        return "".join(run)

    return _LONG_PUNCTUATION.sub(cut, text)


def _soft_line_breaks(text: str) -> str:
    """The text with each line break inside a paragraph turned into a space, all else unchanged.

    Articles are hard-wrapped, so "Sam\\nAltman" or "5\\nmiliardi" must read as one phrase; breaks that end
    a paragraph or start a heading, list item or quote stay. The length never changes, so offsets hold.
    """
    if "\n" not in text:
        return text

    def soften(match: re.Match) -> str:
        run = match.group(0)
        if run.count("\n") > 1:
            return re.sub(r"[^\n]", " ", run)  # a paragraph break: keep it, as newlines and spaces only
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start : match.start()].lstrip().startswith("#") or _BLOCK_START.match(text, match.end()):
            return re.sub(r"[^\n]", " ", run)
        return " " * len(run)

    return _NEWLINE_RUN.sub(soften, text)


def to_analysis(doc: Doc, text: str, published: str | None) -> Analysis:
    """Turn a processed Doc into plain dataclasses; `text` is the original the Doc was made from."""
    analysis = Analysis(language=doc.lang_, published=published)
    sentence_index = _add_sentences(analysis, doc, text)
    for ent in doc.ents:
        kind = ent.label_ if ent.label_ in ENTITY_KINDS else mentions.NER_KINDS.get(ent.label_)
        analysis.entities.append(
            Mention(
                text=text[ent.start_char : ent.end_char],
                start=ent.start_char,
                end=ent.end_char,
                id=ent.kb_id_ or None,
                kind=kind,
            )
        )
    for span in doc.spans[quantities.SPANS_KEY] if quantities.SPANS_KEY in doc.spans else ():
        data = span._.get(quantities.EXTENSION)
        analysis.quantities.append(
            Quantity(
                text=text[span.start_char : span.end_char], start=span.start_char, end=span.end_char, **data
            )
        )
    for span in doc.spans[dates.SPANS_KEY] if dates.SPANS_KEY in doc.spans else ():
        value, end_value = span._.get(dates.EXTENSION)
        analysis.dates.append(
            DateExpr(
                text=text[span.start_char : span.end_char],
                start=span.start_char,
                end=span.end_char,
                value=value,
                end_value=end_value,
            )
        )
    for fact in doc._.get(candidates.EXTENSION) or ():
        analysis.facts.append(
            FactCandidate(
                kind=fact["kind"],
                subject=fact["subject"],
                object=fact["object"],
                quantity=fact["quantity"],
                date=fact["date"],
                sentence=sentence_index[fact["sentence"]],
                status=fact.get("status"),
            )
        )
    return analysis


def _add_sentences(analysis: Analysis, doc: Doc, text: str) -> dict[int, int]:
    """Add the Doc's sentences, trimmed of surrounding whitespace (empty ones left out), to `analysis`;
    return each kept sentence's first token → its index in `analysis.sentences`."""
    sentence_index: dict[int, int] = {}
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentence_index[sentence.start] = len(analysis.sentences)
            analysis.sentences.append(Sentence(start=start, end=end))
    return sentence_index
