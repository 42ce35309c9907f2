"""Drafts: annotations marked `review=draft` (written by `factsheets annotate`) wait for a person's check.

A default build leaves them out of the site; `--drafts` keeps them, marked as unconfirmed. The filter runs on
the analysed articles after the article cache, so one cache entry serves both kinds of build; `check` lists
every draft, so `--strict` refuses to publish one.
"""

from __future__ import annotations

from dataclasses import replace

from generator.errors import Problem
from generator.model import AnalysedArticle, Annotation, Article

DRAFT = "draft"  # the value of the `review` attribute that marks a draft


def is_draft(annotation: Annotation) -> bool:
    return annotation.attrs.get("review") == DRAFT


def confirmed_only(articles: list[Article], analysed: list[AnalysedArticle]) -> list[AnalysedArticle]:
    """The analysed articles without their draft facts and draft mentions (new objects: cached ones are
    shared and must stay whole)."""
    by_slug = {a.slug: a for a in articles}
    kept = []
    for result in analysed:
        drafts = [a for a in by_slug[result.slug].annotations if is_draft(a)]
        if not drafts:
            kept.append(result)
            continue
        # An explicit mention is known by its words' place in the plain text and the entity it names.
        draft_mentions = {(a.plain_start, a.plain_end, a.entity) for a in drafts if a.kind == "mention"}
        kept.append(
            replace(
                result,
                facts=[f for f in result.facts if not f.draft],
                mentions=[m for m in result.mentions if (m.start, m.end, m.id) not in draft_mentions],
            )
        )
    return kept


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


def _what(annotation: Annotation) -> str:
    if annotation.kind == "mention":
        return f"mention of '{annotation.entity}'"
    return f"{annotation.attrs.get('fact', '')} fact"
