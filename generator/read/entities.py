"""Reading the entity registry: one YAML file per entity in `entities/`."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import Any

from generator.discover import content_paths, is_entity_file
from generator.errors import Location, Problem, shown_path
from generator.model import ENTITY_KINDS, LANGUAGES, Entity
from generator.read.fields import Check, Field, Message, check_fields, one_of, text
from generator.read.locales import known_language
from generator.read.lookalike import skeleton
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlDocument, YamlProblem, load_yaml
from generator.validators import (
    figure_problem,
    identifier_problem,
    is_http_url,
    looks_like_script_url,
    shorten_figure,
    url_scheme,
    wikidata_problem,
)
from generator.vocabulary import REVIEW_VALUES

# Infobox fields whose value is another entity's id: the sheet links them, so they must name an entity.
REFERENCE_FIELDS = ("parent", "employer", "organizer", "owner")


def entity_id_of(path: Path) -> str:
    """The id a file defines: its name without the extension, in Unicode NFC.

    macOS may hand back decomposed names (e + combining accent); ids written in articles are composed.
    """
    return unicodedata.normalize("NFC", path.stem)


_ALIASES_HINT = "write e.g. aliases: {en: [NVIDIA], it: [NVIDIA]}"


def _read_aliases(
    raw: Any, document: YamlDocument, keys: tuple, problems: list[Problem]
) -> dict[str, list[str]]:
    """`aliases:` as a list (for every language) or a mapping of language to list: language -> names."""
    raw = raw or {}
    if isinstance(raw, list):
        raw = {"all": raw}
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                document.location(*keys),
                "bad-type",
                "'aliases' must be a list or a mapping of language to list",
                _ALIASES_HINT,
            )
        )
        return {}
    aliases: dict[str, list[str]] = {}
    for lang, names in raw.items():
        names = [names] if isinstance(names, str) else names
        if problem := _alias_problem(lang, names, document.location(*keys, lang)):
            problems.append(problem)
            continue
        aliases[lang] = [str(n).strip() for n in names if str(n).strip()]
    return aliases


def _alias_problem(lang: object, names: object, where: Location) -> Problem | None:
    if lang not in (*LANGUAGES, "all"):
        return Problem(where, "bad-value", f"unknown alias language '{lang}'", "use it, en or all")
    if not isinstance(names, list) or not all(isinstance(n, (str, int)) for n in names):
        return Problem(
            where, "bad-type", f"aliases for '{lang}' must be a list of names", "write [Name One, Name Two]"
        )
    return None


_DESCRIPTION_SHAPE = "'description' must be text or a mapping of language to text {{en: …, it: …}}"


def _read_description(
    raw: Any, document: YamlDocument, keys: tuple, problems: list[Problem]
) -> str | dict[str, str]:
    """`description:` as text, or one text per language (a page in another language shows the default
    language's, marked as such)."""
    if isinstance(raw, str):
        return raw.strip()
    if not isinstance(raw, dict):
        problems.append(Problem(document.location(*keys), "bad-type", _DESCRIPTION_SHAPE, "fix its value"))
        return ""
    found: dict[str, str] = {}
    for language, value in raw.items():
        where = document.location(*keys, language)
        if not (isinstance(language, str) and known_language(language)):
            hint = "key each description by a language code in lower case, e.g. it, en or fr"
            problems.append(Problem(where, "bad-value", f"unknown description language '{language}'", hint))
        elif not isinstance(value, str):
            hint = f"write '{language}: …' with the description as text"
            problems.append(Problem(where, "bad-type", _DESCRIPTION_SHAPE, hint))
        else:
            found[language] = value.strip()
    return found


_KIND_HINT = f"use one of: {', '.join(ENTITY_KINDS)}"
ENTITY_FIELDS = (
    Field("id"),  # optional; when given it must repeat the file name (checked in read_entity)
    Field(
        "name",
        str,
        required=True,
        convert=text,
        missing=Message("missing-field", "the entity needs a 'name' (text)", "add 'name: Display Name'"),
    ),
    Field(
        "kind",
        required=True,
        missing=Message("missing-field", "the entity needs a 'kind'", _KIND_HINT),
        checks=(
            Check(one_of(ENTITY_KINDS), Message("bad-kind", "unknown entity kind {value!r}", _KIND_HINT)),
        ),
    ),
    Field("aliases", default={}, null_is_default=True, read=_read_aliases),
    Field("description", default="", null_is_default=True, read=_read_description),
    # `review: draft`: proposed by `factsheets annotate --new-entities`, not confirmed (generator/drafts.py).
    Field(
        "review",
        default="",
        null_is_default=True,
        checks=(
            Check(
                one_of(REVIEW_VALUES),
                Message(
                    "bad-value",
                    "'review' must be draft, not {value!r}",
                    "write 'review: draft', or remove the line to confirm the entity",
                ),
            ),
        ),
    ),
)
_CORE_FIELDS = {field.name for field in ENTITY_FIELDS}


def read_entity(
    path: Path, shown: str, known_ids: Collection[str] | None = None
) -> tuple[Entity | None, list[Problem]]:
    """Read one entity file; return the entity (None if unusable) and the problems found.

    With `known_ids`, reference fields (parent, employer …) must name one of them.
    """
    try:
        text = read_text(path, shown)
    except TextProblem as error:
        return None, [error.problem]
    return _entity_of(path, shown, text, known_ids)


def _entity_of(
    path: Path, shown: str, text: str, known_ids: Collection[str] | None
) -> tuple[Entity | None, list[Problem]]:
    """`read_entity` of the file at `path` once read (`text`)."""
    try:
        document = load_yaml(text, shown)
    except YamlProblem as error:
        return None, [error.problem]
    data = document.data
    top = Location(shown, 1, 1)
    if not isinstance(data, dict):
        return None, [
            Problem(
                top, "bad-type", "an entity file must be a mapping", "write 'name: …' and 'kind: …' lines"
            )
        ]
    entity_id = entity_id_of(path)
    problems = _id_problems(entity_id, document, top)
    values = check_fields(data, ENTITY_FIELDS, document, problems, missing_at=top)
    infobox = {key: value for key, value in data.items() if key not in _CORE_FIELDS}
    for key, value in infobox.items():
        problems += _infobox_problems(key, value, document, known_ids)
    if any(p.severity == "error" for p in problems):
        return None, problems
    entity = Entity(
        id=entity_id,
        name=values["name"],
        kind=values["kind"],
        aliases=values["aliases"],
        description=values["description"],
        review=values["review"],
        infobox=infobox,
        location=top,
    )
    return entity, problems


def _id_problems(entity_id: str, document: YamlDocument, top: Location) -> list[Problem]:
    """The file name must be an id, and an `id:` line must repeat it."""
    problems = []
    if why := identifier_problem(entity_id):
        problems.append(
            Problem(
                top,
                "bad-id",
                f"'{entity_id}' cannot be an entity id: {why}",
                "rename the file, e.g. alibaba-cloud.yml",
            )
        )
    written = document.data.get("id", entity_id)
    if unicodedata.normalize("NFC", str(written)) != entity_id:
        problems.append(
            Problem(
                document.location("id"),
                "id-mismatch",
                f"id '{written}' differs from the file name '{entity_id}'",
                f"write 'id: {entity_id}' or rename the file to match",
            )
        )
    return problems


def _not_an_address(value: object) -> str | None:
    return None if isinstance(value, str) and is_http_url(value.strip()) else "not an http(s) address"


def _not_an_id(value: object) -> str | None:
    return None if isinstance(value, str) and not identifier_problem(value) else "not an id"


_REFERENCE = Check(
    _not_an_id,
    Message(
        "bad-reference",
        "'{name}' must be the id of an entity, not {value!r}",
        "write the id of an entity file, e.g. '{name}: alibaba' (no paths)",
    ),
)
# Infobox fields with a value of a known form; any other field holds free text.
_INFOBOX_CHECKS = {
    "website": Check(
        _not_an_address,
        Message(
            "bad-url",
            "'{name}' must be an http(s) address, not {value!r}",
            "write e.g. '{name}: https://www.example.com'",
        ),
    ),
    "wikidata": Check(
        wikidata_problem, Message("bad-value", "{why}", "write the item id alone, e.g. 'wikidata: Q182477'")
    ),
    **dict.fromkeys(REFERENCE_FIELDS, _REFERENCE),
}


def _infobox_problems(
    key: object, value: object, document: YamlDocument, known_ids: Collection[str] | None
) -> list[Problem]:
    """Infobox values reach pages as text, links and JSON: no script URLs, no paths, well-formed links."""
    where = document.location(key)
    if not isinstance(key, str) or identifier_problem(key):
        return [
            Problem(
                where,
                "bad-field",
                f"{key!r} cannot be a field name",
                "name fields with letters, digits, '-' and '_', e.g. headquarters",
            )
        ]
    problems = [
        Problem(
            document.location(*keys),
            "bad-url",
            f"the value of '{key}' is a {url_scheme(text)}: URL, which "
            "could run script in a reader's browser",
            "give an https:// address, or plain text",
        )
        for keys, text in _strings(value, (key,))
        if looks_like_script_url(text.strip())
    ]
    if shape_problem := _infobox_shape_problem(key, value, document):
        return [*problems, shape_problem]
    check = _INFOBOX_CHECKS.get(key)
    if check is not None and (why := check.why(value)):
        problems.append(check.message.at(where, name=key, value=value, why=why))
    elif key in REFERENCE_FIELDS and known_ids is not None and value not in known_ids:
        problems.append(
            Problem(
                where,
                "unknown-entity",
                f"'{key}: {value}' names no entity",
                f"create entities/{value}.yml, or use the id of an existing entity",
            )
        )
    return problems


_INFOBOX_SHAPE_HINT = (
    "write text, a number, a date, a list of those ([a, b]) or a text per language ({en: …, it: …}); "
    "name another entity by its id"
)


def _infobox_shape_problem(key: str, value: object, document: YamlDocument) -> Problem | None:
    """A `bad-type` for a value a sheet cannot show as text (null, true/false, a nested mapping or list), a
    `bad-value` for a number it cannot show (.nan, .inf, too large); None for text, numbers, lists of those
    and a text per language."""
    if isinstance(value, list):
        items = list(enumerate(value))
    elif isinstance(value, dict) and all(isinstance(k, str) and known_language(k) for k in value):
        items = list(value.items())
    else:
        items = [((), value)]
    for at, item in items:
        keys = (key, at) if at != () else (key,)
        if _is_number(item) and (why := figure_problem(item)):
            return Problem(
                document.location(*keys),
                "bad-value",
                f"'{key}': {shorten_figure(str(item))} {why}",
                "write a number between -10^18 and 10^18, or quote the value to show it as text",
            )
        if not _is_infobox_scalar(item):
            return Problem(
                document.location(*keys),
                "bad-type",
                f"'{key}' holds {_shape_name(item)}, which a sheet cannot show",
                _INFOBOX_SHAPE_HINT,
            )
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_infobox_scalar(value: object) -> bool:
    """Text or a number (a YAML date is read as text); not true/false, which YAML also reads from yes/no."""
    return isinstance(value, str) or _is_number(value)


def _shape_name(value: object) -> str:
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value: quote it if it is text)"
    if isinstance(value, dict):
        return "a mapping (not a text per language: en, it)"
    return "a list inside a list" if isinstance(value, list) else f"a {type(value).__name__}"


