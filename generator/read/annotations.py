"""Parser for the inline annotation syntax: `[words]{@entity-id}` and `[words]{fact=kind key=value …}`.

The parser works on the Markdown body of an article and keeps positions for everything it finds. It is
syntax only: whether an entity id exists or a date is valid is checked later, with the registry at hand.
Code spans and fenced code blocks are skipped, so the syntax can be shown literally in code.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from generator.errors import Location, Problem
from generator.model import Annotation, OffsetMap
from generator.read.textfile import LineIndex
from generator.textcut import shorten

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_ATTRIBUTE = re.compile(
    r"""@(?P<entity>[^\s{}"=\[\]]+)
      | (?P<key>[A-Za-z_][\w-]*)=(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s{}"]+))""",
    re.VERBOSE,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BACKTICKS = re.compile(r"`+")
# The characters the parser acts on; everything between two of them is skipped in one search.
_SPECIAL = re.compile(r"[\\`~\n\[\]{]")
# The start of an attribute list that follows no ']': an annotation whose brackets are missing or broken.
_STRAY_ATTRIBUTES = re.compile(r"\{[ \t]*(?:@|fact[ \t]*=)")
_ENTITY_KEYS = ("@", "subject", "object")
_MAX_ATTRIBUTES = 2000  # characters: real lists are a few dozen, a long note a few hundred
_SYNTAX_HINT = "write mentions as [words]{@entity-id} and facts as [words]{fact=kind subject=id …}"


@dataclass
class ParsedBody:
    plain: str
    plain_map: OffsetMap
    annotations: list[Annotation]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Open:
    offset: int
    children: list[int] = field(default_factory=list)  # indexes into the found list


@dataclass
class _Found:
    start: int
    end: int
    inner_start: int
    inner_end: int
    attrs: dict[str, str]
    attr_offsets: dict[str, int]
    children: list[int]


class _Parser:
    def __init__(self, body: str, path: str, first_line: int):
        self.body = body
        self.path = path
        self.lines = LineIndex(body, first_line)
        self.problems: list[Problem] = []
        self.found: list[_Found] = []
        self._scan_stop = 0  # where the last unclosed attribute list stopped being searched
        self._backtick_runs: dict[int, list[int]] | None = None  # run length -> where such runs start

    def location(self, offset: int) -> Location:
        line, col = self.lines.line_col(offset)
        return Location(self.path, line, col)

    def problem(self, offset: int, code: str, message: str, hint: str = _SYNTAX_HINT) -> None:
        self.problems.append(Problem(self.location(offset), code, message, hint))

    def run(self) -> None:
        body, n = self.body, len(self.body)
        stack: list[_Open] = []
        top_children: list[int] = []
        i = 0
        while i < n:
            if (special := _SPECIAL.search(body, i)) is None:
                break
            i = special.start()
            c = body[i]
            if c in "\\`~" and (literal_end := self._skip_literal(i)) is not None:
                i = literal_end
                continue
            if c == "\n" and _BLANK_LINE.match(body, i):
                self._close_paragraph(stack, top_children)
                i += 1
                continue
            if c == "[":
                stack.append(_Open(i))
                i += 1
                continue
            # (After an escaped '\\]' the writer shows the syntax on purpose;
            # an unescaped ']{' never gets here.)
            if c == "{" and body[i - 1 : i] != "]" and _STRAY_ATTRIBUTES.match(body, i):
                self._stray_attributes(i)
            if c == "]":
                if i + 1 < n and body[i + 1] == "{":
                    i = self._close_annotation(i, stack, top_children)
                    continue
                if stack:  # a plain bracket pair (link text, [sic] …): its annotations belong to the parent
                    closed = stack.pop()
                    (stack[-1].children if stack else top_children).extend(closed.children)
            i += 1
        self._close_paragraph(stack, top_children)

    def _skip_literal(self, i: int) -> int | None:
        """Where scanning resumes after an escaped character, a code fence or a code span at `i`, or None."""
        body = self.body
        c = body[i]
        if c == "\\":
            return i + 2
        if c in "`~" and (i == 0 or body[i - 1] == "\n" or body[max(0, i - 3) : i].strip() == ""):
            fence_end = self._skip_fence(i)
            if fence_end is not None:
                return fence_end
        if c == "`":
            return self._skip_code_span(i)
        return None

    def _skip_fence(self, i: int) -> int | None:
        line_start = self.body.rfind("\n", 0, i) + 1
        match = _FENCE.match(self.body, line_start)
        if not match or match.end(1) <= i:
            return None
        fence = match.group(1)
        closing = re.compile(
            r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.MULTILINE
        )
        line_end = self.body.find("\n", i)
        end = closing.search(self.body, line_end + 1) if line_end != -1 else None
        return len(self.body) if end is None else end.end()

    def _skip_code_span(self, i: int) -> int:
        """Where scanning resumes after the code span opened by the backticks at `i` (after them if unclosed).

        A span is closed by the next run of exactly as many backticks. Every run is listed once, by length,
        so finding the closing one is a lookup, whatever the number of runs of different lengths.
        """
        length = _BACKTICKS.match(self.body, i).end() - i
        if self._backtick_runs is None:
            self._backtick_runs = {}
            for run in _BACKTICKS.finditer(self.body):
                self._backtick_runs.setdefault(run.end() - run.start(), []).append(run.start())
        starts = self._backtick_runs.get(length, [])
        closing = bisect.bisect_left(starts, i + length)
        return starts[closing] + length if closing < len(starts) else i + length

    def _excerpt(self, i: int) -> str:
        """The markup at `i` as a message quotes it: up to its '}' or the end of its line, cut short."""
        line = self.body[i : i + 80].split("\n", 1)[0]
        return shorten(line[: line.find("}") + 1] or line, 40)

    def _stray_attributes(self, i: int) -> None:
        self.problem(
            i,
            "broken-annotation",
            f"'{self._excerpt(i)}' looks like an annotation, but no '[words]' comes right before it",
            "put the annotated words in brackets right before the '{' ([words]{@id}, [words]{fact=kind …}), "
            "closing the '[' with ']'; to show the text as it is, escape the brace as '\\{'",
        )

    def _close_paragraph(self, stack: list[_Open], top_children: list[int]) -> None:
        for still_open in stack:
            if still_open.children:
                self.problem(
                    still_open.offset,
                    "unbalanced-bracket",
                    "this '[' is never closed, but it contains an annotation",
                    "close the span with ']{…}' in the same paragraph, or escape the bracket as '\\['",
                )
            top_children.extend(still_open.children)
        stack.clear()

    def _close_annotation(self, i: int, stack: list[_Open], top_children: list[int]) -> int:
        """Handle `]{…}` at offset i; returns the offset to continue from."""
        attrs_end = self._find_attrs_end(i + 2)
        if attrs_end is None:
            self.problem(
                i + 1,
                "unclosed-attributes",
                "'{' of this annotation is never closed",
                "end the attribute list with '}' in the same paragraph (and close any '\"' quote); "
                f"a list may be at most {_MAX_ATTRIBUTES} characters long",
            )
            # What the unclosed list ran over cannot be read as annotations either: go on after it, which
            # also keeps a text full of stray ']{' linear to parse.
            return max(i + 2, self._scan_stop)
        if not stack:
            self.problem(
                i,
                "unbalanced-bracket",
                "']{' closes an annotation that was never opened with '['",
                "add the missing '[' before the annotated words, or escape this bracket as '\\]'",
            )
            return attrs_end + 1
        opened = stack.pop()
        attrs, offsets = self._parse_attrs(i + 2, attrs_end)
        self.found.append(
            _Found(opened.offset, attrs_end + 1, opened.offset + 1, i, attrs, offsets, opened.children)
        )
        (stack[-1].children if stack else top_children).append(len(self.found) - 1)
        return attrs_end + 1

    def _find_attrs_end(self, j: int) -> int | None:
        """The offset of the '}' that ends the attribute list starting at j, or None.

        The list may not cross a blank line (Markdown would split it into two paragraphs) and is searched
        for at most _MAX_ATTRIBUTES characters, so a text full of stray ']{' is not read to its end each time.
        """
        body = self.body
        n = min(len(body), j + _MAX_ATTRIBUTES)
        in_quotes = False
        while j < n:
            c = body[j]
            if c == "\n" and _BLANK_LINE.match(body, j):
                self._scan_stop = j
                return None
            if in_quotes:
                if c == "\\":
                    j += 2
                    continue
                in_quotes = c != '"'
            elif c == '"':
                in_quotes = True
            elif c == "}":
                return j
            j += 1
        self._scan_stop = n
        return None

    def _parse_attrs(self, start: int, end: int) -> tuple[dict[str, str], dict[str, int]]:
        attrs: dict[str, str] = {}
        offsets: dict[str, int] = {}
        j = start
        while j < end:
            if self.body[j].isspace():
                j += 1
                continue
            match = _ATTRIBUTE.match(self.body, j, end)
            if not match or (match.end() < end and not self.body[match.end()].isspace()):
                bad = re.match(r"\S+", self.body[j:end]).group(0)
                self.problem(
                    j,
                    "malformed-attribute",
                    f"cannot read the attribute '{bad}'",
                    'attributes are @entity-id or key=value; quote values with spaces: note="like this"',
                )
                j += len(bad)
                continue
            if match.group("entity") is not None:
                key, value = "@", match.group("entity")
            else:
                key = match.group("key")
                quoted = match.group("quoted")
                value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else match.group("bare")
            if key in _ENTITY_KEYS:
                value = unicodedata.normalize("NFC", value)  # ids are compared in composed form
            if key in attrs:
                self.problem(
                    j,
                    "duplicate-attribute",
                    f"the attribute '{key}' is given twice",
                    "keep one of the two values",
                )
            else:
                attrs[key] = value
                offsets[key] = j
            j = match.end()
        return attrs, offsets


def _plain_text(body: str, found: list[_Found]) -> tuple[str, OffsetMap]:
    """Remove annotation markup; return the plain text and its offset map."""
    cuts = sorted({(f.start, f.inner_start) for f in found} | {(f.inner_end, f.end) for f in found})
    pieces: list[str] = []
    runs: list[tuple[int, int, int]] = []
    position = 0  # in body
    plain_length = 0
    for cut_start, cut_end in cuts:
        if cut_start > position:
            pieces.append(body[position:cut_start])
            runs.append((plain_length, position, cut_start - position))
            plain_length += cut_start - position
        position = max(position, cut_end)
    if position < len(body):
        pieces.append(body[position:])
        runs.append((plain_length, position, len(body) - position))
    return "".join(pieces), OffsetMap(runs=runs)


def _to_plain(runs: list[tuple[int, int, int]], run_starts: list[int], body_offset: int) -> int:
    """Plain offset of a body offset that is not inside removed markup (or right at its edge)."""
    index = bisect.bisect_right(run_starts, body_offset) - 1
    if index < 0:
        return 0
    p, s, n = runs[index]
    return p + min(body_offset - s, n)


def parse_annotations(body: str, path: str, first_line: int = 1) -> ParsedBody:
    """Find every annotation in a Markdown body; problems are collected, never raised."""
    parser = _Parser(body, path, first_line)
    parser.run()
    found = parser.found
    plain, plain_map = _plain_text(body, found)
    run_starts = [s for _, s, _ in plain_map.runs]
    order = sorted(range(len(found)), key=lambda k: (found[k].start, -found[k].end))
    ordinal_of = {k: ordinal for ordinal, k in enumerate(order)}
    parent_of: dict[int, int] = {}
    for k, f in enumerate(found):
        for child in f.children:
            parent_of[child] = ordinal_of[k]
    annotations = []
    for k in order:
        f = found[k]
        kind = "mention" if "@" in f.attrs else "fact"
        annotations.append(
            Annotation(
                kind=kind,
                attrs=f.attrs,
                start=f.start,
                end=f.end,
                inner_start=f.inner_start,
                inner_end=f.inner_end,
                plain_start=_to_plain(plain_map.runs, run_starts, f.inner_start),
                plain_end=_to_plain(plain_map.runs, run_starts, f.inner_end),
                location=parser.location(f.start),
                ordinal=ordinal_of[k],
                parent=parent_of.get(k),
                attr_locations={key: parser.location(offset) for key, offset in f.attr_offsets.items()},
            )
        )
    return ParsedBody(plain, plain_map, annotations, parser.problems)
