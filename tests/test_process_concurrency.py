"""Real processes on one log at once: SQLite writers racing, and a JSONL writer with readers.

SQLite: four processes (multiprocessing, 'spawn') each make 50 read-modify-write appends to one
contested counter stream with expected versions (retrying on ConcurrencyError), 50 appends to a
stream of their own, and 50 unchecked appends to a shared stream, all at once. Afterwards: no
lost update (the counter's values run 1, 2, 3, ... with its versions), no duplicate version, every
acknowledged append exactly where its AppendResult says, positions gap-free, the chain verified.

JSONL allows one writer; readers in other processes follow it (``?mode=ro``). A writer process
appends batches big enough to take several pages while two reader processes poll the log for
what is new: a reader never sees part of a batch, and what it sees always continues the
positions and the hash chain of what it saw before.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hom_core.chain import GENESIS_HASH, link, verify
from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError
from hom_core.store import NewRecord, Store
from hom_plugins.storage.jsonl import JsonlStore
from hom_plugins.storage.sqlite import SQLiteStore

WORKERS = 4
ROUNDS = 50
TIMEOUT = 120.0
"""Seconds the whole test may take before the processes are killed and it fails."""

COUNTER = "partnership/counter"
SHARED = "partnership/shared"


def _record(**payload: object) -> NewRecord:
    return NewRecord(
        "concurrency.appended",
        1,
        json.dumps(payload, sort_keys=True),
        "2024-09-02T08:30:00+00:00",
        "2024-09-02",
        f"worker-{payload.get('worker')}",
        "correlation",
        None,
    )


def _increment(
    store: Store, worker: int, round_: int, rng: random.Random
) -> tuple[AppendResult, int]:
    """Read the counter, append its value + 1 expecting the version read; retry on conflict."""
    conflicts = 0
    while True:
        version = store.stream_version(COUNTER)
        last = list(store.read_stream(COUNTER, version - 1, version)) if version else []
        value = json.loads(last[0].payload)["value"] + 1 if last else 1
        record = _record(worker=worker, round=round_, value=value)
        time.sleep(rng.uniform(0, 0.001))  # deciding takes a moment: others may append meanwhile
        try:
            return store.append(COUNTER, [record], version), conflicts
        except ConcurrencyError:
            conflicts += 1


def sqlite_worker(path: str, worker: int, start: Any, results: Any) -> None:
    """Increment the counter ROUNDS times, then append to the worker's own stream and to the
    shared one (while slower workers still increment)."""
    try:
        rng = random.Random(worker)
        store = SQLiteStore(path)
        start.wait(timeout=TIMEOUT)
        done: list[tuple[str, int, list[int], AppendResult]] = []
        conflicts = 0
        own = f"school/{worker}"
        for round_ in range(ROUNDS):
            result, retried = _increment(store, worker, round_, rng)
            conflicts += retried
            done.append((COUNTER, round_, [round_], result))
        for round_ in range(ROUNDS):
            size = rng.randint(1, 3)
            batch = [_record(worker=worker, round=round_, i=i) for i in range(size)]
            result = store.append(own, batch, store.stream_version(own))
            done.append((own, round_, list(range(size)), result))
            result = store.append(SHARED, [_record(worker=worker, round=round_)], None)
            done.append((SHARED, round_, [round_], result))
        store.close()
        results.put((worker, done, conflicts))
    except BaseException as error:
        results.put((worker, repr(error), 0))
        raise


def _run(context: Any, targets: list[tuple[Any, tuple[Any, ...]]], results: Any) -> list[Any]:
    """Start a process per target and arguments, collect one result from each, within TIMEOUT.

    Each result is ``(who, outcome, number)``; an ``outcome`` that is text is a failure."""
    processes = [context.Process(target=target, args=args) for target, args in targets]
    for process in processes:
        process.start()
    collected = []
    deadline = time.monotonic() + TIMEOUT
    try:
        for _ in processes:
            collected.append(results.get(timeout=max(deadline - time.monotonic(), 0.1)))
    except queue.Empty:
        pytest.fail(f"the processes did not finish within {TIMEOUT} s")
    finally:
        for process in processes:
            process.join(timeout=max(deadline - time.monotonic(), 0.1))
            if process.is_alive():
                process.kill()
                process.join()
    failed = [outcome for outcome in collected if isinstance(outcome[1], str)]
    assert not failed, failed
    return collected


@pytest.mark.slow
def test_sqlite_processes_racing_lose_nothing_and_duplicate_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "log.sqlite3")
    SQLiteStore(path).close()  # create the schema once, before the race
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    results = context.Queue()
    collected = _run(
        context, [(sqlite_worker, (path, w, start, results)) for w in range(WORKERS)], results
    )

    store = SQLiteStore(path)
    try:
        everything = list(store.read_all())
        report = verify(iter(everything))
        assert report.ok, str(report)
        by_position = {r.position: r for r in everything}
        # positions gap-free: every appended record and nothing else
        appended = sum(result.count for _, done, _ in collected for *_, result in done)
        assert [r.position for r in everything] == list(range(1, appended + 1))
        # every acknowledged append is where its result says, whole and in order
        for worker, done, _ in collected:
            for stream, round_, indexes, result in done:
                rows = [
                    by_position[p] for p in range(result.first_position, result.last_position + 1)
                ]
                assert {r.stream_id for r in rows} == {stream}
                assert rows[-1].stream_version == result.stream_version
                payloads = [json.loads(r.payload) for r in rows]
                assert [(p["worker"], p["round"]) for p in payloads] == [(worker, round_)] * len(
                    rows
                )
                if stream != COUNTER and stream != SHARED:
                    assert [p["i"] for p in payloads] == indexes
        # no duplicate version, no gap, in any stream
        for stream in {r.stream_id for r in everything}:
            versions = [r.stream_version for r in everything if r.stream_id == stream]
            assert versions == list(range(1, len(versions) + 1)), stream
        # no lost update: each increment read the value the version before it wrote
        counter = list(store.read_stream(COUNTER))
        assert len(counter) == WORKERS * ROUNDS
        assert [json.loads(r.payload)["value"] for r in counter] == list(
            range(1, WORKERS * ROUNDS + 1)
        )
        assert Counter(json.loads(r.payload)["worker"] for r in counter) == dict.fromkeys(
            range(WORKERS), ROUNDS
        )
        assert store.stream_version(SHARED) == WORKERS * ROUNDS
    finally:
        store.close()
    conflicts = sum(conflict for *_, conflict in collected)
    print(f"sqlite: {appended} records, {conflicts} conflicts retried")
    assert conflicts > 0  # the increments did race


# -- JSONL: one writer process, reader processes following it ------------------------------

BATCHES = 150


def jsonl_writer(path: str, start: Any, results: Any) -> None:
    """Append batches of 1 to 40 records (up to ~16 KB, several pages), pausing a little."""
    try:
        rng = random.Random(7)
        store = JsonlStore(path)
        start.wait(timeout=TIMEOUT)
        for batch in range(BATCHES):
            size = rng.randint(1, 40)
            records = [_record(worker="writer", batch=batch, i=i, n=size) for i in range(size)]
            store.append(f"stream/{batch % 3}", records, None)
            time.sleep(rng.uniform(0, 0.004))
        store.close()
        results.put(("writer", BATCHES, 0))
    except BaseException as error:
        results.put(("writer", repr(error), 0))
        raise


def jsonl_reader(path: str, start: Any, results: Any) -> None:
    """Follow the log until the last batch shows: each read of what is new must be whole
    batches, continuing the positions and the hash chain from the read before."""
    try:
        store = JsonlStore(path, read_only=True)
        start.wait(timeout=TIMEOUT)
        views = 0
        position, previous = 0, GENESIS_HASH
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            new = list(store.read_all(position))
            if not new:
                continue
            views += 1
            assert [r.position for r in new] == list(range(position + 1, position + len(new) + 1))
            payloads = [json.loads(r.payload) for r in new]
            assert payloads[0]["i"] == 0, "a read began inside a batch"
            assert payloads[-1]["i"] == payloads[-1]["n"] - 1, "a read ended inside a batch"
            for record in new:
                assert record.hash == link(previous, record)
                previous = record.hash
            position = new[-1].position
            if payloads[-1]["batch"] == BATCHES - 1:
                break
        report = verify(store.read_all())
        assert report.ok, str(report)
        assert (report.head_position, report.head_hash) == (position, previous)
        store.close()
        results.put(("reader", views, report.checked))
    except BaseException as error:
        results.put(("reader", repr(error), 0))
        raise


@pytest.mark.slow
def test_jsonl_readers_in_other_processes_never_see_part_of_a_batch(tmp_path: Path) -> None:
    path = str(tmp_path / "log.jsonl")
    JsonlStore(path).close()  # create the file (and its header) before the readers open it
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(3)
    results = context.Queue()
    outcomes = _run(
        context,
        [
            (jsonl_writer, (path, start, results)),
            (jsonl_reader, (path, start, results)),
            (jsonl_reader, (path, start, results)),
        ],
        results,
    )
    readers = [outcome for outcome in outcomes if outcome[0] == "reader"]
    assert len(readers) == 2
    store = JsonlStore(path, read_only=True)
    total = store.head()[0]
    store.close()
    assert all(checked == total for *_, checked in readers)
    print(f"jsonl: readers took {[views for _, views, _ in readers]} views of {total} records")
