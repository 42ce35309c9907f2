"""The read-and-analyse stage: each article file → Article + AnalysedArticle, cached and in parallel.

Reading and analysing one article is a pure function of its file's bytes, its path and the fingerprint
(registry, settings, code), so results come from the cache when they can and otherwise from worker
processes, each of which builds its spaCy pipelines once and feeds them batches with `nlp.pipe`. Results
keep the order of the files, so the output is the same whatever the number of processes.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import multiprocessing
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.analyse.facts import article_facts
from generator.analyse.host import AnalysisHost, default_jobs
from generator.cache.articles import ArticleCache, ArticleResult, linked_names
from generator.cache.digest import digest_of
from generator.cache.registry_changes import NameWords, Registry, annotation_ids, probe
from generator.errors import Problem
from generator.model import LANGUAGES, Article, Entity, SiteConfig
from generator.read.articles import check_annotations, read_article_text
from generator.read.textfile import TextProblem, decode, display_path, read_text

if TYPE_CHECKING:
    from generator.analyse.distributed import DaskExecutor

log = logging.getLogger(__name__)

# Below this many articles to analyse, a process pool costs more (start, pipelines built again) than it saves;
# and each process should get at least a few chunks' worth.
MIN_PARALLEL = 200
MIN_PER_PROCESS = 8
_MAX_CHUNK = 48  # articles per task: big enough for nlp.pipe batches, small enough to spread the work

Progress = Callable[[int], None]  # called with how many more articles are done
# Called with the settings, the registry and the results so far (None: not yet) once the stored articles are
# read back, while articles are being analysed elsewhere: work for this process that would otherwise wait.
Meanwhile = Callable[[SiteConfig, list[Entity], list[ArticleResult | None]], None]


@dataclass
class _Task:
    index: int  # position in the list of files
    key: str  # cache key ("" when not cached)
    path: str  # as shown in messages
    slug: str
    data: bytes


@dataclass(kw_only=True)
class _Setup:
    """What every worker needs besides its tasks; sent once, when the worker starts."""

    entities: list[Entity]
    config: SiteConfig | None  # None: site.yml is unusable, so articles are read but not analysed
    entity_ids: frozenset[str]
    fact_kinds: frozenset[str]
    cache_folder: Path
    fingerprint: str
    cache_enabled: bool
    registry: str = ""  # the stamp of the registry (`registry_changes`) results are stored under


def setup_key(setup: _Setup) -> str:
    """A digest of what the pipelines are built from: the registry, the settings, the ids and kinds.

    Not the cache fingerprint: with the cache off that is empty, and two builds of different sites in one
    process (a test run, a preview with --no-cache after an entity changed) would share stale pipelines.
    """
    parts = (linked_names(setup.entities), setup.config, sorted(setup.entity_ids), sorted(setup.fact_kinds))
    return digest_of(*map(repr, parts))


# Per-process state: the setup and the spaCy pipelines built from it, kept while the setup is the same
# (a preview server rebuilding the same site reuses its pipelines).
_state: dict[str, object] = {}
# The setup of the last articles read in this process, for `warm_up`.
_last_read: dict[str, _Setup] = {}


def _start(setup: _Setup) -> None:
    """Worker initializer (also run in-process): remember the setup, drop pipelines of another setup."""
    key = setup_key(setup)
    if _state.get("key") != key:
        _state.clear()
        _state.update(key=key, pipelines={})
    _state["setup"] = setup
    _state["cache"] = ArticleCache(
        setup.cache_folder, setup.fingerprint, setup.cache_enabled, registry=setup.registry
    )


def warm_up(languages: Iterable[str]) -> None:
    """Build, in this process, the pipelines of `languages` for the setup it last read articles with, where
    not built yet. A preview server does so after its first build, which may have taken every analysis
    from the cache, so that its first save does not wait for spaCy to start (0.7 s at 10,000 articles)."""
    setup = _last_read.get("setup")
    if setup is None or setup.config is None:
        return
    _start(setup)
    for language in sorted(languages):
        _pipeline(_state["pipelines"], setup, language)  # type: ignore[arg-type]


def _start_worker(setup: _Setup) -> None:
    """Initializer of a worker process: the parent pauses its cycle collector while loading; workers don't."""
    gc.enable()
    _start(setup)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a stage builds many objects that it keeps.

    Every collection walks all the objects alive, so loading or aggregating a big archive with the collector
    on spends most of its time there (loading 10,000 cached articles: about three times as long).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pipeline(pipelines: dict, setup: _Setup, language: str):
    """The pipeline for `language` in `pipelines` (this process's), built on first use and then kept."""
    from generator.analyse.pipeline import build_nlp  # spaCy loads only when something is analysed

    if language not in pipelines:
        pipelines[language] = build_nlp(
            language, setup.entities, setup.config.pipeline.get(language), candidates=False
        )
    return pipelines[language]


