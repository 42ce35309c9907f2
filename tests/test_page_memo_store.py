"""The page entries a command-line build keeps in the store: the next build into the same output hashes again
only the pages of facts its changes reach, and only when those changes lead from the model the entries were
keyed from. Any other case (another output's build in between, a damaged row, a change of the whole site)
hashes every page, and every site is the bytes of a `--no-cache` build."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.cache import pagekeys, state
from generator.cache.files import cache_folder
from generator.cache.store import STORE_FILE, Store
from tests.test_aggregate_delta import ARTICLE, CHANGES, DEMO, _edit
from tests.test_snapshot import STEPS

# What a whole build keeps between builds: an edit to an article's words goes the whole way here too.
pytestmark = pytest.mark.usefixtures("whole_builds")

TAKEN_UP = "page keys: "  # the log line of a build that took the kept pages up


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The label of every page of facts of the default language whose key is hashed, build after build (a
    site's other languages are keyed afresh by every build, without a memo)."""
    labels: list[str] = []
    original = pagekeys.PageKeyer._facts_key

    def counted(self, label, *rest):
        if self.memo.stored is not None:  # the command-line memo, of the default language only
            labels.append(label)
        return original(self, label, *rest)

    monkeypatch.setattr(pagekeys.PageKeyer, "_facts_key", counted)
    return labels


def _build(demo: Path, output: str, cache: bool = True) -> None:
    options = BuildOptions(
        content=demo,
        output=demo.parent / output,
        templates=None,
        cache=cache,
        search=False,
        source_date_epoch="1700000000",
    )
    build(options)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _assert_as_a_cold_build(demo: Path, output: str = "kept") -> None:
    _build(demo, "cold", cache=False)
    assert _files(demo.parent / output) == _files(demo.parent / "cold")


def _first_build(demo: Path, hashed: list[str], output: str = "kept") -> int:
    """Build once; returns how many pages of facts the site has."""
    _build(demo, output)
    count = len(hashed)
    hashed.clear()
    return count


@pytest.mark.parametrize(
    "step", ["figure", "sentence", "appended", "disagreeing-report", "removed", "fact-removed"]
)
def test_after_a_change_only_the_pages_it_reaches_are_hashed_and_the_site_is_a_cold_build(
    demo: Path, hashed: list[str], step: str
):
    pages = _first_build(demo, hashed)
    STEPS[step](demo)
    _build(demo, "kept")
    assert len(hashed) < pages
    _assert_as_a_cold_build(demo)


def test_an_edit_outside_the_facts_hashes_no_page_of_facts(demo: Path, hashed: list[str]):
    """The aggregator names the article's facts and their groups as changed; their digests are the kept
    ones, so no page of facts shows anything new."""
    _first_build(demo, hashed)
    CHANGES["appended"](demo)
    _build(demo, "kept")
    assert hashed == []
    _assert_as_a_cold_build(demo)


def test_an_article_s_title_edited_hashes_the_pages_citing_it_again(demo: Path, hashed: list[str]):
    """Its facts are as they were, but the pages that cite it show its title."""
    _first_build(demo, hashed)
    _edit(demo / "articles" / ARTICLE, 'title: "Alibaba Cloud to open', 'title: "Alibaba Cloud will open')
    _build(demo, "kept")
    assert any(label.startswith("sheet alibaba-cloud") for label in hashed)
    _assert_as_a_cold_build(demo)


def test_changes_one_after_another_each_key_from_the_last(demo: Path, hashed: list[str]):
    pages = _first_build(demo, hashed)
    for step in ("figure", "disagreeing-report", "added-report", "fact-removed", "removed"):
        STEPS[step](demo)
        hashed.clear()
        _build(demo, "kept")
        if step != "added-report":  # the newest article moves the site's "as of" date: every key anew
            assert len(hashed) < pages, step
        _assert_as_a_cold_build(demo)


def test_a_build_into_another_output_in_between_makes_every_key_anew(demo: Path, hashed: list[str]):
    """The other build resumed from the kept aggregation and saved its own: the next build's changes lead
    from that one's model, not from the model the first output's pages were keyed from."""
    pages = _first_build(demo, hashed)
    CHANGES["figure"](demo)
    _build(demo, "other")  # keys the figure's pages for "other"; "kept" still shows the old figure
    CHANGES["sentence"](demo)
    hashed.clear()
    _build(demo, "kept")
    assert len(hashed) == pages
    _assert_as_a_cold_build(demo)


def test_an_output_written_by_another_build_makes_every_key_anew(demo: Path, hashed: list[str]):
    pages = _first_build(demo, hashed)
    _first_build(demo, hashed, "other")
    shutil.rmtree(demo.parent / "kept")
    shutil.copytree(demo.parent / "other", demo.parent / "kept")  # another marker: another identity
    CHANGES["figure"](demo)
    hashed.clear()
    _build(demo, "kept")
    assert len(hashed) == pages
    _assert_as_a_cold_build(demo)


def test_a_build_whose_page_entries_were_not_kept_is_not_followed_by_a_stale_one(
    demo: Path, hashed: list[str], monkeypatch
):
    """A build that saved its aggregation but not its page entries (stopped in between): the entries of the
    build before it are of an older model and must not be used."""
    pages = _first_build(demo, hashed)
    CHANGES["figure"](demo)
    with monkeypatch.context() as patch:
        patch.setattr(state, "save_page_memo", lambda *args: None)
        _build(demo, "kept")
    CHANGES["sentence"](demo)
    hashed.clear()
    _build(demo, "kept")
    assert len(hashed) == pages
    _assert_as_a_cold_build(demo)


