"""Page keys after a change: only the pages whose facts or articles changed are hashed again, and every
key is the one a build without memory computes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.aggregate_delta import Aggregator
from generator.cache import pagekeys
from generator.cache.pagekeys import KeyMemo, page_keys
from generator.render.themes import theme_search_path
from tests.test_aggregate_delta import ARTICLE, CHANGES, _edit, _model
from tests.test_aggregate_delta import demo as _demo_fixture

# What a whole build keeps between builds: an edit to an article's words goes the whole way here too.
pytestmark = pytest.mark.usefixtures("whole_builds")

demo = _demo_fixture  # the demo content copied, as the aggregation's tests have it

SEARCH_PATH = theme_search_path(None)


def _keys(model, memo=None, changes=None) -> dict[str, str]:
    return page_keys(model, SEARCH_PATH, "https://example.org/", memo=memo, changes=changes, pages=[])


def _kept_session(demo: Path) -> tuple[Aggregator, KeyMemo]:
    aggregator, memo = Aggregator(), KeyMemo()
    _keys(_model(demo, aggregator), memo, aggregator.changes)
    return aggregator, memo


def _count_hashed(monkeypatch) -> list[str]:
    hashed: list[str] = []
    original = pagekeys.PageKeyer._facts_key

    def counted(self, label, *rest):
        hashed.append(label)
        return original(self, label, *rest)

    monkeypatch.setattr(pagekeys.PageKeyer, "_facts_key", counted)
    return hashed


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_keys_after_a_change_are_those_of_a_build_without_memory(demo: Path, change: str):
    aggregator, memo = _kept_session(demo)
    CHANGES[change](demo)
    kept = _keys(_model(demo, aggregator), memo, aggregator.changes)
    assert kept == _keys(_model(demo, None))


def test_pages_of_facts_the_change_does_not_touch_are_not_hashed_again(demo: Path, monkeypatch):
    aggregator, memo = _kept_session(demo)
    hashed = _count_hashed(monkeypatch)
    _edit(demo / "entities" / "intel.yml", "name: Intel\n", "name: Intel\n")  # nothing: all reused
    _keys(_model(demo, aggregator), memo, aggregator.changes)
    assert hashed == []
    CHANGES["figure"](demo)
    model = _model(demo, aggregator)
    keys = _keys(model, memo, aggregator.changes)
    pages_of_facts = [p for p in keys if not p.startswith("articles/")]
    assert 0 < len(hashed) < len(pages_of_facts)


def test_changes_left_unseen_by_the_keys_make_every_key_anew(demo: Path):
    """A build that failed after aggregating: the next changes are not of the model the memo knows."""
    aggregator, memo = _kept_session(demo)
    CHANGES["figure"](demo)
    _model(demo, aggregator)  # aggregated, never keyed
    CHANGES["sentence"](demo)
    kept = _keys(_model(demo, aggregator), memo, aggregator.changes)
    assert kept == _keys(_model(demo, None))


def test_the_links_of_unchanged_articles_are_not_read_again(demo: Path, monkeypatch):
    from generator import consistency

    aggregator = Aggregator()
    _model(demo, aggregator)
    read: list[str] = []
    original = consistency._article_links
    monkeypatch.setattr(consistency, "_article_links", lambda a: read.append(a.path) or original(a))
    CHANGES["sentence"](demo)
    _model(demo, aggregator)
    assert len(read) == 1


def test_a_session_build_runs_with_the_cycle_collector_paused(tmp_path: Path, monkeypatch):
    """A full collection would walk the whole model the session keeps, once per rebuild."""
    import gc

    from generator import build as build_module
    from generator.build import BuildOptions, build
    from generator.cache.state import BuildSession

    seen: list[bool] = []
    monkeypatch.setattr(build_module, "_build", lambda *args: seen.append(gc.isenabled()))
    options = BuildOptions(content=tmp_path, output=tmp_path / "_site")
    build(options, BuildSession())
    build(options)
    assert seen == [False, True]
    assert gc.isenabled()


# --- a new process: the fact digests the store kept from the last build ------------------------------------


def _keys_of_a_new_process(model, stored) -> dict[str, str]:
    """The keys as a command-line build makes them: no objects kept, the store's fact digests instead."""
    memo = KeyMemo()
    memo.stored = stored
    return _keys(model, memo)


