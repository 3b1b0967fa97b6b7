"""Benchmark hom on SQLite against a plain ``sqlite3`` + ``json`` floor and ``eventsourcing``.

    python benchmarks/bench.py --events 1000000 --json bench-1m.json

Three sides write and read the same school-census events (100 per stream, ``--events / 100``
streams): the *floor* (plain sqlite3 + json into hom's own ``events`` table layout, no hashes, no
version checks, no cattrs), *hom* (``open_log("sqlite:///...")``) and the *peer* (the
``eventsourcing`` package on its SQLite persistence). Every figure, the ratios between them and the
targets are explained in benchmarks/README.md. Misses are information: a completed run exits 0.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import attrs

from hom_core import EventLog, EventType, Projection, RecordedEvent, open_log
from hom_plugins.sqlite import EVENTS_TABLE

try:
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event
    from eventsourcing.persistence import JSONTranscoder, Transcoding
    from eventsourcing.sqlite import SQLiteConnectionPool
except ImportError:  # the bench extra is not installed: only the floor and hom are measured
    HAVE_EVENTSOURCING = False
else:
    HAVE_EVENTSOURCING = True

EVENTS_PER_STREAM = 100
LONG_STREAM_MAX = 1_000_000
LONG_STREAM_TAIL = 10
RSS_SMALL_MAX = 100_000
EVENT_TYPE = "bench.census_submitted"
ACTOR = "bench"
ZERO = Decimal(0)
FIRST_CENSUS = date(2000, 1, 3)
FLOOR_HASH = "0" * 64  # the floor stores a hash-sized value but computes none

# -- the domain: one school's census stream -------------------------------------------------


@attrs.frozen
class CensusSubmitted:
    """A school's census return: head counts and full-time equivalent pupils."""

    school: str
    census_date: date
    full_time: int
    part_time: int
    fte: Decimal


CENSUS = EventType(EVENT_TYPE, CensusSubmitted)


def school_id(index: int) -> str:
    return f"school-{index:05d}"


def census(index: int, version: int) -> CensusSubmitted:
    """The ``version``-th census (from 1) of school ``index``: deterministic, varied payloads."""
    full_time = 80 + (index * 7 + version * 13) % 1900
    part_time = (index + version * 3) % 90
    return CensusSubmitted(
        school=school_id(index),
        census_date=FIRST_CENSUS + timedelta(days=(version * 7) % 3000),
        full_time=full_time,
        part_time=part_time,
        fte=Decimal(full_time) + Decimal(part_time * 5) / 10,
    )


def census_payload(event: CensusSubmitted) -> dict[str, Any]:
    """The JSON-ready payload of ``event``, field for field what hom's codec stores."""
    return {
        "school": event.school,
        "census_date": event.census_date.isoformat(),
        "full_time": event.full_time,
        "part_time": event.part_time,
        "fte": str(event.fte),
    }


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def next_census(school: str, censuses: int, last: date | None) -> dict[str, Any]:
    """The fields of the census a command records after ``censuses`` earlier ones."""
    when = (last or FIRST_CENSUS) + timedelta(days=1)
    return {
        "school": school,
        "census_date": when,
        "full_time": 100 + censuses,
        "part_time": censuses % 40,
        "fte": Decimal(100 + censuses) + Decimal(censuses % 40) / 2,
    }


@attrs.frozen
class SchoolState:
    """hom's read model of one school stream (what a command decides on)."""

    school: str = ""
    censuses: int = 0
    fte_total: Decimal = ZERO
    last_census: date | None = None


def evolve_school(state: SchoolState, recorded: RecordedEvent[CensusSubmitted]) -> SchoolState:
    event = recorded.event
    return SchoolState(
        event.school, state.censuses + 1, state.fte_total + event.fte, event.census_date
    )


def decide_census(state: SchoolState) -> list[CensusSubmitted]:
    return [CensusSubmitted(**next_census(state.school, state.censuses, state.last_census))]


def add_fte(
    totals: dict[str, Decimal], recorded: RecordedEvent[CensusSubmitted]
) -> dict[str, Decimal]:
    event = recorded.event
    totals[event.school] = totals.get(event.school, ZERO) + event.fte
    return totals


