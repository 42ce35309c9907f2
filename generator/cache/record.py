"""The record of the last build into an output: its stamp, its report and the keys of its pages.

A build is a pure function of the content folder's files, the templates (the site's and the default
theme's), the options that reach the output, `SOURCE_DATE_EPOCH`, this package's code and the versions of
the libraries that render. The stamp hashes all of them (file contents, not times: a `touch` or a fresh
checkout changes nothing). A successful build keeps a record in the cache folder, one per output folder:
the stamp, the identity of the output it wrote (its marker file, written anew by every build) and its
report, whose warnings (16,000 at 10,000 articles: 5 MB) are a file of their own that the record names by
digest, written only when they changed. The key of each page (see `pagekeys`) is kept in the store, a row
per page, so a build writes the rows of the pages whose key changed; so are the shape of each page of
facts, for the next build to know which keys it need not hash again (`pagekeys.KeptPages`), and the digest
of each fact (`factdigests`). A build whose stamp matches the record, into an output that is still the one
recorded, has nothing to do; a build that has work to do reuses the pages whose key is the one recorded.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.cache.digest import Digest, digest_of, file_digest, tree_digest
from generator.cache.files import ensure_cache_folder, read_regular_file, write_atomically
from generator.cache.filestats import FileDigests
from generator.cache.store import Store
from generator.cache.versions import code_digest, library_versions
from generator.discover import is_article_name
from generator.errors import Location, Problem, ProblemTexts

if TYPE_CHECKING:  # a build with nothing to do reads the record only: it imports neither
    from generator.cache.factdigests import FactDigests
    from generator.cache.pagekeys import KeptPages

log = logging.getLogger(__name__)

_RECORDS = "builds"  # the records' folder inside the cache folder


@dataclass(frozen=True, kw_only=True)
class BuildInputs:
    """What a build's output depends on besides the code: its content, templates and options."""

    content: Path
    search_path: list[Path]  # template folders, the site's first
    settings: dict[str, object]  # the options that reach the output, as JSON
    source_date_epoch: str | None

    def stamp(self, files: FileDigests | None = None) -> str:
        """The digest of the inputs, of this package's code and of the libraries that render; `files`
        knows the digests of the files whose stat did not change."""
        header = self._header()
        if files is not None:
            for folder in (self.content, *self.search_path):
                files.watch(folder)
        digest = Digest().add(*header, "content", tree_digest(self.content, files))
        for index, folder in enumerate(self.search_path):
            digest.add(f"templates {index} {folder}", tree_digest(folder, files))
        return digest.hexdigest()

    def _header(self) -> list[str]:
        return [
            f"factsheets {__version__}",
            code_digest(),
            *library_versions(),
            json.dumps(self.settings, sort_keys=True, default=str),
            f"SOURCE_DATE_EPOCH={self.source_date_epoch or ''}",
        ]

    def frame(self, files: FileDigests) -> tuple[str, dict[str, str]] | None:
        """The digest of the inputs as `stamp` has them but for the bytes of the article files (their names
        count), and the digest of each article file by its path in the content folder; from the look at the
        files `stamp(files)` took (None when it took none of the content folder)."""
        listing = files.listed(os.fspath(self.content))
        if listing is None:
            return None
        digest = Digest().add(*self._header(), "content frame")
        articles: dict[str, str] = {}
        for base, prefix, names in listing:
            digest.add(prefix, *names)
            for name in names:
                found = file_digest(base + name, files)
                if prefix == "articles/" and is_article_name(name):
                    articles[prefix + name] = found
                else:
                    digest.add(found)
        for index, folder in enumerate(self.search_path):
            digest.add(f"templates {index} {folder}", tree_digest(folder, files))
        return digest.hexdigest(), articles


@dataclass(frozen=True, kw_only=True)
class BuildRecord:
    """What a build reported: how many files, articles, entities and facts, and its warnings."""

    files: int
    articles: int
    entities: int
    facts: int
    warnings: list[Problem]


_COUNTS = ("files", "articles", "entities", "facts")


def _record_path(folder: Path, output: Path) -> Path:
    name = digest_of(os.fsencode(output.resolve()))[:32]
    return folder / _RECORDS / f"{name}.json"


def _warnings_path(record: Path) -> Path:
    return record.with_suffix(".warnings.json")


def _articles_path(record: Path) -> Path:
    return record.with_suffix(".articles.json")


def _listing_path(record: Path) -> Path:
    return record.with_suffix(".listing.json")


@dataclass(frozen=True, kw_only=True)
class RecordedArticles:
    """What a build after edits to articles' text needs of the build that wrote the output (see
    `body_edits`): the digest of every input but the bytes of the article files (`BuildInputs.frame`), the
    digest of each article file by its path in the content folder, the slugs of the site's articles and
    the date its sheets are as of."""

    frame: str
    files: dict[str, str]
    slugs: list[str]
    as_of: str