def test_a_change_of_the_registry_makes_every_key_anew(demo: Path, hashed: list[str]):
    pages = _first_build(demo, hashed)
    CHANGES["entity"](demo)  # every fact aggregated again: `Changes.full`
    _build(demo, "kept")
    assert len(hashed) == pages
    _assert_as_a_cold_build(demo)


def _store(demo: Path) -> sqlite3.Connection:
    return sqlite3.connect(cache_folder(demo) / STORE_FILE)


def test_a_damaged_row_discards_every_kept_page(demo: Path, hashed: list[str]):
    pages = _first_build(demo, hashed)
    with _store(demo) as connection:  # a key changed in place: its checksum no longer matches
        changed = connection.execute(
            "UPDATE page_memo SET key = 'x' || substr(key, 2) WHERE path = (SELECT min(path) FROM page_memo)"
        ).rowcount
    assert changed == 1
    CHANGES["figure"](demo)
    _build(demo, "kept")
    assert len(hashed) == pages
    _assert_as_a_cold_build(demo)


def test_kept_pages_of_another_generation_are_not_taken_up(demo: Path, hashed: list[str]):
    pages = _first_build(demo, hashed)
    with _store(demo) as connection:
        assert connection.execute("UPDATE page_memos SET generation = 'another'").rowcount == 1
    CHANGES["figure"](demo)
    _build(demo, "kept")
    assert len(hashed) == pages
    _assert_as_a_cold_build(demo)


def test_a_rebuild_writes_only_the_rows_of_the_pages_that_changed(demo: Path, hashed: list[str], caplog):
    pages = _first_build(demo, hashed)
    caplog.set_level(logging.DEBUG, logger="generator")
    CHANGES["figure"](demo)
    _build(demo, "kept")
    written = [r.getMessage() for r in caplog.records if r.getMessage().startswith("page memo: ")]
    assert len(written) == 1
    rows = int(written[0].split()[2])
    assert 0 < rows <= len(hashed) < pages
    assert any(r.getMessage().startswith(TAKEN_UP) for r in caplog.records)


# --- the store's rows ------------------------------------------------------------------------------------


def test_the_page_memo_is_read_back_only_for_the_output_that_has_it(tmp_path: Path):
    store = Store(tmp_path / "cache")
    output = os.fsencode(tmp_path / "_site")
    made = ("site", "generation", {"a/index.html": ("shape", "key")})
    assert store.put_page_memo(output, "identity", made, ("", "", {}), None) == 1
    assert store.page_memo(output, "identity") == made
    assert store.page_memo(output, "another identity") == ("", "", {})
    assert store.page_memo(os.fsencode(tmp_path / "other"), "identity") == ("", "", {})
    store.close()


def test_only_the_memo_rows_that_changed_are_written(tmp_path: Path):
    store = Store(tmp_path / "cache")
    output = os.fsencode(tmp_path / "_site")
    first = {"a": ("1", "k1"), "b": ("2", "k2"), "c": ("3", "k3")}
    store.put_page_memo(output, "one", ("site", "g1", first), ("", "", {}), None)
    kept = store.page_memo(output, "one")
    second = {"a": ("1", "k1"), "b": ("2", "k2 changed"), "d": ("4", "k4")}
    assert store.put_page_memo(output, "two", ("site", "g2", second), kept, "one") == 3  # b, c gone, d
    assert store.page_memo(output, "two") == ("site", "g2", second)
    store.close()


def test_memo_rows_another_build_rewrote_meanwhile_are_replaced_whole(tmp_path: Path):
    store = Store(tmp_path / "cache")
    output = os.fsencode(tmp_path / "_site")
    first = {"a": ("1", "k1"), "b": ("2", "k2")}
    store.put_page_memo(output, "one", ("site", "g1", first), ("", "", {}), None)
    kept = store.page_memo(output, "one")
    store.put_page_memo(output, "other", ("site", "g9", {"z": ("9", "k9")}), kept, "one")  # meanwhile
    assert store.put_page_memo(output, "two", ("site", "g2", {"a": ("1", "k1")}), kept, "one") == 1
    assert store.page_memo(output, "two") == ("site", "g2", {"a": ("1", "k1")})
    store.close()


def test_the_rows_of_an_output_folder_that_is_gone_are_dropped(demo: Path):
    """Each output keeps its page keys, page memo and fact digests in the store (100,000 rows and more at
    10,000 articles): those of an output folder removed go at the next build's save, the others stay."""
    from generator.cache.store import _OUTPUT_TABLES

    def outputs() -> dict[str, set[str]]:
        with _store(demo) as connection:
            found = {
                table: {os.fsdecode(o) for (o,) in connection.execute(f"SELECT DISTINCT output FROM {table}")}
                for table in _OUTPUT_TABLES
            }
        connection.close()
        return found

    for output in ("_site", "_other", "_gone"):
        _build(demo, output)
    kept = {os.fspath((demo.parent / name).resolve()) for name in ("_site", "_other")}
    gone = os.fspath((demo.parent / "_gone").resolve())
    assert all(found == kept | {gone} for found in outputs().values())
    shutil.rmtree(demo.parent / "_gone")
    _edit(demo / "articles" / ARTICLE, "value=91", "value=97")
    _build(demo, "_site")
    assert all(found == kept for found in outputs().values())
