"""The aggregation of the last build, kept in the store: a command-line build after a small change resumes
from it and merges again only what the change touches, as a preview server does with the one it keeps in
memory (`aggregate_delta.Aggregator`).

What is kept, in rows of the store's `aggregation` table, one per:

- entity that is the subject of facts (`f:<id>`): those facts as merged (every field but the reports,
  which are named by article and position in its analysis), and the disagreements between them with the
  warnings each gave;
- entity of the registry (`s:<id>`): its sheet (its facts, key figures, relations and articles);
- article (`a:<slug>`): its token (path, and hash of its text with the digest of its analysis: first and
  apart from the rest), the ids of its facts and the entities it mentions. The row of an article analysed
  now with the same token is not decoded past its token: its facts and mentions are those of its analysis.

A head row names the key the rows were made under (the article cache's fingerprint, the settings, what of
the registry reaches every fact (`aggregate_delta._base`: not the aliases, which reach the facts through the
analyses, in the articles' tokens), whether drafts are built, the libraries) and a generation, new at each
write. A build writes only the rows whose bytes changed, in one transaction, and only over the generation it
read: otherwise (another build wrote in between) it drops them all and the next build aggregates anew.

Nothing is trusted: the head and each row carry a checksum of their bytes, and a row that does not match,
rows that do not fit the present analyses (a report whose position names another fact, an article whose
facts are not all named) or any other key make the build aggregate every fact, as it would without them,
and write the rows whole. An article whose token differs from the present one's (its text changed) or
that is gone is taken out by the update, which merges its facts again with their other reports.

After one article changed, a build reads the rows ahead (`prefetch`), over the analyses it has while the
changed articles are analysed in another process; `load` uses them only when the build's key and input are
the ones they were read with, and otherwise reads them again.
"""

from __future__ import annotations

import json
import logging
import operator
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.aggregate import merged_date
from generator.aggregate_delta import Aggregator, KeptAggregation, article_token
from generator.cache.digest import digest_of
from generator.cache.store import Store, aggregation_checksum
from generator.cache.versions import library_versions
from generator.errors import Location, Problem
from generator.model import (
    AnalysedArticle,
    Article,
    Conflict,
    Entity,
    EntitySheet,
    Fact,
    FactDate,
    Quantity,
    Relation,
    SiteFact,
    SiteModel,
)

log = logging.getLogger(__name__)

FORMAT = 4  # of the rows: bump when it changes (it is part of the key)
_FACTS, _SHEET, _ARTICLE = "f:", "s:", "a:"


