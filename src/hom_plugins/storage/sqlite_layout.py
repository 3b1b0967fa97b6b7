"""The tables hom keeps in a SQLite file: the log's and the people store's, and their version."""

from __future__ import annotations

__all__ = ["EVENTS_TABLE", "LOG_SCHEMA", "PEOPLE_SCHEMA", "PEOPLE_TABLES", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1
"""The version of the table layout below; a file of a newer layout is refused."""


EVENTS_TABLE = """
CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    causation_id TEXT,
    hash TEXT NOT NULL,
    UNIQUE (stream_id, stream_version)
);
"""
"""The events table: ``position`` is its integer primary key; ``(stream_id, stream_version)``
is unique. (The benchmark's floor writes the same table.)"""

LOG_SCHEMA = (
    EVENTS_TABLE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")
    + """
CREATE TABLE IF NOT EXISTS hom_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    first_position INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    code_version INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
"""
)
"""Every table of the log, made when the file is created."""


PEOPLE_TABLES = frozenset(("people", "people_forgotten"))
"""The tables of the people store."""

PEOPLE_SCHEMA = """
CREATE TABLE IF NOT EXISTS people (
    person_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    contact TEXT
);
CREATE TABLE IF NOT EXISTS people_forgotten (
    person_id TEXT PRIMARY KEY,
    forgotten_on TEXT NOT NULL
);
"""
"""The people store's tables, made with the log (and by the people store if it comes first)."""
