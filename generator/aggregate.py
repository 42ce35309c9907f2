"""The aggregate stage: one pass over every fact to merge reports, flag disagreements and build sheets."""

from __future__ import annotations

from collections import defaultdict

from generator.analyse.facts import number_text
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
    SiteConfig,
    SiteFact,
    SiteModel,
)
from generator.provenance import site_as_author
from generator.statements import fact_statement, figure_label


def _source_order(fact: Fact, articles: dict[str, Article]) -> tuple:
    return (articles[fact.article].source.published, fact.article, fact.ordinal)


def merge_facts(reports: list[Fact], articles: dict[str, Article]) -> dict[str, SiteFact]:
    """Facts with the same id are one fact with several sources; the oldest report gives the wording."""
    by_id: dict[str, list[Fact]] = defaultdict(list)
    for fact in reports:
        by_id[fact.id].append(fact)
    merged = {}
    for fact_id, group in sorted(by_id.items()):
        group.sort(key=lambda f: _source_order(f, articles))
        first = group[0]
        merged[fact_id] = SiteFact(
            id=fact_id,
            kind=first.kind,
            subject=first.subject,
            object=first.object,
            quantity=first.quantity,
            date=merged_date(group),
            statement="",  # said in the site's language once every fact is merged: see `state_facts`
            sources=group,
            measure=next((f.measure for f in group if f.measure), ""),
        )
    return merged


def merged_date(reports: list[Fact]) -> FactDate:
    """A fact's date from its reports, oldest first: the first date a report states, else the earliest date
    of publication."""
    stated = [f.date for f in reports if not f.date.reported]
    return stated[0] if stated else min((f.date for f in reports), key=lambda d: d.value)


def state_facts(facts: dict[str, SiteFact], entities: dict[str, Entity], config: SiteConfig) -> None:
    """Give each fact its statement and the label of its figure, in the site's language."""
    for fact in facts.values():
        fact.statement = fact_statement(fact, entities, config.language, config.fact_kinds, config.catalogs)
        fact.figure_label = figure_label(fact, entities, config.language, config.fact_kinds, config.catalogs)


def quantity_text(quantity: Quantity | None) -> str:
    """A plain, locale-free description of a figure, used to name conflicting values."""
    if quantity is None:
        return "no figure"
    if quantity.low is not None and quantity.high is not None:
        figure = f"{number_text(quantity.low)}-{number_text(quantity.high)}"
    else:
        figure = number_text(quantity.value)
    qualifier = "" if quantity.qualifier in ("exact", "range") else f"{quantity.qualifier} "
    return f"{qualifier}{figure} {quantity.unit or ''}".strip()


# Facts that share a key: the same event, or the same figure.
_Groups = dict[tuple, list[SiteFact]]


def find_conflicts(facts: dict[str, SiteFact]) -> list[Conflict]:
    """Disagreements between sources about the same thing.

    Same kind, subject, object and date: differing figures in the same unit, or the same number in
    different units (91 data centres vs 91 availability zones). Same figure otherwise: differing dates.
    """
    by_event, by_figure = _group_figures(facts)
    conflicts: list[Conflict] = []
    for key, group in sorted(by_event.items()):
        conflicts += _figure_conflicts(key, group)
    for key, group in sorted(by_figure.items()):
        conflicts += _date_conflicts(key, group)
    for conflict in conflicts:
        for fact_id in conflict.fact_ids:
            facts[fact_id].conflicts.append(conflict)
    return conflicts


def _group_figures(facts: dict[str, SiteFact]) -> tuple[_Groups, _Groups]:
    """Facts with a figure, grouped by the event they describe and by the figure they state."""
    by_event: _Groups = defaultdict(list)
    by_figure: _Groups = defaultdict(list)
    for fact in facts.values():
        if fact.quantity is None:
            continue
        date = "" if fact.date.reported else fact.date.value
        by_event[(fact.kind, fact.subject, fact.object or "", date)].append(fact)
        by_figure[(fact.kind, fact.subject, fact.object or "", quantity_text(fact.quantity))].append(fact)
    return by_event, by_figure


def _figure_conflicts(key: tuple, group: list[SiteFact]) -> list[Conflict]:
    """Within one event: differing figures in the same unit, then the same number in differing units."""
    by_unit: dict[str, list[SiteFact]] = defaultdict(list)
    by_value: dict[str, list[SiteFact]] = defaultdict(list)
    for fact in group:
        by_unit[fact.quantity.unit or ""].append(fact)
        by_value[number_text(fact.quantity.value)].append(fact)
    conflicts = [
        _conflict("value", key, same_unit, quantity_text)
        for _unit, same_unit in sorted(by_unit.items())
        if len({quantity_text(f.quantity) for f in same_unit}) > 1
    ]
    conflicts += [
        _conflict("unit", key, same_value, quantity_text)
        for value, same_value in sorted(by_value.items())
        if value and len({f.quantity.unit for f in same_value}) > 1
    ]
    return conflicts


def _date_conflicts(key: tuple, group: list[SiteFact]) -> list[Conflict]:
    """Within one figure: stated dates that cannot both be right (reported dates are left out)."""
    stated = [f for f in group if not f.date.reported]
    return [_conflict("date", key, stated, None)] if _dates_disagree([f.date.value for f in stated]) else []