class AggregationSnapshot:
    """The aggregation kept for one content folder (`root`, as the article rows name it)."""

    def __init__(self, store: Store, root: str):
        self.store = store
        self.root = root
        self.fingerprint: str | None = None  # the article cache's, once the build knows it
        self._generation = ""  # of the rows read ("": none, or not used)
        # The checksum of each row read, by name (not its bytes: tens of MB at 10,000 articles)
        self._digests: dict[str, bytes] = {}
        self._sheets: dict[str, EntitySheet] = {}  # the sheets made from them
        self._edited: frozenset[str] = frozenset()  # those whose row holds what their entity said before
        self._subjects: dict[str, str] = {}  # each kept fact's subject
        self._key = ""
        self._ahead: _Read | None = None  # the kept aggregation as `prefetch` read it
        self.written = ""  # the generation `save` wrote (or tried to): none other holds this build's model

    @property
    def generation(self) -> str:
        """The generation of the rows `load` resumed from ("": none)."""
        return self._generation

    def key(self, base: str) -> str:
        """What the rows must have been made under: analyses, settings, registry, drafts and libraries."""
        return digest_of("aggregation", str(FORMAT), self.fingerprint or "", base, *library_versions())

    # --- reading ---------------------------------------------------------------------------------------

    def load(
        self, base: str, entities: list[Entity], articles: list[Article], analysed: list[AnalysedArticle]
    ) -> KeptAggregation | None:
        """The kept aggregation for this build's key, made objects again over `analysed`; None when there is
        none, or it is damaged, of another key or does not fit the analyses."""
        self._key = self.key(base)
        ahead, self._ahead = self._ahead, None
        if self.fingerprint is None:
            return None
        if ahead is not None and ahead.key == self._key and ahead.fits(entities, articles, analysed):
            read = ahead
            log.debug("the stored aggregation read ahead fits this build's input")
        else:
            found = self.store.aggregation(self.root)
            if found is None or found[0] != self._key:
                log.debug("no stored aggregation of this build's key: every fact is aggregated")
                return None
            try:
                read = _Read.decoded(found, entities, articles, analysed)
            except (KeyError, IndexError, ValueError, TypeError) as error:
                log.info("ignoring the stored aggregation: it does not fit the analyses (%s)", error)
                return None
        self._generation, self._sheets, self._subjects = read.generation, read.kept.sheets, read.subjects
        self._edited = read.kept.edited
        self._digests = read.checksums
        log.debug(
            "resuming from the stored aggregation (%d facts, %d rows)",
            len(read.kept.facts),
            len(read.checksums),
        )
        return read.kept

    def prefetch(
        self, base: str, entities: list[Entity], articles: list[Article], analysed: list[AnalysedArticle]
    ) -> KeptAggregation | None:
        """Read and decode the kept aggregation now, over these analyses (those a build has while its changed
        articles are analysed elsewhere, with the CPU idle): `load` takes it when its input is the same.
        Returns it, for the aggregator to index ahead too; None when there is none to read."""
        self._ahead = None
        if self.fingerprint is None:
            return None
        found = self.store.aggregation(self.root)
        if found is None or found[0] != self.key(base):  # of other settings or registry: not read
            return None
        try:
            self._ahead = _Read.decoded(found, entities, articles, analysed)
        except (KeyError, IndexError, ValueError, TypeError) as error:
            log.debug("the stored aggregation was not read ahead: %s", error)
            return None
        log.debug("read the stored aggregation ahead (%d facts)", len(self._ahead.kept.facts))
        return self._ahead.kept

    # --- writing ---------------------------------------------------------------------------------------

    def save(self, aggregator: Aggregator) -> int:
        """Keep the aggregator's last aggregation: the rows that changed, or all of them when it did not
        resume from these rows. Returns how many rows were written or deleted."""
        model = aggregator.model
        if model is None or not self._key:
            return 0
        encoder = _Encoder(model, aggregator)
        expected: str | None = None  # the generation the rows written over must have; None: all anew
        try:
            if aggregator.resumed and self._generation and not aggregator.changes.full:
                rows, expected = self._changed_rows(encoder, aggregator), self._generation
            else:
                rows = dict(encoder.all_rows())
        except ValueError as error:  # a disagreement whose warnings were not made: keep nothing
            log.debug("not keeping the aggregation: %s", error)
            return 0
        generation = self.written = os.urandom(8).hex()
        written = self.store.put_aggregation(self.root, self._key, generation, rows, expected)
        log.debug("stored aggregation: %d rows written", written)
        return written

    def _changed_rows(self, encoder: _Encoder, aggregator: Aggregator) -> dict[str, bytes | None]:
        """The rows the last update may have changed, those whose bytes differ (None: a row to delete)."""
        model, changes = encoder.model, aggregator.changes
        subjects = {self._subjects[i] for i in changes.facts if i in self._subjects}
        subjects |= {model.facts[i].subject for i in changes.facts if i in model.facts}
        # A sheet the update made again is mostly equal to the one read (its lists the same objects, or
        # equal): compared, not encoded (44 sheets of 2 MB after one article changed at 10,000 articles).
        sheets = {
            e
            for e, sheet in model.sheets.items()
            if (kept := self._sheets.get(e)) is not sheet and (kept != sheet or e in self._edited)
        }
        rows = encoder.rows(subjects, sheets, changes.articles)
        return {
            name: value
            for name, value in rows
            if self._digests.get(name)
            != (None if value is None else aggregation_checksum(self.root, name, value))
        }


# --- rows to objects --------------------------------------------------------------------------------------


