"""The interface's words in a language: gettext catalogs compiled with Babel's tools when a build loads them.

The package ships one catalog per language, `generator/locale/<lang>/LC_MESSAGES/factsheets.po`, made from
the template `generator/locale/factsheets.pot` that `pybabel extract` writes (README, "Adding a language").
A site may add its own, `locales/<lang>.po` beside site.yml: it adds a language or overrides the package's
wording. The `.po` files are the only form kept: each is read with `babel.messages.pofile.read_po`, written
as a `.mo` into memory with `babel.messages.mofile.write_mo` and opened as `babel.support.Translations`,
once per process and language. English is the language of the message ids: it needs no catalog.

A message a catalog lacks (or marks fuzzy) falls back to English; `has` tells, so that HTML can mark the
fallback (`marked`) and `check` can name it (`missing_messages`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO, StringIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, escape, read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from generator.errors import Location, Problem
from generator.model import SiteCatalog

logger = logging.getLogger(__name__)

DOMAIN = "factsheets"
SOURCE_LANGUAGE = "en"  # the language of the message ids
LOCALE_FOLDER = Path(__file__).resolve().parent / "locale"
TEMPLATE = LOCALE_FOLDER / f"{DOMAIN}.pot"
SITE_FOLDER = "locales"  # beside site.yml: locales/<lang>.po

# A message's key in a catalog: (context or None, id); a plural message is keyed by its singular.
MessageKey = tuple[str | None, str]


def package_catalog_path(language: str) -> Path:
    return LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def package_languages() -> tuple[str, ...]:
    """The languages the package states itself in: English and every language with a shipped catalog."""
    shipped = sorted(p.parent.parent.name for p in LOCALE_FOLDER.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(language for language in shipped if language != SOURCE_LANGUAGE))


def known_language(language: str) -> bool:
    """Whether `language` is a bare language code ("fr", not "fr_FR": it names the catalog and the pages'
    `lang`) that Babel (CLDR) has dates, numbers and plural rules for."""
    if not (isinstance(language, str) and language.isascii() and language.isalpha() and language.islower()):
        return False
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def language_of(locale: str) -> str:
    """The language part of a locale ("it_IT" → "it"), which names its catalog."""
    return locale.replace("-", "_").split("_")[0]


# --- reading and compiling ----------------------------------------------------------------------------


class CatalogError(ValueError):
    """A `.po` file Babel cannot read: where (`path`, `line`, from 1) and what is wrong (`reason`)."""

    def __init__(self, path: str, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


def read_catalog(text: str, language: str, path: str) -> Catalog:
    """A `.po` file's text as a Babel catalog, or a CatalogError naming `path`, the line and what is wrong."""
    try:
        return read_po(StringIO(text), locale=language, domain=DOMAIN, abort_invalid=True)
    except PoFileError as error:
        reason = str(error).rsplit(" on ", 1)[0]
        raise CatalogError(path, error.lineno + 1, f"{reason}: {error.line.strip()!r}") from None


@lru_cache(maxsize=16)
def _package_catalog(language: str) -> Catalog | None:
    path = package_catalog_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return None
    return read_catalog(path.read_text(encoding="utf-8"), language, str(path))


@lru_cache(maxsize=1)
def template_keys() -> tuple[MessageKey, ...]:
    """Every message the theme and the code write, from the committed template, in its order."""
    template = read_po(StringIO(TEMPLATE.read_text(encoding="utf-8")), domain=DOMAIN)
    return tuple(_key(message) for message in template if message.id)


def _key(message) -> MessageKey:
    ident = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, ident)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(message.id) and not message.fuzzy and all(strings)


def _merged(language: str, layers: Iterable[Catalog]) -> Catalog:
    """One catalog of every translated message of `layers`, a later layer's wording winning."""
    merged = Catalog(locale=language, domain=DOMAIN)
    if layers:
        # The plural forms the translations were written for (a catalog's Plural-Forms header, or CLDR's
        # when it has none): "2 faits" is msgstr[1] in a catalog of two forms, not CLDR's third.
        merged.mime_headers = [("Plural-Forms", layers[0].plural_forms)]
    for layer in layers:
        for message in layer:
            if _translated(message):
                merged.delete(message.id, context=message.context)
                merged.add(message.id, message.string, context=message.context)
    return merged


def _compiled(catalog: Catalog) -> Translations:
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


# --- the translator -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # one per language and catalog (`translator` caches): hashed by identity
class Translator:
    """gettext's four calls in one language, and whether a message has its translation (`has`)."""

    language: str
    translations: NullTranslations
    translated: frozenset[MessageKey]

    @property
    def is_source(self) -> bool:
        return self.language == SOURCE_LANGUAGE

    def has(self, message: str, context: str | None = None) -> bool:
        return self.is_source or (context, message) in self.translated

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)

    def missing(self) -> list[MessageKey]:
        """The template's messages this language states in English, in the template's order."""
        if self.is_source:
            return []
        return [key for key in template_keys() if key not in self.translated]


