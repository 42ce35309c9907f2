"""The store: one SQLite file in the cache folder that keeps every analysed article between builds.

Layout (`SCHEMA_VERSION`): a table `articles` with one row per article file of a content folder, keyed by
(`root`: a digest of the content folder's path, `path`: the file as messages name it); the row holds the
`key` of the inputs it was computed from (the file's bytes, its path and the fingerprint of settings and
code: see `articles.ArticleCache.key`), the `payload` (the pickled result, without the article's body when
it has one) and its `checksum`, the `body` (`bodies.py`: read only for an article's page, so a build does
not unpickle 10,000 texts to render one) and its `body_checksum`, the stamp of the entity `registry` the
result holds under and the article's `probe` (`registry_changes`), with its `probe_checksum`; the table
`registries` keeps each registry rows hold under, to be compared with a later one. A new version of an
article replaces its row, so the file holds one row per article.

Nothing in it is trusted: the file must carry our `application_id` and this `SCHEMA_VERSION`, or it is
deleted and made anew; a row whose payload does not match its checksum (a bit flipped, bytes overwritten
in place) is a miss and is computed again; any SQLite error makes the store a no-op for the rest of the
build and deletes the file at its end, so the next build starts clean. The store never makes a build fail.

Concurrency: SQLite's write-ahead log lets readers run beside one writer; every write is one transaction,
and writers wait for each other (`busy_timeout`). A build holds a shared `flock` on `store.lock` while it
has the store open; deleting and recreating the file needs the exclusive lock, so it never happens under
another build's feet (that build then simply runs without the store).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import operator
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from generator.cache.files import ensure_cache_folder

log = logging.getLogger(__name__)

STORE_FILE = "store.sqlite"
LOCK_FILE = "store.lock"
SCHEMA_VERSION = 10  # bump when a table changes: a store of another version is rebuilt
APPLICATION_ID = 0x46535431  # "FST1": marks the file as ours (`PRAGMA application_id`)
_BUSY_MS = 30_000  # how long a writer waits for another build's transaction

# A rowid table (rows hold payloads of kilobytes, which WITHOUT ROWID tables store poorly), one row per
# (root, path); looked up by key through its own index, named in the query: without statistics the planner
# would rather scan every row of the root (quadratic over a build).
_SCHEMA = (
    "CREATE TABLE articles ("
    " root TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL,"
    " checksum BLOB NOT NULL, payload BLOB NOT NULL, body_checksum BLOB, body BLOB,"
    " registry TEXT NOT NULL, probe_checksum BLOB, probe BLOB, UNIQUE (root, path))",
    "CREATE INDEX articles_by_key ON articles (key, root)",
    # The registries the rows of `articles` hold under, by their stamp (see `registry_changes`).
    "CREATE TABLE registries (root TEXT NOT NULL, stamp TEXT NOT NULL, checksum BLOB NOT NULL,"
    " payload BLOB NOT NULL, PRIMARY KEY (root, stamp)) WITHOUT ROWID",
    # The digest of each input file by its stat (see `filestats`): a file whose stat is the one recorded
    # is not read again to know its digest.
    "CREATE TABLE file_digests ("
    " path BLOB PRIMARY KEY, stat TEXT NOT NULL, digest TEXT NOT NULL) WITHOUT ROWID",
    # The key of each page of an output folder (see `pagekeys`), with the identity of the output they are
    # of: a build writes the rows of the pages whose key changed, not all of them.
    "CREATE TABLE outputs (output BLOB PRIMARY KEY, identity TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE page_keys ("
    " output BLOB NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (output, path)) WITHOUT ROWID",
    # The shape digest and key of each page of facts of the build that wrote an output (see
    # `pagekeys.KeptPages`): valid while the output has the identity `page_memos` names, and for the
    # kept aggregation of the generation it names. The head carries a checksum of itself and of every
    # row (`_rows_checksum`).
    "CREATE TABLE page_memos (output BLOB PRIMARY KEY, identity TEXT NOT NULL, site TEXT NOT NULL,"
    " generation TEXT NOT NULL, checksum BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE page_memo (output BLOB NOT NULL, path TEXT NOT NULL, shape TEXT NOT NULL,"
    " key TEXT NOT NULL, PRIMARY KEY (output, path)) WITHOUT ROWID",
    # The digest of every fact of the build that wrote an output, with its groups, and each article's token
    # and facts (see `factdigests`); valid while the output has the identity `fact_bases` names. The base
    # carries a checksum of itself and of every row: a row changed in any way discards them all (a missed
    # fact would leave a stale page, where a full hashing only costs time).
    "CREATE TABLE fact_bases (output BLOB PRIMARY KEY, identity TEXT NOT NULL, base TEXT NOT NULL,"
    " checksum BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE fact_digests (output BLOB NOT NULL, fact TEXT NOT NULL, digest TEXT NOT NULL,"
    " event TEXT NOT NULL, figure TEXT NOT NULL, PRIMARY KEY (output, fact)) WITHOUT ROWID",
    "CREATE TABLE fact_articles (output BLOB NOT NULL, slug TEXT NOT NULL, token TEXT NOT NULL,"
    " facts TEXT NOT NULL, meta TEXT NOT NULL, PRIMARY KEY (output, slug)) WITHOUT ROWID",
    # Each article's links as the last build of a content folder read them (see `links`), by the hash of
    # its text; each row with a checksum of its fields.
    "CREATE TABLE article_links (root TEXT NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL,"
    " checksum BLOB NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (root, path)) WITHOUT ROWID",
    # The aggregation of the last build of a content folder (see `snapshot`): the key it was made under and
    # a generation new at each write, then its rows by name, each with a checksum of its name and bytes.
    "CREATE TABLE aggregation_heads (root TEXT PRIMARY KEY, key TEXT NOT NULL, generation TEXT NOT NULL,"
    " checksum BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE aggregation (root TEXT NOT NULL, name TEXT NOT NULL, checksum BLOB NOT NULL,"
    " payload BLOB NOT NULL, PRIMARY KEY (root, name))",
)
# The tables that keep rows per output folder, and those of them with one row per output (its head).
_OUTPUT_HEADS = ("outputs", "page_memos", "fact_bases")
_OUTPUT_TABLES = (*_OUTPUT_HEADS, "page_keys", "page_memo", "fact_digests", "fact_articles")


_TABLES = {
    "articles",
    "registries",
    "file_digests",
    "outputs",
    "page_keys",
    "page_memos",
    "page_memo",
    "fact_bases",
    "fact_digests",
    "fact_articles",
    "article_links",
    "aggregation_heads",
    "aggregation",
}


def checksum(payload: bytes) -> bytes:
    """The digest a row keeps of its own payload: any change of its bytes, even in place, shows."""
    return hashlib.blake2b(payload, digest_size=16).digest()


# Asked for this many stored articles or fewer, the store looks each up by its key rather than reading every
# row of the content folder (a build after a few edits asks for those alone).
_FEW_KEYS = 100


class Store:
    """The store file of one cache folder, opened lazily; `enabled=False` or a failure: a store of nothing."""

    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = folder
        self.path = folder / STORE_FILE
        self.enabled = enabled
        self._connection: sqlite3.Connection | None = None
        self._lock: int | None = None
        self._pid = os.getpid()
        self.damaged = False  # an error was met: the file is deleted at `close`

    # --- opening ---------------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        """The open connection, made on first use (in this process: a forked worker makes its own)."""
        if not self.enabled or self.damaged:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        self._connection, self._lock, self._pid = None, None, os.getpid()
        try:
            ensure_cache_folder(self.folder)
            self._lock = _shared_lock(self.folder / LOCK_FILE)
            self._connection = self._open_checked()
        except (OSError, sqlite3.Error) as error:
            log.warning("cannot use the build store %s (%s); the build goes on without it", self.path, error)
            self._give_up()
            return None
        return self._connection

    def _open_checked(self) -> sqlite3.Connection:
        """Open the file; one of another version, of another program or unreadable is made anew first."""
        connection = _open(self.path)
        try:
            if _is_ours(connection):
                return connection
            if _is_empty(connection):
                _create(connection)
                return connection
        except sqlite3.DatabaseError as error:  # not a database at all, or damaged where we looked
            log.debug("the build store %s is unreadable: %s", self.path, error)
        connection.close()
        log.info("rebuilding the build store %s: it is damaged, foreign or of another version", self.path)
        if not self._recreate():
            raise sqlite3.OperationalError("another build is using the store")
        connection = _open(self.path)
        _create(connection)
        return connection

    def _recreate(self) -> bool:
        """Delete the store's files, under the exclusive lock; False when another build holds it."""
        if self._lock is None or not _upgrade(self._lock):
            return False
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.path}{suffix}")
        finally:
            _downgrade(self._lock)
        return True

    def _give_up(self) -> None:
        """Stop using the store for this build after an error (the file is dealt with at `close`)."""
        self.damaged = True
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        """Close the file; after an error, delete it (when no other build has it open) so the next starts
        clean."""
        if self._pid != os.getpid():
            return  # a forked worker's copy: the parent closes
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None
        if self._lock is not None:
            if self.damaged:
                self._recreate()
            os.close(self._lock)
            self._lock = None

    # --- articles --------------------------------------------------------------------------------------

    def article(self, root: str, key: str, registry: str = "") -> bytes | None:
        """The payload stored under `key` for the content folder `root`, if whole and recorded under the
        registry `registry`; None otherwise."""
        return self._article_column(root, key, "checksum, payload", registry)

    def article_body(self, root: str, key: str, registry: str = "") -> bytes | None:
        """The body stored beside the payload under `key` (see `bodies.py`), if whole; None otherwise."""
        return self._article_column(root, key, "body_checksum, body", registry)

    def _article_column(self, root: str, key: str, columns: str, registry: str) -> bytes | None:
        """One of an article row's blobs (`columns`: its checksum and it), when it matches its checksum and
        the row holds under `registry`."""
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute(
                f"SELECT {columns} FROM articles INDEXED BY articles_by_key"
                " WHERE key = ? AND root = ? AND registry = ?",
                (key, root, registry),
            ).fetchone()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return None
        if row is None:
            return None
        stored, blob = row
        if not isinstance(blob, bytes) or checksum(blob) != stored:
            log.debug("ignoring a stored article's %s: it does not match its checksum (key %s)", columns, key)
            return None
        return blob

    def article_payloads(
        self, root: str, keys: Collection[str], registry: str = ""
    ) -> Iterator[tuple[str, bytes]]:
        """(key, payload) of each of `keys` stored for `root` under `registry` whose payload is whole, read in
        one query (a query per article costs a build of 10,000 a few tenths of a second); in no particular
        order."""
        connection = self._connect()
        if connection is None:
            return
        wanted = keys if isinstance(keys, (set, frozenset, dict)) else set(keys)
        try:
            if len(wanted) <= _FEW_KEYS:  # by the index of keys: not every payload of `root` read
                rows = connection.execute(
                    "SELECT key, checksum, payload FROM articles INDEXED BY articles_by_key"
                    f" WHERE key IN ({', '.join('?' * len(wanted))}) AND root = ? AND registry = ?",
                    (*wanted, root, registry),
                )
            else:
                rows = connection.execute(
                    "SELECT key, checksum, payload FROM articles WHERE root = ? AND registry = ?",
                    (root, registry),
                )
            for key, stored, blob in rows:  # one payload at a time: never all of them in memory at once
                if key not in wanted:
                    continue
                if isinstance(blob, bytes) and checksum(blob) == stored:
                    yield key, blob
                else:
                    log.debug("ignoring a stored article: it does not match its checksum (key %s)", key)
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()

    def put_article(
        self,
        root: str,
        path: str,
        key: str,
        payload: bytes,
        body: bytes | None = None,
        registry: str = "",
        probe: bytes | None = None,
    ) -> bool:
        """Keep `payload` (and the article's `body`, read apart) as the article at `path`, made under the
        registry `registry` (and the `probe` that tells whether a change of it reaches the article: see
        `registry_changes`), replacing its older version, in one transaction; True when it is kept."""
        connection = self._connect()
        if connection is None:
            return False
        row = (root, path, key, checksum(payload), payload, body and checksum(body), body)
        row += (registry, probe and checksum(probe), probe)
        try:
            with connection:
                connection.execute(
                    "INSERT OR REPLACE INTO articles (root, path, key, checksum, payload, body_checksum,"
                    " body, registry, probe_checksum, probe) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
        except sqlite3.Error as error:
            log.warning(
                "cannot write the build store %s (%s); the build goes on without it", self.path, error
            )
            self._give_up()
            return False
        return True

    def article_registries(self, root: str) -> dict[str, str]:
        """The registry each stored article of `root` holds under, by key."""
        connection = self._connect()
        if connection is None:
            return {}
        try:
            return dict(connection.execute("SELECT key, registry FROM articles WHERE root = ?", (root,)))
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return {}

    def article_probes(self, root: str, keys: Collection[str]) -> dict[str, bytes]:
        """The probe of each of `keys` stored for `root` that has a whole one."""
        connection = self._connect()
        if connection is None:
            return {}
        wanted = keys if isinstance(keys, (set, frozenset, dict)) else set(keys)
        found = {}
        try:
            rows = connection.execute(
                "SELECT key, probe_checksum, probe FROM articles WHERE root = ?", (root,)
            )
            for key, stored, blob in rows:
                if key in wanted and isinstance(blob, bytes) and checksum(blob) == stored:
                    found[key] = blob
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return {}
        return found

    def restamp_articles(self, root: str, keys: Collection[str], old: str, new: str) -> int:
        """Record the articles of `root` under `keys` that hold under the registry `old` as holding under
        `new` (one whose row another build replaced meanwhile stays as it is); returns how many."""
        connection = self._connect()
        if connection is None or not keys:
            return 0
        try:
            with connection:
                return connection.executemany(
                    "UPDATE articles SET registry = ? WHERE key = ? AND root = ? AND registry = ?",
                    ((new, key, root, old) for key in keys),
                ).rowcount
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()
            return 0

    def registry(self, root: str, stamp: str) -> bytes | None:
        """The registry kept for `root` under `stamp`, if whole."""
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute(
                "SELECT checksum, payload FROM registries WHERE root = ? AND stamp = ?", (root, stamp)
            ).fetchone()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return None
        if row is None or not isinstance(row[1], bytes) or checksum(row[1]) != row[0]:
            return None
        return row[1]

    def put_registry(self, root: str, stamp: str, payload: bytes) -> None:
        """Keep the registry `payload` for `root` under `stamp`, unless kept already."""
        connection = self._connect()
        if connection is None:
            return
        try:
            with connection:
                connection.execute(
                    "INSERT OR REPLACE INTO registries (root, stamp, checksum, payload) VALUES (?, ?, ?, ?)",
                    (root, stamp, checksum(payload), payload),
                )
        except sqlite3.Error as error:
            log.warning(
                "cannot write the build store %s (%s); the build goes on without it", self.path, error
            )
            self._give_up()

    def prune_registries(self, root: str, keep: str) -> int:
        """Remove the registries of `root` no stored article holds under, but `keep`; returns how many."""
        connection = self._connect()
        if connection is None:
            return 0
        try:
            with connection:
                return connection.execute(
                    "DELETE FROM registries WHERE root = ? AND stamp != ? AND stamp NOT IN"
                    " (SELECT registry FROM articles WHERE root = ?)",
                    (root, keep, root),
                ).rowcount
        except sqlite3.Error as error:
            log.debug("pruning the build store failed: %s", error)
            self._give_up()
            return 0

    def prune_articles(self, root: str, used: set[str]) -> int:
        """Remove the rows of `root` whose key this build did not use; returns how many."""
        connection = self._connect()
        if connection is None:
            return 0
        try:
            with connection:
                connection.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                connection.execute("DELETE FROM used")
                connection.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in used))
                removed = connection.execute(
                    "DELETE FROM articles WHERE root = ? AND key NOT IN (SELECT key FROM used)", (root,)
                ).rowcount
                connection.execute("DELETE FROM used")
        except sqlite3.Error as error:
            log.debug("pruning the build store failed: %s", error)
            self._give_up()
            return 0
        return removed

    # --- file digests ----------------------------------------------------------------------------------

    def file_digests(self, prefix: bytes) -> dict[bytes, tuple[str, str]]:
        """(stat, digest) of every file recorded under the folder `prefix` (a path ending in a separator)."""
        connection = self._connect()
        if connection is None:
            return {}
        try:
            rows = connection.execute(
                "SELECT path, stat, digest FROM file_digests WHERE path >= ? AND path < ?",
                (prefix, prefix[:-1] + bytes([prefix[-1] + 1])),
            ).fetchall()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return {}
        return {path: (stat, digest) for path, stat, digest in rows if isinstance(path, bytes)}

    def put_file_digests(self, rows: dict[bytes, tuple[str, str]], gone: Iterable[bytes]) -> None:
        """Keep the (stat, digest) of these files and forget those of `gone`, in one transaction."""
        connection = self._connect()
        if connection is None:
            return
        try:
            with connection:
                connection.executemany("DELETE FROM file_digests WHERE path = ?", ((p,) for p in gone))
                connection.executemany(
                    "INSERT OR REPLACE INTO file_digests (path, stat, digest) VALUES (?, ?, ?)",
                    ((path, stat, digest) for path, (stat, digest) in rows.items()),
                )
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()

    # --- page keys -------------------------------------------------------------------------------------

    def page_keys(self, output: bytes, identity: str) -> dict[str, str]:
        """The page keys kept for the output folder `output` when they are of the output `identity`."""
        connection = self._connect()
        if connection is None:
            return {}
        try:
            with connection:  # one transaction: the identity and the rows of the same build
                row = connection.execute(
                    "SELECT identity FROM outputs WHERE output = ?", (output,)
                ).fetchone()
                if row is None or row[0] != identity:
                    return {}
                rows = connection.execute("SELECT path, key FROM page_keys WHERE output = ?", (output,))
                return {path: key for path, key in rows if isinstance(path, str) and isinstance(key, str)}
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return {}

    def put_page_keys(
        self,
        output: bytes,
        identity: str,
        keys: dict[str, str],
        previous: dict[str, str],
        same: set[str] | None = None,
    ) -> int:
        """Make the page keys of `output` `keys`, of the output `identity`, writing only the rows that differ
        from `previous` (the keys kept before, as `page_keys` gave them; `same`, when known, the paths whose
        key is the previous one); returns how many rows changed."""
        connection = self._connect()
        if connection is None:
            return 0
        if same is None:
            changed = [(output, p, k) for p, k in keys.items() if previous.get(p) != k]
        else:  # a set difference in C rather than a comparison per page (34,000 on every save of a preview)
            changed = [(output, p, keys[p]) for p in sorted(keys.keys() - same)]
        gone = [(output, p) for p in previous.keys() - keys.keys()]
        try:
            with connection:
                if not previous:  # whatever is kept is of another output: replaced whole
                    connection.execute("DELETE FROM page_keys WHERE output = ?", (output,))
                connection.execute(
                    "INSERT OR REPLACE INTO outputs (output, identity) VALUES (?, ?)", (output, identity)
                )
                connection.executemany("DELETE FROM page_keys WHERE output = ? AND path = ?", gone)
                connection.executemany(
                    "INSERT OR REPLACE INTO page_keys (output, path, key) VALUES (?, ?, ?)", changed
                )
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()
            return 0
        return len(changed) + len(gone)

    def forget_gone_outputs(self) -> int:
        """Drop every row kept for an output folder that no longer exists (each output's page keys, page
        memo and fact digests: 100,000 rows and more at 10,000 articles, which a store shared by builds into
        many folders would otherwise keep for each); how many outputs were dropped."""
        connection = self._connect()
        if connection is None:
            return 0
        try:
            with connection:
                heads = " UNION ".join(f"SELECT output FROM {table}" for table in _OUTPUT_HEADS)
                gone = [(o,) for (o,) in connection.execute(heads) if not os.path.isdir(os.fsdecode(o))]
                for table in _OUTPUT_TABLES:
                    connection.executemany(f"DELETE FROM {table} WHERE output = ?", gone)
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()
            return 0
        return len(gone)

    # --- page memo -------------------------------------------------------------------------------------

    def page_memo(self, output: bytes, identity: str) -> tuple[str, str, dict[str, tuple[str, str]]]:
        """(site key, generation, (shape, key) by path) kept for `output` when of the output `identity`
        (see `pagekeys.KeptPages`); ("", "", {}) otherwise, or when a row is damaged."""
        connection = self._connect()
        if connection is None:
            return "", "", {}
        try:
            with connection:  # one transaction: the head and the rows of the same build
                head = connection.execute(
                    "SELECT identity, site, generation, checksum FROM page_memos WHERE output = ?", (output,)
                ).fetchone()
                if head is None or head[0] != identity:
                    return "", "", {}
                rows = connection.execute(
                    "SELECT path, shape, key FROM page_memo WHERE output = ? ORDER BY path", (output,)
                ).fetchall()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return "", "", {}
        if head[3] != _rows_checksum(head[1:3], _read_table(rows)):
            log.debug("ignoring the stored page memo: a row is damaged")
            return "", "", {}
        return head[1], head[2], {path: (shape, key) for path, shape, key in rows}

    def put_page_memo(
        self,
        output: bytes,
        identity: str,
        made: tuple[str, str, dict[str, tuple[str, str]]],
        kept: tuple[str, str, dict[str, tuple[str, str]]],
        kept_identity: str | None,
    ) -> int:
        """Make the page memo of `output` (of the output `identity`) `made`, writing only the rows that
        differ from `kept` (what `page_memo` gave this build for the output `kept_identity`); all of them
        when the rows are of another build by now. Returns how many rows were written or deleted."""
        connection = self._connect()
        if connection is None:
            return 0
        site, generation, pages = made
        try:
            with connection:
                head = connection.execute(
                    "SELECT identity, site, generation FROM page_memos WHERE output = ?", (output,)
                ).fetchone()
                if head is None or head != (kept_identity, *kept[:2]) or not kept[2]:
                    # Another build's rows, or none, or damaged ones: replaced whole.
                    connection.execute("DELETE FROM page_memo WHERE output = ?", (output,))
                    kept = ("", "", {})
                connection.execute(
                    "INSERT OR REPLACE INTO page_memos (output, identity, site, generation, checksum)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        output,
                        identity,
                        site,
                        generation,
                        _rows_checksum((site, generation), _made_table(pages)),
                    ),
                )
                return _write_changed(
                    connection, "page_memo", ("path", "shape", "key"), output, pages, kept[2]
                )
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()
            return 0

    def follow_output(self, output: bytes, before: str, after: str) -> None:
        """The page memo and the fact digests kept for `output` when it had the identity `before` hold for it
        now that it has `after`: the build that wrote it changed nothing they describe (`body_edits`). The
        identity is outside their checksums for this."""
        connection = self._connect()
        if connection is None:
            return
        try:
            with connection:
                for table in ("page_memos", "fact_bases"):
                    connection.execute(
                        f"UPDATE {table} SET identity = ? WHERE output = ? AND identity = ?",
                        (after, output, before),
                    )
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()

    # --- fact digests ----------------------------------------------------------------------------------

    def fact_digests(
        self, output: bytes, identity: str
    ) -> tuple[str, dict[str, tuple[str, str, str]], dict[str, tuple[str, ...]]]:
        """(base, facts, articles) kept for `output` when they are of the output `identity` (see
        `factdigests`); ("", {}, {}) otherwise."""
        connection = self._connect()
        if connection is None:
            return "", {}, {}
        try:
            with connection:  # one transaction: the base and the rows of the same build
                row = connection.execute(
                    "SELECT identity, base, checksum FROM fact_bases WHERE output = ?", (output,)
                ).fetchone()
                if row is None or row[0] != identity:
                    return "", {}, {}
                facts = connection.execute(
                    "SELECT fact, digest, event, figure FROM fact_digests WHERE output = ? ORDER BY fact",
                    (output,),
                ).fetchall()
                articles = connection.execute(
                    "SELECT slug, token, facts, meta FROM fact_articles WHERE output = ? ORDER BY slug",
                    (output,),
                ).fetchall()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return "", {}, {}
        if row[2] != _rows_checksum(row[1:2], _read_table(facts), _read_table(articles)):
            log.debug("ignoring the stored fact digests: a row is damaged")
            return "", {}, {}
        return row[1], {r[0]: (r[1], r[2], r[3]) for r in facts}, {r[0]: (r[1], r[2], r[3]) for r in articles}

    def put_fact_digests(
        self,
        output: bytes,
        identity: str,
        made: tuple[str, dict[str, tuple[str, str, str]], dict[str, tuple[str, ...]]],
        kept: tuple[str, dict[str, tuple[str, str, str]], dict[str, tuple[str, ...]]],
        kept_identity: str | None,
    ) -> int:
        """Make the fact digests of `output` (of the output `identity`) `made`, writing only the rows that
        differ from `kept` (what `fact_digests` gave this build for the output `kept_identity`); all of them
        when the rows are of another build by now. Returns how many rows were written or deleted."""
        connection = self._connect()
        if connection is None:
            return 0
        base, facts, articles = made
        try:
            with connection:
                row = connection.execute(
                    "SELECT identity, base FROM fact_bases WHERE output = ?", (output,)
                ).fetchone()
                if row is None or row[0] != kept_identity or row[1] != kept[0] or not kept[0]:
                    # Another build's rows, or none: replaced whole.
                    connection.execute("DELETE FROM fact_digests WHERE output = ?", (output,))
                    connection.execute("DELETE FROM fact_articles WHERE output = ?", (output,))
                    kept = ("", {}, {})
                whole = _rows_checksum((base,), _made_table(facts), _made_table(articles))
                connection.execute(
                    "INSERT OR REPLACE INTO fact_bases (output, identity, base, checksum)"
                    " VALUES (?, ?, ?, ?)",
                    (output, identity, base, whole),
                )
                return _replace_rows(connection, output, facts, kept[1], articles, kept[2])
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()
            return 0

    # --- links ---------------------------------------------------------------------------------------

    def article_links(self, root: str) -> list[tuple[object, object, bytes | None]]:
        """(path, digest, payload) of every links row kept for the content folder `root`; the payload is
        None when the row does not match its checksum."""
        connection = self._connect()
        if connection is None:
            return []
        try:
            rows = connection.execute(
                "SELECT path, digest, checksum, payload FROM article_links WHERE root = ?", (root,)
            ).fetchall()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return []
        return [
            (path, digest, payload if stored == _links_checksum(root, path, digest, payload) else None)
            for path, digest, stored, payload in rows
        ]

    def put_article_links(self, root: str, rows: dict[str, tuple[str, bytes]], gone: Iterable[str]) -> int:
        """Keep the links rows (path: digest, payload) of `root` and delete those of `gone`, in one
        transaction; returns how many rows were written or deleted."""
        connection = self._connect()
        if connection is None:
            return 0
        deleted = [(root, path) for path in gone]
        written = [
            (root, path, digest, _links_checksum(root, path, digest, payload), payload)
            for path, (digest, payload) in rows.items()
        ]
        try:
            with connection:
                connection.executemany("DELETE FROM article_links WHERE root = ? AND path = ?", deleted)
                connection.executemany(
                    "INSERT OR REPLACE INTO article_links (root, path, digest, checksum, payload)"
                    " VALUES (?, ?, ?, ?, ?)",
                    written,
                )
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()
            return 0
        return len(deleted) + len(written)

    # --- the aggregation -------------------------------------------------------------------------------

    def aggregation(self, root: str) -> tuple[str, str, dict[str, bytes], dict[str, bytes]] | None:
        """(key, generation, payload by name, checksum by name) of the aggregation kept for the content
        folder `root`; None when there is none or a row does not match its checksum."""
        connection = self._connect()
        if connection is None:
            return None
        try:
            with connection:  # one transaction: the head and the rows of the same write
                head = connection.execute(
                    "SELECT key, generation, checksum FROM aggregation_heads WHERE root = ?", (root,)
                ).fetchone()
                if head is None:
                    return None
                rows = connection.execute(
                    "SELECT name, checksum, payload FROM aggregation WHERE root = ?", (root,)
                ).fetchall()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return None
        key, generation, stored = head
        if not (
            isinstance(key, str) and isinstance(generation, str) and stored == _head_checksum(key, generation)
        ):
            log.debug("ignoring the stored aggregation: its head is damaged")
            return None
        payloads, checksums = {}, {}
        for name, stored, payload in rows:
            if not (isinstance(name, str) and isinstance(payload, bytes)) or stored != aggregation_checksum(
                root, name, payload
            ):
                log.debug("ignoring the stored aggregation: its row %r is damaged", name)
                return None
            payloads[name], checksums[name] = payload, stored
        return key, generation, payloads, checksums

    def put_aggregation(
        self, root: str, key: str, generation: str, rows: dict[str, bytes | None], expected: str | None
    ) -> int:
        """Keep the aggregation of `root`: write `rows` (None: delete the row) under `key` and the new
        `generation`. With `expected`, the rows are changes to those of that generation: when the store has
        another by now (another build wrote), every row of `root` is deleted instead. Without, `rows` are
        all of them. Returns how many rows were written or deleted."""
        connection = self._connect()
        if connection is None:
            return 0
        try:
            with connection:
                connection.execute("BEGIN IMMEDIATE")  # read the head and write over it in one go
                head = connection.execute(
                    "SELECT key, generation FROM aggregation_heads WHERE root = ?", (root,)
                ).fetchone()
                if expected is None or head != (key, expected):
                    connection.execute("DELETE FROM aggregation WHERE root = ?", (root,))
                    connection.execute("DELETE FROM aggregation_heads WHERE root = ?", (root,))
                    if expected is not None:
                        log.debug("another build kept an aggregation meanwhile: none is kept")
                        return 0
                return _write_aggregation(connection, root, key, generation, rows)
        except sqlite3.Error as error:
            log.debug("writing the build store failed: %s", error)
            self._give_up()
            return 0

    def has_article(self, root: str, key: str) -> bool:
        """Whether a row is stored under `key` for `root` (whether it is whole is known on reading it)."""
        connection = self._connect()
        if connection is None:
            return False
        try:
            row = connection.execute(
                "SELECT 1 FROM articles INDEXED BY articles_by_key WHERE key = ? AND root = ?", (key, root)
            ).fetchone()
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return False
        return row is not None

    def delete_articles(self, root: str, keys: Collection[str]) -> int:
        """Remove the rows of `root` under `keys`; returns how many."""
        connection = self._connect()
        if connection is None or not keys:
            return 0
        try:
            with connection:
                return connection.executemany(
                    "DELETE FROM articles WHERE key = ? AND root = ?", ((key, root) for key in keys)
                ).rowcount
        except sqlite3.Error as error:
            log.debug("pruning the build store failed: %s", error)
            self._give_up()
            return 0

    def article_keys(self, root: str) -> set[str]:
        """The key of every stored article of `root` (whether its payload is whole is known on reading it)."""
        connection = self._connect()
        if connection is None:
            return set()
        try:
            return {key for (key,) in connection.execute("SELECT key FROM articles WHERE root = ?", (root,))}
        except sqlite3.Error as error:
            log.debug("reading the build store failed: %s", error)
            self._give_up()
            return set()