def _read(task: _Task, setup: _Setup) -> ArticleResult:
    # The same steps as read.articles.read_article, from the bytes already read (and hashed) by the caller.
    try:
        text = decode(task.data, task.path)
    except TextProblem as error:
        return ArticleResult(task.path, None, [error.problem])
    article, problems = read_article_text(text, task.path, task.slug)
    if article is not None:
        problems = problems + check_annotations(article, setup.entity_ids, setup.fact_kinds)
    return ArticleResult(task.path, article, problems)


def kept_after_analysis(article: Article) -> Article:
    """The article as the site model keeps it: without what only reading and analysing it needed.

    Its plain text and the position of every annotation attribute (for messages) are about a seventh of a
    big archive's model, in memory and in the cache; rendering needs neither.
    """
    annotations = [replace(a, attr_locations={}) for a in article.annotations]
    return replace(article, plain="", annotations=annotations)


def _run_chunk(tasks: list[_Task]) -> list[tuple[int, ArticleResult]]:
    """Read, check and analyse a chunk of articles; store each result in the cache."""
    setup: _Setup = _state["setup"]  # type: ignore[assignment]
    results = analyse_chunk(tasks, setup, _state["pipelines"])  # type: ignore[arg-type]
    cache: ArticleCache = _state["cache"]  # type: ignore[assignment]
    # What is sent back is what the build keeps: an article's head when its body went into the store.
    return [
        (task.index, cache.put(task.key, result) if task.key else result)
        for task, result in zip(tasks, results, strict=True)
    ]


def analyse_chunk(tasks: list[_Task], setup: _Setup, pipelines: dict) -> list[ArticleResult]:
    """Read, check and analyse a chunk of articles with the pipelines kept in `pipelines`.

    The same in a forked process and on a Dask worker: only where the results go differs.
    """
    from generator.analyse.pipeline import analyse_texts

    results = [_read(task, setup) for task in tasks]
    if setup.cache_enabled:  # what tells a later build whether a change of the registry reaches the result
        for result in results:
            result.probe = probe(annotation_ids(result.article))
    if setup.config is not None:
        ready = [r for r in results if r.article is not None and not _has_error(r.read_problems)]
        for language in sorted({r.article.language for r in ready}):
            batch = [r for r in ready if r.article.language == language]
            read: list[tuple[str, set[str]]] | None = [] if setup.cache_enabled else None
            analyses = analyse_texts(
                _pipeline(pipelines, setup, language),
                ((r.article.plain, r.article.source.published) for r in batch),
                read=read,
            )
            for result, analysis in zip(batch, analyses, strict=True):
                if read is not None:
                    readable, words = read.pop()
                    result.probe = probe(annotation_ids(result.article), language, readable, words)
                result.analysed, result.analysis_problems = article_facts(result.article, analysis)
                result.article = kept_after_analysis(result.article)
    return results


