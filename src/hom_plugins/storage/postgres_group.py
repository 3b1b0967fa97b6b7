"""The PostgreSQL side of group commit: a group's appends' calls in one transaction.

:class:`~hom_core.group_commit.GroupCommit` hands the store's leader a group of appends;
:func:`append_together` sends them on one connection in pipeline mode: ``BEGIN``, one call of the
schema's append functions per append (:mod:`hom_plugins.storage.postgres_append`), in order,
and ``COMMIT``, in one exchange with the server, and one WAL flush for the group. The first call
takes the log's write lock and the transaction holds it to the commit, as a single append's does;
each call sees the ones before it (the stream's version, the head, the idempotency keys) as if they
had been committed one by one.

The function answers a stale expected version or a recorded idempotency key with a row, not
an error, so such an append is refused (or answered) on its own and the rest of the group commits.
Any error (the server refusing a call, a value the client cannot send, a lost connection) fails the
transaction as a whole: nothing of it is committed, and
:class:`~hom_core.group_commit.GroupRolledBackError` has the committer run each append alone, so
each caller gets its own append's outcome. A recorded key's append is confirmed by a read after the
commit, as a single append's is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from hom_core.envelope import AppendResult
from hom_core.group_commit import GroupRolledBackError, Waiting
from hom_core.store import NewRecord
from hom_plugins.storage.postgres_append import AppendCalls, append_statement, appended

__all__ = ["Request", "append_together"]

Request = tuple[str, Sequence[NewRecord], int | None, str | None]
"""One append: stream id, records, expected version, idempotency key."""


def append_together(
    connection: psycopg.Connection[Any],
    calls: AppendCalls,
    target: tuple[int, str | None],
    group: Sequence[Waiting[Request, AppendResult]],
    confirm: Callable[[str, tuple[Any, ...]], AppendResult],
    failed: Callable[[str, psycopg.Error], Exception],
) -> None:
    """Append every request of ``group`` on the autocommit ``connection`` in one transaction and
    record each one's outcome. ``target`` is the write lock's key and the channel to notify;
    ``confirm`` as for :func:`~hom_plugins.storage.postgres_append.call_append`; ``failed``
    gives the typed error of an append to a stream that the server failed (when confirming a
    recorded key). Raises :class:`GroupRolledBackError` when the transaction failed."""
    try:
        with connection.pipeline(), connection.transaction():
            cursors = [
                connection.execute(*append_statement(calls, target, *waiting.request))
                for waiting in group
            ]
        rows = [cursor.fetchone() for cursor in cursors]
    except Exception as error:
        raise GroupRolledBackError(str(error)) from error
    for waiting, row in zip(group, rows, strict=True):
        stream_id, _, expected_version, idempotency_key = waiting.request
        try:
            waiting.succeed(appended(row, stream_id, expected_version, idempotency_key, confirm))
        except psycopg.Error as error:
            waiting.fail(failed(stream_id, error))
        except Exception as error:
            waiting.fail(error)
