"""Declared fields: what a YAML mapping (site.yml, front matter, an entity file) may hold, and one engine.

A table of `Field`s says, for each key, the type of its value, whether it is required, its default, the
checks the value must pass and the problem each failure reports. `check_fields` walks a mapping through a
table in the table's order, reports every problem where its value is written (file:line:col), warns about
keys the table does not know, and returns the values by name.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import Location, Problem
from generator.read.yamltext import YamlDocument


@dataclass(frozen=True)
class Message:
    """A problem to report, its text and hint written as `str.format` templates.

    The templates may use {name} (the key), {path} (the dotted key path, e.g. source.url), {value} (the value
    as checked), {raw} (as written), {why} (the reason a check gave), {key} and {item} (an entry of a mapping
    value), and {known} (the keys a table declares). Literal braces are doubled: {{en: …}}.
    """

    code: str
    text: str
    hint: str = ""
    severity: str = "error"

    def at(self, location: Location, **values: Any) -> Problem:
        """This message as a Problem at `location`, its templates filled with `values`."""
        return Problem(
            location,
            self.code,
            self.text.format(**values),
            self.hint.format(**values),
            severity=self.severity,
        )


@dataclass(frozen=True)
class Check:
    """A test a value passes unless `why` returns a reason, with the problem reported when it does not."""

    why: Callable[..., str | None]
    message: Message


@dataclass(frozen=True)
class Field:
    """One key of a mapping, declared once: how its value is read, checked and reported."""

    name: str
    type: type | tuple[type, ...] = object  # the value (after `convert`) must be an instance of this
    required: bool = False  # an absent key (or, for text, a blank value) reports `missing`
    default: Any = None  # the value of an absent key (and of a failed one); each file gets its own copy
    missing: Message | None = None
    wrong_type: Message | None = None  # when the value is not of `type`; `missing` when not given
    checks: tuple[Check, ...] = ()  # `why(value)` in order; the first that fails is reported
    entries: Check | None = None  # `why(key, item)` on each entry of a mapping value, reported at the entry
    fields: tuple[Field, ...] = ()  # a mapping value's own table: its values are returned by name
    unknown: Message | None = None  # reported for each key of that mapping its table does not declare
    convert: Callable[[Any], Any] | None = None  # the value as written -> the value checked and returned
    null_is_default: bool = False  # `key:` with nothing after it means the default, as if absent
    # For a value with a shape of its own: read(value, document, key path, problems) -> the value.
    read: Callable[[Any, YamlDocument, tuple, list[Problem]], Any] | None = None


def check_fields(
    mapping: Mapping,
    fields: tuple[Field, ...],
    document: YamlDocument,
    problems: list[Problem],
    *,
    at: tuple = (),
    unknown: Message | None = None,
    missing_at: Location | None = None,
) -> dict[str, Any]:
    """Check `mapping` (found at key path `at` in `document`) against `fields`; return the values by name.

    Problems are appended to `problems` field by field, in the table's order, then one `unknown` warning per
    key the table does not declare (sorted). `missing_at` is where an absent required key is reported; by
    default, where the mapping itself is written.
    """
    values = {
        field.name: _check_field(mapping, field, document, at, missing_at, problems) for field in fields
    }
    if unknown is not None:
        problems.extend(_unknown_keys(mapping, fields, document, unknown, at))
    return values


def _unknown_keys(
    mapping: Mapping, fields: tuple[Field, ...], document: YamlDocument, message: Message, at: tuple = ()
) -> list[Problem]:
    """One `message` per key of `mapping` that `fields` does not declare, sorted by key."""
    declared = {field.name for field in fields}
    known = ", ".join(sorted(declared))
    return [
        message.at(document.location(*at, key), key=key, known=known)
        for key in sorted(set(mapping) - declared, key=str)
    ]


def _check_field(
    mapping: Mapping,
    field: Field,
    document: YamlDocument,
    at: tuple,
    missing_at: Location | None,
    problems: list[Problem],
) -> Any:
    """Check one field, appending its problems; return its value (the default when absent or wrong)."""
    keys = (*at, field.name)
    names = {"name": field.name, "path": ".".join(str(k) for k in keys)}
    if field.name not in mapping or (field.null_is_default and mapping[field.name] is None):
        if field.required:
            problems.append(
                field.missing.at(missing_at or document.location(*keys), value=None, raw=None, **names)
            )
        return copy.copy(field.default)
    raw = mapping[field.name]
    if field.read is not None:
        return field.read(raw, document, keys, problems)
    value = field.convert(raw) if field.convert else raw
    if failure := _first_failure(field, value):
        message, why = failure
        problems.append(message.at(document.location(*keys), value=value, raw=raw, why=why, **names))
        return copy.copy(field.default)
    if field.fields:
        return check_fields(value, field.fields, document, problems, at=keys, unknown=field.unknown)
    if field.entries is not None:
        problems.extend(_entry_problems(value, field.entries, document, keys, names))
    return value


def _first_failure(field: Field, value: Any) -> tuple[Message, str | None] | None:
    """The message and reason of the first rule of `field` that `value` breaks, or None."""
    if not isinstance(value, field.type) or (field.required and field.type is str and not value.strip()):
        return field.wrong_type or field.missing, None
    for check in field.checks:
        if why := check.why(value):
            return check.message, why
    return None


def _entry_problems(
    value: Mapping, check: Check, document: YamlDocument, keys: tuple, names: dict[str, str]
) -> list[Problem]:
    return [
        check.message.at(document.location(*keys, key), key=key, item=item, why=why, **names)
        for key, item in value.items()
        if (why := check.why(key, item))
    ]


def text(value: Any) -> Any:
    """Text as written, without the spaces around it; anything else unchanged (for `Field.convert`)."""
    return value.strip() if isinstance(value, str) else value


def text_or_number(value: Any) -> Any:
    """Like `text`, and a number becomes its text: `title: 1984` is a title (for `Field.convert`)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return text(value)


def one_of(choices: tuple) -> Callable[[Any], str | None]:
    """A check that the value is one of `choices`."""

    def why(value: Any) -> str | None:
        return None if value in choices else f"{value!r} is not one of {', '.join(map(str, choices))}"

    return why
