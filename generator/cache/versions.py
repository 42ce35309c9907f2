"""The identity of the code that builds: this package's sources and the libraries that shape the output.

A change to either may change what a build makes, so every key of the build state includes them.
"""

from __future__ import annotations

import importlib.metadata
from functools import lru_cache
from pathlib import Path

from generator.cache.digest import Digest

_PACKAGE = Path(__file__).resolve().parent.parent

# Libraries whose version can change the bytes of the site (or of what the analysis finds).
_LIBRARIES = ("jinja2", "markupsafe", "markdown", "babel", "nh3", "spacy", "pyyaml", "text2num", "pagefind")


@lru_cache(maxsize=1)  # the stamp, the article cache's fingerprint and the page keys all ask, in every build
def code_digest() -> str:
    """A digest of this package's files: its code and the data it ships (JSON Schemas copied into the site,
    the cue files of the language pipeline); a change to any invalidates the state even between releases."""
    digest = Digest()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            digest.add(path.relative_to(_PACKAGE).as_posix(), path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)  # the versions this process runs with; each build asked three times (3 ms each)
def library_versions() -> tuple[str, ...]:
    """'name version' of each library that renders or analyses ('name -' when it is not installed)."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return tuple(versions)
