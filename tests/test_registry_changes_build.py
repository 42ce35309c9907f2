"""A build after a change of the entity registry analyses again only the articles the change may reach, and
its site is, byte for byte, the one a build without the cache makes (`cache.registry_changes`)."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.cache.files import CACHE_FOLDER
from generator.cache.state import BuildSession
from generator.cache.store import STORE_FILE
from generator.errors import FactsheetsError

_DEMO = Path(__file__).resolve().parent.parent / "content"

# Two articles beside the demo's: a person named by her surname after her full name, and an event whose name
# is followed by a year (a number that a registry name holding it keeps from being read as a quantity).
_GALTER = """---
title: "The Galter Summit"
language: en
based_on:
  - publisher: Demo Wire
    url: https://example.com/galter
    published: 2025-09-24
summary: Notes from the Galter Summit.
---
Marta Velluti opened the Galter Summit 2021 in Turin on Monday. [Velluti said the gathering drew 3,000
visitors]{fact=metric measure="Visitors"}, and [the Galter Summit 2021 drew 120
exhibitors]{fact=metric subject=galter-summit measure="Exhibitors"}.
"""
_VELLUTI = """---
title: "Velluti e il Vertice Galter"
language: it
based_on:
  - publisher: Demo Wire
    url: https://example.com/velluti
    published: 2025-09-25
summary: Velluti al Vertice Galter.
---
Marta Velluti ha aperto il Vertice Galter a Torino. [Il Vertice Galter ha contato 3.000
visitatori]{fact=metric measure="Visitatori"}.
"""
_EXCHANGE = """---
title: "The exchange reopens"
language: en
based_on:
  - publisher: Demo Wire
    url: https://example.com/exchange
    published: 2025-09-26
summary: The exchange reopened.
---
[The exchange]{@borsa-zq} reopened on Friday after a two-day halt.
"""
_ENTITIES = {
    "galter-summit": (
        "id: galter-summit\nname: Galter Summit\nkind: event\naliases:\n  it: [Vertice Galter]\n"
    ),
    "marta-velluti": (
        "id: marta-velluti\nname: Marta Velluti\nkind: person\naliases:\n  all: [M. Velluti Rossi]\n"
    ),
    # Named by an annotation only: its name is nowhere in the text.
    "borsa-zq": "id: borsa-zq\nname: Zq Exchange\nkind: company\n",
}


def _entity(content: Path, entity_id: str) -> Path:
    return content / "entities" / f"{entity_id}.yml"


def _edit(content: Path, entity_id: str, old: str, new: str) -> None:
    path = _entity(content, entity_id)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add(content: Path, entity_id: str, text: str) -> None:
    _entity(content, entity_id).write_text(text, encoding="utf-8")


def _renamed(content: Path, old: str, new: str) -> None:
    _edit(content, old, f"id: {old}\n", f"id: {new}\n")
    _entity(content, old).rename(_entity(content, new))


def _swapped(content: Path) -> None:
    _edit(content, "marta-velluti", "name: Marta Velluti\n", "name: M. Velluti Rossi\n")
    _edit(content, "marta-velluti", "[M. Velluti Rossi]", "[Marta Velluti]")


# Each change, as steps: a build with the cache follows each.
CHANGES: dict[str, list[Callable[[Path], None]]] = {
    "alias added": [
        lambda c: _edit(c, "hangzhou", "kind: place\n", "kind: place\naliases:\n  all: [Wall Street]\n")
    ],
    "alias removed": [lambda c: _edit(c, "apsara-conference-2025", "all: [Apsara Conference]", "all: []")],
    "main name swapped with an alias": [_swapped],
    "alias moved to another language": [
        lambda c: _edit(c, "galter-summit", "it: [Vertice Galter]", "en: [Vertice Galter]")
    ],
    "kind changed": [lambda c: _edit(c, "marta-velluti", "kind: person", "kind: company")],
    "id renamed": [lambda c: _renamed(c, "borsa-zq", "borsa-zq-2")],
    "entity added": [lambda c: _add(c, "wall-street", "id: wall-street\nname: Wall Street\nkind: place\n")],
    "entity removed": [lambda c: _entity(c, "borsa-zq").unlink()],
    "entity removed, then added again": [
        lambda c: _entity(c, "borsa-zq").rename(c / "borsa-zq.yml"),
        lambda c: (c / "borsa-zq.yml").rename(_entity(c, "borsa-zq")),
    ],
    "entity file broken, then mended": [
        lambda c: _add(c, "marta-velluti", "id: marta-velluti\nname: [Marta\n"),
        lambda c: _add(c, "marta-velluti", "id: marta-velluti\nname: Marta Velluti Rossi\nkind: person\n"),
    ],
    "a one-word name suppresses a surname": [
        lambda c: _add(c, "velluti-bank", "id: velluti-bank\nname: Velluti\nkind: company\n")
    ],
    "an alias holds a number": [
        lambda c: _edit(
            c, "galter-summit", "it: [Vertice Galter]", "it: [Vertice Galter]\n  en: [Galter Summit 2021]"
        )
    ],
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The demo content with two more articles, and the cache of its build, made once."""
    base = tmp_path_factory.mktemp("registry")
    shutil.copytree(_DEMO, base / "work" / "content")
    content = base / "work" / "content"
    (content / "articles" / "galter-summit.md").write_text(_GALTER, encoding="utf-8")
    (content / "articles" / "velluti-galter.md").write_text(_VELLUTI, encoding="utf-8")
    (content / "articles" / "exchange.md").write_text(_EXCHANGE, encoding="utf-8")
    for entity_id, text in _ENTITIES.items():
        _add(content, entity_id, text)
    build(BuildOptions(content=content, output=base / "work" / "site", jobs=1, search=False))
    shutil.copytree(base / "work", base / "pristine", symlinks=True)
    return base


