"""Aggregation kept between builds: after every kind of change the model equals a cold aggregation's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.aggregate_delta import Aggregator
from generator.build import BuildOptions, build, model_and_problems
from generator.cache.state import BuildSession
from generator.model import SiteModel

DEMO = Path(__file__).resolve().parent.parent / "content"
ARTICLE = "alibaba-cloud-new-data-centres.md"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "content")
    return tmp_path / "content"


def _assert_same(model: SiteModel, cold: SiteModel) -> None:
    """Equal, and in the same order wherever order reaches the site."""
    assert list(model.facts) == list(cold.facts)
    assert model.timeline == cold.timeline
    assert model.conflicts == cold.conflicts
    assert list(model.articles) == list(cold.articles) and list(model.sheets) == list(cold.sheets)
    for fact_id, fact in cold.facts.items():
        assert model.facts[fact_id] == fact, fact_id
    for entity_id, sheet in cold.sheets.items():
        assert model.sheets[entity_id] == sheet, entity_id
    assert model == cold


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _copy_as(demo: Path, name: str, published: str) -> None:
    """A second report of the same article's facts, published another day."""
    text = (demo / "articles" / ARTICLE).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s*published: )\S+", rf"\g<1>{published}", text, count=1)
    (demo / "articles" / name).write_text(text, encoding="utf-8")


CHANGES = {
    "figure": lambda d: _edit(d / "articles" / ARTICLE, "value=91", "value=97"),
    "sentence": lambda d: _edit(d / "articles" / ARTICLE, "More will follow.", "More will follow soon."),
    "appended": lambda d: (d / "articles" / ARTICLE).write_text(
        (d / "articles" / ARTICLE).read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8"
    ),
    "added-report": lambda d: _copy_as(d, "second-report.md", "2025-09-30"),
    "removed": lambda d: (d / "articles" / "nvidia-investe-in-intel.md").unlink(),
    "disagreeing-report": lambda d: (
        _copy_as(d, "disagreeing.md", "2025-09-25"),
        _edit(d / "articles" / "disagreeing.md", "value=29", "value=31"),
    ),
    "fact-removed": lambda d: _edit(
        d / "articles" / ARTICLE,
        "{fact=metric subject=alibaba-cloud\ndate=2025-09-24 value=29 unit=regions}",
        "{@alibaba-cloud}",
    ),
    "entity": lambda d: _edit(d / "entities" / "intel.yml", "name: Intel\n", "name: Intel Corp\n"),
    # an alias one article holds: that article's analysis finds another mention (and its facts may change)
    "alias": lambda d: _edit(
        d / "entities" / "hangzhou.yml", "kind: place\n", "kind: place\naliases:\n  all: [Wall Street]\n"
    ),
    # an article's date moved: its place in the sheets' lists of articles moves
    "published-moved": lambda d: _edit(
        d / "articles" / ARTICLE, "published: 2025-09-24", "published: 2025-09-10"
    ),
    # an entity no longer mentioned by an article that reports none of its facts
    "mention-removed": lambda d: _edit(d / "articles" / ARTICLE, "[Eddie Wu]{@eddie-wu}", "Eddie Wu"),
    # a figure moved to another series (its unit): one series goes, one comes
    "series-moved": lambda d: _edit(
        d / "articles" / ARTICLE, 'unit="availability zones"}', 'unit="data centres"}'
    ),
    # a relation's only fact removed: the relation goes
    "relation-removed": lambda d: _edit(
        d / "articles" / "nvidia-investe-in-intel.md",
        "{fact=partnership subject=intel object=nvidia\ndate=2025-09-18}",
        "{@intel}",
    ),
    # a fact moved to another year: the pages of its sheets' facts by year are planned again
    "date-moved": lambda d: _edit(
        d / "articles" / ARTICLE,
        "subject=alibaba-cloud date=2025-09-24 status",
        "subject=alibaba-cloud date=2024-11 status",
    ),
}


def _model(demo: Path, aggregator: Aggregator | None) -> SiteModel:
    model, problems = model_and_problems(demo, cache=aggregator is not None, aggregator=aggregator)
    assert model is not None, [str(p) for p in problems if p.severity == "error"]
    return model


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_aggregated_again_gives_the_cold_model(demo: Path, change: str):
    aggregator = Aggregator()
    _model(demo, aggregator)
    CHANGES[change](demo)
    model = _model(demo, aggregator)
    _assert_same(model, _model(demo, None))
    if change != "entity":
        assert aggregator.merged_again < len(model.facts)  # only what the change touches


