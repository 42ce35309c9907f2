"""What each page is made of, as a digest: a page whose digest is the one of the page already in the output
is linked from there rather than rendered again.

Fact sheets and article pages are most of a site and each reads a small part of the model, so each gets a
key: a digest of the site-wide inputs every page may read (code, libraries, templates, settings, the
entity registry, the "as of" date) and of the model objects that page shows. The site-wide pages (home,
timeline, sources, data, 404) read the whole model and are always rendered.

A key that changes when nothing on the page did costs one page's rendering; a key that stays the same
when the page changed would leave a stale page, so the keys hash whole objects (`pickle`) rather than
picking the fields a template is known to read.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

from generator import __version__
from generator.model import SiteModel


def _digest(*parts: object) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else pickle.dumps(part, protocol=5)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


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
    """A fact sheet: its entity, its facts (with every report), the facts they disagree with, and every
    article those facts and the sheet's source list name (by content hash: title, publisher, text)."""
    sheet = model.sheets[entity_id]
    facts = [model.facts[i] for i in sheet.facts]
    others = sorted({i for f in facts for c in f.conflicts for i in c.fact_ids} - set(sheet.facts))
    facts += [model.facts[i] for i in others]
    slugs = sorted({r.article for f in facts for r in f.sources} | set(sheet.articles))
    articles = [(s, model.articles[s].content_hash) for s in slugs]
    return _digest(site, "sheet", entity_id, sheet, facts, articles)


def article_key(site: str, model: SiteModel, slug: str) -> str:
    """An article page: the article's file and what the analysis found in it."""
    return _digest(site, "article", slug, model.articles[slug].content_hash, model.analysed[slug])
