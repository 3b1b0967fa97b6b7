"""Recording read lines (of a history, or of a spreadsheet) into a log: atomically, or in
batches that resume after a failure; or deciding them all and recording nothing (a dry run).

Each batch is consecutive lines of one stream. Its idempotency key is derived from its stream,
its line numbers and its lines' text, so a run that stops (a refused line, an interrupt, a crash)
leaves whole batches in the log, and the same import run again skips the batches already
recorded and records the rest, never twice. Command lines are decided against the partnership
as it stands after the lines before them, exactly as ``hom record`` would decide them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from hom_core.domain import Partnership
from hom_core.domain.state import PROJECTION, PartnershipState, decide, evolve
from hom_core.envelope import Pending
from hom_core.errors import HomError, UsageError
from hom_core.log import EventLog

__all__ = ["BATCH_SIZE", "ImportReport", "Line", "LineError", "record_lines"]

BATCH_SIZE = 500
"""Lines per batch of a resumable import."""


@attrs.frozen
class Line:
    """One line of a history, read: its number, raw text, stream, and event or command."""

    number: int
    text: bytes
    stream_id: str
    event: Pending[Any] | None = None
    command: object | None = None


@attrs.frozen
class ImportReport:
    """What an import did: lines read, events and batches recorded, batches already there."""

    lines: int
    events: int
    batches: int
    skipped_batches: int
    first_position: int | None
    last_position: int | None


class _Batches:
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


def _key(batch: list[Line]) -> str:
    """The batch's idempotency key: its stream, first and last line numbers, and their text
    (without line endings, so a file whose line endings were converted keeps its keys)."""
    digest = hashlib.sha256(batch[0].stream_id.encode())
    for line in batch:
        digest.update(b"\0")
        digest.update(line.text.rstrip(b"\r\n"))
    return f"hom-import:{batch[0].number}-{batch[-1].number}:{digest.hexdigest()[:40]}"


class _Recorder:
    """Decides and appends batches, keeping each stream's version and the partnership's state.

    The state is loaded from the log when a command first needs it, and the events recorded
    since are folded into it only when the next command needs it: a history of events alone
    never pays for evolving the state.
    """

    def __init__(
        self, log: EventLog, partnership: Partnership | None, *, dry_run: bool = False
    ) -> None:
        self.log = log
        self.stream_id = None if partnership is None else partnership.stream_id
        self.versions: dict[str, int] = {}
        self.state: PartnershipState | None = None  # None: load it from the log when needed
        self.behind: list[object] = []  # partnership events not yet folded into the state
        self.dry_run = dry_run
        self.decided = 0  # events decided in a dry run

    def record(self, batch: list[Line]) -> tuple[int, int] | None:
        """Append the batch (positions written) or ``None`` when it was recorded before; in a
        dry run, decide it and count its events as positions from 1."""
        key = _key(batch)
        stream_id = batch[0].stream_id
        if not self.dry_run and self.log.store.recorded_append(key) is not None:
            self.versions.pop(stream_id, None)  # read both again: the log holds more than
            self.state, self.behind = None, []  # this run has seen
            return None
        events: list[Pending[Any]] = []
        for line in batch:
            try:
                events.extend(self._events(line))
            except HomError as error:
                raise LineError(line.number, error) from None
        if not events:
            return 0, 0
        if self.dry_run:  # the events stay in self.behind, for the commands after them
            self.decided += len(events)
            return self.decided - len(events) + 1, self.decided
        if stream_id not in self.versions:
            self.versions[stream_id] = self.log.stream_version(stream_id)
        result = self.log.append(stream_id, events, self.versions[stream_id], idempotency_key=key)
        self.versions[stream_id] = result.stream_version
        if self.state is None:  # a load from now on finds this batch in the log
            self.behind.clear()
        return result.first_position, result.last_position

    def _events(self, line: Line) -> list[Pending[Any]]:
        if line.command is not None:
            pending = [
                Pending(event, event.effective_date)  # type: ignore[attr-defined]
                for event in decide(line.command, self._current())
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
            state = self.log.load(self.stream_id, PROJECTION).state
        for event in self.behind:
            state = evolve(state, event)
        self.state, self.behind = state, []
        return state


class LineError(Exception):
    """A line failed while its batch was being decided."""

    def __init__(self, number: int, error: HomError) -> None:
        super().__init__(number, error)
        self.number = number
        self.error = error


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
    """Record ``lines`` (read from ``source``, the name errors give) atomically or in batches
    that resume, as :func:`import_history` does; with ``dry_run``, decide every line as if
    recording and record nothing (the report's positions count the events that would be).
    """
    recorder = _Recorder(log, partnership, dry_run=dry_run)
    batches = _Batches(None if atomic or dry_run else batch_size)
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