def site_catalog(catalogs: Iterable[SiteCatalog], language: str) -> SiteCatalog | None:
    return next((c for c in catalogs if c.language == language), None)


def translator(locale: str, catalogs: Iterable[SiteCatalog] = ()) -> Translator:
    """The translator of `locale`'s language: the package's catalog under the site's own, if either exists."""
    language = language_of(locale)
    return _translator(language, site_catalog(catalogs, language))


@lru_cache(maxsize=32)  # one per language and site catalog: compiled once per process
def _translator(language: str, own: SiteCatalog | None) -> Translator:
    if language == SOURCE_LANGUAGE and own is None:
        return Translator(language, NullTranslations(), frozenset())
    layers = [c for c in (_package_catalog(language),) if c is not None]
    if own is not None:
        layers.append(read_catalog(own.text, language, own.path))
    merged = _merged(language, layers)
    translated = frozenset(_key(m) for m in merged if m.id)
    logger.debug("catalog %s: %d messages translated", language, len(translated))
    return Translator(language, _compiled(merged), translated)


def has_catalog(language: str, catalogs: Iterable[SiteCatalog] = ()) -> bool:
    """Whether the package or the site states the interface in `language`."""
    return language in package_languages() or site_catalog(catalogs, language) is not None


# --- the visible fallback -----------------------------------------------------------------------------

_UNTRANSLATED = Markup('<span lang="{}" class="untranslated">{}</span>')


def marked(text: str) -> Markup:
    """English standing in for a missing translation, marked so that screen readers switch voice."""
    return _UNTRANSLATED.format(SOURCE_LANGUAGE, text)


@dataclass(frozen=True)
class HtmlGettext:
    """The callables Jinja2's i18n extension gets: a translation, or the English marked by `marked`."""

    translator: Translator

    def gettext(self, message: str) -> str:
        if self.translator.has(message):
            return self.translator.gettext(message)
        return marked(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.translator.has(singular):
            return self.translator.ngettext(singular, plural, n)
        return marked(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        if self.translator.has(message, context):
            return self.translator.pgettext(context, message)
        return marked(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        if self.translator.has(singular, context):
            return self.translator.npgettext(context, singular, plural, n)
        return marked(singular if n == 1 else plural)


# --- what `check` reports -----------------------------------------------------------------------------

MISSING_SHOWN = 20  # missing messages named one by one per language; the rest are counted in one warning


def missing_translation_problems(language: str, catalogs: Iterable[SiteCatalog] = ()) -> list[Problem]:
    """A `missing-translation` warning for each message `language` states in English (the first
    MISSING_SHOWN of them, then one that counts the rest), at the catalog a translation belongs in."""
    catalogs = tuple(catalogs)
    missing = translator(language, catalogs).missing()
    if not missing:
        return []
    own = site_catalog(catalogs, language)
    where = own.path if own else f"locales/{language}.po"
    problems = [_missing_problem(key, language, where) for key in missing[:MISSING_SHOWN]]
    if len(missing) > MISSING_SHOWN:
        rest = len(missing) - MISSING_SHOWN
        problems.append(
            Problem(
                Location(where),
                "missing-translation",
                f"{rest} more interface strings have no '{language}' translation "
                f"({len(missing)} of {len(template_keys())} in all): they are shown in English",
                f"add every missing entry at once, in the folder of site.yml: pybabel update -i {TEMPLATE} "
                f"-o locales/{language}.po -l {language}; then translate the empty msgstr lines",
                severity="warning",
            )
        )
    return problems


def _missing_problem(key: MessageKey, language: str, where: str) -> Problem:
    context, message = key
    entry = (f"msgctxt {escape(context)} " if context else "") + f'msgid {escape(message)} msgstr "…"'
    return Problem(
        Location(where),
        "missing-translation",
        f"no '{language}' translation of {message!r}"
        + (f" ({context})" if context else "")
        + ": it is shown in English",
        f"add the entry to this catalog: {entry}",
        severity="warning",
    )


def unknown_message_problems(catalogs: Iterable[SiteCatalog]) -> list[Problem]:
    """An `unknown-message` warning for each entry of a site's catalog that no template or code asks for
    (a typo in its msgid, or a message the theme no longer has): its translation is never shown."""
    known = set(template_keys())
    problems = []
    for own in catalogs:
        for message in read_catalog(own.text, own.language, own.path):
            if message.id and _key(message) not in known:
                context = f" (msgctxt {escape(message.context)})" if message.context else ""
                problems.append(
                    Problem(
                        Location(own.path, message.lineno, 1),
                        "unknown-message",
                        f"no page or label uses msgid {escape(_key(message)[1])}{context}: "
                        "its translation is never shown",
                        f"copy the msgid (and msgctxt) exactly from {TEMPLATE.name}, or remove the entry",
                        severity="warning",
                    )
                )
    return problems