def test_a_series_whose_latest_figure_becomes_older_gets_its_latest_from_the_facts_before(demo: Path):
    """The latest figure of a series touched and made older than the one before it: the sheet looks its
    series up again, as a cold sheet finds it."""
    _copy_as(demo, "later.md", "2025-09-30")
    _edit(demo / "articles" / "later.md", "date=2025-09-24 value=29", "date=2025-09-30 value=30")
    aggregator = Aggregator()
    before = _model(demo, aggregator)
    _edit(demo / "articles" / "later.md", "date=2025-09-30 value=30", "date=2025-08-01 value=30")
    model = _model(demo, aggregator)
    _assert_same(model, _model(demo, None))
    assert model.sheets["alibaba-cloud"].key_figures != before.sheets["alibaba-cloud"].key_figures


def test_an_update_remakes_a_sheet_from_the_one_before(demo: Path, monkeypatch):
    """A sheet a change reaches is not made from all its facts again: the parts the change does not reach
    are the sheet's before (the same objects), the others made from the touched facts only."""
    import generator.aggregate_delta as delta

    aggregator = Aggregator()
    before = _model(demo, aggregator)

    def whole_sheet(*args, **kwargs):
        raise AssertionError("a whole sheet made again")

    monkeypatch.setattr(delta, "_sheet", whole_sheet)
    CHANGES["figure"](demo)
    model = _model(demo, aggregator)
    monkeypatch.undo()
    _assert_same(model, _model(demo, None))
    sheet, old = model.sheets["alibaba-cloud"], before.sheets["alibaba-cloud"]
    assert sheet is not old and sheet.relations is old.relations and sheet.articles is old.articles


def test_a_save_that_moves_no_fact_keeps_the_timeline_list(demo: Path):
    """The timeline is the same list (98,671 ids at 10,000 articles) until a change moves a fact in it."""
    aggregator = Aggregator()
    first = _model(demo, aggregator)
    CHANGES["sentence"](demo)
    second = _model(demo, aggregator)
    assert second.timeline is first.timeline
    CHANGES["date-moved"](demo)
    third = _model(demo, aggregator)
    assert third.timeline is not first.timeline and first.timeline == second.timeline != third.timeline
    _assert_same(third, _model(demo, None))


def test_a_save_that_changes_no_conflict_keeps_the_list_of_conflicts(demo: Path):
    """The model's conflicts are listed again only when a group's conflicts changed."""
    aggregator = Aggregator()
    _model(demo, aggregator)
    CHANGES["disagreeing-report"](demo)
    second = _model(demo, aggregator)
    CHANGES["sentence"](demo)  # the article's facts merged again: their groups' conflicts are the same
    third = _model(demo, aggregator)
    _edit(demo / "articles" / "disagreeing.md", "value=31", "value=33")
    fourth = _model(demo, aggregator)
    assert (
        second.conflicts and third.conflicts is second.conflicts and fourth.conflicts is not third.conflicts
    )
    _assert_same(fourth, _model(demo, None))


def test_changes_one_after_another_keep_the_model_equal_to_a_cold_one(demo: Path):
    aggregator = Aggregator()
    _model(demo, aggregator)
    changes = ("added-report", "disagreeing-report", "figure", "series-moved", "published-moved")
    changes += ("mention-removed", "relation-removed", "date-moved", "fact-removed", "removed", "sentence")
    for change in changes:
        CHANGES[change](demo)
        _assert_same(_model(demo, aggregator), _model(demo, None))
    (demo / "articles" / "disagreeing.md").unlink()  # the disagreement goes away again
    _assert_same(_model(demo, aggregator), _model(demo, None))


def test_the_previous_model_is_left_as_it_was(demo: Path):
    """A preview server may still serve from the last model while the next one is made."""
    aggregator = Aggregator()
    first = _model(demo, aggregator)
    before = repr(first)
    CHANGES["disagreeing-report"](demo)
    _model(demo, aggregator)
    assert repr(first) == before


# --- whole builds: a preview server's session against a cold --no-cache build, byte for byte ------------


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _options(demo: Path, output: Path, cache: bool) -> BuildOptions:
    return BuildOptions(
        content=demo, output=output, templates=None, cache=cache, search=False, source_date_epoch="1700000000"
    )


def test_builds_kept_in_a_session_give_the_bytes_of_cold_builds(demo: Path):
    session = BuildSession()
    kept, cold = demo.parent / "kept", demo.parent / "cold"
    build(_options(demo, kept, True), session)
    steps = ("appended", "figure", "added-report", "disagreeing-report", "removed", "fact-removed", "entity")
    for step in steps:
        CHANGES[step](demo)
        report = build(_options(demo, kept, True), session)
        build(_options(demo, cold, False))
        assert _files(kept) == _files(cold), step
        if step != "entity":
            assert session.aggregator.merged_again < report.facts  # the session did aggregate less


