"""The aggregation kept in the store: a command-line rebuild resumes from it, and its site and warnings are
those of a cold `--no-cache` build; a damaged, foreign or stale aggregation is not used."""

from __future__ import annotations

import copy
import logging
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildReport, build
from generator.cache.files import cache_folder
from generator.cache.snapshot import AggregationSnapshot
from generator.cache.store import STORE_FILE, Store
from tests.test_aggregate_delta import ARTICLE, CHANGES, DEMO, _edit

# What a whole build keeps between builds: an edit to an article's words goes the whole way here too.
pytestmark = pytest.mark.usefixtures("whole_builds")

RESUMED = "resuming from the stored aggregation"

STEPS = {
    **CHANGES,
    # The investment's object moves from Intel to Nvidia: the facts of both sheets change, not the subject's.
    "object-moved": lambda d: _edit(
        d / "articles" / "nvidia-intel-cosa-prevede-accordo.md",
        "subject=softbank object=intel",
        "subject=softbank object=nvidia",
    ),
}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "content")
    return tmp_path / "content"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _options(demo: Path, output: str, cache: bool = True) -> BuildOptions:
    return BuildOptions(
        content=demo,
        output=demo.parent / output,
        templates=None,
        cache=cache,
        search=False,
        source_date_epoch="1700000000",
    )


def _build(demo: Path, output: str, cache: bool = True) -> BuildReport:
    return build(_options(demo, output, cache))


def _rebuild_and_compare(demo: Path, caplog) -> BuildReport:
    """Build from the store and with --no-cache; the two sites and their warnings must be the same."""
    caplog.clear()
    kept = _build(demo, "kept")
    cold = _build(demo, "cold", cache=False)
    assert _files(demo.parent / "kept") == _files(demo.parent / "cold")
    assert kept.warnings == cold.warnings
    return kept


def _resumed(caplog) -> bool:
    return any(r.getMessage().startswith(RESUMED) for r in caplog.records)


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG, logger="generator")
    return caplog


@pytest.mark.parametrize(
    "step",
    ["figure", "sentence", "added-report", "removed", "disagreeing-report", "fact-removed", "object-moved"],
)
def test_a_rebuild_from_the_kept_aggregation_is_a_cold_build_byte_for_byte(demo: Path, logs, step: str):
    _build(demo, "kept")
    STEPS[step](demo)
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs)


def test_changes_one_after_another_resume_each_from_the_last(demo: Path, logs):
    _build(demo, "kept")
    for step in ("added-report", "disagreeing-report", "figure", "object-moved", "fact-removed", "removed"):
        STEPS[step](demo)
        _rebuild_and_compare(demo, logs)
        assert _resumed(logs), step
    (demo / "articles" / "disagreeing.md").unlink()  # the disagreement goes away again
    _rebuild_and_compare(demo, logs)


def test_the_warnings_of_a_resumed_build_are_those_of_a_cold_build(demo: Path, logs):
    STEPS["disagreeing-report"](demo)
    _build(demo, "kept")
    _edit(demo / "articles" / "disagreeing.md", "value=31", "value=33")
    kept = _rebuild_and_compare(demo, logs)
    assert _resumed(logs)
    assert any(p.code == "conflict" and "33" in p.message for p in kept.warnings)


def test_a_change_of_the_registry_aggregates_every_fact_again(demo: Path, logs):
    _build(demo, "kept")
    STEPS["entity"](demo)  # a name reaches every statement: the kept aggregation is of another key
    _rebuild_and_compare(demo, logs)
    assert not _resumed(logs)


def _store(demo: Path) -> sqlite3.Connection:
    return sqlite3.connect(cache_folder(demo) / STORE_FILE)


