"""Reading the entity registry: one YAML file per entity in `entities/`."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Location, Problem
from generator.model import ENTITY_KINDS, LANGUAGES, Entity
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlDocument, YamlProblem, load_yaml
from generator.vocabulary import identifier_problem

_CORE_FIELDS = {"id", "name", "kind", "aliases", "description"}


def read_entity(path: Path, shown: str) -> tuple[Entity | None, list[Problem]]:
    """Read one entity file; return the entity (None if unusable) and the problems found."""
    try:
        document = load_yaml(read_text(path, shown), shown)
    except (TextProblem, YamlProblem) as error:
        return None, [error.problem]
    data = document.data
    if not isinstance(data, dict):
        return None, [Problem(Location(shown, 1, 1), "bad-type", "an entity file must be a mapping",
                              "write 'name: …' and 'kind: …' lines")]
    problems: list[Problem] = []
    entity_id = path.stem
    why = identifier_problem(entity_id)
    if why:
        problems.append(Problem(Location(shown, 1, 1), "bad-id", f"'{entity_id}' cannot be an entity id: {why}",
                                "rename the file, e.g. alibaba-cloud.yml"))
    if "id" in data and data["id"] != entity_id:
        problems.append(Problem(document.location("id"), "id-mismatch",
                                f"id '{data['id']}' differs from the file name '{entity_id}'",
                                f"write 'id: {entity_id}' or rename the file to match"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(document.location("name") if "name" in data else Location(shown, 1, 1),
                                "missing-field", "the entity needs a 'name' (text)", "add 'name: Display Name'"))
    kind = data.get("kind")
    if kind not in ENTITY_KINDS:
        problems.append(Problem(document.location("kind") if "kind" in data else Location(shown, 1, 1),
                                "bad-kind" if "kind" in data else "missing-field",
                                f"unknown entity kind {kind!r}" if "kind" in data else "the entity needs a 'kind'",
                                f"use one of: {', '.join(ENTITY_KINDS)}"))
    aliases = _read_aliases(document, problems)
    description = data.get("description", "")
    if not isinstance(description, (str, dict)):
        problems.append(Problem(document.location("description"), "bad-type",
                                "'description' must be text or a mapping {en: …, it: …}", "fix its value"))
        description = ""
    if any(p.severity == "error" for p in problems):
        return None, problems
    infobox = {key: value for key, value in data.items() if key not in _CORE_FIELDS}
    return Entity(entity_id, name.strip(), kind, aliases, description, infobox, Location(shown, 1, 1)), problems


def _read_aliases(document: YamlDocument, problems: list[Problem]) -> dict[str, list[str]]:
    raw = document.data.get("aliases") or {}
    if isinstance(raw, list):
        raw = {"all": raw}
    if not isinstance(raw, dict):
        problems.append(Problem(document.location("aliases"), "bad-type",
                                "'aliases' must be a list or a mapping of language to list",
                                "write e.g. aliases: {en: [NVIDIA], it: [NVIDIA]}"))
        return {}
    aliases: dict[str, list[str]] = {}
    for lang, names in raw.items():
        if lang not in (*LANGUAGES, "all"):
            problems.append(Problem(document.location("aliases", lang), "bad-value",
                                    f"unknown alias language '{lang}'", "use it, en or all"))
            continue
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, (str, int)) for n in names):
            problems.append(Problem(document.location("aliases", lang), "bad-type",
                                    f"aliases for '{lang}' must be a list of names", "write [Name One, Name Two]"))
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
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix not in (".yml", ".yaml"):
            continue
        entity, found = read_entity(path, display_path(path, root))
        problems.extend(found)
        if entity:
            entities.append(entity)
    seen: dict[str, Entity] = {}
    for entity in entities:
        if entity.id in seen:
            problems.append(Problem(entity.location, "duplicate-id", f"the entity id '{entity.id}' is defined twice",
                                    f"also in {seen[entity.id].location.path}: keep one file"))
        seen[entity.id] = entity
    return sorted(seen.values(), key=lambda e: e.id), problems
