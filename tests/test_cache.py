"""The per-article cache: hits, misses, corrupt and foreign entries, and what invalidates it."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from generator.analyse import stage
from generator.build import load_content, model_and_problems, read_content
from generator.cache import articles as cache_module
from generator.cache.articles import ArticleCache, ArticleResult, fingerprint
from generator.cache.files import CACHE_FOLDER
from generator.cache.registry_changes import Registry
from generator.cache.store import APPLICATION_ID, SCHEMA_VERSION, STORE_FILE, checksum
from generator.cli import cli
from generator.errors import Location, Problem
from generator.model import Entity, SiteConfig


def _config(**pipeline: str) -> SiteConfig:
    return SiteConfig(
        title="t",
        language="en",
        base_url="https://example.org/",
        author="a",
        publisher="p",
        pipeline=dict(pipeline),
    )


def _result(path: str = "content/articles/x.md") -> ArticleResult:
    return ArticleResult(path, None, [Problem(Location(path, 1, 1), "code", "message", "hint")])


def _entries(site: Path) -> list[tuple[str, str]]:
    """(root, key) of every article row in the site's store."""
    with sqlite3.connect(site / CACHE_FOLDER / STORE_FILE) as connection:
        return sorted(connection.execute("SELECT root, key FROM articles"))


def _location(tmp_path: Path, root: str = "r") -> Path:
    return tmp_path / CACHE_FOLDER / "articles" / root


def _store_file(tmp_path: Path) -> Path:
    return tmp_path / CACHE_FOLDER / STORE_FILE


def _stored(tmp_path: Path, key: str = "text") -> tuple[ArticleCache, str]:
    """A cache holding one entry, closed so the test may change the file under it; and the entry's key."""
    cache = ArticleCache(_location(tmp_path), "f")
    entry = cache.key(key.encode(), "a.md")
    cache.put(entry, _result())
    cache.close()
    return ArticleCache(_location(tmp_path), "f"), entry


def _update(tmp_path: Path, sql: str, *args: object) -> None:
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        connection.execute(sql, args)
    connection.close()


def test_a_stored_entry_is_read_back(tmp_path: Path):
    cache, key = _stored(tmp_path)
    assert cache.get(key) == _result()


def test_a_summary_based_on_reports_is_read_back(tmp_path: Path):
    """The demo's articles are all summaries: each `based_on` report must come back from the store."""
    demo = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", demo)
    content = read_content(demo)
    cache = ArticleCache(tmp_path / CACHE_FOLDER / "articles" / "x", "f")
    summary = next(a for a in content.articles if a.based_on)
    key = cache.key(summary.text.encode(), summary.path)
    cache.put(key, ArticleResult(summary.path, summary, []))
    assert cache.get(key) == ArticleResult(summary.path, summary, [])


def test_the_store_is_one_sqlite_file_in_wal_mode(tmp_path: Path):
    cache, key = _stored(tmp_path)
    cache.put(cache.key(b"other", "b.md"), _result("b.md"))
    cache.close()
    assert sorted(p.name for p in (tmp_path / CACHE_FOLDER).iterdir() if p.suffix != ".lock") == [
        ".gitignore",
        STORE_FILE,
    ]
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    connection.close()


def test_an_entry_never_stored_is_a_miss(tmp_path: Path):
    cache = ArticleCache(_location(tmp_path), "f")
    assert cache.get(cache.key(b"text", "a.md")) is None
    assert (cache.hits, cache.misses) == (0, 1)


def test_the_key_depends_on_bytes_path_and_fingerprint(tmp_path: Path):
    one, other = ArticleCache(_location(tmp_path), "f"), ArticleCache(_location(tmp_path), "g")
    keys = {one.key(b"a", "x.md"), one.key(b"b", "x.md"), one.key(b"a", "y.md"), other.key(b"a", "x.md")}
    assert len(keys) == 4


def test_a_new_version_of_an_article_replaces_its_row(tmp_path: Path):
    cache, _ = _stored(tmp_path, "first")
    newer = cache.key(b"second", "a.md")
    cache.put(newer, _result())
    cache.close()
    assert _entries(tmp_path) == [("r", newer)]


