"""Everything the built site holds, as (site path, bytes), in a stable order."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import ConfigError
from generator.model import SiteModel
from generator.render.data import data_files
from generator.render.environment import make_environment, theme_search_path
from generator.render.feeds import feed_files
from generator.render.pages import PageRenderer

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


def render_site(model: SiteModel, site_templates: Path | None, base_url: str, jobs: int = 1
                ) -> Iterator[tuple[str, bytes]]:
    """Pages, data exports, feeds and theme assets of the whole site; pages in `jobs` processes."""
    origin = "base_url in site.yml" if base_url == model.config.base_url else "--base-url"
    base_url = check_base_url(base_url, origin)
    search_path = theme_search_path(site_templates)
    env = make_environment(search_path, model.config.language, model.config.fact_kinds)
    renderer = PageRenderer(model, env, base_url)
    jobs_of_pages = renderer.page_jobs()
    yield from render_pages(jobs_of_pages, jobs)
    yield from renderer.citations.files()  # cite.bib, cite.ris … next to each sheet and the Data page
    yield from data_files(model)
    yield from theme_assets(search_path)
    # The sitemap lists the pages just rendered, so a page added to the renderer is never left out of it.
    yield from feed_files(model, base_url, [path for path, _ in jobs_of_pages])
    yield ".nojekyll", b""


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