SCHOOL = Projection("bench.school", SchoolState, evolve_school, state_type=SchoolState)
# The same fold under another name, so that its snapshots never serve the snapshot-less commands.
SCHOOL_SNAPSHOTTED = attrs.evolve(SCHOOL, name="bench.school_snapshotted")
FTE_TOTALS: Projection[dict[str, Decimal]] = Projection("bench.fte_totals", dict, add_fte)


# The same domain for the peer: the created event carries the first census, so that every
# aggregate holds exactly 100 events with the fields of CensusSubmitted.
if HAVE_EVENTSOURCING:
    SCHOOL_NAMESPACE = uuid.UUID("5b0c7e58-3f8a-4c36-9c55-3d6a1f0e2b11")

    class DateAsISO(Transcoding):
        type = date
        name = "date_iso"

        def encode(self, obj: date) -> str:
            return obj.isoformat()

        def decode(self, data: str) -> date:
            return date.fromisoformat(data)

    class School(Aggregate):
        """eventsourcing's aggregate of one school's censuses (its state is SchoolState's)."""

        @staticmethod
        def create_id(school: str, **_: object) -> uuid.UUID:
            return uuid.uuid5(SCHOOL_NAMESPACE, school)

        @event("FirstCensusSubmitted")
        def __init__(
            self, school: str, census_date: date, full_time: int, part_time: int, fte: Decimal
        ) -> None:
            self.school = school
            self.censuses = 1
            self.fte_total = fte
            self.last_census = census_date

        @event("CensusSubmitted")
        def submit_census(
            self, school: str, census_date: date, full_time: int, part_time: int, fte: Decimal
        ) -> None:
            self.censuses += 1
            self.fte_total += fte
            self.last_census = census_date

    class CensusApplication(Application[uuid.UUID]):
        def register_transcodings(self, transcoder: JSONTranscoder) -> None:
            super().register_transcodings(transcoder)
            transcoder.register(DateAsISO())


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Config:
    events: int
    streams: int
    rounds: int
    appends: int
    commands: int
    long_stream: int
    eventsourcing: bool


# What each figure is: its label in the table and its unit. Keys are "side.measurement".
FIGURES: dict[str, tuple[str, str]] = {
    "floor.batch_insert": ("executemany, one transaction (NORMAL)", "rows/s"),
    "hom.batch_append": ("append 100 events per stream (NORMAL)", "events/s"),
    "eventsourcing.batch_save": ("save aggregate with 100 events (NORMAL)", "events/s"),
    "floor.read": ("read all rows + json.loads", "rows/s"),
    "hom.replay": ("replay the whole log into a projection", "events/s"),
    "eventsourcing.replay": ("repository.get of every aggregate", "events/s"),
    "floor.commit_per_row": ("insert 1 row, commit (FULL)", "rows/s"),
    "floor.command": ("read 100 rows + insert 1, commit (FULL)", "commands/s"),
    "hom.durable_append": ("append 1 event (FULL)", "events/s"),
    "hom.command": ("load 100 + decide + append (FULL)", "commands/s"),
    "hom.command_from_snapshot": ("the same, loading from a snapshot (FULL)", "commands/s"),
    "eventsourcing.command": ("get 100 + command + save (FULL)", "commands/s"),
    "hom.long_load": ("load the long stream, no snapshot", "ms"),
    "hom.long_snapshot": ("load it + save a snapshot", "ms"),
    "hom.long_load_snapshot": ("load it from the snapshot + a 10-event tail", "ms"),
}


@dataclass
class Figure:
    """One measurement: ``count`` operations per round, each round's seconds, the best value."""

    key: str
    count: int
    seconds: list[float]

    @property
    def side(self) -> str:
        return self.key.partition(".")[0]

    @property
    def label(self) -> str:
        return FIGURES[self.key][0]

    @property
    def unit(self) -> str:
        return FIGURES[self.key][1]

    @property
    def value(self) -> float:
        best = min(self.seconds)
        return best * 1000 if self.unit == "ms" else self.count / best

    def as_json(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "count": self.count,
            "seconds": self.seconds,
        }

    def __str__(self) -> str:
        shown = f"{self.value:,.2f}" if self.unit == "ms" else f"{self.value:,.0f}"
        return f"{self.side:<14}{self.label:<46}{shown:>12} {self.unit}"


