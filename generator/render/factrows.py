"""The facts' exports (`data/facts.json`, `data/facts.csv`, and the database: `sqlite.write_database`) made
by the row: a fact whose record is as it was in the previous export keeps its bytes there, copied, rather
than being made again.

A fact's record (`data.fact_record`) follows from the fact itself, the metadata of the articles it cites,
its subject's sheet address, the base URL and the settings. The page keys already have digests of the first
two (`PageKeyer._fact`, `PageKeyer._article`: `RecordKeys`); the site key holds the rest (settings, base
URL, every entity's id and kind, so every sheet's address; code) and is kept once for the whole export. An
index kept in the cache folder, one per output and export, lists the facts of the export it was written
with, in order: id and digest (and for the JSON and the CSV the length in bytes of its line and of its row:
a cell may hold a newline, so rows are found by their lengths, not by splitting lines); with the digest of
every article's metadata and the size and SHA-256 of the files. A fact is copied when its digest is the
index's and none of the articles it cites changed.

Nothing is trusted: the output's files are used only when their bytes are those the index was written with
(hashed again, 0.1 s for the 186 MB of 10,000 articles), and anything missing, damaged or of another site
key makes the exports whole. The index describes the bytes it was written with, whether or not the build
that wrote it got as far as the output: an output left as it was then simply does not match it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from generator.cache.digest import digest_of
from generator.cache.files import ensure_cache_folder, open_regular_file, write_atomically

if TYPE_CHECKING:
    from generator.cache.pagekeys import KeyMemo
    from generator.model import SiteModel

log = logging.getLogger(__name__)

FORMAT = 3  # of the index: bump when it changes
_FILES = ("data/facts.json", "data/facts.csv")
_CHUNK = 1 << 20  # bytes copied at a time: a run of unchanged rows is never held whole
_JSON_SEPARATOR = b",\n"


@dataclass(frozen=True)
class ExportPlace:
    """Where the facts' exports of one output are (`output`) and where their index is kept (`index`)."""

    output: Path
    index: Path

    @property
    def database_index(self) -> Path:
        """The index of the database's facts (see `sqlite.write_database`)."""
        return self.index.with_suffix(".db-rows")

    @classmethod
    def of(cls, cache: Path, output: Path) -> ExportPlace:
        name = digest_of(os.fsencode(output.resolve()))[:32]
        return cls(output, cache / "exports" / f"{name}.rows")


class RecordKeys:
    """What a fact's record is made of, by digest: the fact's (`__call__`) and every article's metadata
    (`articles`), from the page keys' memo (`KeyMemo`): a command-line build's kept and made in the store
    (`FactKeys.made`), a preview server's kept with their objects; a fact or article neither has is hashed
    here, as the page keys would. A fact's record is unchanged when its digest is and none of the articles
    it cites changed (`stale`): comparing the digests the build has, not hashing them again per fact."""

    def __init__(self, model: SiteModel, memo: KeyMemo):
        from generator.cache.pagekeys import article_metadata

        self.site = memo.site
        made = memo.stored.made if memo.stored is not None else None
        usable = made is not None and made.base == memo.site
        self._fact_rows = made.facts if usable else {}
        self._article_rows = made.articles if usable else {}
        self._facts, self._articles = memo.facts, memo.articles
        self._model = model
        self._metadata = article_metadata
        self.articles = {slug: self._article(slug) for slug in model.articles}

    def __call__(self, fact_id: str) -> str:
        row = self._fact_rows.get(fact_id)
        if row is not None:
            return row[0]
        fact = self._model.facts[fact_id]
        kept = self._facts.get(fact_id)
        return kept[1] if kept is not None and kept[0] is fact else digest_of(repr(fact))

    def stale(self, articles: dict[str, str]) -> Callable[[str], bool]:
        """Whether a fact cites an article whose metadata is not as `articles` (an index's) had it."""
        changed = {slug for slug, digest in self.articles.items() if articles.get(slug) != digest}
        if not changed:
            return _never
        facts = self._model.facts
        return lambda fact_id: any(r.article in changed for r in facts[fact_id].sources)

    def _article(self, slug: str) -> str:
        row = self._article_rows.get(slug)
        if row is not None and len(row) > 2:
            return row[2]
        article = self._model.articles[slug]
        kept = self._articles.get(slug)
        if kept is not None and kept[0] is article:
            return kept[1]
        return digest_of(repr(self._metadata(article)))


def _never(fact_id: str) -> bool:
    return False


