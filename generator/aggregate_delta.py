"""The aggregate stage kept between builds: after a change, only the facts the changed articles touch are
merged again, and only their disagreements and sheets recomputed.

`Aggregator.aggregate` gives the model `aggregate.aggregate` gives for the same input (a test compares them
after many kinds of change). It keeps the previous build's merged facts and indexes: the reports of every
fact, the facts and mentions of every article, the groups of facts that may disagree and their
conflicts, the timeline and each entity's facts. An article is unchanged when its path, text and analysis are;
anything else that reaches every fact (the settings, the registry, whether drafts are built) makes it
aggregate the whole archive again. A preview server keeps one `Aggregator` for its lifetime; a command-line
build starts one from the aggregation the store kept (`resume_from`, see `cache/snapshot.py`), so that it too
aggregates only what changed.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import operator
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

from generator.aggregate import (
    _date_conflicts,
    _figure_conflicts,
    _series_key,
    _sheet,
    _timeline_key,
    aggregate,
    merge_facts,
    quantity_text,
    state_facts,
)
from generator.cache.digest import digest_of
from generator.consistency import LinkMemo, conflict_warnings
from generator.errors import Problem
from generator.model import (
    AnalysedArticle,
    Article,
    Conflict,
    Entity,
    EntitySheet,
    Fact,
    Relation,
    SiteConfig,
    SiteFact,
    SiteModel,
)
from generator.provenance import site_as_author

log = logging.getLogger(__name__)


def _event_key(fact: SiteFact) -> tuple:
    return (fact.kind, fact.subject, fact.object or "", "" if fact.date.reported else fact.date.value)


def _figure_key(fact: SiteFact) -> tuple:
    return (fact.kind, fact.subject, fact.object or "", quantity_text(fact.quantity))


_LAST = operator.itemgetter(-1)  # a timeline key's fact id
_PUBLISHED = operator.attrgetter("source.published")
_PROBLEMS = operator.itemgetter(2)  # of a memo in `Aggregator._warnings`
_KEY = operator.itemgetter(1)  # of a group in `Aggregator._conflicted`


def _joined(key: tuple) -> str:
    return "|".join(str(k) for k in key)  # as `aggregate._conflict` names a conflict


def _entities_of(fact: SiteFact) -> set[str]:
    return {fact.subject, *([fact.object] if fact.object else [])}


def _sorted_timeline(keys: list[tuple]) -> list[tuple]:
    """Timeline keys sorted, as `sorted` sorts them. Sorted by their parts joined first (one comparison of
    strings per step instead of one per part: a third of the time at 100,000 facts), which orders them the
    same when no part holds the separator: checked in one pass, and sorted as tuples otherwise."""
    try:
        joined = sorted(keys, key="\x00".join)
    except TypeError:  # a part that is not a string (never made so, but the store's rows are not trusted)
        return sorted(keys)
    if all(map(operator.lt, joined, itertools.islice(joined, 1, None))):
        return joined
    return sorted(keys)


class _Newest:
    """Orders a sheet's articles as it lists them, newest first, then by slug from z (for `bisect`)."""

    __slots__ = ("published", "slug")

    def __init__(self, published: str, slug: str) -> None:
        self.published, self.slug = published, slug

    def __lt__(self, other: _Newest) -> bool:
        return (other.published, other.slug) < (self.published, self.slug)


def _in_place(articles: list[str], slug: str, shown: dict[str, Article]) -> bool:
    """Whether `slug` is still between its neighbours in a sheet's list of articles (its date may have
    changed)."""
    index = articles.index(slug)
    here = _Newest(shown[slug].source.published, slug)
    return (
        index == 0 or not here < _Newest(shown[articles[index - 1]].source.published, articles[index - 1])
    ) and (
        index == len(articles) - 1
        or here < _Newest(shown[articles[index + 1]].source.published, articles[index + 1])
    )


@dataclass(frozen=True)
class Changes:
    """What the last aggregation changed, for the page keys: `full` (everything may have), or the facts
    whose object is new or gone, with every other fact of the groups they disagree in."""

    full: bool
    facts: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()  # added, removed or changed (their text or path)
    sheets: frozenset[str] = frozenset()  # the entities whose sheet was made again
    # The models these changes lead from and to, numbered by the aggregator: changes are of use only to
    # whoever saw the model `since` (a build that failed after aggregating left one unseen).
    since: int = -1
    serial: int = -1


