"""YAML loading that keeps source positions and never turns a typo into a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import Location, Problem
from generator.read.textfile import LineIndex

_MAX_DEPTH = 40  # content is a few levels deep; a deeper file is a mistake or an attack on the parser
# Characters of YAML in one file or front matter: real ones hold a few thousand. PyYAML reads about 100,000
# characters a second, so a longer text is refused rather than read for minutes.
MAX_YAML_LENGTH = 200_000


class _RefusedYaml(yaml.composer.ComposerError):
    """Valid YAML that content files may not use; carries its own hint."""

    def __init__(self, problem: str, mark, hint: str):
        super().__init__(None, None, problem, mark)
        self.hint = hint


class _StringDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings (we validate them ourselves, with positions).

    It also refuses aliases (`*name`), which let a short file expand into a huge or endlessly recursive
    value, and nesting deeper than any content needs, which would exhaust the parser's recursion.
    """

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


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
        loader = _StringDatesLoader(text)
        try:  # one parse gives both the node tree (for positions) and the data built from it
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
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


class YamlProblem(Exception):
    """A YAML file could not be parsed; carries the Problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
