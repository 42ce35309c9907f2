"""`factsheets check`: every problem in the content in one run, and the report that lists them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale

from generator.build import model_and_problems, source_date_epoch_from_environment
from generator.catalogs import missing_translation_problems, unknown_message_problems
from generator.errors import Problem, errors_in, in_order, warnings_in
from generator.model import SiteModel
from generator.read.fields import Message
from generator.read.textfile import TextProblem, display_path, read_text
from generator.read.yamltext import YamlProblem, load_yaml
from generator.render.languages import value_in
from generator.validators import source_date_epoch_day

_FROM_ENVIRONMENT: Any = object()  # check()'s default: read SOURCE_DATE_EPOCH as the build does


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class CheckReport:
    """The problems found (sorted by place) and whether they fail the check, rendered as text or JSON."""

    problems: list[Problem]
    strict: bool = False  # warnings fail the check too

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(self.problems)

    @property
    def passed(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    @property
    def strict_abort(self) -> str | None:
        """The line that says strict mode alone failed the check (warnings, no errors); None otherwise."""
        if self.errors or self.passed:
            return None
        return f"Aborted with {_counted(len(self.warnings), 'warning')} in strict mode!"

    def summary(self) -> str:
        """`2 errors, 1 warning.`"""
        return f"{_counted(len(self.errors), 'error')}, {_counted(len(self.warnings), 'warning')}."

    def as_text(self) -> str:
        """Each problem (file:line:col, code, what is wrong, the fix), then the summary."""
        return "\n".join([*(str(p) for p in self.problems), self.summary()])

    def as_json(self) -> str:
        """The counts and every problem, for scripts and editors."""
        data = {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.problems],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def check(
    content_dir: Path, strict: bool = False, source_date_epoch: str | None = _FROM_ENVIRONMENT
) -> CheckReport:
    """Read, analyse and aggregate the content as a build would, and report every problem on the way.

    The build's other inputs are held to the build's rules too: a `SOURCE_DATE_EPOCH` the build would refuse
    (by default, the environment's) raises the same ConfigError here, before any content is read.
    """
    if source_date_epoch is _FROM_ENVIRONMENT:
        source_date_epoch = source_date_epoch_from_environment()
    source_date_epoch_day(source_date_epoch)
    model, problems = model_and_problems(content_dir)
    if model is not None:  # the interface strings each site language states in English, and stray entries
        config = model.config
        translations = [
            problem
            for language in config.site_languages
            for problem in missing_translation_problems(language, config.catalogs)
        ]
        problems += translations + unknown_message_problems(config.catalogs)
        problems = in_order(problems + untranslated_field_problems(model, Path(content_dir)))
    return CheckReport(problems, strict)


# --- texts written per language that lack a site language --------------------------------------------

_UNTRANSLATED = Message(
    "untranslated-field",
    "{what} has no '{language}' text: the {name} pages show the {shown_name} one, marked as {shown_name}",
    "add '{language}: …' under '{key}'",
    severity="warning",
)


def untranslated_field_problems(model: SiteModel, content_dir: Path) -> list[Problem]:
    """An `untranslated-field` warning for each site language that a text written per language lacks
    (site.yml's title and description, an entity's description and infobox values): its pages fall back."""
    config = model.config
    root = content_dir.resolve().parent
    site = {("title",): config.titles, ("description",): config.descriptions}
    problems = _file_problems(content_dir.resolve() / "site.yml", root, "the site", site, config)
    for entity_id in sorted(model.entities):
        entity = model.entities[entity_id]
        texts = {(key,): value for key, value in entity.infobox.items() if isinstance(value, dict)}
        if isinstance(entity.description, dict):
            texts[("description",)] = entity.description
        if texts and entity.location is not None:
            problems += _file_problems(
                root / entity.location.path, root, f"entity '{entity_id}'", texts, config
            )
    return problems


def _file_problems(path: Path, root: Path, owner: str, texts: dict[tuple, dict], config) -> list[Problem]:
    """The warnings of one file's per-language texts, each at the place its mapping is written."""
    lacking = [
        (keys, language, value_in(values, language, config.language)[1])
        for keys, values in texts.items()
        if values
        for language in config.site_languages
        if not values.get(language)
    ]
    if not lacking:
        return []
    shown = display_path(path, root)
    try:
        document = load_yaml(read_text(path, shown), shown)
    except (TextProblem, YamlProblem):
        return []  # reported where the file is read
    return [
        _UNTRANSLATED.at(
            document.location(*keys),
            what=f"the {keys[-1]} of {owner}",
            language=language,
            name=_english_name(language),
            shown_name=_english_name(fallback),
            key=keys[-1],
        )
        for keys, language, fallback in lacking
    ]


def _english_name(language: str) -> str:
    """A language's name in English, as `check` speaks: "Italian"."""
    return Locale.parse(language).get_display_name("en") or language
