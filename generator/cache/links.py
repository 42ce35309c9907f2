"""Each article's links as the last build read them, kept in the store: a command-line build reads again only
the links of the articles whose text changed (a preview server keeps them in memory, `Aggregator.links`).

`consistency.link_problems` judges every link against the articles of this build; what it keeps per article,
by (path, hash of its text), is what reading the text gave: each link that needs judging with its place.
The store keeps one row per article (`Store.article_links`): its path, the hash of its text and its links as
JSON (plain values: nothing in it can run code when read). A build reads the rows once and, at its end,
writes only those of the articles whose text changed and deletes those of the articles gone. A row that is
not what this module writes (damaged, foreign) is ignored: that article's links are read again, and its row
written anew.
"""

from __future__ import annotations

import json
import logging

from generator.cache.store import Store
from generator.consistency import LinkMemo
from generator.errors import Location

log = logging.getLogger(__name__)

_NONE = b"[]"  # most articles link nowhere that needs judging


class KeptLinks:
    """The links rows of one content folder (`root`, as the article rows name it): read once, then the
    memo `link_problems` fills in, and the rows that changed written back."""

    def __init__(self, store: Store, root: str):
        self.store = store
        self.root = root
        self._read: dict[str, str | None] = {}  # the hash of each row read by path (None: not usable)

    def read(self) -> LinkMemo:
        """The memo of the rows kept: (path, hash) to the article's links, the usable rows only."""
        memo: LinkMemo = {}
        for path, digest, payload in self.store.article_links(self.root):
            links = links_from_bytes(path, payload) if isinstance(path, str) else None
            if links is None or not isinstance(digest, str):
                log.debug("ignoring the stored links of %r: not of this program", path)
                self._read[path] = None
                continue
            self._read[path] = digest
            memo[(path, digest)] = links
        return memo

    def write(self, memo: LinkMemo) -> int:
        """Make the rows those of `memo` (this build's), writing only the articles whose hash is not the
        one read, and deleting the others; returns how many rows were written or deleted."""
        changed = {}
        for (path, digest), links in memo.items():
            if self._read.get(path) != digest and (payload := links_to_bytes(path, links)) is not None:
                changed[path] = (digest, payload)
        gone = self._read.keys() - {path for path, _ in memo}
        if not changed and not gone:
            return 0
        written = self.store.put_article_links(self.root, changed, gone)
        log.debug("stored links: %d rows written or deleted", written)
        return written


def links_to_bytes(path: str, links: list) -> bytes | None:
    """The links of the article at `path` as JSON (their places are in that file, so only line and column);
    None when one is placed in another file (`link_problems` makes none: such links are not kept)."""
    if not links:
        return _NONE
    rows = []
    for location, target, slug, scheme in links:
        if location.path != path:
            return None
        rows.append([location.line, location.col, target, slug, scheme])
    return json.dumps(rows, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def links_from_bytes(path: str, data: object) -> list | None:
    """The links `links_to_bytes` wrote for `path`; None for anything else."""
    if data == _NONE:
        return []
    try:
        return [
            (Location(path, _number(line), _number(col)), _text(target), _maybe(slug), _maybe(scheme))
            for line, col, target, slug, scheme in json.loads(data)  # type: ignore[arg-type]
        ]
    except (ValueError, TypeError):  # not JSON, or not of this shape
        return None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return value


def _maybe(value: object) -> str | None:
    return None if value is None else _text(value)


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a number, not {type(value).__name__}")
    return value
