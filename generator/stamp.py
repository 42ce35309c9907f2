"""A build's stamp: a digest of all its output depends on, so a rebuild of the same inputs can stop early.

The build is a pure function of the content folder's files, the templates (the site's and the default
theme's), the options that reach the output, `SOURCE_DATE_EPOCH`, this package's code and the versions of
the libraries that render. The stamp hashes all of them (file contents, not times: a `touch` or a fresh
checkout changes nothing). A successful build keeps a record beside the analysis cache: the stamp, the
identity of the output it wrote (its marker file, written anew by every build) and its report. A build
whose stamp matches the record, into an output that is still the one recorded, has nothing to do.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import tempfile
from pathlib import Path

from generator import __version__
from generator.errors import Location, Problem

log = logging.getLogger(__name__)

# Libraries whose version can change the bytes of the site (or of what the analysis finds).
_LIBRARIES = ("jinja2", "markupsafe", "markdown", "babel", "nh3", "spacy", "pyyaml", "text2num")
_RECORDS = "builds"


def library_versions() -> list[str]:
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return versions


def hash_tree(digest: hashlib._Hash, folder: Path, label: str) -> None:
    """Every file under `folder` (names and bytes, in a stable order); links followed, as the build does."""
    digest.update(f"\x1d{label}\x1d".encode())
    if not folder.is_dir():
        digest.update(b"(none)")
        return
    visited: set[str] = set()
    for root, folders, names in os.walk(folder, followlinks=True):  # the build follows links, so must this
        real = os.path.realpath(root)
        if real in visited:  # a link back up the tree
            folders[:] = []
            continue
        visited.add(real)
        folders.sort()
        for name in sorted(names):
            path = Path(root, name)
            try:
                data = path.read_bytes()
            except OSError:
                data = b"\x00(unreadable)"  # the build reports it; the stamp must merely differ
            relative = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape")
            digest.update(len(relative).to_bytes(8, "big") + relative)
            digest.update(len(data).to_bytes(8, "big") + data)


def build_stamp(content: Path, search_path: list[Path], settings: dict[str, object]) -> str:
    """The digest of a build's inputs: content files, template folders, settings, code and libraries."""
    from generator.analyse.cache import code_digest

    digest = hashlib.sha256()
    header = [
        f"factsheets {__version__}",
        code_digest(),
        *library_versions(),
        json.dumps(settings, sort_keys=True, default=str),
        f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}",
    ]
    digest.update("\x1e".join(header).encode("utf-8"))
    hash_tree(digest, content, "content")
    for index, folder in enumerate(search_path):
        hash_tree(digest, folder, f"templates {index} {folder}")
    return digest.hexdigest()


def _record_path(cache_folder: Path, output: Path, kind: str = "") -> Path:
    name = hashlib.sha256(os.fsencode(output.resolve())).hexdigest()[:32]
    return cache_folder / _RECORDS / f"{name}{kind}.json"


def _write_record(path: Path, record: dict) -> None:
    from generator.analyse.cache import ensure_cache_folder

    try:
        ensure_cache_folder(path.parent.parent)
        path.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(record, stream)
        os.replace(temporary, path)  # two builds at once: each record is whole
    except OSError as error:
        log.debug("cannot keep the build record in %s: %s", path, error)


def save_page_keys(cache_folder: Path, output: Path, identity: str | None, keys: dict[str, str]) -> None:
    """Keep the key of each page the build wrote (see `render.pagekeys`), with the output's identity."""
    if identity is not None:
        _write_record(
            _record_path(cache_folder, output, "-pages"),
            {"output": str(output), "identity": identity, "pages": keys},
        )


def load_page_keys(cache_folder: Path, output: Path, identity: str | None) -> dict[str, str]:
    """The page keys of the build that wrote the output now at `output`; none if it was another build."""
    if identity is None:
        return {}
    try:
        record = json.loads(_record_path(cache_folder, output, "-pages").read_text(encoding="utf-8"))
        if (record.get("output"), record.get("identity")) != (str(output), identity):
            return {}
        pages = record["pages"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in pages.items()):
            return {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}  # missing or damaged: every page is rendered
    return pages


def save_record(
    cache_folder: Path,
    output: Path,
    stamp: str,
    identity: str | None,
    report: dict[str, object],
    warnings: list[Problem],
) -> None:
    """Keep what the build reported, so a rebuild with nothing to do reports (and warns) the same."""
    if identity is None:
        return
    record = {
        "stamp": stamp,
        "output": str(output),
        "identity": identity,
        "report": report,
        "warnings": [w.as_dict() for w in warnings],
    }
    _write_record(_record_path(cache_folder, output), record)


def load_record(
    cache_folder: Path, output: Path, stamp: str, identity: str | None
) -> tuple[dict, list[Problem]] | None:
    """The report and warnings of the build with `stamp` that wrote the output now at `output` (by its
    `identity`), or None when there is none: then the build has work to do."""
    if identity is None:
        return None
    try:
        record = json.loads(_record_path(cache_folder, output).read_text(encoding="utf-8"))
        recorded = (record.get("stamp"), record.get("output"), record.get("identity"))
        if recorded != (stamp, str(output), identity):
            return None
        warnings = [
            Problem(
                Location(w["path"], int(w["line"]), int(w["col"])),
                str(w["code"]),
                str(w["message"]),
                str(w["hint"]),
                severity=str(w["severity"]),
            )
            for w in record["warnings"]
        ]
        report = {k: int(v) for k, v in record["report"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing or damaged: build as usual
    return report, warnings