@dataclass
class RowPlan:
    """What the facts' exports need to be made by the row: where the previous ones are, and what each fact's
    record is made of (asked for when the exports are made, not when they are planned)."""

    place: ExportPlace
    keys: Callable[[], RecordKeys]


class _Previous:
    """The previous exports, open, and where each of their rows lies, by "fact-id digest"."""

    def __init__(
        self,
        files: list[BinaryIO],
        rows: dict[str, int],
        lengths: list[array],
        head: int,
        stale: Callable[[str], bool],
    ):
        self.files = files
        self.rows = rows
        self.lengths = lengths
        self.stale = stale  # whether a fact cites an article changed since
        # The offset of each row: the JSON's lines after "[\n", each followed by ",\n"; the CSV's rows after
        # its header, one after the other.
        self.offsets = [array("q"), array("q")]
        at = [2, head]
        for json_length, csv_length in zip(*lengths, strict=True):
            self.offsets[0].append(at[0])
            self.offsets[1].append(at[1])
            at[0] += json_length + len(_JSON_SEPARATOR)
            at[1] += csv_length

    def close(self) -> None:
        for handle in self.files:
            handle.close()


def _file_digest(handle: BinaryIO) -> tuple[int, str]:
    handle.seek(0)
    digest = hashlib.file_digest(handle, "sha256")  # type: ignore[arg-type]
    return handle.tell(), digest.hexdigest()


def read_index(
    index: Path, site: str, files: list[Path], take: Callable[[list[str]], None]
) -> tuple[dict, list[BinaryIO]] | None:
    """The head of the index at `index` and `files` (the exports it describes) open, when it is of this
    `site` key, whole, and the files' bytes are those it was written with; each of its rows, split at its
    spaces, handed to `take` on the way. None on any doubt (the exports are then made whole)."""
    handle = open_regular_file(index)
    if handle is None:
        return None
    opened: list[BinaryIO] = []
    try:
        with handle:
            head = json.loads(handle.readline())
            if head.get("format") != FORMAT or head.get("site") != site or not site:
                return None
            for path, expected in zip(files, head["files"], strict=True):
                file = open_regular_file(path)
                if file is None:
                    return None
                opened.append(file)
                if list(_file_digest(file)) != expected:
                    log.debug("%s is not the export its index describes: made whole", path)
                    return None
            digest = hashlib.sha256()
            for line in handle:
                digest.update(line)
                take(line.decode("utf-8").rstrip("\n").split(" "))
            if digest.hexdigest() != head["rows"]:
                raise ValueError("the rows are not those the index was written with")
        found, opened = (head, opened), []
        return found
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        log.debug("the index %s is damaged (%s): its exports are made whole", index, error)
        return None
    finally:
        for file in opened:
            file.close()


def keep_index(path: Path, output: Path, site: str, head: dict, entries: list[str]) -> None:
    """Keep the index of the exports in `output` made with the `site` key: `head` names their `files` (size
    and digest of each, see `file_digest`), `entries` are its rows (lines). Written in one step (a reader
    sees the old or the new one); a failure keeps none: the next exports are then made whole. The indexes of
    outputs that are gone are removed on the way (`prune_indexes`)."""
    body = "".join(entries).encode("utf-8")
    # the rows' digest: a damaged length would misplace every row after it
    head = {
        "format": FORMAT,
        "site": site,
        "output": os.fsdecode(output.resolve()),
        **head,
        "rows": hashlib.sha256(body).hexdigest(),
    }
    try:
        ensure_cache_folder(path.parent)
        write_atomically(path, (json.dumps(head) + "\n").encode("utf-8") + body)
    except OSError as error:
        log.debug("cannot keep the index %s: %s", path, error)
        with contextlib.suppress(OSError):
            os.unlink(path)
    prune_indexes(path.parent, keep=path.name.split(".")[0])


def prune_indexes(folder: Path, keep: str) -> None:
    """Remove the indexes in `folder` of an output folder that no longer exists (each is about 2 MB per
    1,000 facts, and a cache shared by builds into many folders would otherwise keep them all), and those of
    another format; never the indexes named `keep` (the output being written)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.split(".")[0] == keep or not name.endswith((".rows", ".db-rows")):
            continue
        index = folder / name
        try:
            with open(index, "rb") as handle:
                head = json.loads(handle.readline())
            gone = head.get("format") != FORMAT or not os.path.isdir(head["output"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            gone = True  # damaged: of no use to any build
        if gone:
            with contextlib.suppress(OSError):
                os.unlink(index)


def file_digest(path: Path) -> list:
    """The size and SHA-256 of the file at `path`, as an index's head names a file."""
    with open(path, "rb") as handle:
        return list(_file_digest(handle))


