"""The SQLite side of group commit: the appends of a group in one transaction, one fsync.

(Here too :func:`recorded`, the idempotency lookup every SQLite append and retry makes.)

:class:`~hom_core.group_commit.GroupCommit` hands the store's leader a group of appends;
:func:`append_together` runs each through the append algorithm
(:func:`~hom_core.appending.append_within`) in one ``BEGIN IMMEDIATE`` transaction on the
writing connection, in order, so each sees the ones before it (the stream's version, the head,
the idempotency keys) as if they had been committed one by one, and commits once.

An append the algorithm refuses (a stale expected version, a key recorded for another stream,
a batch that cannot be sealed) has written nothing when it raises: its error is its own, and the
rest of the group goes on. Anything that fails once an append has begun to write, and any error
of SQLite's, fails the transaction as a whole: it is rolled back, and
:class:`~hom_core.group_commit.GroupRolledBackError` has the committer run each append alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from hom_core.appending import Batch, append_within
from hom_core.envelope import AppendResult
from hom_core.group_commit import GroupRolledBackError, Waiting
from hom_core.store import NewRecord, StoredRecord, confirmed_append

__all__ = ["Request", "append_together", "recorded"]

Request = tuple[str, Sequence[NewRecord], int | None, str | None]
"""One append: stream id, records, expected version, idempotency key."""


def recorded(db: sqlite3.Connection, idempotency_key: str) -> AppendResult | None:
    """The append recorded under the key, once the events table is seen to hold it."""
    row = db.execute(
        "SELECT stream_id, stream_version, first_position, last_position "
        "FROM idempotency WHERE key = ?",
        (idempotency_key,),
    ).fetchone()
    if row is None:
        return None
    earlier = AppendResult(*row, retried=True)
    found = db.execute(
        "SELECT position, stream_id, stream_version FROM events "
        "WHERE position BETWEEN ? AND ? ORDER BY position",
        (earlier.first_position, earlier.last_position),
    ).fetchall()
    return confirmed_append(earlier, idempotency_key, found)


class _Watched:
    """A :class:`Batch` that notes whether its append has begun to write."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.writing = False
        self.recorded = batch.recorded
        self.version = batch.version
        self.head = batch.head

    def write(self, sealed: list[StoredRecord], key: str | None, result: AppendResult) -> None:
        self.writing = True
        self.batch.write(sealed, key, result)


def append_together(
    db: sqlite3.Connection,
    batch_on: Callable[[sqlite3.Connection], Batch],
    group: Sequence[Waiting[Request, AppendResult]],
) -> None:
    """Append every request of ``group`` on ``db``, each through a :class:`Batch` of its own
    (``batch_on(db)``: nothing one append's batch read is kept for the next), and commit once;
    record each one's outcome once committed. Raises :class:`GroupRolledBackError`, rolled back,
    when the transaction as a whole fails."""
    outcomes: list[AppendResult | Exception] = []
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            for waiting in group:
                watched = _Watched(batch_on(db))
                try:
                    outcomes.append(append_within(watched, *waiting.request))
                except sqlite3.Error:
                    raise
                except Exception as error:
                    if watched.writing:
                        raise
                    outcomes.append(error)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite has already rolled back after some errors
                db.execute("ROLLBACK")
            raise
    except Exception as error:
        raise GroupRolledBackError(str(error)) from error
    for waiting, outcome in zip(group, outcomes, strict=True):
        if isinstance(outcome, Exception):
            waiting.fail(outcome)
        else:
            waiting.succeed(outcome)
