"""`data/factsheets.db`: the site's facts as one SQLite database, with Datasette metadata beside it.

The tables and their columns are described once, in TABLES below: the schema the database is made with, the
column descriptions of `data/factsheets.metadata.json` and the README's table all say the same thing.

The file is made the same, byte for byte, from the same model: it is built in a scratch file in one
transaction, rows inserted in a fixed order, and copied out with `VACUUM INTO` (a fresh, compact file: no
freelist, no journal left over, no change counter that depends on how it was written). The SQLite library's
version is in the file's header, so two machines with different SQLite versions may write different bytes.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from generator.cache.filestats import stat_text
from generator.model import SiteModel
from generator.render.data import CSV_COLUMNS, fact_record, fact_row
from generator.render.factrows import RowPlan, file_digest, keep_index, read_index
from generator.render.urls import absolute_url, article_page, sheet_page

log = logging.getLogger(__name__)

DATABASE = "data/factsheets.db"
METADATA = "data/factsheets.metadata.json"
SQLITE_EXPORTS = (DATABASE, METADATA)
DATABASE_NAME = "factsheets"  # Datasette names a database after its file
PAGE_SIZE = 4096

# Every table: (description, [(column, SQL declaration, description)], constraints after the columns).
# The columns of `facts` up to `conflicting_facts` are those of facts.csv, in its order (a test checks it).
TABLES: dict[str, tuple[str, list[tuple[str, str, str]], list[str]]] = {
    "entities": (
        "Every entity of the registry: companies, people, places and the rest.",
        [
            ("id", "TEXT PRIMARY KEY", "The entity's id, as in its sheet's address."),
            ("name", "TEXT NOT NULL", "Its name."),
            ("kind", "TEXT NOT NULL", "company, person, organisation, place, product …"),
            ("description", "TEXT", "What the registry says it is, in the site's language."),
            ("aliases", "TEXT NOT NULL", "Other names, as JSON: language -> list of names."),
            ("infobox", "TEXT NOT NULL", "The sheet's infobox (founded, headquarters, website …) as JSON."),
            ("url", "TEXT NOT NULL", "Its fact sheet, relative to the site's address."),
            ("fact_count", "INTEGER NOT NULL", "How many facts its sheet shows."),
        ],
        [],
    ),
    "facts": (
        "One row per fact, merged over every article that reports it: the columns of facts.csv, empty "
        "cells as NULL and numbers as numbers, and a year to facet by.",
        [
            ("id", "TEXT PRIMARY KEY", "A stable id from what the fact says."),
            ("kind", "TEXT NOT NULL", "investment, acquisition, metric, stock …"),
            ("subject", "TEXT NOT NULL REFERENCES entities(id)", "The entity the fact is about."),
            ("object", "TEXT REFERENCES entities(id)", "The other entity, if any."),
            ("value", "NUMERIC", "The figure in full."),
            ("low", "NUMERIC", "The low end of a range."),
            ("high", "NUMERIC", "The high end of a range."),
            ("unit", "TEXT", "Currency code, %, or the unit of a measure."),
            ("qualifier", "TEXT", "exact, up_to, over, about, at_least or range."),
            ("status", "TEXT", "done, planned or expected, when a source says."),
            (
                "date",
                "TEXT NOT NULL",
                "When it happened, ISO 8601 at the precision stated (2025, 2025-09 …).",
            ),
            ("date_end", "TEXT", "The end of a span of time."),
            (
                "date_reported",
                "INTEGER NOT NULL",
                "1 when no source states a date (date = publication date).",
            ),
            ("first_reported", "TEXT NOT NULL", "The first publication date of a report of it."),
            ("statement", "TEXT NOT NULL", "The fact stated in the site's language."),
            ("measure", "TEXT", "What the figure measures."),
            ("url", "TEXT NOT NULL", "The fact on its sheet, relative to the site's address."),
            ("source_count", "INTEGER NOT NULL", "Number of distinct reports behind it."),
            ("sources", "TEXT NOT NULL", "Where each article's sentence is published, space separated."),
            ("conflict_fields", "TEXT", "What sources disagree about: value, unit, date."),
            ("conflicting_facts", "TEXT", "Ids of the facts this one disagrees with, space separated."),
            ("year", "INTEGER NOT NULL", "The year of date."),
            ("draft", "INTEGER NOT NULL", "1 when only draft annotations state it (built with --drafts)."),
        ],
        [],
    ),
    "articles": (
        "Every article that states a fact, and whose words it is.",
        [
            ("slug", "TEXT PRIMARY KEY", "The article's id, as in its page's address."),
            ("title", "TEXT NOT NULL", "Its title."),
            ("words", "TEXT NOT NULL", "original (the publisher's text) or summary (this site's)."),
            ("publisher", "TEXT NOT NULL", "Who published it."),
            ("author", "TEXT", "Its author, when known."),
            ("url", "TEXT NOT NULL", "Where it is published: this site's page for a summary."),
            ("published", "TEXT NOT NULL", "Publication date, YYYY-MM-DD."),
            ("language", "TEXT NOT NULL", "Its language."),
            ("page", "TEXT NOT NULL", "Its page here, relative to the site's address."),
        ],
        [],
    ),
    "reports": (
        "The reports a summary is based on (rows only for the site's own summaries).",
        [
            ("article", "TEXT NOT NULL REFERENCES articles(slug)", "The summary."),
            ("position", "INTEGER NOT NULL", "Order in the summary's front matter, from 1."),
            ("publisher", "TEXT NOT NULL", "Who published the report."),
            ("title", "TEXT", "Its title, when given."),
            ("url", "TEXT", "Where it is, when given."),
            ("published", "TEXT NOT NULL", "Its publication date."),
        ],
        ["PRIMARY KEY (article, position)"],
    ),
    "sources": (
        "One row per fact and article that states it, with the article's own sentence (the evidence).",
        [
            ("id", "INTEGER PRIMARY KEY", "Row number."),
            ("fact", "TEXT NOT NULL REFERENCES facts(id)", "The fact."),
            ("position", "INTEGER NOT NULL", "Order among the fact's sources, oldest first, from 1."),
            ("article", "TEXT NOT NULL REFERENCES articles(slug)", "The article that states it."),
            ("words", "TEXT NOT NULL", "original or summary: whose words the sentence is."),
            ("publisher", "TEXT NOT NULL", "Who published the article."),
            ("url", "TEXT NOT NULL", "Where the sentence is published."),
            ("published", "TEXT NOT NULL", "Publication date."),
            ("language", "TEXT NOT NULL", "The sentence's language."),
            ("sentence", "TEXT NOT NULL", "The whole sentence that states the fact."),
            ("statement", "TEXT NOT NULL", "The words of the fact in the sentence."),
            ("page", "TEXT NOT NULL", "The fact on the article's page here."),
            ("draft", "INTEGER NOT NULL", "1 when the annotation is a draft."),
        ],
        ["UNIQUE (fact, position)"],
    ),
    "relations": (
        "Pairs of entities linked by facts of one kind (a partnership, an acquisition …).",
        [
            ("id", "INTEGER PRIMARY KEY", "Row number."),
            ("kind", "TEXT NOT NULL", "The kind of the facts that link them."),
            ("subject", "TEXT NOT NULL REFERENCES entities(id)", "One entity."),
            ("object", "TEXT NOT NULL REFERENCES entities(id)", "The other."),
        ],
        ["UNIQUE (kind, subject, object)"],
    ),
    "relation_facts": (
        "Which facts make each relation.",
        [
            ("relation", "INTEGER NOT NULL REFERENCES relations(id)", "The relation."),
            ("fact", "TEXT NOT NULL REFERENCES facts(id)", "A fact that states it."),
        ],
        ["PRIMARY KEY (relation, fact)"],
    ),
}
INDEXES = (
    ("facts", "kind"),
    ("facts", "subject"),
    ("facts", "object"),
    ("facts", "year"),
    ("facts", "date"),
    ("sources", "article"),
    ("sources", "publisher"),
    ("relations", "subject"),
    ("relations", "object"),
    ("relation_facts", "fact"),
)
# Full-text indexes over a table's text (FTS5, external content: the text is stored once, in the table), each
# with the column its rows are numbered by: facts keep their text id as key, so their implicit rowid.
FULL_TEXT = {
    "facts_fts": ("facts", "rowid", ("statement",)),
    "sources_fts": ("sources", "id", ("sentence", "statement")),
}
FACETS = {
    "facts": ["kind", "subject", "year", "status"],
    "sources": ["publisher", "words", "language"],
    "articles": ["publisher", "words", "language"],
    "entities": ["kind"],
    "relations": ["kind"],
}
SORTABLE = {
    "facts": ["date", "first_reported", "value", "source_count", "year"],
    "sources": ["published", "position"],
    "articles": ["published", "title"],
    "entities": ["name", "fact_count"],
}
LABELS = {"entities": "name", "facts": "statement", "articles": "title"}
QUERIES = {
    "facts_about_entity": {
        "title": "Facts about an entity",
        "description": "Every fact whose subject or object is the entity with this id, oldest first.",
        "sql": "select date, kind, subject, object, statement, value, unit, source_count, url from facts\n"
        "where subject = :entity or object = :entity order by date, id",
    },
    "search_statements": {
        "title": "Search statements and sentences",
        "description": "Facts whose statement, or a source sentence of which, has these words (FTS5 syntax).",
        "sql": "select id, date, subject, statement, source_count from facts where rowid in (\n"
        "  select rowid from facts_fts where facts_fts match :words\n"
        "  union select f.rowid from sources_fts join sources s on s.id = sources_fts.rowid\n"
        "  join facts f on f.id = s.fact where sources_fts match :words)\n"
        "order by date, id",
    },
}


def schema_sql() -> list[str]:
    """The statements that make the empty database: tables and full-text indexes (`index_sql` after)."""
    statements = []
    for table, (_, columns, constraints) in TABLES.items():
        lines = [f"  {name} {declaration}" for name, declaration, _ in columns]
        lines += [f"  {constraint}" for constraint in constraints]
        statements.append(f"CREATE TABLE {table} (\n" + ",\n".join(lines) + "\n)")
    for fts, (table, rowid, columns) in FULL_TEXT.items():
        statements.append(
            # content="…" double-quoted: the form Datasette looks for to offer a table's search box
            f'CREATE VIRTUAL TABLE {fts} USING fts5({", ".join(columns)}, content="{table}", '
            f"content_rowid='{rowid}', tokenize='unicode61 remove_diacritics 2')"
        )
    return statements


def index_sql() -> list[str]:
    """The statements that make the indexes: run once the tables are filled, since sorting the rows once
    costs less than keeping ten indexes in order row by row (10,000 articles: 3.4 -> 2.7 s of CPU for the
    database, the same bytes once `VACUUM INTO` has copied it)."""
    return [f"CREATE INDEX {table}_{column} ON {table}({column})" for table, column in INDEXES]


def sqlite_exports(
    model: SiteModel, base_url: str | None, targets: Sequence[Path], rows: RowPlan | None = None
) -> None:
    """Write each of SQLITE_EXPORTS into the file at its place in `targets`: the database and its Datasette
    metadata. With `rows`, the facts unchanged since the previous database are copied from it."""
    database, described = targets
    write_database(model, base_url, Path(database), rows)
    Path(described).write_bytes(metadata_bytes(model, base_url))


def write_database(model: SiteModel, base_url: str | None, target: Path, rows: RowPlan | None = None) -> None:
    """The database, written to `target` (a file that does not exist, or is empty). It is made in a scratch
    file beside it, not in memory: a big archive's database would otherwise be held twice (the rows and the
    copy written out) by a worker that renders pages too.

    With `rows`, the rows of each fact whose record is as in the previous database (`_KeptFacts`)
    are copied from it in SQLite rather than made again; the bytes are those of a database made whole:
    the same rows under the same row numbers, then the indexes, the full-text indexes and the copy."""
    kept = _KeptFacts(rows) if rows is not None else None
    try:
        _write_database(model, base_url, target, kept)
    except _PreviousChanged:  # the previous database changed while its rows were copied: none is taken
        log.debug("%s changed while it was read: the database is made whole", kept.old)
        kept.forget()
        _write_database(model, base_url, target, kept)
    if kept is not None:
        kept.keep_index(target)


def _write_database(model: SiteModel, base_url: str | None, target: Path, kept: _KeptFacts | None) -> None:
    with tempfile.TemporaryDirectory(prefix=".factsheets-db-", dir=target.parent) as folder:
        scratch = Path(folder) / "scratch.db"
        connection = sqlite3.connect(scratch, isolation_level=None, uri=True)
        try:
            # A scratch file is thrown away if anything fails: no journal, no waiting for the disk.
            for pragma in (f"page_size = {PAGE_SIZE}", "journal_mode = OFF", "synchronous = OFF"):
                connection.execute(f"PRAGMA {pragma}")
            if kept is not None:
                kept.attach(connection)
            connection.execute("BEGIN")
            for statement in schema_sql():
                connection.execute(statement)
            _fill(connection, model, base_url, kept)
            for statement in index_sql():
                connection.execute(statement)
            for fts in FULL_TEXT:
                connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            connection.execute("COMMIT")
            if kept is not None:
                kept.detach(connection)
            # A fresh copy: each table's pages together, no free page, a header that says nothing of how
            # the scratch file was written.
            connection.execute("VACUUM INTO ?", (str(target),))
        finally:
            connection.close()


class _PreviousChanged(Exception):
    """The previous database is not the file its index vouched for any more (replaced or written since)."""


class _KeptFacts:
    """The facts of the previous database (in the output, checked against its index, see `factrows`) that a
    new one copies: each fact whose digest is the one the index gives it, citing no article changed since."""

    def __init__(self, rows: RowPlan):
        self.place = rows.place
        self.keys = rows.keys()
        self.previous: set[str] = set()  # "fact-id digest" of each of its facts
        self.old = self.place.output / DATABASE
        self._checked = ""  # the stat of the file whose digest the index vouched for
        found = read_index(self.place.database_index, self.keys.site, [self.old], self._take)
        self.stale: Callable[[str], bool] = lambda fact_id: True
        if found is None:
            self.previous.clear()
        else:
            for file in found[1]:
                self._checked = stat_text(os.fstat(file.fileno()))  # the file the digest is of
                file.close()
            articles = found[0].get("articles")
            if isinstance(articles, dict):
                self.stale = self.keys.stale(articles)
            else:
                self.previous.clear()
        self.entries: list[str] = []  # the new index's rows
        self.copied: list[tuple[int, str, int]] = []  # (row number, fact id, sources before it)

    def forget(self) -> None:
        """Copy nothing: the database is made whole (its index still kept)."""
        self.previous.clear()
        self.entries, self.copied = [], []

    def _take(self, fields: list[str]) -> None:
        fact_id, key = fields
        self.previous.add(f"{fact_id} {key}")

    def copies(self, fact_id: str, row: int, sources_before: int) -> bool:
        """Whether the fact at `row` is copied from the previous database (its rows added by `copy`)."""
        entry = f"{fact_id} {self.keys(fact_id)}"
        self.entries.append(entry + "\n")
        if entry not in self.previous or self.stale(fact_id):
            return False
        self.copied.append((row, fact_id, sources_before))
        return True

    def attach(self, connection: sqlite3.Connection) -> None:
        if self.previous:  # read only, and as it is: no lock, no journal looked for
            uri = f"file:{urllib.parse.quote(str(self.old))}?mode=ro&immutable=1"
            connection.execute("ATTACH DATABASE ? AS old", (uri,))

    def detach(self, connection: sqlite3.Connection) -> None:
        if self.previous:
            connection.execute("DETACH DATABASE old")

    def copy(self, connection: sqlite3.Connection) -> None:
        """Add the rows of the facts `copies` said yes to, under their new row numbers: each fact's sources
        numbered on from the sources of the facts before it, as `_fill` numbers them."""
        if not self.copied:
            return
        connection.execute("CREATE TEMP TABLE kept (row INTEGER PRIMARY KEY, fact TEXT, before INTEGER)")
        connection.executemany("INSERT INTO temp.kept VALUES (?, ?, ?)", self.copied)
        facts = [name for name, _, _ in TABLES["facts"][1]]
        selected = ", ".join("f." + column for column in facts)
        connection.execute(
            f"INSERT INTO facts(rowid, {', '.join(facts)}) SELECT k.row, {selected} "
            "FROM temp.kept k JOIN old.facts f ON f.id = k.fact ORDER BY k.row"
        )
        others = [name for name, _, _ in TABLES["sources"][1]][1:]  # all but the row number
        connection.execute(
            f"INSERT INTO sources SELECT k.before + s.position, {', '.join('s.' + c for c in others)} "
            "FROM temp.kept k JOIN old.sources s ON s.fact = k.fact ORDER BY k.row, s.position"
        )
        connection.execute("DROP TABLE temp.kept")
        # SQLite opened the file by its name after its digest was checked: the rows come from that very file
        # only if the name still leads to it, unwritten (a file replaced, or written, has another identity).
        try:
            unchanged = stat_text(os.stat(self.old)) == self._checked
        except OSError:
            unchanged = False
        if not unchanged:
            raise _PreviousChanged
        log.debug(
            "database: %d facts copied, %d made", len(self.copied), len(self.entries) - len(self.copied)
        )

    def keep_index(self, target: Path) -> None:
        head = {"files": [file_digest(target)], "articles": self.keys.articles}
        keep_index(self.place.database_index, self.place.output, self.keys.site, head, self.entries)


def _insert_sql(table: str) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join('?' * len(TABLES[table][1]))})"


def _insert(connection: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> None:
    connection.executemany(_insert_sql(table), rows)


def _fill(
    connection: sqlite3.Connection, model: SiteModel, base_url: str | None, kept: _KeptFacts | None = None
) -> None:
    _insert(connection, "entities", _entity_rows(model))
    _insert(connection, "articles", _article_rows(model, base_url))
    _insert(connection, "reports", _report_rows(model))
    # Fact by fact, each with its sources: a big archive's rows are never all held at once. Each fact's row
    # number is its place in the timeline (rowid order is date order), given, as copied rows' are.
    columns = ", ".join(name for name, _, _ in TABLES["facts"][1])
    insert_fact = (
        f"INSERT INTO facts(rowid, {columns}) VALUES ({', '.join('?' * (1 + len(TABLES['facts'][1])))})"
    )
    insert_source = _insert_sql("sources")
    source_id = 0
    for row, fact_id in enumerate(model.timeline, start=1):
        fact = model.facts[fact_id]
        if kept is not None and kept.copies(fact_id, row, source_id):
            source_id += len(fact.sources)  # one row per report, as `fact_record` lists them
            continue
        record = fact_record(fact, model, base_url)
        connection.execute(insert_fact, (row, *_fact_row(record)))
        for position, source in enumerate(record["sources"], start=1):
            source_id += 1
            connection.execute(insert_source, _source_row(source_id, fact_id, position, source))
    if kept is not None:
        kept.copy(connection)
    relations = _relations(model)
    _insert(connection, "relations", [(i, *key) for i, key in enumerate(relations, start=1)])
    _insert(
        connection,
        "relation_facts",
        [(i, fact) for i, key in enumerate(relations, start=1) for fact in sorted(relations[key])],
    )


def _entity_rows(model: SiteModel) -> Iterator[tuple]:
    for entity in sorted(model.entities.values(), key=lambda e: e.id):
        description = entity.description
        if isinstance(description, dict):
            description = description.get(model.config.language) or next(iter(description.values()), "")
        sheet = model.sheets.get(entity.id)
        yield (
            entity.id,
            entity.name,
            entity.kind,
            description or None,
            _json(entity.aliases),
            _json(dict(sorted(entity.infobox.items()))),
            sheet_page(model.config, entity),
            len(sheet.facts) if sheet else 0,
        )


def _cited_articles(model: SiteModel) -> list[str]:
    return sorted({s.article for fact in model.facts.values() for s in fact.sources})


def _article_rows(model: SiteModel, base_url: str | None) -> Iterator[tuple]:
    for slug in _cited_articles(model):
        article = model.articles[slug]
        summary = article.is_summary
        page = absolute_url(
            base_url or model.config.base_url, article_page(model.config, slug, article.language)
        )
        yield (
            slug,
            article.title,
            "summary" if summary else "original",
            article.source.publisher,
            article.source.author or None,
            page if summary else article.source.url,
            article.source.published,
            article.language,
            article_page(model.config, slug, article.language),
        )


def _report_rows(model: SiteModel) -> Iterator[tuple]:
    for slug in _cited_articles(model):
        for position, report in enumerate(model.articles[slug].based_on, start=1):
            yield (
                slug,
                position,
                report.publisher,
                report.title or None,
                report.url or None,
                report.published,
            )


def _fact_row(record: dict) -> tuple:
    """The facts.csv row with its types: NULL for an empty cell, numbers and 0/1 as such; then the extras."""
    values: dict = {column: text or None for column, text in fact_row(record).items()}
    quantity = record["quantity"] or {}
    values.update(
        value=quantity.get("value"),
        low=quantity.get("low"),
        high=quantity.get("high"),
        date_reported=int(record["date"]["reported"]),
        source_count=record["source_count"],
    )
    year = int(record["date"]["value"][:4])
    return (*(values[column] for column in CSV_COLUMNS), year, int(record.get("draft", False)))


def _source_row(row: int, fact_id: str, position: int, source: dict) -> tuple:
    return (
        row,
        fact_id,
        position,
        source["article"],
        source["words"],
        source["publisher"],
        source["url"],
        source["published"],
        source["language"],
        source["sentence"],
        source["statement"],
        source["page"],
        int(source.get("draft", False)),
    )


def _relations(model: SiteModel) -> dict[tuple[str, str, str], set[str]]:
    """Each relation once (a sheet of each of its two entities shows it), with the facts of every sheet."""
    relations: dict[tuple[str, str, str], set[str]] = {}
    for sheet in model.sheets.values():
        for relation in sheet.relations:
            key = (relation.kind, relation.subject, relation.object)
            relations.setdefault(key, set()).update(relation.fact_ids)
    return dict(sorted(relations.items()))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


# --- Datasette metadata --------------------------------------------------------------------------------


def metadata(model: SiteModel, base_url: str | None = None) -> dict:
    """What Datasette shows about the database: its title, licence and source, and what each table holds."""
    config = model.config
    site = base_url or config.base_url
    tables = {}
    for table, (description, columns, _) in TABLES.items():
        entry: dict = {"description": description, "columns": {name: text for name, _, text in columns}}
        if table in FACETS:
            entry["facets"] = FACETS[table]
        if table in SORTABLE:
            entry["sortable_columns"] = SORTABLE[table]
        if table in LABELS:
            entry["label_column"] = LABELS[table]
        tables[table] = entry
    for fts, (table, rowid, _) in FULL_TEXT.items():
        tables[table].update(fts_table=fts, fts_pk=rowid)
        tables[fts] = {"hidden": True}
    about = {
        "title": config.title,
        "description": config.description or config.title,
        "source": config.publisher or config.title,
        "source_url": site,
    }
    if config.licence:
        about["license"] = config.licence
    return {**about, "databases": {DATABASE_NAME: {**about, "tables": tables, "queries": QUERIES}}}


def metadata_bytes(model: SiteModel, base_url: str | None = None) -> bytes:
    return (
        json.dumps(metadata(model, base_url), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    ).encode("utf-8")
