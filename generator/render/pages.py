"""Rendering the site model into pages: one function per kind of page, all sharing one context."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from functools import partial
from html import escape
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import markdown
from markdown.extensions.sane_lists import SaneListExtension
from markupsafe import Markup
from markupsafe import escape as markup_escape

from generator import __version__
from generator.aggregate import figure_history
from generator.cache.bodies import page_article
from generator.catalogs import HtmlGettext, Translator
from generator.drafts import is_draft
from generator.model import LANGUAGES, Annotation, Article, Entity, Fact, Mention, Report, SiteFact, SiteModel
from generator.provenance import distinct_reports, fact_reports
from generator.render import jsonld
from generator.render.archive import (
    SOURCES_PAGE_ARTICLES,
    Archive,
    ArchivePage,
    sheet_archive,
    sources_archive,
    timeline_archive,
)
from generator.render.citations import Reference, page_formats, text_fragment_url
from generator.render.data import EXPORTS, MEDIA_TYPES
from generator.render.entries import FactParts
from generator.render.environment import get_template
from generator.render.home import latest_reported
from generator.render.languages import entity_description, language_name, value_in
from generator.render.markdown_ext import AnnotationExtension, TableExtension
from generator.render.references import DATA_PAGE, SiteCitations
from generator.render.relations import group_relations
from generator.render.sanitize import DEFAULT_POLICY, sanitize_html
from generator.render.urls import SiteLayout, absolute_url, article_path, entity_path, relative_url
from generator.vocabulary import KIND_FOLDERS

# The timeline's index shows every fact up to this many, and otherwise the latest few (years have pages).
TIMELINE_ON_ONE_PAGE = 300
TIMELINE_LATEST = 50
# A sheet is read in ten seconds: its newest facts in full (a fact with its sources and citation is 3–4 KB of
# HTML), its newest key figures with their latest values, its newest sources; every fact is on the sheet's
# pages by year (see `archive.py`), and every fact's permalink still leads to it.
SHEET_LATEST = 25
SHEET_KEY_FIGURES = 12
SHEET_FIGURE_HISTORY = 10
SHEET_RELATED = 10  # entities named per relation phrase
SHEET_SOURCES = 20
# The sources' index lists the newest articles when there are more than fit on a page (see `archive.py`).
SOURCES_LATEST = 50


class PageRenderer:
    """Renders every HTML page of a site model with one Jinja2 environment.

    In a site in several languages there is one renderer per language, each with the model as its language
    shows it (`languages.language_view`) and that language's environment. A renderer works with paths
    relative to its language's root (`companies/nvidia/`, as a one-language site has them) and turns them
    into paths from the site's root (`it/companies/nvidia/`) where a file is written or a link made.
    """

    def __init__(self, model: SiteModel, env, base_url: str, source_date_epoch: str | None = None):
        self.model = model
        self.env = env
        self.base_url = base_url
        self.language = model.config.language
        self.layout = SiteLayout.of(model.config)
        self.default_language = model.config.site_languages[0]
        self._article_languages = (
            {slug: article.language for slug, article in model.articles.items()}
            if self.layout.languages
            else None
        )
        self.html_policy = DEFAULT_POLICY.widened(model.config.extra.get("allow_html"))
        self._converter: markdown.Markdown | None = None
        self._annotations: AnnotationExtension | None = None
        # Citation dates come from the content, or from SOURCE_DATE_EPOCH (the build's options) for
        # reproducible builds.
        self.citations = SiteCitations(
            model, base_url, self.fact_title, self.dataset_title(), source_date_epoch, self.site_path
        )
        # Planned once (in `page_jobs`, before any worker process forks), not once per page that needs them.
        self._sheet_archives: dict[str, Archive] = {}
        self._timeline_archive: Archive | None = None
        self._sources_archive: Archive | None = None
        self._linked: dict[str, tuple[str, str, str]] | None = None
        # A fact's reports are asked for by every piece of its entry and by each disagreement naming it.
        self._reports: dict[str, list[Report]] = {}
        self._publishers: dict[str, str] = {}
        # Each sheet's count of the reports behind it, when counted before the page workers fork.
        self._report_counts: dict[str, int] = {}
        # The parts of a fact's entry that every page listing the fact shows alike, rendered once.
        self.fact_parts = FactParts(env, self._shared_context())

    # --- addresses -------------------------------------------------------------------------------------

    def site_path(self, path: str) -> str:
        """A path relative to this language's root, from the site's root (the same in a one-language site)."""
        return self.layout.site_path(path, self.language, self._article_languages)

    def url(self, path: str) -> str:
        """The public address of a path relative to this language's root."""
        return absolute_url(self.base_url, self.site_path(path))

    def writes_article(self, slug: str) -> bool:
        """Is the article's page among this language's pages? (It is rendered once, in its own language.)"""
        language = self.model.articles[slug].language
        return not self.layout.languages or self.layout.home_language(language) == self.language

    def alternates(self, path: str) -> list[dict[str, str]]:
        """The page at `path` in every language of the site (its own included): what `hreflang` links and the
        language switcher name; none in a site in one language (with `language:`, or `languages:` of one)."""
        return self.versions(path) if len(self.layout.languages) > 1 else []

    def versions(self, path: str) -> list[dict[str, str]]:
        """The page at `path` in each language of `languages:`, the default first (none without it)."""
        layout = self.layout
        return [
            {
                "language": language,
                "name": language_name(language),
                "path": layout.site_path(path, language),
                "url": absolute_url(self.base_url, layout.site_path(path, language)),
            }
            for language in layout.languages
        ]

    def entity_url(self, entity_id: str) -> str:
        return entity_path(self.model.entities[entity_id])

    def fact_url(self, fact_id: str) -> str:
        """A fact's permalink: its anchor on its subject's fact sheet."""
        return f"{self.entity_url(self.model.facts[fact_id].subject)}#fact-{fact_id}"

    def source_url(self, slug: str, anchor: str = "") -> str:
        return article_path(slug) + (f"#{anchor}" if anchor else "")

    def describe(self, entity: Entity) -> str:
        """An entity's description in the page's language, else the default language's (see `described`)."""
        return entity_description(entity, self.language, self.default_language)[0]

    def described(self, entity: Entity) -> tuple[str, str | None]:
        """An entity's description and, when it is in another language than the page's, that language."""
        return entity_description(entity, self.language, self.default_language)

    def in_language(self, value: object) -> tuple[object, str | None]:
        """An infobox value for this page: a mapping of language to value gives the page's language's value,
        else the default language's, with that language (see `languages.value_in`)."""
        languages = {*LANGUAGES, *self.model.config.site_languages}
        if isinstance(value, dict) and value and set(value) <= languages:
            return value_in(value, self.language, self.default_language)
        if isinstance(value, dict):  # a mapping of something else than languages: its first value
            return next(iter(value.values()), ""), None
        return value, None

    # --- citations, provenance and embedded metadata ------------------------------------------------

    def fact_title(self, fact: SiteFact) -> str:
        """A fact's title in citations: subject, kind, object, figure and stated date (site language)."""
        filters = self.env.filters
        title = f"{self.model.entities[fact.subject].name}: {_plain(filters['fact_kind'](fact.kind))}"
        if fact.object:
            title += f" – {self.model.entities[fact.object].name}"
        if fact.quantity:
            title += f", {_plain(filters['quantity'](fact.quantity))}"
        if not fact.date.reported:
            when = (
                filters["date_span"](fact.date.value, fact.date.end_value)
                if fact.date.end_value
                else filters["isodate"](fact.date.value)
            )
            title += f" ({_plain(when)})"
        return title

    def dataset_title(self) -> str:
        """The data exports are cited by the site's title (the styles add "[Data set]")."""
        return self.model.config.title

    def citation(self, ref: Reference, files: dict[str, str], dom_id: str) -> dict:
        """What the citation partial shows: both styles, every format, and the download of each."""
        return {
            "key": ref.key,
            "url": ref.url,
            "formats": page_formats(ref, self.language, self.model.config.catalogs),
            "files": files,
            "dom_id": dom_id,
            "bundle": False,
        }

    def fact_citation(self, entity_id: str, fact_id: str) -> dict:
        """A fact's citation on a sheet: both styles, its key, and the sheet's downloads that hold it.

        Every format of every fact inline made a company's sheet megabytes long; the downloads hold them all.
        """
        citations = self.citations
        fact = self.model.facts[fact_id]
        provenance = citations.fact_provenance(fact)  # the reference's and the "As reported by" line's
        ref = citations.fact(fact_id, provenance)
        return {
            "key": ref.key,
            "formats": citations.fact_styles(ref, fact, provenance),
            "files": citations.fact_bundle_files(entity_id),
            "dom_id": f"cite-{fact_id}",
            "bundle": True,
        }

    def subject_fact_citation(self, fact_id: str) -> dict:
        """`fact_citation` on its subject's sheet: what a fact's entry shows of it on any sheet."""
        return self.fact_citation(self.model.facts[fact_id].subject, fact_id)

    def quote_url(self, report: Fact) -> str:
        """The publisher's page of a report, with a text fragment that jumps to the quoted sentence.

        Only a publisher's own words are on its page: a summary's sentence gets its own page on this site.
        """
        article = self.model.articles[report.article]
        if article.is_summary:
            return self.article_url(article)
        return text_fragment_url(article.source.url, report.sentence)

    def article_url(self, article: Article) -> str:
        """Where an article's words are published: the publisher's page, or for a summary its page here."""
        if article.is_summary:
            return self.url(article_path(article.slug))
        return article.source.url

    def fact_reports(self, fact: SiteFact) -> list[Report]:
        """The distinct reports behind a fact, oldest first: what its source count counts (made once)."""
        reports = self._reports.get(fact.id)
        if reports is None:
            reports = sorted(fact_reports(fact, self.model.articles), key=lambda r: r.published)
            self._reports[fact.id] = reports
        return reports

    def report_publishers(self, fact: SiteFact) -> str:
        """The publishers of a fact's reports, each once (whatever its case), joined by commas."""
        publishers = self._publishers.get(fact.id)
        if publishers is None:
            seen: dict[str, str] = {}
            for report in self.fact_reports(fact):
                seen.setdefault(report.publisher.lower(), report.publisher)
            publishers = self._publishers[fact.id] = ", ".join(seen.values())
        return publishers

    def linked_markup(
        self, text: str, ids: str | list[str], plain: str | None, figure: str, link: Callable[[str], str]
    ) -> Markup:
        """`text` escaped, each name of `ids` (the first time it occurs) linked to its sheet with `link`, but
        `plain`'s, and `figure` in bold: the `linked_text` macro's work, without a macro call per piece."""
        return Markup(
            self._linked_pieces(text, ids.split() if isinstance(ids, str) else ids, plain, figure, link)
        )

    def named_ids(self, fact: SiteFact) -> list[str]:
        """A fact's entities for `linked_markup`, the later name in alphabetical order first (a name that
        begins another, "Alibaba" and "Alibaba Cloud", is looked for after it): the `named_ids` macro's
        work, without its filters on every fact listed."""
        ids = [fact.subject]
        if fact.object is not None and fact.object.lower() != fact.subject.lower():
            ids.append(fact.object)  # (the macro's `unique` compares ids case-blind)
        entities = self.model.entities
        if len(ids) == 2 and entities[ids[0]].name < entities[ids[1]].name:
            ids.reverse()
        return [i for i in ids if i]  # as the macro's text is split

    def _linked_pieces(self, text, ids, plain, figure, link) -> str:
        # The same recursion as the theme's macro had: the text around a name is searched for the next names.
        if ids:
            name = self.model.entities[ids[0]].name
            if name and name in text:
                before, after = text.split(name, 1)
                middle = _escaped(name)
                if ids[0] != plain:
                    middle = f'<a href="{_escaped(link(self.entity_url(ids[0])))}">{middle}</a>'
                rest = ids[1:]
                return (
                    self._linked_pieces(before, rest, plain, figure, link)
                    + middle
                    + self._linked_pieces(after, rest, plain, figure, link)
                )
            return self._linked_pieces(text, ids[1:], plain, figure, link)
        if figure and figure in text:
            before, after = text.split(figure, 1)
            bold = f'<strong class="figure">{_escaped(figure)}</strong>'
            return _escaped(before) + bold + _escaped(after)
        return _escaped(text)

    def _site_info(self) -> dict[str, str]:
        config = self.model.config
        return {
            "title": config.title,
            "url": self.url(""),
            "author": config.author,
            "publisher": config.publisher,
            "licence": config.licence,
        }

    def linked_entities(self) -> dict[str, tuple[str, str, str]]:
        """Every entity an infobox may name, as (name, kind, sheet URL): made once, not once per sheet."""
        if self._linked is None:
            self._linked = {
                e.id: (e.name, e.kind, self.url(entity_path(e))) for e in self.model.entities.values()
            }
        return self._linked

    def entity_jsonld(self, entity: Entity) -> Markup:
        linked = self.linked_entities()
        return jsonld.script(
            jsonld.entity_graph(
                entity,
                self.describe(entity),
                self.url(entity_path(entity)),
                self.model.as_of,
                self._site_info(),
                linked,
                # A site in one language says nothing more than it did; one in several says which this is.
                self.language if self.layout.languages else None,
            )
        )

    def article_jsonld(self, article: Article) -> Markup:
        """An article page as a schema.org Article: a summary by the desk `isBasedOn` its reports; a
        publisher's own words by that publisher, `isBasedOn` its original page."""
        source = article.source
        words = {
            "author": source.author,
            "publisher": source.publisher,
            "published": source.published,
            "url": "" if article.is_summary else source.url,
        }
        reports = [
            {"publisher": r.publisher, "published": r.published, "url": r.url, "title": r.title}
            for r in article.based_on
        ]
        page = self.url(article_path(article.slug))
        return jsonld.script(
            jsonld.article(article.title, page, article.language, words, reports, self._site_info())
        )

    def dataset_jsonld(self, exports: list[dict]) -> Markup:
        downloads = [
            (absolute_url(self.base_url, e["path"]), e["media_type"]) for e in exports if e["listed"]
        ]
        return jsonld.script(
            jsonld.dataset(
                self.dataset_title(),
                self.model.config.description or self.dataset_title(),
                self.url(DATA_PAGE),
                self.model.as_of,
                self._site_info(),
                downloads,
                self.language,
            )
        )

    def data_exports(self) -> list[dict]:
        """The files the Data page lists, each with its schema and media type."""
        exports = []
        for pattern, schema in EXPORTS.items():
            media = MEDIA_TYPES["." + pattern.rsplit(".", 1)[-1]]
            listed = "{id}" not in pattern  # the per-entity files get their own list, not a table row each
            exports.append(
                {
                    "path": pattern,
                    "schema": schema if "/" in schema else f"data/schema/{schema}",
                    "media_type": media,
                    "listed": listed,
                    "name": pattern.rsplit("/", 1)[-1],
                }
            )
        return exports

    # --- archives ------------------------------------------------------------------------------------

    def sheet_archive(self, entity_id: str) -> Archive:
        """The pages by year of a sheet's facts, planned once per sheet."""
        if entity_id not in self._sheet_archives:
            self._sheet_archives[entity_id] = sheet_archive(self.model.sheets[entity_id], self.model.facts)
        return self._sheet_archives[entity_id]

    def take_archives(
        self, sheets: dict[str, Archive], timeline: Archive | None, sources: Archive | None = None
    ) -> None:
        """Take archives planned by an earlier build, of the very sheets and facts of this model: sheets'
        by entity id, and the timeline's and the sources' if they are ones."""
        self._sheet_archives.update(sheets)
        if timeline is not None:
            self._timeline_archive = timeline
        if sources is not None:
            self._sources_archive = sources

    def timeline_archive(self) -> Archive:
        if self._timeline_archive is None:
            self._timeline_archive = timeline_archive(self.model)
        return self._timeline_archive

    def sources_archive(self) -> Archive:
        if self._sources_archive is None:
            self._sources_archive = sources_archive(self.model)
        return self._sources_archive

    # --- rendering -------------------------------------------------------------------------------------

    def _shared_context(self) -> dict:
        """What every page's template reads that is the same on every page (no page, link or entity)."""
        return {
            "site": self.model.config,
            "model": self.model,
            "base_url": self.base_url,
            "entity_url": self.entity_url,
            "fact_url": self.fact_url,
            "source_url": self.source_url,
            "describe": self.describe,
            "described": self.described,
            "in_language": self.in_language,
            "fact_reports": self.fact_reports,
            "report_publishers": self.report_publishers,
            "linked_markup": self.linked_markup,
            "fact_named_ids": self.named_ids,
            "version": __version__,
            "kind_folders": KIND_FOLDERS,
            # A fact's entry cites it the same way on every sheet (the downloads it names are the page's).
            "fact_citation": self.subject_fact_citation,
            "quote_url": self.quote_url,
        }

    def _render(
        self,
        template: str,
        path: str,
        title: str,
        description: str = "",
        absolute: bool = False,
        translated: bool = True,
        **context,
    ) -> bytes:
        """A page at `path` (relative to its language's root); `translated`: it exists in every language."""
        here = self.site_path(path)

        def link(target: str) -> str:
            if absolute:
                return self.url(target)
            return relative_url(here, self.site_path(target))

        page = {
            "path": path,
            "title": title,
            "description": description or self.model.config.description,
            "canonical": self.url(path),
            "template": template,
            "alternates": self.alternates(path) if translated else [],
        }
        pieces = get_template(self.env, template).generate(
            {
                **self.fact_parts.context,
                "page": page,
                "link": link,
                "entity": context.pop("entity", None),
                "fact_part": partial(self.fact_parts.markup, link),
                **context,
            }
        )
        # Written out as they come: a big sheet is millions of small pieces, too many to hold all at once.
        html = io.StringIO()
        for piece in pieces:
            html.write(piece)
        return html.getvalue().encode("utf-8")

    def page_jobs(self) -> list[tuple[str, Callable[[], bytes]]]:
        """Every HTML page as (path of its file, a function that renders it), in a stable order; the paths are
        relative to the language's root (`site_path` gives the file's place in the site).

        No page depends on another's rendering, so the functions may run in any order or in other processes.
        """
        model = self.model
        # Each function does all its page's own work (the home page's latest facts, the data page's citation),
        # so that planning the jobs costs little when few of them run.
        jobs: list[tuple[str, Callable[[], bytes]]] = [("index.html", self.home_page)]
        roots = {i: self.entity_url(i) for i in sorted(model.sheets)}
        jobs += [(root + "index.html", partial(self.entity_page, i)) for i, root in roots.items()]
        for entity_id, root in roots.items():
            archive = self.sheet_archive(entity_id)
            jobs += [
                (root + page.path + "index.html", partial(self.sheet_facts_page, entity_id, n))
                for n, page in enumerate(archive.pages)
            ]
        slugs = sorted(model.articles)
        if self.layout.languages:  # in one language, every article's page is among its pages
            slugs = [s for s in slugs if self.writes_article(s)]
        jobs += [(article_path(s) + "index.html", partial(self.article_page, s)) for s in slugs]
        timeline = self.timeline_archive()
        jobs.append(("timeline/index.html", partial(self.timeline_page, None)))
        jobs += [
            (f"timeline/{page.path}index.html", partial(self.timeline_page, n))
            for n, page in enumerate(timeline.pages)
        ]
        jobs.append((DATA_PAGE + "index.html", self.data_page))
        archive = self.sources_archive()
        jobs.append(("sources/index.html", partial(self.sources_page, None)))
        jobs += [
            (f"sources/{page.path}index.html", partial(self.sources_page, n))
            for n, page in enumerate(archive.pages)
        ]
        # GitHub Pages (and the preview) serve 404.html for a missing address at any depth, so its links
        # cannot be relative; its style is set in the page, so it reads well even opened from disk.
        jobs.append(("404.html", self.not_found_page))
        return jobs

    def home_page(self) -> bytes:
        """The home page: the facts most recently reported."""
        return self._render("index.html", "", self.model.config.title, latest=latest_reported(self.model))

    def data_page(self) -> bytes:
        """The data page: the exports, their schemas, and how to cite the data set."""
        exports = self.data_exports()
        return self._render(
            "data.html",
            DATA_PAGE,
            self.words.gettext("Data"),
            exports=exports,
            jsonld=self.dataset_jsonld(exports),
            dataset_citation=self.citation(
                self.citations.dataset(), self.citations.dataset_files(), "cite-data"
            ),
        )

    def root_page(self) -> bytes:
        """The root of a site in several languages: a static page that sends readers to the default
        language's home (a meta refresh, and a canonical link for crawlers) and lists every language."""
        languages = self.versions("")
        page = {"path": "", "title": self.model.config.title, "canonical": languages[0]["url"]}
        html = get_template(self.env, "root.html").render(
            site=self.model.config,
            page=page,
            languages=languages,
            home=languages[0],
            link=partial(relative_url, "index.html"),
            version=__version__,
        )
        return html.encode("utf-8")

    def not_found_page(self) -> bytes:
        """The page served for a missing address (at any depth: its links are absolute)."""
        return self._render(
            "404.html",
            "404.html",
            self.words.gettext("Page not found"),
            absolute=True,
            inline_css=self.inline_stylesheet(),
        )

    def entity_page(self, entity_id: str) -> bytes:
        """The fact sheet of one entity: figures, relations, the newest facts, links to every fact by year.

        A fact not shown keeps its permalink (`<sheet>/#fact-<id>`): the sheet holds an empty anchor for it in
        the group of the page that shows it, which site.js follows and a reader without scripts is shown.
        """
        model = self.model
        sheet = model.sheets[entity_id]
        path = self.entity_url(entity_id)
        archive = self.sheet_archive(entity_id)
        latest = self.latest_facts(entity_id)
        shown = set(latest)
        moved = [
            (page, self.period_label(page), [i for i in page.fact_ids if i not in shown])
            for page in archive.pages
        ]
        order = {fact_id: n for n, fact_id in enumerate(sheet.facts)}
        return self._render(
            "entity.html",
            path,
            sheet.entity.name,
            self.describe(sheet.entity),
            entity=sheet.entity,
            sheet=sheet,
            history=figure_history(sheet, model.facts),
            key_figures=sheet.key_figures[:SHEET_KEY_FIGURES],
            history_shown=SHEET_FIGURE_HISTORY,
            related_shown=SHEET_RELATED,
            latest=latest,
            archive_years=archive.year_counts,
            moved=[(page, label, ids) for page, label, ids in moved if ids],
            relation_groups=group_relations(
                sheet.entity,
                sheet.relations,
                model.entities,
                self.language,
                model.config.fact_kinds,
                order,
                model.config.catalogs,
            ),
            sources_shown=sheet.articles[:SHEET_SOURCES],
            jsonld=self.entity_jsonld(sheet.entity),
            sheet_citation=self.citation(
                self.citations.sheet(entity_id), self.citations.sheet_files(entity_id), "cite-sheet"
            ),
            fact_citation=partial(self.fact_citation, entity_id),
            fact_files=self.citations.fact_bundle_files(entity_id),
            quote_url=self.quote_url,
            report_count=self.report_count(entity_id),
            entity_data=f"data/entities/{entity_id}.json",
        )

    def report_count(self, entity_id: str) -> int:
        """How many distinct reports a sheet's articles rest on (as `count_reports` kept it, if it did)."""
        count = self._report_counts.get(entity_id)
        if count is None:
            sheet = self.model.sheets[entity_id]
            count = len(distinct_reports(self.model.articles[s] for s in sheet.articles))
        return count

    def count_reports(self, entity_ids: Iterable[str]) -> None:
        """Count the reports of these sheets now, for the page workers forked next: counting reads the head
        of every article of a sheet (its source, its title), and a worker copies each memory page whose
        objects it reads (with the heads gathered too, the biggest sheet's page at 10,000 articles copied
        67 MB instead of 117)."""
        self._report_counts = {entity_id: self.report_count(entity_id) for entity_id in entity_ids}

    def latest_facts(self, entity_id: str) -> list[str]:
        """The facts a sheet shows in full: its newest, newest first."""
        return list(reversed(self.model.sheets[entity_id].facts))[:SHEET_LATEST]

    def fact_lists(self, unchanged: Container[str] = ()) -> Iterator[tuple[str, Sequence[str]]]:
        """Each page that lists facts in full (`fact_entry`), by its path as `page_jobs` has it, with them;
        but those whose file's place in the site (`site_path`) is among `unchanged` (a rebuild's pages that
        are not made again: their newest facts are not looked for)."""
        site_path = self.site_path
        for entity_id in sorted(self.model.sheets):
            root = self.entity_url(entity_id)
            if site_path(root + "index.html") not in unchanged:
                yield root + "index.html", self.latest_facts(entity_id)
            for page in self.sheet_archive(entity_id).pages:
                if site_path(root + page.path + "index.html") not in unchanged:
                    yield root + page.path + "index.html", page.fact_ids

    def sheet_facts_page(self, entity_id: str, index: int) -> bytes:
        """One page of a sheet's facts by year (or month, or part of one): each fact in full, oldest first."""
        model = self.model
        sheet = model.sheets[entity_id]
        archive = self.sheet_archive(entity_id)
        page = archive.pages[index]
        root = self.entity_url(entity_id)
        label = self.period_label(page)
        return self._render(
            "entity_facts.html",
            root + page.path,
            f"{sheet.entity.name}: {label}",
            self.describe(sheet.entity),
            entity=sheet.entity,
            sheet=sheet,
            facts=page.fact_ids,
            period=label,
            nav=self.archive_nav(archive, page, root),
            fact_citation=partial(self.fact_citation, entity_id),
            fact_files=self.citations.fact_bundle_files(entity_id),
            quote_url=self.quote_url,
        )

    def period_label(self, page: ArchivePage) -> str:
        """ "2024", "March 2024", "March 2024, page 2": what a page of an archive is called."""
        label = self.env.filters["isodate"](page.period)
        if page.number > 1:
            label += ", " + self.words.gettext("page {n}").replace("{n}", str(page.number))
        return label

    def archive_nav(self, archive: Archive, page: ArchivePage | None, root: str) -> dict:
        """What an archive page links to: every year, the months of its year, the parts of its period.

        A page counts the facts of its own period and of the periods just below it (the index every year's,
        a year's page its months', a month's page its own) and names the others without their number: a
        fact added to May 2023 then changes the archive's index, 2023's own pages and May's, not every page
        of the archive (the timeline's 440 at 10,000 articles) nor every page of its year (61).
        """
        months = archive.months(page.year) if page else []
        parts = archive.parts(page) if page else []
        year_page = page is not None and page.month == ""
        return {
            "root": root,
            "page": page,
            "years": [
                (year, count if page is None or (year_page and year == page.year) else None, f"{root}{year}/")
                for year, count in archive.year_counts
            ],
            "months": [
                (
                    self.env.filters["isodate"](f"{page.year}-{m}"),
                    count if year_page or m == page.month else None,
                    f"{root}{page.year}/{m}/",
                    m,
                )
                for m, count in months
            ],
            "parts": [(p.number, f"{root}{p.path}") for p in parts] if len(parts) > 1 else [],
            # The facts of the whole period: a year's (with its months), or a month's (over all its pages).
            "count": (
                dict(archive.year_counts)[page.year]
                if page.month == ""
                else sum(len(p.fact_ids) for p in parts)
            )
            if page
            else 0,
        }

    def timeline_page(self, index: int | None) -> bytes:
        """The timeline: the index names every year and shows every fact while they are few, or the latest;
        each year has a page of its own, split by month when long (one page of a big archive's facts would
        be tens of megabytes)."""
        archive = self.timeline_archive()
        if index is not None:
            page = archive.pages[index]
            label = self.period_label(page)
            return self._render(
                "timeline.html",
                f"timeline/{page.path}",
                f"{self.words.gettext('Timeline')} {label}",
                year=page.year,
                period=label,
                nav=self.archive_nav(archive, page, "timeline/"),
                facts=page.fact_ids,
                complete=True,
            )
        complete = len(self.model.timeline) <= TIMELINE_ON_ONE_PAGE
        facts = self.model.timeline if complete else list(reversed(self.model.timeline))[:TIMELINE_LATEST]
        return self._render(
            "timeline.html",
            "timeline/",
            self.words.gettext("Timeline"),
            year=None,
            period=None,
            nav=self.archive_nav(archive, None, "timeline/"),
            facts=facts,
            complete=complete,
        )

    def sources_page(self, index: int | None) -> bytes:
        """The sources as a bibliography: the articles newest first, then the reports they rest on. The index
        lists them all while they are few, else the latest; each year (or month) of publication has a page."""
        model = self.model
        archive = self.sources_archive()
        if index is None:
            page, path, title = None, "sources/", self.words.gettext("Sources")
            slugs = sorted(
                model.articles, key=lambda s: (model.articles[s].source.published, s), reverse=True
            )
            complete = len(slugs) <= SOURCES_PAGE_ARTICLES
            slugs = slugs if complete else slugs[:SOURCES_LATEST]
        else:
            page = archive.pages[index]
            path, title = f"sources/{page.path}", f"{self.words.gettext('Sources')} {self.period_label(page)}"
            slugs, complete = list(page.fact_ids), True
        sources = [model.articles[s] for s in slugs]
        reports = sorted(
            distinct_reports(sources), key=lambda r: (r.published, r.publisher, r.url), reverse=True
        )
        return self._render(
            "sources.html",
            path,
            title,
            sources=sources,
            reports=reports,
            complete=complete,
            period=self.period_label(page) if page else None,
            nav=self.archive_nav(archive, page, "sources/"),
        )

    def article_page(self, slug: str) -> bytes:
        """The annotated page of one article."""
        path = article_path(slug)
        article, mentions = page_article(self.model, slug)
        return self._render(
            "article.html",
            path,
            article.title,
            article.summary,
            article=article,
            article_facts=self.model.analysed[slug].facts,
            translated=False,  # an article is in its own language only
            jsonld=self.article_jsonld(article),
            body=self.article_body(article, mentions, path),
        )

    @property
    def words(self) -> Translator:
        """The language's words as plain text, for titles and attributes (a missing one is plain English);
        `HtmlGettext(self.words)` marks a missing one in HTML, as the templates' `_` does."""
        return self.env.globals["translator"]

    def article_body(self, article: Article, mentions: list[Mention], path: str) -> Markup:
        """The article's Markdown as HTML: mentions linked, each fact anchored and linked to its sheet;
        `mentions` are the entities the pipeline found that the page may link."""
        analysed = self.model.analysed[article.slug]
        here = self.site_path(path)

        title = escape(self.words.gettext("Fact sheet"))  # plain text in the attribute, marked in the span
        hidden = markup_escape(HtmlGettext(self.words).gettext("Fact sheet"))

        def link(target: str) -> str:
            return relative_url(here, self.site_path(target))

        facts_by_ordinal = {f.ordinal: f for f in analysed.facts}

        def decorate(annotation: Annotation):
            if is_draft(annotation) and not self.model.drafts:
                return None  # left out of the site until confirmed: the words stay, as plain text
            if annotation.kind == "mention" and annotation.entity not in self.model.entities:
                return None  # a draft entity (review: draft) in a build without --drafts: no sheet
            if annotation.kind == "mention":
                target = link(self.entity_url(annotation.entity))
                return (
                    f'<a class="mention{draft_class(annotation, " mention")}" href="{escape(target)}">',
                    "</a>",
                )
            fact = facts_by_ordinal.get(annotation.ordinal)
            if fact is None:
                return '<mark class="fact">', "</mark>"
            sheet_link = link(self.fact_url(fact.id))
            return (
                f'<mark class="fact fact--{escape(fact.kind)}{draft_class(annotation, " fact")}" '
                f'id="{escape(fact.anchor)}">',
                f"</mark>{self.draft_badge(annotation)}"
                f'<a class="fact-link" href="{escape(sheet_link)}" title="{title}">'
                f'<span class="visually-hidden">{hidden}</span>&#8599;</a>',
            )

        # Link each registry entity the pipeline found where nobody annotated it, once per article.
        shown = [a for a in article.annotations if self.model.drafts or not is_draft(a)]
        spans, linked = [], {a.entity for a in shown if a.kind == "mention"}
        for mention in mentions:
            if mention.id is None or mention.id in linked or mention.id not in self.model.entities:
                continue
            linked.add(mention.id)
            start = article.plain_map.to_source(mention.start)
            end = article.plain_map.to_source_end(mention.end)
            target = escape(link(self.entity_url(mention.id)))
            spans.append((start, end, f'<a class="mention" href="{target}">', "</a>"))
        html = self._markdown(decorate, spans, article.annotations).convert(article.body)
        # Markdown passes raw HTML through: the body is untrusted until the sanitiser has seen it.
        return Markup(sanitize_html(html, self.html_policy, lambda url: self.body_link(url, path)))

    def inline_stylesheet(self) -> Markup:
        """The theme's stylesheet (or the site's own), to set inside a <style> element."""
        css, _, _ = self.env.loader.get_source(self.env, "assets/style.css")
        css = _CSS_COMMENT.sub("", css)  # notes for the theme's readers, not for every 404
        return Markup(css.replace("</", "<\\/"))  # no text can close the <style> element early

    def draft_badge(self, annotation: Annotation) -> str:
        """The mark after a draft fact in a drafts build: "draft", with what it means as its title."""
        if not is_draft(annotation):
            return ""
        hint = self.words.gettext("Unconfirmed: proposed by the annotation tool and not checked yet.")
        label = markup_escape(HtmlGettext(self.words).gettext("draft"))
        return f' <span class="badge badge--draft" title="{escape(hint)}">{label}</span>'

    def _markdown(self, decorate, spans, annotations) -> markdown.Markdown:
        """The one Markdown converter, reset and set up for an article (making one costs more than a page)."""
        if self._converter is None:
            self._annotations = AnnotationExtension()
            # Extensions given as objects, not names: a name is looked up among the installed packages'
            # entry points, read from their metadata files anew by every render worker.
            self._converter = markdown.Markdown(
                extensions=[self._annotations, TableExtension(), SaneListExtension()]
            )
        self._annotations.setConfig("decorate", decorate)
        self._annotations.setConfig("spans", spans)
        self._annotations.setConfig("annotations", annotations)
        return self._converter.reset()

    def body_link(self, url: str, path: str) -> str:
        """A relative link in an article body: `other-slug.md#x` (as `check` accepts it) to that article.

        Links the renderer wrote itself name `index.html` and are left alone, as is anything not an article.
        """
        parts = urlsplit(url)
        if not parts.path or parts.path.endswith("/index.html") or parts.scheme or parts.netloc:
            return url
        target = PurePosixPath(parts.path)
        slug = target.stem if target.suffix == ".md" else target.name
        if slug not in self.model.articles:
            return url
        return relative_url(self.site_path(path), self.site_path(self.source_url(slug, parts.fragment)))


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def draft_class(annotation: Annotation, block: str) -> str:
    """The modifier class of a draft annotation shown in a drafts build (`mention--draft`, `fact--draft`)."""
    return f"{block}--draft" if is_draft(annotation) else ""


def _escaped(value: str) -> str:
    """Escaped as Jinja2 escapes what it prints, as a str (a Markup would escape what is joined to it)."""
    return str(markup_escape(value))


def _plain(value: object) -> str:
    """A filter's output as plain text (citations are not HTML)."""
    return value.striptags() if isinstance(value, Markup) else str(value)
