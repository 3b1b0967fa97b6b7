"""Builtin plugin: the PostgreSQL store (``postgresql://`` or ``postgres://``), extra ``postgres``.

For partnerships that share one database and for city-wide deployments: many processes on many
machines append to one log. The URL is a libpq connection URI plus hom's options (see
:mod:`hom_plugins.storage.postgres_base`): ``postgresql://hom@db.example/hom?schema=hom_manchester``.

How it keeps the store protocol's promises:

Order and gap-free positions
    Each append is one statement, a call of one of the schema's append functions
    (:mod:`hom_plugins.storage.postgres_append`), on an autocommit connection: its own READ
    COMMITTED transaction, one exchange with the server. The function first takes the log's
    write lock, a transaction-level advisory lock (``pg_advisory_xact_lock`` on a key derived
    from the schema name; the ``eventsourcing`` package's PostgreSQL recorder takes
    ``LOCK TABLE ... IN EXCLUSIVE MODE`` to the same end). Only then does it read the
    idempotency key, the stream's version and the head, check ``expected_version``, seal the
    batch at ``head + 1`` (the hash chain's links, computed by the server as
    :func:`~hom_core.chain.link` computes them) and insert it. PostgreSQL releases the lock only
    once the commit is visible, so the next appender reads the head after this one committed:
    positions are handed out in commit order, and a reader that has seen position ``p`` never
    later sees a new record at or below ``p``. Positions are not a sequence (a sequence hands
    out numbers that a rolled-back or slower transaction then leaves as a gap or commits out of
    order); a failed append consumes none.
Group commit
    Appends that threads of one process make while another commits wait, then go together:
    their calls in one transaction, pipelined in one exchange, one WAL flush
    (:mod:`~hom_plugins.storage.postgres_group`); each keeps every promise above.
Why an advisory lock, and what it costs
    ``LOCK TABLE`` would need ``UPDATE``, ``DELETE`` or ``TRUNCATE`` on the table; the advisory
    lock needs no privilege, so hom's role may be granted only ``SELECT`` and ``INSERT`` on
    ``events``. Appends to one log serialise on it, each for the server's own work and the
    commit's flush (no round trip to the client happens under it); readers never wait. The
    operator's guide gives the roles and figures.
Conflicts
    Under the lock, a stale ``expected_version`` raises :class:`ConcurrencyError` before anything
    is inserted; ``UNIQUE (stream_id, stream_version)`` and the ``position`` key back the lock
    up (a row written by hand without it fails the append, rolled back, never forks the log).
    An append waits for the lock up to ``?timeout=`` seconds (30), then raises
    :class:`StoreError` with nothing written.
Reads
    Pages of :data:`PAGE_SIZE` rows, one autocommit statement each on a pooled connection, so no
    transaction stays open between pages and a slow reader holds nothing back (not even
    ``VACUUM``).
Subscribers
    Each append sends ``NOTIFY`` on the schema's channel (delivered at commit, with the last
    position as payload). The store's ``wait_for_append`` listens on that channel on a
    connection of its own, so :meth:`hom_core.log.EventLog.subscribe` is woken at once by
    appends from any process, not only its own. With ``?notify=off`` appends send none:
    PostgreSQL serialises the commits of notifying transactions server-wide, so many writers
    to one server (a city of logs) commit far faster without. Such a store has no
    ``wait_for_append`` (it is no :class:`~hom_core.store.AppendWaiter`), so subscribers in
    other processes find appends by polling every ``poll_interval``.
Connections
    A :class:`psycopg_pool.ConnectionPool` of up to ``?pool_size=`` (4) connections per store;
    a lost server raises :class:`StoreError` saying to check it and the URL. An append whose
    connection is lost while committing may or may not have been recorded: retry it with an
    idempotency key, which makes the retry safe either way.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterator, Sequence
from typing import Any

try:
    import psycopg
    from psycopg import errors as pg_errors, sql
except ImportError as error:  # reported by the plugin manager as the reason the plugin is broken
    raise ImportError(
        f"hom's PostgreSQL backend needs psycopg ({error}): pip install 'hom[postgres]'"
    ) from error

from hom_core.appending import check_batch
from hom_core.chain import GENESIS_HASH
from hom_core.envelope import AppendResult
from hom_core.errors import StoreError
from hom_core.group_commit import GroupCommit, Waiting
from hom_core.store import (
    CHECKPOINT_HASHES,
    NewRecord,
    Snapshot,
    StoredRecord,
    held_checkpoint,
)
from hom_plugins.storage.postgres_append import call_append
from hom_plugins.storage.postgres_base import (
    SCHEMA_VERSION,
    Tables,
    cannot_reach,
    open_pool,
    parse_url,
    pooled,
    prepare_schema,
    redact,
)
from hom_plugins.storage.postgres_group import Request, append_together
from hom_plugins.storage.postgres_listen import Listener
from hom_plugins.storage.postgres_queries import (
    Queries,
    channel_name,
    confirmed,
    write_lock_key,
)

__all__ = ["PAGE_SIZE", "SCHEMA_VERSION", "ListeningPostgresStore", "PostgresStore"]

PAGE_SIZE = 1000
"""Rows fetched per read query."""

logger = logging.getLogger("hom.postgres")

_make_record = functools.partial(tuple.__new__, StoredRecord)  # StoredRecord(*row), cheaper


class PostgresStore:
    """A :class:`~hom_core.store.Store` in a PostgreSQL schema (see the module docstring).

    Give it a ``postgresql://`` URL; :meth:`from_url` is the same, as the plugin calls it.
    ``group_commit`` is the :class:`~hom_core.group_commit.GroupCommit` its appends go through.
    Unless the URL says ``?notify=off``, the store made is a :class:`ListeningPostgresStore`.
    """

    def __new__(cls, url: str, *, create: bool = True) -> PostgresStore:
        if cls is PostgresStore and parse_url(url).notify:
            cls = ListeningPostgresStore
        return super().__new__(cls)

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = parse_url(url)
        self.schema = self.url.schema
        self.channel = channel_name(self.schema) if self.url.notify else None
        self.lock_key = write_lock_key(self.schema)
        self._q = Queries(Tables(self.schema))
        self._closed = False
        prepare_schema(self.url, create=create)
        self._pool = open_pool(self.url)
        self.group_commit: GroupCommit[Request, AppendResult] = GroupCommit(
            self._append_alone, self._append_together
        )

    @classmethod
    def from_url(cls, url: str) -> PostgresStore:
        """Open the log at ``postgresql://...`` (or ``postgres://...``), creating its tables."""
        return cls(url)

    @classmethod
    def open_existing(cls, url: str) -> PostgresStore:
        """Open the log at ``postgresql://...`` only if its schema holds one, creating nothing."""
        return cls(url, create=False)

    def __repr__(self) -> str:
        return f"PostgresStore({self.url.shown!r})"

    # -- writing -------------------------------------------------------------------------

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

    def _append_alone(self, request: Request) -> AppendResult:
        try:
            with pooled(self._pool, self.url) as connection:
                # one statement, on an autocommit connection: its own transaction, one exchange
                confirm = functools.partial(confirmed, connection, self._q)
                target = (self.lock_key, self.channel)
                return call_append(connection, self._q.append, target, *request, confirm)
        except psycopg.Error as error:
            raise self._append_failed(request[0], error) from error

    def _append_together(self, group: Sequence[Waiting[Request, AppendResult]]) -> None:
        with pooled(self._pool, self.url) as connection:
            confirm = functools.partial(confirmed, connection, self._q)
            target = (self.lock_key, self.channel)
            calls = self._q.append
            append_together(connection, calls, target, group, confirm, self._append_failed)

    def _append_failed(self, stream_id: str, error: psycopg.Error) -> StoreError:
        """The typed error of a failed append to ``stream_id``."""
        if isinstance(error, pg_errors.LockNotAvailable):
            return StoreError(
                f"append to {stream_id!r} waited {self.url.timeout:g} s for the write lock on "
                f"{self.url.shown!r} and gave up; nothing was written: another writer holds "
                "the lock for long, retry, or raise ?timeout= in the URL"
            )
        if _connection_lost(error):
            return StoreError(
                f"append to {stream_id!r} failed: the connection to PostgreSQL at "
                f"{self.url.shown!r} broke ({_reason(error)}); if it broke while committing, "
                "the append may have been recorded, so retry with an idempotency key; check "
                "that the server is up (the tests read HOM_POSTGRES_DSN)"
            )
        return StoreError(
            f"append to {stream_id!r} in {self.url.shown!r} failed and was rolled back: "
            f"{_reason(error)}"
        )

    # -- reading -------------------------------------------------------------------------

    def _pages(
        self, query: sql.Composed, args: tuple[Any, ...], argument: int, column: int
    ) -> Iterator[StoredRecord]:
        """Run ``query`` page by page: its ``argument`` is the cursor, the ``column`` it runs
        over is the next page's cursor. Each page is a statement of its own."""
        arguments = list(args)
        page = PAGE_SIZE
        while True:
            rows = self._fetch(query, (*arguments, page))
            if not rows:
                return
            yield from map(_make_record, rows)
            if len(rows) < page:
                return
            arguments[argument] = rows[-1][column]

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[StoredRecord]:
        until = _FAR if until_version is None else until_version
        return self._pages(self._q.read_stream, (stream_id, after_version, until), 1, 2)

    def read_stream_of_types(
        self,
        stream_id: str,
        event_types: tuple[str, ...],
        after_version: int = 0,
        until_version: int | None = None,
    ) -> Iterator[StoredRecord]:
        """:meth:`read_stream`'s records of ``event_types`` only, filtered in the query."""
        until = _FAR if until_version is None else until_version
        arguments = (stream_id, after_version, until, list(event_types))
        return self._pages(self._q.read_stream_of_types, arguments, 1, 2)

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[StoredRecord]:
        until = _FAR if until_position is None else until_position
        return self._pages(self._q.read_all, (after_position, until), 0, 0)

    def stream_version(self, stream_id: str) -> int:
        row = self._fetch_one(self._q.version, (stream_id,))
        return int(row[0]) if row is not None else 0

    def recorded_append(self, idempotency_key: str) -> AppendResult | None:
        self._check_open()
        try:
            with pooled(self._pool, self.url) as connection:
                row = connection.execute(self._q.recorded, (idempotency_key,)).fetchone()
                return None if row is None else confirmed(connection, self._q, idempotency_key, row)
        except psycopg.Error as error:
            raise self._failed(error) from error

    def head(self) -> tuple[int, str]:
        row = self._fetch_one(self._q.head, ())
        return (row[0], row[1]) if row is not None else (0, GENESIS_HASH)

    def save_snapshot(self, snapshot: Snapshot) -> None:
        self._write(
            self._q.save_snapshot,
            (snapshot.name, snapshot.key, snapshot.version, snapshot.code_version, snapshot.state),
        )

    def load_snapshot(self, name: str, key: str) -> Snapshot | None:
        row = self._fetch_one(self._q.load_snapshot, (name, key))
        return None if row is None else Snapshot(*row)

    def save_checkpoint(self, name: str, position: int) -> None:
        self._check_open()
        try:
            with pooled(self._pool, self.url) as connection, connection.transaction():
                connection.execute(self._q.save_checkpoint, (name, position))
                arguments = {"kept": CHECKPOINT_HASHES, "name": name, "position": position}
                connection.execute(self._q.keep_hash, arguments)
        except psycopg.Error as error:
            raise self._failed(error) from error

    def load_checkpoint(self, name: str) -> int:
        row = self._fetch_one(self._q.load_checkpoint, {"kept": CHECKPOINT_HASHES, "name": name})
        return 0 if row is None else held_checkpoint(name, int(row[0]), row[1], row[2])

    def check_integrity(self) -> list[str]:
        """Nothing: PostgreSQL checks its pages itself (``data_checksums``) and reports
        damage on every read, which verification then reports."""
        return []

    def snapshots(self) -> Iterator[Snapshot]:
        """Every snapshot kept."""
        return iter([Snapshot(*row) for row in self._fetch(self._q.snapshots, ())])

    def checkpoints(self) -> Iterator[tuple[str, int]]:
        """Every checkpoint kept."""
        return iter([(row[0], int(row[1])) for row in self._fetch(self._q.checkpoints, ())])

    def _fetch(
        self, query: sql.Composed, args: tuple[Any, ...] | dict[str, Any]
    ) -> list[tuple[Any, ...]]:
        self._check_open()
        try:
            with pooled(self._pool, self.url) as connection:
                return connection.execute(query, args).fetchall()
        except psycopg.Error as error:
            raise self._failed(error) from error

    def _fetch_one(
        self, query: sql.Composed, args: tuple[Any, ...] | dict[str, Any]
    ) -> tuple[Any, ...] | None:
        rows = self._fetch(query, args)
        return rows[0] if rows else None

    def _write(self, query: sql.Composed, args: tuple[Any, ...]) -> None:
        self._check_open()
        try:
            with pooled(self._pool, self.url) as connection:
                connection.execute(query, args)
        except psycopg.Error as error:
            raise self._failed(error) from error

    def _failed(self, error: psycopg.Error) -> StoreError:
        if _connection_lost(error):
            return cannot_reach(self.url, error)
        return StoreError(f"PostgreSQL at {self.url.shown!r} refused: {_reason(error)}")

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pool.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(
                f"the PostgreSQL log {self.url.shown!r} is closed: open it again to go on"
            )


