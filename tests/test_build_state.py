"""The build state's shared helpers (one digest, safe files, the build record) and the state object itself."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import errors as errors_module
from generator.build import BuildOptions, build
from generator.cache import files as files_module
from generator.cache.digest import ABSENT, digest_of, tree_digest
from generator.cache.files import (
    CACHE_FOLDER,
    TEMPORARY_PREFIX,
    cache_folder,
    ensure_cache_folder,
    read_regular_file,
    write_atomically,
)
from generator.cache.pagekeys import PageKeyer, PageKeys
from generator.cache.record import (
    BuildInputs,
    BuildRecord,
    load_page_keys,
    load_record,
    save_page_keys,
    save_record,
)
from generator.cache.state import BuildState
from generator.cache.store import Store
from generator.errors import ConfigError, Location, Problem, ProblemTexts

EPOCH = "1758412800"  # 2025-09-21, after the fixture site's "as of" date


def _temporary_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMPORARY_PREFIX)]


# --- one digest -------------------------------------------------------------------------------------------


def test_parts_are_length_prefixed_so_a_boundary_moved_is_another_digest():
    assert digest_of("ab", "c") != digest_of("a", "bc")


def test_a_digest_is_stable_and_64_hex_digits():
    assert digest_of("a", b"b") == digest_of("a", b"b")
    assert len(digest_of("a")) == 64 and int(digest_of("a"), 16) >= 0


def test_a_file_name_that_is_not_utf8_can_be_hashed():
    undecodable = os.fsdecode(b"caf\xe9.md")  # how Python names such a file on a UTF-8 system
    assert digest_of(undecodable) != digest_of("café.md")


def test_a_tree_digest_follows_the_bytes_not_the_times(tmp_path: Path):
    (tmp_path / "a.md").write_text("one")
    before = tree_digest(tmp_path)
    os.utime(tmp_path / "a.md", (0, 0))
    assert tree_digest(tmp_path) == before
    (tmp_path / "a.md").write_text("two")
    assert tree_digest(tmp_path) != before


def test_a_tree_digest_changes_with_a_renamed_file(tmp_path: Path):
    (tmp_path / "a.md").write_text("one")
    before = tree_digest(tmp_path)
    (tmp_path / "a.md").rename(tmp_path / "b.md")
    assert tree_digest(tmp_path) != before


def test_a_missing_folder_has_a_digest_of_its_own(tmp_path: Path):
    assert tree_digest(tmp_path / "none") == ABSENT != tree_digest(tmp_path)


def test_a_link_back_up_the_tree_is_walked_once(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    assert len(tree_digest(tmp_path)) == 64


# --- files written whole, read safely ---------------------------------------------------------------------


def test_an_atomic_write_replaces_the_whole_file(tmp_path: Path):
    target = tmp_path / "record.json"
    target.write_bytes(b"old and longer")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _temporary_files(tmp_path) == []


def test_a_failed_atomic_write_removes_its_temporary_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "record.json"
    target.write_bytes(b"old")

    def full_disk(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", full_disk)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert _temporary_files(tmp_path) == []
    assert target.read_bytes() == b"old"


def test_an_interrupted_atomic_write_removes_its_temporary_file(tmp_path: Path, monkeypatch):
    def interrupted(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(files_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "record.json", b"new")
    assert _temporary_files(tmp_path) == []


def test_a_regular_file_is_read(tmp_path: Path):
    (tmp_path / "entry").write_bytes(b"data")
    assert read_regular_file(tmp_path / "entry") == b"data"


def test_a_missing_file_reads_as_none(tmp_path: Path):
    assert read_regular_file(tmp_path / "entry") is None


def test_a_link_is_not_followed_when_reading(tmp_path: Path):
    (tmp_path / "elsewhere").write_bytes(b"secret")
    (tmp_path / "entry").symlink_to(tmp_path / "elsewhere")
    assert read_regular_file(tmp_path / "entry") is None


def test_a_folder_reads_as_none(tmp_path: Path):
    (tmp_path / "entry").mkdir()
    assert read_regular_file(tmp_path / "entry") is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_read_and_does_not_block(tmp_path: Path):
    os.mkfifo(tmp_path / "entry")
    assert read_regular_file(tmp_path / "entry") is None


def test_a_file_above_the_size_limit_reads_as_none(tmp_path: Path):
    (tmp_path / "entry").write_bytes(b"x" * 11)
    assert read_regular_file(tmp_path / "entry", max_bytes=10) is None
    assert read_regular_file(tmp_path / "entry", max_bytes=11) == b"x" * 11


def test_the_cache_folder_lies_beside_the_content_folder(tmp_path: Path):
    assert cache_folder(tmp_path / "content") == tmp_path.resolve() / CACHE_FOLDER


def test_a_new_cache_folder_hides_itself_from_git(tmp_path: Path):
    ensure_cache_folder(tmp_path / "cache")
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"


# --- the record of the last build -------------------------------------------------------------------------

_WARNING = Problem(Location("content/site.yml", 3, 1), "unknown-setting", "unknown", "remove it", "warning")
_RECORD = BuildRecord(files=3, articles=2, entities=1, facts=4, warnings=[_WARNING])


def test_a_build_record_is_read_back(tmp_path: Path):
    save_record(tmp_path, tmp_path / "_site", "stamp", "identity", _RECORD)
    assert load_record(tmp_path, tmp_path / "_site", "stamp", "identity") == _RECORD


def test_a_record_kept_with_a_sessions_texts_is_the_record_kept_without(tmp_path: Path):
    other = Problem(Location("content/articles/a.md", 9, 2), "conflict", "they disagree", "", "warning")
    record = BuildRecord(files=3, articles=2, entities=1, facts=4, warnings=[_WARNING, other, _WARNING])
    save_record(tmp_path / "without", tmp_path / "_site", "stamp", "identity", record)
    texts = ProblemTexts()
    for n in range(2):  # the second from the texts the first made
        save_record(tmp_path / f"with{n}", tmp_path / "_site", "stamp", "identity", record, texts)
    kept = [
        [f.read_bytes() for f in sorted((tmp_path / name / "builds").iterdir())]
        for name in ("without", "with0", "with1")
    ]
    assert kept[0] == kept[1] == kept[2] and len(kept[0]) == 2  # the record, and its warnings' file
    assert load_record(tmp_path / "with1", tmp_path / "_site", "stamp", "identity") == record


def test_problem_texts_are_made_once_per_problem_object(monkeypatch):
    made: list[Problem] = []
    original = errors_module._problem_json
    monkeypatch.setattr(errors_module, "_problem_json", lambda p: made.append(p) or original(p))
    texts = ProblemTexts()
    other = Problem(Location("content/articles/a.md", 9, 2), "conflict", "they disagree", "", "warning")
    first = texts.kept([_WARNING, other])
    assert texts.kept([_WARNING, other]) == first and len(made) == 2
    as_error = Problem(_WARNING.location, _WARNING.code, _WARNING.message, _WARNING.hint)  # --strict's
    assert texts.kept([as_error]) == [json.dumps(as_error.as_dict())] and made[2:] == [as_error]


def test_a_build_record_of_other_inputs_is_not_used(tmp_path: Path):
    save_record(tmp_path, tmp_path / "_site", "stamp", "identity", _RECORD)
    assert load_record(tmp_path, tmp_path / "_site", "other stamp", "identity") is None


def test_a_build_record_of_other_inputs_is_told_from_its_head_alone(tmp_path: Path, monkeypatch):
    """A build with work to do does not parse the record's warnings (16,000 in a big archive)."""
    from generator.cache import record as record_module

    save_record(tmp_path, tmp_path / "_site", "stamp", "identity", _RECORD)
    parsed: list[int] = []
    loads = json.loads
    monkeypatch.setattr(record_module.json, "loads", lambda text: parsed.append(len(text)) or loads(text))
    assert load_record(tmp_path, tmp_path / "_site", "other stamp", "identity") is None
    assert len(parsed) == 1
    assert load_record(tmp_path, tmp_path / "_site", "stamp", "identity") == _RECORD