class _Kept:
    """One article as the last aggregation saw it: its token (`article_token`: equal tokens, equal
    analysis), the article as the site shows it (`site_as_author`; None for a version known
    only from the store, which the next update takes out: its text changed, or it is gone), the ids of its
    facts and the entity ids its mentions name.

    Of an article analysed now, the two sets are those of its analysis, made when first asked: an update
    asks for those of the articles it touches, and at 10,000 articles the sets of all of them (with the
    index of the articles mentioning each entity they made) were 46 MB and 0.12 s of a one-article build."""

    __slots__ = ("token", "article", "_fact_ids", "_mentioned", "_analysis")

    def __init__(
        self,
        token: tuple[str, str],
        article: Article | None,
        fact_ids: set[str] | None = None,
        mentioned: set[str] | None = None,
        analysis: AnalysedArticle | None = None,
    ):
        self.token = token
        self.article = article
        self._fact_ids = fact_ids
        self._mentioned = mentioned
        self._analysis = analysis

    @property
    def fact_ids(self) -> set[str]:
        if self._fact_ids is None:
            self._fact_ids = _fact_ids(self._analysis)
        return self._fact_ids

    @property
    def mentioned(self) -> set[str]:
        if self._mentioned is None:
            self._mentioned = _mentioned(self._analysis)
        return self._mentioned

    def row(self) -> tuple[tuple[str, str], set[str], set[str]]:
        """Its token, fact ids and mentions, the sets made (not kept) when not asked for yet."""
        return (
            self.token,
            _fact_ids(self._analysis) if self._fact_ids is None else self._fact_ids,
            _mentioned(self._analysis) if self._mentioned is None else self._mentioned,
        )


def _fact_ids(analysis: AnalysedArticle | None) -> set[str]:
    return {f.id for f in analysis.facts}  # type: ignore[union-attr]


def _mentioned(analysis: AnalysedArticle | None) -> set[str]:
    return {m.id for m in analysis.mentions if m.id is not None}  # type: ignore[union-attr]


class _KeptArticles(Mapping):
    """Each kept article's token, fact ids and mentions by slug (`Aggregator.kept_articles`), each made
    when asked: the rows of a one-article build ask for a few."""

    def __init__(self, kept: dict[str, _Kept]):
        self._kept = kept

    def __getitem__(self, slug: str) -> tuple[tuple[str, str], set[str], set[str]]:
        return self._kept[slug].row()

    def __iter__(self) -> Iterator[str]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)


@dataclass
class KeptAggregation:
    """An aggregation as the store kept it, made objects again (`cache/snapshot.py`), for `Aggregator` to
    resume from. The facts' reports are the present analyses' objects; the reports of an article whose
    text changed since (or that is gone) are left out, since the next update merges its facts again."""

    facts: dict[str, SiteFact]  # by id, in id order, without their conflicts (made again from `conflicts`)
    conflicts: list[Conflict]  # in the model's order
    warnings: list[list[Problem]]  # the warnings of each conflict, in the same order
    sheets: dict[str, EntitySheet]
    # each article the aggregation had: its token, the ids of its facts and the entities it mentions (None
    # and None for an article analysed now with that token: those of its analysis, see `_Kept`)
    articles: dict[str, tuple[tuple[str, str], set[str] | None, set[str] | None]] = field(
        default_factory=dict
    )
    # the entities that say something else of themselves (`_SHOWN_ONLY`) than when their sheet was kept
    edited: frozenset[str] = frozenset()


# Given the digest of the settings and registry (`Aggregator.aggregate`'s base) and the build's input, the
# aggregation kept for them, or None.
ResumeFrom = Callable[[str, list[Entity], list[Article], list[AnalysedArticle]], "KeptAggregation | None"]
# Given the base and the registry, articles and analyses a build has before its changed articles are
# analysed, read the kept aggregation ahead, for `ResumeFrom` to give (when the build's input turns out to be
# that one).
Prefetch = Callable[[str, list[Entity], list[Article], list[AnalysedArticle]], "KeptAggregation | None"]
# What indexing a kept aggregation makes (`Aggregator._index_kept`), taken up whole by `_resume`.
_KEPT_INDEXES = (
    "_reports",
    "_events",
    "_figures",
    "_unindexed",
    "_event_conflicts",
    "_figure_conflicts",
    "_conflicted",
    "_warnings",
    "_facts",
    "_timeline",
    "_own",
)


# What an entity says only of itself: its sheet shows it, no fact does (`Aggregator._update` gives the sheet
# the edited entity). Every other field, and any field added later, reaches the facts (`_base`).
_SHOWN_ONLY = frozenset({"aliases", "description", "infobox", "location"})
_AGGREGATED_FIELDS = tuple(f.name for f in fields(Entity) if f.name not in _SHOWN_ONLY)


def article_token(article: Article, analysed: AnalysedArticle) -> tuple[str, str]:
    """What tells an article unchanged since an aggregation: its path, and the hash of its text with the
    digest of its analysis (the same text analysed under a registry with another alias may find other
    mentions)."""
    return article.path, f"{article.content_hash}:{analysed.digest}"


def _base(config: SiteConfig, entities: list[Entity], drafts: bool) -> str:
    """What reaches every fact: a change of it aggregates every fact again. Of the registry, each entity's
    id (in order), kind, name and review state; not what it says only of itself (`_SHOWN_ONLY`), nor its
    aliases, which reach facts only through the analyses of the articles they are found in (an article
    whose analysis changed has another `article_token`)."""
    registry = [tuple(repr(getattr(e, name)) for name in _AGGREGATED_FIELDS) for e in entities]
    return digest_of(repr(config), repr(registry), repr(drafts))


