"""The append algorithm, written once: every backend runs it inside its own transaction.

A backend provides the small part that differs, a :class:`Batch`: inside its write lock or
transaction, what the log holds (the append an idempotency key recorded, a stream's version,
the head) and how to write a sealed batch with its key. :func:`append_within` does the rest, the
same for all: refuse an empty batch, answer a recorded key (after checking the log holds its
append, :func:`~hom_core.store.confirmed_append`), check the expected version, seal the batch
at the head (:func:`~hom_core.chain.seal`) and say where it went. The backend commits when it
returns and rolls back when it raises, so a refusal leaves no trace.

The PostgreSQL backend runs the same steps, in the same order, inside the server (a function
called once per append, :mod:`hom_plugins.storage.postgres_append`), so that an append is one
exchange with the server; the storage conformance suite holds every backend to the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hom_core.chain import seal
from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError, UsageError
from hom_core.store import NewRecord, StoredRecord, retried_append

__all__ = ["Batch", "append_within", "check_batch"]


class Batch(Protocol):
    """One append's view of a store, inside the store's transaction."""

    def recorded(self, key: str) -> AppendResult | None:
        """The append recorded under ``key`` (confirmed to be in the log), or ``None``."""
        ...

    def version(self, stream_id: str) -> int:
        """The stream's current version (0 for a new stream)."""
        ...

    def head(self) -> tuple[int, str]:
        """The position and hash of the last record."""
        ...

    def write(self, sealed: list[StoredRecord], key: str | None, result: AppendResult) -> None:
        """Write the sealed records and, with ``key``, the key recording ``result``."""
        ...


def check_batch(records: Sequence[NewRecord]) -> None:
    """Refuse an empty batch (before a backend opens a transaction for it)."""
    if not records:
        raise UsageError("nothing to append: pass at least one event")


def append_within(
    batch: Batch,
    stream_id: str,
    records: Sequence[NewRecord],
    expected_version: int | None,
    idempotency_key: str | None,
) -> AppendResult:
    """Append ``records`` through ``batch``, as :meth:`hom_core.store.Store.append` promises."""
    if idempotency_key is not None:
        earlier = batch.recorded(idempotency_key)
        if earlier is not None:
            return retried_append(earlier, idempotency_key, stream_id)
    version = batch.version(stream_id)
    if expected_version is not None and expected_version != version:
        raise ConcurrencyError(stream_id, expected_version, version)
    position, head_hash = batch.head()
    sealed = seal(head_hash, position + 1, stream_id, version + 1, records)
    result = AppendResult(
        stream_id,
        version + len(sealed),
        position + 1,
        position + len(sealed),
        hashes=tuple(record.hash for record in sealed),
    )
    batch.write(sealed, idempotency_key, result)
    return result
