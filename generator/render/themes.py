"""Where the default theme is, and a site's template folders in the order they are searched.

Apart from the Jinja2 environment (`environment`): a build with nothing to do needs the folders for its
stamp, and importing Jinja2 was an eighth of such a build (60 of 450 ms at 10,000 articles).
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import TemplateError

PACKAGE_THEME = Path(__file__).resolve().parent.parent / "theme" / "templates"  # inside an installed wheel
SOURCE_THEME = Path(__file__).resolve().parent.parent.parent / "templates"  # in a source checkout


def default_theme() -> Path:
    """The default theme's folder: the copy shipped in the wheel, else the checkout's `templates/`."""
    for folder in (PACKAGE_THEME, SOURCE_THEME):
        if (folder / "base.html").is_file():
            return folder
    raise TemplateError(
        f"the default theme is missing: looked in {PACKAGE_THEME} and {SOURCE_THEME}; reinstall factsheets"
    )


def theme_search_path(site_templates: Path | None) -> list[Path]:
    """A site's own templates first (any file overrides the default theme's file of that name)."""
    theme = default_theme()
    folders = []
    if site_templates is not None and site_templates.is_dir() and site_templates.resolve() != theme.resolve():
        folders.append(site_templates.resolve())
    folders.append(theme)
    return folders
