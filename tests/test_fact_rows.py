"""The facts' exports made by the row: after any change, a rebuild copies the rows of the facts whose record
did not change from the previous exports and gives the bytes of a full build; on any doubt about the
previous exports, it makes them whole."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.cli import cli
from generator.render import factrows, sqlite

NEWS = """---
title: "Rocket news"
language: en
source: {publisher: Rocket Weekly,
  url: https://rocket.example/news,
  published: 2025-10-02,
  licence: "Reproduced with the permission of Rocket Weekly"}
---
On 1 March 2021 [Globex said it would invest $2 million in Acme]{fact=investment
subject=globex object=acme date=2021-03-01 value=2000000 unit=USD}.

On 5 June 2022 [Acme said it would invest $7 million in Globex]{fact=investment
subject=acme object=globex date=2022-06-05 value=7000000 unit=USD}.

On 9 April 2023 [Globex launched Rocket X]{fact=launch subject=globex object=rocket-x date=2023-04-09}.
"""

ADDED = """
On 2 February 2024 [Globex said it would invest $3 million in Rocket X]{fact=investment
subject=globex object=rocket-x date=2024-02-02 value=3000000 unit=USD}.
"""


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _build(runner, *options: str) -> None:
    result = runner.invoke(cli, ["build", "--jobs", "1", *options])
    assert result.exit_code == 0, result.output


@pytest.fixture
def built(site: Path, runner, monkeypatch) -> Path:
    """The fixture site with an article of facts of their own, built once."""
    (site / "content" / "articles" / "rocket-news.md").write_text(NEWS, encoding="utf-8")
    monkeypatch.chdir(site)
    _build(runner)
    return site


class _Rows:
    """What the exports' writer did in the builds since it was made: the facts made, the rows copied."""

    def __init__(self, monkeypatch):
        self.made: list[str] = []
        self.copied = 0
        add, reuse = factrows.RowWriter.add, factrows.RowWriter.reuse

        def spy_add(writer, fact_id, *args):
            self.made.append(fact_id)
            return add(writer, fact_id, *args)

        def spy_reuse(writer, fact_id):
            found = reuse(writer, fact_id)
            self.copied += found
            return found

        monkeypatch.setattr(factrows.RowWriter, "add", spy_add)
        monkeypatch.setattr(factrows.RowWriter, "reuse", spy_reuse)
        # the database's: the facts it copied, and those it made
        self.database: list[bool] = []
        copies = sqlite._KeptFacts.copies

        def spy_copies(kept, *args):
            found = copies(kept, *args)
            self.database.append(found)
            return found

        monkeypatch.setattr(sqlite._KeptFacts, "copies", spy_copies)

    def database_copied(self) -> int:
        return sum(self.database)


def _edit(site: Path, path: str, old: str, new: str) -> None:
    file = site / "content" / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def _fact_count(site: Path, output: str = "_site") -> int:
    return (site / output / "data" / "facts.json").read_bytes().count(b'{"id": ')


def _same_as_a_full_build(site: Path, runner, *options: str) -> None:
    _build(runner, "--no-cache", "-o", "_cold", *options)
    assert _contents(site / "_site") == _contents(site / "_cold")


