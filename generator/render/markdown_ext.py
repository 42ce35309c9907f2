"""A Python-Markdown extension that renders inline annotations.

Mentions become links to the entity's fact sheet and facts become anchored, highlighted spans. The
annotation markup is swapped for placeholders before any other processing, so Markdown inside a span
(emphasis, links) still renders, and the placeholders become the tags once Markdown is done: as plain
characters they cost Markdown nothing, where inline HTML costs it an HTML parse and a stash entry per tag.
The same parser the read stage uses finds the markup (or the read stage's own annotations are passed in),
so the positions agree with what the build analysed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from html import escape

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from generator.model import Annotation
from generator.read.annotations import parse_annotations

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


def makeExtension(**kwargs) -> AnnotationExtension:  # noqa: N802 (Python-Markdown's entry point name)
    return AnnotationExtension(**kwargs)
