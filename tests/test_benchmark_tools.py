"""The benchmark script's own parts (no timings here: those belong in benchmarks/)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.generate import generate, hugo_article


def test_bytes_written_count_only_files_made_anew(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "kept.html").write_bytes(b"x" * 10)
    (site / "linked.html").write_bytes(b"y" * 20)
    before = run.output_files(site)
    (site / "new.html").write_bytes(b"z" * 30)
    (site / "rewritten.html").write_bytes(b"w" * 40)
    os.replace(site / "rewritten.html", site / "kept.html")  # a new file in place of the old: a new inode
    os.link(site / "linked.html", tmp_path / "elsewhere")  # a hard link keeps the inode
    assert run.bytes_written(before, run.output_files(site)) == 30 + 40


def test_one_entity_changes_its_description(tmp_path: Path):
    generate(40, tmp_path / "content")
    entities = tmp_path / "content" / "entities"
    before = {p.name: p.read_text(encoding="utf-8") for p in entities.glob("*.yml")}
    changed = run.change_entity(entities)
    after = {p.name: p.read_text(encoding="utf-8") for p in entities.glob("*.yml")}
    assert [name for name in before if before[name] != after[name]] == [changed.name]
    assert "Changed by the benchmark." in after[changed.name]


def test_one_entity_gets_an_alias_the_registry_reads(tmp_path: Path):
    from generator.read.entities import load_entities

    generate(40, tmp_path / "content")
    entities = tmp_path / "content" / "entities"
    changed = run.add_alias(entities)
    loaded, problems = load_entities(entities)
    assert not problems
    assert {e.id: e for e in loaded}[changed.stem].aliases == {"all": ["Benchmark Alias Zed"]}


def test_hugo_reads_the_articles_without_their_annotations(tmp_path: Path):
    (path,) = generate(1, tmp_path / "content")
    text = hugo_article(path.read_text(encoding="utf-8"))
    front, body = text.split("---\n")[1:]
    assert front.startswith('title: "') and "\ndate: 20" in front
    assert "]{" not in body and body.strip()
    run.write_hugo_site([path], tmp_path / "hugo")
    assert (tmp_path / "hugo" / "content" / "posts" / path.name).is_file()
    assert (tmp_path / "hugo" / "layouts" / "_default" / "single.html").is_file()


def test_the_plot_is_a_png(tmp_path: Path):
    pytest.importorskip("matplotlib")
    results = [
        {"articles": 100, "cold": 2.0, "noop": 0.3, "one": 1.0, "entity": 2.1, "hugo_s": 0.2, "tree_mb": 150},
        {
            "articles": 1000,
            "cold": 15.0,
            "noop": 0.4,
            "one": 3.0,
            "entity": 14.0,
            "hugo_s": 0.9,
            "tree_mb": 300,
        },
    ]
    assert run.plot(results, tmp_path / "cost.png")
    assert (tmp_path / "cost.png").read_bytes().startswith(b"\x89PNG")


def test_the_preview_benchmark_saves_each_article_once_and_rebuilds(tmp_path: Path):
    from benchmarks import serve_rebuild

    generate(6, tmp_path / "content")
    chosen = serve_rebuild.saved_articles(tmp_path / "content", 2)
    assert len(set(chosen)) == 2
    before = {p: p.read_text(encoding="utf-8") for p in chosen}
    result = serve_rebuild.measure(tmp_path, saves=2, jobs=1)
    assert [r["article"] for r in result["rebuilds"]] == [p.name for p in chosen]
    # Timed twice: until the pages are in place, and until the search index made after them caught up.
    assert all(0 < r["seconds"] <= r["search_seconds"] for r in result["rebuilds"])
    for path in chosen:  # each save is a sentence appended, as an editor's save would be
        assert path.read_text(encoding="utf-8").startswith(before[path])
        assert "preview benchmark" in path.read_text(encoding="utf-8")[len(before[path]) :]
    assert (tmp_path / "site" / "index.html").is_file()


def _fake_process(proc: Path, pid: int, pss_kb: int, children: tuple[int, ...] = ()) -> None:
    (proc / str(pid) / "task" / str(pid)).mkdir(parents=True)
    rollup = f"00400000-7fff00000000 ---p 00000000 00:00 0 [rollup]\nRss: {pss_kb * 2} kB\nPss: {pss_kb} kB\n"
    (proc / str(pid) / "smaps_rollup").write_text(rollup, encoding="ascii")
    (proc / str(pid) / "task" / str(pid) / "children").write_text(
        " ".join(map(str, children)), encoding="ascii"
    )


def test_the_memory_of_a_process_tree_counts_a_child_in_its_parents_address_space_once(tmp_path: Path):
    # 10 is the build, 11 a forked worker, 12 a child started by vfork that has not run its program yet
    _fake_process(tmp_path, 10, 800_000, (11, 12))
    _fake_process(tmp_path, 11, 150_000, (13,))
    _fake_process(tmp_path, 12, 800_000)
    _fake_process(tmp_path, 13, 5_000)  # the worker's own child

    def same_memory(parent: int, child: int) -> bool:
        return (parent, child) == (10, 12)

    assert run._tree_pss_kb(10, tmp_path, same_memory) == 800_000 + 150_000 + 5_000


def test_a_forked_child_has_an_address_space_of_its_own():
    child = os.fork()
    if child == 0:  # pragma: no cover - the child only waits to be killed
        time.sleep(60)
        os._exit(0)
    try:
        assert not run._same_address_space(os.getpid(), child)
        if run._KCMP is not None:
            assert run._same_address_space(os.getpid(), os.getpid())
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_a_sample_during_which_a_process_came_or_went_is_taken_again(tmp_path: Path, monkeypatch):
    """Read one after the other, a worker that ended and one forked meanwhile would both count."""
    _fake_process(tmp_path, 10, 600_000, (11,))
    _fake_process(tmp_path, 11, 300_000)
    _fake_process(tmp_path, 12, 300_000)
    trees = [[(10, 0), (11, 10)], [(10, 0), (12, 10)], [(10, 0), (12, 10)], [(10, 0), (12, 10)]]
    monkeypatch.setattr(run, "_process_tree", lambda pid, proc: trees.pop(0))
    assert run._tree_pss_kb(10, tmp_path, lambda parent, child: False) == 600_000 + 300_000
    assert trees == []  # read twice: the first reading saw 11 go and 12 come


def test_one_fact_is_added_that_the_build_reads(tmp_path: Path):
    from generator.build import build_model

    paths = generate(40, tmp_path / "content")
    before, _ = build_model(tmp_path / "content", cache=False)
    subject, object_id = run.add_fact(paths[10], tmp_path / "content" / "entities")
    after, _ = build_model(tmp_path / "content", cache=False)
    added = [f for i, f in after.facts.items() if i not in before.facts]
    assert [(f.kind, f.subject, f.object, f.quantity.value) for f in added] == [
        ("investment", subject, object_id, 9_000_000)
    ]