class Aggregator:
    """The site model of the last build and the indexes that let the next one change only what it must."""

    def __init__(self) -> None:
        self._base = ""  # digest of the settings and registry the state was built with
        self._kept: dict[str, _Kept] = {}
        # The reports of each fact: its `sources` list itself until a change replaces it (never changed in
        # place: a model may still show the fact), so taking up 100,000 facts copies no list.
        self._reports: dict[str, list[Fact]] = {}
        self._facts: dict[str, SiteFact] = {}
        self._events: dict[tuple, set[str]] = defaultdict(set)
        self._figures: dict[tuple, set[str]] = defaultdict(set)
        # The facts not in `_events` and `_figures` yet, by subject: a kept aggregation's groups are made
        # when a change reaches their subject (every group is of one subject), not for every fact at once.
        self._unindexed: dict[str, list[str]] = {}
        # The conflicts of each group that has some (most have none), and those groups in the order the
        # model lists their conflicts: (0, event key) before (1, figure key), each by key. Kept sorted as
        # groups gain or lose conflicts, so an update lists them without sorting every group again.
        self._event_conflicts: dict[tuple, list[Conflict]] = {}
        self._figure_conflicts: dict[tuple, list[Conflict]] = {}
        self._conflicted: list[tuple[int, tuple]] = []
        self._timeline: list[tuple] = []  # timeline keys, sorted; a key's last part is the fact id
        # The model's timeline, the ids of `_timeline` (None: to be taken from it); never changed in place
        self._timeline_ids: list[str] | None = None
        # The model's conflicts as `_all_conflicts` lists them (None: to be listed again)
        self._listed: list[Conflict] | None = None
        self._own: dict[str, list[str]] = {}
        # Of the last update: the touched facts as they were, and the touched facts (as they were and as
        # merged now) of each entity they are of, for remaking its sheet from the one before.
        self._touched_old: dict[str, SiteFact] = {}
        self._touching: dict[str, tuple[list[SiteFact], list[SiteFact]]] = {}
        self._model: SiteModel | None = None
        self.merged_again = 0  # facts merged again by the last call: how much work the change cost
        self._warnings: dict[int, tuple[Conflict, tuple[SiteFact, ...], list[Problem]]] = {}
        self._warned = -1  # the serial of the model `_warnings` are of
        # the model's list of conflicts `_warnings` are of, and the warnings made of it
        self._warned_conflicts: list[Conflict] | None = None
        self._warned_list: list[Problem] = []
        self.changes = Changes(full=True)  # of the last call
        self._serial = 0
        # each article's links, as `consistency.link_problems` found them (it keeps them here between builds)
        self.links: LinkMemo = {}
        # Where a new aggregator may find the aggregation of an earlier build (the store's), instead of
        # aggregating every fact again; asked once, by the first call.
        self.resume_from: ResumeFrom | None = None
        self.prefetch_from: Prefetch | None = None  # and how to read it ahead (see `prepare`)
        self.resumed = False  # the last call started from the store's aggregation
        self._staged: Aggregator | None = None  # the kept aggregation indexed ahead (see `prepare`)
        self._edited: set[str] = set()  # entities the kept aggregation knew saying something else

    def aggregate(
        self,
        config: SiteConfig,
        entities: list[Entity],
        articles: list[Article],
        analysed: list[AnalysedArticle],
        drafts: bool = False,
    ) -> SiteModel:
        """The model of these articles; only the changes since the last call are aggregated again."""
        base = _base(config, entities, drafts)
        self.resumed = False
        if self._model is None and self.resume_from is not None:
            kept, self.resume_from = self.resume_from(base, entities, articles, analysed), None
            self.prefetch_from = None
            if kept is not None:
                try:
                    self._resume(kept, config, entities, articles, analysed, base)
                except (KeyError, ValueError):  # kept rows that do not fit together: aggregated anew below
                    log.info("the stored aggregation does not fit together; aggregating every fact again")
                    self._reset()
        if base != self._base or self._model is None:
            self._base = ""  # a failure below leaves no half-made state behind
            model = self._start(config, entities, articles, analysed)
            self._base = base
            self.changes = Changes(full=True)
        else:
            self.changes = Changes(full=True)  # until the update below has finished
            model = self._update(config, entities, articles, analysed)
        model.drafts = drafts
        self._model = model
        self._serial += 1
        self.changes = replace(self.changes, since=self._serial - 1, serial=self._serial)
        return model

    # --- a whole aggregation ---------------------------------------------------------------------------

    def _start(
        self,
        config: SiteConfig,
        entities: list[Entity],
        articles: list[Article],
        analysed: list[AnalysedArticle],
    ) -> SiteModel:
        model = aggregate(config, entities, articles, analysed)
        self._reset()
        self.merged_again = len(model.facts)
        by_slug = {a.slug: a for a in analysed}
        for article in articles:
            result = by_slug.get(article.slug)
            if result is not None:
                self._keep(article, model.articles[article.slug], result)
        for fact_id, fact in model.facts.items():
            self._reports[fact_id] = fact.sources
            if fact.quantity is not None:
                self._events[_event_key(fact)].add(fact_id)
                self._figures[_figure_key(fact)].add(fact_id)
        self._sort_conflicts(model.conflicts)
        self._facts = model.facts
        self._timeline = [_timeline_key(model.facts[i]) for i in model.timeline]
        self._timeline_ids = model.timeline
        for sheet_id, sheet in model.sheets.items():
            self._own[sheet_id] = list(sheet.facts)
        return model

    def _reset(self) -> None:
        """Forget the last aggregation, but not what outlives it."""
        serial, links = self._serial, self.links
        self.__init__()
        self._serial, self.links = serial, links  # numbers never repeat in one aggregator's life

    # --- a whole aggregation, as the store kept it -------------------------------------------------------

    def _resume(
        self,
        kept: KeptAggregation,
        config: SiteConfig,
        entities: list[Entity],
        articles: list[Article],
        analysed: list[AnalysedArticle],
        base: str,
    ) -> None:
        """Take up the kept aggregation as if this aggregator had made it (the same state `_start` leaves):
        the next `_update` merges again what changed since, as it does for a preview server."""
        staged = self._staged if self._staged is not None and self._staged._facts is kept.facts else None
        self._reset()
        if staged is None:
            self._index_kept(kept)
        else:  # indexed already, while the build waited for its analyses (see `prepare`)
            for name in _KEPT_INDEXES:
                setattr(self, name, getattr(staged, name))
            log.debug("the kept aggregation was indexed ahead")
        self._resume_articles(kept, config, articles, analysed)
        self._edited = set(kept.edited)  # (their sheets hold the entity as it is now: named by the update)
        # Of the last model, an update reads only the sheets (those it does not make again).
        self._model = SiteModel(
            config=config,
            entities={e.id: e for e in entities},
            articles={},
            analysed={},
            facts=kept.facts,
            timeline=list(map(_LAST, self._timeline)),
            sheets=kept.sheets,
            conflicts=kept.conflicts,
            as_of="",
        )
        self._base = base
        self.resumed = True

    def _index_kept(self, kept: KeptAggregation) -> None:
        """The indexes of the kept facts and their conflicts (`_KEPT_INDEXES`), as `_start` makes them but for
        the groups, made subject by subject as changes reach them (`_index_subject`); a ValueError when a
        conflict is not of its facts' group."""
        facts = kept.facts
        unindexed: dict[str, list[str]] = defaultdict(list)
        for fact_id, fact in facts.items():
            self._reports[fact_id] = fact.sources
            unindexed[fact.subject].append(fact_id)
        self._unindexed = dict(unindexed)
        for conflict, warnings in zip(kept.conflicts, kept.warnings, strict=True):
            group = tuple(facts[i] for i in conflict.fact_ids)
            self._file_kept_conflict(conflict, group[0])
            for fact in group:
                fact.conflicts.append(conflict)  # in the order `find_conflicts` gives them
            self._warnings[id(conflict)] = (conflict, group, warnings)
        self._order_conflicted()
        self._facts = facts
        self._timeline = _sorted_timeline(list(map(_timeline_key, facts.values())))
        self._own = {entity_id: list(sheet.facts) for entity_id, sheet in kept.sheets.items()}

    def _resume_articles(
        self,
        kept: KeptAggregation,
        config: SiteConfig,
        articles: list[Article],
        analysed: list[AnalysedArticle],
    ) -> None:
        """Each kept article as it is now when its token is the same, else as it was; a ValueError when the
        kept aggregation names no facts for an article it does not have analysed now with that token."""
        by_slug = {a.slug: a for a in analysed}
        for article in articles:
            stored, result = kept.articles.get(article.slug), by_slug.get(article.slug)
            if stored is not None and result is not None and stored[0] == article_token(article, result):
                # the kept facts and mentions are those of this very analysis (same text, same analysis)
                shown = site_as_author(article, config)
                self._kept[article.slug] = _Kept(stored[0], shown, stored[1], stored[2], result)
        for slug, (token, fact_ids, mentioned) in kept.articles.items():
            if slug not in self._kept:  # changed or gone: known by what it had, taken out by the update
                if fact_ids is None or mentioned is None:
                    raise ValueError(f"the kept article {slug} is not the one analysed")
                self._kept[slug] = _Kept(token, None, set(fact_ids), set(mentioned))

    def prepare(
        self,
        config: SiteConfig,
        entities: list[Entity],
        articles: list[Article],
        analysed: list[AnalysedArticle],
        drafts: bool = False,
    ) -> None:
        """Read the aggregation to resume from ahead, over the analyses known so far, and index it: a build
        calls it while changed articles are being analysed elsewhere, so that it does not wait idle."""
        if self._model is None and self.resume_from is not None and self.prefetch_from is not None:
            kept = self.prefetch_from(_base(config, entities, drafts), entities, articles, analysed)
            if kept is not None:
                staged = Aggregator()
                try:
                    staged._index_kept(kept)
                except ValueError:  # the resume finds it too, and aggregates anew
                    return
                self._staged = staged

    @property
    def model(self) -> SiteModel | None:
        """The model of the last call (None before the first)."""
        return self._model

    def kept_articles(self) -> Mapping[str, tuple[tuple[str, str], set[str], set[str]]]:
        """Each article of the last aggregation: its token, the ids of its facts, the entities it mentions."""
        return _KeptArticles(self._kept)

    def _mentions(self, slug: str, entity_id: str) -> bool:
        """Whether the article `slug` (as the last aggregation kept it) mentions `entity_id`."""
        kept = self._kept.get(slug)
        return kept is not None and entity_id in kept.mentioned

    def warnings_of(self, conflict: Conflict) -> list[Problem] | None:
        """The warnings `conflict_warnings` made last for `conflict` (this very object), if any."""
        memo = self._warnings.get(id(conflict))
        return memo[2] if memo is not None and memo[0] is conflict else None

    def _sort_conflicts(self, conflicts: list[Conflict]) -> None:
        """File the cold aggregation's conflicts by the group they came from (a conflict's `key` is its
        group's key joined; dates disagree within a figure, values and units within an event)."""
        events = {_joined(k): k for k in self._events}
        figures = {_joined(k): k for k in self._figures}
        for conflict in conflicts:
            if conflict.field == "date":
                self._figure_conflicts.setdefault(figures[conflict.key], []).append(conflict)
            else:
                self._event_conflicts.setdefault(events[conflict.key], []).append(conflict)
        self._order_conflicted()

    def _order_conflicted(self) -> None:
        """List the groups that have conflicts in the model's order (after a whole aggregation)."""
        self._listed = None
        self._conflicted = sorted(
            [(0, k) for k in self._event_conflicts] + [(1, k) for k in self._figure_conflicts]
        )

    def _index_subject(self, subject: str) -> None:
        """Put the facts of `subject` in their groups, if they are not yet (see `_unindexed`)."""
        ids = self._unindexed.pop(subject, None)
        if ids is None:
            return
        facts, events, figures = self._facts, self._events, self._figures
        for fact_id in ids:
            fact = facts[fact_id]
            if fact.quantity is not None:
                events[_event_key(fact)].add(fact_id)
                figures[_figure_key(fact)].add(fact_id)

    def _file_kept_conflict(self, conflict: Conflict, fact: SiteFact) -> None:
        """File a kept conflict by the group of its first fact, as `_sort_conflicts` files it by its key
        (joining the keys of the few groups that disagree, not of all); a ValueError when that group's key
        is not the conflict's."""
        table, key = (
            (self._figure_conflicts, _figure_key(fact))
            if conflict.field == "date"
            else (self._event_conflicts, _event_key(fact))
        )
        if fact.quantity is None or _joined(key) != conflict.key:
            raise ValueError(f"the disagreement {conflict.key} is not of its facts' group")
        table.setdefault(key, []).append(conflict)

    def _keep(self, article: Article, shown: Article, result: AnalysedArticle) -> None:
        self._kept[article.slug] = _Kept(article_token(article, result), shown, analysis=result)

    # --- a change --------------------------------------------------------------------------------------

    def _update(
        self,
        config: SiteConfig,
        entities: list[Entity],
        articles: list[Article],
        analysed: list[AnalysedArticle],
    ) -> SiteModel:
        by_slug = {a.slug: a for a in analysed}
        current = {a.slug for a in articles if a.slug in by_slug}
        changed = {s for s in self._kept if s not in current}  # removed
        for article in articles:
            kept = self._kept.get(article.slug)
            if article.slug in current and (
                kept is None or kept.token != article_token(article, by_slug[article.slug])
            ):
                changed.add(article.slug)
        touched_facts, touched_entities = self._replace_articles(changed, articles, by_slug, config)
        shown = {
            a.slug: self._kept[a.slug].article if a.slug in current else site_as_author(a, config)
            for a in articles
        }
        self._remerge(touched_facts, shown, entities, config, touched_entities)
        model = self._model
        assert model is not None
        entity_map = {e.id: e for e in entities}
        sheets = dict(model.sheets)
        remade = touched_entities & entity_map.keys()
        # An entity that says something else of itself (`_SHOWN_ONLY`) gets its sheet again around it.
        edited = [
            entity_id
            for entity_id, entity in entity_map.items()
            if entity_id not in remade
            and (sheet := sheets.get(entity_id)) is not None
            and (entity_id in self._edited or (sheet.entity is not entity and sheet.entity != entity))
        ]
        self._edited = set()
        for entity_id in edited:
            sheets[entity_id] = replace(sheets[entity_id], entity=entity_map[entity_id])
        self.changes = replace(
            self.changes, articles=frozenset(changed), sheets=frozenset(remade.union(edited))
        )
        for entity_id in sorted(remade):
            before = model.sheets.get(entity_id)
            if before is None:  # (a registry that gains an entity aggregates everything again: never here)
                sheets[entity_id] = _sheet(
                    entity_map[entity_id],
                    self._facts,
                    self._own.get(entity_id, []),
                    {s for s, kept in self._kept.items() if entity_id in kept.mentioned},
                    shown,
                )
            else:
                sheets[entity_id] = self._sheet_again(entity_map[entity_id], before, changed, shown)
        if self._timeline_ids is None:
            self._timeline_ids = list(map(_LAST, self._timeline))
        return SiteModel(
            config=config,
            entities=entity_map,
            articles=shown,
            analysed=by_slug,
            facts=self._facts,
            timeline=self._timeline_ids,
            sheets=sheets,
            conflicts=self._all_conflicts(),
            as_of=max(map(_PUBLISHED, shown.values()), default=""),
        )

    def _replace_articles(
        self,
        changed: set[str],
        articles: list[Article],
        by_slug: dict[str, AnalysedArticle],
        config: SiteConfig,
    ) -> tuple[set[str], set[str]]:
        """Take the old versions of the changed articles out and put the new ones in; returns the facts
        and the entities they touch (old and new versions)."""
        touched_facts: set[str] = set()
        touched_entities: set[str] = set()
        for slug in sorted(changed):
            kept = self._kept.pop(slug, None)
            if kept is None:
                continue
            touched_facts |= kept.fact_ids
            touched_entities |= kept.mentioned
            # Every report of these facts by this article is of its kept version (one version is kept).
            for fact_id in kept.fact_ids:
                self._reports[fact_id] = [r for r in self._reports.get(fact_id, []) if r.article != slug]
        new = {a.slug: a for a in articles if a.slug in changed and a.slug in by_slug}
        for slug in sorted(new):
            result = by_slug[slug]
            self._keep(new[slug], site_as_author(new[slug], config), result)
            kept = self._kept[slug]
            touched_facts |= kept.fact_ids
            touched_entities |= kept.mentioned
            for fact in result.facts:
                self._reports[fact.id] = [*self._reports.get(fact.id, ()), fact]
        return touched_facts, touched_entities

    def _remerge(
        self,
        touched: set[str],
        shown: dict[str, Article],
        entities: list[Entity],
        config: SiteConfig,
        touched_entities: set[str],
    ) -> None:
        """Merge the touched facts again, then redo the groups, conflicts, timeline and index they are in."""
        reports = [r for i in sorted(touched) for r in self._reports.get(i, [])]
        merged = merge_facts(reports, shown)
        state_facts(merged, {e.id: e for e in entities}, config)
        self.merged_again = len(merged)
        old = {i: self._facts[i] for i in touched if i in self._facts}
        for fact in (*old.values(), *merged.values()):  # the groups below are of these subjects only
            self._index_subject(fact.subject)
        groups: set[tuple[bool, tuple]] = set()
        self._move_in_timeline(old, merged)
        for fact_id, fact in old.items():
            touched_entities |= _entities_of(fact)
            if fact.quantity is not None:
                self._events[_event_key(fact)].discard(fact_id)
                self._figures[_figure_key(fact)].discard(fact_id)
                groups |= {(True, _event_key(fact)), (False, _figure_key(fact))}
        for fact_id, fact in merged.items():
            touched_entities |= _entities_of(fact)
            if fact.quantity is not None:
                self._events[_event_key(fact)].add(fact_id)
                self._figures[_figure_key(fact)].add(fact_id)
                groups |= {(True, _event_key(fact)), (False, _figure_key(fact))}
        facts = dict(self._facts)
        for fact_id in old.keys() - merged.keys():
            del facts[fact_id]
        facts.update(merged)
        if old.keys() != merged.keys():
            facts = {i: facts[i] for i in sorted(facts)}  # as `merge_facts` orders them
        members = self._regroup(groups, facts, set(merged))
        self._facts = facts
        self._reindex(old, merged)
        self.changes = Changes(full=False, facts=frozenset(old.keys() | merged.keys() | members))

    def _move_in_timeline(self, old: dict[str, SiteFact], merged: dict[str, SiteFact]) -> None:
        """Take the touched facts' keys that are no more out of the timeline and put the new ones in, the
        model's list of ids along (a copy: the last model keeps its own). A save that changes no fact's key
        (most do not) leaves both, the same list of ids for the next model."""
        before = set(map(_timeline_key, old.values()))
        after = set(map(_timeline_key, merged.values()))
        if before == after:
            return
        timeline, ids = self._timeline, self._timeline_ids
        ids = list(ids) if ids is not None else None
        for key in before - after:
            index = bisect.bisect_left(timeline, key)
            if index < len(timeline) and timeline[index] == key:
                del timeline[index]
                if ids is not None:
                    del ids[index]
        for key in sorted(after - before):
            index = bisect.bisect_left(timeline, key)
            timeline.insert(index, key)
            if ids is not None:
                ids.insert(index, key[-1])
        self._timeline_ids = ids

    def _regroup(
        self, groups: set[tuple[bool, tuple]], facts: dict[str, SiteFact], merged: set[str]
    ) -> set[str]:
        """Recompute the conflicts of the groups that changed, and the conflicts each of their facts has;
        returns the facts of those groups."""
        members: set[str] = set()
        for events, key in groups:
            table, conflicts = (
                (self._events, self._event_conflicts) if events else (self._figures, self._figure_conflicts)
            )
            if table.get(key):
                found = self._group_conflicts(key, table[key], facts, events)
                members |= table[key]
            else:
                table.pop(key, None)
                found = []
            self._file_conflicts(conflicts, key, found, 0 if events else 1)
        for fact_id in sorted(members):
            fact = facts[fact_id]
            event = self._event_conflicts.get(_event_key(fact), [])
            figure = self._figure_conflicts.get(_figure_key(fact), [])
            now = [c for c in (*event, *figure) if fact_id in c.fact_ids]
            if fact_id in merged:
                fact.conflicts = now  # a fact merged just now: a new object, no model shares it
            elif now != fact.conflicts:
                facts[fact_id] = replace(fact, conflicts=now)
        return members

    def _file_conflicts(
        self, conflicts: dict[tuple, list[Conflict]], key: tuple, found: list[Conflict], order: int
    ) -> None:
        """Make `found` the conflicts of the group `key` (of the table `order` names), keeping the list of
        groups that have some sorted."""
        had = key in conflicts
        if found and found == conflicts.get(key):
            return  # found again as they were: the same objects stay (the list of conflicts too)
        if found or had:
            self._listed = None
        if found:
            conflicts[key] = found
            if not had:
                bisect.insort(self._conflicted, (order, key))
        elif had:
            del conflicts[key]
            index = bisect.bisect_left(self._conflicted, (order, key))
            del self._conflicted[index]

    @staticmethod
    def _group_conflicts(
        key: tuple, members: set[str], facts: dict[str, SiteFact], events: bool
    ) -> list[Conflict]:
        group = [facts[i] for i in sorted(members)]
        return _figure_conflicts(key, group) if events else _date_conflicts(key, group)

    def _reindex(self, old: dict[str, SiteFact], merged: dict[str, SiteFact]) -> None:
        """Each touched entity's facts again, in timeline order: its list kept but for the touched facts, and
        the merged ones put in their places (sorting an entity's thousands of facts again took most of it)."""
        facts = self._facts
        touching: dict[str, tuple[list[SiteFact], list[SiteFact]]] = defaultdict(lambda: ([], []))
        for fact in old.values():
            for entity_id in _entities_of(fact):
                touching[entity_id][0].append(fact)
        for fact in merged.values():
            for entity_id in _entities_of(fact):
                touching[entity_id][1].append(fact)
        for entity_id, (_gone, new) in touching.items():
            own = [i for i in self._own.get(entity_id, ()) if i not in old]
            for fact in new:
                bisect.insort(own, fact.id, key=lambda i: _timeline_key(facts[i]))
            self._own[entity_id] = own
        self._touched_old, self._touching = old, dict(touching)

    # --- a sheet made again from the one before and the facts the change touched --------------------------

    def _sheet_again(
        self, entity: Entity, before: EntitySheet, changed: set[str], shown: dict[str, Article]
    ) -> EntitySheet:
        """The sheet `aggregate._sheet` makes of `entity` now, from its sheet `before` the change: only its
        parts that the touched facts and the changed articles reach are made again."""
        gone, new = self._touching.get(entity.id, ((), ()))
        return EntitySheet(
            entity=entity,
            facts=self._own.get(entity.id, []),
            key_figures=self._key_figures_again(entity.id, before, gone, new),
            relations=self._relations_again(before, gone, new),
            articles=self._articles_again(entity.id, before, gone, new, changed, shown),
        )

    def _key_figures_again(
        self, entity_id: str, before: EntitySheet, gone: Sequence[SiteFact], new: Sequence[SiteFact]
    ) -> list[str]:
        """The latest figure of each series: a series the change reaches has for its latest the newest of
        its merged facts and its latest before when that was not touched; its own facts are looked through
        only when the latest before was touched and no merged fact is as new."""
        gone = [f for f in gone if f.subject == entity_id and f.quantity is not None]
        new = [f for f in new if f.subject == entity_id and f.quantity is not None]
        if not gone and not new:
            return before.key_figures
        facts, old = self._facts, self._touched_old
        latest = {_series_key(old.get(i) or facts[i]): i for i in before.key_figures}
        for series in {_series_key(f) for f in (*gone, *new)}:
            last = latest.pop(series, None)
            newest = max((_timeline_key(f) for f in new if _series_key(f) == series), default=None)
            if last is not None and last not in old:  # the latest before is still there
                newest = max(newest or (), _timeline_key(facts[last]))
            elif last is not None and (newest is None or newest < _timeline_key(old[last])):
                newest = self._last_of_series(entity_id, series)
            if newest is not None:
                latest[series] = _LAST(newest)
        return sorted(latest.values(), key=lambda i: _timeline_key(facts[i]), reverse=True)

    def _last_of_series(self, entity_id: str, series: tuple) -> tuple | None:
        """The timeline key of the latest figure of `entity_id`'s `series`, looked for from the newest."""
        facts = self._facts
        for fact_id in reversed(self._own.get(entity_id, [])):
            fact = facts[fact_id]
            if fact.subject == entity_id and fact.quantity is not None and _series_key(fact) == series:
                return _timeline_key(fact)
        return None

    def _relations_again(
        self, before: EntitySheet, gone: Sequence[SiteFact], new: Sequence[SiteFact]
    ) -> list[Relation]:
        """The relations the touched facts are of made again (the others are kept, the same objects)."""
        gone = [f for f in gone if f.object]
        new = [f for f in new if f.object]
        if not gone and not new:
            return before.relations
        facts, old = self._facts, self._touched_old
        relations = {(r.kind, r.subject, r.object): r for r in before.relations}
        for key in {(f.kind, f.subject, f.object) for f in (*gone, *new)}:
            relation = relations.pop(key, None)
            ids = [i for i in relation.fact_ids if i not in old] if relation is not None else []
            for fact in new:
                if (fact.kind, fact.subject, fact.object) == key:
                    bisect.insort(ids, fact.id, key=lambda i: _timeline_key(facts[i]))
            if ids:
                relations[key] = Relation(kind=key[0], subject=key[1], object=key[2], fact_ids=ids)
        return [relations[k] for k in sorted(relations)]

    def _articles_again(
        self,
        entity_id: str,
        before: EntitySheet,
        gone: Sequence[SiteFact],
        new: Sequence[SiteFact],
        changed: set[str],
        shown: dict[str, Article],
    ) -> list[str]:
        """The articles that mention or are cited by the entity, newest first: only the changed articles and
        the sources of the touched facts may have come, gone or moved."""
        maybe = set(changed)
        for fact in (*gone, *new):
            maybe.update(r.article for r in fact.sources)
        listed = set(before.articles)
        now = {s for s in maybe if self._mentions(s, entity_id) or self._cites(s, entity_id)}
        moved = {s for s in now & listed & changed if not _in_place(before.articles, s, shown)}
        out = ((listed & maybe) - now) | moved
        come = (now - listed) | moved
        if not out and not come:
            return before.articles
        articles = [s for s in before.articles if s not in out] if out else list(before.articles)
        for slug in sorted(come):
            bisect.insort(articles, slug, key=lambda s: _Newest(shown[s].source.published, s))
        return articles

    def _cites(self, slug: str, entity_id: str) -> bool:
        """Whether the article `slug` reports a fact of `entity_id` (as one of its sources)."""
        kept = self._kept.get(slug)
        if kept is None:
            return False
        facts = self._facts
        return any(facts[i].subject == entity_id or facts[i].object == entity_id for i in kept.fact_ids)

    def conflict_warnings(self, model: SiteModel) -> list[Problem]:
        """`consistency.conflict_warnings` of the model, each conflict's warning made again only when the
        conflict or one of its facts is a new object (what did not change keeps its objects). Which facts
        are new objects the changes say (a save touches few of the 16,000 conflicts of a big archive)."""
        warnings = []
        kept: dict[int, tuple[Conflict, tuple[SiteFact, ...], list[Problem]]] = {}
        changes = self.changes
        # The changes name every fact that is a new object since the model the warnings were made for.
        told = not changes.full and changes.since == self._warned and changes.serial == self._serial
        if told and model.conflicts is self._warned_conflicts and changes.facts <= model.facts.keys():
            return self._warnings_again(model, changes.facts)
        for conflict in model.conflicts:
            memo = self._warnings.get(id(conflict))
            if (
                memo is None
                or memo[0] is not conflict
                or not (told and changes.facts.isdisjoint(conflict.fact_ids))
            ):
                facts = tuple(model.facts[i] for i in conflict.fact_ids)
                if (
                    memo is None
                    or memo[0] is not conflict
                    or any(a is not b for a, b in zip(memo[1], facts, strict=True))
                ):
                    memo = (conflict, facts, conflict_warnings(replace(model, conflicts=[conflict])))
            kept[id(conflict)] = memo
            warnings += memo[2]
        self._warnings = kept
        self._warned = self._serial if model is self._model else -1
        self._warned_conflicts, self._warned_list = model.conflicts, warnings
        return list(warnings)

    def _warnings_again(self, model: SiteModel, changed: frozenset[str]) -> list[Problem]:
        """The warnings of the same list of conflicts the last were made for, when the changes name every
        fact that is a new object: only the conflicts of those facts (each fact lists its own) are looked
        at, not every conflict."""
        memos, facts = self._warnings, model.facts
        again = False
        for fact_id in changed:
            for conflict in facts[fact_id].conflicts:
                memo = memos.get(id(conflict))
                group = tuple(facts[i] for i in conflict.fact_ids)
                if (
                    memo is None
                    or memo[0] is not conflict
                    or any(a is not b for a, b in zip(memo[1], group, strict=True))
                ):
                    memos[id(conflict)] = (
                        conflict,
                        group,
                        conflict_warnings(replace(model, conflicts=[conflict])),
                    )
                    again = True
        if again:
            self._warned_list = list(
                itertools.chain.from_iterable(
                    map(_PROBLEMS, map(memos.__getitem__, map(id, model.conflicts)))
                )
            )
        self._warned = self._serial if model is self._model else -1
        return list(self._warned_list)

    def _all_conflicts(self) -> list[Conflict]:
        """Every conflict, in the order `find_conflicts` gives them: by event, then by figure (only the groups
        that have some are visited)."""
        if self._listed is None:
            conflicted = self._conflicted
            figures = bisect.bisect_left(conflicted, (1,))  # where the figures' groups start
            events = map(self._event_conflicts.__getitem__, map(_KEY, itertools.islice(conflicted, figures)))
            dates = map(
                self._figure_conflicts.__getitem__, map(_KEY, itertools.islice(conflicted, figures, None))
            )
            self._listed = list(itertools.chain.from_iterable(itertools.chain(events, dates)))
        return self._listed
