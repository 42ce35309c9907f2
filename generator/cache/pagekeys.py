"""What each page is made of, as a digest: a page whose digest is the one of the page already in the output
is linked from there rather than rendered again.

Fact sheets and article pages are most of a site and each reads a small part of the model, so each gets a
key: a digest of the site-wide inputs every page may read (code, libraries, templates, settings, every
entity's name and kind, the "as of" date) and of the model objects that page shows; so do the
pages of a sheet's facts by year and the timeline's pages by year and month. An entity's aliases, description
and infobox are in the keys of its own sheet and pages and of the site-wide pages only.
The site-wide pages (home, the timeline's index, sources, data, 404) and exports read the whole model
but no article's body: they share one key of every fact, article's metadata and sheet.

A key that changes when nothing on the page did costs one page's rendering; a key that stays the same
when the page changed would leave a stale page, so the keys hash whole objects (their `repr`, which names
every field) rather than picking the fields a template is known to read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.aggregate_delta import Changes
from generator.cache.digest import digest_of, tree_digest
from generator.cache.factdigests import FactKeys, narrowed_changes
from generator.cache.versions import code_digest, library_versions
from generator.model import Article, EntitySheet, SiteModel
from generator.render.archive import Archive, ArchivePage, sheet_archive, sources_archive, timeline_archive
from generator.render.urls import article_path, entity_path

if TYPE_CHECKING:
    from generator.render.factrows import ExportPlace


@dataclass
class KeyMemo:
    """The digest of each fact, article and sheet object hashed so far, by id, with the object it is of.

    A preview server keeps one between builds: its aggregator hands on the objects of what did not change,
    so only the changed ones are hashed again (a digest is reused only for the very same object).
    """

    facts: dict[str, tuple[object, str]] = field(default_factory=dict)
    articles: dict[str, tuple[object, str]] = field(default_factory=dict)
    sheets: dict[str, tuple[object, tuple[str, str]]] = field(default_factory=dict)
    # Each page of facts as last keyed: the digest of its shape (its facts in order and what else it
    # shows, its outline) and its key; with the site key they were made under. A page whose shape is the
    # same, none of its facts and articles changed (`Changes`), keeps its key without hashing its facts.
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    site: str = ""
    serial: int = -1  # the aggregator's number of the model they are of (`Changes.serial`)
    # A command-line build's: the fact digests the store kept from the last build into the output, and
    # those this build keeps (a preview server keeps the objects instead, and has none).
    stored: FactKeys | None = None
    # A preview server's: each sheet as last keyed (see `KeptSheet`), by entity id; and every fact's id in
    # the model's order with their digests joined, as the exports' key last hashed them.
    sheets_kept: dict[str, KeptSheet] = field(default_factory=dict)
    every_fact: tuple[list[str], list[str], str] | None = None  # ids, their digests, the digest of all
    # Likewise every article's metadata digest in the model's order, and the site's pages (the exports'
    # sitemap), each with the digest of them all.
    every_article: tuple[list[str], str] | None = None
    every_page: tuple[list[str], str] | None = None
    timeline_kept: KeptTimeline | None = None
    sources_kept: KeptSources | None = None
    # Each article page's key, with the article object, and the site key and analysis digest it was made of.
    article_pages: dict[str, tuple[object, tuple[str, str], str]] = field(default_factory=dict)
    # The shape of each page of an archive (see `PageKeyer._shape`), with the page and outline it is of.
    shapes: dict[str, tuple[ArchivePage, str, str]] = field(default_factory=dict)
    # The outlines of each archive's periods (`ArchiveOutlines`), by the archive's id: a preview server's
    # kept archives are the same objects from save to save, and their outlines need not be made again.
    outlines: dict[int, ArchiveOutlines] = field(default_factory=dict)

    def unchanged_sheets(self, model: SiteModel, changes: Changes | None) -> dict[str, KeptSheet]:
        """The sheets of `model` kept as they were: the very sheet object the memo keyed, none of whose
        facts or articles `changes` names, when those changes lead from the model the memo last saw. Their
        archives are planned and their pages keyed as before (the keys if the site key is the same too)."""
        if changes is None or changes.full or changes.since != self.serial:
            return {}
        facts, articles = changes.facts, changes.articles
        return {
            entity_id: kept
            for entity_id, kept in self.sheets_kept.items()
            if model.sheets.get(entity_id) is kept.sheet
            and kept.fact_ids.isdisjoint(facts)
            and kept.slugs.isdisjoint(articles)
        }

    def kept_archives(self, model: SiteModel, changes: Changes | None) -> dict[str, Archive]:
        """The archives of the sheets of `model` as last planned, by entity id, where the plan still holds:
        the sheet lists the facts the memo's sheet listed, in the same order, and each of them that changed
        kept the year and month of its date (all a plan reads of a fact), when `changes` lead from the model
        the memo last saw. A sheet made again for a fact that changed its figure keeps its pages."""
        if changes is None or changes.full or changes.since != self.serial:
            return {}
        facts, before = model.facts, self.facts
        found = {}
        for entity_id, kept in self.sheets_kept.items():
            sheet = model.sheets.get(entity_id)
            if sheet is None or (sheet is not kept.sheet and sheet.facts != kept.sheet.facts):
                continue
            for fact_id in changes.facts & kept.fact_ids:
                old, new = before.get(fact_id), facts.get(fact_id)
                if old is None or new is None or old[0].date.value[:7] != new.date.value[:7]:
                    break
            else:
                found[entity_id] = kept.archive
        return found

    def kept_keys(
        self, entity_id: str, model: SiteModel, paths: list[str], changes: Changes | None, site: str
    ) -> dict[str, str] | None:
        """The keys this memo's page entries hold for a sheet's pages (`paths`), when the aggregation did not
        make the sheet again and changed none of its facts since the model the entries are of (a
        command-line build's entries come from the store: see `take_up`); else None."""
        if changes is None or changes.full or changes.since != self.serial or self.site != site:
            return None
        if entity_id in changes.sheets or not changes.facts.isdisjoint(model.sheets[entity_id].facts):
            return None
        entries = [self.pages.get(path) for path in paths]
        if any(entry is None for entry in entries):
            return None
        return {path: entry[1] for path, entry in zip(paths, entries, strict=True)}

    def unchanged_timeline(self, model: SiteModel, changes: Changes | None) -> Archive | None:
        """The timeline's archive as last planned, when `model` has the timeline it was planned from: the
        same facts in the same order, and each changed fact at the date it had (the others are the very
        objects the memo saw)."""
        kept = self.timeline_kept
        if kept is None or changes is None or changes.full or changes.since != self.serial:
            return None
        facts = model.facts
        if any(i in facts and facts[i].date.value != kept.dates.get(i) for i in changes.facts):
            return None
        return kept.archive if model.timeline == kept.timeline else None

    def unchanged_sources(self, model: SiteModel, changes: Changes | None) -> Archive | None:
        """The sources' archive as last planned, when `changes` lead from the model it was planned from and
        no article they name was added, removed or published on another date."""
        kept = self.sources_kept
        if kept is None or changes is None or changes.full or changes.since != kept.serial:
            return None
        articles, published = model.articles, kept.published
        for slug in changes.articles:
            article = articles.get(slug)
            if (article.source.published if article is not None else None) != published.get(slug):
                return None
        return kept.archive

    def keep_sources(self, model: SiteModel, archive: Archive, changes: Changes | None) -> None:
        """Keep the sources' archive planned for `model`, the model `changes` lead to (a preview server's)."""
        if changes is None or self.stored is not None:
            self.sources_kept = None
        elif self.sources_kept is None or self.sources_kept.archive is not archive:
            published = {slug: a.source.published for slug, a in model.articles.items()}
            self.sources_kept = KeptSources(changes.serial, published, archive)
        else:  # taken up: of the new model too
            self.sources_kept = KeptSources(changes.serial, self.sources_kept.published, archive)

    def take_up(self, kept: KeptPages, generation: str, changes: Changes) -> bool:
        """Start from the pages a command-line build kept in the store (see `KeptPages`) when `changes`
        lead from the very model they were keyed from: the kept aggregation `generation` the aggregator
        resumed from (its `Changes.since`). True when they are taken up; otherwise every page is hashed."""
        if not (kept.generation and kept.generation == generation and kept.site) or changes.full:
            return False
        self.pages, self.site, self.serial = dict(kept.pages), kept.site, changes.since
        return True

    def keep_pages(self, found: dict[str, str]) -> None:
        """Keep the entries of the pages `found` only: the shapes once they outnumber them (they are used
        only for the very archive page they name)."""
        self.pages = {path: kept for path, kept in self.pages.items() if path in found}
        if len(self.shapes) > len(found):
            self.shapes = {path: kept for path, kept in self.shapes.items() if path in found}

    def forget_all_but(self, model: SiteModel) -> None:
        """Drop what is no longer in the model (a preview server's memo would otherwise only grow), once a
        table holds a twentieth more than the model: an entry is used only for the very object it names,
        so an old one is never wrong, and comparing every id (100,000 facts) on each rebuild is not free."""
        for table, alive in (
            (self.facts, model.facts),
            (self.articles, model.articles),
            (self.sheets, model.sheets),
            (self.article_pages, model.articles),
        ):
            if len(table) > len(alive) + len(alive) // 20:
                for name in table.keys() - alive.keys():
                    del table[name]


@dataclass(frozen=True, slots=True)
class KeptSheet:
    """A sheet as a preview server's memo last saw it: the object, its facts as a set, the archive of its
    facts by year planned from them, and the keys of its pages (its own and its archive's) by path."""

    sheet: EntitySheet
    fact_ids: frozenset[str]
    slugs: frozenset[str]  # its articles
    archive: Archive
    keys: dict[str, str]
    site: str  # the site key they were made under


@dataclass(frozen=True, slots=True)
class KeptTimeline:
    """The timeline as a preview server's memo last saw it: its facts in order, their dates, its archive."""

    timeline: list[str]
    dates: dict[str, str]
    archive: Archive


@dataclass(frozen=True, slots=True)
class KeptSources:
    """The sources' archive as a preview server's memo last planned it: of the model numbered `serial` (see
    `Changes`), whose articles were published on `published` (by slug)."""

    serial: int
    published: dict[str, str]
    archive: Archive


@dataclass
class KeptPages:
    """The page entries (`KeyMemo.pages`) a command-line build keeps in the store for the next one into the
    same output: the shape and key of each page of facts, the site key and `generation`, the kept
    aggregation (`cache/snapshot.py`) the build saved its model as. The next build's `Changes` are of that
    model only when it resumed from that very generation: a build in between (into another output, or one
    that did not finish saving) leaves another generation, or none, and the entries unused."""

    site: str = ""
    generation: str = ""
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)