def test_a_build_record_of_an_output_another_build_wrote_is_not_used(tmp_path: Path):
    save_record(tmp_path, tmp_path / "_site", "stamp", "identity", _RECORD)
    assert load_record(tmp_path, tmp_path / "_site", "stamp", "another identity") is None


def test_a_damaged_build_record_is_not_used(tmp_path: Path):
    save_record(tmp_path, tmp_path / "_site", "stamp", "identity", _RECORD)
    for record in (tmp_path / "builds").iterdir():
        record.write_text('{"stamp": "stamp", "report": []}')
    assert load_record(tmp_path, tmp_path / "_site", "stamp", "identity") is None


@pytest.mark.parametrize("which", ["record", "warnings"])
def test_a_build_record_replaced_by_a_link_is_not_followed(tmp_path: Path, which: str):
    save_record(tmp_path, tmp_path / "_site", "stamp", "identity", _RECORD)
    (record,) = (tmp_path / "builds").glob("*[0-9a-f].json")
    linked = record if which == "record" else record.with_suffix(".warnings.json")
    linked.rename(tmp_path / "elsewhere.json")
    linked.symlink_to(tmp_path / "elsewhere.json")
    assert load_record(tmp_path, tmp_path / "_site", "stamp", "identity") is None


def test_a_record_whose_warnings_another_build_wrote_is_not_used(tmp_path: Path):
    """Two builds into one output at once: one's record may name warnings the other replaced."""
    other = BuildRecord(files=3, articles=2, entities=1, facts=4, warnings=[])
    save_record(tmp_path, tmp_path / "_site", "stamp", "identity", _RECORD)
    (record,) = (tmp_path / "builds").glob("*[0-9a-f].json")
    head = record.read_bytes()
    save_record(tmp_path, tmp_path / "_site", "other stamp", "identity", other)
    record.write_bytes(head)  # the first build's record, the second build's warnings
    assert load_record(tmp_path, tmp_path / "_site", "stamp", "identity") is None
    record.with_suffix(".warnings.json").unlink()
    assert load_record(tmp_path, tmp_path / "_site", "other stamp", "identity") is None


