"""Machine-readable exports: `data/entities.json` and `data/facts.json` (a contract: see the README)."""

from __future__ import annotations

import json
from dataclasses import asdict

from generator.model import SiteFact, SiteModel
from generator.render.urls import article_path, entity_path


def to_json(data: object) -> bytes:
    """Stable JSON: fixed key order from the code, UTF-8, two-space indent, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def fact_record(fact: SiteFact, model: SiteModel) -> dict:
    subject = model.entities[fact.subject]
    quantity = asdict(fact.quantity) if fact.quantity else None
    if quantity:
        quantity.pop("start")
        quantity.pop("end")
    return {
        "id": fact.id,
        "kind": fact.kind,
        "subject": fact.subject,
        "object": fact.object,
        "quantity": quantity,
        "date": {"value": fact.date.value, "end_value": fact.date.end_value, "reported": fact.date.reported},
        "status": fact.status or None,
        "statement": fact.statement,
        "url": f"{entity_path(subject)}#fact-{fact.id}",
        "sources": [
            {
                "article": report.article,
                "title": model.articles[report.article].title,
                "publisher": model.articles[report.article].source.publisher,
                "url": model.articles[report.article].source.url,
                "published": model.articles[report.article].source.published,
                "language": model.articles[report.article].language,
                "sentence": report.sentence,
                "statement": report.statement,
                "page": f"{article_path(report.article)}#{report.anchor}",
            }
            for report in fact.sources
        ],
        "source_count": len({report.article for report in fact.sources}),
        "conflicts": [
            {"field": c.field, "facts": c.fact_ids, "values": c.values} for c in fact.conflicts
        ],
    }


def data_files(model: SiteModel) -> list[tuple[str, bytes]]:
    entities = [
        {
            "id": entity.id,
            "name": entity.name,
            "kind": entity.kind,
            "url": entity_path(entity),
            "aliases": entity.aliases,
            "description": entity.description,
            "infobox": dict(sorted(entity.infobox.items())),
            "facts": len(model.sheets[entity.id].facts),
        }
        for entity in sorted(model.entities.values(), key=lambda e: e.id)
    ]
    facts = [fact_record(model.facts[fact_id], model) for fact_id in model.timeline]
    return [("data/entities.json", to_json(entities)), ("data/facts.json", to_json(facts))]
