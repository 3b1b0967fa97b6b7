"""Handling a command (:meth:`hom_core.log.EventLog.handle`): load a stream's state, decide,
append with the version decided against, and keep the state the append leads to.

A projection that keeps its latest state (``Projection.keep_latest``) is folded on with the
events a command appended, as the log holds them (decoded from the payloads written, with the
positions, versions and hashes the store gave them), so the next command on the stream decides
on that state without reading the stream again. Its append validates it: the expected version
is the kept state's, so if another writer (another process) appended to the stream since, the
append is refused with nothing written, the kept state is dropped, and the command is decided
again on the stream as read (this does not count as one of the ``retries``). A ``decide`` that
refuses the command, or decides nothing, on a kept state is likewise decided again on the
stream as read: no answer rests on a state the log was not seen to hold. Loads
(:meth:`~hom_core.log.EventLog.load`) still check a kept state against the stream.

A state is kept this way only when the store reports the hashes it sealed
(:attr:`~hom_core.envelope.AppendResult.hashes`: every builtin store does, PostgreSQL's server
function included); otherwise the next command reads what came after the state loaded last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from hom_core.envelope import AppendResult, RecordedEvent
from hom_core.errors import ConcurrencyError
from hom_core.projections import (
    Kept,
    LatestStates,
    Loaded,
    LogReader,
    Projection,
    load,
    snapshot_if_due,
)
from hom_core.store import NewRecord

__all__ = ["Append", "handle"]

S = TypeVar("S")

Append = Callable[[Sequence[object], int], tuple[AppendResult, list[NewRecord]]]
"""Appends the events decided with an expected version: the result and the records written."""


def handle(
    log: LogReader,
    latest: LatestStates,
    stream_id: str,
    projection: Projection[S],
    decide: Callable[[S], Sequence[object]],
    append: Append,
    retries: int,
) -> AppendResult | None:
    """Load (or take the kept state), decide, append; retry a conflict ``retries`` times."""
    attempt = 0
    while True:
        kept = latest.get(stream_id, projection) if projection.keep_latest else None
        if kept is not None and not kept.appended:
            kept = None  # a state read back: load checks it against the stream
        loaded = load(log, stream_id, projection, latest) if kept is None else kept.loaded
        try:
            events = decide(loaded.state)
            outcome = append(events, loaded.version) if events else None
        except ConcurrencyError:
            if kept is None:
                if attempt == retries:
                    raise
                attempt += 1
            else:
                latest.discard(stream_id, projection, kept)
            continue
        except Exception:
            if kept is None:
                raise
            latest.discard(stream_id, projection, kept)  # decide again on the stream as read
            continue
        if outcome is None:
            if kept is None:
                return None
            latest.discard(stream_id, projection, kept)  # nothing to do: decide again on reading
            continue
        if projection.keep_latest:
            start = kept or latest.get(stream_id, projection)
            _keep(log, latest, stream_id, projection, loaded, start, *outcome)
        return outcome[0]


def _keep(
    log: LogReader,
    latest: LatestStates,
    stream_id: str,
    projection: Projection[S],
    loaded: Loaded[S],
    start: Kept[S] | None,
    result: AppendResult,
    records: list[NewRecord],
) -> None:
    """Keep ``loaded`` folded on with the appended ``records``, when the store gave their
    hashes; saves a snapshot when one is due, as a load would. Without them, a state kept
    from an earlier append is dropped (it is behind now) and one read back stays."""
    if result.retried or len(result.hashes) != len(records):
        if start is not None and start.appended:
            latest.discard(stream_id, projection, start)
        return
    state, decode = loaded.state, log.codec.decode_event
    first_version = result.stream_version - len(records) + 1
    try:
        for offset, (record, hash_) in enumerate(zip(records, result.hashes, strict=True)):
            position = result.first_position + offset
            name, schema = record.event_type, record.schema_version
            state = projection.evolve(state, RecordedEvent(
                position, stream_id, first_version + offset,
                datetime.fromisoformat(record.recorded_at),
                date.fromisoformat(record.effective_date), record.actor, record.correlation_id,
                record.causation_id, name, schema, decode(name, schema, record.payload, position),
                hash_,
            ))  # fmt: skip
    except Exception:  # evolve must not raise; if it does, the next load reads and raises it
        if start is not None and start.appended:
            latest.discard(stream_id, projection, start)
        return
    after = Loaded(state, result.stream_version)
    snapshot_version = 0 if start is None else start.snapshot_version
    snapshot_version = snapshot_if_due(log, projection, stream_id, after, snapshot_version)
    latest.put(stream_id, projection, Kept(after, result.hashes[-1], snapshot_version, True))
