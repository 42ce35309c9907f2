"""The per-article cache: hits, misses, corrupt and foreign entries, and what invalidates it."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
from pathlib import Path

import pytest

from generator.analyse import stage
from generator.build import load_content, model_and_problems
from generator.cache import articles as cache_module
from generator.cache.articles import ArticleCache, ArticleResult, fingerprint
from generator.cache.files import CACHE_FOLDER
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


def _entries(site: Path) -> list[Path]:
    return sorted((site / CACHE_FOLDER).rglob("*.entry"))


def test_a_stored_entry_is_read_back(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, _result())
    assert cache.get(key) == _result()


def test_an_entry_never_stored_is_a_miss(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f")
    assert cache.get(cache.key(b"text", "a.md")) is None
    assert (cache.hits, cache.misses) == (0, 1)


def test_the_key_depends_on_bytes_path_and_fingerprint(tmp_path: Path):
    one, other = ArticleCache(tmp_path, "f"), ArticleCache(tmp_path, "g")
    keys = {one.key(b"a", "x.md"), one.key(b"b", "x.md"), one.key(b"a", "y.md"), other.key(b"a", "x.md")}
    assert len(keys) == 4


@pytest.mark.parametrize(
    "damage", [b"", b"not a pickle", b"\x80\x05garbage"], ids=["empty", "text", "bad-pickle"]
)
def test_a_corrupt_entry_is_a_miss(tmp_path: Path, damage: bytes):
    cache = ArticleCache(tmp_path / "cache", "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, _result())
    (tmp_path / "cache" / f"{key}.entry").write_bytes(damage)
    assert cache.get(key) is None


def test_a_truncated_entry_is_a_miss(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, _result())
    entry = tmp_path / "cache" / f"{key}.entry"
    entry.write_bytes(entry.read_bytes()[:-7])
    assert cache.get(key) is None


def test_an_entry_stored_under_another_key_is_a_miss(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f")
    first, second = cache.key(b"one", "a.md"), cache.key(b"two", "a.md")
    cache.put(first, _result())
    os.replace(tmp_path / "cache" / f"{first}.entry", tmp_path / "cache" / f"{second}.entry")
    assert cache.get(second) is None


class _RunsCode:
    def __reduce__(self):
        return (os.mkdir, ("planted",))


def test_an_entry_that_would_run_code_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = ArticleCache(tmp_path / "cache", "f")
    key = cache.key(b"text", "a.md")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f"{key}.entry").write_bytes(pickle.dumps(_RunsCode()))
    assert cache.get(key) is None
    assert not (tmp_path / "planted").exists()


def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, ArticleResult("a.md", None, read_problems="not a list"))  # type: ignore[arg-type]
    assert cache.get(key) is None


def test_a_link_in_place_of_an_entry_is_not_followed(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f")
    key = cache.key(b"text", "a.md")
    cache.put(key, _result())
    real = tmp_path / "cache" / f"{key}.entry"
    os.replace(real, tmp_path / "elsewhere")
    real.symlink_to(tmp_path / "elsewhere")
    assert cache.get(key) is None


def test_a_disabled_cache_neither_reads_nor_writes(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f", enabled=False)
    cache.put("k", _result())
    assert cache.get("k") is None
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_only_warns(tmp_path: Path, caplog):
    (tmp_path / "cache").write_text("a file where the folder should be")
    cache = ArticleCache(tmp_path / "cache", "f")
    cache.put(cache.key(b"x", "a.md"), _result())
    assert "cannot write the analysis cache" in caplog.text


def test_the_cache_folder_hides_itself_from_git(tmp_path: Path):
    cache = ArticleCache(tmp_path / "cache", "f")
    cache.put(cache.key(b"x", "a.md"), _result())
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_prune_removes_only_entries_this_run_did_not_use(tmp_path: Path):
    old = ArticleCache(tmp_path, "f")
    old.put(old.key(b"old", "a.md"), _result())
    old.put(old.key(b"kept", "b.md"), _result())
    new = ArticleCache(tmp_path, "f")
    new.get(new.key(b"kept", "b.md"))
    assert new.prune() == 1
    assert [p.name for p in tmp_path.glob("*.entry")] == [f"{new.key(b'kept', 'b.md')}.entry"]


def _writer(folder: str, rounds: int) -> None:
    cache = ArticleCache(Path(folder), "f")
    for _ in range(rounds):
        cache.put(cache.key(b"same", "a.md"), _result())


def test_concurrent_writers_never_leave_a_partial_entry(tmp_path: Path):
    cache = ArticleCache(tmp_path, "f")
    key = cache.key(b"same", "a.md")
    context = multiprocessing.get_context()
    writers = [context.Process(target=_writer, args=(str(tmp_path), 40)) for _ in range(2)]
    for writer in writers:
        writer.start()
    seen = [cache._load(key) for _ in range(200)]
    for writer in writers:
        writer.join()
    assert all(result in (None, _result()) for result in seen)
    assert cache._load(key) == _result()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


# --- the fingerprint -------------------------------------------------------------------------------------


def test_the_fingerprint_changes_with_the_registry():
    acme = Entity(id="acme", name="Acme", kind="company")
    renamed = Entity(id="acme", name="Acme Corp", kind="company")
    assert fingerprint([acme], _config(), {"acme"}, {"investment"}) != fingerprint(
        [renamed], _config(), {"acme"}, {"investment"}
    )


def test_the_fingerprint_changes_with_fact_kinds_and_pipeline_settings():
    base = fingerprint([], _config(), set(), {"investment"})
    assert fingerprint([], _config(), set(), {"investment", "funding"}) != base
    assert fingerprint([], _config(en="en_core_web_sm"), set(), {"investment"}) != base


def test_the_fingerprint_changes_with_the_code(monkeypatch):
    base = fingerprint([], _config(), set(), set())
    monkeypatch.setattr(cache_module, "code_digest", lambda: "other code")
    assert fingerprint([], _config(), set(), set()) != base


def test_the_fingerprint_is_stable():
    assert fingerprint([], _config(), {"a"}, {"b"}) == fingerprint([], _config(), {"a"}, {"b"})


# --- the cache in a build --------------------------------------------------------------------------------


def _no_analysis(chunk):
    raise AssertionError("an article was analysed again although it was cached")


def test_a_second_run_takes_every_article_from_the_cache(site: Path, monkeypatch):
    first, _ = model_and_problems(site / "content")
    monkeypatch.setattr(stage, "_run_chunk", _no_analysis)
    second, _ = model_and_problems(site / "content")
    assert second.facts == first.facts and second.analysed == first.analysed


def test_an_edited_article_is_analysed_again_and_its_old_entry_removed(site: Path, monkeypatch):
    model_and_problems(site / "content")
    before = _entries(site)
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("told reporters", "told the press"), encoding="utf-8"
    )
    analysed = []
    real = stage._run_chunk
    monkeypatch.setattr(
        stage, "_run_chunk", lambda chunk: analysed.extend(t.path for t in chunk) or real(chunk)
    )
    model, _ = model_and_problems(site / "content")
    assert analysed == ["content/articles/acme-globex.md"]
    assert "told the press" in model.articles["acme-globex"].text
    assert len(_entries(site)) == len(before) and _entries(site) != before


def test_a_registry_change_analyses_every_article_again(site: Path, monkeypatch):
    model_and_problems(site / "content")
    entity = site / "content" / "entities" / "acme.yml"
    entity.write_text(
        entity.read_text(encoding="utf-8") + "\nwebsite: https://acme.example.com\n", encoding="utf-8"
    )
    analysed = []
    real = stage._run_chunk
    monkeypatch.setattr(
        stage, "_run_chunk", lambda chunk: analysed.extend(t.path for t in chunk) or real(chunk)
    )
    model_and_problems(site / "content")
    assert len(analysed) == 2


def test_corrupt_entries_are_recomputed_with_the_same_result(site: Path):
    expected, _ = model_and_problems(site / "content", cache=False)
    model_and_problems(site / "content")
    for entry in _entries(site):
        entry.write_bytes(b"\x80\x05\x95garbage")
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
