"""Machine-readable exports (a contract: see the README and the JSON Schemas in `generator/schemas/`).

`data/entities.json`, `data/facts.json`, `data/facts.csv`, `data/entities/<id>.json`, and the schemas
themselves under `data/schema/`, so a download can be checked against the description it came with.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from importlib.resources import files
from pathlib import Path

from generator.aggregate import figure_history
from generator.analyse.facts import number_text
from generator.model import Article, Entity, Fact, SiteFact, SiteModel
from generator.provenance import fact_reports
from generator.render.factrows import RowPlan, RowWriter
from generator.render.urls import absolute_url, article_page, sheet_page
from generator.validators import number_problem

SCHEMAS = ("entities.schema.json", "entity.schema.json", "facts.schema.json", "facts-csv.schema.json")
# Which schema describes which export (the Data page links each file to its schema).
EXPORTS = {
    "data/entities.json": "entities.schema.json",
    "data/facts.json": "facts.schema.json",
    "data/facts.csv": "facts-csv.schema.json",
    "data/entities/{id}.json": "entity.schema.json",
    # The SQLite database is described by its Datasette metadata (a path of its own, not under data/schema/).
    "data/factsheets.db": "data/factsheets.metadata.json",
}
MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".db": "application/vnd.sqlite3"}
CSV_COLUMNS = (
    "id",
    "kind",
    "subject",
    "object",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "status",
    "date",
    "date_end",
    "date_reported",
    "first_reported",
    "statement",
    "measure",
    "url",
    "source_count",
    "sources",
    "conflict_fields",
    "conflicting_facts",
)


def to_json(data: object) -> bytes:
    """Stable JSON: key order from the code, UTF-8, final newline; each item of a top-level list or object on
    a line of its own, so a file reads and diffs line by line and is written by the fast C encoder (an
    indented dump runs the pure-Python one, ten times slower on a large archive)."""
    return json_lines(data).encode("utf-8")


def json_lines(data: object) -> str:
    dumps = _compact
    if isinstance(data, list):
        items = [dumps(item) for item in data]
    elif isinstance(data, dict):
        items = [f"{dumps(key)}: {dumps(value)}" for key, value in data.items()]
    else:
        return dumps(data) + "\n"
    if not items:
        return ("[]" if isinstance(data, list) else "{}") + "\n"
    open_mark, close_mark = ("[", "]") if isinstance(data, list) else ("{", "}")
    return open_mark + "\n" + ",\n".join(items) + "\n" + close_mark + "\n"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)


def schema_text(name: str) -> bytes:
    """A JSON Schema shipped in the package, as bytes."""
    return (files("generator") / "schemas" / name).read_bytes()


def fact_record(fact: SiteFact, model: SiteModel, base_url: str | None = None) -> dict:
    """One fact as data; `source_count` counts the distinct reports behind it, not the articles."""
    subject = model.entities[fact.subject]
    reports = fact_reports(fact, model.articles)
    q = fact.quantity  # its fields but its offsets, which are the article's business
    quantity = (
        {
            "text": q.text,
            "kind": q.kind,
            "value": q.value,
            "unit": q.unit,
            "qualifier": q.qualifier,
            "low": q.low,
            "high": q.high,
        }
        if q
        else None
    )
    return {
        "id": fact.id,
        "kind": fact.kind,
        "subject": fact.subject,
        "object": fact.object,
        "quantity": quantity,
        "date": {"value": fact.date.value, "end_value": fact.date.end_value, "reported": fact.date.reported},
        "status": fact.status or None,
        "statement": fact.statement,
        "measure": fact.figure_label or None,
        "url": f"{sheet_page(model.config, subject)}#fact-{fact.id}",
        "first_reported": min(r.published for r in reports),
        "sources": [source_record(report, model, base_url) for report in fact.sources],
        "source_count": len(reports),
        "conflicts": [{"field": c.field, "facts": c.fact_ids, "values": c.values} for c in fact.conflicts],
        **_draft_field(fact.draft),
    }


def _draft_field(draft: bool) -> dict:
    """`draft: true` on what only a draft annotation states; absent otherwise (drafts are in the data only
    when the site is built with --drafts)."""
    return {"draft": True} if draft else {}


def source_record(report: Fact, model: SiteModel, base_url: str | None = None) -> dict:
    """One article's statement of a fact. `words` says whose the sentence is: "original" (the publisher's
    own text, at `url`) or "summary" (this site's, at its page here; the facts come from `based_on`)."""
    article = model.articles[report.article]
    return {
        "article": report.article,
        "title": article.title,
        **article_words(article, model, base_url),
        "language": article.language,
        "sentence": report.sentence,
        "statement": report.statement,
        "page": f"{article_page(model.config, report.article, article.language)}#{report.anchor}",
        **_draft_field(report.draft),
    }


def article_words(article: Article, model: SiteModel, base_url: str | None = None) -> dict:
    """Whose words an article is, where they are published, and the reports a summary is based on."""
    summary = article.is_summary
    page = absolute_url(
        base_url or model.config.base_url, article_page(model.config, article.slug, article.language)
    )
    return {
        "words": "summary" if summary else "original",
        "publisher": article.source.publisher,
        "author": article.source.author or None,
        "url": page if summary else article.source.url,
        "published": article.source.published,
        "based_on": [
            {
                "publisher": r.publisher,
                "title": r.title or None,
                "url": r.url or None,
                "published": r.published,
            }
            for r in article.based_on
        ],
    }


def entity_summary(entity: Entity, model: SiteModel) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "url": sheet_page(model.config, entity),
        "aliases": entity.aliases,
        "description": entity.description,
        "infobox": dict(sorted(entity.infobox.items())),
        "facts": len(model.sheets[entity.id].facts),
    }


