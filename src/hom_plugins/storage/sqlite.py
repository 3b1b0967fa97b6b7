"""Builtin plugin: the SQLite store, hom's embedded default (``sqlite:///path``).

How it keeps the store protocol's promises:

- WAL journal; each append is one ``BEGIN IMMEDIATE`` transaction that takes the write lock
  before reading the stream version and the head, checks ``expected_version`` and the idempotency
  key, inserts the whole batch with one ``executemany`` and commits. Any failure rolls back.
- ``synchronous=FULL`` by default: a returned append survives power loss. ``?synchronous=normal``
  trades that for speed (still safe against a crashed process, not against a lost machine).
- Writers in other processes wait for the lock up to ``?timeout=`` seconds (default 30).
- Threads of one process that append at once share a transaction and its fsync (group commit,
  :mod:`~hom_plugins.storage.sqlite_group`); reads run on connections of their own
  (:mod:`~hom_plugins.storage.sqlite_readers`), so they never wait for a commit.
- ``position`` is the table's integer primary key (reads by position walk the table b-tree);
  ``UNIQUE (stream_id, stream_version)`` is the index stream reads and version checks use.
- Reads fetch pages of :data:`PAGE_SIZE` rows in short read transactions: constant memory, and a
  slow reader never blocks the WAL checkpoint.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hom_core import StorageBackend, hookimpl
from hom_core.appending import append_within, check_batch
from hom_core.chain import GENESIS_HASH
from hom_core.envelope import AppendResult
from hom_core.errors import (
    DamagedLogError,
    LogNotFoundError,
    StoreError,
    UsageError,
)
from hom_core.group_commit import GroupCommit, Waiting
from hom_core.store import (
    CHECKPOINT_HASHES,
    NewRecord,
    Snapshot,
    StoredRecord,
    held_checkpoint,
)
from hom_plugins.storage.sqlite_file import connect, failed, holds_log
from hom_plugins.storage.sqlite_group import Request, append_together, recorded
from hom_plugins.storage.sqlite_layout import LOG_SCHEMA, PEOPLE_SCHEMA, SCHEMA_VERSION
from hom_plugins.storage.sqlite_people import SQLitePeople
from hom_plugins.storage.sqlite_readers import Readers, fetch_leniently, stream_page
from hom_plugins.storage.sqlite_url import parse_url

__all__ = ["PAGE_SIZE", "SQLiteStore"]

PAGE_SIZE = 1000
"""Rows fetched per read query."""

_COLUMNS = (
    "position, stream_id, stream_version, event_type, schema_version, payload, recorded_at, "
    "effective_date, actor, correlation_id, causation_id, hash"
)
_INSERT = f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SYNCHRONOUS = {"off", "normal", "full", "extra"}

_HEAD = "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"
_STREAM_PAGE = stream_page(_COLUMNS, PAGE_SIZE)
_make_record = functools.partial(tuple.__new__, StoredRecord)  # StoredRecord(*row), cheaper


class SQLiteStore:
    """A :class:`~hom_core.store.Store` in one SQLite file (or ``":memory:"``).

    ``synchronous`` is SQLite's durability setting (``"full"`` by default); ``timeout`` is how
    long an append waits for another process's write lock before raising :class:`StoreError`.
    With ``create=False`` the file must hold a hom log already: nothing is created, and
    :class:`~hom_core.errors.LogNotFoundError` says so otherwise. A file holding anything but a
    hom log is refused with :class:`~hom_core.errors.NotAHomLogError` and left untouched.
    ``group_commit`` is the :class:`~hom_core.group_commit.GroupCommit` its appends go through.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        synchronous: str = "full",
        timeout: float = 30.0,
        create: bool = True,
    ) -> None:
        if synchronous.lower() not in _SYNCHRONOUS:
            raise UsageError(
                f"synchronous={synchronous!r} is not a SQLite setting: use one of "
                f"{', '.join(sorted(_SYNCHRONOUS))}"
            )
        self.path = str(path)
        self._closed = False
        self._db = connect(self.path, create=create, timeout=timeout)
        try:
            self._prepare(synchronous, create)
        except BaseException as error:
            self._db.close()
            if isinstance(error, sqlite3.Error):
                raise failed(self.path, error) from error
            raise
        self._lock = threading.RLock()
        self._readers = Readers(self.path, timeout, self._db, self._lock)
        self.group_commit: GroupCommit[Request, AppendResult] = GroupCommit(
            self._append_alone, self._append_together
        )

    def _prepare(self, synchronous: str, create: bool) -> None:
        """Check what the file holds, and make hom's tables in a new one (``create``)."""
        db = self._db
        db.execute(f"PRAGMA synchronous={synchronous.upper()}")
        if not holds_log(db, self.path):
            if not create:
                raise LogNotFoundError(self.path, "the file holds no log yet")
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(f"BEGIN IMMEDIATE; {LOG_SCHEMA} {PEOPLE_SCHEMA} COMMIT;")
        row = db.execute("SELECT value FROM hom_meta WHERE key = 'schema_version'").fetchone()
        if row is None and create:
            db.execute(
                "INSERT OR IGNORE INTO hom_meta VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            return
        recorded = None if row is None else row[0]
        if not (isinstance(recorded, str) and recorded.isdecimal()):
            raise DamagedLogError(
                self.path, f"hom_meta.schema_version is {recorded!r}, not a version number"
            )
        if int(recorded) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path!r} has schema version {recorded}, newer than this hom "
                f"({SCHEMA_VERSION}): upgrade hom to open it"
            )

    @classmethod
    def from_url(cls, url: str, *, create: bool = True) -> SQLiteStore:
        """Open ``sqlite:///relative/path``, ``sqlite:////absolute/path`` or ``sqlite:///:memory:``.

        Query options: ``synchronous`` (off, normal, full, extra) and ``timeout`` (seconds).
        """
        path, synchronous, timeout = parse_url(url)
        try:
            return cls(path, synchronous=synchronous, timeout=timeout, create=create)
        except UsageError as error:
            raise StoreError(f"{error} (in {url!r})") from None

    @classmethod
    def open_existing(cls, url: str) -> SQLiteStore:
        """Open the log at a ``sqlite://`` URL only if it exists, creating nothing."""
        return cls.from_url(url, create=False)

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A reading connection, with SQLite's errors turned into typed ones."""
        self._check_open()
        try:
            with self._readers.connection() as db:
                yield db
        except sqlite3.Error as error:
            raise failed(self.path, error) from error

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A transaction on the writing connection, with SQLite's errors typed."""
        try:
            with self._transaction() as db:
                yield db
        except sqlite3.Error as error:
            raise failed(self.path, error) from error

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise StoreError(
                    f"cannot take the write lock on {self.path!r} ({error}): another process holds "
                    "it; retry, or raise ?timeout= in the URL"
                ) from error
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite has already rolled back after some errors
                    db.execute("ROLLBACK")
                raise

    def append(
        self,
        stream_id: str,
        records: Sequence[NewRecord],
        expected_version: int | None,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        check_batch(records)
        self._check_open()
        return self.group_commit.append((stream_id, records, expected_version, idempotency_key))

    def _append_together(self, group: Sequence[Waiting[Request, AppendResult]]) -> None:
        with self._lock:
            self._check_open()
            append_together(self._db, _Batch, group)

    def _append_alone(self, request: Request) -> AppendResult:
        stream_id = request[0]
        try:
            with self._transaction() as db:
                return append_within(_Batch(db), *request)
        except sqlite3.DatabaseError as error:
            if isinstance(failed(self.path, error), DamagedLogError):
                raise failed(self.path, error) from error
            raise StoreError(
                f"append to {stream_id!r} in {self.path!r} failed and was rolled back: {error}"
            ) from error

    @staticmethod
    def _version(db: sqlite3.Connection, stream_id: str) -> int:
        row = db.execute(
            "SELECT max(stream_version) FROM events WHERE stream_id = ?", (stream_id,)
        ).fetchone()
        return row[0] or 0

    def _pages(
        self, query: str, args: tuple[object, ...], cursor_index: int
    ) -> Iterator[StoredRecord]:
        """Run ``query`` (whose first argument is the cursor) page by page."""
        cursor = args[0]
        while True:
            with self._reading() as db:
                rows = fetch_leniently(db, query, (cursor, *args[1:]))
            if not rows:
                return
            yield from map(_make_record, rows)
            if len(rows) < PAGE_SIZE:
                return
            cursor = rows[-1][cursor_index]

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[StoredRecord]:
        until = (1 << 62) if until_version is None else until_version
        return self._pages(_STREAM_PAGE, (after_version, stream_id, until), 2)

    def read_stream_of_types(
        self,
        stream_id: str,
        event_types: tuple[str, ...],
        after_version: int = 0,
        until_version: int | None = None,
    ) -> Iterator[StoredRecord]:
        until = (1 << 62) if until_version is None else until_version
        query = stream_page(_COLUMNS, PAGE_SIZE, len(event_types))
        return self._pages(query, (after_version, stream_id, until, *event_types), 2)

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[StoredRecord]:
        until = (1 << 62) if until_position is None else until_position
        query = (
            f"SELECT {_COLUMNS} FROM events WHERE position > ?1 AND position <= ?2 "
            f"ORDER BY position LIMIT {PAGE_SIZE}"
        )
        return self._pages(query, (after_position, until), 0)

    def stream_version(self, stream_id: str) -> int:
        with self._reading() as db:
            return self._version(db, stream_id)

    def recorded_append(self, idempotency_key: str) -> AppendResult | None:
        with self._reading() as db:
            return recorded(db, idempotency_key)

    def head(self) -> tuple[int, str]:
        with self._reading() as db:
            return _Batch(db).head()

    def save_snapshot(self, snapshot: Snapshot) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?, ?)",
                (
                    snapshot.name,
                    snapshot.key,
                    snapshot.version,
                    snapshot.code_version,
                    snapshot.state,
                ),
            )

    def load_snapshot(self, name: str, key: str) -> Snapshot | None:
        with self._reading() as db:
            row = db.execute(
                "SELECT name, key, version, code_version, state FROM snapshots "
                "WHERE name = ? AND key = ?",
                (name, key),
            ).fetchone()
        return None if row is None else Snapshot(*row)

    def save_checkpoint(self, name: str, position: int) -> None:
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO checkpoints VALUES (?, ?)", (name, position))
            row = db.execute("SELECT hash FROM events WHERE position = ?", (position,)).fetchone()
            db.execute(
                "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, 1, ?)",
                (CHECKPOINT_HASHES, name, position, "" if row is None else row[0]),
            )

    def load_checkpoint(self, name: str) -> int:
        with self._reading() as db:
            row = db.execute(
                "SELECT c.position, s.state, e.hash FROM checkpoints AS c "
                "LEFT JOIN snapshots AS s ON s.name = ? AND s.key = c.name "
                "AND s.version = c.position "
                "LEFT JOIN events AS e ON e.position = c.position WHERE c.name = ?",
                (CHECKPOINT_HASHES, name),
            ).fetchone()
        return 0 if row is None else held_checkpoint(name, int(row[0]), row[1], row[2])

    def check_integrity(self) -> list[str]:
        """What SQLite's ``PRAGMA integrity_check`` finds wrong in the file (``[]``: nothing)."""
        try:
            with self._reading() as db:
                rows = db.execute("PRAGMA integrity_check").fetchall()
        except StoreError as error:
            return [str(error)]
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems

    def snapshots(self) -> Iterator[Snapshot]:
        """Every snapshot kept."""
        with self._reading() as db:
            rows = db.execute("SELECT name, key, version, code_version, state FROM snapshots")
            return iter([Snapshot(*row) for row in rows.fetchall()])

    def checkpoints(self) -> Iterator[tuple[str, int]]:
        """Every checkpoint kept."""
        with self._reading() as db:
            return iter(db.execute("SELECT name, position FROM checkpoints").fetchall())

    def close(self) -> None:
        with self._lock:
            self._readers.close()
            self._db.close()
            self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the SQLite log {self.path!r} is closed: open it again to go on")