# The site-wide exports and feeds, each made as one job: their key is that of the whole model's facts,
# articles' metadata and sheets (`PageKeyer.whole_model`; the database's adds the registry whole), so they
# are made again only when one of those changed. An edit to an article's text outside its facts changes none.
EXPORT_JOBS = ("data/facts.json", "data/factsheets.db", "sitemap.xml")
# The export holding every entity whole (the database, the entities' JSON) is keyed by the registry too; the
# facts' exports and the feeds (the sitemap's job) by the whole model only (`PageKeyer.whole_model`).
REGISTRY_JOBS, WHOLE_MODEL_JOBS = EXPORT_JOBS[1:2], (EXPORT_JOBS[0], EXPORT_JOBS[2])


@dataclass
class PageKeys:
    """The key of each page that has one: as in the output (`previous`), and as this build has it."""

    previous: dict[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)  # set whole once made, not changed in place
    memo: KeyMemo = field(default_factory=KeyMemo)
    changes: Changes | None = None  # what the aggregation changed since the model `memo` saw, if known
    exports: ExportPlace | None = None  # where the output's facts' exports and their index are
    _same: set[str] = field(default_factory=set, repr=False)  # the paths `unchanged`, of `_same_of`
    _same_of: dict[str, str] | None = field(default=None, repr=False)

    def unchanged(self, path: str) -> bool:
        """True when the page at `path` shows what the output's page shows: it need not be rendered."""
        return path in self.same()

    def same(self) -> set[str]:
        """The paths of the pages `unchanged`, as a set to test a site's tens of thousands of pages against
        without a call each."""
        if self._same_of is not self.current:
            # Once per build rather than once per question: the render stage asks about every page thrice.
            previous = self.previous
            self._same = {p for p, key in self.current.items() if previous.get(p) == key}
            self._same_of = self.current
        return self._same


