"""The three sides of a comparison, written once and run on any database through a ``Backend``.

- ``Floor``: the least any store of these rows has to do: the same rows in hom's own ``events``
  table layout, with the database driver and the fastest JSON path plain code has (the C encoder
  built once, msgspec or the C scanner to read: ``domain.dumps``, ``domain.loads``; no hashes, no
  version checks, no cattrs);
- ``Hom``: hom's public API on the backend's store;
- ``Peer``: the ``eventsourcing`` package on the backend's persistence.

A backend (``sides_sqlite.SQLite``, ``sides_postgres.PostgreSQL``) knows how to give each side an
empty store, a connection for the floor, an ``EventLog`` and an eventsourcing application; the
sides hold the measurements, so both databases run exactly the same work.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import attrs

from domain import (
    ACTOR,
    EVENT_TYPE,
    EVENTS_PER_STREAM,
    FTE_TOTALS,
    KEPT_STREAMS,
    SCHOOL,
    SCHOOL_KEPT,
    SCHOOL_SNAPSHOTTED,
    ZERO,
    CensusSubmitted,
    SchoolState,
    census,
    census_payload,
    decide_census,
    dumps,
    loads,
    next_census,
    school_id,
)
from hom_core import EventLog, Projection
from measure import Config, Figure, Run, command_streams, compare

FLOOR_HASH = "0" * 64  # the floor stores a hash-sized value but computes none

Row = tuple[Any, ...]
"""One row of the events table, in its column order."""
PAYLOAD = 5
"""The payload's column in a row."""
PAYLOAD_COLUMNS = {
    "floor": ("events", "payload"),
    "hom": ("events", "payload"),
    "eventsourcing": ("stored_events", "state"),
}
"""Where each side keeps its payloads: table and column."""


class FloorDB(Protocol):
    """The floor's few statements on one database connection."""

    def create_table(self) -> None:
        """Create hom's ``events`` table (same columns and indexes) in the empty store."""

    def stamp(self) -> tuple[object, object]:
        """``recorded_at`` and ``effective_date`` for rows written now, as the columns take them."""

    def insert_all(self, rows: Iterable[Row]) -> None:
        """Write every row the way the backend batches (SQLite: one transaction)."""

    def insert_committed(self, row: Row) -> None:
        """Write one row in its own durable transaction."""

    def last_position(self) -> int: ...

    def rows(self) -> Iterable[Row]:
        """Every row, all columns, in position order, streamed."""

    def stream_rows(self, stream: str) -> Iterable[Row]:
        """The rows of one stream in version order."""


class Backend(Protocol):
    """One database: what each side needs from it. Sides are "floor", "hom", "eventsourcing"."""

    prefix: str
    """Put before every figure key: "" for SQLite, "postgres." for PostgreSQL."""

    def reset(self, side: str) -> None:
        """Give ``side`` an empty store (a new file, a new schema)."""

    def settle(self, side: str) -> None:
        """Bring ``side``'s store to the same state as the others' before the reads."""

    def floor(self, *, batch: bool = False) -> AbstractContextManager[FloorDB]: ...

    def hom(self, *, batch: bool = False) -> EventLog: ...

    def eventsourcing(self, *, batch: bool = False) -> AbstractContextManager[Any]: ...


def floor_rows(
    payloads: list[dict[str, Any]],
    first_position: int,
    stamp: tuple[object, object],
    stream: str | None = None,
    after_version: int = 0,
) -> Iterator[Row]:
    """hom's columns for ``payloads``: 100 per school, or all in ``stream`` after a version."""
    recorded_at, effective = stamp
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
    """The database driver + the fastest JSON path: the least any store of these rows does."""

    def __init__(self, backend: Backend, config: Config) -> None:
        self.backend = backend
        self.config = config

    def batch_insert(self, _: int) -> float:
        """Every row, batched as the backend batches, the JSON encoding included."""
        payloads = [
            census_payload(census(index, version))
            for index in range(self.config.streams)
            for version in range(1, EVENTS_PER_STREAM + 1)
        ]
        self.backend.reset("floor")
        with self.backend.floor(batch=True) as db:
            db.create_table()  # hom's own table: the same rows and index
            start = time.perf_counter()
            db.insert_all(floor_rows(payloads, 1, db.stamp()))
            return time.perf_counter() - start

    def read(self, _: int) -> float:
        """Every row in position order, each payload through the fastest JSON reader here."""
        payload = PAYLOAD
        count = 0
        with self.backend.floor() as db:
            start = time.perf_counter()
            for row in db.rows():
                loads(row[payload])
                count += 1
            seconds = time.perf_counter() - start
        assert count == self.config.events, f"the floor read {count} rows"
        return seconds

    def commit_per_row(self, number: int) -> float:
        """One row per durable transaction, hom's default durability."""
        payloads = [census_payload(census(0, v)) for v in range(1, self.config.appends + 1)]
        with self.backend.floor() as db:
            first = db.last_position() + 1
            rows = list(floor_rows(payloads, first, db.stamp(), stream=f"durable-floor-{number}"))
            start = time.perf_counter()
            for row in rows:
                db.insert_committed(row)
            return time.perf_counter() - start

    def command(self, number: int) -> float:
        """hom's command without hom: read a stream's rows + decode them, insert one, commit."""
        streams = [school_id(index) for index in command_streams(self.config, number)]
        with self.backend.floor() as db:
            position = db.last_position()
            start = time.perf_counter()
            for stream in streams:
                payloads = [loads(row[PAYLOAD]) for row in db.stream_rows(stream)]
                last = payloads[-1]
                fields = next_census(stream, len(payloads), date.fromisoformat(last["census_date"]))
                position += 1
                row = next(floor_rows([census_payload(CensusSubmitted(**fields))], position,
                                      db.stamp(), stream, after_version=len(payloads)))  # fmt: skip
                db.insert_committed(row)
            return time.perf_counter() - start