class ListeningPostgresStore(PostgresStore):
    """A :class:`PostgresStore` whose appends send ``NOTIFY`` and that hears them: an
    :class:`~hom_core.store.AppendWaiter` (``PostgresStore(url)`` makes one unless the URL
    says ``?notify=off``)."""

    channel: str

    def __init__(self, url: str, *, create: bool = True) -> None:
        if not parse_url(url).notify:
            raise StoreError(
                f"{redact(url)!r} says notify=off: its appends send no NOTIFY, so there is "
                "nothing to listen to; open it with PostgresStore"
            )
        super().__init__(url, create=create)
        self._listener: Listener | None = None
        self._listener_lock = threading.Lock()

    # -- waking subscribers --------------------------------------------------------------

    def wait_for_append(self, after_position: int, timeout: float) -> bool:
        """Block until a record after ``after_position`` is committed, or ``timeout`` seconds.

        Returns whether one is known to have been. Woken by the ``NOTIFY`` every append sends,
        from any process; when the listening connection cannot be had, it waits the timeout
        (and the caller's poll finds the records).
        """
        self._check_open()
        with self._listener_lock:
            if self._listener is None:
                self._listener = Listener(self.url, self.channel, self.head)
            listener = self._listener
        return listener.wait(after_position, timeout)

    def close(self) -> None:
        with self._listener_lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
        super().close()


_FAR = 1 << 62
"""An upper bound no position or version reaches."""


def _reason(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _connection_lost(error: psycopg.Error) -> bool:
    """Whether ``error`` is the connection failing rather than the server refusing a statement:
    no SQLSTATE (raised by the client), connection exceptions (08) or a shutdown (57P)."""
    state = error.sqlstate
    return state is None or state.startswith(("08", "57P"))