def test_a_damaged_row_is_not_used_and_is_written_anew(demo: Path, logs):
    _build(demo, "kept")
    with _store(demo) as connection:  # bytes changed in place: the checksum no longer matches
        changed = connection.execute(
            "UPDATE aggregation SET payload = replace(payload, 'alibaba', 'alibabz') WHERE name = 's:alibaba'"
        ).rowcount
    assert changed == 1
    STEPS["figure"](demo)
    _rebuild_and_compare(demo, logs)
    assert not _resumed(logs)
    STEPS["sentence"](demo)  # the rows were written whole again: the next build resumes
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs)


def test_rows_that_do_not_fit_the_analyses_are_not_used(demo: Path, logs):
    """Rows whole by their checksums but naming a report that is not there (as a bug could write)."""
    _build(demo, "kept")
    snapshot = AggregationSnapshot(Store(cache_folder(demo)), _root(demo))
    key, generation, rows, _ = snapshot.store.aggregation(snapshot.root)
    report = b'"qwen3-max-apsara-conference",0]'  # an article the change below leaves alone
    name = next(n for n, p in rows.items() if n.startswith("f:") and report in p)
    rows[name] = rows[name].replace(report, report.replace(b",0]", b",99]"))
    assert snapshot.store.put_aggregation(snapshot.root, key, "other", rows, None) == len(rows)
    snapshot.store.close()
    STEPS["sentence"](demo)
    _rebuild_and_compare(demo, logs)
    assert not _resumed(logs)


def _root(demo: Path) -> str:
    with _store(demo) as connection:
        (root,) = connection.execute("SELECT root FROM aggregation_heads").fetchone()
    return root


def test_a_foreign_key_is_not_used(demo: Path, logs):
    _build(demo, "kept")
    with _store(demo) as connection:
        connection.execute("UPDATE aggregation_heads SET key = 'another'")
    STEPS["figure"](demo)
    _rebuild_and_compare(demo, logs)
    assert not _resumed(logs)


def test_a_write_over_rows_another_build_changed_meanwhile_keeps_none(demo: Path):
    """Two builds resumed from one generation: the second to write finds another and drops the rows."""
    _build(demo, "kept")
    store, root = Store(cache_folder(demo)), _root(demo)
    key, generation, rows, _ = store.aggregation(root)
    name = sorted(rows)[0]
    assert store.put_aggregation(root, key, "first", {name: rows[name] + b" "}, generation) == 1
    assert store.put_aggregation(root, key, "second", {name: rows[name]}, generation) == 0
    assert store.aggregation(root) is None
    store.close()


def test_a_rebuild_writes_only_the_rows_the_change_touched(demo: Path, logs):
    _build(demo, "kept")
    total = len(Store(cache_folder(demo)).aggregation(_root(demo))[2])
    STEPS["sentence"](demo)  # the article's token changes, none of its facts
    _rebuild_and_compare(demo, logs)
    written = [r.args[0] for r in logs.records if r.getMessage().startswith("stored aggregation:")]
    assert written and 0 < written[0] < total / 4


def test_a_preview_server_starts_from_the_kept_aggregation(demo: Path, logs):
    from generator.cache.state import BuildSession

    _build(demo, "kept")
    STEPS["figure"](demo)
    session = BuildSession()
    options = _options(demo, "kept")
    logs.clear()
    build(options, session)
    assert _resumed(logs)
    assert session.aggregator.merged_again < len(session.aggregator.model.facts)
    STEPS["object-moved"](demo)  # the session's own update from there on
    build(options, session)
    _build(demo, "cold", cache=False)
    assert _files(demo.parent / "kept") == _files(demo.parent / "cold")


READ_AHEAD = "the stored aggregation read ahead fits this build's input"


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records]


def test_a_rebuild_reads_the_kept_aggregation_while_the_change_is_analysed(demo: Path, logs):
    _build(demo, "kept")
    STEPS["figure"](demo)
    _rebuild_and_compare(demo, logs)
    messages = _messages(logs)
    assert READ_AHEAD in messages and _resumed(logs)
    assert "the kept aggregation was indexed ahead" in messages
    ahead = next(i for i, m in enumerate(messages) if m.startswith("read the stored aggregation ahead"))
    awaited = next(i for i, m in enumerate(messages) if m.startswith("timing: the analyses of 1 articles"))
    assert ahead < awaited


