"""What each page is made of, as a digest: a page whose digest is the one of the page already in the output
is linked from there rather than rendered again.

Fact sheets and article pages are most of a site and each reads a small part of the model, so each gets a
key: a digest of the site-wide inputs every page may read (code, libraries, templates, settings, the
entity registry, the "as of" date) and of the model objects that page shows; so do the pages of a sheet's
facts by year and the timeline's pages by year and month.
The site-wide pages (home, the timeline's index, sources, data, 404) read the whole model and are always
rendered.

A key that changes when nothing on the page did costs one page's rendering; a key that stays the same
when the page changed would leave a stale page, so the keys hash whole objects (their `repr`, which names
every field) rather than picking the fields a template is known to read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.cache.digest import digest_of, tree_digest
from generator.cache.versions import code_digest, library_versions
from generator.model import Article, SiteModel
from generator.render.archive import Archive, ArchivePage, sheet_archive, timeline_archive
from generator.render.urls import article_path, entity_path


@dataclass
class PageKeys:
    """The key of each page that has one: as in the output (`previous`), and as this build has it."""

    previous: dict[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)

    def unchanged(self, path: str) -> bool:
        """True when the page at `path` shows what the output's page shows: it need not be rendered."""
        return path in self.current and self.previous.get(path) == self.current[path]


def page_keys(
    model: SiteModel,
    search_path: list[Path],
    base_url: str,
    source_date_epoch: str | None = None,
    *,
    search: bool = True,
    sheet_archives: Callable[[str], Archive] | None = None,
    timeline: Archive | None = None,
) -> dict[str, str]:
    """The key of every fact sheet, page of a sheet's facts by year, article page and page of the timeline
    by year (or month), by the path of its file.

    `sheet_archives` (a sheet's archive by entity id) and `timeline` are the renderer's plans, when it has
    made them already; without them the archives are planned here.
    """
    if sheet_archives is None:

        def sheet_archives(entity_id: str) -> Archive:
            return sheet_archive(model.sheets[entity_id], model.facts)

    if timeline is None:
        timeline = timeline_archive(model)
    keys = PageKeyer(model, search_path, base_url, source_date_epoch, search=search)
    found = {}
    for entity_id in sorted(model.sheets):
        root = entity_path(model.entities[entity_id])
        found[root + "index.html"] = keys.sheet(entity_id)
        archive = sheet_archives(entity_id)
        found.update(
            (f"{root}{page.path}index.html", keys.sheet_page(entity_id, archive, page))
            for page in archive.pages
        )
    found.update((article_path(s) + "index.html", keys.article(s)) for s in sorted(model.articles))
    found.update(
        (f"timeline/{page.path}index.html", keys.timeline_page(timeline, page)) for page in timeline.pages
    )
    return found


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
    ):
        self.model = model
        self.site = self._site_key(search_path, base_url, source_date_epoch, search)
        self._facts: dict[str, str] = {}
        self._articles: dict[str, str] = {}

    def _site_key(
        self, search_path: list[Path], base_url: str, source_date_epoch: str | None, search: bool
    ) -> str:
        """The inputs every page may read: code, libraries, every template, settings, entities, "as of"."""
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
        entities = repr(sorted(model.entities.items()))
        return digest_of(settings, templates, repr(model.config), entities)

    def article(self, slug: str) -> str:
        """An article page: what the analysis found in an article follows from its file and from what the
        site key holds (registry, settings, code), so the file's hash stands for all of it."""
        article = self.model.articles[slug]
        return digest_of(self.site, "article", slug, article.path, article.content_hash)

    def sheet(self, entity_id: str) -> str:
        """A fact sheet: its entity, its facts (with every report and its sentence), the facts they
        disagree with, and what the sheet may show of every article those facts and its source list name:
        all but the body, whose quoted sentences are in the facts (so an edit elsewhere in an article
        changes no sheet)."""
        sheet = self.model.sheets[entity_id]
        return self._facts_key(f"sheet {entity_id}", sheet.facts, repr(sheet), sheet.articles)

    def sheet_page(self, entity_id: str, archive: Archive, page: ArchivePage) -> str:
        """A page of a sheet's facts by year: its facts as on the sheet, the sheet's entity, and the pages
        it links to with their number of facts (a fact whose date moves changes them)."""
        sheet = self.model.sheets[entity_id]
        return self._facts_key(
            f"sheet page {entity_id} {page.path}",
            list(page.fact_ids),
            _archive_outline(archive, sheet.entity),
            [],
        )

    def timeline_page(self, archive: Archive, page: ArchivePage) -> str:
        """A page of the timeline: its facts, as for a sheet, and the pages it links to."""
        return self._facts_key(
            f"timeline {page.path}", list(page.fact_ids), _archive_outline(archive, None), []
        )

    def _facts_key(self, label: str, fact_ids: list[str], page: str, slugs: list[str]) -> str:
        facts = self.model.facts
        others = sorted({i for f in fact_ids for c in facts[f].conflicts for i in c.fact_ids} - set(fact_ids))
        named = sorted({r.article for i in (*fact_ids, *others) for r in facts[i].sources} | set(slugs))
        return digest_of(
            self.site,
            label,
            page,
            *map(self._fact, fact_ids),
            "others",
            *map(self._fact, others),
            "articles",
            *map(self._article, named),
        )

    def _fact(self, fact_id: str) -> str:
        if fact_id not in self._facts:
            self._facts[fact_id] = digest_of(repr(self.model.facts[fact_id]))
        return self._facts[fact_id]

    def _article(self, slug: str) -> str:
        if slug not in self._articles:
            self._articles[slug] = digest_of(repr(_article_metadata(self.model.articles[slug])))
        return self._articles[slug]


def _archive_outline(archive: Archive, entity: object) -> str:
    """What every page of an archive shows beside its own facts: the pages and their number of facts."""
    return repr((entity, [(p.path, len(p.fact_ids)) for p in archive.pages]))


def _article_metadata(article: Article) -> tuple:
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
