"""Reading the entity registry: one YAML file per entity in `entities/`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import Any

from generator.errors import Location, Problem
from generator.model import ENTITY_KINDS, LANGUAGES, Entity
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlDocument, YamlProblem, load_yaml
from generator.render.sanitize import looks_like_script_url, url_scheme
from generator.vocabulary import identifier_problem

_CORE_FIELDS = {"id", "name", "kind", "aliases", "description"}
# Infobox fields whose value is another entity's id: the sheet links them, so they must name an entity.
REFERENCE_FIELDS = ("parent", "employer", "organizer", "owner")
_URL_FIELDS = ("website",)
_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")


def entity_id_of(path: Path) -> str:
    """The id a file defines: its name without the extension, in Unicode NFC.

    macOS may hand back decomposed names (e + combining accent); ids written in articles are composed.
    """
    return unicodedata.normalize("NFC", path.stem)


def read_entity(
    path: Path, shown: str, known_ids: Collection[str] | None = None
) -> tuple[Entity | None, list[Problem]]:
    """Read one entity file; return the entity (None if unusable) and the problems found.

    With `known_ids`, reference fields (parent, employer …) must name one of them.
    """
    try:
        document = load_yaml(read_text(path, shown), shown)
    except (TextProblem, YamlProblem) as error:
        return None, [error.problem]
    data = document.data
    if not isinstance(data, dict):
        return None, [
            Problem(
                Location(shown, 1, 1),
                "bad-type",
                "an entity file must be a mapping",
                "write 'name: …' and 'kind: …' lines",
            )
        ]
    problems: list[Problem] = []
    entity_id = entity_id_of(path)
    why = identifier_problem(entity_id)
    if why:
        problems.append(
            Problem(
                Location(shown, 1, 1),
                "bad-id",
                f"'{entity_id}' cannot be an entity id: {why}",
                "rename the file, e.g. alibaba-cloud.yml",
            )
        )
    if "id" in data and unicodedata.normalize("NFC", str(data["id"])) != entity_id:
        problems.append(
            Problem(
                document.location("id"),
                "id-mismatch",
                f"id '{data['id']}' differs from the file name '{entity_id}'",
                f"write 'id: {entity_id}' or rename the file to match",
            )
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(
            Problem(
                document.location("name") if "name" in data else Location(shown, 1, 1),
                "missing-field",
                "the entity needs a 'name' (text)",
                "add 'name: Display Name'",
            )
        )
    kind = data.get("kind")
    if kind not in ENTITY_KINDS:
        problems.append(
            Problem(
                document.location("kind") if "kind" in data else Location(shown, 1, 1),
                "bad-kind" if "kind" in data else "missing-field",
                f"unknown entity kind {kind!r}" if "kind" in data else "the entity needs a 'kind'",
                f"use one of: {', '.join(ENTITY_KINDS)}",
            )
        )
    aliases = _read_aliases(document, problems)
    description = data.get("description", "")
    if not isinstance(description, (str, dict)):
        problems.append(
            Problem(
                document.location("description"),
                "bad-type",
                "'description' must be text or a mapping {en: …, it: …}",
                "fix its value",
            )
        )
        description = ""
    infobox = {key: value for key, value in data.items() if key not in _CORE_FIELDS}
    _check_infobox(infobox, document, problems, known_ids)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Entity(
        entity_id, name.strip(), kind, aliases, description, infobox, Location(shown, 1, 1)
    ), problems


def _check_infobox(
    infobox: dict[str, Any],
    document: YamlDocument,
    problems: list[Problem],
    known_ids: Collection[str] | None,
) -> None:
    """Infobox values reach pages as text, links and JSON: no script URLs, no paths, well-formed links."""
    for key, value in infobox.items():
        where = document.location(key)
        if not isinstance(key, str) or identifier_problem(key):
            problems.append(
                Problem(
                    where,
                    "bad-field",
                    f"{key!r} cannot be a field name",
                    "name fields with letters, digits, '-' and '_', e.g. headquarters",
                )
            )
            continue
        for keys, text in _strings(value, (key,)):
            if looks_like_script_url(text.strip()):
                problems.append(
                    Problem(
                        document.location(*keys),
                        "bad-url",
                        f"the value of '{key}' is a {url_scheme(text)}: URL, which "
                        "could run script in a reader's browser",
                        "give an https:// address, or plain text",
                    )
                )
        if key in _URL_FIELDS and not (isinstance(value, str) and _HTTP_URL.match(value.strip())):
            problems.append(
                Problem(
                    where,
                    "bad-url",
                    f"'{key}' must be an http(s) address, not {value!r}",
                    f"write e.g. '{key}: https://www.example.com'",
                )
            )
        elif key == "wikidata" and not (isinstance(value, str) and _WIKIDATA.match(value)):
            problems.append(
                Problem(
                    where,
                    "bad-value",
                    f"{value!r} is not a Wikidata item id",
                    "write the item id alone, e.g. 'wikidata: Q182477'",
                )
            )
        elif key in REFERENCE_FIELDS and (not isinstance(value, str) or identifier_problem(value)):
            problems.append(
                Problem(
                    where,
                    "bad-reference",
                    f"'{key}' must be the id of an entity, not {value!r}",
                    f"write the id of an entity file, e.g. '{key}: alibaba' (no paths)",
                )
            )
        elif key in REFERENCE_FIELDS and known_ids is not None and value not in known_ids:
            problems.append(
                Problem(
                    where,
                    "unknown-entity",
                    f"'{key}: {value}' names no entity",
                    f"create entities/{value}.yml, or use the id of an existing entity",
                )
            )


def _strings(value: object, keys: tuple) -> list[tuple[tuple, str]]:
    """Every string inside a YAML value, with its key path."""
    if isinstance(value, str):
        return [(keys, value)]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _strings(v, (*keys, k))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in _strings(v, (*keys, i))]
    return []


def _read_aliases(document: YamlDocument, problems: list[Problem]) -> dict[str, list[str]]:
    raw = document.data.get("aliases") or {}
    if isinstance(raw, list):
        raw = {"all": raw}
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                document.location("aliases"),
                "bad-type",
                "'aliases' must be a list or a mapping of language to list",
                "write e.g. aliases: {en: [NVIDIA], it: [NVIDIA]}",
            )
        )
        return {}
    aliases: dict[str, list[str]] = {}
    for lang, names in raw.items():
        if lang not in (*LANGUAGES, "all"):
            problems.append(
                Problem(
                    document.location("aliases", lang),
                    "bad-value",
                    f"unknown alias language '{lang}'",
                    "use it, en or all",
                )
            )
            continue
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, (str, int)) for n in names):
            problems.append(
                Problem(
                    document.location("aliases", lang),
                    "bad-type",
                    f"aliases for '{lang}' must be a list of names",
                    "write [Name One, Name Two]",
                )
            )
            continue
        aliases[lang] = [str(n).strip() for n in names if str(n).strip()]
    return aliases


def load_entities(folder: Path, shown_root: Path | None = None) -> tuple[list[Entity], list[Problem]]:
    """Read every `*.yml` in `folder`, sorted by id; return the entities and all problems found."""
    entities: list[Entity] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return entities, problems
    root = shown_root or folder.parent
    paths = [p for p in sorted(folder.glob("*.y*ml")) if p.suffix in (".yml", ".yaml") and p.is_file()]
    known_ids = {entity_id_of(p) for p in paths}
    for path in paths:
        entity, found = read_entity(path, display_path(path, root), known_ids)
        problems.extend(found)
        if entity:
            entities.append(entity)
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
                    f"also in {seen[key].location.path}: keep one file",
                )
            )
            continue
        seen[key] = entity
    return sorted(seen.values(), key=lambda e: e.id), problems
