"""The event log: the one object an application holds, over a store, a codec and a clock.

    >>> from hom_core import open_log
    >>> log = open_log("memory://")                       # doctest: +SKIP
    >>> log.append("school-42", [SchoolJoined(...)], expected_version=0)  # doctest: +SKIP

Writes go through :meth:`EventLog.append` (or :meth:`EventLog.handle`, which loads, decides and
appends with the right expected version); every read returns :class:`RecordedEvent` lazily.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from hom_core.chain import ChainReport
from hom_core.codec import Codec
from hom_core.envelope import AppendResult, Pending, RecordedEvent
from hom_core.errors import UsageError
from hom_core.handling import handle
from hom_core.projections import LatestStates, Loaded, Projection, dump_state, load
from hom_core.store import NewRecord, Store, of_types, retried_append
from hom_core.subscription import Subscription
from hom_core.verification import verify_log

if TYPE_CHECKING:
    from hom_core.plugins import Plugins

__all__ = ["Clock", "EventLog", "Subscription", "utc_now"]

S = TypeVar("S")

Clock = Callable[[], datetime]
"""Returns the current time as an aware UTC datetime; inject a fixed one in tests."""


def _correlation_id() -> str:
    """A random version-4 UUID as text, as ``str(uuid.uuid4())`` writes it, without the object."""
    value = int.from_bytes(os.urandom(16)) & ~(0xF000 << 64) & ~(0xC000 << 48)
    text = f"{value | 0x4000 << 64 | 0x8000 << 48:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def utc_now() -> datetime:
    """The system clock in UTC: the default :data:`Clock`."""
    return datetime.now(UTC)


class EventLog:
    """An append-only log of partnership events over a :class:`~hom_core.store.Store`.

    ``clock`` stamps ``recorded_at``; ``actor`` is who records when an append names no one;
    ``plugins`` (when given) hears of every append through the ``hom_after_append`` hook.
    A ``read_only`` log refuses appends and snapshots and saves no snapshot as it loads
    projections: what a command that only reads opens, so that reading never writes.
    """

    def __init__(
        self,
        store: Store,
        codec: Codec,
        *,
        clock: Clock = utc_now,
        actor: str = "system",
        plugins: Plugins | None = None,
        read_only: bool = False,
    ) -> None:
        self.store = store
        self.read_only = read_only
        self.codec = codec
        self.clock = clock
        self.actor = actor
        self.plugins = plugins
        self._appended = threading.Condition()
        self._wakeups = 0
        self._latest = LatestStates()

    def refuse_if_read_only(self, doing: str) -> None:
        """Raise :class:`~hom_core.errors.UsageError` when this log was opened read-only."""
        if self.read_only:
            raise UsageError(f"the log was opened for reading only: open it to write to {doing}")

    # -- writing -------------------------------------------------------------------------

    def append(
        self,
        stream_id: str,
        events: Iterable[object],
        expected_version: int | None,
        *,
        actor: str | None = None,
        effective_date: date | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        """Append ``events`` to ``stream_id`` atomically: all are recorded or none.

        ``expected_version`` is the version the caller decided against (0 for a new stream);
        :class:`~hom_core.errors.ConcurrencyError` is raised when the stream has moved on. Pass
        ``None`` only when the events do not depend on the stream's state.

        Each item is an event or a :class:`Pending` carrying its own ``effective_date`` or
        ``causation_id``; the keyword arguments apply to the rest. ``effective_date`` defaults to
        today's date by the clock. An ``idempotency_key`` seen before makes the call a no-op that
        returns the original result, so a retry after a timeout cannot record twice.
        """
        options = (actor, effective_date, correlation_id, causation_id, idempotency_key)
        return self._append(stream_id, events, expected_version, *options)[0]

    def _append(
        self,
        stream_id: str,
        events: Iterable[object],
        expected_version: int | None,
        actor: str | None = None,
        effective_date: date | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> tuple[AppendResult, list[NewRecord]]:
        """:meth:`append`, returning the records written with the result."""
        if not stream_id:
            raise UsageError("stream_id is empty: name the stream to append to")
        self.refuse_if_read_only("append to it")
        records = self._encode(events, actor, effective_date, correlation_id, causation_id)
        try:
            result = self.store.append(stream_id, records, expected_version, idempotency_key)
        except UnicodeEncodeError as error:  # a stream id, actor or key holding a lone surrogate
            bad = error.object[error.start : error.end]
            raise UsageError(
                f"cannot record text holding {bad!a}, which is not Unicode (a byte that is not "
                "UTF-8, or half of a surrogate pair): give the stream id, actor, ids and key as "
                "UTF-8 text; nothing was appended"
            ) from None
        if result.retried:  # nothing new was recorded: nobody is told twice
            return result, records
        self.wake_waiters()
        if self.plugins is not None:
            self.plugins.after_append(self, result)
        return result, records

    def _encode(
        self,
        events: Iterable[object],
        actor: str | None,
        effective_date: date | None,
        correlation_id: str | None,
        causation_id: str | None,
    ) -> list[NewRecord]:
        now = self.clock()
        if now.tzinfo is None or now.utcoffset() != UTC.utcoffset(now):
            raise UsageError(f"the log's clock returned {now!r}: a clock must return UTC times")
        recorded_at = now.isoformat()
        default_effective = (effective_date or now.date()).isoformat()
        who = actor or self.actor
        correlation = correlation_id or _correlation_id()
        encode = self.codec.encode
        records = []
        for item in events:
            if isinstance(item, Pending):
                name, version, payload = encode(item.event)
                effective = (
                    item.effective_date.isoformat() if item.effective_date else default_effective
                )
                cause = item.causation_id or causation_id
            else:
                name, version, payload = encode(item)
                effective, cause = default_effective, causation_id
            records.append(
                NewRecord(name, version, payload, recorded_at, effective, who, correlation, cause)
            )
        if not records:
            raise UsageError("nothing to append: pass at least one event")
        return records

    def handle(
        self,
        stream_id: str,
        projection: Projection[S],
        decide: Callable[[S], Sequence[object]],
        *,
        retries: int = 0,
        **append_options: Any,
    ) -> AppendResult | None:
        """Load ``stream_id`` into ``projection``, ``decide`` on its state, append the events.

        ``decide`` returns the events a command produces, or raises
        :class:`~hom_core.errors.RuleViolation` (then nothing is appended). When another writer
        moves the stream in between, the whole load-decide-append is retried up to ``retries``
        times before the :class:`ConcurrencyError` reaches the caller. Returns ``None`` when
        ``decide`` produced no events. ``append_options`` go to :meth:`append`; with an
        ``idempotency_key`` already recorded, the original result returns at once (``retried``
        set) without deciding again, so a retried command cannot be refused as a duplicate.

        With ``projection.keep_latest``, the state after the append is kept, and the next
        command on the stream decides on it without reading the stream again; its append's
        expected version validates it (:mod:`hom_core.handling`).
        """
        key = append_options.get("idempotency_key")
        if key is not None:  # a retry of a command that went through: nothing to decide again
            earlier = self.store.recorded_append(key)
            if earlier is not None:
                return retried_append(earlier, key, stream_id)

        def append(events: Sequence[object], expected: int) -> tuple[AppendResult, list[NewRecord]]:
            return self._append(stream_id, events, expected, **append_options)

        return handle(self, self._latest, stream_id, projection, decide, append, retries)

    # -- reading -------------------------------------------------------------------------

    def read_stream(
        self,
        stream_id: str,
        after_version: int = 0,
        until_version: int | None = None,
        *,
        event_types: Collection[str] | None = None,
    ) -> Iterator[RecordedEvent[Any]]:
        """The stream's events with ``after_version < stream_version <= until_version``, lazily
        (only those of ``event_types``, named, if given: the others are not decoded)."""
        if event_types is None:
            records = self.store.read_stream(stream_id, after_version, until_version)
        elif (filtered := getattr(self.store, "read_stream_of_types", None)) is not None:
            records = filtered(stream_id, tuple(event_types), after_version, until_version)
        else:  # a store without TypeFilteredReads: every record read, those named kept
            every = self.store.read_stream(stream_id, after_version, until_version)
            records = of_types(every, event_types)
        return self.codec.decode_many(records)

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[RecordedEvent[Any]]:
        """Every event with ``after_position < position <= until_position``, in order, lazily."""
        return self.codec.decode_many(self.store.read_all(after_position, until_position))

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version: 0 when it has no events."""
        return self.store.stream_version(stream_id)

    def head(self) -> tuple[int, str]:
        """Position and hash of the newest record; keep it elsewhere to detect truncation."""
        return self.store.head()

    def verify(self, anchor: tuple[int, str] | None = None) -> ChainReport:
        """Walk the whole log and report the first position where the hash chain breaks, and
        what else is wrong (:func:`hom_core.verification.verify_log`); with ``anchor`` (a
        :meth:`head` kept elsewhere) also whether the log still holds that record."""
        return verify_log(self, anchor)

    def subscribe(
        self,
        after_position: int = 0,
        *,
        checkpoint: str | None = None,
        poll_interval: float = 0.5,
    ) -> Subscription:
        """Follow the log from ``after_position``, or from the saved ``checkpoint`` of that name.

        Iterating yields every later event in order, then waits for new ones (woken at once by
        appends in this process, and by other processes' appends on a store that announces them,
        such as PostgreSQL; polling every ``poll_interval`` seconds otherwise) until
        :meth:`Subscription.stop` is called.
        """
        if checkpoint is not None:
            after_position = self.store.load_checkpoint(checkpoint)
        return Subscription(self, after_position, checkpoint, poll_interval)

    # -- projections ---------------------------------------------------------------------

    def load(
        self,
        stream_id: str,
        projection: Projection[S],
        read: Sequence[RecordedEvent[Any]] = (),
    ) -> Loaded[S]:
        """The projection of one stream, from its snapshot (when usable) plus the events after it.

        Saves a fresh snapshot when ``projection.snapshot_every`` events or more came after the
        last one. With ``projection.keep_latest``, the state loaded last (when the stream still
        holds the record it was folded up to) is the start instead of the snapshot. ``read``:
        the stream's records from some version to its end, as read a moment ago (by the load of
        another projection): the records after the start are taken from there when it reaches
        back that far, instead of being read again.
        """
        return load(self, stream_id, projection, self._latest, read)

    def snapshot(self, stream_id: str, projection: Projection[S]) -> Loaded[S]:
        """Load the projection of ``stream_id`` and save its state as a snapshot."""
        self.refuse_if_read_only("save a snapshot in it")
        loaded = self.load(stream_id, projection)
        self.store.save_snapshot(dump_state(self, projection, stream_id, loaded))
        return loaded

    # -- lifecycle -----------------------------------------------------------------------

    def wakeups(self) -> int:
        """How many times :meth:`wake_waiters` has run: pass it to :meth:`wait_for_append`."""
        return self._wakeups

    def wait_for_append(self, timeout: float, seen: int | None = None) -> None:
        """Block until an append in this process or ``timeout`` seconds.

        With ``seen`` (a value of :meth:`wakeups` taken earlier), return at once if an append
        happened since, so a wake-up between a read and the wait is never missed.
        """
        with self._appended:
            seen = self._wakeups if seen is None else seen
            self._appended.wait_for(lambda: self._wakeups != seen, timeout)

    def wake_waiters(self) -> None:
        """Wake every thread blocked in :meth:`wait_for_append` (each append does this)."""
        with self._appended:
            self._wakeups += 1
            self._appended.notify_all()

    def close(self) -> None:
        """Close the store; the log cannot be used afterwards."""
        self.store.close()

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