def page_keys(
    model: SiteModel,
    search_path: list[Path],
    base_url: str,
    source_date_epoch: str | None = None,
    *,
    search: bool = True,
    sheet_archives: Callable[[str], Archive] | None = None,
    timeline: Archive | None = None,
    sources: Archive | None = None,
    memo: KeyMemo | None = None,
    pages: list[str] | None = None,
    changes: Changes | None = None,
) -> dict[str, str]:
    """The key of every fact sheet, page of a sheet's facts by year, article page and page of the timeline
    and of the sources by year (or month), by the path of its file; and with `pages` (the site's page
    files) the key of each of `EXPORT_JOBS`.

    `sheet_archives` (a sheet's archive by entity id), `timeline` and `sources` are the renderer's plans,
    when it has made them already; without them the archives are planned here. `memo` keeps digests
    between builds, and with `changes` (what the aggregation changed since the model the memo last saw)
    the keys of the pages none of whose facts or articles changed.
    """
    if sheet_archives is None:

        def sheet_archives(entity_id: str) -> Archive:
            return sheet_archive(model.sheets[entity_id], model.facts)

    timeline = timeline if timeline is not None else timeline_archive(model)
    sources = sources if sources is not None else sources_archive(model)
    keys = PageKeyer(model, search_path, base_url, source_date_epoch, search=search, memo=memo)
    keys.changes = keys.raw = changes
    stored = keys.memo.stored
    if stored is not None:
        keys.stored = stored.start(model, keys.site)
        keys.stored_articles = stored.reused_articles
        if changes is not None:  # a command-line build's, of the model the kept digests are of
            keys.changes = stored.narrowed(changes, model, keys.site, keys._fact, keys._article)
    elif changes is not None:  # a preview server's: its memo holds the digests of the model before
        keys.changes = keys.narrowed_by_memo(changes)
    sheets = _every_sheet_keys(keys, sheet_archives, changes)
    found = {path: key for sheet in sheets.values() for path, key in sheet.keys.items()}
    found.update((article_path(s) + "index.html", keys.article(s)) for s in sorted(model.articles))
    found.update(_archive_page_keys(keys, timeline, sources))
    if pages is not None:
        # The site-wide exports, and every page without a key of its own (home, the timeline's index,
        # sources, data, 404, the feeds): each shows the whole model but no article's body or analysis, which
        # only article pages show. A new page type that shows those needs a key of its own above. They
        # show no entity's description or infobox (its own sheet's pages do); `REGISTRY_JOBS` do.
        whole = keys.whole_model(pages)
        registry = digest_of(whole, keys.registry())
        found.update((path, digest_of(registry, path)) for path in REGISTRY_JOBS)
        found.update(
            (path, digest_of(whole, path)) for path in (*WHOLE_MODEL_JOBS, *pages) if path not in found
        )
    if stored is not None:
        stored.finish(model, keys.site, keys._fact, keys._article)
    keys.memo.forget_all_but(model)
    if memo is not None and stored is None:  # a preview server's
        keys.memo.sheets_kept = sheets
        keys.memo.timeline_kept = _kept_timeline(model, timeline, keys.memo.timeline_kept)
        live = {id(archive) for archive in (timeline, sources, *(kept.archive for kept in sheets.values()))}
        keys.memo.outlines = {i: o for i, o in keys.memo.outlines.items() if i in live}
    else:
        keys.memo.sheets_kept, keys.memo.timeline_kept, keys.memo.outlines = {}, None, {}
    keys.memo.keep_pages(found)
    keys.memo.site = keys.site
    keys.memo.serial = changes.serial if changes is not None else -1
    return found


