"""Recording an import's lines in batches: their keys, their appends, what another run or
another process recorded first. :func:`record_lines` records any import's lines this way (a
JSON-lines history read by ``hom import``, or a spreadsheet's rows: see :mod:`hom_core.imports`),
or, as a dry run, only decides them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from hom_core.application import Partnership, projection_of
from hom_core.domain import PARTNERSHIP, PartnershipState
from hom_core.envelope import Pending
from hom_core.errors import ConcurrencyError, HomError, UsageError
from hom_core.log import EventLog

__all__ = [
    "BATCH_SIZE",
    "RETRIES",
    "Batches",
    "ImportReport",
    "Line",
    "LineError",
    "Recorder",
    "batch_key",
    "record_lines",
]

BATCH_SIZE = 500
"""Lines per batch of a resumable import."""

RETRIES = 5
"""How often a batch is decided again when another writer moved its stream first."""


@attrs.frozen
class ImportReport:
    """What an import did: lines read, events and batches recorded, batches already there."""

    lines: int
    events: int
    batches: int
    skipped_batches: int
    first_position: int | None
    last_position: int | None


@attrs.frozen
class Line:
    """One line of a history, read: its number, raw text, stream, and event or command."""

    number: int
    text: bytes
    stream_id: str
    event: Pending[Any] | None = None
    command: object | None = None


class Batches:
    """Groups read lines into batches: consecutive lines of one stream, ``size`` at most."""

    def __init__(self, size: int | None) -> None:
        self.size = size

    def split(self, lines: Iterator[Line]) -> Iterator[list[Line]]:
        batch: list[Line] = []
        for line in lines:
            if batch and (line.stream_id != batch[0].stream_id or len(batch) == self.size):
                if self.size is None:
                    raise UsageError(
                        f"--atomic records one stream in one append, but line {line.number} is "
                        f"for {line.stream_id!r} and line {batch[0].number} for "
                        f"{batch[0].stream_id!r}: import each stream on its own, or drop --atomic"
                    )
                yield batch
                batch = []
            batch.append(line)
        if batch:
            yield batch


def batch_key(batch: list[Line]) -> str:
    """The batch's idempotency key: its stream, first and last line numbers, and their text
    (without line endings, so a file whose line endings were converted keeps its keys)."""
    digest = hashlib.sha256(batch[0].stream_id.encode())
    for line in batch:
        digest.update(b"\0")
        digest.update(line.text.rstrip(b"\r\n"))
    return f"hom-import:{batch[0].number}-{batch[-1].number}:{digest.hexdigest()[:40]}"


class Recorder:
    """Decides and appends batches, keeping each stream's version and the partnership's state.

    The state is loaded from the log when a command first needs it, and the events recorded
    since are folded into it only when the next command needs it: a history of events alone
    never pays for evolving the state.
    """

    def __init__(self, log: EventLog, partnership: Partnership | None) -> None:
        self.log = log
        self.stream_id = None if partnership is None else partnership.stream_id
        self.versions: dict[str, int] = {}
        self.state: PartnershipState | None = None  # None: load it from the log when needed
        self.behind: list[object] = []  # partnership events not yet folded into the state

    def record(self, batch: list[Line]) -> tuple[int, int] | None:
        """Append the batch (positions written), or ``None`` when the log holds it already:
        recorded by an earlier run, or by another process importing the same file at once
        (its key was taken while this one decided). Another writer moving the stream in
        between makes it read the stream and decide again, :data:`RETRIES` times at most."""
        key = batch_key(batch)
        stream_id = batch[0].stream_id
        for attempt in range(RETRIES + 1):
            if self.log.store.recorded_append(key) is not None:
                self._forget(stream_id)
                return None
            events = self._decided(batch)
            if not events:
                return 0, 0
            if stream_id not in self.versions:
                self.versions[stream_id] = self.log.stream_version(stream_id)
            version = self.versions[stream_id]
            try:
                result = self.log.append(stream_id, events, version, idempotency_key=key)
            except ConcurrencyError:
                self._forget(stream_id)
                if attempt == RETRIES:
                    raise
                continue
            if result.retried:  # the same batch, recorded by another process first
                self._forget(stream_id)
                return None
            self.versions[stream_id] = result.stream_version
            if self.state is None:  # a load from now on finds this batch in the log
                self.behind.clear()
            return result.first_position, result.last_position
        raise AssertionError("unreachable")  # pragma: no cover

    def _forget(self, stream_id: str) -> None:
        """Read the stream's version and the state again: the log holds more than this run
        has seen."""
        self.versions.pop(stream_id, None)
        self.state, self.behind = None, []

    def _decided(self, batch: list[Line]) -> list[Pending[Any]]:
        events: list[Pending[Any]] = []
        for line in batch:
            try:
                events.extend(self._events(line))
            except HomError as error:
                raise LineError(line.number, error) from None
        return events

    def _events(self, line: Line) -> list[Pending[Any]]:
        if line.command is not None:
            pending = [
                Pending(event, event.effective_date)  # type: ignore[attr-defined]
                for event in PARTNERSHIP.decide(line.command, self._current())
            ]
        else:
            assert line.event is not None
            pending = [line.event]
        if line.stream_id == self.stream_id:
            self.behind.extend(item.event for item in pending)
        return pending

    def _current(self) -> PartnershipState:
        """The partnership's state after every line so far."""
        assert self.stream_id is not None  # a command line needs the partnership
        state = self.state
        if state is None:
            state = self.log.load(self.stream_id, projection_of(PARTNERSHIP)).state
        for event in self.behind:
            state = PARTNERSHIP.evolve(state, event)
        self.state, self.behind = state, []
        return state