@dataclass
class _Read:
    """A kept aggregation made objects again, with what it was made from."""

    key: str
    generation: str
    checksums: dict[str, bytes]
    kept: KeptAggregation
    subjects: dict[str, str]  # each kept fact's subject
    entities: dict[str, Entity]  # the registry it was decoded with
    present: dict[str, list[Fact]]  # the reports of each article whose kept reports are these very objects

    @classmethod
    def decoded(
        cls,
        found: tuple[str, str, dict[str, bytes], dict[str, bytes]],
        entities: list[Entity],
        articles: list[Article],
        analysed: list[AnalysedArticle],
    ) -> _Read:
        """The rows the store gave (`Store.aggregation`) decoded over these analyses; raises as `_decode`."""
        key, generation, rows, checksums = found
        subjects: dict[str, str] = {}
        by_entity = {e.id: e for e in entities}
        kept = _decode(rows, by_entity, articles, analysed, subjects)
        by_slug = {a.slug: a for a in analysed}
        present = {slug: by_slug[slug].facts for slug in _present(articles, by_slug, kept.articles)}
        return cls(key, generation, checksums, kept, subjects, by_entity, present)

    def fits(self, entities: list[Entity], articles: list[Article], analysed: list[AnalysedArticle]) -> bool:
        """Whether decoding over this input gives the same: the same registry objects, the same articles
        unchanged since the rows were written, with the very same reports (a build leaves out the
        analyses of articles with errors, and the drafts, after reading ahead)."""
        if len(entities) != len(self.entities) or any(self.entities.get(e.id) is not e for e in entities):
            return False
        by_slug = {a.slug: a for a in analysed}
        present = _present(articles, by_slug, self.kept.articles)
        if present != self.present.keys():
            return False
        return all(_same_objects(by_slug[slug].facts, self.present[slug]) for slug in present)


def _same_objects(these: list, those: list) -> bool:
    return these is those or (len(these) == len(those) and all(map(operator.is_, these, those)))


def _present(articles: list[Article], by_slug: dict[str, AnalysedArticle], kept_articles: dict) -> set[str]:
    """The articles analysed whose token is the one kept: their reports are the kept ones."""
    return {
        a.slug
        for a in articles
        if a.slug in by_slug and kept_articles.get(a.slug, ((),))[0] == article_token(a, by_slug[a.slug])
    }


def _decode(
    rows: dict[str, bytes],
    entities: dict[str, Entity],
    articles: list[Article],
    analysed: list[AnalysedArticle],
    subjects: dict[str, str],
) -> KeptAggregation:
    """The kept aggregation over the present analyses; raises KeyError, IndexError, ValueError or TypeError
    when the rows do not fit them."""
    by_slug = {a.slug: a for a in analysed}
    kept_articles = _kept_articles(rows, articles, by_slug)
    present = _present(articles, by_slug, kept_articles)
    resolver = _Reports(by_slug, present, kept_articles)
    facts: dict[str, SiteFact] = {}
    conflicts: list[Conflict] = []
    warnings: list[list[Problem]] = []
    for name, payload in rows.items():
        if name.startswith(_FACTS):
            fact_rows, conflict_rows = json.loads(payload)
            for row in fact_rows:
                fact = _fact_from(row, resolver)
                facts[fact.id] = fact
                subjects[fact.id] = fact.subject
            for row in conflict_rows:
                conflicts.append(_conflict_from(row))
                warnings.append([_problem_from(w) for w in row[4]])
    resolver.check_complete()
    # Every id a sheet or disagreement names is the string of its fact (one object per id, as a cold
    # aggregation has it); a KeyError when it names a fact not kept. Likewise each slug a sheet lists is its
    # article's own, and the relations' kinds and ends one object per value (at 10,000 articles 366,000
    # slugs and 240,000 ends and kinds, about 45 MB as strings of their own, which no build shares after a
    # small change: `build._share_repeated_values`).
    ids = {i: i for i in facts}
    slugs = {a.slug: a.slug for a in articles}
    values = {e: e for e in entities}  # the relations' ends are entity ids
    relations: dict[tuple[str, str, str], Relation] = {}
    edited: set[str] = set()  # the entities whose sheet row was written when they said something else
    sheets = {
        name[len(_SHEET) :]: _sheet_from(
            json.loads(payload), entities[name[len(_SHEET) :]], ids, slugs, values, relations, edited
        )
        for name, payload in rows.items()
        if name.startswith(_SHEET)
    }
    if sheets.keys() != entities.keys():
        raise ValueError("the sheets kept are not those of the registry")
    for conflict in conflicts:
        conflict.fact_ids = list(map(ids.__getitem__, conflict.fact_ids))
    return KeptAggregation(
        {i: facts[i] for i in sorted(facts)}, conflicts, warnings, sheets, kept_articles, frozenset(edited)
    )