def _kept_timeline(model: SiteModel, archive: Archive, kept: KeptTimeline | None) -> KeptTimeline:
    if kept is not None and kept.archive is archive:
        return kept  # taken up unchanged (`KeyMemo.unchanged_timeline`)
    facts = model.facts
    return KeptTimeline(list(model.timeline), {i: facts[i].date.value for i in model.timeline}, archive)


def _every_sheet_keys(
    keys: PageKeyer, sheet_archives: Callable[[str], Archive], changes: Changes | None
) -> dict[str, KeptSheet]:
    """The keys of every sheet's pages, by entity id in order: a preview server's memo's for the sheets
    that did not change (`KeyMemo.unchanged_sheets`), made afresh for the others."""
    unchanged = keys.memo.unchanged_sheets(keys.model, changes)
    sheets = {}
    for entity_id in sorted(keys.model.sheets):
        kept = unchanged.get(entity_id)
        if kept is None or kept.site != keys.site:
            kept = _sheet_keys(keys, entity_id, sheet_archives(entity_id))
        sheets[entity_id] = kept
    return sheets


def _sheet_keys(keys: PageKeyer, entity_id: str, archive: Archive) -> KeptSheet:
    """The keys of a sheet and of the pages of its facts by year (the memo's entries when they still hold),
    as a preview server's memo keeps them."""
    sheet = keys.model.sheets[entity_id]
    root = entity_path(keys.model.entities[entity_id])
    paths = [f"{root}{page.path}index.html" for page in archive.pages]
    found = keys.memo.kept_keys(entity_id, keys.model, [root + "index.html", *paths], keys.raw, keys.site)
    if found is None:
        found = {root + "index.html": keys.sheet(entity_id, root + "index.html")}
        found.update(
            (path, keys.sheet_page(entity_id, archive, page, path))
            for page, path in zip(archive.pages, paths, strict=True)
        )
    return KeptSheet(sheet, frozenset(sheet.facts), frozenset(sheet.articles), archive, found, keys.site)