def entity_record(entity_id: str, model: SiteModel, base_url: str | None = None) -> dict:
    """Everything one sheet shows, as data: the entity, its facts, key figures with history, relations."""
    sheet = model.sheets[entity_id]
    history = figure_history(sheet, model.facts)
    record = entity_summary(sheet.entity, model)
    record["facts"] = [fact_record(model.facts[i], model, base_url) for i in sheet.facts]
    record.update(
        {
            "as_of": model.as_of,
            "key_figures": [{"fact": i, "history": history[i]} for i in sheet.key_figures],
            "relations": [
                {"kind": r.kind, "subject": r.subject, "object": r.object, "facts": r.fact_ids}
                for r in sheet.relations
            ],
            "articles": [
                {
                    "article": slug,
                    "title": model.articles[slug].title,
                    **article_words(model.articles[slug], model, base_url),
                    "page": article_page(model.config, slug, model.articles[slug].language),
                }
                for slug in sheet.articles
            ],
        }
    )
    return record


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): it starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """`cell` with a leading apostrophe when a spreadsheet would run it as a formula (a number such as -5 is
    left as it is: it is data, not a formula); the apostrophe makes the spreadsheet show the text as text."""
    if cell.startswith(_FORMULA_START) and number_problem(cell) is not None:
        return "'" + cell
    return cell


def fact_row(record: dict) -> dict[str, str]:
    """One facts.csv row from a facts.json record: text cells, empty where there is nothing, no formulas."""
    return {column: spreadsheet_safe(cell) for column, cell in _fact_cells(record).items()}


def _fact_cells(record: dict) -> dict[str, str]:
    quantity = record["quantity"] or {}
    return {
        "id": record["id"],
        "kind": record["kind"],
        "subject": record["subject"],
        "object": record["object"] or "",
        "value": number_text(quantity.get("value")),
        "low": number_text(quantity.get("low")),
        "high": number_text(quantity.get("high")),
        "unit": quantity.get("unit") or "",
        "qualifier": quantity.get("qualifier") or "",
        "status": record["status"] or "",
        "date": record["date"]["value"],
        "date_end": record["date"]["end_value"] or "",
        "date_reported": "true" if record["date"]["reported"] else "false",
        "first_reported": record["first_reported"],
        "statement": record["statement"],
        "measure": record["measure"] or "",
        "url": record["url"],
        "source_count": str(record["source_count"]),
        "sources": " ".join(s["url"] for s in record["sources"]),
        "conflict_fields": " ".join(sorted({c["field"] for c in record["conflicts"]})),
        "conflicting_facts": " ".join(
            sorted({i for c in record["conflicts"] for i in c["facts"]} - {record["id"]})
        ),
    }