@dataclass(frozen=True, kw_only=True)
class LastBuild:
    """The record of the build that wrote an output, whatever its inputs: its report, its warnings' JSON
    and its articles."""

    identity: str  # of the output it wrote
    report: dict[str, int]
    warnings_json: bytes
    articles: RecordedArticles
    listing: bytes | None = None  # the output's files as the build left them (`write.listing_data`)

    @functools.cached_property
    def warnings(self) -> list[dict]:
        """The warnings as the JSON objects the record keeps, in order (read when first asked: 16,000 at
        10,000 articles)."""
        return [dict(w) for w in json.loads(self.warnings_json)]


def _write(path: Path, data: bytes) -> bool:
    try:
        ensure_cache_folder(path.parent.parent)
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, data)  # two builds at once: each file is whole
    except OSError as error:
        log.debug("cannot keep the build record in %s: %s", path, error)
        return False
    return True


def _read(
    path: Path, output: Path, identity: str, stamp: str | None, with_articles: bool = False
) -> tuple[dict, bytes, bytes | None]:
    """The record at `path`, its warnings' JSON and (`with_articles`) its articles' JSON, if it is of the
    output now at `output` and (unless `stamp` is None) of the inputs of `stamp`; raises ValueError when
    not. The record is checked before its side files are read: a build with work to do (its stamp
    another) does not read the 16,000 warnings of a big archive to know it."""
    data = read_regular_file(path)
    if data is None:
        raise ValueError(f"no record in {path}")
    record = json.loads(data)
    if (record.get("output"), record.get("identity")) != (str(output), identity):
        raise ValueError(f"{path} records another build's output")
    if stamp is not None and record.get("stamp") != stamp:
        raise ValueError(f"{path} records a build of other inputs")
    articles = _side_file(_articles_path(path), record.get("articles")) if with_articles else None
    return record, _side_file(_warnings_path(path), record.get("warnings")), articles


def _optional_side_file(path: Path, digest: object) -> bytes | None:
    """`_side_file`, or None when the record names none or it is missing or another's."""
    try:
        return _side_file(path, digest) if digest is not None else None
    except ValueError:
        return None


def _side_file(path: Path, digest: object) -> bytes:
    """The bytes of a file that a record names by its SHA-256; raises ValueError when it is missing or
    another's (another build into the output may have written its own meanwhile)."""
    data = read_regular_file(path)
    if data is None or hashlib.sha256(data).hexdigest() != digest:
        raise ValueError(f"{path} is missing or another build's")
    return data


def save_record(
    folder: Path,
    output: Path,
    stamp: str,
    identity: str | None,
    record: BuildRecord,
    texts: ProblemTexts | None = None,
    articles: RecordedArticles | None = None,
    kept: list[str] | None = None,
    listing: bytes | None = None,
) -> None:
    """Keep what the build reported, so a rebuild with nothing to do reports (and warns) the same; `texts`
    keeps the warnings' JSON between the builds of one process (a preview server's), which then writes
    them only when they changed; `kept`, when given, is that JSON already made. With `articles`, a build
    after edits to articles' text may start from this one (see `body_edits`), and with `listing` (the
    output's files, as `write.listing_data` gives them) without walking the output."""
    if identity is None:
        return
    path = _record_path(folder, output)
    listed = _kept_listing(path, listing) if listing is not None else None
    warnings_path = _warnings_path(path)
    if kept is None:
        # the same JSON, with each warning's object as `texts` kept it when given
        kept = (
            texts.kept(record.warnings)
            if texts is not None
            else [json.dumps(w.as_dict()) for w in record.warnings]
        )
    written = texts.written if texts is not None else None
    if written is not None and written[:2] == (warnings_path, kept):
        digest = written[2]
    else:
        data = ("[" + ", ".join(kept) + "]").encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        if not _write(warnings_path, data):
            return
        if texts is not None:
            texts.written = (warnings_path, kept, digest)
    head = {
        "stamp": stamp,
        "output": str(output),
        "identity": identity,
        "report": {name: getattr(record, name) for name in _COUNTS},
        "warnings": digest,
    }
    if articles is not None:
        data = json.dumps(
            {
                "frame": articles.frame,
                "files": articles.files,
                "slugs": articles.slugs,
                "as_of": articles.as_of,
            },
            separators=(",", ":"),
        ).encode("utf-8")
        if _write(_articles_path(path), data):
            head["articles"] = hashlib.sha256(data).hexdigest()
        if listed is not None:
            head["listing"] = listed
    _write(path, json.dumps(head).encode("utf-8"))


def _kept_listing(path: Path, listing: bytes) -> str | None:
    """The digest of the side file of the record at `path` that holds `listing`, written unless the record
    there names it already (a build after an edit leaves the site's files as they were: 3 MB at 10,000
    articles not written again); None when it cannot be written."""
    digest = hashlib.sha256(listing).hexdigest()
    with contextlib.suppress(OSError, ValueError, AttributeError):
        before = json.loads(read_regular_file(path) or b"{}").get("listing")
        if before == digest and _optional_side_file(_listing_path(path), digest) is not None:
            return digest
    return digest if _write(_listing_path(path), listing) else None


