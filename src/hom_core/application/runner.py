"""Running a decider over one stream of a log: commands in, states out.

    >>> runner = Runner(log, "partnership/heart-of-manchester", PARTNERSHIP)  # doctest: +SKIP
    >>> runner.execute(GiveNotice("st-philips", received_on=date(2015, 3, 2)))  # doctest: +SKIP
    >>> runner.as_of(date(2015, 4, 1)).membership                            # doctest: +SKIP

:meth:`Runner.execute` loads the stream's state, decides the command against it and appends its
events with the version it decided against, retrying the whole when another writer got there
first; :meth:`Runner.decide` is the same without the append. States are asked for now
(:meth:`Runner.state`: every event recorded, from the latest snapshot on), as of a day
(:meth:`Runner.as_of`: only the events effective by then) or as the log stood at a position or a
time (:meth:`Runner.as_known_at`). Snapshots of the state are keyed by the decider's name and
version (:func:`projection_of`), so a new version of the decider rebuilds them.

A fact retracted (R1, :class:`~hom_core.domain.corrections.FactRetracted`) counts in none of
these once the retraction is recorded: the state after a retraction is the stream replayed
without the facts retracted by then (:func:`counted`), and every later state goes on from it.
The log as it stood before the retraction still counts the fact.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, datetime
from functools import partial, reduce
from typing import Any, Generic, TypeVar

import attrs

from hom_core.application.timeline import check_timeline, counted, effective_date_of
from hom_core.composition import unread
from hom_core.decider import Decider
from hom_core.domain.corrections import FactRetracted
from hom_core.envelope import AppendResult, Pending, RecordedEvent
from hom_core.errors import UsageError
from hom_core.log import EventLog
from hom_core.projections import Loaded, Projection

__all__ = ["SNAPSHOT_EVERY", "SNAPSHOT_SHARE", "Runner", "projection_of"]

S = TypeVar("S")

SNAPSHOT_EVERY = 500
"""A runner saves a snapshot of a stream's state when loading it replayed this many events or
more since the last one (or a share of the stream, :data:`SNAPSHOT_SHARE`, if that is more)."""

SNAPSHOT_SHARE = 50
"""On a long stream a runner saves a snapshot only when loading replayed about a fiftieth of
the stream or more (``SNAPSHOT_EVERY`` doubled until it would pass ``version / 50``): a
snapshot holds the whole state, so saving one costs time in proportion to the history, and
this keeps the cost per event flat; loading from the latest snapshot still replays at most
about 2% of the stream."""


def projection_of(
    decider: Decider[S],
    *,
    snapshot_every: int | None = SNAPSHOT_EVERY,
    refold: Callable[[RecordedEvent[Any]], S] | None = None,
) -> Projection[S]:
    """``decider`` folded over a stream: named ``hom.<name>`` at the decider's version (the key
    of its snapshots), snapshotted every ``snapshot_every`` events when it has a ``state_type``,
    its latest state kept by the log (a decider's ``evolve`` never changes a state in place).

    ``refold(recorded)`` makes the state after a retraction (R1): the stream up to it replayed
    without the facts retracted (a :class:`Runner` gives its own). Without it a retraction is
    recorded in the state, but the fact it retracts still counts."""

    def evolve(state: S, recorded: RecordedEvent[Any]) -> S:
        if refold is not None and type(recorded.event) is FactRetracted:
            return refold(recorded)
        return decider.evolve(state, recorded.event)

    return Projection(
        f"hom.{decider.name}",
        decider.initial,
        evolve,
        version=decider.version,
        state_type=decider.state_type,
        snapshot_every=snapshot_every,
        keep_latest=True,
    )


def _before_all() -> date:
    return date.min


def _later(day: date, recorded: RecordedEvent[Any]) -> date:
    return max(day, recorded.effective_date)


def _noted(read: list[RecordedEvent[Any]], day: date, recorded: RecordedEvent[Any]) -> date:
    """:func:`_later`, noting ``recorded`` in ``read``."""
    read.append(recorded)
    return _later(day, recorded)


class Runner(Generic[S]):
    """``decider`` run over the stream ``stream_id`` of ``log``.

    The decider must read nothing it is not composed with (:func:`~hom_core.composition.unread`):
    compose it with the deciders it reads first. ``checker`` holds the rules a back-dated
    command or a correction is checked against, read in effective-date order (R2): by default
    the decider's; give the composition of every set of rules recording in the stream.
    """

    def __init__(
        self,
        log: EventLog,
        stream_id: str,
        decider: Decider[S],
        *,
        snapshot_every: int | None = SNAPSHOT_EVERY,
        checker: Decider[Any] | None = None,
    ) -> None:
        if not stream_id:
            raise UsageError("a runner needs the id of the stream it runs over")
        missing = unread(decider)
        if missing:
            names = ", ".join(sorted(missing))
            raise UsageError(
                f"{decider.name} reads {names}, which it is not composed with: run "
                f"compose(..., {decider.name}, <the deciders named {names}>) instead"
            )
        self.log = log
        self.stream_id = stream_id
        self.decider = decider
        self._checker: Decider[Any] | Callable[[], Decider[Any]] = (
            decider if checker is None else checker
        )
        self.projection = projection_of(
            decider, snapshot_every=snapshot_every, refold=self._refolded
        )
        self._latest_day: Projection[date] = Projection(
            "hom.latest_effective_date",
            _before_all,
            _later,
            state_type=date,
            snapshot_every=snapshot_every,
            keep_latest=True,
        )
        """The latest effective date of the stream's records (R2's quick answer, and whether
        a state as of a day is the current one), snapshotted as the state is, so a new process
        does not read the whole stream for it."""
        self._reading = attrs.evolve(self.projection, snapshot_every=None)
        self._latest_reading = attrs.evolve(self._latest_day, snapshot_every=None)
        """The same projections for questions, which save no snapshot (reading never writes);
        they share the snapshots and the states the log keeps with the others."""
        self._version: int | None = None  # the stream's version as last seen here
        self._spaced: dict[int, Projection[S]] = {}

    @property
    def checker(self) -> Decider[Any]:
        """The rules R2 re-reads the stream with: ``checker`` (every set of rules whose facts
        share the stream, such as a partnership's and its packs'), else ``decider``'s."""
        if not isinstance(self._checker, Decider):
            self._checker = self._checker()
        return self._checker

    @checker.setter
    def checker(self, rules: Decider[Any]) -> None:
        self._checker = rules

    def check_with(self, rules: Callable[[], Decider[Any]]) -> None:
        """Check R2 against the rules ``rules()`` gives, asked when first checked (a
        partnership asks for its packs' rules only when a command is decided)."""
        self._checker = rules

    def _refolded(self, retraction: RecordedEvent[Any]) -> S:
        """The state after ``retraction``: the stream up to it, without the facts retracted."""
        records = self.log.read_stream(self.stream_id, 0, retraction.stream_version)
        return self.fold(counted(records))

    def fold(self, records: Iterable[RecordedEvent[Any]]) -> S:
        """``records`` folded by the decider alone, in the order given (nothing retracted)."""
        return reduce(self.decider.evolve, (r.event for r in records), self.decider.initial())

    def _loading(self) -> Projection[S]:
        """:attr:`projection`, snapshotted at the interval the stream's length calls for
        (:data:`SNAPSHOT_SHARE`)."""
        every = self.projection.snapshot_every
        if every is None:
            return self.projection
        if self._version is None:
            self._version = self.log.stream_version(self.stream_id)
        while every * 2 <= self._version // SNAPSHOT_SHARE:
            every *= 2
        projection = self._spaced.get(every)
        if projection is None:
            projection = attrs.evolve(self.projection, snapshot_every=every)
            self._spaced[every] = projection
        return projection

    def execute(
        self,
        command: object,
        *,
        actor: str | None = None,
        idempotency_key: str | None = None,
        retries: int = 2,
    ) -> AppendResult | None:
        """Decide ``command`` against the stream's current state and append its events.

        A :class:`~hom_core.errors.RuleViolation` (citing the rule) or a
        :class:`~hom_core.errors.UsageError` (a command the decider does not take) leaves the log
        as it was. Each event takes effect on its ``effective_date``, when it has one (else the
        day it is recorded). A concurrent writer makes the whole load-decide-append run again, up
        to ``retries`` times; an ``idempotency_key`` already recorded returns the first result.
        """

        def decide_pending(state: S) -> list[Pending[Any]]:
            return [
                Pending(event, effective_date=getattr(event, "effective_date", None))
                for event in self._decided(command, state)
            ]

        result = self.log.handle(
            self.stream_id,
            self._loading(),
            decide_pending,
            retries=retries,
            actor=actor,
            idempotency_key=idempotency_key,
        )
        if result is not None:
            self._version = result.stream_version
        return result

    def decide(self, command: object) -> list[object]:
        """The events ``command`` would record now, recording nothing (a dry run); raises what
        :meth:`execute` would."""
        return self._decided(command, self.state())

    def _decided(self, command: object, state: S) -> list[object]:
        """R2: the events of ``command`` decided against ``state``, once the history read in
        effective-date order with them in their places still holds."""
        events = self.decider.decide(command, state)
        self.check_timeline(events)
        return events

    def check_timeline(
        self, events: list[object], retracting: RecordedEvent[Any] | None = None
    ) -> None:
        """R2: raise a :class:`~hom_core.errors.TimelineViolation` if appending ``events``
        (after taking out ``retracting``) would make a fact of the stream break a rule, read in
        effective-date order (:func:`~hom_core.application.timeline.check_timeline`). Events
        dated on or after every fact recorded, retracting nothing, are not re-read."""
        today = self.log.clock().date()
        if not events and retracting is None:
            return
        if retracting is None:
            first = min(effective_date_of(event, today) for event in events)
            if first >= self.log.load(self.stream_id, self._latest_day).state:
                return
        records = self.log.read_stream(self.stream_id)
        check_timeline(
            self.checker, records, events, today, retracting=retracting, type_of=self._type_name
        )

    def _type_name(self, event: object) -> str:
        return self.log.codec.types.of(event).name

    def state(self) -> S:
        """The state after every event recorded so far."""
        loaded = self.log.load(self.stream_id, self._loading())
        self._version = loaded.version
        return loaded.state

    def snapshot(self) -> Loaded[S]:
        """Load the state and save it as the stream's snapshot."""
        return self.log.snapshot(self.stream_id, self.projection)

    def snapshot_latest_effective_date(self) -> Loaded[date]:
        """Save the stream's latest effective date as its snapshot (what :meth:`as_of` asks
        first; :meth:`execute` saves it as it goes)."""
        return self.log.snapshot(self.stream_id, self._latest_day)

    def latest_effective_date(self) -> date:
        """The latest effective date of the stream's records, retracted ones included
        (``date.min`` when it holds none); saves no snapshot."""
        return self.log.load(self.stream_id, self._latest_reading).state

    def current_on(self, day: date) -> S | None:
        """The state on ``day`` when it is the current state, else ``None``: when no record is
        effective after ``day``, the records that count on it are all those that count now,
        in the same order, so the state is loaded from the latest snapshot and the records
        after it (or kept in memory) instead of folding the whole stream. Saves no snapshot.
        The records read for the latest effective date are not read again for the state."""
        read: list[RecordedEvent[Any]] = []  # what the first load reads, the second takes
        noting = attrs.evolve(self._latest_reading, evolve=partial(_noted, read))
        if day < self.log.load(self.stream_id, noting).state:
            return None
        return self.log.load(self.stream_id, self._reading, read).state

    def as_of(self, day: date) -> S:
        """The state on ``day``: only events effective on or before it count (the current
        state, :meth:`current_on`, when nothing recorded takes effect after ``day``)."""
        current = self.current_on(day)
        return self.fold(self.records(day)) if current is None else current

    def as_known_at(self, when: int | datetime, day: date | None = None) -> S:
        """The state as the log stood at position ``when`` (an int) or time ``when`` (an aware
        datetime), on ``day`` (default :meth:`day_known_at`)."""
        return self.fold(self.records(self.day_known_at(when, day), when))

    def day_known_at(self, when: int | datetime, day: date | None = None) -> date:
        """``day``, or by default the day questions about the log as it stood at ``when`` are
        asked for: the date of ``when`` (a time), else today by the log's clock."""
        if day is not None:
            return day
        return when.date() if isinstance(when, datetime) else self.log.clock().date()

    def records(
        self,
        day: date,
        known_at: int | datetime | None = None,
        *,
        event_types: Collection[str] | None = None,
    ) -> list[RecordedEvent[Any]]:
        """The stream's records that count on ``day`` (effective on or before it), of those the
        log held at position or time ``known_at`` (default: every one), without the facts
        retracted by then (R1), whatever the day; only those of ``event_types`` (names), if
        given: name the retractions' type too, or the facts they retract count."""
        records: Iterable[RecordedEvent[Any]] = self.log.read_stream(
            self.stream_id, event_types=event_types
        )
        if isinstance(known_at, datetime):
            if known_at.tzinfo is None:
                raise UsageError(f"as_known_at({known_at!r}): give an aware datetime (UTC)")
            records = (r for r in records if r.recorded_at <= known_at)
        elif known_at is not None:
            records = (r for r in records if r.position <= known_at)
        return [r for r in counted(records) if r.effective_date <= day]
