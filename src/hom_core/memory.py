"""An in-memory store: the reference implementation of :class:`~hom_core.store.Store`.

Nothing survives the process. Use it in tests and for throw-away replays (``memory://``).
Thread-safe: one lock serialises appends, so its guarantees are the protocol's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import attrs

from hom_core.appending import append_within, check_batch
from hom_core.chain import GENESIS_HASH
from hom_core.envelope import AppendResult
from hom_core.errors import StoreError
from hom_core.store import NewRecord, Snapshot, StoredRecord, of_types

__all__ = ["MemoryStore"]


class MemoryStore:
    """Keeps the log in a Python list; positions index it directly."""

    def __init__(self) -> None:
        self._records: list[StoredRecord] = []
        self._streams: dict[str, list[int]] = {}
        self._idempotency: dict[str, AppendResult] = {}
        self._snapshots: dict[tuple[str, str], Snapshot] = {}
        self._checkpoints: dict[str, int] = {}
        self._lock = threading.Lock()
        self._closed = False

    def append(
        self,
        stream_id: str,
        records: Sequence[NewRecord],
        expected_version: int | None,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        check_batch(records)
        with self._lock:
            self._check_open()
            batch = _Batch(self)
            return append_within(batch, stream_id, records, expected_version, idempotency_key)

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[StoredRecord]:
        self._check_open()
        positions = self._streams.get(stream_id, [])
        end = len(positions) if until_version is None else min(until_version, len(positions))
        for index in range(max(after_version, 0), end):
            yield self._records[positions[index] - 1]

    def read_stream_of_types(
        self,
        stream_id: str,
        event_types: tuple[str, ...],
        after_version: int = 0,
        until_version: int | None = None,
    ) -> Iterator[StoredRecord]:
        records = self.read_stream(stream_id, after_version, until_version)
        return of_types(records, frozenset(event_types))

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[StoredRecord]:
        self._check_open()
        index = max(after_position, 0)
        while True:
            if until_position is not None and index >= until_position:
                return
            try:
                record = self._records[index]
            except IndexError:
                return
            yield record
            index += 1

    def stream_version(self, stream_id: str) -> int:
        self._check_open()
        return len(self._streams.get(stream_id, ()))

    def recorded_append(self, idempotency_key: str) -> AppendResult | None:
        self._check_open()
        earlier = self._idempotency.get(idempotency_key)
        return None if earlier is None else attrs.evolve(earlier, retried=True, hashes=())

    def head(self) -> tuple[int, str]:
        self._check_open()
        if not self._records:
            return 0, GENESIS_HASH
        last = self._records[-1]
        return last.position, last.hash

    def save_snapshot(self, snapshot: Snapshot) -> None:
        self._check_open()
        self._snapshots[snapshot.name, snapshot.key] = snapshot

    def load_snapshot(self, name: str, key: str) -> Snapshot | None:
        self._check_open()
        return self._snapshots.get((name, key))

    def save_checkpoint(self, name: str, position: int) -> None:
        self._check_open()
        self._checkpoints[name] = position

    def load_checkpoint(self, name: str) -> int:
        self._check_open()
        return self._checkpoints.get(name, 0)

    def close(self) -> None:
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("this memory store is closed: open a new log to go on")


class _Batch:
    """The :class:`~hom_core.appending.Batch` of a memory store (used under its lock)."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def recorded(self, key: str) -> AppendResult | None:
        return self._store._idempotency.get(key)

    def version(self, stream_id: str) -> int:
        return len(self._store._streams.get(stream_id, ()))

    def head(self) -> tuple[int, str]:
        return self._store.head()

    def write(self, sealed: list[StoredRecord], key: str | None, result: AppendResult) -> None:
        store = self._store
        store._records.extend(sealed)
        store._streams.setdefault(result.stream_id, []).extend(r.position for r in sealed)
        if key is not None:
            store._idempotency[key] = result