def _stored_after_a_build(demo: Path):
    from generator.cache.factdigests import FactDigests, FactKeys

    stored = FactKeys(FactDigests())
    _keys_of_a_new_process(_model(demo, None), stored)
    assert stored.made is not None
    return FactKeys(stored.made)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_keys_from_stored_fact_digests_are_those_of_a_build_without_them(demo: Path, change: str):
    stored = _stored_after_a_build(demo)
    CHANGES[change](demo)
    model = _model(demo, None)
    assert _keys_of_a_new_process(model, stored) == _keys(model)
    assert stored.made is not None and stored.made.facts == _stored_after_a_build(demo).kept.facts


def test_after_one_article_changed_only_the_facts_it_can_reach_are_hashed_again(demo: Path, monkeypatch):
    stored = _stored_after_a_build(demo)
    CHANGES["figure"](demo)
    model = _model(demo, None)
    hashed: list[str] = []
    original = pagekeys.digest_of

    def counted(*parts):
        hashed.append(parts[0])
        return original(*parts)

    monkeypatch.setattr(pagekeys, "digest_of", counted)
    _keys_of_a_new_process(model, stored)
    facts_hashed = [p for p in hashed if p.startswith("SiteFact(")]
    assert 0 < len(facts_hashed) < len(model.facts) / 2
    assert len(stored.reused) + len(facts_hashed) == len(model.facts)


