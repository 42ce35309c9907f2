"""A command-line build after edits that reach no page but the edited articles' own.

Most edits to an article change its words, not what the rest of the site knows of it: a sentence added, a
typo corrected, a paragraph rewritten after its last annotation. What the other pages and the exports take
from an article is its head (`cache/bodies.py`): its metadata, its facts as its annotations state them (with
their sentences and places) and the entities it names. Its text, and where each mention is, are read by its
own page alone, whose key holds them (`pagekeys.PageKeyer.article`). So when the head of every edited article
is the one the last build had, this build's model is the last one's but for those pages, and the build
starts from the build that wrote the output instead of from the whole archive: it reads and analyses the
edited articles only, renders their pages and indexes their search shards again, keeps every other file,
and reports the last build's warnings with those of the edited files made again.

It starts so only from the record of the build that wrote the output (`record.LastBuild`), when nothing but
the bytes of article files changed since (`BuildInputs.frame`), and gives way to the whole build (returns
None) as soon as anything says the edit reaches further: an article added, removed or renamed, an edited
article with an error or a head of its own, a warning that only the whole archive makes (a duplicate slug),
or `--strict` with warnings. A build that gave way has analysed the edited articles into the article cache,
where the whole build finds them.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import multiprocessing
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.record import LastBuild
from generator.errors import Location, Problem, errors_in, shown_path

if TYPE_CHECKING:
    from generator.analyse.host import AnalysisHost
    from generator.build import BuildOptions, BuildReport
    from generator.cache.articles import ArticleCache, ArticleResult
    from generator.cache.bodies import ArticleBodies
    from generator.cache.state import BuildState
    from generator.model import Article, ArticleBody, Entity, SiteConfig
    from generator.write import KeptListing

log = logging.getLogger(__name__)

# More edited articles than this: the whole build, which analyses them beside reading the others anyway.
EDITED_AT_MOST = 50

_MODEL_WARNINGS = frozenset({"conflict"})  # made from the model's facts, which an edit of the body keeps


def build_edited(
    options: BuildOptions, content_dir: Path, output: Path, state: BuildState, host: AnalysisHost | None
) -> BuildReport | None:
    """Build after edits to articles' text that reach no other page, as described above; None when the
    edits reach further (or the last build cannot be started from), for the whole build to do it."""
    if not options.in_place or state.session is not None:
        return None
    found = state.edited_articles(output)
    if found is None:
        return None
    last, edited = found
    if not edited or len(edited) > EDITED_AT_MOST:
        return None
    from generator.analyse.stage import collector_paused

    started = time.perf_counter()
    with collector_paused():  # a short build that makes many objects and keeps most (the warnings)
        edits = _EditedArticles.read(options, content_dir, output, state, last, edited, host)
        if edits is None:
            return None
        warnings = edits.warnings()
        if warnings is None or (options.strict and warnings):
            return None
        log.debug(
            "edited articles: %d, whose heads are the last build's: only their pages change", len(edited)
        )
        return edits.write(options, output, state, last, warnings, started)


@contextlib.contextmanager
def analysis_ahead(options: BuildOptions, state: BuildState, output: Path) -> Iterator[AnalysisHost | None]:
    """A host process for `build_edited`'s analysis, started before anything says whether the build will
    take that path: spaCy starts while the inputs are checked and the edited articles read, instead of
    after (what that path waits for most). None when the path cannot be taken (no record of the last
    build to start from), or its analysis would not run in a host; closed unused when the build goes
    another way."""
    from generator.analyse.host import AnalysisHost, default_jobs

    host = None
    if (
        options.in_place
        and state.session is None
        and options.executor == "local"
        and (options.jobs or default_jobs()) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and state.may_start_from(output)
    ):
        host = AnalysisHost()
    try:
        yield host
    finally:
        if host is not None:
            host.close()


class _EditedArticles:
    """The edited articles, read and analysed, with what the last build had of them."""

    def __init__(
        self,
        config: SiteConfig,
        entities: list[Entity],
        results: list[ArticleResult],
        old: list[ArticleResult],
        bodies: _Bodies,
        slugs: list[str],
        ahead: _Ahead,
    ):
        self.config = config
        self.entities = entities
        self.results = results  # as read and analysed now
        self.old = old  # as the last build had them
        self.bodies = bodies  # the bodies of both (each result's own key)
        self.slugs = slugs  # every article of the site
        self.ahead = ahead

    @classmethod
    def read(
        cls,
        options: BuildOptions,
        content_dir: Path,
        output: Path,
        state: BuildState,
        last: LastBuild,
        edited: list[str],
        host: AnalysisHost | None,
    ) -> _EditedArticles | None:
        """The edited articles read and analysed (into the article cache), when each reads without error and
        its head is the one the last build had; None otherwise."""
        from generator.analyse.stage import read_and_analyse
        from generator.build import _executor
        from generator.cache.articles import fingerprint
        from generator.cache.registry_changes import Registry
        from generator.discover import discover
        from generator.read.entities import load_entities
        from generator.read.site import load_site
        from generator.read.textfile import display_path
        from generator.vocabulary import FACT_KINDS

        # As `build._read_and_analyse_files` reads the settings and the registry; they are the last build's
        # (the frame says so), which read them without error.
        files = discover(content_dir)
        config, problems = load_site(files.root, files.shown_root)
        entities, found = load_entities(files.root / "entities", files.shown_root)
        if config is None or errors_in(files.problems + problems + found):
            return None
        ids = {e.id for e in entities} | {p.stem for p in files.entities}
        kinds = set(FACT_KINDS) | set(config.fact_kinds)
        registry = Registry.of(entities, ids).stamp
        cache = state.article_cache(fingerprint(config, kinds), registry)
        paths = [files.root / name for name in edited]
        shown = [display_path(path, files.shown_root) for path in paths]
        keys = [cache.key_of(last.articles.files[n], s) for n, s in zip(edited, shown, strict=True)]
        before = cache.get_many(keys)
        old = [before.get(key) for key in keys]
        if any(r is None or r.article is None or r.analysed is None for r in old):
            return None  # the last build's analysis is no longer in the store (another build pruned it)
        # Read now: the store keeps one version of an article, which the new one replaces.
        bodies = _Bodies(cache)
        if not bodies.keep(old):
            return None
        # What reading alone tells (an annotation or the front matter edited) is known before spaCy starts:
        # such an edit goes the whole way at once, its analysis beside the reading of the others.
        for path, name, then in zip(paths, shown, old, strict=True):
            if not _reads_alike(path, name, then, bodies):
                return None
        ahead = _Ahead(output, state, last)
        results = read_and_analyse(
            paths,
            files.shown_root,
            entities,
            config,
            ids,
            kinds,
            cache,
            options.jobs,
            executor=_executor(options),
            meanwhile=ahead,
            whole=False,
            host=host,
        )
        for now, then in zip(results, old, strict=True):
            if (
                now.article is None
                or now.analysed is None
                or errors_in(now.read_problems + now.analysis_problems)
            ):
                return None
            if not _same_head(now, then):
                return None
        return cls(config, entities, results, old, bodies, last.articles.slugs, ahead)

    def warnings(self) -> list[_Warning] | None:
        """The last build's warnings with those of the edited files made again, in order; None when the
        last build's warnings of those files are not all ones this build can make again (a duplicate slug
        is found among every article), or one is an error."""
        now, then = self._own_warnings(self.results), self._own_warnings(self.old)
        if now is None or then is None:
            return None
        edited = {shown_path(r.article.path) for r in self.results}
        stored = self.ahead.stored()
        own = [w.json for w in stored if w.json["path"] in edited and w.json["code"] not in _MODEL_WARNINGS]
        if sorted(own, key=_reported_order) != sorted(then, key=_reported_order):
            return None
        # A disagreement's warning is where its first report is: a fact of an edited article may have moved.
        moved = self._moved()
        kept = []
        for warning in stored:
            if warning.json["path"] not in edited:
                kept.append(warning)
            elif warning.json["code"] in _MODEL_WARNINGS:
                place = moved.get((warning.json["path"], warning.json["line"], warning.json["col"]))
                if place is None:
                    return None  # not at a fact: not one this build knows how to make again
                kept.append(_Warning.of({**warning.json, "line": place[0], "col": place[1]}))
        return sorted([*kept, *map(_Warning.of, now)], key=_Warning.order)

    def _moved(self) -> dict[tuple[str, int, int], tuple[int, int]]:
        """Where each fact of the edited articles is now (line and column), by where it was (shown path,
        line and column); their facts are the same, in the same order (`_same_head`)."""
        moved = {}
        for now, then in zip(self.results, self.old, strict=True):
            for fact, was in zip(now.analysed.facts, then.analysed.facts, strict=True):
                if fact.location is not None and was.location is not None:
                    where = (shown_path(was.location.path), was.location.line, was.location.col)
                    moved[where] = (fact.location.line, fact.location.col)
        return moved

    def _own_warnings(self, results: list[ArticleResult]) -> list[dict] | None:
        """The warnings of these articles' files that are theirs alone, as `build.model_and_problems` finds
        them; None when one is an error."""
        from generator.consistency import link_problems, provenance_warnings
        from generator.drafts import draft_warnings

        articles = [r.article for r in results]
        problems = [p for r in results for p in (*r.read_problems, *r.analysis_problems)]
        problems += link_problems(articles, None, self.bodies.of(results), slugs=self.slugs)
        problems += provenance_warnings(articles, self.config) + draft_warnings(articles)
        if errors_in(problems):
            return None
        return [p.as_dict() for p in problems]

    def write(
        self,
        options: BuildOptions,
        output: Path,
        state: BuildState,
        last: LastBuild,
        warnings: list[_Warning],
        started: float,
    ) -> BuildReport | None:
        """Render the edited articles' pages into the site and keep this build's record; None when another
        build wrote the site meanwhile (nothing is written then)."""
        from generator.aggregate import aggregate
        from generator.build import BuildReport
        from generator.cache.record import BuildRecord
        from generator.drafts import confirmed_entities, confirmed_only
        from generator.render.site import render_article_pages
        from generator.search import SEARCH_FOLDER, SiteSearch
        from generator.write import KeptListing, SiteChanged, listing_data, update_pages

        articles = [r.article for r in self.results]
        analysed = [r.analysed for r in self.results]
        entities = self.entities
        if not options.drafts:
            analysed = confirmed_only(articles, analysed, entities)
            entities = confirmed_entities(entities)
        # The model of these articles alone, with the date the whole archive's sheets are as of.
        model = aggregate(self.config, entities, articles, analysed)
        model = replace(
            model, as_of=last.articles.as_of, drafts=options.drafts, bodies=self.bodies.of(self.results)
        )
        base_url = options.base_url or model.config.base_url
        slugs = sorted(a.slug for a in articles)
        rendered = render_article_pages(
            model, options.templates, base_url, slugs, options.source_date_epoch, options.search
        )
        previous = self.ahead.previous if self.ahead.previous is not None else state.kept_page_keys(output)
        search = (options.indexer or SiteSearch()) if options.search else None
        pages = {path: page for path, (page, _) in rendered.items()}
        listing = self._listing_after(output, pages, last)
        listed = self.ahead.listed or KeptListing()  # (none when nothing was analysed: the site is walked)
        try:
            written = update_pages(pages, output, search, f"{SEARCH_FOLDER}/", listed, last.identity)
        except SiteChanged as change:  # another build's site: this one's work is of the site before it
            log.debug("%s: the whole build goes on from it", change)
            return None
        keys = {**previous, **{path: key for path, (_, key) in rendered.items()}}
        if listing is None:
            listing = listing_data(listed, output, f"{SEARCH_FOLDER}/")
        problems = [w.problem for w in warnings]
        record = BuildRecord(
            files=written.files,
            articles=last.report["articles"],
            entities=last.report["entities"],
            facts=last.report["facts"],
            warnings=problems,
        )
        recorded = state.recorded_articles(last.articles.slugs, last.articles.as_of)
        texts = [w.text for w in warnings]
        state.save_edited(
            output, written.identity, record, texts, recorded, keys, previous, last.identity, listing
        )
        log.debug(
            "timing: %d edited articles' pages written, %d files changed; whole build %.2f s",
            len(rendered),
            written.changed,
            time.perf_counter() - started,
        )
        return BuildReport(
            output,
            written.files,
            record.articles,
            record.entities,
            record.facts,
            problems,
            changed=written.changed,
        )

    def _listing_after(self, output: Path, pages: dict[str, bytes], last: LastBuild) -> bytes | None:
        """The listing the last build kept, when writing `pages` changes none of it (they replace files it
        holds; the search index's files are not in it); None when it must be made anew after the write."""
        listed = self.ahead.listed.peek(output) if self.ahead.listed is not None else None
        if not self.ahead.settled or listed is None or not all(p in listed.files for p in pages):
            return None
        return last.listing


@dataclass(frozen=True)
class _Warning:
    """A warning as the build record keeps it (`json`, and its text), and as the report gives it."""

    json: dict
    text: str
    problem: Problem

    @classmethod
    def of(cls, json_object: dict) -> _Warning:
        return cls(json_object, json.dumps(json_object), _problem(json_object))

    def order(self) -> tuple:
        return _reported_order(self.json)


class _Ahead:
    """What writing the pages needs that the edited articles do not change, done while they are analysed in
    another process: the site listed, the keys of its pages read, the rendering's modules imported."""

    def __init__(self, output: Path, state: BuildState, last: LastBuild) -> None:
        self.output = output
        self.state = state
        self.last = last
        self.listed: KeptListing | None = None
        # The last build's listing taken up, and an update of pages it holds changes none of it but the
        # search index's files
        self.settled = False
        self.previous: dict[str, str] | None = None
        self._stored: list[_Warning] | None = None

    def __call__(self, *_) -> None:
        from generator.search import SEARCH_FOLDER
        from generator.write import keeps_all, list_site, listing_from

        for module in ("generator.aggregate", "generator.render.site"):
            importlib.import_module(module)
        # The site as the last build left it, but for its search index (walked now); walked whole when
        # that build kept no listing.
        kept = self.last.listing
        self.listed = kept is not None and listing_from(kept, self.output, f"{SEARCH_FOLDER}/") or None
        if self.listed is None:
            self.listed = list_site(self.output)
        else:
            self.settled = keeps_all(self.listed, self.output, f"{SEARCH_FOLDER}/")
        self.previous = self.state.kept_page_keys(self.output)
        self.stored()

    def stored(self) -> list[_Warning]:
        """The last build's warnings, in order."""
        if self._stored is None:
            self._stored = [_Warning.of(w) for w in self.last.warnings]
        return self._stored


class _Bodies:
    """The bodies of articles' heads: those of the last build's versions as read before they were replaced in
    the article cache (`keep`), the others from it."""

    def __init__(self, cache: ArticleCache) -> None:
        self._cache = cache
        self._kept: dict[str, ArticleBody] = {}

    def keep(self, results: list[ArticleResult]) -> bool:
        """Read the bodies of `results` now; False when one is missing."""
        for result in results:
            if result.body:
                body = self._cache.body(result.body)
                if body is None:
                    return False
                self._kept[result.body] = body
        return True

    def body(self, key: str) -> ArticleBody | None:
        return self._kept.get(key) or self._cache.body(key)

    def of(self, results: list[ArticleResult]) -> ArticleBodies:
        from generator.cache.bodies import ArticleBodies

        bodies = ArticleBodies(self.body, lambda head: None)
        bodies.keys.update((r.article.slug, r.body) for r in results if r.body)
        return bodies


def _reads_alike(path: Path, shown: str, then: ArticleResult, bodies: _Bodies) -> bool:
    """Whether the article file at `path` reads (before any analysis) as the last build's version did: the
    same metadata and front matter, the same annotations with the same words, wherever they are now."""
    from generator.cache.bodies import whole_article
    from generator.cache.pagekeys import article_metadata
    from generator.read.articles import read_article_text
    from generator.read.textfile import TextProblem, read_text

    try:
        article, _ = read_article_text(read_text(path, shown), shown, unicodedata.normalize("NFC", path.stem))
    except TextProblem:
        return False
    body = bodies.body(then.body) if then.body else None
    was = whole_article(then.article, body) if body is not None else then.article
    if article is None or (article.body_start, article.body_line) != (was.body_start, was.body_line):
        return False
    return article_metadata(article) == article_metadata(was) and _annotated(article) == _annotated(was)


def _annotated(article: Article) -> list[tuple]:
    """Each annotation as it reads: its kind, attributes, place in the order and the words it marks."""
    body = article.body
    return [
        (a.kind, a.attrs, a.ordinal, a.parent, body[a.inner_start : a.inner_end]) for a in article.annotations
    ]


def _same_head(now: ArticleResult, then: ArticleResult) -> bool:
    """Whether an article's head is the one it had but for where things are in its file: equal but for the
    hash of its text and the digest of its analysis (which only its own page and the stores read), each
    fact's place (which only the warnings name: `_EditedArticles.warnings` moves them) and the offsets of
    each fact's figure in the plain text (which nothing shows)."""
    return _unplaced(now) == _unplaced(then)


def _unplaced(result: ArticleResult) -> tuple:
    facts = [
        replace(f, location=None, quantity=f.quantity and replace(f.quantity, start=0, end=0))
        for f in result.analysed.facts
    ]
    return replace(result.article, content_hash=""), replace(result.analysed, digest="", facts=facts)


def _reported_order(warning: dict) -> tuple:
    """`errors.in_order`'s order, of warnings as the record keeps them."""
    return (
        warning["path"],
        warning["line"],
        warning["col"],
        warning["code"],
        warning["message"],
        warning["hint"],
    )


def _problem(warning: dict) -> Problem:
    """A warning as `record.load_record` makes it again."""
    where = Location(warning["path"], int(warning["line"]), int(warning["col"]))
    return Problem(where, warning["code"], warning["message"], warning["hint"], severity=warning["severity"])
