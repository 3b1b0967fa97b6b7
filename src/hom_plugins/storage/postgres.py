"""Builtin plugin: the PostgreSQL store (``postgresql://`` or ``postgres://``), extra ``postgres``.

For partnerships that share one database and for city-wide deployments: many processes on many
machines append to one log. The URL is a libpq connection URI plus hom's options (see
:mod:`hom_plugins.storage.postgres_base`): ``postgresql://hom@db.example/hom?schema=hom_manchester``.

How it keeps the store protocol's promises:

Order and gap-free positions
    Each append is one READ COMMITTED transaction that first takes the log's write lock, a
    transaction-level advisory lock (``pg_advisory_xact_lock`` on a key derived from the schema
    name; the ``eventsourcing`` package's PostgreSQL recorder takes
    ``LOCK TABLE ... IN EXCLUSIVE MODE`` to the same end). Only then does it read the head, the
    stream's version and the idempotency key, check ``expected_version``,
    :func:`~hom_core.chain.seal` the batch at ``head + 1`` and insert it. PostgreSQL releases
    the lock only once the commit is visible, so the next appender reads the head after this
    one committed: positions are handed out in commit order, and a reader that has seen
    position ``p`` never later sees a new record at or below ``p``. Positions are not a
    sequence (a sequence hands out numbers that a rolled-back or slower transaction then leaves
    as a gap or commits out of order); a failed append consumes none.
Why an advisory lock rather than ``LOCK TABLE``
    ``LOCK TABLE events IN EXCLUSIVE MODE`` needs the ``UPDATE``, ``DELETE`` or ``TRUNCATE``
    privilege on the table. The advisory lock needs none, so the role hom appends with can be
    granted only ``SELECT`` and ``INSERT`` on ``events`` and ``idempotency``: the database then
    refuses to edit or delete a recorded event, whatever the application does. (Every hom
    writer takes the lock; a row inserted by hand without it still cannot fork the log, see
    below.)
Conflicts
    Under the lock, a stale ``expected_version`` is found by the version check before anything
    is inserted and raises :class:`ConcurrencyError`. ``UNIQUE (stream_id, stream_version)`` and
    the ``position`` primary key back the lock up: a row that breaks them (a bug, or a row
    written by hand) fails the append with :class:`StoreError`, rolled back, never forks the
    log. The transaction is READ COMMITTED whatever the server's default, so PostgreSQL raises
    no serialization failures here.
What that costs
    Appends to one log serialise, whatever their stream: the lock is held for two pipelined
    round trips to the server (``BEGIN``, the lock and the reads in the first; the insert, the
    idempotency key, ``NOTIFY`` and ``COMMIT``, with its flush to disk, in the second), so a log
    takes one commit at a time: hundreds to a few thousand appends a second, bounded by the
    network's round trip and the server's ``fsync``. Logs in different schemas do not wait for
    each other. Batches are cheap: a batch is one ``INSERT ... SELECT FROM unnest(...)``
    whatever its size. Readers take no lock hom waits for: they never wait for an append and
    never make one wait. An append waits for the lock up to ``?timeout=`` seconds (30) and then
    raises :class:`StoreError` with nothing written. A returned append is as durable as the
    server's ``synchronous_commit`` makes it (``on`` by default: flushed to its disk).
Reads
    Pages of :data:`PAGE_SIZE` rows, one autocommit statement each on a pooled connection, so no
    transaction stays open between pages and a slow reader holds nothing back (not even
    ``VACUUM``).
Subscribers
    Each append sends ``NOTIFY`` on the schema's channel (delivered at commit, with the last
    position as payload). :meth:`PostgresStore.wait_for_append` listens on that channel on a
    connection of its own, so :meth:`hom_core.log.EventLog.subscribe` is woken at once by
    appends from any process, not only its own.
Connections
    A :class:`psycopg_pool.ConnectionPool` of up to ``?pool_size=`` (4) connections per store;
    a lost server raises :class:`StoreError` saying to check it and the URL. An append whose
    connection is lost while committing may or may not have been recorded: retry it with an
    idempotency key, which makes the retry safe either way.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

try:
    import psycopg
    from psycopg import errors as pg_errors, sql
    from psycopg.pq import TransactionStatus
except ImportError as error:  # reported by the plugin manager as the reason the plugin is broken
    raise ImportError(
        f"hom's PostgreSQL backend needs psycopg ({error}): pip install 'hom[postgres]'"
    ) from error

from hom_core.chain import GENESIS_HASH, seal
from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError, IdempotencyConflictError, StoreError, UsageError
from hom_core.store import (
    CHECKPOINT_HASHES,
    NewRecord,
    Snapshot,
    StoredRecord,
    confirmed_append,
    held_checkpoint,
)
from hom_plugins.storage.postgres_base import (
    SCHEMA_VERSION,
    PostgresURL,
    Tables,
    advisory_key,
    cannot_reach,
    connect,
    open_pool,
    parse_url,
    pooled,
    prepare_schema,
)

__all__ = ["PAGE_SIZE", "SCHEMA_VERSION", "PostgresStore", "channel_name", "write_lock_key"]

PAGE_SIZE = 1000
"""Rows fetched per read query."""

logger = logging.getLogger("hom.postgres")

_COLUMNS = (
    "position, stream_id, stream_version, event_type, schema_version, payload, recorded_at, "
    "effective_date, actor, correlation_id, causation_id, hash"
)
_TYPES = (
    "bigint", "text", "bigint", "text", "integer", "text", "text", "text", "text", "text", "text",
    "text",
)  # fmt: skip
_LISTEN_POLL = 0.25
"""Seconds the listener thread waits for a notification before checking it should stop."""

_make_record = functools.partial(tuple.__new__, StoredRecord)  # StoredRecord(*row), cheaper


class _Queries:
    """Every statement of the store, composed once for its schema."""

    def __init__(self, tables: Tables) -> None:
        q = tables.query
        self.begin = sql.SQL("BEGIN ISOLATION LEVEL READ COMMITTED")
        self.lock = sql.SQL("SELECT pg_advisory_xact_lock(%s)")
        self.commit = sql.SQL("COMMIT")
        self.rollback = sql.SQL("ROLLBACK")
        self.state = q(
            "SELECT (SELECT coalesce(max(stream_version), 0) FROM {schema}.events "
            "        WHERE stream_id = %(stream)s), "
            "head.position, head.hash, "
            "idem.stream_id, idem.stream_version, idem.first_position, idem.last_position "
            "FROM (SELECT 1) AS one "
            "LEFT JOIN LATERAL (SELECT position, hash FROM {schema}.events "
            "                   ORDER BY position DESC LIMIT 1) AS head ON true "
            "LEFT JOIN {schema}.idempotency AS idem ON idem.key = %(key)s"
        )
        arrays = ", ".join(f"%b::{kind}[]" for kind in _TYPES)  # binary: no escaping
        self.insert = q(
            f"INSERT INTO {{schema}}.events ({_COLUMNS}) SELECT * FROM unnest({arrays})"
        )
        self.remember = q("INSERT INTO {schema}.idempotency VALUES (%s, %s, %s, %s, %s)")
        self.notify = sql.SQL("SELECT pg_notify(%s, %s)")
        self.version = q(
            "SELECT coalesce(max(stream_version), 0) FROM {schema}.events WHERE stream_id = %s"
        )
        self.head = q("SELECT position, hash FROM {schema}.events ORDER BY position DESC LIMIT 1")
        self.recorded = q(
            "SELECT stream_id, stream_version, first_position, last_position "
            "FROM {schema}.idempotency WHERE key = %s"
        )
        self.read_stream = q(
            f"SELECT {_COLUMNS} FROM {{schema}}.events WHERE stream_id = %s "
            "AND stream_version > %s AND stream_version <= %s "
            "ORDER BY stream_version LIMIT %s"
        )
        self.read_all = q(
            f"SELECT {_COLUMNS} FROM {{schema}}.events WHERE position > %s AND position <= %s "
            "ORDER BY position LIMIT %s"
        )
        self.save_snapshot = q(
            "INSERT INTO {schema}.snapshots VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (name, key) DO UPDATE SET version = excluded.version, "
            "code_version = excluded.code_version, state = excluded.state"
        )
        self.load_snapshot = q(
            "SELECT name, key, version, code_version, state FROM {schema}.snapshots "
            "WHERE name = %s AND key = %s"
        )
        self.save_checkpoint = q(
            "INSERT INTO {schema}.checkpoints VALUES (%s, %s) "
            "ON CONFLICT (name) DO UPDATE SET position = excluded.position"
        )
        self.load_checkpoint = q(
            "SELECT c.position, s.state, e.hash FROM {schema}.checkpoints AS c "
            "LEFT JOIN {schema}.snapshots AS s ON s.name = %(kept)s AND s.key = c.name "
            "AND s.version = c.position "
            "LEFT JOIN {schema}.events AS e ON e.position = c.position WHERE c.name = %(name)s"
        )
        self.keep_hash = q(
            "INSERT INTO {schema}.snapshots SELECT %(kept)s, %(name)s, %(position)s, 1, "
            "coalesce((SELECT hash FROM {schema}.events WHERE position = %(position)s), '') "
            "ON CONFLICT (name, key) DO UPDATE SET version = excluded.version, "
            "code_version = excluded.code_version, state = excluded.state"
        )
        self.between = q(
            "SELECT position, stream_id, stream_version FROM {schema}.events "
            "WHERE position BETWEEN %s AND %s ORDER BY position"
        )
        self.snapshots = q("SELECT name, key, version, code_version, state FROM {schema}.snapshots")
        self.checkpoints = q("SELECT name, position FROM {schema}.checkpoints")


def write_lock_key(schema: str) -> int:
    """The advisory-lock key every append to ``schema``'s log holds until it commits."""
    return advisory_key(f"hom events {schema}")