class Hom:
    """hom's public API on the backend's store."""

    def __init__(self, backend: Backend, config: Config) -> None:
        self.backend = backend
        self.config = config
        self.totals: dict[str, Decimal] = {}

    def batch_append(self, _: int) -> float:
        """One ``append`` of 100 events (one transaction) per stream."""
        self.backend.reset("hom")
        seconds = 0.0
        with self.backend.hom(batch=True) as log:
            for index in range(self.config.streams):
                events = [census(index, version) for version in range(1, EVENTS_PER_STREAM + 1)]
                start = time.perf_counter()
                log.append(school_id(index), events, expected_version=0)
                seconds += time.perf_counter() - start
        return seconds

    def replay(self, _: int) -> float:
        """Fold the whole log into FTE totals per school: read + decode + evolve."""
        with self.backend.hom() as log:
            start = time.perf_counter()
            self.totals = FTE_TOTALS.fold(log.read_all())
            seconds = time.perf_counter() - start
        assert len(self.totals) == self.config.streams, f"replayed {len(self.totals)} schools"
        return seconds

    def durable_append(self, number: int) -> float:
        """Single-event appends with expected versions, at hom's default durability."""
        events = [census(0, version) for version in range(1, self.config.appends + 1)]
        with self.backend.hom() as log:
            start = time.perf_counter()
            for expected, one in enumerate(events):
                log.append(f"durable-hom-{number}", [one], expected_version=expected)
            return time.perf_counter() - start

    def command(self, number: int) -> float:
        """``handle``: load a ~100-event stream, decide one event, append it (durable)."""
        streams = [school_id(index) for index in command_streams(self.config, number)]
        return self._handle(streams, SCHOOL)

    def command_from_snapshot(self, number: int) -> float:
        """The same command on streams whose snapshot (taken untimed beforehand) is current."""
        indexes = command_streams(self.config, number, from_end=True)
        streams = [school_id(index) for index in indexes]
        with self.backend.hom() as log:
            for stream in streams:
                log.snapshot(stream, SCHOOL_SNAPSHOTTED)
        return self._handle(streams, SCHOOL_SNAPSHOTTED)

    def command_kept(self, number: int) -> float:
        """The same command on streams whose state the log keeps between commands: each of
        ``KEPT_STREAMS`` streams loaded once (untimed), then the commands cycle over them."""
        indexes = command_streams(self.config, number)[:KEPT_STREAMS]
        cycle = [school_id(indexes[n % len(indexes)]) for n in range(self.config.commands)]
        return self._handle(cycle, SCHOOL_KEPT, warm=cycle[:KEPT_STREAMS])

    def _handle(
        self, streams: list[str], projection: Projection[SchoolState], warm: Sequence[str] = ()
    ) -> float:
        with self.backend.hom() as log:
            for stream in warm:
                log.load(stream, projection)
            start = time.perf_counter()
            for stream in streams:
                log.handle(stream, projection, decide_census)
            return time.perf_counter() - start