class LineError(Exception):
    """A line failed while its batch was being decided."""

    def __init__(self, number: int, error: HomError) -> None:
        super().__init__(number, error)
        self.number = number
        self.error = error


class _DryRun(Recorder):
    """Decides each batch as :class:`Recorder` does, against the state after the batches
    before it, and records nothing; the events it would record are counted as positions 1, 2..."""

    def __init__(self, log: EventLog, partnership: Partnership | None) -> None:
        super().__init__(log, partnership)
        self.decided = 0

    def record(self, batch: list[Line]) -> tuple[int, int] | None:
        events = self._decided(batch)  # kept in self.behind for the batches after this one
        if not events:
            return 0, 0
        self.decided += len(events)
        return self.decided - len(events) + 1, self.decided


def record_lines(
    log: EventLog,
    partnership: Partnership | None,
    lines: Iterable[Line],
    source: str,
    *,
    atomic: bool = False,
    batch_size: int = BATCH_SIZE,
    after_batch: Callable[[], None] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Record ``lines`` (read from ``source``, the name messages give): atomically in one
    append, or in batches that a second run resumes; with ``dry_run``, decide them all and
    record nothing. A line that fails is a :class:`~hom_core.errors.UsageError` naming
    ``source:line`` and what is in the log by then (nothing, for an atomic import)."""
    recorder = _DryRun(log, partnership) if dry_run else Recorder(log, partnership)
    batches = Batches(None if atomic else batch_size)
    done = _Done()
    count = 0

    def counted() -> Iterator[Line]:
        nonlocal count
        for line in lines:
            count += 1
            yield line

    try:
        for batch in batches.split(counted()):
            done.add(recorder.record(batch), batch)
            if after_batch is not None:
                after_batch()
    except LineError as failed:
        raise UsageError(
            f"{source}:{failed.number}: {failed.error}; {done.summary(atomic or dry_run)}: fix "
            f"line {failed.number} and run the same command again"
        ) from None
    except KeyboardInterrupt:
        raise UsageError(
            f"interrupted; {done.summary(atomic)}: run the same command again to continue"
        ) from None
    return ImportReport(count, done.events, done.batches, done.skipped, done.first, done.last)


class _Done:
    """What an import has recorded so far."""

    def __init__(self) -> None:
        self.events = self.batches = self.skipped = 0
        self.first: int | None = None
        self.last: int | None = None
        self.through = 0

    def add(self, positions: tuple[int, int] | None, batch: list[Line]) -> None:
        self.through = batch[-1].number
        if positions is None:
            self.skipped += 1
            return
        first, last = positions
        self.batches += 1
        if last:
            self.events += last - first + 1
            self.first = first if self.first is None else self.first
            self.last = last

    def summary(self, atomic: bool) -> str:
        if atomic or not self.through:
            return "nothing was imported"
        return f"lines 1-{self.through} are in the log"
