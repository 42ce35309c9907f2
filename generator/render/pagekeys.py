"""What each page is made of, as a digest: a page whose digest is the one of the page already in the output
is linked from there rather than rendered again.

Fact sheets and article pages are most of a site and each reads a small part of the model, so each gets a
key: a digest of the site-wide inputs every page may read (code, libraries, templates, settings, the
entity registry, the "as of" date) and of the model objects that page shows; so do the timeline's years.
The site-wide pages (home, the timeline's index, sources, data, 404) read the whole model and are always
rendered.

A key that changes when nothing on the page did costs one page's rendering; a key that stays the same
when the page changed would leave a stale page, so the keys hash whole objects (`pickle`) rather than
picking the fields a template is known to read.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
from pathlib import Path

from generator import __version__
from generator.model import Article, SiteModel


def _digest(*parts: object) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else _pickled(part)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _pickled(value: object) -> bytes:
    """The value's bytes, whatever objects it shares: without the memo, two equal values pickle the same
    whether an article came from the cache or from the analysis (which share strings differently)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: nothing in the model refers back to itself
    pickler.dump(value)
    return buffer.getvalue()


def site_key(model: SiteModel, search_path: list[Path], base_url: str) -> str:
    """The inputs every page may read: code, libraries, every template, settings, entities, "as of"."""
    from generator.analyse.cache import code_digest
    from generator.stamp import _hash_tree, _library_versions

    templates = hashlib.sha256()
    for index, folder in enumerate(search_path):
        _hash_tree(templates, folder, f"templates {index}")
    settings = json.dumps([__version__, code_digest(), _library_versions(), base_url,
                           os.environ.get("SOURCE_DATE_EPOCH", ""), model.as_of])
    return _digest(settings, templates.hexdigest(), model.config, sorted(model.entities.items()))


def sheet_key(site: str, model: SiteModel, entity_id: str) -> str:
    """A fact sheet: its entity, its facts (with every report and its sentence), the facts they disagree
    with, and what the sheet may show of every article those facts and its source list name: all but the
    body, whose quoted sentences are in the facts (an edit elsewhere in an article changes no sheet)."""
    sheet = model.sheets[entity_id]
    return _facts_key(site, model, f"sheet {entity_id}", sheet.facts, sheet, sheet.articles)


def year_key(site: str, model: SiteModel, year: str, fact_ids: list[str]) -> str:
    """A year of the timeline: its facts, as for a sheet."""
    return _facts_key(site, model, f"year {year}", fact_ids, None, [])


def _facts_key(site: str, model: SiteModel, label: str, fact_ids: list[str], page: object,
               slugs: list[str]) -> str:
    facts = [model.facts[i] for i in fact_ids]
    others = sorted({i for f in facts for c in f.conflicts for i in c.fact_ids} - set(fact_ids))
    facts += [model.facts[i] for i in others]
    named = sorted({r.article for f in facts for r in f.sources} | set(slugs))
    articles = [_article_metadata(model.articles[s]) for s in named]
    return _digest(site, label, page, facts, articles)


def _article_metadata(article: Article) -> tuple:
    return (article.slug, article.path, article.title, article.language, article.source, article.summary,
            article.extra)


def article_key(site: str, model: SiteModel, slug: str) -> str:
    """An article page: the article's file and what the analysis found in it."""
    return _digest(site, "article", slug, model.articles[slug].content_hash, model.analysed[slug])
