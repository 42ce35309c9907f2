"""Everything the built site holds, as (site path, bytes), in a stable order."""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import NamedTuple, Protocol, TypeVar

from generator.cache.digest import digest_of
from generator.cache.pagekeys import EXPORT_JOBS, KeyMemo, PageKeyer, PageKeys, page_keys
from generator.compact import gather_article_heads
from generator.model import SiteModel
from generator.render.data import (
    ENTITY_EXPORTS,
    FACT_EXPORTS,
    entities_export,
    entity_data,
    entity_data_path,
    facts_exports,
    schema_files,
    written_bytes,
)
from generator.render.entries import DICTIONARY_FACTS
from generator.render.environment import TemplateCode, make_environment, preload_templates
from generator.render.factrows import RecordKeys, RowPlan
from generator.render.feeds import (
    SitemapPage,
    atom_feed,
    cname_file,
    is_listed,
    listed_pages,
    robots_txt,
    sitemap_files,
    sitemaps,
)
from generator.render.languages import language_view
from generator.render.pages import PageRenderer
from generator.render.sqlite import SQLITE_EXPORTS, sqlite_exports
from generator.render.themes import theme_search_path
from generator.render.urls import article_path
from generator.validators import check_base_url
from generator.write import Content, Made, Scratch, UnchangedRun

log = logging.getLogger(__name__)


def theme_assets(search_path: list[Path]) -> list[tuple[str, bytes]]:
    """Files under `assets/` of every theme folder; a site's own file wins over the default theme's."""
    assets: dict[str, Path] = {}
    for folder in reversed(search_path):
        root = folder / "assets"
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    assets[path.relative_to(folder).as_posix()] = path
    return [(name, assets[name].read_bytes()) for name in sorted(assets)]