def channel_name(schema: str) -> str:
    """The ``LISTEN``/``NOTIFY`` channel appends to ``schema`` are announced on."""
    name = f"hom:{schema}"
    return name if len(name.encode()) <= 63 else name.encode()[:63].decode(errors="ignore")


class PostgresStore:
    """A :class:`~hom_core.store.Store` in a PostgreSQL schema (see the module docstring).

    Give it a ``postgresql://`` URL; :meth:`from_url` is the same, as the plugin calls it.
    """

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = parse_url(url)
        self.schema = self.url.schema
        self.channel = channel_name(self.schema)
        self.lock_key = write_lock_key(self.schema)
        self._q = _Queries(Tables(self.schema))
        self._closed = False
        prepare_schema(self.url, create=create)
        self._pool = open_pool(self.url)
        self._listener: _Listener | None = None
        self._listener_lock = threading.Lock()

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
        if not records:
            raise UsageError("nothing to append: pass at least one event")
        self._check_open()
        try:
            with pooled(self._pool, self.url) as connection:
                return self._append(
                    connection, stream_id, records, expected_version, idempotency_key
                )
        except pg_errors.LockNotAvailable as error:
            raise StoreError(
                f"append to {stream_id!r} waited {self.url.timeout:g} s for the write lock on "
                f"{self.url.shown!r} and gave up; nothing was written: another writer holds "
                "the lock for long, retry, or raise ?timeout= in the URL"
            ) from error
        except psycopg.Error as error:
            if _connection_lost(error):
                raise StoreError(
                    f"append to {stream_id!r} failed: the connection to PostgreSQL at "
                    f"{self.url.shown!r} broke ({_reason(error)}); if it broke while committing, "
                    "the append may have been recorded, so retry with an idempotency key; check "
                    "that the server is up (the tests read HOM_POSTGRES_DSN)"
                ) from error
            raise StoreError(
                f"append to {stream_id!r} in {self.url.shown!r} failed and was rolled back: "
                f"{_reason(error)}"
            ) from error

    def _append(
        self,
        connection: psycopg.Connection[Any],
        stream_id: str,
        records: Sequence[NewRecord],
        expected_version: int | None,
        idempotency_key: str | None,
    ) -> AppendResult:
        q = self._q
        try:
            # BEGIN and COMMIT are sent by hand so that they share round trips with the work
            with connection.pipeline():
                # round trip 1: BEGIN, the write lock, then the state the decision needs
                connection.execute(q.begin)
                connection.execute(q.lock, (self.lock_key,))
                row = connection.execute(
                    q.state, {"stream": stream_id, "key": idempotency_key}
                ).fetchone()
                assert row is not None  # one row always: SELECT 1 LEFT JOIN ...
                version, position, head_hash = row[0], row[1] or 0, row[2] or GENESIS_HASH
                if row[3] is not None:
                    if row[3] != stream_id:
                        raise IdempotencyConflictError(idempotency_key or "", row[3], stream_id)
                    earlier = self._confirmed(connection, idempotency_key or "", row[3:7])
                    connection.execute(q.rollback)
                    return earlier
                if expected_version is not None and expected_version != version:
                    raise ConcurrencyError(stream_id, expected_version, version)
                sealed = seal(head_hash, position + 1, stream_id, version + 1, records)
                result = AppendResult(
                    stream_id, version + len(sealed), position + 1, position + len(sealed)
                )
                # round trip 2 (when the pipeline ends): the batch in one statement, the key,
                # the wake-up and COMMIT
                connection.execute(q.insert, [list(column) for column in zip(*sealed, strict=True)])
                if idempotency_key is not None:
                    connection.execute(
                        q.remember,
                        (
                            idempotency_key,
                            result.stream_id,
                            result.stream_version,
                            result.first_position,
                            result.last_position,
                        ),
                    )
                connection.execute(q.notify, (self.channel, str(result.last_position)))
                connection.execute(q.commit)
        except BaseException:
            _roll_back(connection)
            raise
        return result

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
                return None if row is None else self._confirmed(connection, idempotency_key, row)
        except psycopg.Error as error:
            raise self._failed(error) from error

    def _confirmed(
        self, connection: psycopg.Connection[Any], key: str, row: Sequence[Any]
    ) -> AppendResult:
        """The append recorded under ``key`` (``row``), once the events table is seen to hold it."""
        earlier = AppendResult(*row, retried=True)
        found = connection.execute(
            self._q.between, (earlier.first_position, earlier.last_position)
        ).fetchall()
        return confirmed_append(earlier, key, found)

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
                self._listener = _Listener(self.url, self.channel, self.head)
            listener = self._listener
        return listener.wait(after_position, timeout)

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._listener_lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
        self._pool.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(
                f"the PostgreSQL log {self.url.shown!r} is closed: open it again to go on"
            )


