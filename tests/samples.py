"""Sample event classes, projections and hypothesis strategies shared by the tests.

They cover every value type the codec promises to round-trip: str, int, bool, float, Decimal
(money, FTE), date, aware UTC datetime, UUID, enums, tuples, optional fields and nested frozen
attrs value types.
"""

from __future__ import annotations

import enum
import queue
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
from hypothesis import strategies as st

from hom_core import (
    ConcurrencyError,
    EventLog,
    EventType,
    Plugins,
    Projection,
    RecordedEvent,
    open_log,
)
from hom_core.chain import verify
from hom_core.subscription import Subscription
from hom_core.testing.storage import new_records, race

# -- value types -----------------------------------------------------------------------------


class Phase(enum.Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    ALL_THROUGH = "all-through"


@attrs.frozen
class Money:
    amount: Decimal
    currency: str = "GBP"


@attrs.frozen
class Contact:
    name: str
    email: str | None = None


# -- events ----------------------------------------------------------------------------------


@attrs.frozen
class SchoolJoined:
    school: str
    joined_on: date
    phase: Phase
    urn: int
    head: Contact


@attrs.frozen
class CensusSubmitted:
    school: str
    census_date: date
    fte: Decimal
    submitted_at: datetime
    counts: tuple[int, ...] = ()


@attrs.frozen
class ContributionPaid:
    school: str
    amount: Money
    paid_on: date
    late: bool
    reference: str | None = None


@attrs.frozen
class NoticeGiven:
    school: str
    received_on: date
    leaves_on: date | None = None


@attrs.frozen
class ChairRotated:
    chairs: tuple[Contact, ...]
    term: tuple[date, date]
    vote_share: float
    meeting: UUID


@attrs.frozen
class NeverRegistered:
    note: str


SAMPLE_TYPES = (
    EventType("test.school_joined", SchoolJoined),
    EventType("test.census_submitted", CensusSubmitted),
    EventType("test.contribution_paid", ContributionPaid),
    EventType("test.notice_given", NoticeGiven),
    EventType("test.chair_rotated", ChairRotated),
)


def joined(school: str, urn: int = 100_000) -> SchoolJoined:
    return SchoolJoined(school, date(2013, 7, 10), Phase.PRIMARY, urn, Contact(f"Head of {school}"))


def census(school: str, fte: str = "412.5") -> CensusSubmitted:
    return CensusSubmitted(
        school, date(2024, 1, 18), Decimal(fte), datetime(2024, 1, 19, 9, 30, tzinfo=UTC), (1, 2)
    )


# -- a clock ---------------------------------------------------------------------------------


class FixedClock:
    """A clock that returns ``now`` until told to move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


START = datetime(2024, 9, 2, 8, 30, tzinfo=UTC)

# -- logs ------------------------------------------------------------------------------------

BACKENDS = ["memory", "sqlite"]


def log_url(backend: str, directory: Path, name: str = "log.sqlite3") -> str:
    """A fresh log's URL on ``backend`` (SQLite files go in ``directory``)."""
    return "memory://" if backend == "memory" else f"sqlite:///{directory / name}"


def open_sample_log(url: str, clock: FixedClock | None = None) -> EventLog:
    """A log of the sample event types at ``url``, with the builtin plugins only."""
    return open_log(
        url,
        plugins=Plugins(environ={}),  # ignore HOM_DISABLE_PLUGINS of the calling shell
        event_types=SAMPLE_TYPES,
        clock=clock or FixedClock(START),
    )


# -- projections -----------------------------------------------------------------------------


@attrs.frozen
class Roll:
    """A state that can be snapshotted: who joined, total FTE, and how many events were folded."""

    members: tuple[str, ...] = ()
    fte: Decimal = Decimal(0)
    folded: int = 0


def evolve_roll(state: Roll, recorded: RecordedEvent[Any]) -> Roll:
    event = recorded.event
    if isinstance(event, SchoolJoined):
        state = attrs.evolve(state, members=(*state.members, event.school))
    elif isinstance(event, CensusSubmitted):
        state = attrs.evolve(state, fte=state.fte + event.fte)
    return attrs.evolve(state, folded=state.folded + 1)


def roll_projection(
    *, version: int = 1, snapshot_every: int | None = None, name: str = "roll"
) -> Projection[Roll]:
    return Projection(
        name, Roll, evolve_roll, version=version, state_type=Roll, snapshot_every=snapshot_every
    )


class CountingEvolve:
    """Wraps an evolve function and counts its calls (to prove what was, or was not, replayed)."""

    def __init__(self, evolve: Callable[[Roll, RecordedEvent[Any]], Roll]) -> None:
        self.evolve = evolve
        self.calls = 0
        self.positions: list[int] = []

    def __call__(self, state: Roll, recorded: RecordedEvent[Any]) -> Roll:
        self.calls += 1
        self.positions.append(recorded.position)
        return self.evolve(state, recorded)


def kept_projection(snapshot_every: int | None = None) -> tuple[Projection[Roll], CountingEvolve]:
    """The roll's projection keeping its latest state, and the counter of its evolve calls."""
    projection = attrs.evolve(roll_projection(snapshot_every=snapshot_every), keep_latest=True)
    counter = CountingEvolve(projection.evolve)
    return attrs.evolve(projection, evolve=counter), counter


def other_writer(log: EventLog) -> EventLog:
    """A second log over the same store, as another process would have (nothing in memory)."""
    return EventLog(log.store, log.codec, clock=log.clock)


def consuming(
    subscription: Subscription,
) -> tuple[queue.Queue[RecordedEvent[Any]], threading.Thread]:
    """Iterate ``subscription`` on a daemon thread (started), each event put on the queue."""
    received: queue.Queue[RecordedEvent[Any]] = queue.Queue()

    def consume() -> None:
        for recorded in subscription:
            received.put(recorded)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    return received, thread


# -- hypothesis strategies -------------------------------------------------------------------

names = st.text(min_size=1, max_size=20)
decimals = st.decimals(allow_nan=False, allow_infinity=False)
utc_datetimes = st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.replace(fold=0))
"""Aware UTC datetimes (``fold`` means nothing in UTC and isoformat drops it)."""
contacts = st.builds(Contact, name=st.text(max_size=20), email=st.none() | st.emails())

