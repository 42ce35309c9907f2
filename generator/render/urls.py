"""Addresses inside the built site.

Pages link to each other with relative URLs that name `index.html`, so the site works at a domain root,
under a sub-path (GitHub project pages) and opened straight from disk. Absolute URLs (canonical links,
citations, sitemap, feed) are the base URL joined with a page's site-relative path.
"""

from __future__ import annotations

from functools import lru_cache

from generator.model import Entity
from generator.vocabulary import KIND_FOLDERS


def entity_path(entity: Entity) -> str:
    return f"{KIND_FOLDERS[entity.kind]}/{entity.id}/"


def article_path(slug: str) -> str:
    return f"articles/{slug}/"


def output_file(page_path: str) -> str:
    """The file a page is written to: folders get an index.html."""
    return page_path + "index.html" if page_path.endswith("/") or not page_path else page_path


def relative_url(from_page: str, target: str) -> str:
    """A link from the page at site path `from_page` to site path `target` (may carry '#fragment')."""
    target_path, hash_mark, fragment = target.partition("#")
    if target_path == "" and hash_mark:
        return "#" + fragment
    url = _relative_path(from_page, target_path)
    return url + (hash_mark + fragment if hash_mark else "")


@lru_cache(maxsize=65536)
def _relative_path(from_page: str, target_path: str) -> str:
    # Site paths are clean (no '.', '..' or '//'), so plain string work does what posixpath.relpath would,
    # without its calls to os.getcwd(): a large site makes hundreds of thousands of links.
    from_parts = output_file(from_page).split("/")[:-1]
    target_parts = output_file(target_path).split("/")
    common = 0
    for here, there in zip(from_parts, target_parts[:-1], strict=False):
        if here != there:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + target_parts[common:])


def absolute_url(base_url: str, target: str) -> str:
    """The public address of a site path under the base URL (folders keep their trailing slash)."""
    return base_url.rstrip("/") + "/" + target.lstrip("/")
