"""`BuildState`: what outlives one build, opened at its start and handed to the stages that need it.

The read-and-analyse stage gets the article cache from it, the render stage the page keys, and the build
itself the record of the last build into its output (to stop early when nothing changed) and, at its end,
a place to keep its own. With the cache off (`--no-cache`) the state is closed: nothing is read or kept,
and every stage does all of its work.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.digest import digest_of
from generator.cache.files import cache_folder
from generator.cache.filestats import FileDigests, KnownFiles
from generator.cache.record import (
    BuildInputs,
    BuildRecord,
    LastBuild,
    RecordedArticles,
    load_fact_digests,
    load_last_build,
    load_page_keys,
    load_page_memo,
    load_record,
    may_have_last_build,
    save_fact_digests,
    save_page_keys,
    save_page_memo,
    save_record,
)
from generator.cache.store import Store
from generator.errors import ProblemTexts
from generator.write import KeptListing, site_identity

# A build with nothing to do needs of this module the record of the last build only: what the other stages
# use is imported when they ask for it (about 0.13 s of a 0.45 s no-op build at 10,000 articles).
if TYPE_CHECKING:
    from generator.aggregate_delta import Aggregator
    from generator.cache.articles import ArticleCache, ArticleKeys, ArticleResult
    from generator.cache.links import KeptLinks
    from generator.cache.pagekeys import KeptPages, KeyMemo, PageKeys
    from generator.cache.snapshot import AggregationSnapshot
    from generator.consistency import LinkMemo
    from generator.discover import ContentFiles
    from generator.render.environment import TemplateCode

log = logging.getLogger(__name__)


@dataclass
class BuildSession:
    """What one process keeps between the builds it runs (a preview server): the analysed articles by key,
    the last aggregation (an `aggregate_delta.Aggregator`), the digests of the page keys, the templates'
    compiled code and what is in the site it writes. Each is only a faster way to the same result: a build
    with a session gives the bytes of one without."""

    results: dict[str, ArticleResult] = field(default_factory=dict)
    registries: dict[str, str] = field(default_factory=dict)  # the registry each of `results` holds under
    article_keys: ArticleKeys = field(default_factory=lambda: _articles().ArticleKeys())  # each file's key
    memo: KeyMemo = field(default_factory=lambda: _pagekeys().KeyMemo())
    aggregator: Aggregator = field(default_factory=lambda: _aggregate_delta().Aggregator())
    templates: TemplateCode = field(default_factory=lambda: _environment().TemplateCode())
    listing: KeptListing = field(default_factory=KeptListing)  # of the site the last build updated
    problems: ProblemTexts = field(default_factory=ProblemTexts)  # the last build's warnings, as texts
    files: KnownFiles = field(default_factory=KnownFiles)  # the input files' digests, as last recorded
    # The paths a watcher reported changed since the last build, which the next build takes (None: not
    # known, every file's stat is looked at). See `filestats.FileDigests`.
    reported: set[bytes] | None = None
    # The page keys the last build kept, with the identity of the site it wrote: while the site is that
    # one, they are what the store holds for it (35,000 rows at 10,000 articles, not read again).
    page_keys: tuple[str, dict[str, str]] | None = None
    # What the last build reported, with the output, site identity and stamp it was of: while the output is
    # that one, the record file holds it, and is not read again (a build with work to do read 5 MB to learn
    # so; the check after a preview's save parsed its 16,000 warnings: 60 ms).
    record: tuple[str, str, str, BuildRecord] | None = None
    # The content folder's files as the last build listed them, while none was a link out or to nothing (what
    # `discover` reports): a build told by a watcher that no file was added or removed takes them.
    content_files: ContentFiles | None = None


class BuildState:
    """The build state of one content folder, kept in its cache folder; `enabled=False`: none at all."""

    def __init__(
        self,
        folder: Path,
        enabled: bool = True,
        content: Path | None = None,
        session: BuildSession | None = None,
    ):
        self.folder = folder
        self.enabled = enabled
        self.session = session
        # Each content folder's analyses apart: content folders side by side share the cache folder, and
        # a build removes the entries it did not use, which would otherwise be the other folder's.
        # (the rows of the store's `articles` table are named by this location's last part)
        root = digest_of(os.fsencode(content.resolve()))[:16] if content else "default"
        self.articles = folder / "articles" / root
        self._caches: list[ArticleCache] = []
        self._stamp = ""  # of this build's inputs, once `last_build` has computed it
        # And their digest but for the bytes of the article files, with the digest of each of those
        # (`BuildInputs.frame`): a command-line build's, once `last_build` has computed them.
        self._frame: tuple[str, dict[str, str]] | None = None
        self._files: FileDigests | None = None
        self._stats: Store | None = None  # the store (file digests and page keys), once asked
        self._keys: PageKeys | None = None  # handed to the render stage, which fills in this build's keys
        self._kept_identity: str | None = None  # of the output whose fact digests `_keys` was given
        self._kept_pages: KeptPages | None = None  # and the page entries (see `pagekeys.KeptPages`)
        self._links: LinkMemo | None = None  # each article's links, once asked (see `links`)
        self._links_kept: KeptLinks | None = None  # the rows they were read from
        # The aggregation kept in the store, and the aggregator that resumes from it and keeps its own
        # (see `aggregator`).
        self._snapshot: AggregationSnapshot | None = None
        self._aggregator: Aggregator | None = None

    @classmethod
    def open(cls, content: Path, enabled: bool = True, session: BuildSession | None = None) -> BuildState:
        """The state of the builds of the content folder `content`, kept beside it (and in `session`)."""
        return cls(cache_folder(content), enabled, content, session)

    def article_cache(self, fingerprint: str | None, registry: str = "") -> ArticleCache:
        """The analysed articles of this `fingerprint` (see `articles.fingerprint`), under the registry whose
        stamp is `registry` (`registry_changes`).

        None, or a closed state, gives a cache that misses every lookup and stores nothing.
        """
        from generator.cache.articles import ArticleCache

        if not self.enabled or fingerprint is None:
            return ArticleCache(self.articles, "", enabled=False)
        memory = self.session.results if self.session is not None else None
        registries = self.session.registries if self.session is not None else None
        keys = self.session.article_keys.under(fingerprint) if self.session is not None else None
        if self._snapshot is not None:
            # Analyses of another fingerprint: another aggregation. Not of another registry: the key holds
            # what of the registry reaches every fact, and an article whose analysis a change of the
            # registry changed has another token (`aggregate_delta.article_token`).
            self._snapshot.fingerprint = fingerprint
        cache = ArticleCache(
            self.articles,
            fingerprint,
            memory=memory,
            digests=self._files,
            keys=keys,
            registry=registry,
            registries=registries,
        )
        self._caches.append(cache)
        return cache

    def _store(self) -> Store:
        """The store's file, for the file digests and the page keys (the article cache opens its own)."""
        if self._stats is None:
            self._stats = Store(self.folder)
        return self._stats

    def close(self) -> None:
        """Close the store file this state opened (a build calls it at its end, failed or not)."""
        if self._stats is not None:
            self._stats.close()
            self._stats = None
        for cache in self._caches:
            cache.close()
        self._caches.clear()

    def last_build(self, output: Path, inputs: BuildInputs) -> BuildRecord | None:
        """What the build that wrote `output` reported, when its inputs were these: then nothing changed."""
        if not self.enabled:
            return None
        kept, reported = None, None
        if self.session is not None:
            kept, reported, self.session.reported = self.session.files, self.session.reported, None
        files = FileDigests(self._store(), kept, reported)
        self._stamp = inputs.stamp(files)
        self._files = files  # the article cache's keys come from these digests (no file read again)
        if self.session is None:  # a command-line build may start from the last one (`body_edits`)
            self._frame = inputs.frame(files)
        files.save()
        log.debug(
            "checking the inputs looked at %d files' stat and read %d (%s)",
            files.stats,
            files.read,
            "the others as the watcher left them" if files.trusting else "the others' stat was unchanged",
        )
        identity = site_identity(output)
        kept = self.session.record if self.session is not None else None
        if kept is not None and kept[:2] == (str(output), identity):  # the record in the file is that one
            return kept[3] if kept[2] == self._stamp else None
        record = load_record(self.folder, output, self._stamp, identity)
        if record is not None and self.session is not None and identity is not None:
            self.session.record = (str(output), identity, self._stamp, record)
        return record

    def may_start_from(self, output: Path) -> bool:
        """Whether a build into `output` may start from the build that wrote it (`edited_articles`): a
        quick look, before the inputs are checked."""
        return self.enabled and self.session is None and may_have_last_build(self.folder, output)

    def edited_articles(self, output: Path) -> tuple[LastBuild, list[str]] | None:
        """The record of the build that wrote `output` and the article files edited since (by their path in
        the content folder), when nothing else of the inputs changed (no file added, removed or renamed, no
        other file, setting or template changed); None otherwise. After `last_build`."""
        if not self.enabled or self._frame is None:
            return None
        last = load_last_build(self.folder, output, site_identity(output))
        frame, files = self._frame
        if last is None or last.articles.frame != frame or last.articles.files.keys() != files.keys():
            return None
        recorded = last.articles.files
        return last, [name for name, digest in files.items() if recorded[name] != digest]

    def kept_page_keys(self, output: Path) -> dict[str, str]:
        """The keys of the pages of the output now at `output`, as the build that wrote it kept them."""
        return load_page_keys(self._store(), output, site_identity(output))

    def save_edited(
        self,
        output: Path,
        identity: str | None,
        record: BuildRecord,
        warnings: list[str],
        articles: RecordedArticles | None,
        keys: dict[str, str],
        previous: dict[str, str],
        before: str,
        listing: bytes | None = None,
    ) -> None:
        """Keep what a build after edits to articles' text (`body_edits`) reported and wrote over the output
        of identity `before`: its record, with its warnings' JSON, and the keys of the output's pages
        (`previous` as `kept_page_keys` gave them). The page memo and fact digests of that output hold for
        this one: the model they describe is the same, but for the edited articles' tokens (whose facts the
        next whole build hashes again)."""
        save_record(self.folder, output, self._stamp, identity, record, None, articles, warnings, listing)
        save_page_keys(self._store(), output, identity, keys, previous)
        if identity is not None:
            self._store().follow_output(os.fsencode(output), before, identity)

    def recorded_articles(self, slugs: list[str], as_of: str) -> RecordedArticles | None:
        """What `save` keeps of this build's articles for the next command-line build (see `body_edits`)."""
        if self._frame is None:
            return None
        frame, files = self._frame
        return RecordedArticles(frame=frame, files=files, slugs=slugs, as_of=as_of)

    def content_files(self, content: Path) -> ContentFiles:
        """`discover.discover(content)`, or the session's last listing when this build's look at the files
        took the watcher's word that none was added or removed (`FileDigests.trusting`)."""
        from generator.discover import discover

        kept = self.session.content_files if self.session is not None else None
        trusting = self._files is not None and self._files.trusting
        if kept is not None and trusting and kept.root == content.resolve():
            return kept
        files = discover(content)
        if self.session is not None:
            self.session.content_files = None if files.problems else files
        return files

    def page_keys(self, output: Path) -> PageKeys | None:
        """The keys of the pages in `output` as it is now, for the render stage to add this build's to."""
        if not self.enabled:
            return None
        identity = site_identity(output)
        kept = self.session.page_keys if self.session is not None else None
        if kept is not None and identity is not None and kept[0] == identity:
            previous = kept[1]
        else:
            previous = load_page_keys(self._store(), output, identity)
        self._keys = _pagekeys().PageKeys(previous)
        from generator.render.factrows import ExportPlace

        self._keys.exports = ExportPlace.of(self.folder, output)
        if self.session is not None:
            self._keys.memo = self.session.memo
            self._keys.changes = self.session.aggregator.changes
        else:  # a new process: the fact digests of the last build stand in for the objects a session keeps
            self._kept_identity = identity
            from generator.cache.factdigests import FactKeys

            self._keys.memo.stored = FactKeys(load_fact_digests(self._store(), output, identity))
            self._take_up_pages(self._keys, output, identity)
        return self._keys

    def _take_up_pages(self, keys: PageKeys, output: Path, identity: str | None) -> None:
        """Give the page keys the pages the last build into `output` kept, and this build's changes, when
        those changes lead from that build's model: the aggregator resumed from the very aggregation it
        saved (see `pagekeys.KeptPages`)."""
        self._kept_pages = load_page_memo(self._store(), output, identity)
        aggregator, snapshot = self._aggregator, self._snapshot
        if aggregator is None or snapshot is None or not aggregator.resumed:
            return
        if keys.memo.take_up(self._kept_pages, snapshot.generation, aggregator.changes):
            keys.changes = aggregator.changes
            log.debug("page keys: %d pages kept from the last build", len(self._kept_pages.pages))

    def aggregator(self) -> Aggregator | None:
        """The aggregator of this build (None with the cache off): a preview server's, kept between its
        builds, or a new one. One that has not aggregated yet resumes from the aggregation the store kept,
        if it is of this build's analyses, settings and registry, and this build keeps its own at `save`."""
        if not self.enabled:
            return None
        from generator.cache.snapshot import AggregationSnapshot

        aggregator = self.session.aggregator if self.session is not None else _aggregate_delta().Aggregator()
        if aggregator.model is None:
            self._snapshot = AggregationSnapshot(self._store(), self.articles.name)
            self._aggregator = aggregator
            aggregator.resume_from = self._snapshot.load
            aggregator.prefetch_from = self._snapshot.prefetch
        return aggregator

    def aggregation_updated(self) -> bool:
        """Whether this build's aggregation updated the last one (a preview server's, or the store's) rather
        than merging every fact."""
        if self.session is not None:
            return not self.session.aggregator.changes.full
        aggregator = self._aggregator
        return aggregator is not None and aggregator.resumed and not aggregator.changes.full

    def keep_aggregation(self) -> None:
        """A one-shot build keeps its aggregation in the store now, before rendering, and lets the aggregator
        go: its indexes (80 MB at 10,000 articles) are of no use to any page, and the render workers that
        fork next would otherwise share them. The rows are those `save` would write (the model does not
        change while it is rendered); a preview server keeps its aggregator for the next build."""
        if self.session is None and self._snapshot is not None and self._aggregator is not None:
            self._snapshot.save(self._aggregator)
            self._aggregator = None

    def links(self) -> LinkMemo | None:
        """Each article's links as the last build of this content folder read them, for `link_problems` to
        fill in this build's (a preview server's are its aggregator's); None with the cache off."""
        if not self.enabled:
            return None
        if self.session is not None:
            return self.session.aggregator.links
        if self._links is None:
            from generator.cache.links import KeptLinks

            self._links_kept = KeptLinks(self._store(), self.articles.name)
            self._links = self._links_kept.read()
        return self._links

    def save(
        self,
        output: Path,
        identity: str | None,
        record: BuildRecord,
        articles: RecordedArticles | None = None,
        listing: bytes | None = None,
    ) -> None:
        """Keep what this build, which wrote the output of `identity`, reported and rendered (and, for the
        next command-line build, its `articles` and the `listing` of the output's files)."""
        if not self.enabled:
            return
        texts = self.session.problems if self.session is not None else None
        save_record(self.folder, output, self._stamp, identity, record, texts, articles, listing=listing)
        if self.session is not None:
            kept = (str(output), identity, self._stamp, record)
            self.session.record = kept if identity is not None else None
        if self._links is not None and self._links_kept is not None:
            self._links_kept.write(self._links)
        if self._snapshot is not None and self._aggregator is not None:
            self._snapshot.save(self._aggregator)
        if self._keys is not None:
            keys = self._keys
            save_page_keys(self._store(), output, identity, keys.current, keys.previous, keys.same())
            if self.session is not None:
                self.session.page_keys = (identity, self._keys.current) if identity is not None else None
            else:
                # Only the aggregation this save wrote holds the model these pages were keyed from.
                generation = self._snapshot.written if self._snapshot is not None else ""
                kept_pages = _pagekeys().KeptPages
                made = kept_pages(self._keys.memo.site, generation, self._keys.memo.pages)
                kept = self._kept_pages if self._kept_pages is not None else kept_pages()
                save_page_memo(self._store(), output, identity, made, kept, self._kept_identity)
            stored = self._keys.memo.stored
            if stored is not None and stored.made is not None:
                save_fact_digests(
                    self._store(), output, identity, stored.made, stored.kept, self._kept_identity
                )
            gone = self._store().forget_gone_outputs()
            if gone:
                log.debug("build store: the rows of %d output folders that are gone dropped", gone)


def _pagekeys():
    from generator.cache import pagekeys

    return pagekeys


def _environment():
    from generator.render import environment

    return environment


def _aggregate_delta():
    from generator import aggregate_delta

    return aggregate_delta


def _articles():
    from generator.cache import articles

    return articles
