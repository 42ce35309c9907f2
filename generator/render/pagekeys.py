"""What each page is made of, as a digest: a page whose digest is the one of the page already in the output
is linked from there rather than rendered again.

Fact sheets and article pages are most of a site and each reads a small part of the model, so each gets a
key: a digest of the site-wide inputs every page may read (code, libraries, templates, settings, the
entity registry, the "as of" date) and of the model objects that page shows; so do the timeline's years.
The site-wide pages (home, the timeline's index, sources, data, 404) read the whole model and are always
rendered.

A key that changes when nothing on the page did costs one page's rendering; a key that stays the same
when the page changed would leave a stale page, so the keys hash whole objects (their `repr`, which names
every field) rather than picking the fields a template is known to read.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from generator import __version__
from generator.model import Article, SiteModel


def _digest(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class PageKeyer:
    """The keys of a site model's pages; each fact and article is hashed once, however many pages show it."""

    def __init__(self, model: SiteModel, search_path: list[Path], base_url: str):
        self.model = model
        self.site = self._site_key(search_path, base_url)
        self._facts: dict[str, str] = {}
        self._articles: dict[str, str] = {}

    def _site_key(self, search_path: list[Path], base_url: str) -> str:
        """The inputs every page may read: code, libraries, every template, settings, entities, "as of"."""
        from generator.analyse.cache import code_digest
        from generator.stamp import hash_tree, library_versions

        model = self.model
        templates = hashlib.sha256()
        for index, folder in enumerate(search_path):
            hash_tree(templates, folder, f"templates {index}")
        settings = json.dumps(
            [
                __version__,
                code_digest(),
                library_versions(),
                base_url,
                os.environ.get("SOURCE_DATE_EPOCH", ""),
                model.as_of,
            ]
        )
        entities = repr(sorted(model.entities.items()))
        return _digest(settings, templates.hexdigest(), repr(model.config), entities)

    def article(self, slug: str) -> str:
        """An article page: what the analysis found in an article follows from its file and from what the
        site key holds (registry, settings, code), so the file's hash stands for all of it."""
        article = self.model.articles[slug]
        return _digest(self.site, "article", slug, article.path, article.content_hash)

    def sheet(self, entity_id: str) -> str:
        """A fact sheet: its entity, its facts (with every report and its sentence), the facts they
        disagree with, and what the sheet may show of every article those facts and its source list name:
        all but the body, whose quoted sentences are in the facts (so an edit elsewhere in an article
        changes no sheet)."""
        sheet = self.model.sheets[entity_id]
        return self._facts_key(f"sheet {entity_id}", sheet.facts, repr(sheet), sheet.articles)

    def year(self, year: str, fact_ids: list[str]) -> str:
        """A year of the timeline: its facts, as for a sheet."""
        return self._facts_key(f"year {year}", fact_ids, "", [])

    def _facts_key(self, label: str, fact_ids: list[str], page: str, slugs: list[str]) -> str:
        facts = self.model.facts
        others = sorted({i for f in fact_ids for c in facts[f].conflicts for i in c.fact_ids} - set(fact_ids))
        named = sorted({r.article for i in (*fact_ids, *others) for r in facts[i].sources} | set(slugs))
        return _digest(
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
            self._facts[fact_id] = _digest(repr(self.model.facts[fact_id]))
        return self._facts[fact_id]

    def _article(self, slug: str) -> str:
        if slug not in self._articles:
            self._articles[slug] = _digest(repr(_article_metadata(self.model.articles[slug])))
        return self._articles[slug]


def _article_metadata(article: Article) -> tuple:
    return (
        article.slug,
        article.path,
        article.title,
        article.language,
        article.source,
        article.summary,
        article.extra,
    )