def test_a_fact_the_kept_digests_lack_that_no_change_reaches_is_hashed_and_kept(demo: Path):
    stored = _stored_after_a_build(demo)
    model = _model(demo, None)
    lacking = sorted(model.facts)[len(model.facts) // 2]
    del stored.kept.facts[lacking]  # as if the rows had never had it: no article changed to reach it
    assert _keys_of_a_new_process(model, stored) == _keys(model)
    assert stored.made is not None and stored.made.facts == _stored_after_a_build(demo).kept.facts


def test_stored_fact_digests_of_another_site_key_are_not_used(demo: Path):
    stored = _stored_after_a_build(demo)
    model = _model(demo, None)
    keys = page_keys(model, SEARCH_PATH, "https://other.example.org/", memo=_memo_with(stored), pages=[])
    assert stored.reused == {}
    assert keys == page_keys(model, SEARCH_PATH, "https://other.example.org/", pages=[])


def _memo_with(stored) -> KeyMemo:
    memo = KeyMemo()
    memo.stored = stored
    return memo


def test_in_a_session_an_edit_outside_the_facts_hashes_no_page_of_facts(demo: Path, monkeypatch):
    """The aggregator names the article's facts and their groups as changed; the memo's digests show that
    none of them is, so no page of facts is hashed, and every key is a cold build's."""
    aggregator, memo = _kept_session(demo)
    hashed = _count_hashed(monkeypatch)
    CHANGES["appended"](demo)
    model = _model(demo, aggregator)
    assert aggregator.changes.facts  # what is narrowed
    kept = _keys(model, memo, aggregator.changes)
    assert hashed == []
    assert kept == _keys(_model(demo, None))


def test_in_a_session_a_title_edited_hashes_the_pages_citing_the_article_again(demo: Path, monkeypatch):
    aggregator, memo = _kept_session(demo)
    hashed = _count_hashed(monkeypatch)
    _edit(demo / "articles" / ARTICLE, 'title: "Alibaba Cloud to open', 'title: "Alibaba Cloud will open')
    kept = _keys(_model(demo, aggregator), memo, aggregator.changes)
    assert any(label.startswith("sheet alibaba-cloud") for label in hashed)
    assert kept == _keys(_model(demo, None))


# --- a preview server: the sheets that did not change keep their archives and keys ------------------------


def _count_sheets_keyed(monkeypatch) -> list[str]:
    keyed: list[str] = []
    original = pagekeys._sheet_keys

    def counted(keys, entity_id, archive):
        keyed.append(entity_id)
        return original(keys, entity_id, archive)

    monkeypatch.setattr(pagekeys, "_sheet_keys", counted)
    return keyed


def test_in_a_session_only_the_sheets_a_change_reaches_are_keyed_again(demo: Path, monkeypatch):
    aggregator, memo = _kept_session(demo)
    keyed = _count_sheets_keyed(monkeypatch)
    CHANGES["date-moved"](demo)
    model = _model(demo, aggregator)
    kept = _keys(model, memo, aggregator.changes)
    assert "alibaba-cloud" in keyed
    assert 0 < len(keyed) < len(model.sheets)
    assert kept == _keys(_model(demo, None))


def test_a_sheet_keyed_under_another_site_key_is_keyed_again(demo: Path, monkeypatch):
    aggregator, memo = _kept_session(demo)
    keyed = _count_sheets_keyed(monkeypatch)
    CHANGES["appended"](demo)
    model = _model(demo, aggregator)
    other = page_keys(model, SEARCH_PATH, "https://example.com/", memo=memo, changes=aggregator.changes)
    assert sorted(keyed) == sorted(model.sheets)
    assert other == page_keys(_model(demo, None), SEARCH_PATH, "https://example.com/")


def _session_site(tmp_path: Path):
    import shutil

    from generator.build import BuildOptions, build
    from generator.cache.state import BuildSession

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", content)
    options = BuildOptions(content=content, output=tmp_path / "site", jobs=1, search=False)
    session = BuildSession()
    build(options, session)
    return content, options, session


def test_a_session_rebuild_plans_only_the_archives_of_changed_sheets(tmp_path: Path, monkeypatch):
    """The preview's render stage takes the archives of the sheets the memo kept; the site is the one a
    build without a session makes."""
    from generator.build import BuildOptions, build
    from generator.render import pages

    content, options, session = _session_site(tmp_path)
    planned: list[str] = []
    original = pages.sheet_archive
    monkeypatch.setattr(
        pages, "sheet_archive", lambda sheet, facts: planned.append(sheet.entity.id) or original(sheet, facts)
    )
    CHANGES["date-moved"](content)
    build(options, session)
    assert "alibaba-cloud" in planned
    assert 0 < len(planned) < len(session.aggregator.model.sheets)  # the same plans serve both languages
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


@pytest.mark.parametrize("change", ["sentence", "appended"])
def test_a_session_rebuild_keeps_the_archives_of_sheets_whose_facts_kept_their_dates(
    tmp_path: Path, monkeypatch, change: str
):
    """A sheet made again because its facts' quoted sentences (or their places in the text) changed lists
    the same facts on the same pages."""
    from generator.build import BuildOptions, build
    from generator.render import pages

    content, options, session = _session_site(tmp_path)
    planned: list[str] = []
    original = pages.sheet_archive
    monkeypatch.setattr(
        pages, "sheet_archive", lambda sheet, facts: planned.append(sheet.entity.id) or original(sheet, facts)
    )
    CHANGES[change](content)
    build(options, session)
    assert "alibaba-cloud" in session.aggregator.changes.sheets
    assert planned == []
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(("change", "planned_again"), [("appended", False), ("date-moved", True)])
def test_a_session_rebuild_plans_the_timeline_again_only_when_a_date_moved(
    tmp_path: Path, monkeypatch, change: str, planned_again: bool
):
    from generator.build import BuildOptions, build
    from generator.render import pages

    content, options, session = _session_site(tmp_path)
    planned: list[int] = []
    original = pages.timeline_archive
    monkeypatch.setattr(pages, "timeline_archive", lambda model: planned.append(1) or original(model))
    CHANGES[change](content)
    build(options, session)
    assert bool(planned) is planned_again
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def _published_moved(content: Path) -> None:
    path = content / "articles" / ARTICLE
    path.write_text(
        path.read_text(encoding="utf-8").replace("published: 2025-09-24", "published: 2024-03-02")
    )


@pytest.mark.parametrize(
    ("change", "planned_again"),
    [(CHANGES["appended"], False), (CHANGES["figure"], False), (_published_moved, True)],
)
def test_a_session_rebuild_plans_the_sources_again_only_when_an_article_moved(
    tmp_path: Path, monkeypatch, change, planned_again: bool
):
    from generator.build import BuildOptions, build
    from generator.render import pages

    content, options, session = _session_site(tmp_path)
    planned: list[int] = []
    original = pages.sources_archive
    monkeypatch.setattr(pages, "sources_archive", lambda model: planned.append(1) or original(model))
    change(content)
    build(options, session)
    assert bool(planned) is planned_again
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_in_a_session_the_exports_key_looks_up_no_fact_when_none_changed(demo: Path, monkeypatch):
    aggregator, memo = _kept_session(demo)
    looked_up: list[str] = []
    original = pagekeys.PageKeyer._fact
    monkeypatch.setattr(pagekeys.PageKeyer, "_fact", lambda self, i: looked_up.append(i) or original(self, i))
    CHANGES["appended"](demo)
    model = _model(demo, aggregator)
    kept = _keys(model, memo, aggregator.changes)
    assert len(looked_up) < len(model.facts)
    assert kept == _keys(_model(demo, None))


def test_in_a_session_a_sentence_edited_puts_its_facts_digests_in_place_for_the_exports_key(
    demo: Path, monkeypatch
):
    """A save that changes a few facts (their sentence, not their place) puts their digests in the places of
    the ones the memo joined for the whole model's key, instead of looking up every fact's again; the keys
    are those of a build without memory."""
    aggregator, memo = _kept_session(demo)
    replaced: list[tuple[dict[str, str], list[str] | None]] = []
    real = pagekeys._replaced

    def spied(values, order, changed):
        replaced.append((changed, real(values, order, changed)))
        return replaced[-1][1]

    monkeypatch.setattr(pagekeys, "_replaced", spied)
    CHANGES["sentence"](demo)
    model = _model(demo, aggregator)
    kept = _keys(model, memo, aggregator.changes)
    [(changed, digests)] = replaced
    assert 0 < len(changed) < len(model.facts) and digests is not None
    assert kept == _keys(_model(demo, None))


def test_in_a_session_the_whole_model_key_looks_up_no_article_when_none_changed(demo: Path, monkeypatch):
    aggregator, memo = _kept_session(demo)
    looked_up: list[str] = []
    exporting: list[bool] = []
    article, whole_model = pagekeys.PageKeyer._article, pagekeys.PageKeyer.whole_model

    def counted(self, slug):
        if exporting:
            looked_up.append(slug)
        return article(self, slug)

    def watched(self, pages):
        exporting.append(True)
        try:
            return whole_model(self, pages)
        finally:
            exporting.clear()

    monkeypatch.setattr(pagekeys.PageKeyer, "_article", counted)
    monkeypatch.setattr(pagekeys.PageKeyer, "whole_model", watched)
    CHANGES["sentence"](demo)  # the text, not the metadata
    kept = _keys(_model(demo, aggregator), memo, aggregator.changes)
    assert looked_up == []
    assert kept == _keys(_model(demo, None))


def test_in_a_session_only_the_changed_article_page_is_keyed_again(demo: Path, monkeypatch):
    aggregator, memo = _kept_session(demo)
    keyed: list[str] = []
    original = pagekeys.digest_of
    monkeypatch.setattr(
        pagekeys,
        "digest_of",
        lambda *parts: (parts[1:2] == ("article",) and keyed.append(parts[2])) or original(*parts),
    )
    CHANGES["appended"](demo)
    kept = _keys(_model(demo, aggregator), memo, aggregator.changes)
    assert keyed == [ARTICLE.removesuffix(".md")]
    assert kept == _keys(_model(demo, None))


@pytest.mark.parametrize("change", ["appended", "figure", "date-moved"])
def test_a_command_line_rebuild_keys_again_only_the_sheets_the_aggregation_made_again(
    tmp_path: Path, monkeypatch, change: str
):
    """No session: the page entries come from the store, and a sheet the aggregation did not make again,
    none of whose facts changed, keeps them without hashing anything."""
    import shutil

    from generator.build import BuildOptions, build

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", content)
    options = BuildOptions(content=content, output=tmp_path / "site", jobs=1, search=False)
    build(options)
    keyed: list[str] = []
    original = pagekeys.PageKeyer.sheet

    def sheet(self, entity_id, path=""):
        if self.memo.stored is not None:  # the default language's keys, made with the store's entries
            keyed.append(entity_id)
        return original(self, entity_id, path)

    monkeypatch.setattr(pagekeys.PageKeyer, "sheet", sheet)
    CHANGES[change](content)
    build(options)
    assert 0 < len(keyed) < len(list((content / "entities").glob("*.yml"))) / 2
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_a_sessions_memo_forgets_what_left_the_model_once_it_holds_a_twentieth_more(demo: Path):
    aggregator, memo = _kept_session(demo)
    model = _model(demo, aggregator)
    few = {f"gone-{n}": (object(), "digest") for n in range(len(model.facts) // 20)}
    memo.facts.update(few)
    _keys(model, memo, aggregator.changes)
    assert few.keys() <= memo.facts.keys()  # within the slack: kept, never used for another object
    memo.facts["one-more-gone"] = (object(), "digest")
    _keys(model, memo, aggregator.changes)
    assert memo.facts.keys() <= model.facts.keys()


def test_a_sessions_rebuild_takes_the_page_keys_it_kept_while_the_site_is_the_one_it_wrote(
    tmp_path: Path, monkeypatch
):
    from generator.build import BuildOptions, build
    from generator.cache.store import Store

    content, options, session = _session_site(tmp_path)
    read: list[bytes] = []
    original = Store.page_keys
    monkeypatch.setattr(Store, "page_keys", lambda self, *a: read.append(a[0]) or original(self, *a))
    CHANGES["appended"](content)
    build(options, session)
    assert read == []
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")
    CHANGES["figure"](content)
    build(options)  # another build writes the site (no session): the session reads the keys it kept
    CHANGES["sentence"](content)
    build(options, session)
    assert len(read) == 2
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_a_sessions_rebuilds_after_each_kind_of_change_give_the_bytes_of_cold_builds(tmp_path: Path):
    """What a session keeps of its plans (archives, keys, digests) after every kind of change, one after
    another."""
    from generator.build import BuildOptions, build

    content, options, session = _session_site(tmp_path)
    for change in ("sentence", "date-moved", "appended", "figure", "added-report", "removed", "entity"):
        CHANGES[change](content)
        build(options, session)
        build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
        assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh"), change


def test_a_sheets_digest_hashes_every_field_of_a_sheet_and_of_its_relations(demo: Path):
    from dataclasses import fields, replace

    from generator.model import EntitySheet, Relation

    assert tuple(f.name for f in fields(EntitySheet)) == pagekeys.SHEET_FIELDS
    assert tuple(f.name for f in fields(Relation)) == ("kind", "subject", "object", "fact_ids")
    model = _model(demo, None)
    sheet = next(s for s in model.sheets.values() if s.relations and s.key_figures)
    relation = sheet.relations[0]
    changed = [
        replace(sheet, entity=replace(sheet.entity, name="Another")),
        replace(sheet, facts=sheet.facts[:-1]),
        replace(sheet, key_figures=[]),
        replace(sheet, relations=[replace(relation, kind="other"), *sheet.relations[1:]]),
        replace(sheet, relations=[replace(relation, fact_ids=relation.fact_ids[:-1]), *sheet.relations[1:]]),
        replace(sheet, articles=sheet.articles[1:]),
    ]
    digests = {pagekeys.sheet_digest(s) for s in [sheet, *changed]}
    assert len(digests) == len(changed) + 1


def test_a_session_rebuild_takes_the_shapes_of_the_timelines_pages_it_kept(tmp_path: Path, monkeypatch):
    """The timeline's pages list every fact: their shapes are hashed again only when their archive was
    planned again (a sentence added here, no date moved)."""
    from generator.build import BuildOptions, build
    from generator.cache import pagekeys

    content, options, session = _session_site(tmp_path)
    _edit(content / "site.yml", "languages: [en, it]", "languages: [en]")  # the others' keys are made afresh
    build(options, session)
    hashed: list[str] = []
    original = pagekeys.digest_of
    monkeypatch.setattr(pagekeys, "digest_of", lambda *parts: hashed.append(parts[0]) or original(*parts))
    CHANGES["appended"](content)
    build(options, session)
    assert [label for label in hashed if str(label).startswith("timeline ")] == []
    CHANGES["date-moved"](content)
    build(options, session)
    assert [label for label in hashed if str(label).startswith("timeline ")]
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_a_session_rebuild_takes_the_outlines_of_the_archives_it_kept(tmp_path: Path, monkeypatch):
    """A sheet whose facts the aggregation merged again, but whose archive still holds, keys its pages with
    the outlines of its periods made before (a big sheet's hundreds of month pages each made theirs again,
    looking at every page of the archive, on every save); a moved date plans the archive, and its outlines,
    again. The site is the one a build without memory makes."""
    from generator.build import BuildOptions, build

    made: list[object] = []
    outlines = pagekeys.ArchiveOutlines.of.__func__
    monkeypatch.setattr(
        pagekeys.ArchiveOutlines,
        "of",
        classmethod(lambda cls, archive, entity: made.append(entity) or outlines(cls, archive, entity)),
    )
    content, options, session = _session_site(tmp_path)
    _edit(content / "site.yml", "languages: [en, it]", "languages: [en]")  # one memo: one language's
    build(options, session)
    assert any(entity != repr(None) for entity in made)  # sheets with pages by year: the test has a subject
    made.clear()
    CHANGES["appended"](content)  # the article's facts merged again, no date moved
    build(options, session)
    assert made == []
    CHANGES["date-moved"](content)
    build(options, session)
    assert made
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_an_archive_s_kept_outlines_follow_its_entity_s_text_not_its_equality(demo: Path):
    """Two equal entities may list their infobox in another order, which a page may show: an archive's
    outlines kept by a preview are taken up for the same entity text only, so the keys are those of a build
    without memory."""
    from dataclasses import replace

    from generator.render.archive import sheet_archive

    model = _model(demo, None)
    entity_id, sheet = next(
        (i, s) for i, s in sorted(model.sheets.items()) if len(s.entity.infobox) > 1 and len(s.facts) > 1
    )
    archives = {i: sheet_archive(s, model.facts) for i, s in model.sheets.items()}

    def keys(model, memo):
        planned = archives.__getitem__
        return page_keys(model, SEARCH_PATH, "https://x.org/", memo=memo, pages=[], sheet_archives=planned)

    memo = KeyMemo()
    before = keys(model, memo)
    reordered = replace(sheet.entity, infobox=dict(reversed(sheet.entity.infobox.items())))
    assert reordered == sheet.entity and repr(reordered) != repr(sheet.entity)
    model.sheets[entity_id] = replace(sheet, entity=reordered)
    model.entities[entity_id] = reordered
    after = keys(model, memo)
    assert after == keys(model, KeyMemo())
    assert after != before  # the sheet's pages (and its archive's) are keyed by the entity's text