def _strings(value: object, keys: tuple) -> list[tuple[tuple, str]]:
    """Every string inside a YAML value, with its key path."""
    if isinstance(value, str):
        return [(keys, value)]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _strings(v, (*keys, k))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in _strings(v, (*keys, i))]
    return []


# The entity files the last `load_entities` of this process read, by shown path and text, with the ids they
# could name: a preview server reads the registry again on every save, and parsing 400 YAML files was most
# of that. An entity and its problems are values made from those alone, so a file as it was is not parsed
# again.
_last_read: tuple[frozenset[str], dict[tuple[str, str], tuple[Entity | None, list[Problem]]]] = (
    frozenset(),
    {},
)


def load_entities(folder: Path, shown_root: Path | None = None) -> tuple[list[Entity], list[Problem]]:
    """Read every `*.yml` in `folder`, sorted by id; return the entities and all problems found."""
    entities: list[Entity] = []
    root = shown_root or folder.parent
    # The same files discover lists, with a problem for each link out of the content folder or to nothing.
    paths, problems = content_paths(folder, is_entity_file, folder.resolve().parent, root)
    known_ids = frozenset(entity_id_of(p) for p in paths)
    global _last_read
    if _last_read[0] != known_ids:  # what a file may name changed: every file is checked again
        _last_read = (known_ids, {})
    read: dict[tuple[str, str], tuple[Entity | None, list[Problem]]] = {}
    for path in paths:
        shown = display_path(path, root)
        try:
            text = read_text(path, shown)
        except TextProblem as error:
            problems.append(error.problem)
            continue
        found = _last_read[1].get((shown, text)) or _entity_of(path, shown, text, known_ids)
        read[(shown, text)] = found
        entity, found_problems = found
        problems.extend(found_problems)
        if entity:
            entities.append(entity)
    _last_read = (known_ids, read)
    # Ids that differ only in case would share a folder on macOS and Windows, so they count as the same.
    seen: dict[str, Entity] = {}
    for entity in entities:
        key = entity.id.casefold()
        if key in seen:
            problems.append(
                Problem(
                    entity.location,
                    "duplicate-id",
                    f"the entity id '{entity.id}' is defined twice",
                    f"also in {shown_path(seen[key].location.path)}: keep one file",
                )
            )
            continue
        seen[key] = entity
    entities = sorted(seen.values(), key=lambda e: e.id)
    return entities, problems + lookalike_problems(entities)