def test_a_session_writes_the_warnings_file_only_when_the_warnings_changed(tmp_path: Path, monkeypatch):
    from generator.cache import record as record_module

    written: list[str] = []
    write = record_module.write_atomically
    monkeypatch.setattr(record_module, "write_atomically", lambda p, d: written.append(p.name) or write(p, d))
    texts = ProblemTexts()
    other = Problem(Location("content/articles/a.md", 9, 2), "conflict", "they disagree", "", "warning")
    with_other = BuildRecord(files=3, articles=2, entities=1, facts=4, warnings=[_WARNING, other])
    for stamp, record in (("one", _RECORD), ("two", _RECORD), ("three", with_other), ("four", with_other)):
        save_record(tmp_path, tmp_path / "_site", stamp, "identity", record, texts)
        assert load_record(tmp_path, tmp_path / "_site", stamp, "identity") == record
    assert sum(name.endswith(".warnings.json") for name in written) == 2
    assert len(written) == 6


def test_page_keys_are_read_back_only_for_the_output_that_has_them(tmp_path: Path):
    store = Store(tmp_path)
    save_page_keys(store, tmp_path / "_site", "identity", {"index.html": "key"}, {})
    assert load_page_keys(store, tmp_path / "_site", "identity") == {"index.html": "key"}
    assert load_page_keys(store, tmp_path / "_site", "another identity") == {}
    assert load_page_keys(store, tmp_path / "other", "identity") == {}
    store.close()


def test_only_the_page_keys_that_changed_are_written(tmp_path: Path):
    store = Store(tmp_path)
    output = tmp_path / "_site"
    first = {"a/index.html": "1", "b/index.html": "2", "c/index.html": "3"}
    save_page_keys(store, output, "one", first, {})
    second = {"a/index.html": "1", "b/index.html": "changed", "d/index.html": "4"}
    assert store.put_page_keys(os.fsencode(output), "two", second, load_page_keys(store, output, "one")) == 3
    assert load_page_keys(store, output, "two") == second
    assert load_page_keys(store, output, "one") == {}
    store.close()


def test_page_keys_told_which_are_the_same_write_the_rows_a_comparison_would(tmp_path: Path):
    """Given the paths whose key is the previous one (the render stage's `PageKeys.same`), the rows written
    are those comparing every key finds, without comparing them (34,000 on each save of a preview)."""
    from generator.cache.pagekeys import PageKeys

    class Counted(dict):
        asked = 0

        def get(self, *args):
            Counted.asked += 1
            return super().get(*args)

    first = {f"p{n}/index.html": f"{n}" for n in range(50)}
    second = {path: ("changed" if n % 7 == 0 else key) for n, (path, key) in enumerate(first.items())}
    del second["p3/index.html"]
    second["new/index.html"] = "new"
    written = []
    for told in (False, True):
        store = Store(tmp_path / str(told))
        output = tmp_path / "_site"
        save_page_keys(store, output, "one", first, {})
        previous = Counted(load_page_keys(store, output, "one"))
        same = PageKeys(dict(previous), second).same() if told else None
        Counted.asked = 0
        save_page_keys(store, output, "two", second, previous, same)
        assert Counted.asked == (0 if told else len(second))
        written.append(load_page_keys(store, output, "two"))
        store.close()
    assert written == [second, second]


