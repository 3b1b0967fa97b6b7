"""The SQLite backend: one database file per side, and the SQLite-only figures.

Batch writes run at ``synchronous=NORMAL`` on every side, single-row writes and commands at
``FULL`` (hom's default); all use WAL. Before the reads each file's WAL is checkpointed. Besides
the three sides, this section measures one long stream with and without a snapshot and the
replay's peak memory.
"""

from __future__ import annotations

import gc
import json
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from domain import (
    ACTOR,
    CENSUS,
    FTE_TOTALS,
    HAVE_EVENTSOURCING,
    SCHOOL,
    CensusSubmitted,
    SchoolState,
    census,
    evolve_school,
)
from hom_core import EventLog, RecordedEvent, open_log
from hom_plugins.storage.sqlite_layout import EVENTS_TABLE
from measure import Figure, stopwatch
from sides import PAYLOAD_COLUMNS, Row

if HAVE_EVENTSOURCING:
    from eventsourcing.sqlite import SQLiteConnectionPool

    from domain import CensusApplication

LONG_STREAM_MAX = 1_000_000
LONG_STREAM_TAIL = 10
RSS_SMALL_MAX = 100_000

FLOOR_INSERT = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
FLOOR_SELECT = "SELECT * FROM events ORDER BY position"
FLOOR_STREAM = "SELECT * FROM events WHERE stream_id = ? ORDER BY stream_version"


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the database file so that every side's reads start alike."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def average_length(path: Path, table: str, column: str) -> float:
    with closing(sqlite3.connect(path)) as db:
        return float(db.execute(f"SELECT avg(length({column})) FROM {table}").fetchone()[0])


def hom_open(path: Path, synchronous: str | None = None) -> EventLog:
    query = f"?synchronous={synchronous}" if synchronous else ""
    return open_log(f"sqlite:///{path}{query}", event_types=[CENSUS], actor=ACTOR)


