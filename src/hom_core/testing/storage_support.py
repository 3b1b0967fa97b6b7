"""What the storage conformance suite (:mod:`hom_core.testing.storage`) builds its tests from:
valid records, what a failed append must leave unchanged, and racing threads."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import Any, cast

from hom_core.store import NewRecord, Snapshot, Store, StoredRecord

__all__ = [
    "AFTER_CLOSE",
    "fields_of",
    "new_record",
    "new_records",
    "race",
    "state_of",
    "unsealable",
]


def new_record(
    n: int = 0,
    *,
    event_type: str = "test.thing_happened",
    schema_version: int = 1,
    actor: str = "tester",
    causation_id: str | None = None,
) -> NewRecord:
    """A valid encoded record; ``n`` makes its payload and correlation id distinct."""
    payload = json.dumps(
        {"n": n, "note": 'Saint-Émile ☃ 𝄞 "quoted"\n'}, ensure_ascii=False, separators=(",", ":")
    )
    return NewRecord(
        event_type,
        schema_version,
        payload,
        f"2024-09-01T08:30:{n % 60:02d}.123456+00:00",
        "2024-09-01",
        actor,
        f"correlation-{n}",
        causation_id,
    )


def new_records(count: int, start: int = 0) -> list[NewRecord]:
    """``count`` distinct valid records, numbered from ``start``."""
    return [new_record(n) for n in range(start, start + count)]


def state_of(store: Store) -> tuple[list[StoredRecord], tuple[int, str]]:
    """Everything a failed append must leave unchanged that the protocol lets us observe."""
    return list(store.read_all()), store.head()


def fields_of(record: StoredRecord) -> NewRecord:
    """The part of a stored record that came from the :class:`NewRecord`."""
    return NewRecord(*record[3:11])


def unsealable(n: int) -> NewRecord:
    """A record the hash chain cannot encode (its payload is not text), so the append fails."""
    return new_record(n)._replace(payload=cast(str, {"not", "text"}))


AFTER_CLOSE: dict[str, Callable[[Store], object]] = {
    "append": lambda store: store.append("s", [new_record()], None),
    "read_stream": lambda store: list(store.read_stream("s")),
    "read_all": lambda store: list(store.read_all()),
    "stream_version": lambda store: store.stream_version("s"),
    "head": lambda store: store.head(),
    "save_snapshot": lambda store: store.save_snapshot(Snapshot("p", "s", 1, 1, "{}")),
    "load_snapshot": lambda store: store.load_snapshot("p", "s"),
    "save_checkpoint": lambda store: store.save_checkpoint("c", 1),
    "load_checkpoint": lambda store: store.load_checkpoint("c"),
}


def race(actions: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run ``actions`` in threads started together; each one's result or exception, in order."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[Any] = [None] * len(actions)

    def run(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = actions[index]()
        except BaseException as error:  # reported to the test, which fails on it
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an append hung"
    return outcomes
