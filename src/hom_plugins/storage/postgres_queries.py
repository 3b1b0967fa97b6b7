"""The statements of the PostgreSQL store, composed once for a schema, the names it derives from
the schema (its write lock's key, its notification channel), and the confirmation of a recorded
idempotency key's append."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from hom_core.envelope import AppendResult
from hom_core.store import confirmed_append
from hom_plugins.storage.postgres_append import AppendCalls
from hom_plugins.storage.postgres_append_sql import APPEND_MANY_CALL, APPEND_ONE_CALL
from hom_plugins.storage.postgres_base import Tables, advisory_key

__all__ = ["Queries", "channel_name", "confirmed", "write_lock_key"]

_COLUMNS = (
    "position, stream_id, stream_version, event_type, schema_version, payload, recorded_at, "
    "effective_date, actor, correlation_id, causation_id, hash"
)


class Queries:
    """Every statement of the store, composed once for its schema."""

    def __init__(self, tables: Tables) -> None:
        q = tables.query
        self.append = AppendCalls(q(APPEND_ONE_CALL), q(APPEND_MANY_CALL))
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
        self.read_stream_of_types = q(
            f"SELECT {_COLUMNS} FROM {{schema}}.events WHERE stream_id = %s "
            "AND stream_version > %s AND stream_version <= %s AND event_type = ANY(%s) "
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