def previous_rows(place: ExportPlace, keys: RecordKeys) -> _Previous | None:
    """The previous facts' exports of `place` and where each of their rows lies (see `read_index`)."""
    rows: dict[str, int] = {}
    lengths = [array("q"), array("q")]

    def take(fields: list[str]) -> None:
        fact_id, key, json_length, csv_length = fields
        rows[f"{fact_id} {key}"] = len(rows)
        lengths[0].append(int(json_length))
        lengths[1].append(int(csv_length))

    found = read_index(place.index, keys.site, [place.output / name for name in _FILES], take)
    if found is None:
        return None
    head, files = found
    try:
        return _Previous(files, rows, lengths, int(head["csv_head"]), keys.stale(head["articles"]))
    except (ValueError, TypeError, KeyError, AttributeError):
        for file in files:
            file.close()
        return None


class _Out:
    """One export file being written: its size and, when an index is to be kept, its digest."""

    def __init__(self, handle: BinaryIO, hashed: bool):
        self.handle = handle
        self.digest = hashlib.sha256() if hashed else None

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        if self.digest is not None:
            self.digest.update(data)

    def copy(self, source: BinaryIO, start: int, end: int) -> None:
        source.seek(start)
        while start < end:
            chunk = source.read(min(_CHUNK, end - start))
            if not chunk:
                raise OSError("the previous export ended early")
            self.write(chunk)
            start += len(chunk)


class RowWriter:
    """Writes the facts' exports row by row: each fact's JSON line and CSV row either made (`add`) or, when
    `reuse` finds the fact's record unchanged, copied from the previous exports, runs of consecutive rows in
    one copy. With a plan, the index of what it wrote is kept at `finish`."""

    def __init__(self, facts: BinaryIO, table: BinaryIO, plan: RowPlan | None, csv_head: bytes):
        self.plan = plan
        self.keys = plan.keys() if plan is not None else None
        self.previous = previous_rows(plan.place, self.keys) if self.keys is not None else None
        self.out = [_Out(facts, plan is not None), _Out(table, plan is not None)]
        self.out[1].write(csv_head)
        self.csv_head = len(csv_head)
        self.separator = b"[\n"
        self.entries: list[str] = []  # the index's lines
        self._run: tuple[int, int] | None = None  # the previous rows being copied: first and last
        self._key = ""
        self.reused = 0

    def reuse(self, fact_id: str) -> bool:
        """Copy the fact's rows from the previous exports, if its record is unchanged there."""
        if self.keys is None:
            return False
        self._key = key = self.keys(fact_id)
        previous = self.previous
        at = previous.rows.get(f"{fact_id} {key}") if previous is not None else None
        if at is None or previous.stale(fact_id):
            return False
        run = self._run
        if run is not None and run[1] + 1 == at:
            self._run = (run[0], at)
        else:
            self._flush()
            self._run = (at, at)
        lengths = previous.lengths
        self.entries.append(f"{fact_id} {key} {lengths[0][at]} {lengths[1][at]}\n")
        self.reused += 1
        return True

    def add(self, fact_id: str, line: bytes, row: bytes) -> None:
        """A fact's JSON line and CSV row, made (after `reuse` said no)."""
        self._flush()
        self.out[0].write(self.separator + line)
        self.separator = _JSON_SEPARATOR
        self.out[1].write(row)
        if self.keys is not None:
            self.entries.append(f"{fact_id} {self._key} {len(line)} {len(row)}\n")

    def _flush(self) -> None:
        run, self._run = self._run, None
        if run is None:
            return
        previous = self.previous
        first, last = run
        self.out[0].write(self.separator)
        self.separator = _JSON_SEPARATOR
        for n, out in enumerate(self.out):
            start, end = previous.offsets[n][first], previous.offsets[n][last] + previous.lengths[n][last]
            out.copy(previous.files[n], start, end)

    def finish(self) -> None:
        """End the JSON array and keep the index of what was written."""
        self._flush()
        self.out[0].write(b"[]\n" if self.separator == b"[\n" else b"\n]\n")
        if self.plan is None:
            return
        log.debug("facts' exports: %d rows copied, %d made", self.reused, len(self.entries) - self.reused)
        files = [[out.handle.tell(), out.digest.hexdigest()] for out in self.out]
        head = {"files": files, "csv_head": self.csv_head, "articles": self.keys.articles}
        keep_index(self.plan.place.index, self.plan.place.output, self.keys.site, head, self.entries)
        self.entries = []

    def close(self) -> None:
        if self.previous is not None:
            self.previous.close()
