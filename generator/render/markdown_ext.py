"""A Python-Markdown extension that renders inline annotations.

Mentions become links to the entity's fact sheet and facts become anchored, highlighted spans. The
annotation markup is swapped for placeholders before any other processing, so Markdown inside a span
(emphasis, links) still renders, and the placeholders become the tags once Markdown is done: as plain
characters they cost Markdown nothing, where inline HTML costs it an HTML parse and a stash entry per tag.
The same parser the read stage uses finds the markup (or the read stage's own annotations are passed in),
so the positions agree with what the build analysed.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from html import escape

from markdown import Extension, Markdown, inlinepatterns, treeprocessors, util
from markdown.extensions import tables
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from generator.model import Annotation
from generator.read.annotations import parse_annotations

log = logging.getLogger(__name__)

# (open tag, close tag) for an annotation; None leaves its words as plain text.
Decorator = Callable[[Annotation], "tuple[str, str] | None"]


def default_decorator(annotation: Annotation) -> tuple[str, str]:
    """Mentions link to `../<id>/`, facts become <mark> spans: enough to use the extension on its own."""
    if annotation.kind == "mention":
        entity = escape(annotation.entity or "", quote=True)
        return f'<a class="mention" href="../{entity}/" data-entity="{entity}">', "</a>"
    kind = escape(annotation.attrs.get("fact", ""), quote=True)
    return f'<mark class="fact fact--{kind}" data-fact-kind="{kind}">', "</mark>"


class AnnotationPreprocessor(Preprocessor):
    """Replaces annotation markup (and marks extra spans) with inline HTML tags."""

    def __init__(self, md: Markdown, extension: AnnotationExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        known = self.extension.getConfig("annotations")
        annotations = parse_annotations(text, "<markdown>").annotations if known == "parse" else known
        decorate = self.extension.getConfig("decorate")
        # Each edit replaces text[start:end]; zero-width edits insert. At one offset, span ends come first,
        # then markup replacements, then span starts, so tags always nest properly.
        edits: list[tuple[int, int, int, int, str]] = []  # (start, rank, tiebreak, end, replacement)
        for annotation in annotations:
            tags = decorate(annotation)
            open_tag, close_tag = tags if tags else ("", "")
            edits.append((annotation.start, 1, 0, annotation.inner_start, open_tag))
            edits.append((annotation.inner_end, 1, 0, annotation.end, close_tag))
        taken = [(a.inner_start, a.inner_end) for a in annotations if a.kind == "mention"]
        for start, end, open_tag, close_tag in self.extension.getConfig("spans") or ():
            if any(s < end and start < e for s, e in taken) or _inside_markup(start, end, annotations):
                continue
            edits.append((start, 2, -end, start, open_tag))
            edits.append((end, 0, -start, end, close_tag))
        edits.sort()
        # The placeholder names a hash of the text, which no text can contain: a writer cannot forge one.
        nonce = hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()
        tags: list[str] = []
        out, position = [], 0
        for start, _, _, end, replacement in edits:
            out.append(text[position:start])
            if replacement:
                out.append(f"{_OPEN}{nonce}{len(tags)}{_CLOSE}")
                tags.append(replacement)
            position = max(position, end)
        out.append(text[position:])
        self.extension.placeholders = (nonce, tags)
        return "".join(out).split("\n")


# Private-use characters: Markdown treats them as plain text and has no use of its own for them.
_OPEN, _CLOSE = "\ue000", "\ue001"


class PlaceholderPostprocessor(Postprocessor):
    """Puts the annotation tags where the preprocessor left their placeholders."""

    def __init__(self, md: Markdown, extension: AnnotationExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        nonce, tags = self.extension.placeholders
        if not tags:
            return text

        def tag(match: re.Match) -> str:
            return tags[int(match.group(2))] if match.group(1) == nonce else match.group(0)

        return _PLACEHOLDER.sub(tag, text)


_PLACEHOLDER = re.compile(f"{_OPEN}([0-9a-f]{{12}})(\\d+){_CLOSE}")


def _inside_markup(start: int, end: int, annotations: Sequence[Annotation]) -> bool:
    """True when a span overlaps annotation markup (brackets or attributes) rather than words."""
    for a in annotations:
        if (
            a.start <= start < a.inner_start
            or a.inner_end <= start < a.end
            or a.start < end <= a.inner_start
            or a.inner_end < end <= a.end
        ):
            return True
    return False


# --- brackets in linear time -----------------------------------------------------------------------------
# Python-Markdown finds the ']' that closes each '[' by reading on from it, so a paragraph of many '[' costs
# it the square of its length. The processors below answer from one table of bracket pairs per text instead.
# A pair with more than _MAX_LINK_NESTING levels of brackets inside is never a link's text: that bounds what
# all the pairs' texts add up to, and no real link is nested so deep.
_MAX_LINK_NESTING = 32
_MAX_LINK_TARGET = 2_000  # characters of a link's (address "title"); a longer one is read as text


class _BracketPairs:
    """The bracket pairs of the last text asked about (Markdown asks many times about one text in a row)."""

    def __init__(self):
        self.text: str | None = None
        self.closing: dict[int, int] = {}  # '[' offset -> offset of its ']'
        self.openings: list[int] = []  # the keys of `closing`, in order

    def of(self, text: str) -> _BracketPairs:
        if text is not self.text:
            self.text, self.closing = text, _bracket_pairs(text)
            self.openings = sorted(self.closing)
        return self


def _bracket_pairs(text: str) -> dict[int, int]:
    """'[' offset -> its ']' offset, for the pairs with at most _MAX_LINK_NESTING levels of pairs inside."""
    pairs: dict[int, int] = {}
    stack: list[list[int]] = []  # [offset of '[', deepest nesting inside it so far]
    for bracket in re.finditer(r"[\[\]]", text):
        if bracket.group() == "[":
            stack.append([bracket.start(), 0])
        elif stack:
            opening, inside = stack.pop()
            if inside <= _MAX_LINK_NESTING:
                pairs[opening] = bracket.start()
            if stack:
                stack[-1][1] = max(stack[-1][1], inside + 1)
    return pairs


class _PairedOpenings:
    """Stands in for a link processor's compiled pattern: `finditer` yields its matches only at the '[' that
    have a pair, which are the only ones that can begin a link; the others would each cost a failed try."""

    def __init__(self, pattern: re.Pattern, pairs: _BracketPairs):
        self.pattern, self.pairs = pattern, pairs
        self.before = 1 if pattern.pattern.startswith("\\!") else 0  # an image's match starts at its '!'

    def finditer(self, text: str, start: int = 0) -> Iterator[re.Match]:
        openings = self.pairs.of(text).openings
        for k in range(bisect.bisect_left(openings, start + self.before), len(openings)):
            match = self.pattern.match(text, openings[k] - self.before)
            if match:
                yield match


class _LinearBrackets:
    """Mixed into Python-Markdown's link processors: only paired '[' are tried, and each pair is looked up."""

    pairs: _BracketPairs

    def getCompiledRegExp(self) -> _PairedOpenings:  # noqa: N802 (Python-Markdown's name)
        return _PairedOpenings(self.compiled_re, self.pairs)

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        closing = self.pairs.of(data).closing.get(index - 1)
        if closing is None:
            return "", len(data), False
        return data[index:closing], closing + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        # Markdown reads on from '(' until the parentheses balance, to the end of the text if they never do:
        # it is given at most _MAX_LINK_TARGET characters, so a text full of '(' is not read once per link.
        window_end = index + _MAX_LINK_TARGET
        if data.find(")", index, window_end) == -1 and not any(q in data[index:window_end] for q in "\"'"):
            return "", None, index, False  # nothing can end it: no ')' and no quote that Markdown may close
        if window_end >= len(data):
            return super().getLink(data, index)
        href, title, after, handled = super().getLink(data[index:window_end], 0)
        if after < 0:  # Markdown's own answer for a title it cannot close depends on the whole text
            return super().getLink(data, index)
        return href, title, index + after, handled


class _BacktickRuns:
    """The runs of backticks of the last text asked about: by length, and the longest from each run on."""

    def __init__(self):
        self.text: str | None = None

    def of(self, text: str) -> _BacktickRuns:
        if text is not self.text:
            self.text = text
            runs = [(m.start(), m.end() - m.start()) for m in re.finditer("`+", text)]
            self.starts = [start for start, _ in runs]
            self.by_length: dict[int, list[int]] = {}
            for start, length in runs:
                self.by_length.setdefault(length, []).append(start)
            # The first of the longest runs from each run on (what Markdown falls back to).
            self.longest = list(range(len(runs)))
            for k in range(len(runs) - 2, -1, -1):
                later = self.longest[k + 1]
                if runs[later][1] > runs[k][1]:
                    self.longest[k] = later
            self.runs = runs
        return self


class _LinearBacktick(inlinepatterns.BacktickInlineProcessor):
    """Python-Markdown's code spans, with the closing run looked up instead of read for, character by
    character, to the end of the text each time a run has none (runs of many lengths cost it the square)."""

    def __init__(self, pattern: str):
        super().__init__(pattern)
        self.runs = _BacktickRuns()

    def find_code_spans(self, start: int, text: str) -> tuple[int, int | None]:
        end_of_ticks = start
        while end_of_ticks < len(text) and text[end_of_ticks] == "`":
            end_of_ticks += 1
        ticks = end_of_ticks - start
        closing = re.compile(f"(?<!`){'`' * ticks}(?!`)") if ticks else None
        runs = self.runs if self.runs.text is text else None
        if runs is None and closing is not None and (match := closing.search(text, end_of_ticks)):
            return end_of_ticks, match.start()
        runs = self.runs.of(text)
        same = runs.by_length.get(ticks, [])
        k = bisect.bisect_left(same, end_of_ticks)
        if k < len(same):
            return end_of_ticks, same[k]
        after = bisect.bisect_left(runs.starts, end_of_ticks)
        if after < len(runs.starts):
            longest_start, longest = runs.runs[runs.longest[after]]
            if 0 < longest < ticks:
                return end_of_ticks - (ticks - longest), longest_start
        return end_of_ticks + ticks, None  # (as Markdown has it: it goes on that far after the run)


class _EscapeRuns(inlinepatterns.EscapeInlineProcessor):
    """Python-Markdown's backslash escapes, a run of them at a time: it rebuilds the whole text after each
    match, so a text of escapes one by one costs it the square of its length."""

    def __init__(self, md: Markdown):
        super().__init__(inlinepatterns.ESCAPE_RE, md)
        self._escapable = ""
        self._runs = re.compile("(?!)")

    def getCompiledRegExp(self) -> re.Pattern:  # noqa: N802 (Python-Markdown's name)
        escapable = "".join(self.md.ESCAPED_CHARS)
        if escapable != self._escapable:  # (extensions may add to the characters)
            self._escapable = escapable
            self._runs = re.compile(f"(?:\\\\[{re.escape(escapable)}])+")
        return self._runs

    def handleMatch(self, m: re.Match, data: str) -> tuple[str, int, int]:  # noqa: N802
        # Raw HTML (which needs a '<') gives each escape back with its backslash: one at a time there.
        end = m.start() + 2 if "<" in data else m.end()
        # What Markdown makes of each escaped character, one after the other.
        return "".join(f"{util.STX}{ord(c)}{util.ETX}" for c in data[m.start() + 1 : end : 2]), m.start(), end


# --- many inline constructs in one long text ---------------------------------------------------------------
# Python-Markdown rebuilds a text after each inline match (code span, emphasis, escape, link …), so a long
# paragraph made of many of them costs it the square of its length. In texts longer than _LONG_TEXT the
# matches are counted by the characters they cost; past _INLINE_BUDGET for one document, what is left of a
# long text is shown as written. No real paragraph comes near: a 50,000-character one still has 100 matches.
_LONG_TEXT = 10_000
_INLINE_BUDGET = 5_000_000


class _BoundedInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's inline processor, with the work on long texts bounded per document."""

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.spent, self.stopped = 0, False  # characters rebuilt in long texts; whether the warning was given

    def run(self, tree, ancestors=None):
        self.spent, self.stopped = 0, False
        # Only the processors that can match somewhere in this document are tried, in their order: each
        # is otherwise tried on every text of it (13 per text, most of an article's inline work).
        registry = self.inlinePatterns
        self.inlinePatterns = _present_processors(registry, tree)
        try:
            return super().run(tree, ancestors)
        finally:
            self.inlinePatterns = registry

    def _InlineProcessor__applyPattern(self, pattern, data, patternIndex, startIndex=0):  # noqa: N802, N803
        long = len(data) > _LONG_TEXT
        if long and self.spent > _INLINE_BUDGET:
            if not self.stopped:
                self.stopped = True
                log.warning(
                    "a paragraph of %d characters holds too much Markdown: the rest is shown as written",
                    len(data),
                )
            return data, False, 0
        data, matched, index = super()._InlineProcessor__applyPattern(pattern, data, patternIndex, startIndex)
        if matched and long:
            self.spent += len(data)
        return data, matched, index


# What every match of a stock inline processor holds (one of them), by its pattern: a document none of whose
# texts holds any of them has nothing that processor can match. Inline processing makes texts only of parts
# of the document's texts and of its own placeholders (STX, letters, digits, ':', ETX), which hold none.
_NEEDED = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # REFERENCE_RE too
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # IMAGE_REFERENCE_RE too
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
}


def _needed(processor) -> tuple[str, ...] | None:
    """What one of `processor`'s matches holds at least; None when that is not known (always tried)."""
    if isinstance(processor, inlinepatterns.DelimiterProcessor):  # emphasis: its delimiters, '*' and '_'
        return tuple(processor.tokens)
    if type(processor).__module__ not in (inlinepatterns.__name__, __name__):
        return None  # another extension's processor, whatever its pattern
    return _NEEDED.get(getattr(processor, "pattern", None))


def _present_processors(registry, tree) -> list:
    """The inline processors of `registry`, in order, but those that cannot match any text of `tree`."""
    text = "".join(piece for element in tree.iter() for piece in (element.text, element.tail) if piece)
    kept = []
    for processor in registry:
        needed = _needed(processor)
        if needed is None or any(part in text for part in needed):
            kept.append(processor)
    return kept


# Python-Markdown's link processors (name, stock class, pattern, priority), as build_inlinepatterns has them.
_LINK_PROCESSORS = (
    ("reference", inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    ("link", inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    ("image_link", inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    ("image_reference", inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE, 140),
    ("short_reference", inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 130),
    (
        "short_image_ref",
        inlinepatterns.ShortImageReferenceInlineProcessor,
        inlinepatterns.IMAGE_REFERENCE_RE,
        125,
    ),
)
_LINEAR_CLASSES = {
    stock: type(f"Linear{stock.__name__}", (_LinearBrackets, stock), {})
    for _, stock, _, _ in _LINK_PROCESSORS
}


def _linear_link_processors(md: Markdown) -> None:
    """Replace Markdown's own link and reference processors with the linear ones, at the same priorities."""
    pairs = _BracketPairs()
    for name, stock, pattern, priority in _LINK_PROCESSORS:
        if name in md.inlinePatterns and type(md.inlinePatterns[name]) is stock:
            linear = _LINEAR_CLASSES[stock](pattern, md)
            linear.pairs = pairs
            md.inlinePatterns.register(linear, name, priority)


class AnnotationExtension(Extension):
    """Render `[words]{@id}` mentions and `[words]{fact=…}` facts."""

    def __init__(self, **kwargs):
        self.config = {
            "decorate": [default_decorator, "callable(annotation) -> (open_html, close_html) or None"],
            "spans": [
                (),
                "extra (start, end, open_html, close_html) spans in source offsets, e.g. found mentions",
            ],
            # (Python-Markdown reads a config whose default is None as a boolean, hence the string default.)
            "annotations": ["parse", "the text's annotations if already parsed (offsets into the text)"],
        }
        self.placeholders: tuple[str, list[str]] = ("", [])
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 35: before whitespace normalisation (30), which would shift the offsets of `spans`.
        md.preprocessors.register(AnnotationPreprocessor(md, self), "factsheets_annotations", 35)
        # Last of all, after raw HTML is put back: a placeholder inside an HTML block is replaced too.
        md.postprocessors.register(PlaceholderPostprocessor(md, self), "factsheets_placeholders", 1)
        _linear_link_processors(md)
        if type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor:
            md.treeprocessors.register(_BoundedInlineProcessor(md), "inline", 20)
        if type(md.inlinePatterns["backtick"]) is inlinepatterns.BacktickInlineProcessor:
            md.inlinePatterns.register(_LinearBacktick(inlinepatterns.BACKTICK_RE), "backtick", 190)
        if type(md.inlinePatterns["escape"]) is inlinepatterns.EscapeInlineProcessor:
            md.inlinePatterns.register(_EscapeRuns(md), "escape", 180)


def makeExtension(**kwargs) -> AnnotationExtension:  # noqa: N802 (Python-Markdown's entry point name)
    return AnnotationExtension(**kwargs)


class TableExtension(tables.TableExtension):
    """Python-Markdown's tables, where a block with no '|' is ruled out at once: it cannot be a table (a
    header row needs a '|' to have two cells or a border), and every paragraph is asked."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        blocks = md.parser.blockprocessors
        if type(blocks["table"]) is tables.TableProcessor:
            blocks.register(_PipedTableProcessor(md.parser, self.getConfigs()), "table", 75)


class _PipedTableProcessor(tables.TableProcessor):
    def test(self, parent, block: str) -> bool:
        return "|" in block and super().test(parent, block)