def test_the_warnings_of_a_change_aggregated_again_are_those_of_a_cold_build(demo: Path):
    aggregator = Aggregator()
    model_and_problems(demo, aggregator=aggregator)
    for change in ("disagreeing-report", "figure", "removed"):
        CHANGES[change](demo)
        kept = model_and_problems(demo, aggregator=aggregator)[1]
        cold = model_and_problems(demo, cache=False)[1]
        assert kept == cold and any(p.code == "conflict" for p in cold), change


def test_the_warnings_of_a_save_that_changes_no_conflict_are_made_from_the_touched_facts_only(demo: Path):
    """The same list of conflicts as the last warnings were made for: only the touched facts' conflicts are
    looked at (the table of every conflict's warnings is not made again), and the warnings are a cold
    build's."""
    aggregator = Aggregator()
    model_and_problems(demo, aggregator=aggregator)
    CHANGES["disagreeing-report"](demo)
    model_and_problems(demo, aggregator=aggregator)
    table = aggregator._warnings
    CHANGES["sentence"](demo)  # the disagreeing facts merged again, their conflicts found again as they were
    kept = model_and_problems(demo, aggregator=aggregator)[1]
    assert aggregator._warnings is table
    cold = model_and_problems(demo, cache=False)[1]
    assert kept == cold and any(p.code == "conflict" for p in cold)


# --- what an update recomputes ---------------------------------------------------------------------------


def test_an_update_recomputes_the_conflicts_of_the_touched_groups_only(demo: Path, monkeypatch):
    aggregator = Aggregator()
    cold = _model(demo, aggregator)
    groups = {(True, k) for k in aggregator._events} | {(False, k) for k in aggregator._figures}
    recomputed: list[tuple] = []
    original = Aggregator._group_conflicts

    def counted(key: tuple, members: set[str], facts: dict, events: bool):
        recomputed.append(key)
        return original(key, members, facts, events)

    monkeypatch.setattr(Aggregator, "_group_conflicts", staticmethod(counted))
    CHANGES["disagreeing-report"](demo)
    model = _model(demo, aggregator)
    assert model.conflicts != cold.conflicts  # the new report disagrees
    assert 0 < len(recomputed) < len(groups) // 4


def test_an_update_lists_the_conflicts_of_the_groups_that_have_some_only(demo: Path):
    """Most groups have no conflict: listing the model's conflicts does not sort every group again."""
    aggregator = Aggregator()
    _model(demo, aggregator)
    for change in ("disagreeing-report", "figure"):
        CHANGES[change](demo)
        model = _model(demo, aggregator)
        tables = (aggregator._event_conflicts, aggregator._figure_conflicts)
        assert all(tables[0].values()) and all(tables[1].values())
        assert len(aggregator._conflicted) == len(tables[0]) + len(tables[1]) < len(aggregator._events)
        assert model.conflicts == [c for order, key in aggregator._conflicted for c in tables[order][key]]


def test_the_reports_of_the_facts_a_change_leaves_alone_are_not_copied(demo: Path):
    aggregator = Aggregator()
    first = _model(demo, aggregator)
    before = repr(first)
    CHANGES["added-report"](demo)  # a second report of one article's facts: their lists are made anew
    model = _model(demo, aggregator)
    touched = {f.id for f in model.facts.values() if any(r.article == "second-report" for r in f.sources)}
    assert touched and repr(first) == before
    alone = [i for i in model.facts if i not in touched]
    assert all(aggregator._reports[i] is model.facts[i].sources for i in alone)


def test_the_kept_timeline_is_sorted_as_its_keys_even_when_a_part_holds_the_separator():
    from generator.aggregate_delta import _sorted_timeline

    plain = [("2024", "plan", "b", "", "2"), ("2024", "plan", "a", "x", "1"), ("2023", "deal", "c", "", "3")]
    assert _sorted_timeline(list(plain)) == sorted(plain)
    # Joined, "a\x00b\x00" sorts before "a\x00z"; as tuples ("a", "z") comes first: the pass catches it.
    tricky = [("2024", "plan", "a\x00b", "", "2"), ("2024", "plan", "a", "z", "1")]
    assert sorted(tricky, key="\x00".join) != sorted(tricky)
    assert _sorted_timeline(list(tricky)) == sorted(tricky)