def lookalike_problems(entities: list[Entity]) -> list[Problem]:
    """A warning for each id that looks like an earlier one (`аcme`, Cyrillic а, beside `acme`).

    A reader cannot tell which sheet a link leads to, yet two such ids can be meant (a company and its
    namesake in another script): a warning, which `build --strict` turns into an error.
    """
    problems: list[Problem] = []
    if all(entity.id.isascii() for entity in entities):
        return problems  # plain ASCII ids are told apart in any editor ('inte1' is typed on purpose)
    first: dict[str, Entity] = {}
    for entity in entities:
        other = first.setdefault(skeleton(entity.id), entity)
        if other is entity or (entity.id.isascii() and other.id.isascii()):
            continue
        problems.append(
            Problem(
                entity.location,
                "lookalike-id",
                f"the entity id '{entity.id}' looks like '{other.id}' ({other.location.path}): "
                f"{_unusual_characters(entity.id, other.id)}",
                "rename the file to an id that cannot be mistaken for another, in the script of its name",
                severity="warning",
            )
        )
    return problems


def _unusual_characters(text: str, other: str) -> str:
    """The characters where `text` differs from `other`, named: "'а' is U+0430 CYRILLIC SMALL LETTER A"."""
    pairs = [(a, b) for a, b in zip(text, other, strict=False) if a != b] or [(text[0], other[0])]
    return "; ".join(
        f"'{a}' is U+{ord(a):04X} {unicodedata.name(a, 'UNNAMED')}, not '{b}'" for a, b in pairs[:3]
    )
