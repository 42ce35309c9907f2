"""The one Jinja2 environment factory: theme search path, autoescaping, the catalogs and every filter.

Templates write their words as English message ids with Jinja2's i18n extension (`{{ _("Key figures") }}`,
`{% trans count=n %}…{% pluralize %}…{% endtrans %}`), translated by the language's catalog
(`generator/catalogs.py`). A message the catalog lacks is written in English inside
`<span lang="en" class="untranslated">`, so readers (and screen readers) see it is not translated; inside
an attribute, where no element may stand, `| striptags` leaves the plain English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from types import CodeType

import jinja2
import jinja2.bccache
from markupsafe import Markup

from generator.errors import TemplateError
from generator.model import SiteCatalog


def make_environment(
    search_path: list[Path],
    locale: str,
    fact_kinds: dict[str, dict[str, str]],
    catalogs: Iterable[SiteCatalog] = (),
    compiled: TemplateCode | None = None,
) -> jinja2.Environment:
    """A sandbox-free but strict environment: autoescape everywhere, undefined names are errors; the words
    of `locale`'s language from the package's catalog under the site's own `catalogs`. With `compiled`, a
    template whose source was compiled before (by an environment of another build) is not compiled again."""
    from generator import statements  # Babel loads only when rendering
    from generator.render import chart_context, formatting

    catalogs = tuple(catalogs)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,  # every template, whatever its extension: content is untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build, and no template changes during one: no stat of its file at each use.
        auto_reload=False,
        bytecode_cache=compiled,
    )
    # A site formats the same figures, dates and labels many thousands of times: each result is kept.
    quantity = _cached_by_fields(lambda q: formatting.format_quantity(q, locale, catalogs))
    amount_exact = _cached_by_fields(lambda q: formatting.format_amount_exact(q, locale))
    env.filters.update(
        quantity=quantity,
        amount_exact=amount_exact,
        isodate=lru_cache(maxsize=None)(lambda value: formatting.format_iso_date(value, locale)),
        date_span=lru_cache(maxsize=None)(
            lambda value, end=None: formatting.format_date_span(value, end, locale)
        ),
        fact_kind=lru_cache(maxsize=None)(
            lambda kind: formatting.fact_kind_label(kind, locale, fact_kinds, catalogs)
        ),
        entity_kind=lru_cache(maxsize=None)(
            lambda kind, plural=False: formatting.entity_kind_label(kind, locale, plural, catalogs)
        ),
        status=lru_cache(maxsize=None)(lambda status: formatting.status_label(status, locale, catalogs)),
        number=lru_cache(maxsize=None)(lambda count: formatting.format_count(count, locale)),
        statement_untranslated=lambda fact: statements.statement_untranslated(fact, locale, catalogs),
    )
    _install_catalog(env, locale, catalogs)
    env.globals["locale"] = locale
    chart_context.register(env)  # timeline_chart, figure_chart: the pictures drawn as inline SVG
    return env


def _install_catalog(env: jinja2.Environment, locale: str, catalogs: tuple[SiteCatalog, ...]) -> None:
    """`_`, `gettext`, `ngettext`, `pgettext`, `npgettext` for templates (a missing translation is English
    marked in HTML); `translator`, the same words as plain text, for code that writes titles, attributes and
    pictures (a missing translation is plain English there)."""
    from generator.catalogs import HtmlGettext, translator  # Babel loads only when rendering

    plain = translator(locale, catalogs)
    words = HtmlGettext(plain)
    env.install_gettext_callables(  # type: ignore[attr-defined]  (added by the i18n extension)
        words.gettext, words.ngettext, newstyle=True, pgettext=words.pgettext, npgettext=words.npgettext
    )
    # A page asks for the same few dozen words hundreds of times (a fact's entry alone about twenty): each is
    # looked up once, and `_` calls it without the extension's extra indirection.
    env.globals["gettext"] = env.globals["_"] = memoised_gettext(words.gettext)
    env.globals["translator"] = plain


class TemplateCode(jinja2.BytecodeCache):
    """The templates' compiled code, kept in memory by a process that builds again and again (a preview
    server): each build has environments of its own, and compiling the theme's templates anew took about
    0.1 s of a rebuild (0.3-0.7 s for all of them). A template is found by its name and file, and used only
    while its source is the one it was compiled from (Jinja2 compares their checksums); every environment
    that shares it is made alike (`make_environment`), so the code does not depend on which one compiled it.
    Never kept on disk: code read back from a file would run whatever the file held."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self._code.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


def memoised_gettext(lookup: Callable[[str], str]) -> Callable[..., str]:
    """Jinja2's new-style `gettext` (a translation is a format string, its variables escaped into it) with
    each message's translation, and the whole result of a call without variables, looked up once."""
    translated: dict[str, Markup] = {}
    plain: dict[str, Markup] = {}

    # Given the evaluation context, all it reads, not the template's context: a call inside a loop would have
    # Jinja2 make a context of the loop's variables for it first.
    @jinja2.pass_eval_context
    def gettext(eval_ctx: jinja2.nodes.EvalContext, message: str, **variables: object) -> str:
        if not eval_ctx.autoescape:  # text outside autoescaping: as the extension does it
            return lookup(message) % variables
        if not variables:
            result = plain.get(message)
            if result is None:
                result = plain[message] = Markup(lookup(message)) % variables
            return result
        markup = translated.get(message)
        if markup is None:
            markup = translated[message] = Markup(lookup(message))
        return markup % variables

    return gettext


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


def preload_templates(env: jinja2.Environment) -> int:
    """Compile every HTML template of the search path now, before the render workers fork: each worker
    then shares them instead of compiling its own (a worker is replaced every few hundred pages). A template
    that does not compile is left for the page that uses it to report, as it would be without this.
    Returns the templates compiled."""
    loaded = 0
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            env.get_template(name)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            continue
        loaded += 1
    return loaded


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
