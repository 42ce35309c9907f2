"""Reading a site's own catalogs (`locales/<lang>.po` beside site.yml) and the language they allow.

A site may state its interface in a language the package has no catalog for, or reword the package's
translation, with a gettext catalog of its own. A language is allowed when Babel knows its locale (dates,
numbers and plural rules come from CLDR) and either the package or the site has a catalog for it.
"""

from __future__ import annotations

from pathlib import Path

from generator.catalogs import (
    SITE_FOLDER,
    TEMPLATE,
    CatalogError,
    has_catalog,
    known_language,
    package_languages,
    read_catalog,
)
from generator.errors import Location, Problem
from generator.model import SiteCatalog
from generator.read.textfile import TextProblem, display_path, read_text


def load_site_catalogs(content: Path, shown_root: Path) -> tuple[tuple[SiteCatalog, ...], list[Problem]]:
    """Every `locales/<lang>.po` of the content folder that Babel reads, and a problem for each other."""
    folder = content / SITE_FOLDER
    if not folder.is_dir():
        return (), []
    catalogs: list[SiteCatalog] = []
    problems: list[Problem] = []
    for path in sorted(p for p in folder.glob("*.po") if not p.name.startswith(".")):
        shown = display_path(path, shown_root)
        if not known_language(path.stem):
            problems.append(
                Problem(
                    Location(shown),
                    "bad-catalog",
                    f"'{path.stem}' is not a language Babel knows, so '{path.name}' names no language",
                    "name the catalog after its language's code alone, e.g. locales/fr.po or locales/de.po",
                )
            )
            continue
        try:
            text = read_text(path, shown)
            read_catalog(text, path.stem, shown)
        except TextProblem as error:
            problems.append(error.problem)
            continue
        except CatalogError as error:
            problems.append(_catalog_problem(error, shown))
            continue
        catalogs.append(SiteCatalog(path.stem, shown, text))
    return tuple(catalogs), problems


def _catalog_problem(error: CatalogError, shown: str) -> Problem:
    return Problem(
        Location(shown, error.line, 1),
        "bad-catalog",
        f"the catalog cannot be read: {error.reason}",
        "write it in gettext's .po format: msgctxt (optional), msgid and msgstr lines with quoted text",
    )


def language_problem(language: str, catalogs: tuple[SiteCatalog, ...], where: Location) -> Problem | None:
    """Why site.yml's `language` cannot be built (no locale data, or no catalog), or None."""
    if not known_language(language):
        return Problem(
            where,
            "bad-value",
            f"unsupported language '{language}': not a language code Babel has locale data for",
            "write the language's code alone, in lower case, e.g. it, en, fr or de",
        )
    if has_catalog(language, catalogs):
        return None
    return Problem(
        where,
        "missing-catalog",
        f"no catalog states the interface in '{language}' (the package has {', '.join(package_languages())})",
        f"add locales/{language}.po beside site.yml: a copy of {TEMPLATE.name} "
        f"(pybabel init -i {TEMPLATE} -o locales/{language}.po -l {language}) with the strings translated",
    )
