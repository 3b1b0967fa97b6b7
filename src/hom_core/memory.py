"""An in-memory store: the reference implementation of :class:`~hom_core.store.Store`.

Nothing survives the process. Use it in tests and for throw-away replays (``memory://``).
Thread-safe: one lock serialises appends, so its guarantees are the protocol's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import attrs

from hom_core.chain import GENESIS_HASH, seal
from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError, StoreError, UsageError
from hom_core.store import NewRecord, Snapshot, StoredRecord, retried_append

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
        if not records:
            raise UsageError("nothing to append: pass at least one event")
        with self._lock:
            self._check_open()
            if idempotency_key is not None:
                earlier = self._idempotency.get(idempotency_key)
                if earlier is not None:
                    return retried_append(earlier, idempotency_key, stream_id)
            positions = self._streams.get(stream_id, [])
            version = len(positions)
            if expected_version is not None and expected_version != version:
                raise ConcurrencyError(stream_id, expected_version, version)
            head_hash = self._records[-1].hash if self._records else GENESIS_HASH
            first = len(self._records) + 1
            sealed = seal(head_hash, first, stream_id, version + 1, records)
            self._records.extend(sealed)
            self._streams.setdefault(stream_id, positions).extend(r.position for r in sealed)
            result = AppendResult(stream_id, version + len(sealed), first, first + len(sealed) - 1)
            if idempotency_key is not None:
                self._idempotency[idempotency_key] = result
            return result

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[StoredRecord]:
        self._check_open()
        positions = self._streams.get(stream_id, [])
        end = len(positions) if until_version is None else min(until_version, len(positions))
        for index in range(max(after_version, 0), end):
            yield self._records[positions[index] - 1]

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
        return None if earlier is None else attrs.evolve(earlier, retried=True)

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