NEWS_FILE = "articles/rocket-news.md"
LAUNCH = "[Globex launched Rocket X]{fact=launch subject=globex object=rocket-x date=2023-04-09}"
# Each change, and how many facts' rows it makes again: the others are copied.
CHANGES = {
    "a fact added": (lambda s: _edit(s, NEWS_FILE, "date=2023-04-09}.\n", "date=2023-04-09}.\n" + ADDED), 1),
    "a fact's amount changed": (lambda s: _edit(s, NEWS_FILE, "value=7000000", "value=7500000"), 1),
    "a fact removed": (lambda s: _edit(s, NEWS_FILE, LAUNCH, "Globex launched Rocket X"), 0),
    # to the other end of the timeline: the facts between are numbered anew in the database
    "a fact's date moved": (lambda s: _edit(s, NEWS_FILE, "date=2021-03-01", "date=2026-01-05"), 1),
    # Every fact the article reports shows its title and publisher in its sources.
    "an article's title changed": (lambda s: _edit(s, NEWS_FILE, '"Rocket news"', '"Rocket news!"'), 3),
    "an article's publisher changed": (lambda s: _edit(s, NEWS_FILE, "Weekly,", "Monthly,"), 3),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_copies_the_unchanged_rows_and_gives_the_bytes_of_a_full_build(
    built: Path, runner, monkeypatch, change: str
):
    edit, made = CHANGES[change]
    edit(built)
    rows = _Rows(monkeypatch)
    _build(runner)
    assert len(rows.made) == made
    assert rows.copied == rows.database_copied() == _fact_count(built) - made
    _same_as_a_full_build(built, runner)


def test_a_changed_fact_alone_is_made_again(built: Path, runner, monkeypatch):
    before = (built / "_site" / "data" / "facts.json").read_bytes()
    _edit(built, NEWS_FILE, "value=7000000", "value=7500000")
    rows = _Rows(monkeypatch)
    _build(runner)
    assert len(rows.made) == 1
    after = (built / "_site" / "data" / "facts.json").read_bytes()
    assert after != before and b"7500000" in after


@pytest.mark.parametrize("change", ["an entity renamed", "an entity's id changed", "another base URL"])
def test_a_site_wide_change_makes_every_row_and_gives_the_bytes_of_a_full_build(
    built: Path, runner, monkeypatch, change: str
):
    options: tuple[str, ...] = ()
    if change == "an entity renamed":
        _edit(built, "entities/globex.yml", "name: Globex", "name: Globex Industries")
    elif change == "an entity's id changed":
        entities = built / "content" / "entities"
        (entities / "rocket-x.yml").rename(entities / "rocket-y.yml")
        for article in (built / "content" / "articles").glob("*.md"):
            article.write_text(article.read_text(encoding="utf-8").replace("rocket-x", "rocket-y"), "utf-8")
    else:
        options = ("--base-url", "https://other.example.org/")
    rows = _Rows(monkeypatch)
    _build(runner, *options)
    assert rows.copied == rows.database_copied() == 0 and len(rows.made) == _fact_count(built)
    _same_as_a_full_build(built, runner, *options)


@pytest.mark.parametrize("damage", ["edited", "truncated", "removed", "index damaged", "index removed"])
@pytest.mark.parametrize("export", ["facts", "database"])
def test_previous_exports_not_as_written_are_made_whole(
    built: Path, runner, monkeypatch, damage: str, export: str
):
    site = built / "_site" / "data"
    indexes = built / ".factsheets-cache" / "exports"
    (index,) = indexes.glob("*.rows" if export == "facts" else "*.db-rows")
    file = site / ("facts.json" if export == "facts" else "factsheets.db")
    if damage == "edited":  # the same size, another byte
        data = file.read_bytes()
        file.write_bytes(data.replace(b"Rocket Weekly", b"Rocket Weakly"))
    elif damage == "truncated":
        data = file.read_bytes()
        file.write_bytes(data[: len(data) // 2])
    elif damage == "removed":
        file.unlink()
    elif damage == "index damaged":
        index.write_bytes(index.read_bytes()[:-30])
    else:
        index.unlink()
    _edit(built, NEWS_FILE, "value=7000000", "value=7500000")
    rows = _Rows(monkeypatch)
    _build(runner)
    copied = rows.copied if export == "facts" else rows.database_copied()
    assert copied == 0
    _same_as_a_full_build(built, runner)
    # and the index kept by that build serves the next one
    _edit(built, NEWS_FILE, "value=7500000", "value=7000000")
    rows.copied, rows.database = 0, []
    _build(runner)
    assert rows.copied == rows.database_copied() == _fact_count(built) - 1


def test_an_entity_s_description_edited_copies_every_fact_of_the_database(built: Path, runner, monkeypatch):
    _edit(built, "entities/globex.yml", "A rival of Acme.", "A rival of Acme, since 1990.")
    rows = _Rows(monkeypatch)
    _build(runner)
    assert rows.copied == 0 and rows.made == []  # the facts' exports are unchanged: linked
    assert rows.database_copied() == len(rows.database) == _fact_count(built)
    _same_as_a_full_build(built, runner)


def test_no_cache_keeps_no_index_and_copies_nothing(built: Path, runner, monkeypatch):
    _edit(built, NEWS_FILE, "value=7000000", "value=7500000")
    rows = _Rows(monkeypatch)
    _build(runner, "--no-cache", "-o", "_cold")
    assert rows.copied == 0
    assert rows.database == []
    assert len(list((built / ".factsheets-cache" / "exports").glob("*.rows"))) == 1  # the first build's


def test_a_preview_server_s_rebuild_copies_the_unchanged_rows(built: Path, monkeypatch):
    from generator.build import BuildOptions, build
    from generator.cache.state import BuildSession

    content, session = built / "content", BuildSession()
    options = BuildOptions(content=content, output=built / "_preview", jobs=1, search=False)
    build(options, session)
    _edit(built, NEWS_FILE, "value=7000000", "value=7500000")
    rows = _Rows(monkeypatch)
    build(options, session)  # the digests of the memo, not of the store
    assert len(rows.made) == 1 and rows.copied == rows.database_copied() == _fact_count(built, "_preview") - 1
    build(BuildOptions(content=content, output=built / "_cold", jobs=1, cache=False, search=False))
    assert _contents(built / "_preview") == _contents(built / "_cold")


def test_the_indexes_of_an_output_that_is_gone_are_removed(built: Path, runner):
    """Each output has its exports' index (about 2 MB per 1,000 facts): those of an output folder removed, and
    those of another format, go when an index is next written; those of the outputs still there stay."""
    exports = built / ".factsheets-cache" / "exports"
    own = {p.name for p in exports.iterdir()}
    _build(runner, "-o", "elsewhere")
    _build(runner, "-o", "gone")
    assert len(list(exports.iterdir())) == 3 * len(own) == 6
    shutil.rmtree(built / "gone")
    (exports / "0123456789abcdef0123456789abcdef.rows").write_text('{"format": 1}\n', encoding="utf-8")
    (exports / "notes.txt").write_text("not an index", encoding="utf-8")
    _edit(built, NEWS_FILE, "value=7000000", "value=7500000")  # the exports are made again: their index too
    _build(runner)
    left = {p.name for p in exports.iterdir()}
    elsewhere = left - own - {"notes.txt"}
    assert own <= left and len(elsewhere) == 2 and "notes.txt" in left
    heads = [json.loads((exports / name).read_text(encoding="utf-8").split("\n")[0]) for name in elsewhere]
    assert [Path(head["output"]).name for head in heads] == ["elsewhere", "elsewhere"]


def test_a_database_replaced_after_its_check_is_not_copied_from(built: Path, runner, monkeypatch):
    """SQLite opens the previous database by its name after its digest was checked: a file put in its place
    meanwhile (another process's, or a hand's) gives no rows; the database is made whole, with its index."""
    import sqlite3

    old = built / "_site" / "data" / "factsheets.db"
    attach = sqlite._KeptFacts.attach

    def replaced_then_attached(kept, connection):
        other = built / "other.db"
        shutil.copyfile(old, other)
        with sqlite3.connect(other) as tampered:
            tampered.execute("UPDATE facts SET statement = 'tampered'")
        tampered.close()
        os.replace(other, old)
        attach(kept, connection)

    monkeypatch.setattr(sqlite._KeptFacts, "attach", replaced_then_attached)
    _edit(built, NEWS_FILE, "value=7000000", "value=7500000")
    _build(runner)
    monkeypatch.setattr(sqlite._KeptFacts, "attach", attach)
    assert b"tampered" not in old.read_bytes()
    _same_as_a_full_build(built, runner)
    _edit(built, NEWS_FILE, "value=2000000", "value=2500000")  # the index was kept: rows copied again
    rows = _Rows(monkeypatch)
    _build(runner)
    assert rows.database_copied() == _fact_count(built) - 1