def forget_record(folder: Path, output: Path) -> None:
    """Drop the record of the last build into `output`: the next build has work to do whatever its stamp
    (the preview's exports of that build are not in the site), while the keys of its pages still hold."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_record_path(folder, output))


def load_record(folder: Path, output: Path, stamp: str, identity: str | None) -> BuildRecord | None:
    """What the build with `stamp` that wrote the output now at `output` (by its `identity`) reported, or
    None when there is none: then the build has work to do."""
    if identity is None:
        return None
    try:
        record, kept, _ = _read(_record_path(folder, output), output, identity, stamp)
        warnings = [
            Problem(
                Location(w["path"], int(w["line"]), int(w["col"])),
                str(w["code"]),
                str(w["message"]),
                str(w["hint"]),
                severity=str(w["severity"]),
            )
            for w in json.loads(kept)
        ]
        counts = {name: int(record["report"][name]) for name in _COUNTS}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # missing or damaged: build as usual
    return BuildRecord(**counts, warnings=warnings)


def may_have_last_build(folder: Path, output: Path) -> bool:
    """Whether a build into `output` kept its articles (`load_last_build` may find them): a look at one
    file's name, before anything is read."""
    return _articles_path(_record_path(folder, output)).is_file()


def load_last_build(folder: Path, output: Path, identity: str | None) -> LastBuild | None:
    """The record of the build that wrote the output now at `output` (by its `identity`), whatever inputs
    it was of, when it kept its articles; None otherwise."""
    if identity is None:
        return None
    try:
        record, warnings, articles = _read(
            _record_path(folder, output), output, identity, stamp=None, with_articles=True
        )
        side = json.loads(articles)  # type: ignore[arg-type]
        recorded = RecordedArticles(
            frame=str(side["frame"]),
            files={str(k): str(v) for k, v in side["files"].items()},
            slugs=[str(s) for s in side["slugs"]],
            as_of=str(side["as_of"]),
        )
        return LastBuild(
            identity=identity,
            report={name: int(record["report"][name]) for name in _COUNTS},
            warnings_json=warnings,
            articles=recorded,
            listing=_optional_side_file(_listing_path(_record_path(folder, output)), record.get("listing")),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # missing or damaged: build as usual


def save_page_keys(
    store: Store,
    output: Path,
    identity: str | None,
    keys: dict[str, str],
    previous: dict[str, str],
    same: set[str] | None = None,
) -> None:
    """Keep the key of each page the build wrote (see `pagekeys`), with the output's identity; only the
    rows that differ from `previous` (the keys `load_page_keys` gave this build; `same`, when known, the
    paths whose key is the previous one) are written."""
    if identity is not None:
        changed = store.put_page_keys(os.fsencode(output), identity, keys, previous, same)
        log.debug("page keys: %d rows written of %d pages", changed, len(keys))


def load_page_keys(store: Store, output: Path, identity: str | None) -> dict[str, str]:
    """The page keys of the build that wrote the output now at `output`; none if it was another build."""
    if identity is None:
        return {}
    return store.page_keys(os.fsencode(output), identity)


def load_page_memo(store: Store, output: Path, identity: str | None) -> KeptPages:
    """The page entries the build that wrote the output now at `output` kept (see `pagekeys.KeptPages`)."""
    from generator.cache.pagekeys import KeptPages

    if identity is None:
        return KeptPages()
    return KeptPages(*store.page_memo(os.fsencode(output), identity))


def save_page_memo(
    store: Store,
    output: Path,
    identity: str | None,
    made: KeptPages,
    kept: KeptPages,
    kept_identity: str | None,
) -> None:
    """Keep this build's page entries with the identity of the output it wrote; only the rows that differ
    from `kept` (what `load_page_memo` gave this build, for the output `kept_identity`) are written."""
    if identity is not None:
        rows = store.put_page_memo(
            os.fsencode(output),
            identity,
            (made.site, made.generation, made.pages),
            (kept.site, kept.generation, kept.pages),
            kept_identity,
        )
        log.debug("page memo: %d rows written of %d pages", rows, len(made.pages))


def load_fact_digests(store: Store, output: Path, identity: str | None) -> FactDigests:
    """The fact digests of the build that wrote the output now at `output` (see `factdigests`)."""
    from generator.cache.factdigests import FactDigests

    if identity is None:
        return FactDigests()
    return FactDigests(*store.fact_digests(os.fsencode(output), identity))


def save_fact_digests(
    store: Store,
    output: Path,
    identity: str | None,
    made: FactDigests,
    kept: FactDigests,
    kept_identity: str | None,
) -> None:
    """Keep this build's fact digests with the identity of the output it wrote; only the rows that differ
    from `kept` (what `load_fact_digests` gave this build, for the output `kept_identity`) are written."""
    if identity is not None:
        rows = store.put_fact_digests(
            os.fsencode(output),
            identity,
            (made.base, made.facts, made.articles),
            (kept.base, kept.facts, kept.articles),
            kept_identity,
        )
        log.debug("fact digests: %d rows written of %d facts", rows, len(made.facts))
