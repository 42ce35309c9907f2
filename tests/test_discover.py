"""The discover stage lists a folder's regular files without a look of their own; whatever is not plainly a
file inside the content folder still gets the full check."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.discover import discover
from generator.read.entities import load_entities


def test_the_articles_are_listed_sorted_by_name(site: Path):
    articles = site / "content" / "articles"
    for name in ("b-late.md", "A-upper.md", "a-lower.md"):
        shutil.copy(articles / "acme-globex.md", articles / name)
    files = discover(site / "content")
    names = [p.name for p in files.articles]
    assert names == sorted(names) and {"A-upper.md", "a-lower.md", "b-late.md"} <= set(names)
    assert all(p.parent == (site / "content" / "articles").resolve() for p in files.articles)


def test_an_articles_folder_linked_from_outside_is_outside_the_content_folder(site: Path):
    content = site / "content"
    outside = site / "elsewhere"
    shutil.move(content / "articles", outside)
    (content / "articles").symlink_to(outside, target_is_directory=True)
    files = discover(content)
    assert files.articles == []
    assert files.problems and {p.code for p in files.problems} == {"outside-content"}
    assert len(files.problems) == len(list(outside.glob("*.md")))


def test_an_articles_folder_linked_to_a_folder_inside_the_content_folder_is_content(site: Path):
    content = site / "content"
    shutil.move(content / "articles", content / "shared")
    (content / "articles").symlink_to(content / "shared", target_is_directory=True)
    files = discover(content)
    assert not files.problems
    assert [p.name for p in files.articles] == sorted(p.name for p in (content / "shared").glob("*.md"))


def test_a_folder_named_like_an_article_is_not_content(site: Path):
    (site / "content" / "articles" / "folder.md").mkdir()
    files = discover(site / "content")
    assert not files.problems and "folder.md" not in [p.name for p in files.articles]


def test_names_that_are_only_a_suffix_or_a_draft_are_not_content(site: Path):
    articles = site / "content" / "articles"
    shutil.copy(articles / "acme-globex.md", articles / "acme-globex.annotated.md")
    (site / "content" / "entities" / "notes.yml.txt").write_text("not an entity\n", encoding="utf-8")
    files = discover(site / "content")
    assert "acme-globex.annotated.md" not in [p.name for p in files.articles]
    entities, _ = load_entities(site / "content" / "entities")
    assert entities and all(e.id != "notes" for e in entities)


def test_a_second_listing_hands_on_the_paths_of_the_first(site: Path):
    """A preview server's builds take up the path objects made before (their text is made once)."""
    articles = site / "content" / "articles"
    first = discover(site / "content").articles
    kept = [p for p in first if p.name != "acme-globex.md"]
    shutil.copy(kept[0], articles / "zz-new.md")
    (articles / "acme-globex.md").unlink()
    second = discover(site / "content").articles
    assert [p.name for p in second] == sorted([p.name for p in kept] + ["zz-new.md"])
    assert all(any(p is q for q in second) for p in kept)
