"""YAML loading that keeps source positions and never turns a typo into a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from generator.errors import Location, Problem
from generator.read.textfile import LineIndex

_MAX_DEPTH = 40  # content is a few levels deep; a deeper file is a mistake or an attack on the parser
# Characters of YAML in one file or front matter: real ones hold a few thousand. PyYAML reads about 100,000
# characters a second, so a longer text is refused rather than read for minutes.
MAX_YAML_LENGTH = 200_000

try:  # PyYAML built with libyaml (its wheels are); without it, the pure-Python parser reads everything
    from yaml.cyaml import CParser

    _FAST = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    CParser = object  # type: ignore[assignment,misc]
    _FAST = False
# libyaml reads these where PyYAML refuses them: a tab inside a plain value, Unicode line separators, a
# comment glued to a block scalar's header (">-#"). A text holding one is left to PyYAML, so that what is
# accepted does not depend on the parser.
_READ_APART = re.compile(r"[\t\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#")


def _read_apart(text: str) -> bool:
    """Whether `text` must be read by PyYAML (see `_READ_APART`); PyYAML also ends a plain value at a '?'
    inside [ ] or { }, where libyaml reads on."""
    return _READ_APART.search(text) is not None or ("?" in text and ("[" in text or "{" in text))


class _RefusedYaml(yaml.composer.ComposerError):
    """Valid YAML that content files may not use; carries its own hint."""

    def __init__(self, problem: str, mark, hint: str):
        super().__init__(None, None, problem, mark)
        self.hint = hint


class _Refusals:
    """Composition that refuses aliases (`*name`), which let a short file expand into a huge or endlessly
    recursive value, and nesting deeper than any content needs, which would exhaust the parser's recursion."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _RefusedYaml(
                "aliases (*name) are not allowed in content files",
                event.start_mark,
                "write the value out in full instead of referring to an &anchor",
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > _MAX_DEPTH:
                raise _RefusedYaml(
                    f"values are nested more than {_MAX_DEPTH} levels deep",
                    event.start_mark,
                    "content needs only a few levels: check the brackets and indentation",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _StringDatesLoader(_Refusals, yaml.SafeLoader):
    """SafeLoader that leaves dates as strings (we validate them ourselves, with positions), refusing what
    `_Refusals` refuses. Pure Python: its error messages and positions are the ones users see."""


class _FastStringDatesLoader(_Refusals, Composer, CParser, SafeConstructor, Resolver):
    """The same loader with libyaml's C scanner and parser, about five times as fast.

    Composing stays Python's (Composer comes before CParser), so `_Refusals` checks every event as above.
    It reads valid YAML only: on any error the text is read again by `_StringDatesLoader`, whose messages
    are the documented ones.
    """

    def __init__(self, stream: str):
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def compose_scalar_node(self, anchor):
        event = self.peek_event()
        if not event.value and not event.style:
            # An empty value ("key:"): the two parsers place it differently (after the ':' or at the next
            # token), and messages about it name that place.
            raise _ReadApart("an empty value", event.start_mark)
        return super().compose_scalar_node(anchor)


class _ReadApart(yaml.MarkedYAMLError):
    """What `_FastStringDatesLoader` leaves to the pure-Python loader."""

    def __init__(self, problem: str, mark):
        super().__init__(None, None, problem, mark)


_STRING_DATES = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StringDatesLoader.yaml_implicit_resolvers = _STRING_DATES
_FastStringDatesLoader.yaml_implicit_resolvers = _STRING_DATES


@dataclass
class YamlDocument:
    """Loaded data plus the position of every mapping key and value, by key path."""

    data: Any
    path: str
    line_offset: int  # lines before the YAML text in its file
    positions: dict[tuple, tuple[int, int]]  # key path -> 0-based (line, col) of the value

    def location(self, *keys: object) -> Location:
        """Where the value at `keys` is written (or the nearest enclosing value that is)."""
        while keys and keys not in self.positions:
            keys = keys[:-1]
        line, col = self.positions.get(keys, (0, 0))
        return Location(self.path, line + 1 + self.line_offset, col + 1)


def _collect_positions(node: yaml.Node, key_path: tuple, positions: dict) -> None:
    positions[key_path] = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            _collect_positions(value_node, (*key_path, key), positions)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_positions(item, (*key_path, index), positions)


def _refuse_duplicate_keys(node: yaml.Node, path: str, line_offset: int) -> None:
    """Raise YamlProblem at the second of two equal keys in a mapping (YAML silently keeps the last)."""
    pending = [node]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicates_in(node, path, line_offset)
            pending.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)


def _refuse_duplicates_in(mapping: yaml.MappingNode, path: str, line_offset: int) -> None:
    first_line: dict[str, int] = {}
    for key, _ in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1 + line_offset
        if key.value in first_line:
            raise YamlProblem(
                Problem(
                    Location(path, line, key.start_mark.column + 1),
                    "duplicate-key",
                    f"the key '{key.value}' is given twice, on lines {first_line[key.value]} and {line}",
                    "keep one of the two: YAML would silently use the last one",
                )
            )
        first_line[key.value] = line


def load_yaml(text: str, path: str, line_offset: int = 0) -> YamlDocument:
    """Parse `text`; raise a positioned Problem (as YamlProblem) on a syntax error."""
    if len(text) > MAX_YAML_LENGTH:
        raise YamlProblem(
            Problem(
                Location(path, 1 + line_offset, 1),
                "too-long",
                f"the YAML is {len(text):,} characters long, more than the {MAX_YAML_LENGTH:,} allowed",
                "keep settings, front matter and entity files short: the text of an article goes after its "
                "front matter",
            )
        )
    try:
        node, data = _parsed(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + 1 + line_offset
        col = (mark.column if mark else 0) + 1
        reason = error.problem or error.context or "invalid YAML"
        raise YamlProblem(
            Problem(
                Location(path, line, col),
                "yaml-syntax",
                f"YAML syntax error: {reason}",
                getattr(error, "hint", None)
                or "check indentation and quoting near this position; quote values that contain ': ' or "
                "start with a special character",
            )
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not accept, at a character offset
        line, col = LineIndex(text, 1 + line_offset).line_col(error.position)
        raise YamlProblem(
            Problem(
                Location(path, line, col),
                "yaml-syntax",
                f"YAML cannot hold the character U+{error.character:04X}"
                if isinstance(error.character, int)
                else f"YAML error: {error.reason}",
                "delete the character or replace it with ordinary text",
            )
        ) from None
    except yaml.YAMLError as error:  # errors without a position (rare: bad stream)
        raise YamlProblem(
            Problem(
                Location(path, 1 + line_offset, 1),
                "yaml-syntax",
                f"YAML error: {error}",
                "make the file valid YAML",
            )
        ) from None
    positions: dict[tuple, tuple[int, int]] = {}
    if node is not None:
        _refuse_duplicate_keys(node, path, line_offset)
        _collect_positions(node, (), positions)
    return YamlDocument(data, path, line_offset, positions)


def _parsed(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for positions) and the data built from it, from one parse: libyaml's when it reads
    the text without error, else PyYAML's (which raises the error to report)."""
    if _FAST and not _read_apart(text):
        try:
            return _parsed_by(_FastStringDatesLoader, text)
        except yaml.YAMLError:
            pass  # described by the pure-Python parser below, as it always was
    return _parsed_by(_StringDatesLoader, text)


def _parsed_by(loader_class: type, text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


class YamlProblem(Exception):
    """A YAML file could not be parsed; carries the Problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