def _links_checksum(root: str, path: object, digest: object, payload: object) -> bytes | None:
    """A links row's checksum covers where it belongs too; None for fields not of the types written."""
    if not (isinstance(path, str) and isinstance(digest, str) and isinstance(payload, bytes)):
        return None
    return checksum(f"{root}\x00{path}\x00{digest}\x00".encode() + payload)


def _head_checksum(key: str, generation: str) -> bytes:
    return checksum(f"{key}\x00{generation}".encode())


def aggregation_checksum(root: str, name: str, payload: bytes) -> bytes:
    """An aggregation row's checksum covers its name too: a payload moved to another row does not match."""
    digest = hashlib.blake2b(f"{root}\x00{name}\x00".encode(), digest_size=16)
    digest.update(payload)  # not joined to the name first: rows are up to megabytes, read every build
    return digest.digest()


def _write_aggregation(
    connection: sqlite3.Connection, root: str, key: str, generation: str, rows: dict[str, bytes | None]
) -> int:
    gone = [(root, name) for name, payload in rows.items() if payload is None]
    written = [
        (root, name, aggregation_checksum(root, name, payload), payload)
        for name, payload in rows.items()
        if payload is not None
    ]
    connection.executemany("DELETE FROM aggregation WHERE root = ? AND name = ?", gone)
    connection.executemany(
        "INSERT OR REPLACE INTO aggregation (root, name, checksum, payload) VALUES (?, ?, ?, ?)", written
    )
    connection.execute(
        "INSERT OR REPLACE INTO aggregation_heads (root, key, generation, checksum) VALUES (?, ?, ?, ?)",
        (root, key, generation, _head_checksum(key, generation)),
    )
    return len(gone) + len(written)


