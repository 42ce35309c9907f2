"""Which pages the site search indexes, and in which shard of the index each one is.

The index is split into shards, each made by a Pagefind run of its own: Pagefind holds every page it indexes
in memory until it writes, so the largest shard, not the site, sets the memory a build needs; and a shard
none of whose pages changed keeps the previous site's files, so a small change re-indexes a few shards.

Pages are grouped by their first folder (`articles/`, `companies/`, `timeline/`, a language's `it/`…): a
change tends to touch few groups, and a group's pages look alike. A group of more than `SHARD_PAGES` pages,
or `SHARD_BYTES` bytes of pages, is split in two by a bit of a hash of each page's path, and again while a
part is too big; a page stays in its shard while other pages come and go, unless its part grows past the
limit and splits.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# The most one Pagefind run indexes: 500 article pages take about 100 MB of Pagefind's memory, and 16 MB of
# pages (sheets, timeline years: 50-250 KB each) about as much.
SHARD_PAGES = 500
SHARD_BYTES = 16_000_000
_MARK = b"data-pagefind-body"
StrPath = str | os.PathLike  # a page's file: a plain string where a site has many thousands of them
_SIMPLE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")


@dataclass(frozen=True)
class Shard:
    name: str  # its folder in pagefind/: lowercase letters, digits, '-' and '_'
    pages: tuple[str, ...]  # site paths, sorted


def html_pages(folder: Path, skip: Iterable[str]) -> list[str]:
    """The site paths of every HTML page under `folder`, sorted, leaving out the top folders in `skip`."""
    skipped = set(skip)
    found: list[str] = []
    top = os.fspath(folder)
    for root, folders, names in os.walk(top):
        base = os.path.relpath(root, top).replace(os.sep, "/")
        if base == ".":
            folders[:] = [name for name in folders if name not in skipped]
            prefix = ""
        else:
            prefix = base + "/"
        found.extend(prefix + name for name in names if name.endswith(".html"))
    return sorted(found)


def searched_pages(
    pages: Mapping[str, StrPath], known: Callable[[str], bool | None] = lambda page: None
) -> tuple[list[str], bool]:
    """The pages (site path: the file holding its bytes) Pagefind indexes: those that mark a part with
    `data-pagefind-body`, or all when none does (Pagefind's own rule); and whether any page is marked.

    `known(page)` tells the answer for a page without reading it (an unchanged page of the previous site),
    or None.
    """
    marked = []
    for page, path in pages.items():
        answer = known(page)
        if answer is None:
            with open(path, "rb") as page_file:
                answer = has_search_mark(page_file.read())
        if answer:
            marked.append(page)
    return (marked, True) if marked else (list(pages), False)


def has_search_mark(html: bytes) -> bool:
    """True when an element's attributes (not the text) hold `data-pagefind-body`."""
    start = html.find(_MARK)
    while start != -1:
        # Inside a tag when the last '<' before it comes after the last '>'.
        if html.rfind(b"<", 0, start) > html.rfind(b">", 0, start):
            return True
        start = html.find(_MARK, start + len(_MARK))
    return False


@dataclass(frozen=True)
class Limit:
    """How much one Pagefind run is given: its memory grows with the pages' bytes as with their number."""

    pages: int = SHARD_PAGES
    size: int = SHARD_BYTES

    def holds(self, sizes: list[int]) -> bool:
        return len(sizes) <= self.pages and sum(sizes) <= self.size


def plan_shards(pages: Mapping[str, int], limit: Limit | None = None) -> list[Shard]:
    """Every page (site path: bytes) in one shard within `limit`; the same pages always give the same shards.

    A site whose searched pages fit one shard has one, named `site` (no group's shard has '_' in its name).
    A page bigger than the limit alone is a shard alone.
    """
    limit = limit or Limit()
    if limit.holds(list(pages.values())):
        return [Shard("site", tuple(sorted(pages)))]
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for page, size in sorted(pages.items()):
        top, slash, _ = page.partition("/")
        groups.setdefault(top if slash else "", []).append((_bits(page), page, size))
    shards = []
    for group, members in sorted(groups.items()):
        shards.extend(_split(_group_name(group), "", members, limit))
    return sorted(shards, key=lambda shard: shard.name)


def _split(name: str, prefix: str, members: list[tuple[str, str, int]], limit: Limit) -> list[Shard]:
    """The shard of the pages whose hash begins with `prefix`, or its halves when it holds too much."""
    if len(members) == 1 or limit.holds([size for _, _, size in members]) or len(prefix) >= 64:
        label = f"{name}_{prefix}" if prefix else name
        return [Shard(label, tuple(sorted(page for _, page, _ in members)))]
    halves = []
    for bit in "01":
        part = [member for member in members if member[0][len(prefix)] == bit]
        if part:
            halves.extend(_split(name, prefix + bit, part, limit))
    return halves


def _bits(page: str) -> str:
    digest = hashlib.blake2b(page.encode("utf-8"), digest_size=8).digest()
    return format(int.from_bytes(digest, "big"), "064b")


def _group_name(group: str) -> str:
    """A folder name for a group: its own when it is plain, else a hash of it.

    Never with 'pagefind' in it: Pagefind's script takes the address before '/pagefind' as the site's.
    """
    if _SIMPLE_NAME.fullmatch(group) and "pagefind" not in group:
        return group
    return "g" + hashlib.blake2b(group.encode("utf-8"), digest_size=4).hexdigest()
