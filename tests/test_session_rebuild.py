"""A preview server's later builds ask the store only about what changed (the articles' rows it looks up and
prunes, and no aggregation to resume from) and parse only the entity files that changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.aggregate_delta import Aggregator
from generator.build import BuildOptions, build
from generator.cache.files import CACHE_FOLDER
from generator.cache.store import STORE_FILE, Store
from tests.test_aggregate_delta import CHANGES
from tests.test_pagekeys_delta import _session_site, _tree


def _rows(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / CACHE_FOLDER / STORE_FILE) as connection:
        rows = sorted(key for (key,) in connection.execute("SELECT key FROM articles"))
    connection.close()
    return rows


def _fresh(tmp_path: Path, content: Path) -> dict[str, bytes]:
    build(BuildOptions(content=content, output=tmp_path / "fresh", jobs=1, cache=False, search=False))
    return _tree(tmp_path / "fresh")


def test_a_later_build_neither_lists_nor_prunes_every_stored_article(tmp_path: Path, monkeypatch):
    content, options, session = _session_site(tmp_path)
    before = _rows(tmp_path)
    whole: list[str] = []
    listed, pruned = Store.article_keys, Store.prune_articles
    monkeypatch.setattr(
        Store, "article_keys", lambda self, root: whole.append("listed") or listed(self, root)
    )
    monkeypatch.setattr(
        Store, "prune_articles", lambda self, root, used: whole.append("pruned") or pruned(self, root, used)
    )
    CHANGES["removed"](content)
    CHANGES["appended"](content)
    build(options, session)
    after = _rows(tmp_path)
    assert whole == []
    assert len(after) == len(before) - 1 and len(set(after) - set(before)) == 1  # one gone, one replaced
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)


def test_a_later_build_finds_an_analysis_another_build_stored_meanwhile(tmp_path: Path, monkeypatch):
    from generator.analyse import stage

    content, options, session = _session_site(tmp_path)
    CHANGES["appended"](content)
    build(BuildOptions(content=content, output=tmp_path / "other", jobs=1, search=False))  # stores it
    analysed: list[int] = []
    tasks = stage._tasks
    monkeypatch.setattr(stage, "_tasks", lambda *a: analysed.append(len(found := tasks(*a))) or found)
    build(options, session)
    assert sum(analysed) == 0  # read back from the store, which the session asked about that one key
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)


def test_a_later_build_does_not_read_the_stored_aggregation_ahead(tmp_path: Path, monkeypatch):
    content, options, session = _session_site(tmp_path)
    prepared: list[bool] = []
    original = Aggregator.prepare
    monkeypatch.setattr(
        Aggregator, "prepare", lambda self, *a, **k: prepared.append(True) or original(self, *a, **k)
    )
    CHANGES["figure"](content)
    build(options, session)
    assert prepared == []
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)


def test_entity_files_as_they_were_are_not_parsed_again(tmp_path: Path, monkeypatch):
    import shutil

    from generator.read import entities as entities_module

    folder = tmp_path / "entities"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content" / "entities", folder)
    first = entities_module.load_entities(folder)
    parsed: list[str] = []
    original = entities_module.load_yaml
    monkeypatch.setattr(
        entities_module, "load_yaml", lambda text, shown: parsed.append(shown) or original(text, shown)
    )
    assert entities_module.load_entities(folder) == first and parsed == []
    intel = folder / "intel.yml"
    intel.write_text(intel.read_text(encoding="utf-8").replace("name: Intel\n", "name: Intel Corp\n"))
    entities, _ = entities_module.load_entities(folder)
    assert parsed == ["entities/intel.yml"]
    assert next(e.name for e in entities if e.id == "intel") == "Intel Corp"
    (folder / "acme.yml").write_text("name: Acme\nkind: company\n")  # the ids a file may name changed
    assert len(entities_module.load_entities(folder)[0]) == len(entities) + 1
    assert len(parsed) == 1 + len(entities) + 1


def test_the_warnings_of_conflicts_a_change_did_not_reach_are_taken_without_looking_at_their_facts(
    tmp_path: Path,
):
    from dataclasses import replace

    from generator.build import model_and_problems

    content, _, _ = _session_site(tmp_path)
    CHANGES["disagreeing-report"](content)  # a conflict the next change does not reach
    aggregator = Aggregator()
    model_and_problems(content, aggregator=aggregator)
    CHANGES["appended"](content)

    looked_up: set[str] = set()

    class Counted(dict):
        def __getitem__(self, key):
            looked_up.add(key)
            return super().__getitem__(key)

    original = aggregator.conflict_warnings
    aggregator.conflict_warnings = lambda model: original(replace(model, facts=Counted(model.facts)))
    model, problems = model_and_problems(content, aggregator=aggregator)
    cold = model_and_problems(content, cache=False)[1]
    reached = [c for c in model.conflicts if not aggregator.changes.facts.isdisjoint(c.fact_ids)]
    assert 0 < len(reached) < len(model.conflicts)
    assert looked_up == {i for c in reached for i in c.fact_ids}
    assert problems == cold


def test_a_rebuild_with_few_jobs_to_run_orders_none_for_workers(tmp_path: Path, monkeypatch):
    from dataclasses import replace

    from generator.render import site

    content, options, session = _session_site(tmp_path)
    spread: list[int] = []
    original = site._spread
    monkeypatch.setattr(site, "_spread", lambda work, wide: spread.append(len(work)) or original(work, wide))
    CHANGES["figure"](content)
    build(replace(options, jobs=2), session)
    assert spread == []
    monkeypatch.setattr(site, "MIN_PARALLEL_PAGES", 1)  # as a big change would: enough to fork for
    CHANGES["sentence"](content)
    build(replace(options, jobs=2), session)
    assert len(spread) == 1
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)


def test_a_preview_started_on_a_site_already_up_to_date_makes_its_model_at_once(tmp_path: Path):
    from generator.cache.state import BuildSession

    content, options, _ = _session_site(tmp_path)
    build(options)  # nothing changed: a build without a session stops early
    session = BuildSession()
    report = build(options, session)  # the preview's first build
    assert not report.skipped and report.changed == 0
    assert session.aggregator.model is not None
    CHANGES["appended"](content)
    build(options, session)
    assert 0 < session.aggregator.merged_again < report.facts  # the save updated the model it made
    assert build(options, session).skipped  # with its model, a session's build with nothing to do stops early
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)


def test_a_later_build_hashes_the_keys_of_changed_article_files_only(tmp_path: Path, monkeypatch):
    from generator.cache import articles

    content, options, session = _session_site(tmp_path)
    hashed: list[str] = []
    digest_of = articles.digest_of

    def keyed(*parts: str) -> str:
        if len(parts) == 3:  # an article file's key: fingerprint, shown path, digest (not the fingerprint)
            hashed.append(parts[1])
        return digest_of(*parts)

    monkeypatch.setattr(articles, "digest_of", keyed)
    CHANGES["appended"](content)
    build(options, session)
    assert len(hashed) == 1  # the appended article's; every other file's key is the one kept
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)
    hashed.clear()
    entity = next((content / "entities").glob("*.yml"))
    entity.write_text(
        entity.read_text(encoding="utf-8") + "aliases:\n  en: [Another Name]\n", encoding="utf-8"
    )
    build(options, session)  # the registry is not in the fingerprint: every key is the one kept
    assert hashed == []
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)


def test_an_entity_s_description_edited_in_a_session_merges_no_fact_again(tmp_path: Path, monkeypatch):
    # What an entity says only of itself reaches its sheet, not the facts: a preview's save after such an
    # edit takes the facts as they were and makes that sheet again around the new entity. A name is in
    # the facts' statements: editing it aggregates every fact again.
    from generator import aggregate_delta

    content, options, session = _session_site(tmp_path)
    whole: list[int] = []
    original = aggregate_delta.aggregate
    monkeypatch.setattr(aggregate_delta, "aggregate", lambda *a: whole.append(1) or original(*a))
    intel = content / "entities" / "intel.yml"
    text = intel.read_text(encoding="utf-8")
    intel.write_text(text.replace("runs its own chip factories.", "runs its own foundries."), "utf-8")
    build(options, session)
    assert whole == []
    assert (
        "runs its own foundries."
        in (tmp_path / "site" / "en" / "companies" / "intel" / "index.html").read_text()
    )
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)
    intel.write_text(text.replace("name: Intel\n", "name: Intel Corp\n"), "utf-8")
    build(options, session)
    assert whole == [1]
    assert _tree(tmp_path / "site") == _fresh(tmp_path, content)


def test_a_session_build_with_nothing_to_do_reports_the_last_build_without_reading_its_record(
    tmp_path: Path, monkeypatch
):
    """The check after a preview's save is such a build: parsing the record's warnings again (16,000 at
    10,000 articles) would be half its cost. Another build into the output (a new identity) reads it."""
    from generator.cache import record, state

    content, options, session = _session_site(tmp_path)
    CHANGES["appended"](content)
    built = build(options, session)
    read: list[Path] = []
    load = record.load_record
    monkeypatch.setattr(state, "load_record", lambda folder, *a: read.append(folder) or load(folder, *a))
    again = build(options, session)
    assert again.skipped and read == []
    assert (again.files, again.facts, again.warnings) == (built.files, built.facts, built.warnings)
    CHANGES["appended"](content)
    assert not build(options).skipped  # another process's build: a new identity, a new record
    read.clear()
    later = build(options, session)
    assert later.skipped and len(read) == 1 and later.files == built.files
    CHANGES["appended"](content)
    assert not build(options, session).skipped and len(read) == 1  # its own record: another stamp
