"""Addresses inside the built site.

Pages link to each other with relative URLs that name `index.html`, so the site works at a domain root,
under a sub-path (GitHub project pages) and opened straight from disk. Absolute URLs (canonical links,
citations, sitemap, feed) are the base URL joined with a page's site-relative path.

A site in several languages (`languages:` in site.yml) has each language's pages under `<lang>/`, at the
paths a one-language site has at its root; the theme's assets, the search index and the data exports are
shared, at the root. The renderer works with paths relative to a language's root and `SiteLayout` turns
them into paths from the site's root.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from generator.model import Entity, SiteConfig
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


# What a site in several languages keeps once, at its root: the theme's assets, the search index (Pagefind
# keeps one index per language inside it) and the data exports, which are the same in every language.
SHARED_FOLDERS = ("assets/", "pagefind/", "data/")
# The Data page and the data set's citation downloads are written in a language: each language has its own.
_LANGUAGE_DATA = ("data/index.html", "data/cite")


def is_shared(path: str) -> bool:
    """Is the site path (relative to a language's root) one of the files every language shares?"""
    if path == "data/" or path.startswith(_LANGUAGE_DATA):
        return False
    return path.startswith(SHARED_FOLDERS)


@dataclass(frozen=True)
class SiteLayout:
    """Where each language's pages are: at the root of a site in one `language`, under `<lang>/` in a site
    with `languages` (the first the default), where an article is rendered once, under its own language."""

    languages: tuple[str, ...] = ()  # empty: one language, at the root

    @classmethod
    def of(cls, config: SiteConfig) -> SiteLayout:
        return cls(tuple(config.languages))

    @property
    def default(self) -> str:
        return self.languages[0] if self.languages else ""

    def prefix(self, language: str) -> str:
        """The folder of a language's pages: "" in a one-language site, else "<lang>/"."""
        return f"{language}/" if self.languages else ""

    def home_language(self, language: str) -> str:
        """Under which language an article written in `language` is: its own, or else the default."""
        return language if language in self.languages or not self.languages else self.languages[0]

    def site_path(self, path: str, language: str, article_languages: Mapping[str, str] | None = None) -> str:
        """The path from the site's root of `path`, relative to `language`'s root (it may carry "#fragment").

        An article's page (`articles/<slug>/`) is under its own language's root whichever language links to
        it, when `article_languages` (slug -> language) names it.
        """
        if not self.languages or is_shared(path) or path.split("/", 1)[0] in self.languages:
            return path  # shared, or a path from the site's root already (a page in another language)
        if article_languages is not None and path.startswith("articles/"):
            slug = path[len("articles/") :].split("/", 1)[0]
            if slug in article_languages:
                language = self.home_language(article_languages[slug])
        return self.prefix(language) + path


def sheet_page(config: SiteConfig, entity: Entity) -> str:
    """An entity's sheet from the site's root, in the default language: where the data exports point."""
    return SiteLayout.of(config).site_path(entity_path(entity), config.language)


def article_page(config: SiteConfig, slug: str, language: str) -> str:
    """An article's page from the site's root (under its own language's, in a site in several)."""
    layout = SiteLayout.of(config)
    return layout.site_path(article_path(slug), layout.home_language(language))
