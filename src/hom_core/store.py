"""The store protocol every storage backend implements, and the rows it deals in.

A store keeps encoded records; it never sees event classes. :class:`hom_core.log.EventLog` encodes
events into :class:`NewRecord` rows, the store assigns versions, positions and hashes and keeps
them as :class:`StoredRecord` rows, and the log decodes them again on read.

Semantics every backend guarantees (the conformance tests in :mod:`hom_core.testing.storage`
check them):

Atomicity
    ``append`` writes all of its records or none. A failure of any kind (a version conflict, a
    crash, a full disk) leaves no trace of the batch: no record, no position, no idempotency key.
Ordering and gaps
    ``stream_version`` runs 1, 2, 3, ... per stream; ``position`` runs 1, 2, 3, ... across the
    log, in commit order: a reader that has seen position ``p`` never later sees a new record at
    a position ``<= p``. Positions are never reused, and no committed position is skipped.
Concurrency
    ``expected_version`` is checked inside the same transaction that writes, so of two appenders
    with the same expected version exactly one wins; the other gets :class:`ConcurrencyError`
    and nothing of its batch is written. ``expected_version=None`` skips the check.
Idempotency
    An append with an ``idempotency_key`` that was already recorded writes nothing and returns the
    original :class:`AppendResult` (the key is recorded in the same transaction as the batch).
Hash chain
    Each record's ``hash`` is :func:`hom_core.chain.link` of the previous record's hash and the
    record, computed in the append transaction (see :mod:`hom_core.chain`).
Reads
    ``read_stream`` and ``read_all`` are lazy: they fetch in pages and hold constant memory, and
    they do not hold a transaction open between pages, so a long reader never blocks writers.

Optional: waking subscribers (:class:`AppendWaiter`)
    A store whose writers may live in other processes can also offer
    ``wait_for_append(after_position, timeout) -> bool``: block until a record after
    ``after_position`` is committed (by any process) or ``timeout`` seconds pass, and say whether
    one is known to have been; a spurious ``True`` or a ``False`` despite an append is allowed
    (the caller reads the log to find out), a wait past ``timeout`` is not.
    :class:`~hom_core.subscription.Subscription` uses it when the store has it (PostgreSQL
    does, with ``LISTEN``/``NOTIFY``); otherwise it is woken by appends in its own process and
    polls for the others.

Optional: reading a stream's events of some types (:class:`TypeFilteredReads`)
    A store can also offer ``read_stream_of_types(stream_id, event_types, after_version,
    until_version)``: the records ``read_stream`` would give, only those whose ``event_type`` is
    one of ``event_types`` (a tuple of names; empty: none), in the same order, as lazily, with
    the same bounds. :meth:`~hom_core.log.EventLog.read_stream` with ``event_types`` calls it
    when the store has it, so a store that filters in its query (SQLite and PostgreSQL do; the
    memory store offers it too) fetches only those rows; otherwise it reads every record of the
    stream and keeps those.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol, runtime_checkable

import attrs

from hom_core.envelope import AppendResult
from hom_core.errors import CorruptLogError, IdempotencyConflictError

__all__ = [
    "CHECKPOINT_HASHES",
    "ERASED",
    "AppendWaiter",
    "Inspectable",
    "NewRecord",
    "Snapshot",
    "Store",
    "StoredRecord",
    "TypeFilteredReads",
    "held_checkpoint",
    "of_types",
    "scrubbed",
]

logger = logging.getLogger("hom.store")

CHECKPOINT_HASHES = "hom.checkpoint"
"""The snapshot name under which a store keeps, beside each checkpoint (key: its name), the hash
of the record at the checkpoint's position when it was saved (the snapshot's ``state``)."""

ERASED = "(forgotten)"
"""What stands in stored text for a detail of a person who was forgotten."""


def held_checkpoint(name: str, position: int, kept: str | None, held: str | None) -> int:
    """The position the checkpoint ``name`` stands for, given the hash ``kept`` beside it when
    it was saved and the hash ``held`` of the record the log holds there now (``None``: none).

    ``position`` itself, unless a hash was kept and the log now holds another record there, or
    none (restored from an older backup, rewritten, or the checkpoint edited by hand): then the
    checkpoint is ignored, with a warning, and its consumer starts again from the beginning.
    A checkpoint saved where the log held no record yet keeps no hash and is taken as it is.
    """
    if not kept or kept == held:
        return position
    logger.warning(
        "checkpoint %r at position %d is ignored: the log %s there, not the record it was saved "
        "at; its consumer starts again from the beginning",
        name,
        position,
        "holds no record" if held is None else "holds another record",
    )
    return 0


def scrubbed(text: str, details: Iterable[str]) -> str:
    """``text`` with every detail (a forgotten person's name or email) replaced by
    :data:`ERASED`, as written and as JSON escapes it.

    A store that keeps text beside the log which may quote a person (a notifier's stuck state
    holds the last error, such as an SMTP server's refusal naming the recipient) scrubs it with
    this when the person is forgotten.
    """
    for detail in details:
        if detail:
            escaped = json.dumps(detail)[1:-1]
            text = text.replace(detail, ERASED).replace(escaped, ERASED)
    return text


def retried_append(earlier: AppendResult, key: str, stream_id: str) -> AppendResult:
    """The answer to a retried append: the result recorded under ``key``, flagged ``retried``.

    Raises :class:`IdempotencyConflictError` when ``key`` recorded an append to another stream.
    The append algorithm (:func:`hom_core.appending.append_within`) and
    :meth:`EventLog.handle` answer a recorded key through this.
    """
    if earlier.stream_id != stream_id:
        raise IdempotencyConflictError(key, earlier.stream_id, stream_id)
    return attrs.evolve(earlier, retried=True, hashes=())


def confirmed_append(
    earlier: AppendResult, key: str, found: Iterable[tuple[object, ...]]
) -> AppendResult:
    """``earlier`` (the append recorded under ``key``), once the log is seen to hold it.

    ``found`` is ``(position, stream_id, stream_version)`` of each record the log holds at
    ``earlier``'s positions. A key whose append the log does not hold (a row added to the
    idempotency table by hand) would make a later append with that key skip silently: it
    raises :class:`CorruptLogError` instead.
    """
    count = earlier.last_position - earlier.first_position + 1
    first_version = earlier.stream_version - count + 1
    expected = [
        (earlier.first_position + index, earlier.stream_id, first_version + index)
        for index in range(max(count, 0))
    ]
    if count < 1 or [tuple(row[:3]) for row in found] != expected:
        raise CorruptLogError(
            f"idempotency key {key!r} is recorded for positions {earlier.first_position} to "
            f"{earlier.last_position} of stream {earlier.stream_id!r}, which the log does not "
            "hold as one append (the key was added or changed by hand): nothing was appended; "
            "remove the key's row, or restore the log from a backup"
        )
    return earlier


class NewRecord(NamedTuple):
    """An encoded event on its way into a store (text fields already in their stored form)."""

    event_type: str
    schema_version: int
    payload: str
    recorded_at: str
    effective_date: str
    actor: str
    correlation_id: str
    causation_id: str | None


class StoredRecord(NamedTuple):
    """An encoded event as a store keeps it; the field order is every backend's column order."""

    position: int
    stream_id: str
    stream_version: int
    event_type: str
    schema_version: int
    payload: str
    recorded_at: str
    effective_date: str
    actor: str
    correlation_id: str
    causation_id: str | None
    hash: str


@attrs.frozen
class Snapshot:
    """Saved state of a projection: ``state`` (JSON text) as of ``version``.

    ``key`` is the stream id for a state folded from one stream, or ``"$all"`` for the whole log;
    ``version`` is then the stream version or the global position the state includes.
    ``code_version`` is the projection's version when saved: a snapshot of another code version
    is ignored on load.
    """

    name: str
    key: str
    version: int
    code_version: int
    state: str


@runtime_checkable
class Store(Protocol):
    """A storage backend. See the module docstring for the guarantees each method gives."""

    def append(
        self,
        stream_id: str,
        records: Sequence[NewRecord],
        expected_version: int | None,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        """Append ``records`` to ``stream_id`` atomically and return where they went.

        Raises :class:`ConcurrencyError` when ``expected_version`` is not ``None`` and differs from
        the stream's version, :class:`IdempotencyConflictError` when ``idempotency_key`` recorded an
        append to another stream.
        """
        ...

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[StoredRecord]:
        """Records of one stream with ``after_version < stream_version <= until_version``."""
        ...

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[StoredRecord]:
        """Records of the whole log with ``after_position < position <= until_position``."""
        ...

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version; 0 for a stream with no records."""
        ...

    def recorded_append(self, idempotency_key: str) -> AppendResult | None:
        """The result of the append recorded under ``idempotency_key`` (with ``retried`` set),
        or ``None``: lets a caller skip deciding a command that already went through."""
        ...

    def head(self) -> tuple[int, str]:
        """Position and hash of the last record; ``(0, GENESIS_HASH)`` for an empty log."""
        ...

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot``, replacing any earlier one with the same name and key."""
        ...

    def load_snapshot(self, name: str, key: str) -> Snapshot | None:
        """The snapshot saved under ``name`` and ``key``, or ``None``."""
        ...

    def save_checkpoint(self, name: str, position: int) -> None:
        """Record that the consumer ``name`` has processed the log up to ``position``."""
        ...

    def load_checkpoint(self, name: str) -> int:
        """The position saved by ``save_checkpoint``; 0 when none was saved."""
        ...

    def close(self) -> None:
        """Release the backend's resources; the store is unusable afterwards."""
        ...


@runtime_checkable
class AppendWaiter(Protocol):
    """The optional part of a store that wakes subscribers (see the module docstring)."""

    def wait_for_append(self, after_position: int, timeout: float) -> bool:
        """Block until a record after ``after_position`` is committed or ``timeout`` passes;
        whether one is known to have been."""
        ...


@runtime_checkable
class Inspectable(Protocol):
    """The optional part of a store that :meth:`~hom_core.log.EventLog.verify` reads beyond the
    records: the store's own integrity check, and what is kept outside the chain."""

    def check_integrity(self) -> list[str]:
        """What the store's own check finds wrong (SQLite's ``integrity_check``); ``[]`` when
        nothing. Never raises for damage: damage is what it reports."""
        ...

    def snapshots(self) -> Iterator[Snapshot]:
        """Every snapshot kept."""
        ...

    def checkpoints(self) -> Iterator[tuple[str, int]]:
        """Every checkpoint kept, as ``(name, position)`` as saved (``load_checkpoint`` may
        ignore one that no longer matches the log)."""
        ...


def of_types(
    records: Iterable[StoredRecord], event_types: Collection[str]
) -> Iterator[StoredRecord]:
    """The ``records`` whose ``event_type`` is one of ``event_types``, in order: what
    :meth:`TypeFilteredReads.read_stream_of_types` returns, filtered after reading."""
    return (record for record in records if record.event_type in event_types)


@runtime_checkable
class TypeFilteredReads(Protocol):
    """The optional part of a store that reads a stream's records of some types only (see the
    module docstring)."""

    def read_stream_of_types(
        self,
        stream_id: str,
        event_types: tuple[str, ...],
        after_version: int = 0,
        until_version: int | None = None,
    ) -> Iterator[StoredRecord]:
        """``read_stream(stream_id, after_version, until_version)``'s records whose
        ``event_type`` is one of ``event_types``, in the same order."""
        ...
