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
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import attrs

from hom_core.composition import unread
from hom_core.decider import Decider
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
    decider: Decider[S], *, snapshot_every: int | None = SNAPSHOT_EVERY
) -> Projection[S]:
    """``decider`` folded over a stream: named ``hom.<name>`` at the decider's version (the key
    of its snapshots), snapshotted every ``snapshot_every`` events when it has a ``state_type``,
    its latest state kept by the log (a decider's ``evolve`` never changes a state in place)."""

    def evolve(state: S, recorded: RecordedEvent[Any]) -> S:
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


class Runner(Generic[S]):
    """``decider`` run over the stream ``stream_id`` of ``log``.

    The decider must read nothing it is not composed with (:func:`~hom_core.composition.unread`):
    compose it with the deciders it reads first.
    """

    def __init__(
        self,
        log: EventLog,
        stream_id: str,
        decider: Decider[S],
        *,
        snapshot_every: int | None = SNAPSHOT_EVERY,
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
        self.projection = projection_of(decider, snapshot_every=snapshot_every)
        """The decider folded over the stream (snapshotted every ``snapshot_every`` events)."""
        self._version: int | None = None  # the stream's version as last seen here
        self._spaced: dict[int, Projection[S]] = {}

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
                for event in self.decider.decide(command, state)
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
        return self.decider.decide(command, self.state())

    def state(self) -> S:
        """The state after every event recorded so far."""
        loaded = self.log.load(self.stream_id, self._loading())
        self._version = loaded.version
        return loaded.state

    def snapshot(self) -> Loaded[S]:
        """Load the state and save it as the stream's snapshot."""
        return self.log.snapshot(self.stream_id, self.projection)

    def as_of(self, day: date) -> S:
        """The state on ``day``: only events effective on or before it count."""
        return self.projection.fold(self.records(day))

    def as_known_at(self, when: int | datetime, day: date | None = None) -> S:
        """The state as the log stood at position ``when`` (an int) or time ``when`` (an aware
        datetime), on ``day`` (default :meth:`day_known_at`)."""
        return self.projection.fold(self.records(self.day_known_at(when, day), when))

    def day_known_at(self, when: int | datetime, day: date | None = None) -> date:
        """``day``, or by default the day questions about the log as it stood at ``when`` are
        asked for: the date of ``when`` (a time), else today by the log's clock."""
        if day is not None:
            return day
        return when.date() if isinstance(when, datetime) else self.log.clock().date()

    def records(
        self, day: date, known_at: int | datetime | None = None
    ) -> list[RecordedEvent[Any]]:
        """The stream's records that count on ``day`` (effective on or before it), of those the
        log held at position or time ``known_at`` (default: every one)."""
        records: Iterable[RecordedEvent[Any]] = self.log.read_stream(self.stream_id)
        if isinstance(known_at, datetime):
            if known_at.tzinfo is None:
                raise UsageError(f"as_known_at({known_at!r}): give an aware datetime (UTC)")
            records = (r for r in records if r.recorded_at <= known_at)
        elif known_at is not None:
            records = (r for r in records if r.position <= known_at)
        return [r for r in records if r.effective_date <= day]