def render_site(
    model: SiteModel,
    site_templates: Path | None,
    base_url: str,
    jobs: int = 1,
    keys: PageKeys | None = None,
    source_date_epoch: str | None = None,
    search: bool = True,
    scratch: Scratch | None = None,
    compiled: TemplateCode | None = None,
    one_shot: bool = False,
    later: LaterExports | None = None,
) -> Iterator[tuple[str, Content]]:
    """Pages, data exports, feeds and theme assets of the whole site; pages in `jobs` processes.

    With `keys` (see `generator.cache.pagekeys`), a page whose key is the previous one is not rendered but
    handed on as `Unchanged`: the write stage links the output's file, which the build with that key wrote.
    `source_date_epoch` dates the citations' access (see `citations.citation_dates`).
    A site in several languages has every page but the articles once per language, under `<lang>/`, and
    at its root a page that sends readers to the default language (see `urls.SiteLayout`).
    Given the write stage's `scratch`, the big site-wide exports are written there by the process that makes
    them and handed on as `Made` files (see `_export_files`); without it, as bytes.
    `compiled` holds the templates' code a preview server compiled in its earlier builds.
    A `one_shot` render's model is let go after it (a command-line build's, not a preview server's): its
    objects may be made anew where that spares the page workers memory (`_for_workers`).
    With `later` (a preview server's rebuilds), the big exports whose facts changed are not made here but
    handed to it, to be made once the pages are in place (see `_defer_exports`).
    """
    origin = "base_url in site.yml" if base_url == model.config.base_url else "--base-url"
    base_url = check_base_url(base_url, origin)
    search_path = theme_search_path(site_templates)
    renderers = [
        _renderer(language_view(model, language), search_path, base_url, source_date_epoch, search, compiled)
        for language in model.config.site_languages
    ]
    default = renderers[0]
    multilingual = bool(default.layout.languages)
    _take_kept_archives(renderers, model, keys)
    pages = [(renderer, renderer.page_jobs()) for renderer in renderers]
    # (in one language a page's path is its file's: 34,000 calls fewer on every save)
    page_files = [
        renderer.site_path(path) if multilingual else path for renderer, own in pages for path, _ in own
    ]
    if keys is None:
        keys = PageKeys()  # no keys: nothing is unchanged, everything is made
    else:
        keys.current = _page_keys(pages, search_path, base_url, source_date_epoch, search, keys)
        keys.memo.keep_sources(model, default.sources_archive(), keys.changes)
        if later is not None:
            keys.current = _defer_exports(later, model, base_url, keys)
    # The site-wide exports and feeds. Each is made again only when the facts, articles or sheets it is made
    # of changed (`EXPORT_JOBS`); by this process, before the page workers fork (`_make_changed`).
    feeds = EXPORT_JOBS[2]
    work = _export_jobs(model, base_url, scratch, keys)
    if multilingual:
        # Only the number of pages listed here: the list, with each page's versions, when the job runs.
        count = sum(is_listed(r.site_path(path), path) for r, own in pages for path, _ in own)
        files = ("robots.txt", *sitemap_files(count))
        work.append(_Job(feeds, files, partial(_root_feeds, model, base_url, pages)))
        work += [
            _Job(path, (path,), partial(_feed, renderer, base_url))
            for renderer in renderers
            for path in (renderer.site_path("feed.xml"),)
        ]
    else:
        files = (*sitemap_files(sum(is_listed(f, f) for f in page_files)), "feed.xml", "robots.txt")
        work.append(_Job(feeds, files, partial(_feeds, model, base_url, page_files)))
    renders = (render for _, own in pages for _, render in own)
    work += [
        _Job(site_path, (site_path,), partial(_one, render))
        for site_path, render in zip(page_files, renders, strict=True)
    ]
    if multilingual:
        # The root: a page that sends readers to the default language, and a 404 page in that language
        # (GitHub Pages serves the root's 404.html for every missing address).
        work += [
            _Job("index.html", ("index.html",), partial(_one, default.root_page)),
            _Job("404.html", ("404.html",), partial(_one, default.not_found_page)),
        ]
    for renderer in renderers:
        work += _sheet_jobs(renderer, model, shared=renderer is default)
    wide = _wide_pages(renderers)
    work = _for_workers(work, renderers, wide, keys, jobs, one_shot)
    for renderer in renderers:
        render_shared_parts(renderer, keys, jobs)
    yield from _make_changed(work, keys, jobs, wide, _first_jobs(renderers))
    for renderer in renderers:
        for path, content in renderer.citations.dataset_downloads():
            yield renderer.site_path(path), content
    yield from schema_files()
    yield from theme_assets(search_path)
    if model.config.cname:
        yield "CNAME", cname_file(model.config.cname)
    yield ".nojekyll", b""


def _wide_pages(renderers: list[PageRenderer]) -> set[str]:
    """The pages whose jobs read much of the model: each sheet (and its downloads and data file, made in a
    job keyed by it) and each page of the timeline."""
    wide = set(EXPORT_JOBS)
    for renderer in renderers:
        wide.update(renderer.site_path(renderer.entity_url(i) + "index.html") for i in renderer.model.sheets)
        wide.add(renderer.site_path("timeline/index.html"))
        wide.update(
            renderer.site_path(f"timeline/{p.path}index.html") for p in renderer.timeline_archive().pages
        )
    return wide


