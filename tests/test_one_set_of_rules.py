"""What `check` accepts, `build` builds; what `build` refuses, `check` reports: one set of rules.

Each bad input (issue 16: figures no page can show, year 0, reversed ranges, infobox values that are not text,
look-alike ids, links out of the content folder …) goes through both commands on a copy of the fixture site.
Both must report the same problems at the same file:line:col, and neither may crash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import cli

FRONT = """---
title: "Odd input"
language: en
source:
  publisher: Fixture Press
  url: https://example.org/odd
  published: 2025-09-20
summary: One article with one problem.
---
"""
ARTICLE = "content/articles/odd.md"
ENTITY = "content/entities/odd.yml"
FACT_LINE = 10  # the body's first line


def fact(attributes: str, words: str = "Acme invested in Globex") -> dict[str, str]:
    """An article whose one fact has `attributes` after `fact=investment subject=acme object=globex`."""
    return {ARTICLE: f"{FRONT}[{words}]{{fact=investment subject=acme object=globex {attributes}}}.\n"}


def column(attributes: str, key: str) -> int:
    """The column where `key=` is written in the line `fact()` makes."""
    line = f"[Acme invested in Globex]{{fact=investment subject=acme object=globex {attributes}}}"
    return line.index(f"{key}=") + 1


def entity(fields: str) -> dict[str, str]:
    return {ENTITY: f"name: Odd\nkind: company\n{fields}"}


@dataclass
class Case:
    id: str
    files: dict[str, str] = field(default_factory=dict)
    where: str = ""  # "path" or "path:line:col" of the problem
    code: str = ""
    severity: str = "error"
    links: dict[str, str] = field(default_factory=dict)  # link -> target ("OUTSIDE/…" is outside the site)
    env: dict[str, str] = field(default_factory=dict)
    config_error: str = ""  # both commands stop with this text instead of a problem list
    also: str = ""  # text the problem's message must hold


def _value(value: str, code: str = "bad-value") -> Case:
    attributes = f"value={value} unit=USD"
    return Case(
        f"value={value[:12]}", fact(attributes), f"{ARTICLE}:{FACT_LINE}:{column(attributes, 'value')}", code
    )


def _date(value: str) -> Case:
    attributes = f"date={value}"
    where = f"{ARTICLE}:{FACT_LINE}:{column(attributes, 'date')}"
    return Case(f"date={value}", fact(attributes), where, "bad-date", also="years run from 0001 to 9999")


CASES = [
    _value("NaN"),
    _value("1e308"),
    _value("1e309"),
    _value("-1e309"),
    _value("inf"),
    _value("9" * 400),
    Case(
        "figure-in-the-text",
        fact("", words="Acme invested $" + "9" * 400 + " in Globex"),
        f"{ARTICLE}:{FACT_LINE}:1",
        "bad-value",
    ),
    _date("0000"),
    _date("0000-01"),
    _date("0000-01-01"),
    Case(
        "subject-is-object",
        {ARTICLE: f"{FRONT}[Acme invested in Acme]{{fact=investment subject=acme object=acme}}.\n"},
        f"{ARTICLE}:{FACT_LINE}:54",
        "same-entity",
    ),
    Case(
        "low-above-high",
        fact("low=90 high=80 unit=%"),
        f"{ARTICLE}:{FACT_LINE}:{column('low=90 high=80 unit=%', 'low')}",
        "bad-range",
    ),
    Case(
        "until-before-date",
        fact("date=2025-09-18 until=2024-01-01"),
        f"{ARTICLE}:{FACT_LINE}:{column('date=2025-09-18 until=2024-01-01', 'until')}",
        "bad-range",
    ),
    Case(
        "value-without-unit",
        fact("value=5000000000"),
        f"{ARTICLE}:{FACT_LINE}:{column('value=5000000000', 'value')}",
        "missing-unit",
        severity="warning",
    ),
    Case("infobox-null", entity("ceo:\n"), f"{ENTITY}:3:5", "bad-type"),
    Case("infobox-bool", entity("public: true\n"), f"{ENTITY}:3:9", "bad-type"),
    Case("infobox-nested", entity("extra: {a: {b: c}}\n"), f"{ENTITY}:3:8", "bad-type"),
    Case("infobox-infinite", entity("employees: .inf\n"), f"{ENTITY}:3:12", "bad-value"),
    Case(
        "lookalike-id",
        {"content/entities/\u0430cme.yml": "name: Fake Acme\nkind: company\n"},
        "content/entities/\u0430cme.yml:1:1",
        "lookalike-id",
        severity="warning",
    ),
    Case(
        "article-linked-from-outside",
        where=ARTICLE,
        code="outside-content",
        links={ARTICLE: "OUTSIDE/secret.md"},
    ),
    Case("entity-linked-from-outside", where=ENTITY, code="outside-content", links={ENTITY: "OUTSIDE/x.yml"}),
    Case("dangling-link", where=ARTICLE, code="unreadable-file", links={ARTICLE: "nowhere.md"}),
    Case(
        "looping-links",
        where="content/articles/a.md",
        code="unreadable-file",
        links={"content/articles/a.md": "b.md", "content/articles/b.md": "a.md"},
    ),
    Case("source-date-epoch", env={"SOURCE_DATE_EPOCH": "abc"}, config_error="SOURCE_DATE_EPOCH is 'abc'"),
]


def _prepare(site: Path, case: Case, monkeypatch) -> None:
    outside = site.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(f"{FRONT}Words from elsewhere.\n", encoding="utf-8")
    (outside / "x.yml").write_text("name: Elsewhere\nkind: company\n", encoding="utf-8")
    for name, text in case.files.items():
        (site / name).write_text(text, encoding="utf-8")
    for name, target in case.links.items():
        (site / name).symlink_to(outside / target[8:] if target.startswith("OUTSIDE/") else Path(target))
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(site)


_PROBLEM = re.compile(r"^(?:Error: )?(\S+: (?:error|warning): [\w-]+: .*)$", re.MULTILINE)


def _problems(output: str) -> list[str]:
    return _PROBLEM.findall(output)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_and_build_report_the_same_problem(case: Case, site: Path, runner, monkeypatch):
    _prepare(site, case, monkeypatch)
    checked = runner.invoke(cli, ["check"])
    built = runner.invoke(cli, ["build", "--no-cache", "--no-search", "-j", "1"])
    for result in (checked, built):
        assert isinstance(result.exception, (SystemExit, type(None))), result.exception  # not a crash
        assert "Traceback" not in result.output and "unexpected" not in result.output, result.output
    if case.config_error:
        assert checked.exit_code == built.exit_code == 1
        assert case.config_error in checked.output and case.config_error in built.output
        return
    found = [p for p in _problems(checked.output) if f": {case.code}: " in p]
    assert found and found[0].startswith(f"{case.where}: {case.severity}: "), checked.output
    assert case.also in found[0]
    if case.severity == "error":
        assert checked.exit_code == built.exit_code == 1, built.output
        assert not (site / "_site").exists()
        errors = [p for p in _problems(checked.output) if ": error: " in p]
        assert errors == _problems(built.output)  # the same errors, in the same order, at the same places
    else:
        assert checked.exit_code == built.exit_code == 0, built.output
        assert found[0] in _problems(built.output)


def test_every_json_file_of_a_built_site_is_strict_json(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "--no-cache", "--no-search", "-j", "1"])
    assert result.exit_code == 0, result.output

    def refuse(constant: str):
        raise ValueError(f"{constant} is not JSON")

    files = sorted((site / "_site").rglob("*.json"))
    assert len(files) > 5
    for path in files:
        json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    scripts = [
        block
        for page in (site / "_site").rglob("*.html")
        for block in re.findall(
            r'<script type="application/ld\+json">\n(.*?)\n</script>', page.read_text(), re.S
        )
    ]
    assert scripts
    for block in scripts:
        json.loads(block, parse_constant=refuse)


EDGE_FIGURES = (
    "value=999999999999999999 unit=USD",
    "value=-999999999999999999 unit=%",
    "value=1e-300 unit=USD",
    "low=-5e17 high=9.99e17 unit=EUR",
    "value=123456789012345678 unit=widgets qualifier=about",
)


def test_the_figures_check_accepts_build_builds(site: Path, runner, monkeypatch):
    body = "\n\n".join(
        f"[Acme invested]{{fact=investment subject=acme object=globex date=2025-0{n} {attributes}}}."
        for n, attributes in enumerate(EDGE_FIGURES, start=1)
    )
    (site / ARTICLE).write_text(f"{FRONT}{body}\n", encoding="utf-8")
    monkeypatch.chdir(site)
    checked = runner.invoke(cli, ["check"])
    built = runner.invoke(cli, ["build", "--no-cache", "--no-search", "-j", "1"])
    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output
    facts = json.loads((site / "_site" / "data" / "facts.json").read_text(encoding="utf-8"))
    values = {f["quantity"]["value"] for f in facts if f["quantity"]}
    assert 999999999999999999 in values  # exactly as written, not rounded up to 10^18