@dataclass
class Target:
    name: str
    description: str
    measured: float | None
    threshold: float
    higher_is_better: bool = True

    @property
    def status(self) -> str:
        if self.measured is None:
            return "n/a"
        if self.higher_is_better:
            return "PASS" if self.measured >= self.threshold else "MISS"
        return "PASS" if self.measured < self.threshold else "MISS"


Run = Callable[[int], float]
"""One round of a measurement: takes the round number, returns the seconds it timed."""


def compare(rounds: int, runs: dict[str, tuple[Run, int]]) -> list[Figure]:
    """Run every measurement once per round, interleaved, so each side sees the same machine.

    ``runs`` maps a figure key to its round and the operations one round performs.
    """
    seconds: dict[str, list[float]] = {key: [] for key in runs}
    for number in range(rounds):
        for key, (run, count) in runs.items():
            gc.collect()
            seconds[key].append(run(number))
            latest = Figure(key, count, seconds[key][-1:])
            print(f"  round {number + 1}/{rounds}  {latest}", flush=True)
    return [Figure(key, count, seconds[key]) for key, (_, count) in runs.items()]


def command_streams(config: Config, number: int, *, from_end: bool = False) -> list[int]:
    """The schools round ``number`` of a command measurement works on, one command each."""
    count, streams = config.commands, config.streams
    indexes = [(number * count + offset) % streams for offset in range(count)]
    return [streams - 1 - index for index in indexes] if from_end else indexes