def _kept_articles(
    rows: dict[str, bytes], articles: list[Article], by_slug: dict[str, AnalysedArticle]
) -> dict[str, tuple[tuple[str, str], set[str] | None, set[str] | None]]:
    """Each kept article: its token, the ids of its facts and the entities it mentions. An article row
    starts with its token: the row of an article analysed now with that very token (most of them) is not
    decoded further, since its facts and mentions are those of its present analysis, as `Aggregator` keeps
    them (None and None here: `aggregate_delta._Kept` makes them from the analysis when asked; the reports
    are checked against the rest of the rows all the same)."""
    kept: dict[str, tuple[tuple[str, str], set[str] | None, set[str] | None]] = {}
    for article in articles:
        payload = rows.get(_ARTICLE + article.slug)
        if payload is not None and article.slug in by_slug:
            token = article_token(article, by_slug[article.slug])
            if payload.startswith(_token_prefix(*token)):
                kept[article.slug] = (token, None, None)
    for name, payload in rows.items():
        if name.startswith(_ARTICLE) and name[len(_ARTICLE) :] not in kept:
            # changed or gone since: what it had, for the update to take out
            path, version, rest = payload.split(b"\x00", 2)
            fact_ids, mentioned = json.loads(rest)
            kept[name[len(_ARTICLE) :]] = (
                (path.decode("utf-8", "surrogatepass"), version.decode("utf-8", "surrogatepass")),
                set(fact_ids),
                set(mentioned),
            )
    return kept


def _token_prefix(path: str, version: str) -> bytes:
    """An article row's start: its token (a path holds no NUL, the hash and digest are hexadecimal)."""
    return f"{path}\x00{version}\x00".encode("utf-8", "surrogatepass")


class _Reports:
    """Finds each kept report in the present analyses, by article and position; leaves out those of the
    articles whose text changed since (whose facts the update merges again), and checks that every report
    of the other articles is named once."""

    def __init__(self, by_slug: dict[str, AnalysedArticle], present: set[str], kept_articles: dict):
        self.by_slug = by_slug
        self.present = present
        self.kept_articles = kept_articles
        self.counts: dict[str, int] = defaultdict(int)
        # each present article's reports, looked up once per article rather than once per report
        self._facts = {slug: by_slug[slug].facts for slug in present}

    def reports(self, fact_id: str, refs: list) -> list[Fact]:
        found = []
        facts, counts = self._facts, self.counts
        for slug, position in refs:
            reports = facts.get(slug)
            if reports is None:
                if fact_id not in (self.kept_articles[slug][1] or ()):
                    raise ValueError(f"a report of {fact_id} by {slug} that the article did not make")
                continue
            if position < 0:
                raise IndexError(position)
            report = reports[position]
            if report.id != fact_id:
                raise ValueError(f"report {position} of {slug} is not of {fact_id}")
            counts[slug] += 1
            found.append(report)
        return found

    def check_complete(self) -> None:
        for slug, facts in self._facts.items():
            if self.counts[slug] != len(facts):
                raise ValueError(f"the reports of {slug} are not all kept")


