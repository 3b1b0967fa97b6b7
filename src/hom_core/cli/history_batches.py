"""Recording an import's lines in batches: their keys, their appends, what another run or
another process recorded first (see :mod:`hom_core.cli.history`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import attrs

from hom_core.application import Partnership, projection_of
from hom_core.domain import PARTNERSHIP, PartnershipState
from hom_core.envelope import Pending
from hom_core.errors import ConcurrencyError, HomError, UsageError
from hom_core.log import EventLog

__all__ = ["RETRIES", "Batches", "Line", "LineError", "Recorder", "batch_key"]

RETRIES = 5
"""How often a batch is decided again when another writer moved its stream first."""


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