def _work(base: Path) -> Path:
    """The work folder as the pristine build left it (at the same path: the store names its rows by it)."""
    shutil.rmtree(base / "work")
    shutil.copytree(base / "pristine", base / "work", symlinks=True)
    return base / "work" / "content"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _outcome(content: Path, output: Path, cache: bool) -> tuple[dict[str, bytes], list[str], str]:
    """The site a build writes, its warnings and its error ("" for none)."""
    try:
        report = build(BuildOptions(content=content, output=output, jobs=1, search=False, cache=cache))
    except FactsheetsError as error:
        return {}, [], error.format_message()
    return _tree(output), [str(w) for w in report.warnings], ""


def _pristine_outcome(base: Path) -> tuple[dict[str, bytes], list[str], str]:
    return _outcome(base / "pristine" / "content", base / "pristine-again", cache=False)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_build_after_a_registry_change_is_that_of_no_cache(pristine: Path, change: str, analysed):
    """Into the site the cache's build wrote, so the page keys decide what is rendered again."""
    content = _in_place(pristine)
    outcomes, again = [], set()
    for step in CHANGES[change]:
        step(content)
        done = len(analysed())
        outcomes.append(_outcome(content, pristine / "work" / "site", cache=True))
        again.update(analysed()[done:])
        (site, *reported), (fresh, *expected) = (
            outcomes[-1],
            _outcome(content, pristine / "fresh", cache=False),
        )
        assert reported == expected
        assert [
            path for path in sorted(site.keys() | fresh.keys()) if site.get(path) != fresh.get(path)
        ] == []
    before = _pristine_outcome(pristine)
    assert any(outcome != before for outcome in outcomes)  # the change shows in the site (or its errors)
    assert again < {p.stem for p in (content / "articles").glob("*.md")}  # not every article


def test_an_alias_found_in_one_article_analyses_that_article_only(pristine: Path, analysed):
    content = _work(pristine)
    CHANGES["alias added"][0](content)
    build(BuildOptions(content=content, output=pristine / "work" / "site", jobs=1, search=False))
    assert analysed() == ["nvidia-investe-in-intel"]  # the one article that says "Wall Street"
    build(BuildOptions(content=content, output=pristine / "work" / "other", jobs=1, search=False))
    assert analysed() == ["nvidia-investe-in-intel"]  # the others were recorded under the new registry


