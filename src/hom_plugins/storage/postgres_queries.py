"""The statements of the PostgreSQL store, composed once for a schema, the names it derives from
the schema (its write lock's key, its notification channel), and the append's
:class:`~hom_core.appending.Batch` that runs them inside the append's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

from hom_core.chain import GENESIS_HASH
from hom_core.envelope import AppendResult
from hom_core.store import StoredRecord, confirmed_append
from hom_plugins.storage.postgres_base import Tables, advisory_key

__all__ = ["AppendBatch", "Queries", "channel_name", "confirmed", "write_lock_key"]

_COLUMNS = (
    "position, stream_id, stream_version, event_type, schema_version, payload, recorded_at, "
    "effective_date, actor, correlation_id, causation_id, hash"
)
_TYPES = (
    "bigint", "text", "bigint", "text", "integer", "text", "text", "text", "text", "text", "text",
    "text",
)  # fmt: skip


class Queries:
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


def confirmed(
    connection: psycopg.Connection[Any], q: Queries, key: str, row: Sequence[Any]
) -> AppendResult:
    """The append recorded under ``key`` (``row``), once the events table is seen to hold it."""
    earlier = AppendResult(*row, retried=True)
    found = connection.execute(q.between, (earlier.first_position, earlier.last_position))
    return confirmed_append(earlier, key, found.fetchall())


class AppendBatch:
    """The :class:`~hom_core.appending.Batch` of a PostgreSQL append: the state row read under
    the write lock (the stream's version, the head, the key's append), and the writes, which
    end in ``NOTIFY`` on ``channel``. ``written`` says whether to commit."""

    def __init__(
        self,
        connection: psycopg.Connection[Any],
        q: Queries,
        channel: str,
        stream: str,
        key: str | None,
    ) -> None:
        self._connection = connection
        self._q = q
        self._channel = channel
        row = connection.execute(q.state, {"stream": stream, "key": key}).fetchone()
        assert row is not None  # one row always: SELECT 1 LEFT JOIN ...
        self._row = row
        self.written = False

    def recorded(self, key: str) -> AppendResult | None:
        row = self._row
        return None if row[3] is None else confirmed(self._connection, self._q, key, row[3:7])

    def version(self, stream_id: str) -> int:
        return int(self._row[0])

    def head(self) -> tuple[int, str]:
        return self._row[1] or 0, self._row[2] or GENESIS_HASH

    def write(self, sealed: list[StoredRecord], key: str | None, result: AppendResult) -> None:
        q, connection = self._q, self._connection
        connection.execute(q.insert, [list(column) for column in zip(*sealed, strict=True)])
        if key is not None:
            connection.execute(
                q.remember,
                (key, result.stream_id, result.stream_version, result.first_position,
                 result.last_position),
            )  # fmt: skip
        connection.execute(q.notify, (self._channel, str(result.last_position)))
        self.written = True