class PageKeyer:
    """The keys of a site model's pages; each fact and article is hashed once, however many pages show it."""

    def __init__(
        self,
        model: SiteModel,
        search_path: list[Path],
        base_url: str,
        source_date_epoch: str | None = None,
        *,
        search: bool = True,
        memo: KeyMemo | None = None,
    ):
        self.model = model
        self.site = self._site_key(search_path, base_url, source_date_epoch, search)
        self.memo = memo if memo is not None else KeyMemo()
        self.changes: Changes | None = None  # narrowed to the facts whose digest changed
        self.raw: Changes | None = None  # as the aggregation reported them
        # Digests of facts no change since the last build can have reached, from the store (`factdigests`).
        self.stored: dict[str, str] = {}
        self.stored_articles: dict[str, str] = {}  # and of articles' metadata
        self._entities: dict[int, tuple[object, str]] = {}  # each entity's `repr`, made once per build

    def _site_key(
        self, search_path: list[Path], base_url: str, source_date_epoch: str | None, search: bool
    ) -> str:
        """The inputs every page may read: code, libraries, every template, settings, every entity's names,
        "as of"."""
        model = self.model
        # The template folders by position, not by path: where they are does not change a page.
        templates = digest_of(*map(tree_digest, search_path))
        settings = json.dumps(
            [
                __version__,
                code_digest(),
                library_versions(),
                base_url,
                source_date_epoch or "",
                model.as_of,
                model.drafts,  # an article page links its draft annotations only in a drafts build
                search,  # every page loads the search's files only when the site has its index
            ]
        )
        return digest_of(settings, templates, repr(model.config), repr(_registry_names(model)))

    def registry(self) -> str:
        """Every entity whole, description and infobox included: for the pages that list what the registry
        says of every entity (the site-wide exports)."""
        return digest_of(repr(sorted(self.model.entities.items())))

    def article(self, slug: str) -> str:
        """An article page: its file, what the site key holds (settings, code, every entity's name) and what
        the analysis found in it (the digest it was made with: the registry's aliases are not in the site
        key, and an alias added changes only the analyses of the articles it is found in)."""
        article = self.model.articles[slug]
        analysed = self.model.analysed.get(slug)
        found = analysed.digest if analysed is not None else ""
        kept = self.memo.article_pages.get(slug)
        if kept is not None and kept[0] is article and kept[1] == (self.site, found):
            return kept[2]
        key = digest_of(self.site, "article", slug, article.path, article.content_hash, found)
        self.memo.article_pages[slug] = (article, (self.site, found), key)
        return key

    def sheet(self, entity_id: str, path: str = "") -> str:
        """A fact sheet: its entity, its facts (with every report and its sentence), the facts they
        disagree with, and what the sheet may show of every article those facts and its source list name:
        all but the body, whose quoted sentences are in the facts (so an edit elsewhere in an article
        changes no sheet)."""
        sheet = self.model.sheets[entity_id]
        label = f"sheet {entity_id}"
        return self._page_key(path, label, sheet.facts, self._sheet(entity_id), sheet.articles)

    def sheet_page(self, entity_id: str, archive: Archive, page: ArchivePage, path: str = "") -> str:
        """A page of a sheet's facts by year: its facts as on the sheet, the sheet's entity, and the pages
        it links to with their number of facts (a fact whose date moves changes them)."""
        outline = self._outline(archive, self.model.sheets[entity_id].entity, page)
        label = f"sheet page {entity_id} {page.path}"
        return self._page_key(path, label, page.fact_ids, outline, [], page)

    def timeline_page(self, archive: Archive, page: ArchivePage, path: str = "") -> str:
        """A page of the timeline: its facts, as for a sheet, and the pages it links to."""
        outline = self._outline(archive, None, page)
        return self._page_key(path, f"timeline {page.path}", page.fact_ids, outline, [], page)

    def sources_page(self, archive: Archive, page: ArchivePage, path: str) -> str:
        """A page of the sources by year (or month): what it shows of its articles (their metadata: a
        bibliography shows no fact) and the pages it links to. A fact changed renders none of them again
        (43 pages at 10,000 articles); the sources' index, which lists the newest, keeps the whole
        model's key."""
        articles = "".join(map(self._article, page.fact_ids))  # a slug stands for a fact id in this archive
        return digest_of(self.site, "sources", path, self._outline(archive, None, page), articles)

    def _outline(self, archive: Archive, entity: object, page: ArchivePage) -> str:
        """The digest of what the pages of `page`'s period in `archive` show beside their facts; once per
        period of the archive (of a preview server's kept archive, once while it is kept)."""
        # The entity by its text, not by equality: two equal entities may list their fields in another order.
        shown = self._entities.get(id(entity))
        if shown is None or shown[0] is not entity:
            shown = self._entities[id(entity)] = (entity, repr(entity))
        outlines = self.memo.outlines.get(id(archive))
        if outlines is None or outlines.archive is not archive or outlines.entity != shown[1]:
            outlines = self.memo.outlines[id(archive)] = ArchiveOutlines.of(archive, shown[1])
        return outlines.period(page.year, page.month)

    def narrowed_by_memo(self, changes: Changes) -> Changes:
        """`changes` without the facts and articles whose digest is the one the memo kept, when the memo is
        of the model the changes lead from (as `FactKeys.narrowed` does with the store's digests): the
        aggregator names every fact it merged again and every fact of their groups, most of them as they
        were. A changed fact names its partners in disagreement; an article whose metadata changed names
        every fact that cites it."""
        memo = self.memo
        if changes.full or changes.since != memo.serial or memo.site != self.site:
            return changes
        # The memo's digests first: hashing a new object replaces its entry.
        before = {i: kept[1] for i in changes.facts if (kept := memo.facts.get(i)) is not None}
        before_articles = {s: kept[1] for s in changes.articles if (kept := memo.articles.get(s)) is not None}
        return narrowed_changes(
            changes,
            self.model,
            lambda i: before.get(i) != self._fact(i),
            lambda s: before_articles.get(s) != self._article(s),
        )

    def _page_key(
        self,
        path: str,
        label: str,
        fact_ids: Sequence[str],
        outline: str,
        slugs: list[str],
        page: ArchivePage | None = None,
    ) -> str:
        """The key of a page of facts; the memo's, when none of what the page shows changed."""
        # All the key is made of but the digests of the facts and articles, which `changes` tells about:
        # a fact that left the page is in the changes but no longer among the page's facts, so only the
        # shape tells.
        shape = self._shape(path, label, fact_ids, outline, slugs, page)
        kept = self.memo.pages.get(path) if path else None
        changes = self.changes
        if (
            kept is not None
            and kept[0] == shape
            and changes is not None
            and not changes.full
            and changes.since == self.memo.serial
            and self.memo.site == self.site
            and changes.facts.isdisjoint(fact_ids)
            and changes.articles.isdisjoint(slugs)
        ):
            return kept[1]
        key = self._facts_key(label, fact_ids, outline, slugs)
        if path:
            self.memo.pages[path] = (shape, key)
        return key

    def _shape(
        self,
        path: str,
        label: str,
        fact_ids: Sequence[str],
        outline: str,
        slugs: list[str],
        page: ArchivePage | None,
    ) -> str:
        """The digest of a page's shape; the memo's for the very archive page it was made of, with the same
        outline (a preview server's kept archives: the timeline's pages list every fact, hashed again on
        each save otherwise)."""
        kept = self.memo.shapes.get(path) if page is not None else None
        if kept is not None and kept[0] is page and kept[1] == outline:
            return kept[2]
        shape = digest_of(label, outline, "\n".join(fact_ids), "\n".join(slugs))
        if page is not None:
            self.memo.shapes[path] = (page, outline, shape)
        return shape

    def _facts_key(self, label: str, fact_ids: Sequence[str], page: str, slugs: list[str]) -> str:
        facts = self.model.facts
        others = sorted({i for f in fact_ids for c in facts[f].conflicts for i in c.fact_ids} - set(fact_ids))
        named = sorted({r.article for i in (*fact_ids, *others) for r in facts[i].sources} | set(slugs))
        # Each list as one part: its digests all have the same length, so joined they stay unambiguous, and
        # one long part hashes much faster than thousands of short ones.
        return digest_of(
            self.site,
            label,
            page,
            "".join(map(self._fact, fact_ids)),
            "".join(map(self._fact, others)),
            "".join(map(self._article, named)),
        )

    def whole_model(self, pages: list[str]) -> str:
        """The pages that show the whole model (home, timeline index, sources, data, 404, the feeds): every
        fact in the model's order, the timeline, every article's metadata (not its body: the facts hold the
        sentences they quote), every sheet but what its entity says of itself beyond the site key's names,
        and the pages the sitemap lists. The data exports add the whole registry (`registry`)."""
        model = self.model
        return digest_of(
            self.site,
            "whole model",
            self._every_fact(),
            "\n".join(model.timeline),
            self._every_article(),
            "".join(self._sheet_lists(entity_id) for entity_id in model.sheets),
            self._every_page(pages),
        )

    def _unchanged_since_memo(self) -> bool:
        """Whether `changes` (narrowed to the facts and articles whose digest changed) lead from the model the
        memo last saw."""
        changes = self.changes
        return changes is not None and not changes.full and changes.since == self.memo.serial

    def _every_fact(self) -> str:
        """The digest of every fact's digest in the model's order: a preview server's memo keeps it with
        the digests it joined, reused while no fact changed and the order is the same, and with the
        digests of the changed facts put in their places while a few changed (a save that changes a fact
        looked up all 98,000 digests again at 10,000 articles)."""
        memo, order = self.memo, list(self.model.facts)
        kept = memo.every_fact
        if kept is not None and self._unchanged_since_memo() and kept[0] == order:
            changed = self.changes.facts
            if not changed:
                return kept[2]
            if len(changed) <= FACTS_PUT_IN_PLACE:
                digests = _replaced(kept[1], order, {i: self._fact(i) for i in changed})
                if digests is not None:
                    return self._keep_every_fact(order, digests)
        stored = self.stored
        # the store's digests first, without a call per fact (a command-line build's are most of them)
        return self._keep_every_fact(order, [stored.get(i) or self._fact(i) for i in order])

    def _keep_every_fact(self, order: list[str], digests: list[str]) -> str:
        joined = digest_of("".join(digests))
        self.memo.every_fact = (order, digests, joined) if self.memo.stored is None else None
        return joined

    def _every_article(self) -> str:
        """The digest of every article's metadata digest in the model's order, kept as `_every_fact` is."""
        memo, order = self.memo, list(self.model.articles)
        kept = memo.every_article
        if (
            kept is not None
            and self._unchanged_since_memo()
            and not self.changes.articles
            and kept[0] == order
        ):
            return kept[1]
        joined = digest_of("".join(map(self._article, order)))
        memo.every_article = (order, joined) if memo.stored is None else None
        return joined

    def _every_page(self, pages: list[str]) -> str:
        """The digest of the site's pages in order, kept while they are the same."""
        kept = self.memo.every_page
        if kept is not None and kept[0] == pages:
            return kept[1]
        joined = digest_of("\n".join(sorted(pages)))
        self.memo.every_page = (pages, joined) if self.memo.stored is None else None
        return joined

    # The three lookups below run once per fact per page (hundreds of thousands of times): inlined.
    def _fact(self, fact_id: str) -> str:
        fact = self.model.facts[fact_id]
        kept = self.memo.facts.get(fact_id)
        if kept is not None and kept[0] is fact:
            return kept[1]
        digest = self.stored.get(fact_id) or digest_of(repr(fact))
        self.memo.facts[fact_id] = (fact, digest)
        return digest

    def _article(self, slug: str) -> str:
        article = self.model.articles[slug]
        kept = self.memo.articles.get(slug)
        if kept is not None and kept[0] is article:
            return kept[1]
        digest = self.stored_articles.get(slug) or digest_of(repr(article_metadata(article)))
        self.memo.articles[slug] = (article, digest)
        return digest

    def _sheet(self, entity_id: str) -> str:
        return self._sheet_digests(entity_id)[0]

    def _sheet_lists(self, entity_id: str) -> str:
        return self._sheet_digests(entity_id)[1]

    def _sheet_digests(self, entity_id: str) -> tuple[str, str]:
        sheet = self.model.sheets[entity_id]
        kept = self.memo.sheets.get(entity_id)
        if kept is not None and kept[0] is sheet:
            return kept[1]
        lists = sheet_lists_digest(sheet)
        digests = (sheet_digest(sheet, lists), lists)
        self.memo.sheets[entity_id] = (sheet, digests)
        return digests