def _spread(work: list[_Job], wide: set[str]) -> list[_Job]:
    """The jobs with those that read much of the model (`wide`) spread evenly among the others.

    A forked worker copies each page of the model whose objects' reference counts it writes, and keeps the
    copies until it is replaced. Run in a row, the sheets or the exports (each of which reads every fact)
    have every worker copy most of the model at once. Spread out in runs of two (`_runs`), a run is the
    last jobs of a worker (`_make_changed`), which runs about as many narrow jobs before them as
    `MAX_JOBS_PER_WORKER`: the copies are held for two jobs, for no more workers than a count alone would
    start. A sheet's page runs with its downloads (the jobs keyed by its page), which read the same facts:
    at 10,000 articles the biggest sheet's page copied 67 MB alone and 8 MB more beside its downloads,
    where two sheets' downloads in a row copied 197 MB. The two exports go to the two ends of the wide
    jobs' order (where the build makes them no worker does). The order of the files does not change the
    site.
    """
    narrow = [job for job in work if job.key_path not in wide]
    spread = [job for job in work if job.key_path in wide]
    if not narrow or not spread:
        return work
    exports = [[job] for job in spread if job.key_path in EXPORT_JOBS[:2]]
    units: dict[str, list[_Job]] = {}  # the wide jobs by the page they are keyed by, in order
    for job in spread:
        if job.key_path not in EXPORT_JOBS[:2]:
            units.setdefault(job.key_path, []).append(job)
    rest = list(units.values())
    runs = _runs(exports[:1] + rest[: len(rest) // 2] + exports[1:] + rest[len(rest) // 2 :])
    # Each job's place in its own list, as a fraction: merged by it, the wide jobs fall evenly among the rest.
    placed = [((n + 0.5) / len(narrow), 1, job) for n, job in enumerate(narrow)]
    placed += [((n + 0.5) / len(runs), 0, job) for n, run in enumerate(runs) for job in run]
    return [job for _, _, job in sorted(placed, key=lambda p: p[:2])]


def _runs(units: list[list[_Job]]) -> list[list[_Job]]:
    """The wide jobs in the runs a worker ends with: the jobs of one page (a sheet's page and its downloads)
    together, and the others (a page of the timeline, an export) two by two."""
    runs: list[list[_Job]] = []
    single: list[_Job] = []
    for unit in units:
        if len(unit) > 1:
            runs.append(unit)
            continue
        single += unit
        if len(single) == 2:
            runs.append(single)
            single = []
    return runs + [single] if single else runs


def render_article_pages(
    model: SiteModel,
    site_templates: Path | None,
    base_url: str,
    slugs: Sequence[str],
    source_date_epoch: str | None = None,
    search: bool = True,
) -> dict[str, tuple[bytes, str]]:
    """The page of each article of `slugs` with its key (`pagekeys.PageKeyer.article`), by the path of its
    file from the site's root, as `render_site` makes them. `model` need hold no more than those articles
    and the registry: an article's page shows nothing of the other articles, nor of what they state (its
    key says so). For a build after edits that reach no other page (`body_edits`)."""
    origin = "base_url in site.yml" if base_url == model.config.base_url else "--base-url"
    base_url = check_base_url(base_url, origin)
    search_path = theme_search_path(site_templates)
    pages: dict[str, tuple[bytes, str]] = {}
    for language in model.config.site_languages:
        renderer = _renderer(
            language_view(model, language), search_path, base_url, source_date_epoch, search, None
        )
        keys = PageKeyer(renderer.model, search_path, base_url, source_date_epoch, search=search)
        multilingual = bool(renderer.layout.languages)
        for slug in slugs:
            if multilingual and not renderer.writes_article(slug):
                continue
            path = article_path(slug) + "index.html"
            site_path = renderer.site_path(path) if multilingual else path
            pages[site_path] = (renderer.article_page(slug), keys.article(slug))
    return pages


def _renderer(
    model: SiteModel,
    search_path: list[Path],
    base_url: str,
    source_date_epoch: str | None,
    search: bool,
    compiled: TemplateCode | None,
) -> PageRenderer:
    """The renderer of one language's pages, with that language's environment."""
    config = model.config
    env = make_environment(search_path, config.language, config.fact_kinds, config.catalogs, compiled)
    env.globals["search"] = search  # pages load Pagefind's files only when the build writes its index
    return PageRenderer(model, env, base_url, source_date_epoch)


def _sheet_jobs(renderer: PageRenderer, model: SiteModel, shared: bool) -> list[_Job]:
    """What else each sheet has: its citation downloads (cite.bib … beside the sheet, in each language) and,
    once (`shared`), its data file. They show what the sheet shows, so they are unchanged when the sheet's
    key is."""
    work = []
    for entity_id in sorted(model.sheets):
        downloads = [renderer.site_path(p) for p in renderer.citations.sheet_download_paths(entity_id)]
        paths = tuple(sorted([*downloads, *([entity_data_path(entity_id)] if shared else [])]))
        work.append(
            _Job(
                renderer.site_path(renderer.entity_url(entity_id) + "index.html"),
                paths,
                partial(_sheet_files, renderer, model, entity_id, paths),
            )
        )
    return work


def _take_kept_archives(renderers: list[PageRenderer], model: SiteModel, keys: PageKeys | None) -> None:
    """A preview server's sheets whose plan still holds keep their archives (see `KeyMemo.kept_archives`),
    and so do the timeline and the sources if they did not change, in every language (a fact's statement
    differs by language, not its date)."""
    if keys is not None:
        archives = keys.memo.kept_archives(model, keys.changes)
        timeline = keys.memo.unchanged_timeline(model, keys.changes)
        sources = keys.memo.unchanged_sources(model, keys.changes)
        for renderer in renderers:
            renderer.take_archives(archives, timeline, sources)


_Pages = list[tuple[PageRenderer, list[tuple[str, Callable[[], bytes]]]]]


def _page_keys(
    pages: _Pages,
    search_path: list[Path],
    base_url: str,
    source_date_epoch: str | None,
    search: bool,
    keys: PageKeys,
) -> dict[str, str]:
    """The key of each page of every language, by the path of its file from the site's root.

    Each language's keys are made from its view of the model (its statements, its settings): the default
    language's with the build's memo and changes, the others' afresh. A site in several languages keys its
    root sitemap by every language's pages, and each language's feed as its exports.
    """
    found: dict[str, str] = {}
    feeds = EXPORT_JOBS[2]
    for renderer, own in pages:
        default = renderer is pages[0][0]
        files = [path for path, _ in own]
        language_keys = page_keys(
            renderer.model,
            search_path,
            base_url,
            source_date_epoch,
            search=search,
            sheet_archives=renderer.sheet_archive,
            timeline=renderer.timeline_archive(),
            sources=renderer.sources_archive(),
            memo=keys.memo if default else None,
            pages=files,
            changes=keys.changes if default else None,
        )
        if not renderer.layout.languages:
            return language_keys  # one language: every path is as the keys have it
        # The keys of every article: only those of this language's articles are its pages.
        found.update((renderer.site_path(path), language_keys[path]) for path in files)
        found[renderer.site_path("feed.xml")] = language_keys[feeds]
        if default:
            found.update((path, language_keys[path]) for path in EXPORT_JOBS[:2])
    found[feeds] = digest_of(*(found[renderer.site_path("feed.xml")] for renderer, _ in pages))
    return found


def _feeds(model: SiteModel, base_url: str, page_files: list[str]) -> list[bytes]:
    # The sitemap lists the pages rendered, so a page added to the renderer is never left out of it.
    listed = listed_pages(page_files)
    return [*sitemaps(model, listed, base_url), atom_feed(model, base_url), robots_txt(base_url)]


def _sitemap_pages(pages: _Pages) -> list[SitemapPage]:
    """What the sitemap of a site in several languages lists: every page of every language, each page that
    is in every language with its versions (`hreflang`, and the default language's as `x-default`)."""
    listed = []
    for renderer, own in pages:
        for path, _ in own:
            alternates = () if path.startswith("articles/") else _hreflang(renderer, path)
            listed.append(SitemapPage(renderer.site_path(path), path, alternates))
    return listed_pages(listed)


def _root_feeds(model: SiteModel, base_url: str, pages: _Pages) -> list[bytes]:
    """robots.txt and the sitemap of a site in several languages."""
    return [robots_txt(base_url), *sitemaps(model, _sitemap_pages(pages), base_url)]


def _hreflang(renderer: PageRenderer, path: str) -> tuple[tuple[str, str], ...]:
    versions = [(a["language"], a["path"]) for a in renderer.alternates(path)]
    return (*versions, ("x-default", versions[0][1])) if versions else ()


def _feed(renderer: PageRenderer, base_url: str) -> list[bytes]:
    return [atom_feed(renderer.model, base_url, renderer.site_path)]


class _Job(NamedTuple):
    """Files made together (a page; a sheet's downloads), unchanged when the page at `key_path` is. (A tuple:
    a site has tens of thousands, planned anew on every build.)"""

    key_path: str
    paths: tuple[str, ...]
    make: Callable[[], list[bytes] | list[Made]]  # each of `paths`, in order


def _export_jobs(
    model: SiteModel, base_url: str, scratch: Scratch | None, keys: PageKeys | None = None
) -> list[_Job]:
    """The jobs of the two big site-wide exports: the facts (JSON, CSV), and what also holds every entity
    whole (the SQLite database, the entities' JSON), keyed apart: editing a description remakes the second
    only (see `pagekeys.REGISTRY_JOBS`). Both copy the rows of the facts unchanged since the output's
    (see `factrows`), when the build keeps state."""
    data, database, _ = EXPORT_JOBS
    with_registry = (*SQLITE_EXPORTS, *ENTITY_EXPORTS)
    # The memo as it is when the job runs: `_gather_for_workers` may replace it in between.
    exports = keys.exports if keys is not None else None
    rows = None if exports is None else RowPlan(exports, lambda: RecordKeys(model, keys.memo))
    return [
        _Job(
            data,
            FACT_EXPORTS,
            partial(_export_files, partial(facts_exports, model, base_url, rows=rows), FACT_EXPORTS, scratch),
        ),
        _Job(
            database,
            with_registry,
            partial(_export_files, partial(_registry_exports, model, base_url, rows), with_registry, scratch),
        ),
    ]


class LaterExports(Protocol):
    """What makes the big exports after the pages are in place (`exports_background.BackgroundExports`)."""

    scratch: Scratch  # where its exports' files are made

    def defer(self, jobs: list[_Job], keys: dict[str, str]) -> None:
        """Take the export jobs to make later, with the key each is made for."""
        ...


def _defer_exports(later: LaterExports, model: SiteModel, base_url: str, keys: PageKeys) -> dict[str, str]:
    """Hand `later` the big exports (`_export_jobs`) whose keys changed, when the output holds each of their
    files as it was: those stay in the site as they are for now, so the keys returned give each its previous
    key, and the build records the keys of the files it leaves, not of those still to be made. An export
    the output lacks a file of is made by the build, as always."""
    place = keys.exports
    current, previous = keys.current, keys.previous
    if place is None:
        return current
    jobs = [
        job
        for job in _export_jobs(model, base_url, later.scratch, keys)
        if previous.get(job.key_path, current[job.key_path]) != current[job.key_path]
        and all((place.output / path).is_file() for path in job.paths)
    ]
    if not jobs:
        return current
    later.defer(jobs, {job.key_path: current[job.key_path] for job in jobs})
    return {**current, **{job.key_path: previous[job.key_path] for job in jobs}}


def _registry_exports(model: SiteModel, base_url: str, rows: RowPlan | None, targets: Sequence[Path]) -> None:
    sqlite_exports(model, base_url, targets[: len(SQLITE_EXPORTS)], rows=rows)
    entities_export(model, base_url, targets[len(SQLITE_EXPORTS) :])


def _export_files(
    write: Callable[[list[Path]], None], paths: tuple[str, ...], scratch: Scratch | None
) -> list[bytes] | list[Made]:
    """The files of an export, as its writer `write` writes them (one target file for each of `paths`).

    With the write stage's scratch folder, the files are made there and handed on as `Made`: the export's
    text never lies in memory whole, and only a file's name, not its bytes, goes back from a worker to the
    build (a big archive's facts.json, facts.csv and database came to 300 MB, held three times over: in the
    worker, in the pipe and in the build). Without it, the files are read back as bytes.
    """
    if scratch is None:
        return written_bytes(write, len(paths))
    targets = [scratch.new_file(PurePosixPath(path).name) for path in paths]
    write(targets)
    return [Made(target) for target in targets]


# Facts whose entry parts one task renders in advance: enough to make a task's overhead small beside it.
FACTS_PER_TASK = 20
# A worker rendering parts is replaced after this many facts, about what 100 pages list: like a page worker,
# it would otherwise copy (by writing reference counts) the objects of more and more of the model.
MAX_FACTS_PER_WORKER = 500


def render_shared_parts(renderer: PageRenderer, keys: PageKeys, jobs: int) -> int:
    """Render the page-independent parts of the entry of each fact that two or more pages to be made list
    (its subject's and its object's pages, a sheet's newest facts), in `jobs` processes, before the page
    workers fork: they share what this process holds, so each part is rendered once in the build, whichever
    worker makes the pages. A fact listed once is rendered where it is listed. Returns the facts rendered.

    (A cache filled by each page worker would rarely serve a second page: the pages that list a fact lie
    far apart in the order of the jobs, and a worker is replaced after `MAX_JOBS_PER_WORKER` of them.)
    """
    listed: Counter[str] = Counter()
    for _, fact_ids in renderer.fact_lists(unchanged=keys.same()):
        listed.update(fact_ids)
    shared = sorted(fact_id for fact_id, count in listed.items() if count > 1)
    parts = renderer.fact_parts
    if not shared or not parts.available():
        return 0
    parts.start(shared)
    shared = shared[DICTIONARY_FACTS:]
    tasks = [
        partial(parts.render_all, shared[n : n + FACTS_PER_TASK])
        for n in range(0, len(shared), FACTS_PER_TASK)
    ]
    what = f"tasks of {FACTS_PER_TASK} facts' entry parts"
    per_worker = max(1, MAX_FACTS_PER_WORKER // FACTS_PER_TASK)
    for rendered in run_jobs(tasks, jobs, MIN_PARALLEL_PARTS, what, per_worker):
        parts.add(rendered)
    log.debug(
        "%d facts' entry parts rendered in advance (of %d listed by the pages to make), kept in %d bytes",
        parts.facts_kept(),
        len(listed),
        parts.kept_bytes(),
    )
    return parts.facts_kept()


def _one(render: Callable[[], bytes]) -> list[bytes]:
    return [render()]


def _sheet_files(
    renderer: PageRenderer, model: SiteModel, entity_id: str, paths: tuple[str, ...]
) -> list[bytes]:
    files = {renderer.site_path(p): c for p, c in renderer.citations.sheet_downloads(entity_id).items()}
    if entity_data_path(entity_id) in paths:  # the data file: once, language-neutral (the default's model)
        files[entity_data_path(entity_id)] = entity_data(entity_id, model, renderer.base_url)
    return [files[path] for path in paths]


def _for_workers(
    work: list[_Job],
    renderers: list[PageRenderer],
    wide: set[str],
    keys: PageKeys,
    jobs: int,
    one_shot: bool = False,
) -> list[_Job]:
    """The jobs in the order forked workers run them best (`_spread`), the templates compiled here for them
    to share (`_preload_for_workers`), when enough jobs are to run to fork for: a rebuild after a small
    change (a preview's save) runs its few jobs here, and need not sort 35,000 jobs to do so. A `one_shot`
    render's article heads are gathered together (`_gather_for_workers`)."""
    same = keys.same()
    if jobs > 1 and sum(job.key_path not in same for job in work) >= MIN_PARALLEL_PAGES:
        if one_shot:
            _gather_for_workers(renderers[0].model, keys)
        _preload_for_workers(renderers, same)
        return _spread(work, wide)
    return work


def _gather_for_workers(model: SiteModel, keys: PageKeys) -> None:
    """Gather the article heads of a model rendered once (`compact.gather_article_heads`), and keep of the
    page keys' memo only what the build saves (`BuildState.save`: the pages' entries, the site key, the fact
    digests): the rest tells this model's objects apart for a later build in the same process, which a
    one-shot build has not, and would keep the heads' old objects alive beside the new."""
    gather_article_heads(model)
    memo = keys.memo
    keys.memo = KeyMemo(pages=memo.pages, site=memo.site, serial=memo.serial, stored=memo.stored)


def _preload_for_workers(renderers: list[PageRenderer], same: set[str]) -> None:
    """Compile the templates here when the pages are to be made by forked workers, which then share them
    instead of compiling their own (a worker is replaced every `MAX_JOBS_PER_WORKER` pages); and count the
    reports of each sheet to make, which reads every article of the sheet (`PageRenderer.count_reports`)."""
    for renderer in renderers:
        preload_templates(renderer.env)
        sheet_page = renderer.site_path
        renderer.count_reports(
            i for i in renderer.model.sheets if sheet_page(renderer.entity_url(i) + "index.html") not in same
        )


def _make_changed(
    work: list[_Job],
    keys: PageKeys,
    jobs: int,
    wide: frozenset[str] | set[str] = frozenset(),
    first: frozenset[str] | set[str] = frozenset(EXPORT_JOBS),
) -> Iterator[tuple[str, Content]]:
    """The files of every job in order: those of unchanged pages as runs of `Unchanged` (`UnchangedRun`),
    the others made.

    The jobs of `first` (`_first_jobs`), which read every fact or article, are made first, here, before any
    worker forks: a worker that made one would copy most of the model (its reference counts written), while
    this process writes only to pages of its own. The exports' files are in the scratch folder by then;
    only their names are held.
    The last of a run of jobs of `wide` (`_wide_pages`, in runs of two: `_spread`) ends its worker: the copies
    of the model they made are given back when they are done, not held through the next worker's pages.
    """
    same = keys.same()
    unchanged = [job.key_path in same for job in work]
    made_first = {n: job.make() for n, job in enumerate(work) if job.key_path in first and not unchanged[n]}
    to_run = [job for n, job in enumerate(work) if not unchanged[n] and n not in made_first]
    log.debug("%d of %d jobs to run; the others are unchanged", len(to_run) + len(made_first), len(work))
    is_wide = [job.key_path in wide for job in to_run] + [False]
    made = run_jobs([job.make for job in to_run], jobs, retiring=[a and not b for a, b in pairwise(is_wide)])
    run: list[_Job] = []  # unchanged jobs in a row, handed over together
    for n, job in enumerate(work):
        if unchanged[n]:
            run.append(job)
            continue
        yield from _unchanged(run)
        run = []
        yield from zip(job.paths, made_first.pop(n) if n in made_first else next(made), strict=True)
    yield from _unchanged(run)
    next(made, None)  # run the pool to its end, so its worker processes are shut down


def _unchanged(jobs: list[_Job]) -> Iterator[tuple[str, UnchangedRun]]:
    """The files of unchanged jobs in a row as one item (none when they make no file)."""
    if jobs:
        run = UnchangedRun(jobs)
        if run.paths:
            yield run.paths[0], run


def _first_jobs(renderers: list[PageRenderer]) -> set[str]:
    """The jobs `_make_changed` runs in the build's process, before the others: the exports and the feeds,
    and in each language the first pages of the home, the timeline and the sources, which read every fact
    or article (to pick the latest; the timeline's chart marks every fact). In a worker, each copied
    100-340 MB of the model at 10,000 articles (an article's page: 11 MB), held until the worker ended."""
    first = set(EXPORT_JOBS)
    for renderer in renderers:
        first.update(
            renderer.site_path(p) for p in ("index.html", "timeline/index.html", "sources/index.html")
        )
    return first


# Below this many jobs, starting processes costs more than it saves.
MIN_PARALLEL_PAGES = 200
MIN_PARALLEL_PARTS = 32  # tasks of `FACTS_PER_TASK` facts' entry parts
MIN_PAGES_PER_PROCESS = 16
# A forked worker shares the site model's memory until it reads an object: updating the object's reference
# count copies the page it lies on. A worker that lived through every page would end up with a copy of most
# of the model; one replaced after this many jobs holds copies of what those jobs read only. A fork costs a
# few milliseconds, so a few hundred of them in a big build are nothing beside that. Measured at 3,000
# articles (benchmarks/README.md): 200 -> 100 took the mean memory of all processes while pages render from
# 372 to 350 MB for no more CPU; 50 took it to 308 MB, but for 12% more CPU (forks and copies made again).
# A worker also ends after the pair of wide jobs that closes its batch (`_spread`, `_make_changed`). At
# 10,000 articles, ending one after every single wide job (800 workers instead of 340) took 19.4 M
# page faults instead of 12.5 M and 64 s more system time: a new worker copies about 60 MB before its
# first page.
MAX_JOBS_PER_WORKER = 100
# The jobs of the running pool, for the forked workers to find by index (set only while they run).
_jobs: list[Callable[[], object]] = []

T = TypeVar("T")


def _run_batch(bounds: tuple[int, int]) -> list[object]:
    """What the jobs from `bounds[0]` up to `bounds[1]` make: one worker's whole life (see `_batches`)."""
    return [_jobs[index]() for index in range(*bounds)]


def _batches(count: int, per_worker: int, retiring: Sequence[bool] | None) -> list[tuple[int, int]]:
    """The jobs, in order, cut into the batches a worker runs before it is replaced: `per_worker` jobs, or
    fewer when a job of `retiring` ends one."""
    batches, start = [], 0
    for index in range(count):
        if index + 1 - start >= per_worker or (retiring is not None and retiring[index]):
            batches.append((start, index + 1))
            start = index + 1
    if start < count:
        batches.append((start, count))
    return batches


def _give_back_free_memory() -> None:
    """Hand the C library's free heap pages back to the system before the workers fork.

    What the build freed since it started (the aggregation's and the page keys' work, the analyses' messages)
    stays in the process's resident memory, in the C allocator's free lists, and the forked workers would
    share it for nothing: `malloc_trim` gives those pages back (30 MB at 10,000 articles, in milliseconds).
    Only the GNU C library has it; elsewhere nothing is done."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)


def _start_worker() -> None:
    """A worker's cycle collector runs, whatever the parent's: a preview server's build runs with it paused
    (`build.build`), and a worker that inherited that would keep every reference cycle its pages make until
    it ends. The model was frozen before the fork (`gc.freeze` in `build._render_and_write`), so a collection
    in a worker walks only the objects the worker made, never the model it shares."""
    gc.enable()


def run_jobs(
    makers: list[Callable[[], T]],
    jobs: int = 1,
    min_parallel: int | None = None,  # default: MIN_PARALLEL_PAGES
    what: str = "pages",  # what the makers make (a sheet's downloads count as one page), for the log
    per_worker: int | None = None,  # jobs a worker runs before it is replaced; default: MAX_JOBS_PER_WORKER
    retiring: Sequence[bool] | None = None,  # for each maker: is its worker replaced once it has run it?
) -> Iterator[T]:
    """What each function makes, in the order given; in `jobs` forked processes when there are at least
    `min_parallel` of them.

    Forked workers share the site model with this process as it is, so nothing is copied to start them, and
    each is replaced after `MAX_JOBS_PER_WORKER` jobs, or at once after a job that `retiring` names, so none
    accumulates a copy of it; where processes cannot be forked (Windows, macOS by default) the functions run
    here, one by one.
    """
    global _jobs
    processes = min(jobs, len(makers) // MIN_PAGES_PER_PROCESS)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    least = MIN_PARALLEL_PAGES if min_parallel is None else min_parallel
    if processes <= 1 or len(makers) < least or not forkable:
        for make in makers:
            yield make()
        return
    log.debug("rendering %d %s in %d processes", len(makers), what, processes)
    _jobs = makers  # type: ignore[assignment]  (read back by index in the workers)
    # What was made since the model was frozen (the renderers, their compiled templates, the page keys, the
    # jobs) is frozen too: a worker's collections would otherwise walk it, writing to every object's header,
    # and so copy the pages it lies on. The build unfreezes it all at its end (`build._render_and_write`).
    gc.freeze()
    _give_back_free_memory()
    try:
        # One task per worker's life, a batch of jobs in order: a worker ends after its task, whatever its
        # jobs copied, and the results come back a batch at a time instead of one message per page.
        batches = _batches(len(makers), per_worker or MAX_JOBS_PER_WORKER, retiring)
        with multiprocessing.get_context("fork").Pool(
            processes, initializer=_start_worker, maxtasksperchild=1
        ) as pool:
            for made in pool.imap(_run_batch, batches):
                yield from made  # type: ignore[misc]
    finally:
        _jobs = []