def entity_data_path(entity_id: str) -> str:
    return f"data/entities/{entity_id}.json"


def entity_data(entity_id: str, model: SiteModel, base_url: str | None = None) -> bytes:
    """`data/entities/<id>.json`: everything one sheet shows."""
    return to_json(entity_record(entity_id, model, base_url))


SITE_EXPORTS = ("data/entities.json", "data/facts.json", "data/facts.csv")
ENTITY_EXPORTS, FACT_EXPORTS = SITE_EXPORTS[:1], SITE_EXPORTS[1:]


def site_exports(model: SiteModel, base_url: str | None, targets: Sequence[Path]) -> None:
    """Write each of SITE_EXPORTS into the file at its place in `targets`: every entity, and every fact as
    JSON and as CSV."""
    entities_export(model, base_url, targets[: len(ENTITY_EXPORTS)])
    facts_exports(model, base_url, targets[len(ENTITY_EXPORTS) :])


def entities_export(model: SiteModel, base_url: str | None, targets: Sequence[Path]) -> None:
    """Write `data/entities.json` (ENTITY_EXPORTS) into the one file of `targets`: every entity whole."""
    entities = [entity_summary(e, model) for e in sorted(model.entities.values(), key=lambda e: e.id)]
    Path(targets[0]).write_bytes(to_json(entities))


def facts_exports(
    model: SiteModel, base_url: str | None, targets: Sequence[Path], rows: RowPlan | None = None
) -> None:
    """Write each of FACT_EXPORTS into the file at its place in `targets`: every fact as JSON and as CSV.

    Each fact's record is written out to both files as soon as it is made, and nothing of either file is kept
    here: a big archive's records, or the text of its exports, all at once would take hundreds of megabytes.
    With `rows`, a fact whose record is unchanged since the previous exports has its rows copied from them
    instead (see `factrows`).
    """
    facts_file, table_file = targets
    cells = io.StringIO()
    writer = csv.DictWriter(cells, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    with open(facts_file, "wb") as facts, open(table_file, "wb") as table:
        out = RowWriter(facts, table, rows, _taken(cells))
        try:
            for fact_id in model.timeline:
                if out.reuse(fact_id):
                    continue
                record = fact_record(model.facts[fact_id], model, base_url)
                writer.writerow(fact_row(record))
                out.add(fact_id, _compact(record).encode("utf-8"), _taken(cells))
            out.finish()
        finally:
            out.close()


def _taken(text: io.StringIO) -> bytes:
    """What `text` holds, as UTF-8, and `text` emptied."""
    data = text.getvalue().encode("utf-8")
    text.seek(0)
    text.truncate()
    return data


def written_bytes(write: Callable[[list[Path]], None], count: int) -> list[bytes]:
    """The bytes of the `count` files that `write` writes (an export's writer), made in a temporary folder:
    for those who want the exports in memory rather than in a site."""
    with tempfile.TemporaryDirectory(prefix="factsheets-export-") as folder:
        targets = [Path(folder) / f"file-{n}" for n in range(count)]
        write(targets)
        return [target.read_bytes() for target in targets]


def schema_files() -> list[tuple[str, bytes]]:
    return [(f"data/schema/{name}", schema_text(name)) for name in SCHEMAS]


def data_files(model: SiteModel, base_url: str | None = None) -> Iterator[tuple[str, bytes]]:
    """Every data export and the schemas that describe them (summaries' pages under `base_url`)."""
    made = written_bytes(partial(site_exports, model, base_url), len(SITE_EXPORTS))
    yield from zip(SITE_EXPORTS, made, strict=True)
    for entity_id in sorted(model.sheets):
        yield entity_data_path(entity_id), entity_data(entity_id, model, base_url)
    yield from schema_files()
