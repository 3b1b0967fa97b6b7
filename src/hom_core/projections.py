"""Projections: a fold over recorded events, with snapshots so long histories load fast.

A :class:`Projection` is ``initial()`` plus ``evolve(state, recorded) -> state``: the read model of
one stream (an aggregate's state) or of the whole log. ``evolve`` must be pure and total: it must
not raise for an event that is in the log.

Snapshots save a projection's state at a version so that loading does not replay from the start.
A snapshot records the projection's ``version`` (the code version): when the code of ``evolve``
changes meaning, bump ``version`` and old snapshots are ignored and rebuilt.

A projection whose states are never changed in place can also ask the log to keep the latest
state it loaded of a stream in memory (``keep_latest``), so that the next load of that stream
(the next command) replays only the events appended since, instead of a snapshot and its tail.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import reduce
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

from hom_core.chain import GENESIS_HASH
from hom_core.codec import parse_payload
from hom_core.envelope import RecordedEvent
from hom_core.errors import CodecError, UsageError
from hom_core.jsontext import compact
from hom_core.snapshots import bind, mismatch, state_text
from hom_core.store import Snapshot

if TYPE_CHECKING:
    from hom_core.codec import Codec
    from hom_core.store import Store

__all__ = [
    "WHOLE_LOG",
    "Kept",
    "LatestStates",
    "Loaded",
    "LogReader",
    "Projection",
    "ProjectionRunner",
]

S = TypeVar("S")

logger = logging.getLogger("hom.projections")

WHOLE_LOG = "$all"
"""The snapshot key of a projection of the whole log (rather than of one stream)."""


@attrs.frozen
class Projection(Generic[S]):
    """A named fold over recorded events.

    - ``initial``: makes the state before any event;
    - ``evolve``: the state after one more recorded event;
    - ``version``: the code version; bump it when ``evolve`` changes, to drop old snapshots;
    - ``state_type``: the type cattrs structures a snapshot into; ``None`` disables snapshots;
    - ``snapshot_every``: when loading one stream replays at least this many events after the
      last snapshot, a new snapshot is saved (``None``: only when asked);
    - ``keep_latest``: the log keeps the latest state loaded of each stream (a few streams) in
      memory and resumes the next load from it; only for states that ``evolve`` never changes
      in place (frozen attrs classes, tuples), since the kept state is folded on again later.
    """

    name: str
    initial: Callable[[], S]
    evolve: Callable[[S, RecordedEvent[Any]], S]
    version: int = 1
    state_type: Any = None
    snapshot_every: int | None = None
    keep_latest: bool = False

    def fold(self, records: Iterable[RecordedEvent[Any]], state: S | None = None) -> S:
        """Apply ``evolve`` to each record in turn, from ``state`` or from ``initial()``."""
        return reduce(self.evolve, records, self.initial() if state is None else state)


class LogReader(Protocol):
    """What loading and saving a projection's state needs of a log (an
    :class:`~hom_core.log.EventLog`, which loads its projections here)."""

    codec: Codec
    store: Store
    read_only: bool
    """True when the log was opened for reading only: nothing, not even a snapshot, is saved."""

    def head(self) -> tuple[int, str]:
        """Position and hash of the newest record."""
        ...

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version."""
        ...

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[RecordedEvent[Any]]:
        """Every event after ``after_position``, in order, lazily."""
        ...

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[RecordedEvent[Any]]:
        """The stream's events after ``after_version``, lazily."""
        ...


@attrs.frozen
class Loaded(Generic[S]):
    """A projection's state and the version (stream version or position) it includes."""

    state: S
    version: int


@attrs.frozen
class Kept(Generic[S]):
    """A state the log keeps in memory: ``loaded``, the ``hash`` of the record at its version
    (the stream still holds that record, and all before it, while the hash is unchanged) and
    the version of the stream's latest snapshot (automatic snapshots count from it).
    ``appended``: folded on from the events this log appended, not read back (a command may
    decide on it, its append checking the version: :mod:`hom_core.handling`)."""

    loaded: Loaded[S]
    hash: str
    snapshot_version: int
    appended: bool = False