def test_the_stamp_follows_source_date_epoch(tmp_path: Path):
    inputs = BuildInputs(content=tmp_path, search_path=[], settings={}, source_date_epoch=None)
    dated = BuildInputs(content=tmp_path, search_path=[], settings={}, source_date_epoch=EPOCH)
    assert inputs.stamp() != dated.stamp()


def test_the_stamp_follows_the_content(tmp_path: Path):
    inputs = BuildInputs(content=tmp_path, search_path=[], settings={}, source_date_epoch=None)
    before = inputs.stamp()
    (tmp_path / "site.yml").write_text("title: x\n")
    assert inputs.stamp() != before


def test_an_unchanged_page_has_the_key_the_output_has():
    keys = PageKeys(previous={"a/index.html": "k", "b/index.html": "k"}, current={"a/index.html": "k"})
    assert keys.unchanged("a/index.html")
    assert not keys.unchanged("b/index.html")  # no key this time: always rendered
    assert not keys.unchanged("c/index.html")


# --- the state, opened once per build ---------------------------------------------------------------------


def test_a_closed_state_reads_and_keeps_nothing(tmp_path: Path):
    state = BuildState.open(tmp_path / "content", enabled=False)
    inputs = BuildInputs(content=tmp_path, search_path=[], settings={}, source_date_epoch=None)
    assert state.last_build(tmp_path / "_site", inputs) is None
    assert state.page_keys(tmp_path / "_site") is None
    assert not state.article_cache("fingerprint").enabled
    state.save(tmp_path / "_site", "identity", _RECORD)
    assert not (tmp_path / CACHE_FOLDER).exists()


def test_an_article_cache_without_a_fingerprint_is_off(tmp_path: Path):
    state = BuildState.open(tmp_path / "content")
    assert not state.article_cache(None).enabled
    assert state.article_cache("fingerprint").fingerprint == "fingerprint"


def test_the_state_keeps_the_record_and_the_page_keys_of_a_build(tmp_path: Path):
    (tmp_path / "_site").mkdir()
    (tmp_path / "_site" / ".factsheets-site").write_text("marker")
    from generator.write import site_identity

    identity = site_identity(tmp_path / "_site")
    inputs = BuildInputs(content=tmp_path / "content", search_path=[], settings={}, source_date_epoch=None)
    state = BuildState.open(tmp_path / "content")
    assert state.last_build(tmp_path / "_site", inputs) is None
    state.page_keys(tmp_path / "_site").current = {"index.html": "key"}
    state.save(tmp_path / "_site", identity, _RECORD)
    again = BuildState.open(tmp_path / "content")
    assert again.last_build(tmp_path / "_site", inputs) == _RECORD
    assert again.page_keys(tmp_path / "_site").previous == {"index.html": "key"}


# --- SOURCE_DATE_EPOCH, read once -------------------------------------------------------------------------


def test_build_options_read_source_date_epoch_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert BuildOptions().source_date_epoch == EPOCH
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert BuildOptions().source_date_epoch is None
    assert BuildOptions(source_date_epoch=EPOCH).source_date_epoch == EPOCH


def test_the_citations_are_dated_by_the_options_not_the_environment(site: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    options = BuildOptions(
        content=site / "content", output=site / "_site", templates=None, cache=False, source_date_epoch=EPOCH
    )
    build(options)
    assert "urldate = {2025-09-21}" in (site / "_site" / "data" / "cite.bib").read_text(encoding="utf-8")


def test_a_malformed_source_date_epoch_in_the_options_is_a_config_error(site: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    options = BuildOptions(
        content=site / "content",
        output=site / "_site",
        templates=None,
        cache=False,
        source_date_epoch="yesterday",
    )
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        build(options)


def test_page_keys_follow_source_date_epoch(site: Path):
    from generator.build import build_model

    model, _ = build_model(site / "content", jobs=1, cache=False)
    undated = PageKeyer(model, [], "https://example.org/")
    dated = PageKeyer(model, [], "https://example.org/", EPOCH)
    assert undated.site != dated.site
