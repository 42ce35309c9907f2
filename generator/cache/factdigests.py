"""The digest of every fact of the last build, kept in the store: a command-line build after a small change
hashes only the facts the change can reach, not the `repr` of every fact of the archive.

The page keys (`pagekeys.py`) hash each fact a page shows, and the site-wide exports every fact. A preview
server keeps those digests in memory with the very objects they are of (`KeyMemo`); a new process has no
objects to compare, so it needs to know which facts can differ from the last build's without looking at
them. That follows from how facts are made (`aggregate_delta.Aggregator` relies on the same): a merged fact
is a function of its reports, the settings and the registry's names, and of the other facts of the groups
it may disagree in. So the store keeps, for the model of the last build into an output:

- each fact's digest with the two groups it is in (event and figure, as `aggregate_delta` names them);
- each article's token (its path, the hash of its text and the digest of its analysis), the ids of the facts
  it reported and the digest of its metadata as pages show it;
- the site key they were made under (settings, registry names, code, templates: any change, all again).

A fact can differ only when an article that reports it changed (its token, or it is new or gone: its old
and new facts), or when it shares a group with such a fact; every other fact keeps its digest. The rows
hold for the output whose build wrote them (its identity, as the page keys' do), and are written whole when
another build wrote into the output in between. The same rows narrow the aggregator's changes for the page
keys (`FactKeys.narrowed`): of the facts it merged again, most have the digest they had.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.aggregate_delta import Changes, _event_key, _figure_key, _joined
from generator.model import SiteFact, SiteModel

log = logging.getLogger(__name__)

_DIGEST = operator.itemgetter(0)  # of a kept fact's row


@dataclass
class FactDigests:
    """What the store keeps of one build's facts (see the module's text)."""

    base: str = ""  # the site key of the build that made them ("": none kept)
    facts: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> (digest, event, figure)
    # slug -> (token, fact ids, digest of its metadata as pages show it)
    articles: dict[str, tuple[str, ...]] = field(default_factory=dict)


def narrowed_changes(
    changes: Changes,
    model: SiteModel,
    fact_changed: Callable[[str], bool],
    article_changed: Callable[[str], bool],
) -> Changes:
    """`changes` kept to the facts and articles of `model` that `fact_changed` / `article_changed` say are
    not as they were (by a digest kept from the model the changes lead from), then widened again: the facts
    citing a changed article (they show its metadata) and the partners in disagreement of every changed
    fact. The command line's digests come from the store (`FactKeys.narrowed`), a preview server's from its
    memo (`PageKeyer.narrowed_by_memo`)."""
    facts = model.facts
    changed = {i for i in changes.facts if i not in facts or fact_changed(i)}
    articles = {s for s in changes.articles if s not in model.articles or article_changed(s)}
    if articles:
        changed |= {i for i, fact in facts.items() if any(r.article in articles for r in fact.sources)}
    partners = {i for f in changed if f in facts for c in facts[f].conflicts for i in c.fact_ids}
    return replace(changes, facts=frozenset(changed | partners), articles=frozenset(articles))


def groups_of(fact: SiteFact) -> tuple[str, str]:
    """The event and figure groups a fact may disagree in ("" when it has no figure: it is in none)."""
    if fact.quantity is None:
        return "", ""
    return _joined(_event_key(fact)), _joined(_figure_key(fact))


def article_tokens(model: SiteModel) -> dict[str, tuple[str, str]]:
    """Each analysed article's token and the ids of the facts it reports, as the store keeps them. The token
    holds the digest of its analysis: an alias added (which the site key does not hold) changes the
    analyses of the articles it is found in, not their text."""
    return {
        slug: (
            f"{model.articles[slug].path}\n{model.articles[slug].content_hash}\n{analysed.digest}",
            " ".join(ids),
        )
        for slug, analysed in model.analysed.items()
        if slug in model.articles
        for ids in (sorted({f.id for f in analysed.facts}),)
    }


def reachable(kept: FactDigests, model: SiteModel, tokens: dict[str, tuple[str, str]]) -> set[str]:
    """The facts a change since `kept` can reach: those the changed articles report (before and after)
    and every fact of the groups those are in (before and after)."""
    changed = {s for s, (token, _) in tokens.items() if kept.articles.get(s, ("",))[0] != token}
    changed |= kept.articles.keys() - tokens.keys()
    touched: set[str] = set()
    for slug in changed:
        for side in (kept.articles, tokens):
            if slug in side:
                touched.update(side[slug][1].split())
    groups: set[str] = set()
    for fact_id in touched:
        if fact_id in kept.facts:
            groups.update(kept.facts[fact_id][1:])
        if fact_id in model.facts:
            groups.update(groups_of(model.facts[fact_id]))
    groups.discard("")
    if groups:
        # A fact no change reached is in the groups the store names for it: the store's index suffices.
        touched |= {i for i, (_, event, figure) in kept.facts.items() if event in groups or figure in groups}
    return touched


class FactKeys:
    """The fact digests of one build: those kept that it may reuse, and (`made`) those it keeps in turn."""

    def __init__(self, kept: FactDigests):
        self.kept = kept
        self.reused: dict[str, str] = {}
        # the kept digest of each article's metadata whose text is the kept one (its metadata follows from
        # its file and the settings, which the site key holds)
        self.reused_articles: dict[str, str] = {}
        self.made: FactDigests | None = None
        self._reached: set[str] = set()  # the facts a change since the kept build can have reached

    def start(self, model: SiteModel, site_key: str) -> dict[str, str]:
        """The kept digest of every fact of `model` that no change since the kept build can have reached."""
        self._tokens = article_tokens(model)
        if self.kept.base and self.kept.base == site_key:
            self._reached = reached = reachable(self.kept, model, self._tokens)
            # Every kept digest, less those reached, made in C rather than by a loop over 98,671 facts. A
            # kept fact gone from `model` is reached (its reports changed), so none is left; one that was
            # not would only never be asked for.
            self.reused = dict(zip(self.kept.facts, map(_DIGEST, self.kept.facts.values()), strict=True))
            for fact_id in reached:
                self.reused.pop(fact_id, None)
            kept_articles = self.kept.articles
            self.reused_articles = {
                s: kept[2]
                for s, (token, _) in self._tokens.items()
                if (kept := kept_articles.get(s)) is not None and kept[0] == token and len(kept) > 2
            }
        log.debug(
            "fact digests: %d kept, %d hashed again", len(self.reused), len(model.facts) - len(self.reused)
        )
        return self.reused

    def narrowed(
        self,
        changes: Changes,
        model: SiteModel,
        site_key: str,
        digest: Callable[[str], str],
        article_digest: Callable[[str], str],
    ) -> Changes:
        """`changes` (of the model the kept digests are of) without the facts and articles whose digest is
        the kept one: the aggregator names every fact its update merged again and every fact of their
        groups, most of them as they were (an article's text edited outside its facts changes none).

        What a page of facts shows of a fact not named here is as it was: the fact itself (its digest,
        which holds its reports and disagreements), the facts it disagrees with (a changed one names its
        partners: their `conflicts`) and the articles it cites (a changed one's metadata names every fact
        citing it, and their partners)."""
        if changes.full or not self.kept.base or self.kept.base != site_key:
            return changes
        kept, kept_articles = self.kept.facts, self.kept.articles
        return narrowed_changes(
            changes,
            model,
            lambda i: i not in kept or kept[i][0] != digest(i),
            lambda s: kept_articles.get(s, ("", "", ""))[2:] != (article_digest(s),),
        )

    def finish(
        self,
        model: SiteModel,
        site_key: str,
        digest: Callable[[str], str],
        article_digest: Callable[[str], str],
    ) -> None:
        """Make `made`: every fact's digest (by `digest`, the page keys' own) and groups, and the articles'
        tokens and metadata digests; the rows of the facts reused are the kept ones."""
        kept, reused = self.kept.facts, self.reused
        facts: dict[str, tuple[str, str, str]] = {}
        if reused:  # the kept rows, with those of the facts reached made again (or dropped: gone)
            facts = dict(kept)
            for fact_id in self._reached:
                if fact_id in model.facts:
                    facts[fact_id] = (digest(fact_id), *groups_of(model.facts[fact_id]))
                else:
                    facts.pop(fact_id, None)
        # None kept, or a fact neither kept nor reached (never, by how facts are made): each looked at.
        if facts.keys() != model.facts.keys():
            facts = {
                i: kept[i] if i in reused else (digest(i), *groups_of(fact))
                for i, fact in model.facts.items()
            }
        articles = {slug: (*row, article_digest(slug)) for slug, row in self._tokens.items()}
        self.made = FactDigests(site_key, facts, articles)
