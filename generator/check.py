"""`factsheets check`: every problem in the content in one run, and the report that lists them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build import model_and_problems, source_date_epoch_from_environment
from generator.catalogs import missing_translation_problems, unknown_message_problems
from generator.errors import Problem, errors_in, warnings_in
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
        problems = sorted(problems + translations + unknown_message_problems(config.catalogs))
    return CheckReport(problems, strict)
