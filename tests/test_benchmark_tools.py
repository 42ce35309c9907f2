"""The benchmark script's own parts (no timings here: those belong in benchmarks/)."""

from __future__ import annotations

import os
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