class _Batch:
    """The :class:`~hom_core.appending.Batch` of a SQLite append: its transaction's connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def recorded(self, key: str) -> AppendResult | None:
        return recorded(self._db, key)

    def version(self, stream_id: str) -> int:
        return SQLiteStore._version(self._db, stream_id)

    def head(self) -> tuple[int, str]:
        row = self._db.execute(_HEAD).fetchone()
        return (row[0], row[1]) if row is not None else (0, GENESIS_HASH)

    def write(self, sealed: list[StoredRecord], key: str | None, result: AppendResult) -> None:
        self._db.executemany(_INSERT, sealed)
        if key is not None:
            self._db.execute(
                "INSERT INTO idempotency VALUES (?, ?, ?, ?, ?)",
                (key, result.stream_id, result.stream_version, result.first_position,
                 result.last_position),
            )  # fmt: skip


@contextmanager
def _fresh_url(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'hom.sqlite'}"


@hookimpl
def hom_storage_backends() -> list[StorageBackend]:
    """Claim ``sqlite://``: hom's embedded default store."""
    return [
        StorageBackend(
            "sqlite",
            SQLiteStore.from_url,
            "SQLite file (WAL); the default",
            open_people=SQLitePeople.from_url,
            open_existing=SQLiteStore.open_existing,
            fresh_url=_fresh_url,
        )
    ]