def test_an_aggregation_read_ahead_over_other_reports_is_read_again(demo: Path, logs, monkeypatch):
    """Read ahead over equal reports that are not the build's objects: the model must hold the build's."""

    _build(demo, "kept")
    STEPS["figure"](demo)
    original = AggregationSnapshot.prefetch

    def over_copies(self, base, entities, articles, analysed):
        copies = [replace(a, facts=list(map(copy.copy, a.facts))) for a in analysed]
        return original(self, base, entities, articles, copies)

    monkeypatch.setattr(AggregationSnapshot, "prefetch", over_copies)
    logs.clear()
    model = _model_over_the_store(demo)
    assert any(m.startswith("read the stored aggregation ahead") for m in _messages(logs))
    assert READ_AHEAD not in _messages(logs) and _resumed(logs)
    assert "the kept aggregation was indexed ahead" not in _messages(logs)
    reports = {id(f) for a in model.analysed.values() for f in a.facts}
    assert all(id(r) in reports for fact in model.facts.values() for r in fact.sources)


def test_an_aggregation_of_other_settings_or_registry_is_not_read_ahead(demo: Path, logs):
    """An entity's name reaches every fact's statement (the aggregation's key), not the analyses: the
    articles are all stored, yet the kept rows are of another key and are not decoded."""
    _build(demo, "kept")
    _edit(demo / "entities" / "intel.yml", "name: Intel\n", "name: Intel Corp\n")
    STEPS["figure"](demo)
    _rebuild_and_compare(demo, logs)
    assert not any(m.startswith("read the stored aggregation ahead") for m in _messages(logs))
    assert not _resumed(logs)


def test_an_entity_s_description_edited_resumes_and_remakes_its_sheet_once(demo: Path, logs, monkeypatch):
    """What an entity says only of itself reaches no fact: the kept rows are read, the sheet row that holds
    what the entity said before names it edited, its sheet is made again, and the row written anew."""
    from generator.render.pages import PageRenderer

    _build(demo, "kept")
    _edit(demo / "entities" / "intel.yml", "runs its own chip factories.", "runs its own chip plants.")
    STEPS["figure"](demo)
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs)
    assert (
        "runs its own chip plants."
        in (demo.parent / "kept" / "en" / "companies" / "intel" / "index.html").read_text()
    )
    sheets: list[str] = []
    original = PageRenderer.entity_page
    monkeypatch.setattr(PageRenderer, "entity_page", lambda self, e: sheets.append(e) or original(self, e))
    _build(demo, "kept")  # nothing changed: the row holds what the entity says now
    assert sheets == []
    _edit(demo / "entities" / "intel.yml", "runs its own chip plants.", "runs its own fabs.")
    _build(demo, "kept")
    assert sorted(set(sheets)) == ["intel"]


def test_an_article_with_a_draft_fact_is_read_ahead_as_the_aggregation_sees_it(demo: Path, logs):
    """The draft left out of the analyses read ahead, as the aggregation leaves it out: the rows fit."""
    _edit(demo / "articles" / ARTICLE, "value=29 unit=regions}", "value=29 unit=regions review=draft}")
    _build(demo, "kept")
    STEPS["object-moved"](demo)  # another article than the one with the draft
    _rebuild_and_compare(demo, logs)
    assert READ_AHEAD in _messages(logs) and _resumed(logs)


def test_a_resumed_model_holds_the_sheets_slugs_and_relations_values_once(demo: Path, logs):
    """The sheets decoded from the rows name each article by its own slug, and each kind and entity of
    their relations by one object, as a cold aggregation does (a resumed build shares no values after)."""

    _build(demo, "kept")
    STEPS["figure"](demo)
    logs.clear()
    model = _model_over_the_store(demo)
    assert _resumed(logs)
    changed = ARTICLE.removesuffix(".md")
    listed = [slug for sheet in model.sheets.values() for slug in sheet.articles]
    assert len(listed) > len(model.articles)
    assert all(slug is model.articles[slug].slug for slug in listed if slug != changed)
    ends = [
        v for sheet in model.sheets.values() for r in sheet.relations for v in (r.kind, r.subject, r.object)
    ]
    assert len(ends) > len(set(ends))
    assert len({id(v) for v in ends}) == len(set(ends))