def test_a_payload_overwritten_in_place_keeping_its_length_is_a_miss(tmp_path: Path):
    """ "data centres" became "data centrez": same length, no pickle error, but not what was stored."""
    cache = ArticleCache(_location(tmp_path), "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, ArticleResult("a.md", None, [Problem(Location("a.md", 1, 1), "c", "data centres", "h")]))
    cache.close()
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        (payload,) = connection.execute("SELECT payload FROM articles").fetchone()
        damaged = payload.replace(b"data centres", b"data centrez")
        assert len(damaged) == len(payload) and damaged != payload
        connection.execute("UPDATE articles SET payload = ?", (damaged,))
    connection.close()
    assert pickle.loads(damaged).result.read_problems[0].message == "data centrez"  # it would load fine
    assert ArticleCache(_location(tmp_path), "f").get(key) is None


def test_a_bit_flipped_in_the_file_makes_the_entry_a_miss(tmp_path: Path):
    cache = ArticleCache(_location(tmp_path), "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, ArticleResult("a.md", None, [Problem(Location("a.md", 1, 1), "c", "data centres", "h")]))
    cache.close()
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every row in the main file
    connection.close()
    data = bytearray(_store_file(tmp_path).read_bytes())
    where = data.index(b"data centres") + len("data centre")
    data[where] ^= ord("s") ^ ord("z")
    _store_file(tmp_path).write_bytes(bytes(data))
    assert ArticleCache(_location(tmp_path), "f").get(key) is None


@pytest.mark.parametrize(
    "damage", [b"", b"not a pickle", b"\x80\x05garbage"], ids=["empty", "text", "bad-pickle"]
)
def test_a_corrupt_payload_with_a_matching_checksum_is_a_miss(tmp_path: Path, damage: bytes):
    cache, key = _stored(tmp_path)
    _update(tmp_path, "UPDATE articles SET payload = ?, checksum = ?", damage, checksum(damage))
    assert cache.get(key) is None


def test_an_entry_stored_under_another_key_is_a_miss(tmp_path: Path):
    cache, first = _stored(tmp_path, "one")
    second = cache.key(b"two", "a.md")
    _update(tmp_path, "UPDATE articles SET key = ?", second)
    assert cache.get(second) is None


class _RunsCode:
    def __reduce__(self):
        return (os.mkdir, ("planted",))


def test_an_entry_that_would_run_code_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache, key = _stored(tmp_path)
    planted = pickle.dumps(_RunsCode())
    _update(tmp_path, "UPDATE articles SET payload = ?, checksum = ?", planted, checksum(planted))
    assert cache.get(key) is None
    assert not (tmp_path / "planted").exists()


def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path):
    cache = ArticleCache(_location(tmp_path), "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, ArticleResult("a.md", None, read_problems="not a list"))  # type: ignore[arg-type]
    assert cache.get(key) is None


@pytest.mark.parametrize(
    "content",
    [b"garbage that is no database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["not-sqlite", "damaged-header"],
)
def test_a_damaged_store_file_is_rebuilt(tmp_path: Path, content: bytes):
    _stored(tmp_path)
    _store_file(tmp_path).write_bytes(content)
    cache = ArticleCache(_location(tmp_path), "f")
    key = cache.key(b"text", "a.md")
    assert cache.get(key) is None
    cache.put(key, _result())
    cache.close()
    assert ArticleCache(_location(tmp_path), "f").get(key) == _result()


def test_a_foreign_database_is_rebuilt_never_read(tmp_path: Path):
    (tmp_path / CACHE_FOLDER).mkdir()
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        connection.execute("CREATE TABLE articles (root, path, key, checksum, payload)")
        connection.execute("INSERT INTO articles VALUES ('r', 'a.md', 'k', x'00', x'00')")
    connection.close()
    cache = ArticleCache(_location(tmp_path), "f")
    assert cache.get("k") is None
    cache.close()
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        assert connection.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    connection.close()


def test_a_store_of_another_version_is_rebuilt(tmp_path: Path):
    cache, key = _stored(tmp_path)
    _update(tmp_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert cache.get(key) is None
    cache.close()
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    connection.close()


def test_a_damaged_store_is_not_deleted_while_another_build_has_it_open(tmp_path: Path):
    cache, key = _stored(tmp_path)
    assert cache.get(key) == _result()  # holds the store open, as a running build would
    _update(tmp_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    other = ArticleCache(_location(tmp_path), "f")
    assert other.get(key) is None  # cannot rebuild it now: goes without
    other.close()
    assert _store_file(tmp_path).exists()
    cache.close()


def test_a_disabled_cache_neither_reads_nor_writes(tmp_path: Path):
    cache = ArticleCache(_location(tmp_path), "f", enabled=False)
    cache.put("k", _result())
    assert cache.get("k") is None
    assert not (tmp_path / CACHE_FOLDER).exists()


def test_an_unwritable_cache_only_warns(tmp_path: Path, caplog):
    (tmp_path / CACHE_FOLDER).write_text("a file where the folder should be")
    cache = ArticleCache(_location(tmp_path), "f")
    cache.put(cache.key(b"x", "a.md"), _result())
    assert "cannot use the build store" in caplog.text


def test_the_cache_folder_hides_itself_from_git(tmp_path: Path):
    _stored(tmp_path)
    assert (tmp_path / CACHE_FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"


def test_prune_removes_only_entries_this_run_did_not_use(tmp_path: Path):
    old = ArticleCache(_location(tmp_path), "f")
    old.put(old.key(b"old", "a.md"), _result("a.md"))
    old.put(old.key(b"kept", "b.md"), _result("b.md"))
    old.close()
    new = ArticleCache(_location(tmp_path), "f")
    new.get(new.key(b"kept", "b.md"))
    assert new.prune() == 1
    new.close()
    assert _entries(tmp_path) == [("r", new.key(b"kept", "b.md"))]


def test_prune_keeps_the_rows_of_another_content_folder(tmp_path: Path):
    one, other = ArticleCache(_location(tmp_path, "one"), "f"), ArticleCache(_location(tmp_path, "two"), "f")
    one.put(one.key(b"x", "a.md"), _result("a.md"))
    other.put(other.key(b"x", "a.md"), _result("a.md"))
    assert other.prune() == 0  # `other` used its row (it wrote it)
    fresh = ArticleCache(_location(tmp_path, "two"), "f")
    assert fresh.prune() == 1
    for cache in (one, other, fresh):
        cache.close()
    assert _entries(tmp_path) == [("one", one.key(b"x", "a.md"))]


def _writer(folder: str, rounds: int, name: str) -> None:
    cache = ArticleCache(Path(folder), "f")
    for index in range(rounds):
        cache.put(cache.key(b"same", "a.md"), _result())
        cache.put(cache.key(f"{name} {index}".encode(), f"{name}.md"), _result(f"{name}.md"))
    cache.prune()
    cache.close()


def test_two_builds_writing_at_once_leave_a_whole_store(tmp_path: Path):
    """Two processes write, replace and prune rows of one store at once while a third reads."""
    location = _location(tmp_path)
    cache, key = _stored(tmp_path, "same")
    context = multiprocessing.get_context()
    writers = [context.Process(target=_writer, args=(str(location), 40, name)) for name in ("one", "two")]
    for writer in writers:
        writer.start()
    seen = [cache._load(key) for _ in range(200)]
    for writer in writers:
        writer.join()
    assert [w.exitcode for w in writers] == [0, 0]
    assert all(result in (None, _result()) for result in seen)
    cache.close()
    with sqlite3.connect(_store_file(tmp_path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    final = ArticleCache(location, "f")
    assert final.get(key) == _result()
    final.close()


# --- the fingerprint -------------------------------------------------------------------------------------


def test_the_fingerprint_leaves_the_registry_out():
    # A change of the registry is told apart per article (`registry_changes`), not by every key.
    acme = Entity(id="acme", name="Acme", kind="company")
    renamed = Entity(id="acme", name="Acme Corp", kind="company")
    assert Registry.of([acme], {"acme"}).stamp != Registry.of([renamed], {"acme"}).stamp
    assert Registry.of([acme], {"acme"}).stamp != Registry.of([acme], {"acme", "x"}).stamp
    assert fingerprint(_config(), {"investment"}) == fingerprint(_config(), {"investment"})


def test_the_fingerprint_changes_with_fact_kinds_and_pipeline_settings():
    base = fingerprint(_config(), {"investment"})
    assert fingerprint(_config(), {"investment", "funding"}) != base
    assert fingerprint(_config(en="en_core_web_sm"), {"investment"}) != base


def test_the_fingerprint_changes_with_the_code(monkeypatch):
    base = fingerprint(_config(), set())
    monkeypatch.setattr(cache_module, "code_digest", lambda: "other code")
    assert fingerprint(_config(), set()) != base


def test_the_fingerprint_is_stable():
    assert fingerprint(_config(), {"b"}) == fingerprint(_config(), {"b"})


# --- the cache in a build --------------------------------------------------------------------------------


def _no_analysis(chunk):
    raise AssertionError("an article was analysed again although it was cached")


def test_a_second_run_takes_every_article_from_the_cache(site: Path, monkeypatch):
    first, _ = model_and_problems(site / "content")
    monkeypatch.setattr(stage, "_run_chunk", _no_analysis)
    second, _ = model_and_problems(site / "content")
    assert second.facts == first.facts and second.analysed == first.analysed


def test_an_edited_article_is_analysed_again_and_its_old_entry_removed(site: Path, analysed):
    model_and_problems(site / "content")
    before = _entries(site)
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("told reporters", "told the press"), encoding="utf-8"
    )
    start = len(analysed())
    model, _ = model_and_problems(site / "content")
    assert analysed()[start:] == ["acme-globex"]
    assert "told the press" in model.articles["acme-globex"].text
    assert len(_entries(site)) == len(before) and _entries(site) != before


def test_a_registry_change_analyses_every_article_again(site: Path, analysed):
    model_and_problems(site / "content")
    entity = site / "content" / "entities" / "acme.yml"
    entity.write_text(
        entity.read_text(encoding="utf-8") + "\nwebsite: https://acme.example.com\n", encoding="utf-8"
    )
    start = len(analysed())
    model_and_problems(site / "content")
    assert len(analysed()[start:]) == 2


def test_corrupt_entries_are_recomputed_with_the_same_result(site: Path):
    expected, _ = model_and_problems(site / "content", cache=False)
    model_and_problems(site / "content")
    with sqlite3.connect(site / CACHE_FOLDER / STORE_FILE) as connection:
        connection.execute("UPDATE articles SET payload = ?", (b"\x80\x05\x95garbage",))
    connection.close()
    model, _ = model_and_problems(site / "content")
    assert model.facts == expected.facts


def test_cached_problems_are_reported_again(site: Path):
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("object=globex", "object=nobody"), encoding="utf-8"
    )
    first = model_and_problems(site / "content")[1]
    second = model_and_problems(site / "content")[1]
    assert first == second and any(p.code == "unknown-entity" for p in second)


def test_reading_without_analysis_never_touches_the_cache(site: Path):
    content, analysed, _ = load_content(site / "content", analyse=False)
    assert len(content.articles) == 2 and analysed == []
    assert not (site / CACHE_FOLDER).exists()


def test_no_cache_option_writes_no_cache(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (site / CACHE_FOLDER).exists()


def test_output_inside_the_cache_folder_is_refused(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "-o", f"{CACHE_FOLDER}/site"])
    assert result.exit_code == 1
    assert "refusing to build" in result.output


def test_a_build_without_the_cache_never_reuses_pipelines_built_for_another_registry(site: Path, runner):
    """Pipelines are kept per process while the registry is the same; with the cache off the fingerprint is
    empty, so they must be keyed by the registry itself, or a new alias would go unseen until a restart."""
    article = site / "content" / "articles" / "wile.md"
    article.write_text(
        "---\ntitle: Wile\nlanguage: en\nsource: {publisher: Daily Example, url: https://daily.example/w, "
        'published: 2025-09-20, licence: "Reproduced with permission"}\n---\n'
        "[Coyote Industries launched Rocket X]{fact=launch object=rocket-x}.\n",
        encoding="utf-8",
    )
    build = [
        "build",
        "--content",
        str(site / "content"),
        "-o",
        str(site / "_site"),
        "--no-cache",
        "--no-search",
    ]
    assert runner.invoke(cli, build).exit_code == 1  # no entity is called Coyote Industries yet
    entity = site / "content" / "entities" / "acme.yml"
    entity.write_text(
        entity.read_text(encoding="utf-8").replace("all: [ACME]", "all: [ACME, Coyote Industries]"), "utf-8"
    )
    result = runner.invoke(cli, build)
    assert result.exit_code == 0, result.output


def test_content_folders_side_by_side_keep_each_others_cache_entries(site: Path, runner):
    """Both share the cache folder beside them; a build removes only its own folder's unused entries."""
    shutil.copytree(site / "content", site / "content-copy")
    first = ["build", "--content", str(site / "content"), "-o", str(site / "_site"), "--no-search"]
    second = ["build", "--content", str(site / "content-copy"), "-o", str(site / "_copy"), "--no-search"]
    assert runner.invoke(cli, first).exit_code == 0
    kept = _entries(site)
    assert runner.invoke(cli, second).exit_code == 0
    assert set(kept) <= set(_entries(site)) and len(_entries(site)) == 2 * len(kept)


def test_looking_an_article_up_by_key_reads_no_other_row(tmp_path: Path):
    """Through the key's index: a scan of every row per lookup made loading a big archive quadratic."""
    cache = ArticleCache(_location(tmp_path), "f")
    keys = [cache.key(f"{n}".encode(), f"{n}.md") for n in range(300)]
    for n, key in enumerate(keys):
        cache.store.put_article("r", f"{n}.md", key, b"x" * 5000)
    connection = cache.store._connect()
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    connection.set_progress_handler(count, 10)
    assert all(cache.store.article("r", key) == b"x" * 5000 for key in keys)
    connection.set_progress_handler(None, 0)
    cache.close()
    assert steps[0] < 20 * len(keys)  # a few dozen virtual-machine steps per lookup, not one row's worth each


# --- every stored article of a build read back at once ---------------------------------------------------


def _stored_many(tmp_path: Path, count: int) -> tuple[ArticleCache, list[str]]:
    cache = ArticleCache(_location(tmp_path), "f")
    keys = [cache.key(f"text {n}".encode(), f"{n}.md") for n in range(count)]
    for n, key in enumerate(keys):
        cache.put(key, _result(f"{n}.md"))
    cache.close()
    return ArticleCache(_location(tmp_path), "f"), keys


def test_the_stored_articles_are_read_back_in_one_query(tmp_path: Path, monkeypatch):
    cache, keys = _stored_many(tmp_path, 5)
    queries: list[str] = []
    cache.store._connect()  # opened (and checked) before counting
    cache.store._connection.set_trace_callback(queries.append)
    found = cache.get_many(keys[:4])
    assert found == {key: _result(f"{n}.md") for n, key in enumerate(keys[:4])}
    assert len([q for q in queries if q.startswith("SELECT")]) == 1
    assert (cache.hits, cache.misses) == (4, 0)


def test_a_damaged_article_read_back_with_the_others_is_a_miss(tmp_path: Path):
    cache, keys = _stored_many(tmp_path, 3)
    _update(tmp_path, "UPDATE articles SET payload = ? WHERE key = ?", b"damaged", keys[1])
    found = cache.get_many(keys)
    assert found.keys() == {keys[0], keys[2]} and (cache.hits, cache.misses) == (2, 1)
