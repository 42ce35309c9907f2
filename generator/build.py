"""The build: discover → read → analyse → aggregate → render → write, each stage finished before the next."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.record import BuildInputs, BuildRecord
from generator.cache.state import BuildSession, BuildState
from generator.errors import (
    ConfigError,
    ContentError,
    Location,
    Problem,
    errors_in,
    in_order,
    shown_path,
    warnings_in,
)
from generator.render.themes import theme_search_path
from generator.write import KeptListing, UnchangedRun, check_output_folder, listing_data

# A build with nothing to do (its inputs those of the build that wrote the output) stops after reading the
# record of that build: the stages below are imported by the functions that run them, which spares such a
# build about 0.13 s of imports (a third of it at 10,000 articles).
if TYPE_CHECKING:
    from generator.aggregate_delta import Aggregator
    from generator.analyse.distributed import DaskExecutor
    from generator.analyse.stage import Meanwhile
    from generator.cache.articles import ArticleResult
    from generator.cache.bodies import ArticleBodies
    from generator.consistency import LinkMemo
    from generator.discover import ContentFiles
    from generator.model import AnalysedArticle, Article, ArticleBody, Entity, SiteConfig, SiteModel
    from generator.render.site import LaterExports
    from generator.write import Content, SearchIndexer, Written

log = logging.getLogger(__name__)


# Shows how far a stage has got: called with a label and a total (None when unknown), it returns a context
# manager that yields a function to call with each batch of steps done. The CLI draws a bar with it.
ProgressFactory = Callable[[str, "int | None"], AbstractContextManager[Callable[[int], None]]]


@contextlib.contextmanager
def no_progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """The default progress: nothing shown."""
    yield lambda steps: None


def source_date_epoch_from_environment() -> str | None:
    """`SOURCE_DATE_EPOCH`, the date reproducible builds agree on (https://reproducible-builds.org/)."""
    return os.environ.get("SOURCE_DATE_EPOCH")


@dataclass(kw_only=True)
class BuildOptions:
    """What to build, where and how."""

    content: Path = Path("content")
    output: Path = Path("_site")
    templates: Path | None = Path("templates")
    base_url: str | None = None
    strict: bool = False
    jobs: int | None = None  # processes that analyse articles and render pages; None: one per core
    cache: bool = True  # False: neither read nor write .factsheets-cache/, and rebuild every file
    drafts: bool = False  # True: facts and mentions marked review=draft are built, marked as unconfirmed
    search: bool = True  # False: no search index (pagefind/); pages still offer the link to every sheet
    # Where articles are analysed: "local" (processes of this machine) or "dask" (a Dask distributed cluster:
    # the scheduler at `scheduler`, or None for one started on loopback). The output is the same either way.
    executor: str = "local"
    scheduler: str | None = None
    progress: ProgressFactory = no_progress
    # Update a site we wrote where it is rather than in a staging folder swapped in: the work is that of the
    # changed files, not a link per unchanged file and the removal of the previous site. Changed files are
    # renamed in only once every file is rendered (and the search shards of changed pages indexed), so a
    # failed build still leaves the previous site whole. Not with --no-cache. See `write.write_site`.
    in_place: bool = True
    # Read once, here: the citations' access date, the stamp and the page keys all follow it.
    source_date_epoch: str | None = field(default_factory=source_date_epoch_from_environment)
    # What makes the search index (with `search` on): None for a `search.SiteSearch`, which indexes the pages
    # before any is renamed in; the preview's rebuilds give theirs, which indexes them after.
    indexer: SearchIndexer | None = None
    # What makes the big data exports whose facts changed once the pages are in place (with the cache on):
    # None for the build itself, before it ends; the preview's rebuilds give theirs (`exports_background`).
    exporter: LaterExports | None = None


@dataclass
class Content:
    """Everything the read stage produced, with every problem found on the way."""

    config: SiteConfig | None
    entities: list[Entity]
    articles: list[Article]
    problems: list[Problem] = field(default_factory=list)
    bodies: ArticleBodies | None = None  # when some `articles` are heads: their bodies (`cache/bodies.py`)

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(self.problems)


@dataclass
class BuildReport:
    output: Path
    files: int
    articles: int
    entities: int
    facts: int
    warnings: list[Problem]
    changed: int | None = None  # files written anew; the others were left as they were
    skipped: bool = False  # True: the inputs were those of the build that wrote the output, nothing was done


def read_content(content_dir: Path) -> Content:
    """Stages 1 and 2: find and read every content file, collecting all problems rather than stopping."""
    content, _, _ = load_content(content_dir, analyse=False)
    return content


def load_content(
    content_dir: Path,
    analyse: bool = True,
    jobs: int | None = None,
    cache: bool | BuildState = True,
    progress: ProgressFactory = no_progress,
    executor: DaskExecutor | None = None,
    meanwhile: Meanwhile | None = None,
) -> tuple[Content, list[AnalysedArticle], list[Problem]]:
    """Stages 1–3: read every content file and analyse each article that reads without errors.

    Returns the content, the analysed articles (in the order of `content.articles`, for those analysed)
    and the problems the analysis found. Per-article work comes from the article cache when it can and
    otherwise runs in `jobs` processes (or on the Dask cluster of `executor`). `cache` is the build's state,
    or whether to open the content folder's own (False: no cache at all). `meanwhile` is called while
    changed articles are analysed elsewhere (see `stage.read_and_analyse`).
    """
    from generator.discover import discover

    own_state = not isinstance(cache, BuildState)
    files = discover(content_dir) if own_state else cache.content_files(content_dir)
    state = BuildState.open(files.root, enabled=bool(cache)) if own_state else cache
    try:
        config, problems, entities, results, bodies = _read_and_analyse_files(
            files, state, analyse, jobs, progress, executor, meanwhile
        )
        if own_state:  # the store closes here: whoever holds the articles longer holds them whole
            results, bodies = [bodies.made_whole(r) for r in results], None
    finally:
        if own_state:
            state.close()
    articles: list[Article] = []
    analysed: list[AnalysedArticle] = []
    analysis_problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for result in results:
        problems += result.read_problems
        article = result.article
        if article is None:
            continue
        if article.slug.casefold() in slugs:
            problems.append(
                Problem(
                    _first_line(article.path),
                    "duplicate-slug",
                    f"the slug '{article.slug}' is also used by {shown_path(slugs[article.slug.casefold()])}",
                    "rename one of the two files: their pages would share one address",
                )
            )
            continue
        slugs[article.slug.casefold()] = article.path
        articles.append(article)
        if result.body:
            bodies.keys[article.slug] = result.body
        if result.analysed is not None:
            analysed.append(result.analysed)
            analysis_problems += result.analysis_problems
    content = Content(config, entities, articles, problems, bodies if bodies and bodies.keys else None)
    return content, analysed, analysis_problems


def _read_and_analyse_files(
    files: ContentFiles,
    state: BuildState,
    analyse: bool,
    jobs: int | None,
    progress: ProgressFactory,
    executor: DaskExecutor | None,
    meanwhile: Meanwhile | None = None,
) -> tuple[SiteConfig | None, list[Problem], list[Entity], list[ArticleResult], ArticleBodies]:
    """The settings, the registry, one result per article file (from the store when it can) and the bodies
    of those that are heads."""
    from generator.analyse.stage import read_and_analyse
    from generator.cache.articles import ArticleCache, fingerprint
    from generator.cache.bodies import ArticleBodies, head_and_body
    from generator.cache.registry_changes import Registry
    from generator.read.entities import load_entities
    from generator.read.site import load_site
    from generator.vocabulary import FACT_KINDS

    config, problems = load_site(files.root, files.shown_root)
    problems = files.problems + problems  # links out of the content folder or to nothing
    entities, found = load_entities(files.root / "entities", files.shown_root)
    problems += found
    ids = {e.id for e in entities} | {p.stem for p in files.entities}  # a broken file is reported once
    kinds = set(FACT_KINDS) | set(config.fact_kinds if config else ())
    # Without analysis, no cache: a cached entry must always hold its analysis.
    config_for_analysis = config if analyse else None
    wanted = analyse and state.enabled  # the fingerprint may import spaCy: only when the cache is used
    registry = Registry.of(entities, ids).stamp
    store = state.article_cache(fingerprint(config, kinds) if wanted else None, registry)
    with progress("Reading and analysing articles", len(files.articles)) as advance:
        results = read_and_analyse(
            files.articles,
            files.shown_root,
            entities,
            config_for_analysis,
            ids,
            kinds,
            store,
            jobs,
            advance,
            executor,
            meanwhile,
        )
    paths: dict[str, Path] = {}  # each head's file, made when a body is first found missing (rarely)

    def again(head: Article) -> tuple[Article, ArticleBody] | None:
        """An article read and analysed anew, in this process, for a body the store no longer has."""
        if not paths:
            paths.update((r.path, path) for path, r in zip(files.articles, results, strict=True) if r.body)
        off = ArticleCache(store.folder, "", enabled=False)
        [result] = read_and_analyse(
            [paths[head.path]], files.shown_root, entities, config_for_analysis, ids, kinds, off, 1
        )
        if result.article is None or result.analysed is None:
            return None
        return result.article, head_and_body(result.article, result.analysed)[2]

    return config, problems, entities, results, ArticleBodies(store.body, again)


def _first_line(path: str) -> Location:
    return Location(path, 1, 1)


def model_and_problems(
    content_dir: Path,
    jobs: int | None = None,
    cache: bool | BuildState = True,
    progress: ProgressFactory = no_progress,
    *,
    drafts: bool = False,
    executor: DaskExecutor | None = None,
    aggregator: Aggregator | None = None,
    links: LinkMemo | None = None,
) -> tuple[SiteModel | None, list[Problem]]:
    """Stages 1–4 collecting every problem (reading, links, facts, drafts, disagreeing sources) and the site
    model, with the draft annotations in it only when `drafts` is true.

    The model is None when the content has errors. `factsheets check` reports the problems; a build uses
    the model too, so it need not do the work twice. `links` keeps each article's links between builds
    (the store's, or a preview server's aggregator's), so only changed articles are read for them.
    """
    from generator.aggregate import aggregate
    from generator.analyse.stage import collector_paused
    from generator.consistency import conflict_warnings, link_problems, provenance_warnings
    from generator.drafts import confirmed_entities, confirmed_only, draft_entity_warnings, draft_warnings

    started = time.perf_counter()
    # An aggregator that has a model (a preview server's) updates it: it resumes from nothing in the store.
    resuming = aggregator is not None and aggregator.model is None
    meanwhile = _resume_meanwhile(aggregator, drafts) if resuming else None
    content, analysed, found = load_content(content_dir, True, jobs, cache, progress, executor, meanwhile)
    if links is None and aggregator is not None:
        links = aggregator.links  # a preview server's, kept between builds
    problems = content.problems + link_problems(content.articles, links, content.bodies)
    if content.config is None:
        return None, in_order(problems)
    # Every problem is reported in one run, the warnings beside the errors: `check` lists them all.
    problems += (
        found
        + provenance_warnings(content.articles, content.config)
        + draft_warnings(content.articles)
        + draft_entity_warnings(content.entities)
    )
    failed = errors_in(problems)
    if failed:  # the disagreements are still sought, between the articles that have no error
        analysed = _free_of_errors(failed, content, analysed)
    read_done = time.perf_counter()
    entities = content.entities
    if not drafts:  # after the article cache, which keeps every annotation whatever the build's options
        analysed = confirmed_only(content.articles, analysed, entities)
        entities = confirmed_entities(entities)
    with collector_paused():  # aggregation makes the site model: many objects, all kept
        if aggregator is None:
            model = aggregate(content.config, entities, content.articles, analysed)
            model.drafts = drafts
            problems += conflict_warnings(model)
        else:
            model = aggregator.aggregate(content.config, entities, content.articles, analysed, drafts)
            problems += aggregator.conflict_warnings(model)
        model.bodies = content.bodies
    log.debug(
        "timing: read and analyse %.2f s (%d articles), aggregate %.2f s (%d facts)",
        read_done - started,
        len(content.articles),
        time.perf_counter() - read_done,
        len(model.facts),
    )
    return (None if failed else model), in_order(problems)


def _resume_meanwhile(aggregator: Aggregator, drafts: bool) -> Meanwhile:
    """While changed articles are analysed elsewhere, the aggregator reads the aggregation the store kept
    over the stored articles' analyses (as the aggregation will see them: without drafts unless built),
    instead of waiting; the aggregation checks that its input is still that one."""

    def prepare(config: SiteConfig, entities: list[Entity], results: list[ArticleResult | None]) -> None:
        from generator.drafts import confirmed_entities, confirmed_only

        done = [r for r in results if r is not None and r.article is not None and r.analysed is not None]
        if not done:  # nothing stored to resume over (a first build, or one after the code changed)
            return
        articles = [r.article for r in done]
        analysed = [r.analysed for r in done]
        if not drafts:
            analysed = confirmed_only(articles, analysed, entities)
            entities = confirmed_entities(entities)
        aggregator.prepare(config, entities, articles, analysed, drafts)

    return prepare


def _free_of_errors(
    errors: list[Problem], content: Content, analysed: list[AnalysedArticle]
) -> list[AnalysedArticle]:
    """The analysed articles with no error in their file and no fact about an entity that failed to read."""
    broken = {p.location.path for p in errors}
    broken_slugs = {a.slug for a in content.articles if a.path in broken}
    known = {e.id for e in content.entities}
    return [
        a
        for a in analysed
        if a.slug not in broken_slugs and all({f.subject, f.object or f.subject} <= known for f in a.facts)
    ]


def build_model(
    content_dir: Path,
    jobs: int | None = None,
    cache: bool | BuildState = True,
    progress: ProgressFactory = no_progress,
    *,
    drafts: bool = False,
    executor: DaskExecutor | None = None,
    aggregator: Aggregator | None = None,
    links: LinkMemo | None = None,
) -> tuple[SiteModel, list[Problem]]:
    """Stages 1–4: read, analyse and aggregate; raises ContentError when the content has errors."""
    model, problems = model_and_problems(
        content_dir,
        jobs,
        cache,
        progress,
        drafts=drafts,
        executor=executor,
        aggregator=aggregator,
        links=links,
    )
    errors = errors_in(problems)
    if model is None or errors:
        raise ContentError(errors or problems)
    return model, problems


def build(options: BuildOptions, session: BuildSession | None = None) -> BuildReport:
    """Build the site into `options.output`; the previous site stays whole unless every stage succeeds.

    With the cache on, a build whose inputs are byte for byte those of the build that wrote the output
    (see `generator.cache.record`) stops after checking that, and reports what that build reported. A
    `session` (a preview server's) keeps the analysed articles, the model and the page keys' digests in
    memory for the next build, which then redoes only what changed.
    """
    started = time.perf_counter()
    content_dir = options.content.resolve()
    state = BuildState.open(content_dir, enabled=options.cache, session=session if options.cache else None)
    # A session keeps the last model alive (hundreds of MB at 10,000 articles), and a full collection of the
    # cycle collector walks all of it: seconds, once per rebuild. A session's build runs with the collector
    # paused; the garbage it leaves is collected after it, by the collector's own schedule.
    paused = contextlib.nullcontext()
    if state.session is not None:
        from generator.analyse.stage import collector_paused

        paused = collector_paused()
    try:
        with paused:
            return _build(options, started, content_dir, state)
    finally:
        state.close()


def _build(options: BuildOptions, started: float, content_dir: Path, state: BuildState) -> BuildReport:
    from generator.body_edits import analysis_ahead, build_edited

    output = _output_folder(options, content_dir, state.folder)
    with analysis_ahead(options, state, output) as host:
        last = state.last_build(output, _inputs(options, content_dir, output))
        # A session that holds no model yet (a preview's first build, on a site already up to date) makes it
        # all the same, writing nothing new: its saves then update that model, instead of the first of them
        # making it from the store (seconds at 10,000 articles, in the middle of the editing).
        unprimed = state.session is not None and state.session.aggregator.model is None
        if last is not None and not unprimed:
            log.info("Nothing changed since the last build of %s", output)
            log.debug("timing: checking the inputs %.2f s", time.perf_counter() - started)
            return _report_again(output, last)
        from generator.search import pagefind_executable
        from generator.validators import source_date_epoch_day

        source_date_epoch_day(options.source_date_epoch)  # refused before the analysis, as `check` does
        if options.search:
            pagefind_executable()  # a missing Pagefind is said before the analysis, not after the rendering
        if not unprimed:
            edited = build_edited(options, content_dir, output, state, host)
            if edited is not None:
                return edited
    from generator.analyse.stage import collector_paused

    # Building the model makes millions of objects that live to the end of the build, and none of them is
    # garbage: a collection of the cycle collector in between (loading the cache, checking links, making
    # warnings) walks them all for nothing. So it is paused while the model is built, and the model frozen
    # at once (as `_render_and_write` freezes it again), so that the collector, running again, does not walk
    # it either; unfrozen whatever happens, so a preview server's old models stay collectable.
    try:
        with collector_paused():
            model, warnings = build_model(
                content_dir,
                options.jobs,
                state,
                options.progress,
                drafts=options.drafts,
                executor=_executor(options),
                aggregator=state.aggregator(),
                links=state.links(),
            )
            gc.freeze()
        if options.strict and warnings:
            raise _strict_error(warnings)
        rendering = time.perf_counter()
        # What the write finds and leaves of the site: kept by a preview server for its next build, by the
        # build's record for the next command-line build after an edit (`body_edits`).
        listing = state.session.listing if state.session is not None else None
        if listing is None and state.enabled:
            listing = KeptListing()
        written = _render_and_write(model, options, output, state, listing)
    finally:
        gc.unfreeze()
    log.debug(
        "timing: render and write %.2f s (%d files, %d changed); whole build %.2f s",
        time.perf_counter() - rendering,
        written.files,
        written.changed,
        time.perf_counter() - started,
    )
    report = BuildReport(
        output,
        written.files,
        len(model.articles),
        len(model.entities),
        len(model.facts),
        warnings,
        changed=written.changed,
    )
    # Kept with the collector paused: the model is no longer frozen, and the full collection that is due by
    # now would walk all of it (2 s at 10,000 articles) in the middle of encoding what is kept.
    with collector_paused():
        from generator.search import SEARCH_FOLDER

        articles = state.recorded_articles(sorted(model.articles), model.as_of)
        listed = None
        if articles is not None and listing is not None:
            listed = listing_data(listing, output, f"{SEARCH_FOLDER}/")
        state.save(output, written.identity, _record(report), articles, listed)
    return report


def _executor(options: BuildOptions) -> DaskExecutor | None:
    """None for local processes; for Dask, checked to be installed before any work is done."""
    if options.executor not in ("local", "dask"):
        raise ConfigError(f"unknown executor '{options.executor}': use 'local' or 'dask'")
    if options.executor == "local":
        if options.scheduler is not None:
            raise ConfigError("a scheduler address needs the dask executor (--executor dask)")
        return None
    from generator.analyse.distributed import dask_executor  # Dask is optional: imported only when asked

    return dask_executor(options.scheduler)


def _output_folder(options: BuildOptions, content_dir: Path, cache_dir: Path) -> Path:
    """The output folder, once it is certain that building into it overwrites nothing but a site."""
    sources = [content_dir, cache_dir]  # the output may not be, hold or lie in the cache either
    if options.templates is not None and options.templates.exists():
        sources.append(options.templates)
    roots = [p for p in (content_dir, *content_dir.parents) if (p / ".git").exists()][:1]
    return check_output_folder(options.output, sources, roots)


def _inputs(options: BuildOptions, content_dir: Path, output: Path) -> BuildInputs:
    settings = {
        "base_url": options.base_url,
        "strict": options.strict,
        "drafts": options.drafts,
        "search": options.search,  # an index added or left out changes the output
        "output": str(output),
        "content": str(content_dir),  # messages name files by the content folder's path
    }
    return BuildInputs(
        content=content_dir,
        search_path=theme_search_path(options.templates),
        settings=settings,
        source_date_epoch=options.source_date_epoch,
    )


def _render_and_write(
    model: SiteModel, options: BuildOptions, output: Path, state: BuildState, listing: KeptListing | None
) -> Written:
    """Stages 5 and 6: render the model and write it into `output` (updated in place, or swapped in whole),
    `listing` keeping the site's files as the write left them."""
    from generator.analyse.host import default_jobs
    from generator.render.site import render_site
    from generator.search import SiteSearch
    from generator.write import Scratch, write_site

    base_url = options.base_url or model.config.base_url
    _share_repeated_values(model, state)  # equal values made one object: no page changes
    # Pages stream from the renderer into temporary files (or a staging folder): a template error midway
    # discards them and leaves the previous site as it was, and no more than one page is held in memory.
    # The model is read, never changed, from here on: frozen, the cycle collector stops walking it for every
    # batch of short-lived rendering objects (and stops writing to it, which forked workers would copy).
    # Pages whose inputs are those of the output's pages are linked from it, not rendered
    # (not with --no-cache).
    keys = state.page_keys(output)
    state.keep_aggregation()  # a one-shot build's aggregator is kept in the store now, not shared by workers
    scratch = Scratch()  # the big exports are made there by their worker, not handed over as bytes
    gc.freeze()
    try:
        with options.progress("Writing the site", None) as advance:
            files = render_site(
                model,
                options.templates,
                base_url,
                options.jobs or default_jobs(),
                keys,
                source_date_epoch=options.source_date_epoch,
                search=options.search,
                scratch=scratch,
                compiled=state.session.templates if state.session is not None else None,
                one_shot=state.session is None,
                later=options.exporter,
            )
            # The search index is made from the new pages before any is renamed or swapped in; shards whose
            # pages are the output's, unchanged, keep the output's index files.
            search = (options.indexer or SiteSearch()) if options.search else None
            counted = _counted(files, advance)
            return write_site(
                counted,
                output,
                reuse=options.cache,
                search=search,
                in_place=options.in_place,
                scratch=scratch,
                listing=listing,
            )
    finally:
        gc.unfreeze()  # a preview server builds again and again: the old models must be collectable


def _share_repeated_values(model: SiteModel, state: BuildState) -> None:
    """Hold the model's repeated values once (`compact.py`) before the render workers fork: done before the
    page keys, so that what it frees is taken up by them rather than by new memory. A build whose
    aggregation only updated the last one (a preview's save, or a one-shot build resumed from the store
    after a small change) leaves its model as it is: walking all of it costs a third of a second or more,
    and such a build renders a handful of pages, so its workers copy few of the model's memory pages. A
    cold build, or one that merged every fact again, shares them."""
    if state.aggregation_updated():
        return
    from generator.compact import share_repeated_values

    started = time.perf_counter()
    shared = share_repeated_values(model)
    log.debug("timing: %d repeated values shared in %.2f s", shared, time.perf_counter() - started)


def _strict_error(warnings: list[Problem]) -> ContentError:
    """In strict mode every warning is an error."""
    return ContentError(
        [Problem(w.location, w.code, w.message, w.hint) for w in warnings],
        footer=f"Aborted with {len(warnings)} warning{'' if len(warnings) == 1 else 's'} in strict mode!",
    )


def _report_again(output: Path, last: BuildRecord) -> BuildReport:
    """The report of a build with nothing to do: that of the build that wrote the output."""
    return BuildReport(
        output, last.files, last.articles, last.entities, last.facts, last.warnings, changed=0, skipped=True
    )


def _record(report: BuildReport) -> BuildRecord:
    """What a rebuild with nothing to do reports again."""
    return BuildRecord(
        files=report.files,
        articles=report.articles,
        entities=report.entities,
        facts=report.facts,
        warnings=report.warnings,
    )


def _counted(
    files: Generator[tuple[str, Content], None, None], advance: Callable[[int], None]
) -> Iterator[tuple[str, Content]]:
    try:
        for item in files:
            yield item
            advance(len(item[1]) if isinstance(item[1], UnchangedRun) else 1)
    finally:
        files.close()  # closed with it: the render stage's workers stop before the write stage's scratch goes