class LatestStates:
    """The latest :class:`Kept` state of the ``size`` (stream, projection) pairs loaded last.

    A pair is the stream and the projection's name and code version: the key its snapshots
    have. Safe to share between threads.
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[str, str, int], Kept[Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, stream_id: str, projection: Projection[S]) -> Kept[S] | None:
        """The state kept of ``stream_id`` as ``projection``, if any."""
        key = (stream_id, projection.name, projection.version)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def discard(self, stream_id: str, projection: Projection[S], kept: Kept[S]) -> None:
        """Forget the state kept for ``stream_id`` if it is still ``kept``."""
        key = (stream_id, projection.name, projection.version)
        with self._lock:
            if self._kept.get(key) is kept:
                del self._kept[key]

    def put(self, stream_id: str, projection: Projection[S], kept: Kept[S]) -> None:
        """Keep ``kept`` for ``stream_id``, forgetting the pair used longest ago when full."""
        key = (stream_id, projection.name, projection.version)
        with self._lock:
            self._kept[key] = kept
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


def hash_at(log: LogReader, key: str, version: int) -> str | None:
    """The hash of the record at ``version`` of ``key`` (a stream, or :data:`WHOLE_LOG` and a
    position); :data:`~hom_core.chain.GENESIS_HASH` at 0, ``None`` when the log holds none."""
    if version == 0:
        return GENESIS_HASH
    if key == WHOLE_LOG:
        records = log.store.read_all(version - 1, version)
    else:
        records = log.store.read_stream(key, version - 1, version)
    record = next(iter(records), None)
    return None if record is None else record.hash


def dump_state(log: LogReader, projection: Projection[S], key: str, loaded: Loaded[S]) -> Snapshot:
    """The snapshot of ``loaded`` as ``projection`` of ``key``, bound to the log.

    Its state is stored with the hash of the last record folded into it and a seal over both,
    so a snapshot edited by hand, or left from another log, is ignored on load (and reported
    by :meth:`~hom_core.log.EventLog.verify`) instead of answering for the log.
    """
    if projection.state_type is None:
        raise UsageError(
            f"projection {projection.name!r} has no state_type, so its state cannot be "
            "snapshotted: give Projection(state_type=...) the type of its state"
        )
    data = log.codec.converter.unstructure(loaded.state, unstructure_as=projection.state_type)
    record_hash = hash_at(log, key, loaded.version) or "0" * 64  # a version the log lacks
    try:
        state_text = compact(data)
    except (TypeError, ValueError) as error:
        raise CodecError(
            f"the state of projection {projection.name!r} cannot be snapshotted ({error}): give "
            "it a state_type whose values the codec can store (no NaN, no unknown types)"
        ) from error
    unbound_snapshot = Snapshot(projection.name, key, loaded.version, projection.version, "")
    return bind(unbound_snapshot, record_hash, state_text)


def unbound(log: LogReader, snapshot: Snapshot) -> str | None:
    """Why ``snapshot`` cannot stand for the log (``None`` when it can): its seal does not
    match its content, or the log no longer holds the record it was folded to
    (:func:`hom_core.snapshots.mismatch`)."""
    return mismatch(snapshot, hash_at(log, snapshot.key, snapshot.version))


def load_state(log: LogReader, projection: Projection[S], key: str) -> Loaded[S] | None:
    """The state of a usable snapshot of ``projection`` for ``key``, or ``None``.

    A snapshot that no longer fits the state's type, or that is not bound to the log as it is
    now (see :func:`dump_state`), is ignored with a warning: the state is rebuilt from the
    events.
    """
    if projection.state_type is None:
        return None
    snapshot = log.store.load_snapshot(projection.name, key)
    if snapshot is None or snapshot.code_version != projection.version:
        return None
    current = log.head()[0] if key == WHOLE_LOG else log.stream_version(key)
    if snapshot.version > current:
        logger.warning(
            "snapshot %r of %r is at version %d but the log holds only %d (restored from an "
            "older backup?): ignored, the state is rebuilt from the events",
            projection.name, key, snapshot.version, current,
        )  # fmt: skip
        return None
    try:
        data = parse_payload(state_text(snapshot))  # msgspec with the fast extra
        state = log.codec.converter.structure(data, projection.state_type)
    except Exception as error:  # a cache that no longer fits: rebuild from the events
        logger.warning(
            "snapshot %r of %r no longer fits %r (%s: %s): ignored, the state is rebuilt from "
            "the events; bump Projection.version whenever evolve or the state's shape changes",
            projection.name, key, projection.state_type, type(error).__name__, error,
        )  # fmt: skip
        return None
    problem = unbound(log, snapshot)
    if problem is not None:
        logger.warning(
            "snapshot %r of %r at version %d is ignored, the state is rebuilt from the events: "
            "%s", projection.name, key, snapshot.version, problem,
        )  # fmt: skip
        return None
    return Loaded(state, snapshot.version)


def load(
    log: LogReader,
    stream_id: str,
    projection: Projection[S],
    latest: LatestStates,
    read: Sequence[RecordedEvent[Any]] = (),
) -> Loaded[S]:
    """The projection of one stream: :meth:`hom_core.log.EventLog.load`, which keeps its
    ``latest`` states and takes the records ``read`` already (see there)."""
    kept = latest.get(stream_id, projection) if projection.keep_latest else None
    resumed = None if kept is None else _after(log, stream_id, kept, read)
    if kept is None or resumed is None:  # nothing kept, or the stream was truncated/restored
        loaded = load_state(log, projection, stream_id) or Loaded(projection.initial(), 0)
        kept = Kept(loaded, "", loaded.version)
        if projection.keep_latest:  # the record at its version gives the hash to keep
            resumed = _after(log, stream_id, kept, read)
        else:
            resumed = "", _stream_after(log, stream_id, loaded.version, read)
    assert resumed is not None  # a start without a hash is never refused
    last_hash, records = resumed
    state, version = kept.loaded.state, kept.loaded.version
    evolve = projection.evolve
    for recorded in records:
        state = evolve(state, recorded)
        version, last_hash = recorded.stream_version, recorded.hash
    result = Loaded(state, version)
    snapshot_version = snapshot_if_due(log, projection, stream_id, result, kept.snapshot_version)
    if projection.keep_latest and last_hash:
        latest.put(stream_id, projection, Kept(result, last_hash, snapshot_version))
    return result


def snapshot_if_due(
    log: LogReader, projection: Projection[S], stream_id: str, loaded: Loaded[S], last: int
) -> int:
    """Save a snapshot of ``loaded`` when ``projection.snapshot_every`` events or more came
    after the ``last`` one (never in a read-only log); the version of the latest snapshot."""
    every = projection.snapshot_every
    if every is None or loaded.version - last < every or log.read_only:
        return last
    log.store.save_snapshot(dump_state(log, projection, stream_id, loaded))
    return loaded.version


def _after(
    log: LogReader, stream_id: str, kept: Kept[Any], read: Sequence[RecordedEvent[Any]]
) -> tuple[str, Iterator[RecordedEvent[Any]]] | None:
    """The hash of the record at ``kept``'s version and the stream's records after it;
    ``None`` when the stream no longer holds the record ``kept.hash`` names."""
    version = kept.loaded.version
    if version == 0:
        return "", _stream_after(log, stream_id, 0, read)
    records = _stream_after(log, stream_id, version - 1, read)
    first = next(records, None)
    if first is None:
        return None if kept.hash else ("", records)
    return None if kept.hash not in ("", first.hash) else (first.hash, records)


def _stream_after(
    log: LogReader, stream_id: str, version: int, read: Sequence[RecordedEvent[Any]]
) -> Iterator[RecordedEvent[Any]]:
    """The stream's records after ``version``: from ``read`` (its records from some version to
    its end, as read a moment ago) when they reach back that far, else read now."""
    if read and read[0].stream_version <= version + 1:
        return iter(read[version + 1 - read[0].stream_version :])
    return log.read_stream(stream_id, version)


class ProjectionRunner(Generic[S]):
    """Keeps a projection of the whole log up to date, resuming from its last snapshot.

    ``catch_up()`` folds every record after the current position into the state;
    ``save()`` stores the state and position, so a new runner (a restarted process) resumes there
    instead of replaying the log. ``checkpoint_every`` saves automatically while catching up.
    """

    def __init__(
        self, log: LogReader, projection: Projection[S], *, checkpoint_every: int | None = None
    ) -> None:
        self.log = log
        self.projection = projection
        self.checkpoint_every = checkpoint_every
        resumed = load_state(log, projection, WHOLE_LOG)
        self.state: S = projection.initial() if resumed is None else resumed.state
        self.position = 0 if resumed is None else resumed.version

    def catch_up(self, until_position: int | None = None) -> S:
        """Fold the records after :attr:`position` (up to ``until_position``) into the state."""
        evolve = self.projection.evolve
        state = self.state
        every = self.checkpoint_every
        position = self.position
        for recorded in self.log.read_all(position, until_position):
            state = evolve(state, recorded)
            position = recorded.position
            if every and position % every == 0 and not self.log.read_only:
                self.state, self.position = state, position
                self.save()
        self.state, self.position = state, position
        return state

    def save(self) -> None:
        """Store the current state and position as the projection's snapshot."""
        loaded = Loaded(self.state, self.position)
        self.log.store.save_snapshot(dump_state(self.log, self.projection, WHOLE_LOG, loaded))