strategies: dict[type, st.SearchStrategy[Any]] = {
    SchoolJoined: st.builds(
        SchoolJoined,
        school=names,
        joined_on=st.dates(),
        phase=st.sampled_from(Phase),
        urn=st.integers(),
        head=contacts,
    ),
    CensusSubmitted: st.builds(
        CensusSubmitted,
        school=names,
        census_date=st.dates(),
        fte=decimals,
        submitted_at=utc_datetimes,
        counts=st.lists(st.integers(), max_size=5).map(tuple),
    ),
    ContributionPaid: st.builds(
        ContributionPaid,
        school=names,
        amount=st.builds(Money, amount=decimals, currency=st.sampled_from(["GBP", "EUR"])),
        paid_on=st.dates(),
        late=st.booleans(),
        reference=st.none() | st.text(max_size=10),
    ),
    NoticeGiven: st.builds(
        NoticeGiven, school=names, received_on=st.dates(), leaves_on=st.none() | st.dates()
    ),
    ChairRotated: st.builds(
        ChairRotated,
        chairs=st.lists(contacts, max_size=3).map(tuple),
        term=st.tuples(st.dates(), st.dates()),
        vote_share=st.floats(allow_nan=False, allow_infinity=False),
        meeting=st.uuids(),
    ),
}
"""A strategy per sample event class, with every field drawn over its whole domain."""

events: st.SearchStrategy[object] = st.one_of(*strategies.values())
"""Any sample event, with every field drawn over its whole domain."""

simple_events = st.builds(joined, names) | st.builds(
    census, names, st.decimals(min_value=0, max_value=1000, places=1).map(str)
)
"""Events that feed the ``Roll`` projection."""


# -- racing appenders ------------------------------------------------------------------------


def race_appenders(stores: list[Any], prior: int, sizes: list[int]) -> None:
    """Property (issue): appenders racing with the same expected version: exactly one wins, every
    other gets a ConcurrencyError naming the winner's version, and after the losers reload and
    retry every batch is in the stream whole, nothing lost or duplicated.

    ``stores[i]`` is the handle appender ``i`` uses (the same store, or connections on one file).
    """
    first = stores[0]
    if prior:
        first.append("race", new_records(prior, 10_000), 0)
    batches = [new_records(size, 1000 * i) for i, size in enumerate(sizes)]
    outcomes = race(
        [
            (lambda store=stores[i], batch=batches[i]: store.append("race", batch, prior))
            for i in range(len(sizes))
        ]
    )
    won = [i for i, outcome in enumerate(outcomes) if not isinstance(outcome, BaseException)]
    assert len(won) == 1, outcomes
    winner = won[0]
    assert outcomes[winner].stream_version == prior + sizes[winner]
    for i, outcome in enumerate(outcomes):
        if i != winner:
            assert isinstance(outcome, ConcurrencyError), outcome
            assert (outcome.expected, outcome.actual) == (prior, prior + sizes[winner])
    stream = list(first.read_stream("race"))
    assert [r[3:11] for r in stream[prior:]] == [tuple(r) for r in batches[winner]]
    # the losers reload and retry: every batch ends up recorded once, each one contiguous
    for i in range(len(sizes)):
        if i != winner:
            stores[i].append("race", batches[i], stores[i].stream_version("race"))
    stream = list(first.read_stream("race"))
    assert [r.stream_version for r in stream] == list(range(1, prior + sum(sizes) + 1))
    recorded = [tuple(r[3:11]) for r in stream[prior:]]
    chunks = sorted((recorded.index(tuple(batch[0])), i) for i, batch in enumerate(batches))
    assert [row for _, i in chunks for row in map(tuple, batches[i])] == recorded
    assert verify(first.read_all()).ok
