"""The PostgreSQL append as one call of a server-side function: one statement per append.

The schema's functions (:mod:`hom_plugins.storage.postgres_append_sql`: ``hom_append_one`` for one
record, ``hom_append_sealed`` for a batch) run, inside the statement's own transaction, the append
algorithm every other backend runs in Python (:func:`hom_core.appending.append_within`), in the same
order: take the log's write lock (``pg_advisory_xact_lock``), answer a recorded idempotency key,
check the expected version, read the head, seal the records at ``head + 1`` (the hash chain's
:func:`~hom_core.chain.link`, computed by the server) and insert them with the key, then
``NOTIFY``. They return the hashes they sealed, so the client knows the records as the log holds
them (:attr:`~hom_core.envelope.AppendResult.hashes`: a command's state is kept after its append
without reading the stream back). The client sends the call and reads one row back: one exchange
with the server and one commit, so the write lock is held only for the server's own work and the
commit's flush, never for a round trip to the client.

The canonical text the server hashes is the one :func:`~hom_core.chain.link` hashes: the compact
JSON array of the record's fields but its hash, strings escaped by ``to_json`` (which escapes
exactly what Python's ``json`` escapes when it keeps non-ASCII text: ``"``, ``\\``, and control
characters, as ``\\b``, ``\\f``, ``\\n``, ``\\r``, ``\\t`` or ``\\u00xx``), encoded in UTF-8
whatever the database's encoding. The tests hold the two to the same hashes over generated text.

The functions are created with the schema's tables (layout version 3) and by the upgrade of a
layout-1 or layout-2 schema. Layout 2's function, ``hom_append``, returned no hashes; the upgrade
leaves it in place, so a process of an older hom still running appends safely until it stops (it
writes the same chain under the same lock; drop it once no older hom runs). They run with their
caller's privileges (``SECURITY INVOKER``), so a role granted only ``SELECT`` and ``INSERT`` on
``events`` and ``idempotency`` (and ``EXECUTE`` on the functions, which PostgreSQL grants to
everyone by default) can append and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import psycopg
from psycopg import sql

from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError
from hom_core.store import NewRecord, retried_append

__all__ = ["AppendCalls", "append_statement", "appended", "call_append"]


class AppendCalls(NamedTuple):
    """The two calls of an append, composed for a schema: one record
    (:data:`~hom_plugins.storage.postgres_append_sql.APPEND_ONE_CALL`), or a batch
    (:data:`~hom_plugins.storage.postgres_append_sql.APPEND_MANY_CALL`)."""

    one: sql.Composed
    many: sql.Composed


def call_append(
    connection: psycopg.Connection[Any],
    calls: AppendCalls,
    target: tuple[int, str | None],
    stream_id: str,
    records: Sequence[NewRecord],
    expected_version: int | None,
    idempotency_key: str | None,
    confirm: Callable[[str, tuple[Any, ...]], AppendResult],
) -> AppendResult:
    """Append ``records`` with one call of the schema's function on an autocommit
    ``connection`` (the call is its own transaction). ``target`` is the write lock's key and
    the channel to notify; ``confirm(key, row)`` confirms a recorded key's append (a read after
    the call: the key and its records were committed together)."""
    statement = append_statement(calls, target, stream_id, records, expected_version,
                                 idempotency_key)  # fmt: skip
    row = connection.execute(*statement).fetchone()
    return appended(row, stream_id, expected_version, idempotency_key, confirm)


def append_statement(
    calls: AppendCalls,
    target: tuple[int, str | None],
    stream_id: str,
    records: Sequence[NewRecord],
    expected_version: int | None,
    idempotency_key: str | None,
) -> tuple[sql.Composed, tuple[Any, ...]]:
    """The call that appends ``records`` and its arguments: ``hom_append_one`` with the
    record's fields for one record, ``hom_append_sealed`` with a list per column for more."""
    lock_key, channel = target
    head = (lock_key, channel, stream_id, expected_version, idempotency_key)
    if len(records) == 1:
        return calls.one, (*head, *records[0])
    columns = [list(column) for column in zip(*records, strict=True)]
    return calls.many, (*head, *columns)


def appended(
    row: tuple[Any, ...] | None,
    stream_id: str,
    expected_version: int | None,
    idempotency_key: str | None,
    confirm: Callable[[str, tuple[Any, ...]], AppendResult],
) -> AppendResult:
    """What the ``row`` the function returned means: the append's result (with the
    hashes the server sealed), or its error."""
    assert row is not None  # the function always returns one row
    outcome, stream, version, first, last, hashes = row
    if outcome == "conflict":
        assert expected_version is not None
        raise ConcurrencyError(stream_id, expected_version, version)
    if outcome == "recorded":
        assert idempotency_key is not None
        earlier = confirm(idempotency_key, (stream, version, first, last))
        return retried_append(earlier, idempotency_key, stream_id)
    return AppendResult(stream, version, first, last, hashes=tuple(hashes))