def test_a_relation_read_back_is_one_object_on_both_its_sheets(demo: Path, logs):
    """A relation is on its subject's sheet and its object's: read back, both list the same object (as
    long as both list it alike), and the site of a build resumed from them is a cold build's."""
    _build(demo, "kept")
    STEPS["sentence"](demo)
    logs.clear()
    model = _model_over_the_store(demo)
    assert _resumed(logs)
    on = {}
    for entity_id, sheet in model.sheets.items():
        for relation in sheet.relations:
            on.setdefault((relation.kind, relation.subject, relation.object), []).append(
                (entity_id, relation)
            )
    twice = [sheets for sheets in on.values() if len(sheets) == 2]
    assert twice
    for (first, relation), (second, other) in twice:
        assert {first, second} == {relation.subject, relation.object}
        assert relation is other
    STEPS["object-moved"](demo)  # the relations of the facts moved are made again, and shared again
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs)


def test_a_resumed_aggregation_makes_the_fact_and_mention_sets_of_the_articles_it_touches_only(
    demo: Path, logs
):
    """Of the articles analysed now with their kept token, the sets of fact ids and of entities mentioned
    are those of their analyses, made when an update asks: one sentence added makes those of the changed
    article and of the few whose sheets' lists the update looks at, and each is its analysis's."""
    from generator.build import model_and_problems
    from generator.cache.state import BuildState

    _build(demo, "kept")
    STEPS["sentence"](demo)
    logs.clear()
    state = BuildState.open(demo)
    aggregator = state.aggregator()
    try:
        model, _ = model_and_problems(demo, cache=state, aggregator=aggregator, links=state.links())
    finally:
        state.close()
    assert _resumed(logs) and model is not None
    kept = aggregator._kept
    made = [slug for slug, article in kept.items() if article._fact_ids is not None]
    assert ARTICLE.removesuffix(".md") in made and len(made) < len(kept) / 2
    for slug, article in kept.items():
        assert article.fact_ids == {f.id for f in model.analysed[slug].facts}
        assert article.mentioned == {m.id for m in model.analysed[slug].mentions if m.id is not None}
    rows = aggregator.kept_articles()
    assert set(rows) == set(kept) and rows[made[0]] == (kept[made[0]].token, *map(set, rows[made[0]][1:]))


def test_a_rebuild_encodes_no_sheet_the_change_left_equal(demo: Path, logs, monkeypatch):
    """The sheets a change reaches are made again as new objects; those equal to the rows read are not
    encoded to be compared (one sentence added: no sheet changes), and the site is a cold build's."""
    from generator.cache import snapshot

    _build(demo, "kept")
    encoded: list[str] = []
    sheet_row = snapshot._sheet_row
    monkeypatch.setattr(
        snapshot, "_sheet_row", lambda sheet: encoded.append(sheet.entity.id) or sheet_row(sheet)
    )
    STEPS["sentence"](demo)
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs) and encoded == []
    STEPS["figure"](
        demo
    )  # a figure changed: the sheets that list it are encoded, and kept for the next build
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs) and encoded
    STEPS["appended"](demo)
    _rebuild_and_compare(demo, logs)
    assert _resumed(logs)


def _model_over_the_store(demo: Path):
    """The model a one-shot build makes over the store of `demo` (its kept aggregation, if any)."""
    from generator.build import model_and_problems
    from generator.cache.state import BuildState

    state = BuildState.open(demo)
    try:
        model, _ = model_and_problems(demo, cache=state, aggregator=state.aggregator(), links=state.links())
    finally:
        state.close()
    return model
