"""The PostgreSQL backend: one fresh schema per side, created and dropped by the run.

Every commit is durable on every side (the server's ``synchronous_commit``, on by default: each
commit waits for the WAL flush); a batch is 100 events in one transaction everywhere. Before the
reads each side's tables are vacuumed and analysed, so that no side's first read pays for
setting hint bits on freshly written rows.

- the floor: ``psycopg`` into hom's ``events`` table layout (``EVENTS_TABLE`` below, the same
  columns, types and indexes as ``src/hom_plugins/storage/postgres_base.py``), each batch of 100
  rows one binary ``COPY`` in autocommit (itself a transaction: two exchanges with the server and a
  commit), single rows one autocommitted prepared ``INSERT``, reads in pages of 1,000 rows by
  position as hom reads;
- hom: ``open_log("postgresql://...?schema=...")``;
- eventsourcing: its ``eventsourcing.postgres`` persistence with ``POSTGRES_SCHEMA``, a pool of
  one connection.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import psycopg
from psycopg import sql

from domain import ACTOR, CENSUS, EVENTS_PER_STREAM, HAVE_EVENTSOURCING
from hom_core import EventLog, open_log
from hom_plugins.storage.postgres_base import EVENTS_TABLE, Tables
from sides import PAYLOAD_COLUMNS, Row

if HAVE_EVENTSOURCING:
    from domain import CensusApplication

PAGE = 1000
"""Rows per page of the floor's read, as hom reads."""

COPY_TYPES = ["int8", "text", "int8", "text", "int4"] + ["text"] * 7
FLOOR_COPY = "COPY events FROM STDIN (FORMAT BINARY)"
FLOOR_INSERT = "INSERT INTO events VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
FLOOR_PAGE = "SELECT * FROM events WHERE position > %s ORDER BY position LIMIT %s"
FLOOR_STREAM = "SELECT * FROM events WHERE stream_id = %s ORDER BY stream_version"
# eventsourcing's PostgreSQL table is named after the application
PG_PAYLOAD_COLUMNS = {**PAYLOAD_COLUMNS, "eventsourcing": ("censusapplication_events", "state")}


class PostgresFloor:
    """Plain ``psycopg`` on one autocommit connection whose search path is the floor's schema."""

    def __init__(self, db: psycopg.Connection[Any]) -> None:
        self.db = db

    def create_table(self) -> None:
        schema = self.db.execute("SELECT current_schema()").fetchone()
        assert schema is not None
        self.db.execute(Tables(schema[0]).query(EVENTS_TABLE))  # hom's own table

    def stamp(self) -> tuple[object, object]:
        recorded_at = datetime.now(UTC).isoformat()
        return recorded_at, recorded_at[:10]

    def insert_all(self, rows: Iterable[Row]) -> None:
        """Each 100 rows (one stream) in one binary ``COPY``: one transaction, one commit."""
        cursor = self.db.cursor()
        rows = iter(rows)
        while batch := list(islice(rows, EVENTS_PER_STREAM)):
            with cursor.copy(FLOOR_COPY) as copy:
                copy.set_types(COPY_TYPES)
                for row in batch:
                    copy.write_row(row)

    def insert_committed(self, row: Row) -> None:
        self.db.execute(FLOOR_INSERT, row, prepare=True)

    def last_position(self) -> int:
        row = self.db.execute("SELECT max(position) FROM events").fetchone()
        return int(row[0]) if row else 0

    def rows(self) -> Iterator[Row]:
        cursor = self.db.cursor()
        position = 0
        while page := cursor.execute(FLOOR_PAGE, (position, PAGE), prepare=True).fetchall():
            yield from page
            position = page[-1][0]

    def stream_rows(self, stream: str) -> Iterable[Row]:
        return self.db.execute(FLOOR_STREAM, (stream,), prepare=True).fetchall()


class PostgreSQL:
    """A schema per side in the database at ``dsn``: ``hom_bench_<pid>_<side>``."""

    prefix = "postgres."

    def __init__(self, dsn: str, session: str = "") -> None:
        self.dsn = dsn
        self.session = session  # server settings every side's sessions start with (-c ...)
        if session:  # libpq's own variable: every connection that names no options of its own
            os.environ["PGOPTIONS"] = session
        self.created: set[str] = set()
        with psycopg.connect(dsn) as probe:
            info = probe.info
            self.env = {
                "POSTGRES_DBNAME": info.dbname,
                "POSTGRES_HOST": info.host,
                "POSTGRES_PORT": str(info.port),
                "POSTGRES_USER": info.user,
                "POSTGRES_PASSWORD": info.password,
            }
            self.server = info.parameter_status("server_version") or "?"

    def schema(self, side: str) -> str:
        return f"hom_bench_{os.getpid()}_{side}"

    def execute(self, *statements: sql.Composable) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as db:
            for statement in statements:
                db.execute(statement)

    def reset(self, side: str) -> None:
        schema = sql.Identifier(self.schema(side))
        self.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema),
            sql.SQL("CREATE SCHEMA {}").format(schema),
        )
        self.created.add(side)

    def settle(self, side: str) -> None:
        """``VACUUM (ANALYZE)`` every table of the side's schema."""
        with psycopg.connect(self.dsn, autocommit=True) as db:
            tables = db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s", (self.schema(side),)
            ).fetchall()
            for (table,) in tables:
                name = sql.Identifier(self.schema(side), table)
                db.execute(sql.SQL("VACUUM (ANALYZE) {}").format(name))

    def drop_all(self) -> None:
        """Drop every schema this run created."""
        self.execute(
            *(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema(s)))
                for s in sorted(self.created)
            )
        )
        self.created.clear()

    @contextmanager
    def floor(self, *, batch: bool = False) -> Iterator[PostgresFloor]:
        options = f"-c search_path={self.schema('floor')} {self.session}".strip()
        with psycopg.connect(self.dsn, autocommit=True, options=options) as db:
            yield PostgresFloor(db)

    def hom_works(self) -> bool:
        """Whether hom opens a log here (its PostgreSQL plugin is installed and works)."""
        try:
            self.reset("hom")
            self.hom().close()
        except Exception as error:
            print(f"hom cannot open a PostgreSQL log ({error}): measuring without it")
            return False
        return True

    def hom(self, *, batch: bool = False) -> EventLog:
        joiner = "&" if "?" in self.dsn else "?"
        url = f"{self.dsn}{joiner}schema={self.schema('hom')}"
        return open_log(url, event_types=[CENSUS], actor=ACTOR)

    @contextmanager
    def eventsourcing(self, *, batch: bool = False) -> Iterator[Any]:
        app = CensusApplication(
            env={
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                **self.env,
                "POSTGRES_SCHEMA": self.schema("eventsourcing"),
                "POSTGRES_POOL_SIZE": "1",
                "POSTGRES_MAX_OVERFLOW": "0",
            }
        )
        try:
            yield app
        finally:
            app.close()

    def payload_bytes(self, sides: Iterable[str]) -> dict[str, float]:
        """The average stored payload of each side (the floor's and hom's must be equal)."""
        sizes = {}
        with psycopg.connect(self.dsn, autocommit=True) as db:
            for side in sides:
                table, column = PG_PAYLOAD_COLUMNS[side]
                query = sql.SQL("SELECT avg(octet_length({})) FROM {}").format(
                    sql.Identifier(column), sql.Identifier(self.schema(side), table)
                )
                row = db.execute(query).fetchone()
                sizes[side] = float(row[0]) if row and row[0] is not None else 0.0
        return sizes
