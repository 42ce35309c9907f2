"""Each article's links as the last build read them, kept in the store: a command-line build reads again only
the links of the articles whose text changed (a preview server keeps them in memory, `Aggregator.links`).

`consistency.link_problems` judges every link against the articles of this build; what it keeps per article,
by (path, hash of its text), is what reading the text gave: each link that needs judging with its place.
The store keeps that as JSON (plain values: nothing in it can run code when read), one row per content folder;
a row that is not what this module writes is ignored.
"""

from __future__ import annotations

import json
import logging

from generator.consistency import LinkMemo
from generator.errors import Location

log = logging.getLogger(__name__)


def links_to_bytes(memo: LinkMemo) -> bytes:
    """The memo as JSON, in a stable order."""
    rows = [
        [
            path,
            digest,
            [[loc.path, loc.line, loc.col, target, slug, scheme] for loc, target, slug, scheme in links],
        ]
        for (path, digest), links in sorted(memo.items())
    ]
    return json.dumps(rows, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def links_from_bytes(data: bytes) -> LinkMemo:
    """The memo `links_to_bytes` wrote; an empty one for anything else."""
    try:
        rows = json.loads(data)
        memo: LinkMemo = {}
        for path, digest, links in rows:
            memo[(_text(path), _text(digest))] = [
                (
                    Location(_text(lpath), _number(line), _number(col)),
                    _text(target),
                    _maybe(slug),
                    _maybe(scheme),
                )
                for lpath, line, col, target, slug, scheme in links
            ]
        return memo
    except (ValueError, TypeError) as error:  # not JSON, or not of this shape: read every article again
        log.debug("ignoring the stored links: %s", error)
        return {}


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