def _fact_from(row: list, resolver: _Reports) -> SiteFact:
    fact_id, kind, subject, obj, quantity, date, statement, figure_label, measure, refs = row
    sources = resolver.reports(fact_id, refs)
    if sources and len(sources) == len(refs):
        # Every report is here: the figure and date are its reports' objects, as a cold aggregation
        # shares them (one object fewer of each per fact), and they must be the ones the row names
        # (compared field by field, as the objects made from the row would be).
        first = sources[0]
        # One report (most facts): its date is the merged one, without a list made to find it.
        figure, when = first.quantity, first.date if len(sources) == 1 else merged_date(sources)
        if (
            _fact_fields(first) != (kind, subject, obj)
            or _date_fields(when) != tuple(date)
            or (quantity is not None if figure is None else _quantity_fields(figure) != tuple(quantity))
        ):
            raise ValueError(f"the fact kept as {fact_id} is not its reports'")
        fact_id, kind, subject, obj = first.id, first.kind, first.subject, first.object  # their strings
    else:
        # Some reports are of articles changed since, which the update takes out and merges again: the
        # fact as it was, for the update to take it out of its groups and timeline.
        figure = None if quantity is None else Quantity(**dict(zip(_QUANTITY_FIELDS, quantity, strict=True)))
        when = FactDate(value=date[0], end_value=date[1], reported=date[2])
    return SiteFact(
        id=fact_id,
        kind=kind,
        subject=subject,
        object=obj,
        quantity=figure,
        date=when,
        statement=statement,
        sources=sources,
        measure=measure,
        figure_label=figure_label,
    )


def _conflict_from(row: list) -> Conflict:
    key, field, fact_ids, values, _ = row
    return Conflict(key=key, field=field, fact_ids=list(fact_ids), values=list(values))


def _problem_from(row: list) -> Problem:
    path, line, col, code, message, hint, severity = row
    return Problem(Location(path, line, col), code, message, hint, severity=severity)


def _sheet_from(
    row: list,
    entity: Entity,
    ids: dict[str, str],
    slugs: dict[str, str],
    values: dict[str, str],
    made: dict[tuple[str, str, str], Relation],
    edited: set[str],
) -> EntitySheet:
    facts, key_figures, relations, articles, said = row
    if said != entity_digest(entity):
        edited.add(entity.id)
    fact_id = ids.__getitem__
    return EntitySheet(
        entity=entity,
        facts=list(map(fact_id, facts)),
        key_figures=list(map(fact_id, key_figures)),
        relations=[_relation(k, s, o, fact_ids, ids, values, made) for k, s, o, fact_ids in relations],
        articles=list(map(slugs.get, articles, articles)),  # a slug of no present article stays as read
    )


def _relation(
    kind: str,
    subject: str,
    obj: str,
    fact_ids: list[str],
    ids: dict[str, str],
    values: dict[str, str],
    made: dict[tuple[str, str, str], Relation],
) -> Relation:
    """A relation of a sheet, the very object of the other sheet it is on when that lists it alike (a
    relation is on its subject's sheet and its object's: 79,536 relations at 10,000 articles, half of them
    made twice). Nothing changes a relation once made: a sheet made again makes new ones."""
    relation = made.get((kind, subject, obj))
    if relation is not None and relation.fact_ids == fact_ids:
        return relation
    value = values.setdefault
    relation = Relation(
        kind=value(kind, kind),
        subject=value(subject, subject),
        object=value(obj, obj),
        fact_ids=list(map(ids.__getitem__, fact_ids)),
    )
    made[relation.kind, relation.subject, relation.object] = relation
    return relation


_QUANTITY_FIELDS = ("text", "start", "end", "kind", "value", "unit", "qualifier", "low", "high")
_quantity_fields = operator.attrgetter(*_QUANTITY_FIELDS)
_fact_fields = operator.attrgetter("kind", "subject", "object")
_date_fields = operator.attrgetter("value", "end_value", "reported")


def _quantity_row(quantity: Quantity | None) -> list | None:
    return None if quantity is None else list(_quantity_fields(quantity))


# --- objects to rows --------------------------------------------------------------------------------------