def test_an_alias_found_in_no_article_analyses_none(pristine: Path, analysed):
    content = _work(pristine)
    _edit(content, "oracle", "[Oracle Corporation]", "[Oracle Corporation, Benchmark Alias Zed]")
    build(BuildOptions(content=content, output=pristine / "work" / "site", jobs=1, search=False))
    assert analysed() == []


def _registries(base: Path) -> tuple[set[str], set[str]]:
    """The registries the stored articles hold under, and those the store keeps."""
    with sqlite3.connect(base / "work" / CACHE_FOLDER / STORE_FILE) as connection:
        rows = {stamp for (stamp,) in connection.execute("SELECT registry FROM articles")}
        kept = {stamp for (stamp,) in connection.execute("SELECT stamp FROM registries")}
    connection.close()
    return rows, kept


def test_the_articles_a_change_does_not_reach_are_recorded_under_the_new_registry(pristine: Path):
    content = _work(pristine)
    before = _registries(pristine)
    CHANGES["alias added"][0](content)
    build(BuildOptions(content=content, output=pristine / "work" / "site", jobs=1, search=False))
    after = _registries(pristine)
    assert len(before[0]) == len(after[0]) == 1 and before[0] != after[0]
    assert after[1] == after[0]  # the old registry, which no article holds under any more, is gone


def test_a_preview_analyses_again_only_the_articles_a_change_reaches(pristine: Path, analysed):
    content = _work(pristine)
    options = BuildOptions(content=content, output=pristine / "work" / "preview", jobs=1, search=False)
    session = BuildSession()
    build(options, session)
    done = len(analysed())
    CHANGES["alias added"][0](content)
    build(options, session)
    assert analysed()[done:] == ["nvidia-investe-in-intel"]
    assert _tree(options.output) == _outcome(content, pristine / "fresh", cache=False)[0]
    done = len(analysed())
    CHANGES["an alias holds a number"][0](content)
    build(options, session)
    assert analysed()[done:] == ["galter-summit"]
    assert _tree(options.output) == _outcome(content, pristine / "fresh", cache=False)[0]


def _in_place(base: Path) -> Path:
    """The work folder, its site built again where it is: a copied site is not the one the store's page keys
    are of, so the copy's first build renders every page."""
    content = _work(base)
    build(BuildOptions(content=content, output=base / "work" / "site", jobs=1, search=False))
    return content


def _written(site: Path) -> dict[str, tuple[int, int]]:
    """Each file of `site` with what a build that writes it anew changes: its inode and time."""
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in site.rglob("*")
        if p.is_file()
    }


def test_an_alias_added_renders_again_only_the_pages_it_reaches(pristine: Path, caplog):
    content = _in_place(pristine)
    site = pristine / "work" / "site"
    before = _written(site)
    CHANGES["alias added"][0](content)  # "Wall Street", an alias of Hangzhou, is in one article
    with caplog.at_level(logging.DEBUG, logger="generator"):
        build(BuildOptions(content=content, output=site, jobs=1, search=False))
    # the aggregation the store kept is taken up: only the facts of the article analysed again are merged
    assert any(r.getMessage().startswith("resuming from the stored aggregation") for r in caplog.records)
    [(run, jobs)] = [
        (int(m[1]), int(m[2]))
        for r in caplog.records
        if (m := re.match(r"(\d+) of (\d+) jobs to run", r.getMessage()))
    ]
    assert run < jobs / 4  # every page was rendered again when the site key held every alias
    after = _written(site)
    rewritten = {path for path, stat in after.items() if before.get(path) != stat}
    for language in ("en", "it"):  # the demo is a site in two languages
        assert f"{language}/places/hangzhou/index.html" in rewritten  # the sheet that shows the alias
        assert f"{language}/companies/openai/index.html" not in rewritten
    assert "it/articles/nvidia-investe-in-intel/index.html" in rewritten  # the article it is found in
    assert "en/articles/stargate-five-new-sites/index.html" not in rewritten
    assert "data/entities.json" in rewritten