def sheet_digest(sheet: EntitySheet, lists: str | None = None) -> str:
    """Every field of a sheet (`SHEET_FIELDS`): its entity whole, and its lists (`sheet_lists_digest`, made
    here unless given)."""
    return digest_of(repr(sheet.entity), sheet_lists_digest(sheet) if lists is None else lists)


def sheet_lists_digest(sheet: EntitySheet) -> str:
    """A sheet's lists of ids, joined rather than as the dataclass's `repr` (quoted id by id: a tenth of a
    second for the sheets of 10,000 articles, on every build). Ids and slugs hold no newline, so joined
    they stay unambiguous."""
    return digest_of(
        "\n".join(sheet.facts),
        "\n".join(sheet.key_figures),
        "\n".join(f"{r.kind} {r.subject} {r.object} {' '.join(r.fact_ids)}" for r in sheet.relations),
        "\n".join(sheet.articles),
    )


# The fields `sheet_digest` hashes: a field added to `EntitySheet` must be added there too (a test says so).
SHEET_FIELDS = ("entity", "facts", "key_figures", "relations", "articles")


def _registry_names(model: SiteModel) -> list[tuple]:
    """What any page may show of any entity: its id, kind (its address), name and review state.

    An entity's aliases, description, infobox and file position are shown by its own sheet and the pages of
    its facts (whose keys hash the whole entity) and by the site-wide exports (`PageKeyer.registry`) only,
    so editing them re-renders those pages, not every page of the site. An alias also changes the analysis
    of the articles it is found in: their pages' keys hold a digest of it.
    """
    return [(e.id, e.kind, e.name, e.review) for _, e in sorted(model.entities.items())]


