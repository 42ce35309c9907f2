"""Everything the built site holds, as (site path, bytes), in a stable order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.model import SiteModel
from generator.render.data import data_files
from generator.render.environment import make_environment, theme_search_path
from generator.render.pages import PageRenderer


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


def render_site(model: SiteModel, site_templates: Path | None, base_url: str) -> Iterator[tuple[str, bytes]]:
    """Pages, data exports and theme assets of the whole site."""
    search_path = theme_search_path(site_templates)
    env = make_environment(search_path, model.config.language, model.config.fact_kinds)
    yield from PageRenderer(model, env, base_url).pages()
    yield from data_files(model)
    yield from theme_assets(search_path)
    yield ".nojekyll", b""
