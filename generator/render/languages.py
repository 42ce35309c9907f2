"""A site in several languages: the model as each language's pages show it, and each language's name.

The aggregate stage states every fact in the default language. The pages of another language show the same
facts, with the same ids, stated in that language: `language_view` is the model with the statements and
figure labels said again, and the settings naming that language; everything else is shared, not copied.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from babel import Locale

from generator.model import Entity, SiteModel
from generator.statements import fact_statement, figure_label


def language_view(model: SiteModel, language: str) -> SiteModel:
    """`model` as the pages of `language` show it (the model itself for its own language)."""
    config = model.config
    if language == config.language:
        return model
    title, title_language = value_in(config.titles or config.title, language, config.language)
    description, description_language = value_in(
        config.descriptions or config.description, language, config.language
    )
    view_config = replace(
        config,
        language=language,
        title=title,
        title_language=title_language,
        description=description,
        description_language=description_language,
    )
    facts = {
        fact_id: replace(
            fact,
            statement=fact_statement(fact, model.entities, language, config.fact_kinds, config.catalogs),
            figure_label=figure_label(fact, model.entities, language, config.fact_kinds, config.catalogs),
        )
        for fact_id, fact in model.facts.items()
    }
    return replace(model, config=view_config, facts=facts)


@cache
def language_name(language: str) -> str:
    """A language's name in itself, as a reader looks for it in a list: "English", "Italiano"."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def value_in(values: str | dict[str, str], language: str, default: str) -> tuple[str, str | None]:
    """A field's value for a page in `language`, and the language it is in when it is not that one.

    A field with one value per language (`description: {en: …, it: …}`) gives the page's language's value,
    else the default language's, else the first written; a plain value is the same in every language.
    """
    if not isinstance(values, dict):
        return values, None
    for candidate in (language, default):
        if values.get(candidate):
            return values[candidate], (None if candidate == language else candidate)
    for candidate, value in values.items():
        if value:
            return value, str(candidate)
    return "", None


def entity_description(entity: Entity, language: str, default: str) -> tuple[str, str | None]:
    """An entity's description for a page in `language` (see `value_in`)."""
    return value_in(entity.description, language, default)