# Up to this many changed facts, a preview's save finds each one's place in the model's order (a scan of the
# order each); more are looked up all again.
FACTS_PUT_IN_PLACE = 64


def _replaced(values: list[str], order: list[str], changed: dict[str, str]) -> list[str] | None:
    """`values` (one for each id of `order`, in order) with those of the ids in `changed` replaced; None when
    one is not in `order`."""
    replaced = list(values)
    for key, value in changed.items():
        try:
            replaced[order.index(key)] = value
        except ValueError:
            return None
    return replaced


def _archive_page_keys(keys: PageKeyer, timeline: Archive, sources: Archive) -> Iterator[tuple[str, str]]:
    """The keys of the pages of the timeline and of the sources by year (or month)."""
    for page in timeline.pages:
        path = f"timeline/{page.path}index.html"
        yield path, keys.timeline_page(timeline, page, path)
    for page in sources.pages:
        path = f"sources/{page.path}index.html"
        yield path, keys.sources_page(sources, page, path)


@dataclass(frozen=True, slots=True)
class ArchiveOutlines:
    """What the pages of each period of an archive show beside their own facts (see
    `PageRenderer.archive_nav`), as a digest made when first asked: the archive's entity (None for the
    timeline), every year and every month of the period's year, named; and with their number of facts,
    the pages of its year (a year's pages, which count its months) or of its month (a month's)."""

    archive: Archive
    entity: str  # its `repr`
    head: str  # the digest of the entity and of the years
    by_year: dict[str, list[ArchivePage]]
    made: dict[tuple[str, str], str]

    @classmethod
    def of(cls, archive: Archive, entity: str) -> ArchiveOutlines:
        # Grouped by year once: a big sheet's hundreds of month pages each looked at every page.
        by_year: dict[str, list[ArchivePage]] = {}
        for page in archive.pages:
            by_year.setdefault(page.year, []).append(page)
        head = digest_of(entity, repr([y for y, _ in archive.year_counts]))
        return cls(archive, entity, head, by_year, {})

    def period(self, year: str, month: str) -> str:
        made = self.made.get((year, month))
        if made is None:
            pages = self.by_year.get(year, [])
            months = sorted({p.month for p in pages if p.month})
            counted = [(p.path, len(p.fact_ids)) for p in pages if month == "" or p.month == month]
            made = self.made[year, month] = digest_of(self.head, repr(months), repr(counted))
        return made


def article_metadata(article: Article) -> tuple:
    """What the pages but its own and the exports show of an article (not its text)."""
    return (
        article.slug,
        article.path,
        article.title,
        article.language,
        article.source,
        article.summary,
        article.extra,
        article.based_on,  # a sheet names the reports a summary is based on
    )