class SQLiteFloor:
    """Plain ``sqlite3`` on one connection in autocommit mode (explicit transactions)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def create_table(self) -> None:
        self.db.execute(EVENTS_TABLE)

    def stamp(self) -> tuple[object, object]:
        recorded_at = datetime.now(UTC).isoformat()
        return recorded_at, recorded_at[:10]

    def insert_all(self, rows: Iterable[Row]) -> None:
        """All rows in one transaction with one ``executemany``."""
        self.db.execute("BEGIN")
        self.db.executemany(FLOOR_INSERT, rows)
        self.db.execute("COMMIT")

    def insert_committed(self, row: Row) -> None:
        self.db.execute("BEGIN")
        self.db.execute(FLOOR_INSERT, row)
        self.db.execute("COMMIT")

    def last_position(self) -> int:
        return int(self.db.execute("SELECT max(position) FROM events").fetchone()[0])

    def rows(self) -> Iterable[Row]:
        return self.db.execute(FLOOR_SELECT)

    def stream_rows(self, stream: str) -> Iterable[Row]:
        return self.db.execute(FLOOR_STREAM, (stream,))


class SQLite:
    """One database file per side in ``workdir``: ``floor.db``, ``hom.db``, ``eventsourcing.db``."""

    prefix = ""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def path(self, side: str) -> Path:
        return self.workdir / f"{side}.db"

    def reset(self, side: str) -> None:
        remove_database(self.path(side))

    def settle(self, side: str) -> None:
        checkpoint(self.path(side))

    @contextmanager
    def floor(self, *, batch: bool = False) -> Iterator[SQLiteFloor]:
        db = sqlite3.connect(self.path("floor"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={'NORMAL' if batch else 'FULL'}")
        with closing(db):
            yield SQLiteFloor(db)

    def hom(self, *, batch: bool = False) -> EventLog:
        return hom_open(self.path("hom"), "normal" if batch else None)

    @contextmanager
    def eventsourcing(self, *, batch: bool = False) -> Iterator[Any]:
        """An eventsourcing application on SQLite at NORMAL for batches, FULL otherwise.

        eventsourcing has no setting for it (SQLite's default is FULL), so its connection factory
        is wrapped for the life of the application to run the same PRAGMA the other sides run.
        """
        synchronous = "NORMAL" if batch else "FULL"
        original = SQLiteConnectionPool._create_connection

        def create(pool: SQLiteConnectionPool) -> Any:
            connection = original(pool)
            connection._sqlite_conn.execute(f"PRAGMA synchronous={synchronous}")
            return connection

        SQLiteConnectionPool._create_connection = create  # type: ignore[method-assign]
        path = str(self.path("eventsourcing"))
        app = CensusApplication(
            env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}
        )
        try:
            yield app
        finally:
            app.close()
            SQLiteConnectionPool._create_connection = original  # type: ignore[method-assign]

    def payload_bytes(self, sides: Iterable[str]) -> dict[str, float]:
        """The average stored payload of each side (the floor's and hom's must be equal)."""
        return {side: average_length(self.path(side), *PAYLOAD_COLUMNS[side]) for side in sides}


# -- one long stream ---------------------------------------------------------------------------


def hom_long_stream(path: Path, length: int, rounds: int) -> list[Figure]:
    """One stream of ``length`` events loaded without, then with, a snapshot (+ a short tail)."""
    stream = "school-long"
    with hom_open(path, "normal") as log:
        batch = 10_000
        for first in range(1, length + 1, batch):
            events = [
                census(0, version) for version in range(first, min(first + batch, length + 1))
            ]
            log.append(stream, events, expected_version=first - 1)
    checkpoint(path)
    with hom_open(path) as log:
        gc.collect()
        start = time.perf_counter()
        unsnapped = log.load(stream, SCHOOL)
        full = time.perf_counter() - start
        snap = stopwatch(lambda: log.snapshot(stream, SCHOOL))
        tail = [census(0, length + offset) for offset in range(1, LONG_STREAM_TAIL + 1)]
        log.append(stream, tail, expected_version=length)
        expected = SCHOOL.fold(log.read_stream(stream, length), unsnapped.state)
        replayed = 0

        def counting(state: SchoolState, recorded: RecordedEvent[CensusSubmitted]) -> SchoolState:
            nonlocal replayed
            replayed += 1
            return evolve_school(state, recorded)

        loaded = log.load(stream, attrs.evolve(SCHOOL, evolve=counting))
        assert replayed == LONG_STREAM_TAIL, f"the snapshot load replayed {replayed} events"
        assert loaded.version == length + LONG_STREAM_TAIL, loaded.version
        assert loaded.state == expected, "the snapshot load differs from a full replay"
        with_snapshot = []
        for _ in range(max(rounds, 5)):
            gc.collect()
            with_snapshot.append(stopwatch(lambda: log.load(stream, SCHOOL)))
    return [
        Figure("hom.long_load", length, [full]),
        Figure("hom.long_snapshot", length, [snap]),
        Figure("hom.long_load_snapshot", length, with_snapshot),
    ]


# -- replay memory -----------------------------------------------------------------------------


def replay_rss(path: Path, events: int) -> dict[str, Any]:
    """Peak resident memory of a fresh process replaying a small prefix, then all ``events``."""
    small = min(RSS_SMALL_MAX, events // 10)
    rss: dict[str, Any] = {
        "small": replay_rss_of(path, small),
        "large": replay_rss_of(path, events),
    }
    rss["growth_mib"] = rss["large"]["peak_mib"] - rss["small"]["peak_mib"]
    print(f"replay peak RSS: {small:,} events {rss['small']['peak_mib']:.1f} MiB, "
          f"{events:,} events {rss['large']['peak_mib']:.1f} MiB", flush=True)  # fmt: skip
    return rss


def replay_rss_of(path: Path, until: int) -> dict[str, Any]:
    """Resident memory of a fresh process replaying the first ``until`` events of the log."""
    bench = Path(__file__).with_name("bench.py")
    command = [sys.executable, str(bench), "--replay-rss-child", str(path), str(until)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def replay_rss_child(path: str, until: int) -> None:
    """Print the resident memory before and the peak during a replay of ``until`` events.

    The peak is the kernel's high-water mark, reset just before the replay (Linux); elsewhere it
    falls back to ``ru_maxrss``, which may still hold the peak of the imports.
    """
    with hom_open(Path(path)) as log:
        gc.collect()
        reset = reset_peak_rss()
        before = memory_mib("VmRSS")
        totals = FTE_TOTALS.fold(log.read_all(0, until))
        peak = memory_mib("VmHWM")
    figures = {"events": until, "schools": len(totals), "before_mib": before, "peak_mib": peak}
    print(json.dumps({**figures, "peak_reset": reset}))


def reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory_mib(field: str) -> float:
    """``VmRSS`` or ``VmHWM`` of this process in MiB (``ru_maxrss`` where /proc is missing)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