class Peer:
    """The ``eventsourcing`` package: an Application of School aggregates on the backend."""

    def __init__(self, backend: Backend, config: Config) -> None:
        from domain import School  # defined only when eventsourcing is installed

        self.backend = backend
        self.config = config
        self.school = School
        self.ids = [School.create_id(school_id(i)) for i in range(config.streams)]
        self.totals: dict[str, Decimal] = {}

    def batch_save(self, _: int) -> float:
        """One aggregate per stream with 100 pending events, saved in one transaction."""
        self.backend.reset("eventsourcing")
        seconds = 0.0
        with self.backend.eventsourcing(batch=True) as app:
            for index in range(self.config.streams):
                school = self.school(**attrs.asdict(census(index, 1), recurse=False))
                for version in range(2, EVENTS_PER_STREAM + 1):
                    school.submit_census(**attrs.asdict(census(index, version), recurse=False))
                start = time.perf_counter()
                app.save(school)
                seconds += time.perf_counter() - start
        return seconds

    def replay(self, _: int) -> float:
        """``repository.get`` of every aggregate, collecting the same FTE totals."""
        totals = {}
        with self.backend.eventsourcing() as app:
            get = app.repository.get
            start = time.perf_counter()
            for aggregate_id in self.ids:
                school = get(aggregate_id)
                totals[school.school] = school.fte_total
            seconds = time.perf_counter() - start
        self.totals = totals
        return seconds

    def replay_log(self, _: int) -> float:
        """The same totals from eventsourcing's own sequential read: its notification log, a
        section at a time, each notification mapped to its domain event."""
        totals: dict[str, Decimal] = {}
        with self.backend.eventsourcing() as app:
            select, to_event = app.notification_log.select, app.mapper.to_domain_event
            size = app.notification_log.section_size
            start = time.perf_counter()
            after, count = 0, 0
            while section := select(after, size, inclusive_of_start=False):
                for notification in section:
                    event = to_event(notification)
                    totals[event.school] = totals.get(event.school, ZERO) + event.fte
                count += len(section)
                after = section[-1].id
            seconds = time.perf_counter() - start
        assert count == self.config.events, f"eventsourcing's log held {count} events"
        assert totals == self.totals, "eventsourcing's log and its aggregates differ"
        return seconds

    def command(self, number: int) -> float:
        """``repository.get`` a ~100-event aggregate, call a command method, ``save`` (durable)."""
        ids = [self.ids[index] for index in command_streams(self.config, number)]
        with self.backend.eventsourcing() as app:
            start = time.perf_counter()
            for aggregate_id in ids:
                school = app.repository.get(aggregate_id)
                school.submit_census(
                    **next_census(school.school, school.censuses, school.last_census)
                )
                app.save(school)
            return time.perf_counter() - start


def compare_sides(backend: Backend, config: Config, *, hom: bool = True) -> list[Figure]:
    """Batch writes, reads and durable writes of every side on ``backend``, interleaved.

    The reads start from what the batch writes left (settled alike); hom's replay and
    eventsourcing's must fold to the same totals per school.
    """
    floor = Floor(backend, config)
    mine = Hom(backend, config) if hom else None
    peer = Peer(backend, config) if config.eventsourcing else None
    prefix, rounds, events = backend.prefix, config.rounds, config.events

    def runs(*candidates: tuple[str, Run | None, int]) -> dict[str, tuple[Run, int]]:
        return {prefix + key: (run, count) for key, run, count in candidates if run is not None}

    def of(side: object, name: str) -> Run | None:
        return None if side is None else getattr(side, name)

    print(f"{prefix}batch writes: {events:,} events, {config.streams:,} streams", flush=True)
    figures = compare(rounds, runs(
        ("floor.batch_insert", floor.batch_insert, events),
        ("hom.batch_append", of(mine, "batch_append"), events),
        ("eventsourcing.batch_save", of(peer, "batch_save"), events),
    ))  # fmt: skip

    print(f"{prefix}reads", flush=True)
    for side, present in (("floor", True), ("hom", mine), ("eventsourcing", peer)):
        if present:
            backend.settle(side)
    figures += compare(rounds, runs(
        ("floor.read", floor.read, events),
        ("hom.replay", of(mine, "replay"), events),
        ("eventsourcing.replay", of(peer, "replay"), events),
        ("eventsourcing.replay_log", of(peer, "replay_log"), events),
    ))  # fmt: skip
    if mine and peer:
        assert peer.totals == mine.totals, "eventsourcing and hom folded different totals"

    appends, commands = config.appends, config.commands
    print(f"{prefix}durable writes: {appends:,} appends, {commands:,} commands", flush=True)
    figures += compare(rounds, runs(
        ("floor.commit_per_row", floor.commit_per_row, appends),
        ("floor.command", floor.command, commands),
        ("hom.durable_append", of(mine, "durable_append"), appends),
        ("hom.command", of(mine, "command"), commands),
        ("hom.command_from_snapshot", of(mine, "command_from_snapshot"), commands),
        ("hom.command_kept", of(mine, "command_kept"), commands),
        ("eventsourcing.command", of(peer, "command"), commands),
    ))  # fmt: skip
    return figures
