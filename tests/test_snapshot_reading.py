"""Reading the kept aggregation back does only what the change needs: the rows of articles whose text is
the one kept are taken from their analyses, not decoded, and the groups of facts that may disagree are made
only for the subjects a change reaches. The site stays that of a cold build."""

from __future__ import annotations

import json
from pathlib import Path

from generator.build import build
from generator.cache.files import cache_folder
from generator.cache.state import BuildSession
from generator.cache.store import Store
from tests.test_aggregate_delta import ARTICLE
from tests.test_snapshot import STEPS, _build, _files, _options, _rebuild_and_compare, _resumed, _root
from tests.test_snapshot import demo as _demo_fixture
from tests.test_snapshot import logs as _logs_fixture

demo, logs = _demo_fixture, _logs_fixture  # the demo content copied, and the build's debug log

CHANGED = ARTICLE.removesuffix(".md")  # the article the "figure" step changes
REACHED = "alibaba-cloud"  # the subject of the facts it changes


def test_the_mentions_of_an_unchanged_article_are_its_analysis_not_its_row(demo: Path, logs):
    """A row whole by its checksum that names a mention the article does not make (as a bug could write
    it) does not reach the sheet the change makes again: the row is not read past its token."""
    _build(demo, "kept")
    store, root = Store(cache_folder(demo)), _root(demo)
    key, _, rows, _ = store.aggregation(root)
    name, payload = next(
        (n, p)
        for n, p in sorted(rows.items())
        if n.startswith("a:") and n != "a:" + CHANGED and REACHED.encode() not in p
    )
    path, content_hash, rest = payload.split(b"\x00", 2)
    fact_ids, mentioned = json.loads(rest)
    wrong = json.dumps([fact_ids, sorted([*mentioned, REACHED])], separators=(",", ":")).encode()
    rows[name] = b"\x00".join([path, content_hash, wrong])
    assert store.put_aggregation(root, key, "planted", dict(rows), None) == len(rows)
    store.close()
    STEPS["figure"](demo)  # makes the sheet of REACHED again, with the articles that mention it
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs)


def test_a_resumed_aggregation_groups_the_facts_of_the_subjects_a_change_reaches_only(demo: Path, logs):
    _build(demo, "kept")
    STEPS["figure"](demo)
    session = BuildSession()  # a preview server: its aggregator resumes from the store, and is kept
    options = _options(demo, "kept")
    build(options, session)
    assert _resumed(logs)
    waiting = session.aggregator._unindexed
    assert REACHED not in waiting
    assert "softbank" in waiting  # a subject of facts the change did not reach
    STEPS["object-moved"](demo)  # reaches the facts of softbank: grouped now
    build(options, session)
    assert "softbank" not in session.aggregator._unindexed
    _build(demo, "cold", cache=False)
    assert _files(demo.parent / "kept") == _files(demo.parent / "cold")
