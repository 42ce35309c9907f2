"""How messages name a content file: by its path from the folder the command was run in, else in full."""

from __future__ import annotations

import itertools
import os

import pytest

from generator import errors

PATHS = ("content/articles/x.md", "x.md", "ü/é b.md", "../out/x.md", "/abs/x.md", "a/./b.md", "a//b.md")
PATHS += ("a/../b.md", "..", ".", "", "a/b/", "..x/y.md", "content/..hidden/x", "./x.md")
ROOTS = ("/w/site", "/w", "/w/site/content", "/other", "/", "/w/site/")
HERES = ("/w/site", "/w", "/w/site/content", "/", "/w/sit", "/w/site/", "/w/site/content/x")


def _from_here(path: str, root: str, here: str) -> str:
    """The plain way: the file's full path, made relative to `here` when it lies inside it."""
    full = os.path.normpath(os.path.join(root, path))
    inside = here if here.endswith(os.sep) else here + os.sep
    return (os.path.relpath(full, here) if full == here or full.startswith(inside) else full).replace(
        os.sep, "/"
    )


@pytest.mark.skipif(os.sep != "/", reason="the cases are POSIX paths")
@pytest.mark.parametrize(("root", "here"), list(itertools.product(ROOTS, HERES)))
def test_a_path_is_shown_as_the_plain_way_shows_it(root: str, here: str):
    """The shortcut for a plain path under a root inside the current folder (one `relpath` per root, not per
    file) names every file as the plain way does, and so do the paths it leaves to the plain way."""
    assert [errors._path_from(p, root, here) for p in PATHS] == [_from_here(p, root, here) for p in PATHS]