def stopwatch(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


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


# -- the floor: plain sqlite3 + json ---------------------------------------------------------

FLOOR_INSERT = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
FLOOR_SELECT = "SELECT * FROM events ORDER BY position"
FLOOR_STREAM = "SELECT * FROM events WHERE stream_id = ? ORDER BY stream_version"


def floor_connect(path: Path, synchronous: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    return db


def floor_rows(
    payloads: list[dict[str, Any]],
    first_position: int,
    stream: str | None = None,
    after_version: int = 0,
) -> Iterator[tuple[object, ...]]:
    """hom's columns for ``payloads``: 100 per school, or all in ``stream`` after a version."""
    recorded_at = datetime.now(UTC).isoformat()
    effective = recorded_at[:10]
    correlation = ""
    for offset, payload in enumerate(payloads):
        version = offset % EVENTS_PER_STREAM + 1 if stream is None else after_version + offset + 1
        if version == 1 or stream is not None:
            correlation = str(uuid.uuid4())  # one per append, as hom does
        yield (
            first_position + offset, stream or payload["school"], version, EVENT_TYPE, 1,
            dumps(payload), recorded_at, effective, ACTOR, correlation, None, FLOOR_HASH,
        )  # fmt: skip


class Floor:
    """Plain ``sqlite3`` + ``json``: the least any store of these rows has to do."""

    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.config = config

    def batch_insert(self, _: int) -> float:
        """Every row in one transaction with one ``executemany``, json.dumps included."""
        payloads = [
            census_payload(census(index, version))
            for index in range(self.config.streams)
            for version in range(1, EVENTS_PER_STREAM + 1)
        ]
        remove_database(self.path)
        with closing(floor_connect(self.path, "NORMAL")) as db:
            db.execute(EVENTS_TABLE)  # hom's own table: the same rows and index
            start = time.perf_counter()
            db.execute("BEGIN")
            db.executemany(FLOOR_INSERT, floor_rows(payloads, 1))
            db.execute("COMMIT")
            return time.perf_counter() - start

    def read(self, _: int) -> float:
        """Every row in position order, each payload through ``json.loads``."""
        loads = json.loads
        count = 0
        with closing(sqlite3.connect(self.path)) as db:
            start = time.perf_counter()
            for row in db.execute(FLOOR_SELECT):
                loads(row[5])
                count += 1
            seconds = time.perf_counter() - start
        assert count == self.config.events, f"the floor read {count} rows"
        return seconds

    def commit_per_row(self, number: int) -> float:
        """One row per transaction at ``synchronous=FULL``, hom's default durability."""
        payloads = [census_payload(census(0, v)) for v in range(1, self.config.appends + 1)]
        with closing(floor_connect(self.path, "FULL")) as db:
            first = db.execute("SELECT max(position) FROM events").fetchone()[0] + 1
            rows = list(floor_rows(payloads, first, stream=f"durable-floor-{number}"))
            start = time.perf_counter()
            for row in rows:
                db.execute("BEGIN")
                db.execute(FLOOR_INSERT, row)
                db.execute("COMMIT")
            return time.perf_counter() - start

    def command(self, number: int) -> float:
        """hom's command without hom: read a stream's rows + json.loads, insert one, commit."""
        loads = json.loads
        streams = [school_id(index) for index in command_streams(self.config, number)]
        with closing(floor_connect(self.path, "FULL")) as db:
            position = db.execute("SELECT max(position) FROM events").fetchone()[0]
            start = time.perf_counter()
            for stream in streams:
                payloads = [loads(row[5]) for row in db.execute(FLOOR_STREAM, (stream,))]
                last = payloads[-1]
                fields = next_census(stream, len(payloads), date.fromisoformat(last["census_date"]))
                position += 1
                row = next(floor_rows([census_payload(CensusSubmitted(**fields))], position,
                                      stream, after_version=len(payloads)))  # fmt: skip
                db.execute("BEGIN")
                db.execute(FLOOR_INSERT, row)
                db.execute("COMMIT")
            return time.perf_counter() - start


# -- hom -------------------------------------------------------------------------------------


def hom_open(path: Path, synchronous: str | None = None) -> EventLog:
    query = f"?synchronous={synchronous}" if synchronous else ""
    return open_log(f"sqlite:///{path}{query}", event_types=[CENSUS], actor=ACTOR)


class Hom:
    """hom's public API on its SQLite store."""

    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.config = config
        self.totals: dict[str, Decimal] = {}

    def batch_append(self, _: int) -> float:
        """One ``append`` of 100 events (one transaction) per stream."""
        remove_database(self.path)
        seconds = 0.0
        with hom_open(self.path, "normal") as log:
            for index in range(self.config.streams):
                events = [census(index, version) for version in range(1, EVENTS_PER_STREAM + 1)]
                start = time.perf_counter()
                log.append(school_id(index), events, expected_version=0)
                seconds += time.perf_counter() - start
        return seconds

    def replay(self, _: int) -> float:
        """Fold the whole log into FTE totals per school: read + decode + evolve."""
        with hom_open(self.path) as log:
            start = time.perf_counter()
            self.totals = FTE_TOTALS.fold(log.read_all())
            seconds = time.perf_counter() - start
        assert len(self.totals) == self.config.streams, f"replayed {len(self.totals)} schools"
        return seconds

    def durable_append(self, number: int) -> float:
        """Single-event appends with expected versions, at the default ``synchronous=FULL``."""
        events = [census(0, version) for version in range(1, self.config.appends + 1)]
        with hom_open(self.path) as log:
            start = time.perf_counter()
            for expected, one in enumerate(events):
                log.append(f"durable-hom-{number}", [one], expected_version=expected)
            return time.perf_counter() - start

    def command(self, number: int) -> float:
        """``handle``: load a ~100-event stream, decide one event, append it (FULL)."""
        streams = [school_id(index) for index in command_streams(self.config, number)]
        return self._handle(streams, SCHOOL)

    def command_from_snapshot(self, number: int) -> float:
        """The same command on streams whose snapshot (taken untimed beforehand) is current."""
        indexes = command_streams(self.config, number, from_end=True)
        streams = [school_id(index) for index in indexes]
        with hom_open(self.path) as log:
            for stream in streams:
                log.snapshot(stream, SCHOOL_SNAPSHOTTED)
        return self._handle(streams, SCHOOL_SNAPSHOTTED)

    def _handle(self, streams: list[str], projection: Projection[SchoolState]) -> float:
        with hom_open(self.path) as log:
            start = time.perf_counter()
            for stream in streams:
                log.handle(stream, projection, decide_census)
            return time.perf_counter() - start


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


def replay_rss(path: Path, until: int) -> dict[str, Any]:
    """Resident memory of a fresh process replaying the first ``until`` events of the log."""
    command = [sys.executable, __file__, "--replay-rss-child", str(path), str(until)]
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


# -- the peer: eventsourcing ------------------------------------------------------------------


@contextmanager
def eventsourcing_app(path: Path, synchronous: str) -> Iterator[Any]:
    """An eventsourcing application on SQLite at ``path`` with the given ``synchronous``.

    eventsourcing has no setting for it (SQLite's default is FULL), so its connection factory is
    wrapped for the life of the application to run the same PRAGMA the other sides run.
    """
    original = SQLiteConnectionPool._create_connection

    def create(pool: SQLiteConnectionPool) -> Any:
        connection = original(pool)
        connection._sqlite_conn.execute(f"PRAGMA synchronous={synchronous}")
        return connection

    SQLiteConnectionPool._create_connection = create  # type: ignore[method-assign]
    app = CensusApplication(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    )
    try:
        yield app
    finally:
        app.close()
        SQLiteConnectionPool._create_connection = original  # type: ignore[method-assign]


class Peer:
    """The ``eventsourcing`` package: an Application of School aggregates on its SQLite store."""

    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.config = config
        self.ids = [School.create_id(school_id(i)) for i in range(config.streams)]
        self.totals: dict[str, Decimal] = {}

    def batch_save(self, _: int) -> float:
        """One aggregate per stream with 100 pending events, saved in one transaction."""
        remove_database(self.path)
        seconds = 0.0
        with eventsourcing_app(self.path, "NORMAL") as app:
            for index in range(self.config.streams):
                school = School(**attrs.asdict(census(index, 1), recurse=False))
                for version in range(2, EVENTS_PER_STREAM + 1):
                    school.submit_census(**attrs.asdict(census(index, version), recurse=False))
                start = time.perf_counter()
                app.save(school)
                seconds += time.perf_counter() - start
        return seconds

    def replay(self, _: int) -> float:
        """``repository.get`` of every aggregate, collecting the same FTE totals."""
        totals = {}
        with eventsourcing_app(self.path, "FULL") as app:
            get = app.repository.get
            start = time.perf_counter()
            for aggregate_id in self.ids:
                school = get(aggregate_id)
                totals[school.school] = school.fte_total
            seconds = time.perf_counter() - start
        self.totals = totals
        return seconds

    def command(self, number: int) -> float:
        """``repository.get`` a ~100-event aggregate, call a command method, ``save`` (FULL)."""
        ids = [self.ids[index] for index in command_streams(self.config, number)]
        with eventsourcing_app(self.path, "FULL") as app:
            start = time.perf_counter()
            for aggregate_id in ids:
                school = app.repository.get(aggregate_id)
                school.submit_census(
                    **next_census(school.school, school.censuses, school.last_census)
                )
                app.save(school)
            return time.perf_counter() - start


# -- the run -----------------------------------------------------------------------------------


def check_same_payload() -> None:
    """hom's codec must store exactly the text the floor stores, or the comparison is unfair."""
    with open_log("memory://", event_types=[CENSUS]) as log:
        for version in (1, 2, 99):
            one = census(7, version)
            stored = log.codec.encode(one)[2]
            assert stored == dumps(census_payload(one)), (stored, census_payload(one))


def run(config: Config, workdir: Path) -> tuple[list[Figure], dict[str, Any]]:
    check_same_payload()
    rounds, events = config.rounds, config.events
    floor = Floor(workdir / "floor.db", config)
    hom = Hom(workdir / "hom.db", config)
    peer = Peer(workdir / "eventsourcing.db", config) if config.eventsourcing else None
    figures: list[Figure] = []

    print(f"batch writes: {events:,} events, {config.streams:,} streams", flush=True)
    writes = {
        "floor.batch_insert": (floor.batch_insert, events),
        "hom.batch_append": (hom.batch_append, events),
    }
    if peer:
        writes["eventsourcing.batch_save"] = (peer.batch_save, events)
    figures += compare(rounds, writes)

    print("reads", flush=True)
    sides: list[Floor | Hom | Peer] = [floor, hom] if peer is None else [floor, hom, peer]
    for side in sides:
        checkpoint(side.path)
    reads = {"floor.read": (floor.read, events), "hom.replay": (hom.replay, events)}
    if peer:
        reads["eventsourcing.replay"] = (peer.replay, events)
    figures += compare(rounds, reads)
    if peer:
        assert peer.totals == hom.totals, "eventsourcing and hom folded different totals"
    payload_bytes = {
        "floor": average_length(floor.path, "events", "payload"),
        "hom": average_length(hom.path, "events", "payload"),
    }
    if peer:
        payload_bytes["eventsourcing"] = average_length(peer.path, "stored_events", "state")

    small = min(RSS_SMALL_MAX, events // 10)
    rss: dict[str, Any] = {
        "small": replay_rss(hom.path, small),
        "large": replay_rss(hom.path, events),
    }
    rss["growth_mib"] = rss["large"]["peak_mib"] - rss["small"]["peak_mib"]
    print(f"replay peak RSS: {small:,} events {rss['small']['peak_mib']:.1f} MiB, "
          f"{events:,} events {rss['large']['peak_mib']:.1f} MiB", flush=True)  # fmt: skip

    print(f"durable writes: {config.appends:,} appends, {config.commands:,} commands", flush=True)
    durable = {
        "floor.commit_per_row": (floor.commit_per_row, config.appends),
        "floor.command": (floor.command, config.commands),
        "hom.durable_append": (hom.durable_append, config.appends),
        "hom.command": (hom.command, config.commands),
        "hom.command_from_snapshot": (hom.command_from_snapshot, config.commands),
    }
    if peer:
        durable["eventsourcing.command"] = (peer.command, config.commands)
    figures += compare(rounds, durable)

    print(f"one stream of {config.long_stream:,} events", flush=True)
    figures += hom_long_stream(workdir / "long.db", config.long_stream, rounds)

    by_key = {figure.key: figure for figure in figures}
    ratios = compute_ratios(by_key)
    targets = compute_targets(ratios, by_key, rss["growth_mib"], config)
    return figures, {
        "config": asdict(config),
        "machine": machine(),
        "figures": {key: figure.as_json() for key, figure in by_key.items()},
        "ratios": ratios,
        "targets": [{**asdict(target), "status": target.status} for target in targets],
        "payload_bytes": payload_bytes,
        "replay_rss": rss,
    }


def compute_ratios(by_key: dict[str, Figure]) -> dict[str, float | None]:
    """hom's rate over the floor's or the peer's for the same work (higher is better for hom)."""

    def ratio(numerator: str, denominator: str) -> float | None:
        if numerator not in by_key or denominator not in by_key:
            return None
        return by_key[numerator].value / by_key[denominator].value

    return {
        "replay_vs_floor": ratio("hom.replay", "floor.read"),
        "replay_vs_eventsourcing": ratio("hom.replay", "eventsourcing.replay"),
        "append_vs_floor": ratio("hom.batch_append", "floor.batch_insert"),
        "append_vs_eventsourcing": ratio("hom.batch_append", "eventsourcing.batch_save"),
        "command_vs_floor": ratio("hom.command", "floor.commit_per_row"),
        "command_vs_eventsourcing": ratio("hom.command", "eventsourcing.command"),
        "command_from_snapshot_vs_floor": ratio(
            "hom.command_from_snapshot", "floor.commit_per_row"
        ),
        "durable_append_vs_floor": ratio("hom.durable_append", "floor.commit_per_row"),
        "command_vs_floor_command": ratio("hom.command", "floor.command"),
        # the floor over the peer: how far any Python + sqlite3 writer/reader could be ahead
        "floor_insert_vs_eventsourcing": ratio("floor.batch_insert", "eventsourcing.batch_save"),
        "floor_read_vs_eventsourcing": ratio("floor.read", "eventsourcing.replay"),
        "floor_command_vs_commit_per_row": ratio("floor.command", "floor.commit_per_row"),
    }


def compute_targets(
    ratios: dict[str, float | None], by_key: dict[str, Figure], growth: float, config: Config
) -> list[Target]:
    snapshot_ms = by_key["hom.long_load_snapshot"].value
    return [
        Target("replay_vs_floor", "replay >= 0.6x floor read", ratios["replay_vs_floor"], 0.6),
        Target("replay_vs_eventsourcing", "replay >= 5x eventsourcing repository.get",
               ratios["replay_vs_eventsourcing"], 5.0),
        Target("append_vs_floor", "batch append >= 0.5x floor executemany",
               ratios["append_vs_floor"], 0.5),
        Target("append_vs_eventsourcing", "batch append >= 4x eventsourcing save",
               ratios["append_vs_eventsourcing"], 4.0),
        Target("command_vs_floor", "load+command+append >= 0.8x floor commit-per-row",
               ratios["command_vs_floor"], 0.8),
        Target("snapshot_load_ms", f"{config.long_stream:,}-event stream from snapshot < 10 ms",
               snapshot_ms, 10.0, higher_is_better=False),
        Target("replay_rss_growth_mib", "replay peak RSS growth < 50 MiB", growth, 50.0,
               higher_is_better=False),
    ]  # fmt: skip


# -- output ------------------------------------------------------------------------------------


def print_report(config: Config, figures: list[Figure], result: dict[str, Any]) -> None:
    print()
    print(f"hom benchmark: {config.events:,} events ({config.streams:,} streams x "
          f"{EVENTS_PER_STREAM}), best of {config.rounds} round(s)")  # fmt: skip
    print(f"{'side':<14}{'measurement':<46}{'best':>12}")
    for figure in figures:
        print(figure)
    rss = result["replay_rss"]
    print(f"{'hom':<14}{'replay peak RSS growth, small -> full log':<46}"
          f"{rss['growth_mib']:>12,.1f} MiB")  # fmt: skip
    print()
    print("ratios (hom / other, then the floor's own)")
    for name, value in result["ratios"].items():
        print(f"  {name:<32}{'-' if value is None else f'{value:.2f}x':>8}")
    print()
    print("targets")
    for target in result["targets"]:
        measured = target["measured"]
        shown = "-" if measured is None else f"{measured:,.2f}"
        print(f"  {target['status']:<6}{target['description']:<52}{shown:>10}")


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "hom": package_version("hom"),
        "eventsourcing": package_version("eventsourcing"),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events",
        type=int,
        default=100_000,
        help="events in the log, 100 per stream (default 100,000)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of each measurement, interleaved; the best is reported",
    )
    parser.add_argument(
        "--appends",
        type=int,
        default=2000,
        help="durable single-row appends per round (default 2,000)",
    )
    parser.add_argument(
        "--commands",
        type=int,
        default=1000,
        help="load + command + append operations per round (default 1,000)",
    )
    parser.add_argument("--json", type=Path, help="write the raw figures and ratios here")
    parser.add_argument(
        "--skip-eventsourcing", action="store_true", help="measure only the floor and hom"
    )
    parser.add_argument("--tmp", type=Path, help="directory for the database files")
    parser.add_argument("--replay-rss-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.events < 10 * EVENTS_PER_STREAM:
        parser.error(f"--events must be at least {10 * EVENTS_PER_STREAM}")
    if min(args.rounds, args.appends, args.commands) < 1:
        parser.error("--rounds, --appends and --commands must be positive")
    return args  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.replay_rss_child:
        replay_rss_child(args.replay_rss_child[0], int(args.replay_rss_child[1]))
        return 0
    if not HAVE_EVENTSOURCING and not args.skip_eventsourcing:
        print("eventsourcing is not installed (pip install -e '.[bench]'): measuring without it")
    streams = args.events // EVENTS_PER_STREAM
    config = Config(
        events=streams * EVENTS_PER_STREAM,
        streams=streams,
        rounds=args.rounds,
        appends=args.appends,
        commands=args.commands,
        long_stream=min(streams * EVENTS_PER_STREAM, LONG_STREAM_MAX),
        eventsourcing=HAVE_EVENTSOURCING and not args.skip_eventsourcing,
    )
    workdir = Path(tempfile.mkdtemp(prefix="hom-bench-", dir=args.tmp))
    try:
        figures, result = run(config, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_report(config, figures, result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
