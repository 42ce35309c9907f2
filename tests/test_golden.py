"""The golden site: building tests/golden/content/ writes exactly the files kept in tests/golden/site/."""

from __future__ import annotations

import json
from pathlib import Path

from tests.golden import ADVICE, CONTENT, EXPECTED, build_golden
from tests.golden.compare import compare_trees, describe, files_of


def test_the_golden_content_builds_into_the_golden_site_byte_for_byte(tmp_path: Path):
    assert files_of(EXPECTED), f"the golden site is missing. {ADVICE}"
    built = tmp_path / "site"
    build_golden(built)
    difference = compare_trees(EXPECTED, built)
    assert not difference, describe(difference, EXPECTED, built, ADVICE)


def test_the_golden_site_covers_what_it_is_kept_for():
    # The content is small on purpose; this keeps it from shrinking below the cases it stands for.
    facts = json.loads((EXPECTED / "data" / "facts.json").read_text(encoding="utf-8"))
    quantities = [f["quantity"] for f in facts if f["quantity"]]
    assert {q["kind"] for q in quantities} >= {"money", "percent", "count"}
    assert any(q["qualifier"] == "range" for q in quantities)
    assert any(f["date"]["reported"] for f in facts) and any(not f["date"]["reported"] for f in facts)
    assert any(f["source_count"] > 1 for f in facts)  # corroborated
    assert any(f["conflicts"] for f in facts)
    entities = json.loads((EXPECTED / "data" / "entities.json").read_text(encoding="utf-8"))
    assert {e["kind"] for e in entities} >= {"company", "person", "product"}
    articles = [path.read_text(encoding="utf-8") for path in sorted((CONTENT / "articles").glob("*.md"))]
    assert {"language: en", "language: it"} <= {line for text in articles for line in text.splitlines()}
    assert any("review=draft" in text for text in articles)  # a draft, which a default build leaves out


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_compare_trees_finds_missing_extra_and_changed_files(tmp_path: Path):
    expected = _tree(tmp_path / "expected", {"same.txt": "a\n", "gone.txt": "b\n", "sub/page.html": "old\n"})
    built = _tree(tmp_path / "built", {"same.txt": "a\n", "new.txt": "c\n", "sub/page.html": "new\n"})
    difference = compare_trees(expected, built)
    assert (difference.missing, difference.extra, difference.changed) == (
        ["gone.txt"],
        ["new.txt"],
        ["sub/page.html"],
    )


def test_compare_trees_sees_dot_files(tmp_path: Path):
    expected = _tree(tmp_path / "expected", {".nojekyll": ""})
    built = _tree(tmp_path / "built", {})
    assert compare_trees(expected, built).missing == [".nojekyll"]


def test_identical_trees_have_no_difference(tmp_path: Path):
    expected = _tree(tmp_path / "expected", {"index.html": "<p>same</p>\n"})
    built = _tree(tmp_path / "built", {"index.html": "<p>same</p>\n"})
    assert not compare_trees(expected, built)


def test_the_failure_message_lists_the_files_diffs_the_first_change_and_says_how_to_regenerate(
    tmp_path: Path,
):
    expected = _tree(tmp_path / "expected", {"a.html": "one\ntwo\n", "b.html": "x\n", "gone.txt": ""})
    built = _tree(tmp_path / "built", {"a.html": "one\nTWO\n", "b.html": "y\n", "new.txt": ""})
    message = describe(compare_trees(expected, built), expected, built, ADVICE)
    assert "missing from the build: gone.txt" in message
    assert "not in the golden site: new.txt" in message
    assert "changed: a.html" in message and "changed: b.html" in message
    assert "-two\n+TWO" in message and "+y" not in message  # only the first changed file is diffed
    assert "python -m tests.golden" in message


def test_a_long_diff_is_cut(tmp_path: Path):
    expected = _tree(tmp_path / "expected", {"long.txt": "".join(f"{i}\n" for i in range(200))})
    built = _tree(tmp_path / "built", {"long.txt": "".join(f"{i}!\n" for i in range(200))})
    message = describe(compare_trees(expected, built), expected, built, ADVICE)
    assert "more diff lines" in message
    assert len(message.splitlines()) < 60