class _Encoder:
    """The rows of a model and of what its aggregator kept (its articles, its conflicts' warnings)."""

    def __init__(self, model: SiteModel, aggregator: Aggregator):
        self.model = model
        self.aggregator = aggregator
        self._positions: dict[str, dict[int, int]] = {}
        self._kept_articles = aggregator.kept_articles()

    def all_rows(self) -> Iterable[tuple[str, bytes | None]]:
        subjects = {f.subject for f in self.model.facts.values()}
        return self.rows(subjects, set(self.model.sheets), set(self._kept_articles))

    def rows(
        self, subjects: Iterable[str], sheets: Iterable[str], slugs: Iterable[str]
    ) -> Iterable[tuple[str, bytes | None]]:
        """The rows of these subjects' facts, these sheets and these articles (None: it has none now)."""
        wanted = set(subjects)
        facts: dict[str, list[SiteFact]] = {s: [] for s in wanted}
        for fact in self.model.facts.values():  # in id order
            if fact.subject in wanted:
                facts[fact.subject].append(fact)
        conflicts: dict[str, list[Conflict]] = {s: [] for s in wanted}
        for conflict in self.model.conflicts:
            subject = self.model.facts[conflict.fact_ids[0]].subject
            if subject in wanted:
                conflicts[subject].append(conflict)
        for subject in sorted(wanted):
            payload = [
                [self._fact(f) for f in facts[subject]],
                [self._conflict(c) for c in conflicts[subject]],
            ]
            yield _FACTS + subject, _dumps(payload) if payload != [[], []] else None
        for entity_id in sorted(sheets):
            sheet = self.model.sheets.get(entity_id)
            yield _SHEET + entity_id, None if sheet is None else _dumps(_sheet_row(sheet))
        for slug in sorted(slugs):
            kept = self._kept_articles.get(slug)
            yield _ARTICLE + slug, None if kept is None else _article_row(kept)

    def _fact(self, fact: SiteFact) -> list:
        quantity = fact.quantity
        return [
            fact.id,
            fact.kind,
            fact.subject,
            fact.object,
            _quantity_row(quantity),
            [fact.date.value, fact.date.end_value, fact.date.reported],
            fact.statement,
            fact.figure_label,
            fact.measure,
            [[report.article, self._position(report)] for report in fact.sources],
        ]

    def _position(self, report: Fact) -> int:
        """Where `report` is in its article's analysis (the very object, else an equal one)."""
        positions = self._positions.get(report.article)
        facts = self.model.analysed[report.article].facts
        if positions is None:
            positions = {id(f): i for i, f in enumerate(facts)}
            self._positions[report.article] = positions
        found = positions.get(id(report))
        if found is None or facts[found] is not report:
            found = facts.index(report)
        return found

    def _conflict(self, conflict: Conflict) -> list:
        warnings = self.aggregator.warnings_of(conflict)
        if warnings is None:
            raise ValueError("a disagreement without its warnings")
        return [
            conflict.key,
            conflict.field,
            conflict.fact_ids,
            conflict.values,
            [
                [w.location.path, w.location.line, w.location.col, w.code, w.message, w.hint, w.severity]
                for w in warnings
            ],
        ]


def _sheet_row(sheet: EntitySheet) -> list:
    return [
        sheet.facts,
        sheet.key_figures,
        [[r.kind, r.subject, r.object, r.fact_ids] for r in sheet.relations],
        sheet.articles,
        entity_digest(sheet.entity),
    ]


def entity_digest(entity: Entity) -> str:
    """The entity whole, description and infobox included: a sheet row keeps what its entity said then, for
    a build that resumes under another description to know which sheets' entity was edited since."""
    return digest_of(repr(entity))


def _article_row(kept: tuple[tuple[str, str], set[str], set[str]]) -> bytes:
    """Its token first (see `_kept_articles`), then its facts and the entities it mentions."""
    (path, version), fact_ids, mentioned = kept
    return _token_prefix(path, version) + _dumps([sorted(fact_ids), sorted(mentioned)])


def _dumps(payload: list) -> bytes:
    # Compact and in a fixed order: equal rows are equal bytes, so an unchanged row is never written.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