# A table's rows for `_rows_checksum`: their keys in order, and every other field of theirs in the same order.
_Table = tuple[Iterable[object], Iterable[object]]
_KEY, _FIELDS = operator.itemgetter(0), operator.itemgetter(slice(1, None))


def _rows_checksum(head: Iterable[object], *tables: _Table) -> bytes | None:
    """The checksum a head row keeps of its own text fields and of every row of its tables, in the order of
    their keys (as `ORDER BY` reads them): one digest of all of them, rather than one per row (which cost a
    third of a second to check at 10,000 articles). None when a field is not text (a damaged row never
    matches)."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        digest.update("\x00".join(head).encode("utf-8"))  # type: ignore[arg-type]
        for keys, fields in tables:
            digest.update(b"\x01")
            digest.update("\x00".join(keys).encode("utf-8"))  # type: ignore[arg-type]
            digest.update(b"\x02")
            digest.update("\x00".join(fields).encode("utf-8"))  # type: ignore[arg-type]
    except (TypeError, UnicodeEncodeError):
        return None
    return digest.digest()


def _read_table(rows: list[tuple]) -> _Table:
    """Rows as read back, key first, in the order of their keys."""
    return map(_KEY, rows), itertools.chain.from_iterable(map(_FIELDS, rows))


def _made_table(rows: dict[str, tuple[str, ...]]) -> _Table:
    """Rows as a build made them, by key, in the order they are read back in (the order of code points,
    which is SQLite's order of their UTF-8 bytes); no row is made again, so no Python runs per row."""
    keys = sorted(rows)
    return keys, itertools.chain.from_iterable(map(rows.__getitem__, keys))


def _replace_rows(
    connection: sqlite3.Connection,
    output: bytes,
    facts: dict[str, tuple[str, str, str]],
    kept_facts: dict[str, tuple[str, str, str]],
    articles: dict[str, tuple[str, ...]],
    kept_articles: dict[str, tuple[str, ...]],
) -> int:
    """Write the fact and article rows that differ from the kept ones, delete those gone."""
    return _write_changed(
        connection, "fact_digests", ("fact", "digest", "event", "figure"), output, facts, kept_facts
    ) + _write_changed(
        connection, "fact_articles", ("slug", "token", "facts", "meta"), output, articles, kept_articles
    )


def _write_changed(
    connection: sqlite3.Connection,
    table: str,
    columns: tuple[str, ...],
    output: bytes,
    rows: dict[str, tuple],
    kept: dict[str, tuple],
) -> int:
    """Write the rows of `output` in `table` that differ from `kept` (their head keeps their checksum),
    and delete those no longer in `rows`. `columns` names the key column, then the value columns; the table
    is one of ours, so its name and columns are never input. Returns how many rows were written or deleted."""
    changed = [(output, name, *row) for name, row in rows.items() if kept.get(name) != row]
    gone = [(output, name) for name in kept.keys() - rows.keys()]
    connection.executemany(f"DELETE FROM {table} WHERE output = ? AND {columns[0]} = ?", gone)
    names = ", ".join(("output", *columns))
    marks = ", ".join("?" * (len(columns) + 1))
    connection.executemany(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", changed)
    return len(changed) + len(gone)


def _open(path: Path) -> sqlite3.Connection:
    # Autocommit off by hand: every write is an explicit transaction (`with connection`).
    connection = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level="DEFERRED")
    connection.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    return connection


def _is_ours(connection: sqlite3.Connection) -> bool:
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if (application, version) != (APPLICATION_ID, SCHEMA_VERSION):
        return False
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables != _TABLES:
        return False
    _set_wal(connection)
    return True


def _is_empty(connection: sqlite3.Connection) -> bool:
    """A file just made (size 0, or no table and no marks yet): ours to set up."""
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    count = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return (application, version, count) == (0, 0, 0)


def _create(connection: sqlite3.Connection) -> None:
    """Set up an empty file; two builds doing it at once: the second finds it done."""
    _set_wal(connection)
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return  # another build set it up meanwhile
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _set_wal(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL loses at most the last transactions on a power cut, never consistency: a cache.
    connection.execute("PRAGMA synchronous = NORMAL")


def _shared_lock(path: Path) -> int:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        import fcntl
    except ImportError:  # Windows: no flock; builds must not overlap there
        return descriptor
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    return descriptor


def _upgrade(descriptor: int) -> bool:
    """The exclusive lock, now or never: False when another build holds the store open."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _downgrade(descriptor: int) -> None:
    try:
        import fcntl
    except ImportError:
        return
    fcntl.flock(descriptor, fcntl.LOCK_SH)
