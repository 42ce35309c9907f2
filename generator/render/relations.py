"""A sheet's relations as phrases a reader takes in at once: "Invested in Intel", "Partner of Nvidia (2)".

The relations of a sheet (one per fact kind, subject and object, with its facts) are grouped by what they say
about the sheet's entity: the phrase of the fact kind for the side the entity is on (messages
`relation_phrases`, from the language's catalog), followed by every other entity so related, each with its
number of facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.catalogs import translator
from generator.model import Entity, Relation, SiteCatalog
from generator.render import messages
from generator.render.formatting import fact_kind_label


@dataclass(frozen=True, slots=True)
class RelatedEntity:
    id: str
    count: int  # facts that relate it to the sheet's entity in this way
    newest: str  # the id of the newest of those facts


@dataclass(frozen=True, slots=True)
class RelationGroup:
    phrase: str  # "Invested in", in the site's language
    kind: str
    role: str  # the sheet entity's side: "subject", "object" or "person"
    entities: tuple[RelatedEntity, ...]  # most facts first, then by name

    @property
    def count(self) -> int:
        return sum(e.count for e in self.entities)


def relation_phrase(
    kind: str,
    role: str,
    language: str,
    extra: dict[str, dict[str, str]] | None = None,
    catalogs: Iterable[SiteCatalog] = (),
) -> str:
    """The phrase for a fact kind seen from one side; a site's own kind gets the default with its label."""
    tr = translator(language, catalogs)
    phrases = messages.relation_phrases(tr).get(kind)
    if phrases is None:
        default = messages.relation_default(tr)
        return default["object" if role == "object" else "subject"].format(
            kind=fact_kind_label(kind, language, extra, catalogs)
        )
    return phrases.get(role) or phrases["object" if role == "object" else "subject"]


def group_relations(
    entity: Entity,
    relations: list[Relation],
    entities: dict[str, Entity],
    language: str,
    extra: dict[str, dict[str, str]] | None = None,
    order: dict[str, int] | None = None,
    catalogs: Iterable[SiteCatalog] = (),
) -> list[RelationGroup]:
    """The relations of `entity`'s sheet as phrases with the entities they name, largest group first.

    Sides with the same phrase ("Partner of", either way round) are one group. `order` gives each fact's
    place in the timeline, to find the newest fact of each related entity (by default, the relation's
    own order).
    """
    found: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    roles: dict[tuple[str, str], str] = {}
    phrases = messages.relation_phrases(translator(language, catalogs))
    for relation in relations:
        if entity.id not in (relation.subject, relation.object) or relation.subject == relation.object:
            continue  # not this entity's; or a fact of an entity about itself, which relates it to nothing
        side = "subject" if relation.subject == entity.id else "object"
        other = relation.object if side == "subject" else relation.subject
        role = "person" if entity.kind == "person" and "person" in phrases.get(relation.kind, {}) else side
        key = (relation.kind, relation_phrase(relation.kind, role, language, extra, catalogs))
        roles.setdefault(key, role)
        found[key][other].extend(relation.fact_ids)
    place = order or {}
    groups = []
    for (kind, phrase), others in found.items():
        related = sorted(
            (
                RelatedEntity(i, len(ids), max(ids, key=lambda f: place.get(f, 0)) if place else ids[-1])
                for i, ids in others.items()
            ),
            key=lambda r: (-r.count, entities[r.id].name.casefold(), r.id),
        )
        groups.append(RelationGroup(phrase, kind, roles[(kind, phrase)], tuple(related)))
    return sorted(groups, key=lambda g: (-g.count, g.phrase.casefold(), g.kind))
