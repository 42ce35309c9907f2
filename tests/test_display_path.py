"""How messages name a file: relative to the content's root when it lies inside it, as pathlib has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.read.textfile import display_path


@pytest.mark.parametrize(
    ("path", "root", "shown"),
    [
        ("/site/content/articles/a.md", "/site/content", "articles/a.md"),
        ("/site/content/a.md", "/site/content", "a.md"),
        ("/site/contents/a.md", "/site/content", "/site/contents/a.md"),  # a longer name is not inside
        ("/elsewhere/a.md", "/site/content", "/elsewhere/a.md"),
        ("/a.md", "/", "a.md"),
        ("content/a.md", ".", "content/a.md"),
        ("/site/content", "/site/content", "."),
    ],
)
def test_a_path_is_shown_as_pathlib_would_show_it(path: str, root: str, shown: str):
    assert display_path(Path(path), Path(root)) == shown
    try:
        expected = Path(path).relative_to(root).as_posix()
    except ValueError:
        expected = Path(path).as_posix()
    assert shown == expected
