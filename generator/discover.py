"""The discover stage: which content files there are, in a stable order, all inside the content folder.

Content is what lies inside the content folder. A link to a file elsewhere in the folder is followed; a link
that leads out of it is an error (`outside-content`), never followed: the site would publish whatever file the
link names (another project's drafts, a file in the home folder), and nothing in the content folder shows
it. There is no setting to allow it: a folder shared between sites can be linked as the whole content
folder, which is resolved before anything else. A broken or looping link is `unreadable-file`.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ConfigError, Location, Problem
from generator.read.textfile import display_path

ENTITY_SUFFIXES = (".yml", ".yaml")


@dataclass
class ContentFiles:
    root: Path  # the content folder
    shown_root: Path  # what messages show paths relative to
    site: Path
    entities: list[Path]
    articles: list[Path]
    # Links that lead out of the content folder or nowhere, among site.yml and the articles (load_entities
    # reports those among the entity files).
    problems: list[Problem] = field(default_factory=list)


def discover(content: Path) -> ContentFiles:
    """List `site.yml`, `entities/*.yml` and `articles/*.md`, sorted so every run sees the same order."""
    content = content.resolve()
    if not content.is_dir():
        raise ConfigError(
            f"the content folder '{content}' does not exist; pass --content DIR or run "
            "factsheets where a content/ folder is"
        )
    shown_root = content.parent
    entities, _ = content_paths(content / "entities", is_entity_file, content, shown_root)
    # Drafts written by `factsheets annotate` are for review, not for the site.
    articles, problems = content_paths(content / "articles", _is_article_file, content, shown_root)
    site = content / "site.yml"
    if problem := _link_problem(site, content, shown_root):
        problems.insert(0, problem)
    return ContentFiles(content, shown_root, site, entities, articles, problems)


def is_entity_file(name: str) -> bool:
    """An entity file's name: `*.yml` or `*.yaml`."""
    return name.endswith(ENTITY_SUFFIXES) and _has_stem(name)


def _is_article_file(name: str) -> bool:
    return name.endswith(".md") and _has_stem(name) and not name.endswith(".annotated.md")


def is_article_name(name: str) -> bool:
    """Whether a file of `articles/` named `name` is an article (a hidden name is an editor's file)."""
    return _is_article_file(name) and not name.startswith(".")


def _has_stem(name: str) -> bool:
    """A name with something before its suffix (`Path(".md").suffix` is "": such a name has none)."""
    return name.rfind(".") > 0


def content_paths(
    folder: Path, wanted: Callable[[str], bool], root: Path, shown_root: Path
) -> tuple[list[Path], list[Problem]]:
    """The files of `folder` with a `wanted` name, sorted, that are (or link to) regular files inside `root`;
    and a problem for each wanted name that links out of `root`, to nothing or in a loop."""
    if not folder.is_dir():
        return [], []
    # A regular file in a folder that lies inside `root` is inside it too: only the other entries (links,
    # and what is no file) need the full check. Their kind comes with the folder's listing.
    inside = folder.resolve().is_relative_to(root)
    with os.scandir(folder) as entries:
        # Hidden names are editors' lock and swap files (Emacs' `.#x.md` is a link to nowhere), not content.
        found = {
            entry.name: inside and entry.is_file(follow_symlinks=False)
            for entry in entries
            if wanted(entry.name) and not entry.name.startswith(".")
        }
    paths: list[Path] = []
    problems: list[Problem] = []
    # The paths made for this folder last time, taken up by name: a process that builds again and again (a
    # preview server) then hands on the same objects, whose text each later stage asks for, made once.
    last = _made.get(folder, {})
    made = _made[folder] = {}
    for name in sorted(found, key=os.path.normcase):  # as paths sort: by case-folded name on Windows
        path = made[name] = last.get(name) or folder / name
        if found[name]:
            paths.append(path)
        elif problem := _link_problem(path, root, shown_root):
            problems.append(problem)
        elif path.is_file():  # a folder named like a file is not content
            paths.append(path)
    return paths, problems


# The paths `content_paths` last made, by folder and name: only those of the last listing of each folder.
_made: dict[Path, dict[str, Path]] = {}


def _link_problem(path: Path, root: Path, shown_root: Path) -> Problem | None:
    """Why the file at `path` cannot be read as content: a link out of `root`, to nothing, or in a loop."""
    shown = display_path(path, shown_root)
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        if not path.is_symlink():
            return None  # no file at all (site.yml may be missing: load_site says so)
        return _unreadable(shown, f"it is a link to '{path.readlink()}', which does not exist")
    except (RuntimeError, OSError) as error:  # Python 3.11 raises RuntimeError for a loop, 3.13 OSError
        if isinstance(error, RuntimeError) or error.errno == errno.ELOOP:
            return _unreadable(shown, "it is a link that leads back to itself (a loop of links)")
        return _unreadable(shown, f"cannot follow the link: {error.strerror or error}")
    if target.is_relative_to(root):
        return None
    return Problem(
        Location(shown),
        "outside-content",
        f"this is a link to '{target}', outside the content folder; only files inside it are published",
        "copy the file into the content folder (or make the shared folder the content folder itself)",
    )


def _unreadable(shown: str, why: str) -> Problem:
    return Problem(
        Location(shown), "unreadable-file", f"cannot read the file: {why}", "fix the link or remove it"
    )