_FAR = 1 << 62
"""An upper bound no position or version reaches."""


def _reason(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _roll_back(connection: psycopg.Connection[Any]) -> None:
    """End a failed append's transaction, if it is still open, so the pooled connection is clean
    (a connection that cannot say is left to the pool, which discards it)."""
    if connection.closed or connection.broken:
        return
    status = connection.info.transaction_status
    if status in (TransactionStatus.INTRANS, TransactionStatus.INERROR):
        with contextlib.suppress(psycopg.Error):
            connection.execute("ROLLBACK")


def _connection_lost(error: psycopg.Error) -> bool:
    """Whether ``error`` is the connection failing rather than the server refusing a statement:
    no SQLSTATE (raised by the client), connection exceptions (08) or a shutdown (57P)."""
    state = error.sqlstate
    return state is None or state.startswith(("08", "57P"))


class _Listener:
    """A thread that ``LISTEN``s on the store's channel and wakes whoever waits for appends.

    ``latest`` is the highest position announced (or the head when listening began): a waiter
    for records after ``p`` returns as soon as ``latest > p``. While the connection is lost the
    thread reconnects every few seconds and waiters fall back to their timeouts.
    """

    def __init__(self, url: PostgresURL, channel: str, head: Callable[[], tuple[int, str]]) -> None:
        self._url = url
        self._channel = channel
        self._head = head
        self._latest = -1
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"hom-listen-{url.schema}", daemon=True
        )
        self._thread.start()
        self._listening.wait(timeout=min(url.timeout, 5.0))

    def wait(self, after_position: int, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._latest > after_position, timeout)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5 * _LISTEN_POLL + 1)

    def _announce(self, position: int) -> None:
        with self._changed:
            if position > self._latest:
                self._latest = position
                self._changed.notify_all()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with connect(self._url) as connection:
                    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
                    # appends committed before LISTEN took effect sent nothing we can hear
                    self._announce(self._head()[0])
                    self._listening.set()
                    while not self._stopping.is_set():
                        for notice in connection.notifies(timeout=_LISTEN_POLL):
                            self._announce(_position(notice.payload))
            except (psycopg.Error, StoreError) as error:
                self._listening.set()  # do not keep the first waiter waiting for a connection
                logger.warning(
                    "hom: listening for appends at %s failed (%s); subscribers poll until it "
                    "reconnects",
                    self._url.shown,
                    error,
                )
                self._stopping.wait(min(5.0, self._url.timeout))


def _position(payload: str) -> int:
    try:
        return int(payload)
    except ValueError:
        return -1
