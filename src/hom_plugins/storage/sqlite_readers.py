"""Where a SQLite log's reads run, so that a read never waits for another thread's commit.

The store's one writing connection is held by an append for its whole transaction, the fsync of
the commit included. A read that finds it free runs on it, under the store's lock (what a
process with one thread always finds: its reads keep the writer's warm page cache, as before
group commit). A read that finds it busy does not wait: in WAL mode a connection of its own
sees every transaction committed before its statement began. :class:`Readers` hands out such
connections, one to each read at a time (a read takes one, runs its statement, gives it back),
opening another only when every one is busy, so a process holds about as many as it has threads
reading at once. Each is ``query_only``: reading never writes. A ``:memory:`` database exists
only on its one connection, so there every read waits for the writer.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from hom_plugins.storage.sqlite_file import connect, lenient_text

__all__ = ["Readers", "fetch_leniently", "stream_page"]


def fetch_leniently(db: sqlite3.Connection, query: str, args: tuple[object, ...]) -> list[Any]:
    """The rows of ``query``; stored text that is not UTF-8 is read with :func:`lenient_text`
    instead of failing the read."""
    try:
        return db.execute(query, args).fetchall()
    except sqlite3.OperationalError as error:
        if "decode" not in str(error):
            raise
    db.text_factory = lenient_text
    try:
        return db.execute(query, args).fetchall()
    finally:
        db.text_factory = str


def stream_page(columns: str, page_size: int, types: int | None = None) -> str:
    """The query of one page of a stream's rows, in order: ``?1`` is the version the page starts
    after, ``?2`` the stream, ``?3`` the last version; with ``types``, that many more arguments
    are the event types a row must have, and the ``(stream_id, stream_version)`` index still
    finds the rows (the others never reach Python)."""
    named = "" if types is None else ", ".join(f"?{index}" for index in range(4, 4 + types))
    of_types = "" if types is None else f"AND event_type IN ({named}) "
    return (
        f"SELECT {columns} FROM events WHERE stream_id = ?2 AND stream_version > ?1 "
        f"AND stream_version <= ?3 {of_types}ORDER BY stream_version LIMIT {page_size}"
    )


class WriterLock(Protocol):
    """The store's lock over its writing connection (a :func:`threading.RLock`)."""

    def acquire(self, blocking: bool = True) -> bool: ...

    def release(self) -> None: ...


class Readers:
    """Reading connections to the SQLite file at ``path`` (see the module docstring).

    ``writer`` and ``lock`` are the store's writing connection and the lock that guards it,
    used instead for a ``:memory:`` database.
    """

    def __init__(
        self,
        path: str,
        timeout: float,
        writer: sqlite3.Connection,
        lock: WriterLock,
    ) -> None:
        self._path = path
        self._timeout = timeout
        self._writer = writer
        self._lock = lock
        self._idle: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection to read on, for the block's statements only."""
        lock = self._lock
        if lock.acquire(blocking=self._path == ":memory:"):
            try:
                yield self._writer
            finally:
                lock.release()
            return
        with self._guard:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = connect(self._path, create=False, timeout=self._timeout)
            db.execute("PRAGMA query_only=ON")
        try:
            yield db
        finally:
            with self._guard:
                if self._closed:
                    db.close()
                else:
                    self._idle.append(db)

    def close(self) -> None:
        """Close every idle connection; one in use is closed when its read ends."""
        with self._guard:
            self._closed = True
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()