def _dates_disagree(values: list[str]) -> bool:
    """True when two dates cannot both be right: '2025-09' and '2025-09-18' agree at different precisions."""
    distinct = sorted(set(values))
    return any(
        not (b.startswith(a) or a.startswith(b)) for i, a in enumerate(distinct) for b in distinct[i + 1 :]
    )


def _conflict(field: str, key: tuple, group: list[SiteFact], describe) -> Conflict:
    group = sorted(group, key=lambda f: (f.sources[0].article, f.id))
    values = [describe(f.quantity) if describe else f.date.value for f in group]
    return Conflict(
        key="|".join(str(k) for k in key), field=field, fact_ids=[f.id for f in group], values=values
    )


def _timeline_key(fact: SiteFact) -> tuple:
    return (fact.date.value, fact.kind, fact.subject, fact.object or "", fact.id)


def _series_key(fact: SiteFact) -> tuple:
    """The figures that measure the same thing over time: same kind, object, unit and `measure=` (figures
    without one form a series by the other three)."""
    unit = (fact.quantity.unit or "") if fact.quantity else ""
    return (fact.kind, fact.object or "", unit, fact.measure)


def _sheet(
    entity: Entity,
    facts: dict[str, SiteFact],
    own: list[str],
    mentioned: set[str],
    articles: dict[str, Article],
) -> EntitySheet:
    """The sheet of `entity` from its own facts (timeline order) and the articles that mention it."""
    # One pass over the facts (a preview server makes the sheets a save touches again, some of thousands).
    # Key figures: the latest figure of each series the entity is the subject of; older ones are its history.
    latest: dict[tuple, str] = {}
    relations: dict[tuple, list[str]] = defaultdict(list)
    cited: set[str] = set()
    for fact_id in own:
        fact = facts[fact_id]
        if fact.subject == entity.id and fact.quantity is not None:
            latest[_series_key(fact)] = fact_id
        if fact.object:
            relations[(fact.kind, fact.subject, fact.object)].append(fact_id)
        for source in fact.sources:
            cited.add(source.article)
    key_figures = sorted(latest.values(), key=lambda i: _timeline_key(facts[i]), reverse=True)
    # Newest first, then by slug (from z): sorted by slug, then by date, which keeps the order of equal dates.
    slugs = sorted(mentioned | cited, reverse=True)
    slugs.sort(key=lambda s: articles[s].source.published, reverse=True)
    return EntitySheet(
        entity=entity,
        facts=own,
        key_figures=key_figures,
        relations=[
            Relation(kind=k, subject=s, object=o, fact_ids=ids)
            for (k, s, o), ids in sorted(relations.items())
        ],
        articles=slugs,
    )


def figure_history(sheet: EntitySheet, facts: dict[str, SiteFact]) -> dict[str, list[str]]:
    """For each key figure, every figure of its series, oldest first (the key figure is the last)."""
    series: dict[tuple, list[str]] = defaultdict(list)
    for fact_id in sheet.facts:  # already in timeline order
        fact = facts[fact_id]
        if fact.subject == sheet.entity.id and fact.quantity is not None:
            series[_series_key(fact)].append(fact_id)
    return {fact_id: series[_series_key(facts[fact_id])] for fact_id in sheet.key_figures}


def timeline_years(model: SiteModel) -> dict[str, list[str]]:
    """The facts of the timeline by the year they happened (or were reported), in timeline order."""
    years: dict[str, list[str]] = defaultdict(list)
    for fact_id in model.timeline:
        years[model.facts[fact_id].date.value[:4]].append(fact_id)
    return dict(years)


def aggregate(
    config: SiteConfig, entities: list[Entity], articles: list[Article], analysed: list[AnalysedArticle]
) -> SiteModel:
    """Build the whole site's model from every article's facts."""
    articles = [site_as_author(a, config) for a in articles]  # a summary's words are the site's
    by_slug = {a.slug: a for a in articles}
    facts = merge_facts([f for a in analysed for f in a.facts], by_slug)
    state_facts(facts, {e.id: e for e in entities}, config)
    conflicts = find_conflicts(facts)
    ordered = sorted(facts, key=lambda i: _timeline_key(facts[i]))
    # Index facts and mentions by entity in one pass: scanning them all for each entity made this stage
    # quadratic in the size of the archive (minutes at 10,000 articles).
    own: dict[str, list[str]] = defaultdict(list)
    for fact_id in ordered:
        fact = facts[fact_id]
        own[fact.subject].append(fact_id)
        if fact.object and fact.object != fact.subject:
            own[fact.object].append(fact_id)
    mentioned: dict[str, set[str]] = defaultdict(set)
    for article in analysed:
        for mention in article.mentions:
            if mention.id is not None:
                mentioned[mention.id].add(article.slug)
    sheets = {
        e.id: _sheet(e, facts, own.get(e.id, []), mentioned.get(e.id, set()), by_slug) for e in entities
    }
    as_of = max((a.source.published for a in articles), default="")
    return SiteModel(
        config=config,
        entities={e.id: e for e in entities},
        articles=by_slug,
        analysed={a.slug: a for a in analysed},
        facts=facts,
        timeline=ordered,
        sheets=sheets,
        conflicts=conflicts,
        as_of=as_of,
    )
