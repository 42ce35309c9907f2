"""Everything the built site holds, as (site path, bytes), in a stable order."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import ConfigError
from generator.model import SiteModel
from generator.render.data import data_files
from generator.render.environment import make_environment, theme_search_path
from generator.render.feeds import feed_files
from generator.render.pagekeys import article_key, sheet_key, site_key
from generator.render.pages import PageRenderer
from generator.render.urls import article_path
from generator.write import Unchanged

log = logging.getLogger(__name__)


def check_base_url(url: str, origin: str = "--base-url") -> str:
    """The site's public address as every absolute URL is built from it: http(s), a host, a trailing slash.

    A missing trailing slash is added, since `actions/configure-pages` hands out `https://user.github.io/repo`.
    """
    example = "e.g. https://user.github.io/repo/ or https://facts.example.org/"
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ConfigError(f"{origin} '{url}' is not a valid URL; give the site's public address, "
                          f"{example}") from None
    if parts.scheme not in ("http", "https"):
        raise ConfigError(f"{origin} '{url}' must start with https:// or http://; give the site's public "
                          f"address, {example}")
    if not parts.hostname:
        raise ConfigError(f"{origin} '{url}' names no host; give the site's public address, {example}")
    if parts.query or parts.fragment or "#" in text or "?" in text:
        raise ConfigError(f"{origin} '{url}' may not hold '?' or '#': the site's pages are added after it; "
                          f"give only the address of the site's root, {example}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def theme_assets(search_path: list[Path]) -> list[tuple[str, bytes]]:
    """Files under `assets/` of every theme folder; a site's own file wins over the default theme's."""
    assets: dict[str, Path] = {}
    for folder in reversed(search_path):
        root = folder / "assets"
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    assets[path.relative_to(folder).as_posix()] = path
    return [(name, assets[name].read_bytes()) for name in sorted(assets)]


@dataclass
class PageKeys:
    """The digest of each page that has one (see `pagekeys`): as the output has them, and as this build has."""

    previous: dict[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)


def render_site(model: SiteModel, site_templates: Path | None, base_url: str, jobs: int = 1,
                keys: PageKeys | None = None) -> Iterator[tuple[str, bytes | Unchanged]]:
    """Pages, data exports, feeds and theme assets of the whole site; pages in `jobs` processes.

    With `keys`, a page whose key is the previous one is not rendered but handed on as `Unchanged`: the
    write stage links the output's file, which the build with that key wrote.
    """
    origin = "base_url in site.yml" if base_url == model.config.base_url else "--base-url"
    base_url = check_base_url(base_url, origin)
    search_path = theme_search_path(site_templates)
    env = make_environment(search_path, model.config.language, model.config.fact_kinds)
    renderer = PageRenderer(model, env, base_url)
    jobs_of_pages = renderer.page_jobs()
    if keys is None:
        yield from render_pages(jobs_of_pages, jobs)
    else:
        keys.current = page_keys(model, renderer, search_path, base_url)
        yield from _render_changed(jobs_of_pages, keys, jobs)
    yield from renderer.citations.files()  # cite.bib, cite.ris … next to each sheet and the Data page
    yield from data_files(model)
    yield from theme_assets(search_path)
    # The sitemap lists the pages just rendered, so a page added to the renderer is never left out of it.
    yield from feed_files(model, base_url, [path for path, _ in jobs_of_pages])
    yield ".nojekyll", b""


def page_keys(model: SiteModel, renderer: PageRenderer, search_path: list[Path], base_url: str
              ) -> dict[str, str]:
    """The key of every fact sheet and article page, by the path of its file."""
    site = site_key(model, search_path, base_url)
    keys = {renderer.entity_url(i) + "index.html": sheet_key(site, model, i) for i in sorted(model.sheets)}
    keys.update((article_path(s) + "index.html", article_key(site, model, s)) for s in sorted(model.articles))
    return keys


def _render_changed(page_jobs: list[tuple[str, Callable[[], bytes]]], keys: PageKeys, jobs: int
                    ) -> Iterator[tuple[str, bytes | Unchanged]]:
    """Every page in order: those whose key is unchanged as `Unchanged`, the others rendered."""
    def unchanged(path: str) -> bool:
        return path in keys.current and keys.previous.get(path) == keys.current[path]

    to_render = [(path, render) for path, render in page_jobs if not unchanged(path)]
    log.debug("%d of %d pages to render; the others are unchanged", len(to_render), len(page_jobs))
    rendered = render_pages(to_render, jobs)
    for path, render in page_jobs:
        if unchanged(path):
            yield path, Unchanged(render)
        else:
            yield next(rendered)
    next(rendered, None)  # run the renderer to its end, so its worker processes are shut down


# Below this many pages, starting processes costs more than it saves.
MIN_PARALLEL_PAGES = 200
MIN_PAGES_PER_PROCESS = 16
# The pages of the running render, for the forked workers to find by index (set only while they run).
_page_jobs: list[tuple[str, Callable[[], bytes]]] = []


def _render_page(index: int) -> bytes:
    return _page_jobs[index][1]()


def render_pages(page_jobs: list[tuple[str, Callable[[], bytes]]], jobs: int = 1
                 ) -> Iterator[tuple[str, bytes]]:
    """Each page as (path, bytes), in the order given; in `jobs` forked processes when there are many.

    Forked workers share the site model with this process as it is, so nothing is copied to start them;
    where processes cannot be forked (Windows, macOS by default) the pages are rendered here, one by one.
    """
    global _page_jobs
    processes = min(jobs, len(page_jobs) // MIN_PAGES_PER_PROCESS)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if processes <= 1 or len(page_jobs) < MIN_PARALLEL_PAGES or not forkable:
        for path, render in page_jobs:
            yield path, render()
        return
    log.debug("rendering %d pages in %d processes", len(page_jobs), processes)
    _page_jobs = page_jobs
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            # In order, one page per task: a big fact sheet does not hold back the pages after it for long.
            rendered = pool.imap(_render_page, range(len(page_jobs)))
            for (path, _), data in zip(page_jobs, rendered, strict=True):
                yield path, data
    finally:
        _page_jobs = []
