"""Drafts: annotations marked `review=draft` (written by `factsheets annotate`) wait for a person's check.

A default build leaves them out of the site; `--drafts` keeps them, marked as unconfirmed. The filter runs on
the analysed articles after the article cache, so one cache entry serves both kinds of build; `check` lists
every draft, so `--strict` refuses to publish one.

Entity files marked `review: draft` (written by `factsheets annotate --new-entities`) are drafts too: a
default build has no sheet for them, does not link their names, and leaves out the facts about them.
"""

from __future__ import annotations

from dataclasses import replace

from generator.errors import Problem
from generator.model import AnalysedArticle, Annotation, Article, Entity, Mention

DRAFT = "draft"  # the value of the `review` attribute that marks a draft


def is_draft(annotation: Annotation) -> bool:
    return annotation.attrs.get("review") == DRAFT


def is_draft_entity(entity: Entity) -> bool:
    return entity.review == DRAFT


def confirmed_entities(entities: list[Entity]) -> list[Entity]:
    """The registry without the entities marked `review: draft`."""
    return [e for e in entities if not is_draft_entity(e)]


def confirmed_only(
    articles: list[Article], analysed: list[AnalysedArticle], entities: list[Entity] = ()
) -> list[AnalysedArticle]:
    """The analysed articles without their draft facts and draft mentions, nor the mentions of and facts
    about draft entities (new objects: cached ones are shared and must stay whole)."""
    by_slug = {a.slug: a for a in articles}
    draft_ids = {e.id for e in entities if is_draft_entity(e)}
    kept = []
    for result in analysed:
        drafts = [a for a in by_slug[result.slug].annotations if is_draft(a)]
        if not drafts and not _names_any(result, draft_ids):
            kept.append(result)
            continue
        kept.append(
            replace(
                result,
                facts=[
                    f
                    for f in result.facts
                    if not f.draft and f.subject not in draft_ids and f.object not in draft_ids
                ],
                mentions=[m for m in confirmed_mentions(result.mentions, drafts) if m.id not in draft_ids],
            )
        )
    return kept


def confirmed_mentions(mentions: list[Mention], annotations: list[Annotation]) -> list[Mention]:
    """The mentions that are not one of `annotations`' draft mentions."""
    # An explicit mention is known by its words' place in the plain text and the entity it names.
    drafts = draft_mention_places(annotations)
    return [m for m in mentions if (m.start, m.end, m.id) not in drafts] if drafts else mentions


def draft_mention_places(annotations: list[Annotation]) -> set[tuple[int, int, str | None]]:
    """Where each draft mention of `annotations` is in the plain text, with the entity it names."""
    return {
        (a.plain_start, a.plain_end, a.entity) for a in annotations if a.kind == "mention" and is_draft(a)
    }


def _names_any(result: AnalysedArticle, ids: set[str]) -> bool:
    return bool(ids) and (
        any(m.id in ids for m in result.mentions) or any({f.subject, f.object} & ids for f in result.facts)
    )


def draft_warnings(articles: list[Article]) -> list[Problem]:
    """One warning per draft annotation, where it is written."""
    return [
        Problem(
            annotation.location,
            "draft",
            f"the {_what(annotation)} is a draft (review=draft): it is left out of the site unless built "
            "with --drafts",
            "check it, then confirm it by removing review=draft, or delete the annotation",
            severity="warning",
        )
        for article in articles
        for annotation in article.annotations
        if is_draft(annotation)
    ]


def draft_entity_warnings(entities: list[Entity]) -> list[Problem]:
    """One warning per entity file marked `review: draft`."""
    return [
        Problem(
            entity.location,
            "draft",
            f"the entity '{entity.id}' is a draft (review: draft): it has no sheet, its name is not linked "
            "and the facts about it are left out of the site unless built with --drafts",
            "check its name and kind, then confirm it by removing 'review: draft', or delete the file",
            severity="warning",
        )
        for entity in entities
        if is_draft_entity(entity)
    ]


def _what(annotation: Annotation) -> str:
    if annotation.kind == "mention":
        return f"mention of '{annotation.entity}'"
    return f"{annotation.attrs.get('fact', '')} fact"
