"""The one Jinja2 environment factory: theme search path, autoescaping and every filter."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2

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


def make_environment(
    search_path: list[Path], locale: str, fact_kinds: dict[str, dict[str, str]]
) -> jinja2.Environment:
    """A sandbox-free but strict environment: autoescape everywhere, undefined names are errors."""
    from generator.render import chart_context, formatting  # Babel loads only when rendering

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,  # every template, whatever its extension: content is untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # A site formats the same figures, dates and labels many thousands of times: each result is kept.
    quantity = _cached_by_fields(lambda q: formatting.format_quantity(q, locale))
    amount_exact = _cached_by_fields(lambda q: formatting.format_amount_exact(q, locale))
    env.filters.update(
        quantity=quantity,
        amount_exact=amount_exact,
        isodate=lru_cache(maxsize=None)(lambda value: formatting.format_iso_date(value, locale)),
        date_span=lru_cache(maxsize=None)(
            lambda value, end=None: formatting.format_date_span(value, end, locale)
        ),
        fact_kind=lru_cache(maxsize=None)(lambda kind: formatting.fact_kind_label(kind, locale, fact_kinds)),
        entity_kind=lru_cache(maxsize=None)(
            lambda kind, plural=False: formatting.entity_kind_label(kind, locale, plural)
        ),
    )
    env.globals["t"] = lru_cache(maxsize=None)(lambda key: formatting.ui_text(key, locale))
    env.globals["t_count"] = lru_cache(maxsize=None)(
        lambda key, count: formatting.ui_count(key, count, locale)
    )
    env.globals["t_or"] = lru_cache(maxsize=None)(
        lambda key, default: formatting.ui_text_or(key, locale, default)
    )
    env.globals["locale"] = locale
    chart_context.register(env)  # timeline_chart, figure_chart: the pictures drawn as inline SVG
    return env


def _cached_by_fields(format_quantity: Callable[[object], str]) -> Callable[[object], str]:
    """A quantity filter that formats each distinct figure once (quantities are not hashable themselves)."""
    formatted: dict[tuple, str] = {}

    def cached(q) -> str:
        if q is None:
            return format_quantity(q)
        # 5 and 5.0 are equal keys but may be written differently: the types are part of the key.
        key = (q.text, q.kind, q.unit, q.qualifier, *((v, type(v)) for v in (q.value, q.low, q.high)))
        if key not in formatted:
            formatted[key] = format_quantity(q)
        return formatted[key]

    return cached


def get_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    """Load a template, naming the search path when it is missing or broken."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(
            f"template '{name}' not found; searched: {', '.join(env.loader.searchpath)}"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"{error.filename or name}:{error.lineno}: template syntax error: {error.message}"
        ) from None
