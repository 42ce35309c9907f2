"""Kept aggregation rows whole by their checksums but not what the present analyses give (as a bug could write
them): a fact whose figure, date or kind is not its reports', a disagreement filed under another group. The
build does not resume from them, and its site is that of a cold build."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cache.files import cache_folder
from generator.cache.store import Store
from tests.test_aggregate_delta import ARTICLE, DEMO
from tests.test_snapshot import STEPS, _rebuild_and_compare, _resumed, _root
from tests.test_snapshot import _build as build_kept

# What a whole build keeps between builds: an edit to an article's words goes the whole way here too.
pytestmark = pytest.mark.usefixtures("whole_builds")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG, logger="generator")
    return caplog


CHANGED = ARTICLE.removesuffix(".md")  # the article the rebuild changes: its facts are merged again anyway


def _figure(facts: list, conflicts: list) -> bool:
    fact = next((f for f in facts if f[4] is not None), None)
    if fact is not None:
        fact[4][4] = fact[4][4] + 1  # the value
    return fact is not None


def _date(facts: list, conflicts: list) -> bool:
    facts[0][5][0] = "1999-01-01"
    return True


def _kind(facts: list, conflicts: list) -> bool:
    facts[0][1] = facts[0][1] + "x"
    return True


def _conflict_key(facts: list, conflicts: list) -> bool:
    if conflicts:
        conflicts[0][0] = conflicts[0][0] + "x"
    return bool(conflicts)


def _rewrite(demo: Path, change: Callable[[list, list], bool]) -> None:
    """Apply `change` to the first fact row it applies to, then keep every row anew with valid checksums."""
    store, root = Store(cache_folder(demo)), _root(demo)
    key, _, rows, _ = store.aggregation(root)
    for name in sorted(rows):
        if name.startswith("f:"):
            facts, conflicts = json.loads(rows[name])
            untouched = [f for f in facts if all(slug != CHANGED for slug, _ in f[9])]
            if untouched and change(untouched, conflicts):
                rows[name] = json.dumps([facts, conflicts], separators=(",", ":")).encode()
                break
    else:
        raise AssertionError("no row to change")
    assert store.put_aggregation(root, key, "changed", dict(rows), None) == len(rows)
    store.close()


@pytest.mark.parametrize("change", [_figure, _date, _kind, _conflict_key])
def test_rows_whose_facts_are_not_their_reports_are_not_used(demo: Path, logs, change):
    STEPS["disagreeing-report"](demo)
    build_kept(demo, "kept")
    _rewrite(demo, change)
    STEPS["sentence"](demo)
    _rebuild_and_compare(demo, logs)
    assert not _resumed(logs) or "does not fit together" in logs.text  # not read, or read and dropped
    STEPS["figure"](demo)  # the rows were written whole again: the next build resumes
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs)