def _name_words(config: SiteConfig | None) -> NameWords:
    """How the pipelines of `config` read names' words (`registry_changes`); None for a language with a
    trained pipeline, whose own tokenizer is not loaded here (the text test is then made alone). Read in a
    forked process when this one has no spaCy: the build process never holds it (its render workers would
    carry it to the end of the build)."""

    def words(names: Collection[tuple[str, str]]) -> dict[tuple[str, str], list[str] | None]:
        blank = [
            (language, name)
            for language, name in names
            if config is not None and not config.pipeline.get(language)
        ]
        found: dict[tuple[str, str], list[str] | None] = dict.fromkeys(names)
        if not blank:
            return found
        if "spacy" in sys.modules or "fork" not in multiprocessing.get_all_start_methods():
            found.update(_blank_words(blank))
        else:
            with multiprocessing.get_context("fork").Pool(1) as pool:
                found.update(pool.apply(_blank_words, (blank,)))
        return found

    return words


def _blank_words(names: list[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    from generator.analyse.pipeline import blank_tokenizer, name_words

    tokenizers = {language: blank_tokenizer(language) for language in sorted({lang for lang, _ in names})}
    return {(language, name): name_words(tokenizers[language], name) for language, name in names}


def _has_error(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _chunks(tasks: list[_Task], jobs: int) -> list[list[_Task]]:
    """About four chunks per process, so a slow chunk does not leave the other processes idle at the end."""
    size = max(1, min(_MAX_CHUNK, math.ceil(len(tasks) / (jobs * 4))))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def read_and_analyse(
    paths: Sequence[Path],
    shown_root: Path,
    entities: list[Entity],
    config: SiteConfig | None,
    entity_ids: Collection[str],
    fact_kinds: Collection[str],
    cache: ArticleCache,
    jobs: int | None = None,
    progress: Progress | None = None,
    executor: DaskExecutor | None = None,
    meanwhile: Meanwhile | None = None,
    whole: bool = True,
    host: AnalysisHost | None = None,
) -> list[ArticleResult]:
    """One result per path, in order: from the cache, or read, checked and analysed (in `jobs` processes,
    or on the Dask cluster of `executor`; only articles missing from the cache are sent there).

    Articles are analysed only when `config` is given and they have no errors of their own. `meanwhile` is
    called once the stored articles are read back, when others are still being analysed elsewhere.
    `whole`: `paths` are every article of the content folder, and the cache keeps only their results; a
    build that reads a few of them (`body_edits`) leaves the others' results in it. `host`: a host process
    started ahead (`AnalysisHost`) for the articles to analyse, even a few, since `meanwhile` is work enough
    for this one; it is closed if they are analysed elsewhere.
    """
    with collector_paused():
        return _read_and_analyse(
            paths,
            shown_root,
            entities,
            config,
            entity_ids,
            fact_kinds,
            cache,
            jobs or default_jobs(),
            progress,
            executor,
            meanwhile,
            whole,
            host,
        )


def _read_and_analyse(
    paths: Sequence[Path],
    shown_root: Path,
    entities: list[Entity],
    config: SiteConfig | None,
    entity_ids: Collection[str],
    fact_kinds: Collection[str],
    cache: ArticleCache,
    jobs: int,
    progress: Progress | None,
    executor: DaskExecutor | None,
    meanwhile: Meanwhile | None,
    whole: bool = True,
    host: AnalysisHost | None = None,
) -> list[ArticleResult]:
    results: list[ArticleResult | None] = [None] * len(paths)
    shown = [display_path(path, shown_root) for path in paths]
    read: dict[int, bytes] = {}
    keys = [_key(n, paths[n], shown[n], cache, read) for n in range(len(paths))]
    current = Registry.of(entities, entity_ids)
    cache.keep_registry(current)
    setup = _Setup(
        entities=entities,
        config=config,
        entity_ids=frozenset(entity_ids),
        fact_kinds=frozenset(fact_kinds),
        cache_folder=cache.folder,
        fingerprint=cache.fingerprint,
        cache_enabled=cache.enabled,
        registry=cache.registry,
    )
    _last_read["setup"] = setup
    # The articles the store does not have are analysed first: in processes of their own, started now, they
    # are analysed while this one loads the others (a rebuild after an edit: the spaCy pipeline is built
    # while 10,000 cached articles are read back).
    stored = cache.stored_keys()
    # Those stored under another registry that its changes may reach are analysed again.
    stale = cache.stale([key for key in keys if key in stored], current, _name_words(config))
    fresh = [n for n, key in enumerate(keys) if key not in stored or key in stale]
    new = _tasks(fresh, paths, shown, cache, results, read)
    beside = host is not None or len(fresh) < len(paths)
    early = _analysis(new, setup, jobs, progress, executor, cache, beside, host)
    read_back = time.perf_counter()
    again = _read_back(keys, stored, stale, cache, results)
    late = _tasks(again, paths, shown, cache, results, read)
    log.debug("timing: %d stored articles read back in %.2f s", len(paths) - len(fresh), _since(read_back))
    if meanwhile is not None and new and config is not None:
        meanwhile(config, entities, results)
    waited = time.perf_counter()
    for task in new:
        cache.expect(task.key)
    if progress and len(paths) > len(fresh) + len(again):
        progress(len(paths) - len(fresh) - len(again))
    log.debug(
        "articles: %d from the cache, %d to read and analyse", len(paths) - len(new + late), len(new + late)
    )
    task_keys = {task.index: task.key for task in new + late}
    for done in (early, _analysis(late, setup, jobs, progress, executor, cache)):
        for index, result in done:
            results[index] = result
            cache.remember(task_keys[index], result)  # a preview server keeps it for its next build
    log.debug("timing: the analyses of %d articles awaited %.2f s", len(new + late), _since(waited))
    if whole:
        cache.prune()
    return results  # type: ignore[return-value]


def _since(started: float) -> float:
    return time.perf_counter() - started


def _read_back(
    keys: list[str], stored: Container[str], stale: Container[str], cache: ArticleCache, results: list
) -> list[int]:
    """Put the stored result of each key in `stored` but not in `stale` in `results`; returns the indexes of
    those that were not whole in the store after all (to be analysed again)."""
    again = []
    kept = [key for key in keys if key in stored and key not in stale]
    found = cache.get_many(kept)
    for index, key in enumerate(keys):
        if key in stored and key not in stale:
            cached = found.get(key)
            if cached is None:
                again.append(index)
            else:
                results[index] = cached
    return again


def _key(index: int, path: Path, shown: str, cache: ArticleCache, read: dict[int, bytes]) -> str:
    """The cache key of an article file ("" with the cache off): from the digest its stat vouches for, so
    that a file that did not change is not read at all, or else from its bytes (kept in `read`)."""
    if not cache.enabled:
        return ""
    key = cache.file_key(path, shown)
    if key is None:
        try:
            read[index] = path.read_bytes()
        except OSError:
            return ""  # read again, and its problem described, when it is analysed
        key = cache.key(read[index], shown)
    return key


def _tasks(
    indexes: list[int],
    paths: Sequence[Path],
    shown: list[str],
    cache: ArticleCache,
    results: list,
    read: dict[int, bytes],
) -> list[_Task]:
    """The files at `indexes` to be analysed, each under the key of its bytes (those in `read`, or read
    now); an unreadable one gets its result (the problem) in `results` instead."""
    tasks = []
    for index in indexes:
        path, name = paths[index], shown[index]
        try:
            data = read.pop(index) if index in read else path.read_bytes()
        except OSError:
            # Let the reader describe the problem exactly as it does for any unreadable file.
            try:
                data = read_text(path, name).encode("utf-8")  # readable after all: it changed meanwhile
            except TextProblem as error:
                results[index] = ArticleResult(name, None, [error.problem])
                continue
        key = cache.key(data, name) if cache.enabled else ""
        tasks.append(_Task(index, key, name, unicodedata.normalize("NFC", path.stem), data))
    return tasks


def _analysis(
    tasks: list[_Task],
    setup: _Setup,
    jobs: int,
    progress: Progress | None,
    executor: DaskExecutor | None,
    cache: ArticleCache,
    beside: bool = False,
    host: AnalysisHost | None = None,
) -> Iterator[tuple[int, ArticleResult]]:
    """(index, result) of every task: on the Dask cluster of `executor`, or here. With `beside`, there is
    other work for this process meanwhile, so even a few tasks go to a process of their own: `host`, or
    one started now (when `jobs` allows a second process). `host` is closed if it is not used."""
    if beside and tasks and executor is None and jobs > 1 and cache.memory is None and _forks(setup):
        # A preview server (`cache.memory`) keeps its pipelines in its own process: it analyses there.
        processes = _processes(tasks, jobs)
        done = host.analyse(tasks, setup, processes) if host else _run_in_host(tasks, setup, processes)
        return _counted(done, progress)
    if host is not None:
        host.close()
    if not tasks:
        return iter(())
    if executor is not None:
        from generator.analyse.distributed import run_on_dask  # Dask is optional: imported only when asked

        return run_on_dask(tasks, setup, executor, jobs, progress, cache.put)
    return _run(tasks, setup, jobs, progress)


def _counted(done: Iterator[list[tuple[int, ArticleResult]]], progress: Progress | None):
    for chunk in done:
        if progress:
            progress(len(chunk))
        yield from chunk


def _forks(setup: _Setup) -> bool:
    """Whether analyses may run in a forked host (`_run_in_host`): with fork, and settings to analyse with."""
    return "fork" in multiprocessing.get_all_start_methods() and setup.config is not None


def _processes(tasks: list[_Task], jobs: int) -> int:
    return max(1, min(jobs, math.ceil(len(tasks) / MIN_PER_PROCESS)))


def _run(tasks: list[_Task], setup: _Setup, jobs: int, progress: Progress | None):
    """Results of every task, from a process pool when it pays, else in this process (same code path)."""
    if not tasks:
        return
    processes = _processes(tasks, jobs)
    if processes <= 1 or len(tasks) < MIN_PARALLEL:
        _start(setup)
        yield from _counted(map(_run_chunk, _chunks(tasks, 1)), progress)
        return
    log.debug("analysing %d articles in %d processes", len(tasks), processes)
    if _forks(setup):
        yield from _counted(_run_in_host(tasks, setup, processes), progress)
        return
    with multiprocessing.get_context().Pool(processes, initializer=_start_worker, initargs=(setup,)) as pool:
        for done in pool.imap_unordered(_run_chunk, _chunks(tasks, processes)):
            if progress:
                progress(len(done))
            yield from done  # placed by index, so the order of arrival does not matter


def _run_in_host(
    tasks: list[_Task], setup: _Setup, processes: int
) -> Iterator[list[tuple[int, ArticleResult]]]:
    """Each chunk's results, from a host process (`AnalysisHost`) started now: not when the results are
    first asked for, since the caller may do other work meanwhile."""
    return AnalysisHost(tasks, setup, processes).results()


def analyse_in_host(
    tasks: list[_Task], setup: _Setup, processes: int, send: Callable[[object], None]
) -> None:
    """The work of the host process (`host._host`): build the pipelines, freeze them, fork the workers, and
    `send` each chunk of their results."""
    _start(setup)
    for language in _languages(tasks):
        _pipeline(_state["pipelines"], setup, language)  # type: ignore[arg-type]
    # Frozen out of the cycle collector: a worker's collections never write to (so never copy) them.
    gc.freeze()
    if processes == 1:  # a few articles: analysed here, with no worker to fork
        gc.enable()
        for chunk in _chunks(tasks, 1):
            send(_run_chunk(chunk))
        return
    context = multiprocessing.get_context("fork")
    pool = context.Pool(processes, initializer=_start_worker, initargs=(setup,))
    for done in pool.imap_unordered(_run_chunk, _chunks(tasks, processes)):
        send(done)  # placed by index, so the order of arrival does not matter
    pool.close()
    pool.join()


_LANGUAGE_LINE = re.compile(rb"^language:[ \t]*[\"']?([a-z]+)", re.MULTILINE)


def _languages(tasks: list[_Task]) -> list[str]:
    """The languages the articles' front matter names (a guess: a pipeline missing here is built later)."""
    found = set()
    for task in tasks:
        match = _LANGUAGE_LINE.search(task.data, 0, 4096)
        if match and match.group(1).decode() in LANGUAGES:
            found.add(match.group(1).decode())
    return sorted(found)
