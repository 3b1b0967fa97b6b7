"""Real processes appending to one PostgreSQL log at once (multiprocessing, 'spawn').

Several processes append to one shared stream with expected versions (retrying on
ConcurrencyError) and each to a stream of its own, while this process tails the log. Afterwards:
no lost update (the shared stream holds exactly the appends that reported success), no
duplicate version, positions 1..N without a gap, the hash chain verifies; and the tailing reader
saw every position once, in order: positions are handed out in commit order.
"""

# ruff: noqa: E402 - imports that need psycopg come after require_psycopg()

from __future__ import annotations

import contextlib
import json
import multiprocessing
import queue
import threading
import time
from collections import Counter
from typing import Any

import pytest

from postgres_support import require_psycopg

require_psycopg()  # skips this module without psycopg (fails under CI), before importing it

from hom_core.chain import verify
from hom_plugins.storage.postgres import PostgresStore
from postgres_support import append_with_retries

pytestmark = pytest.mark.postgres

WORKERS = 4
SHARED = 50  # appends per worker to the shared stream, each with an expected version
OWN = 25  # appends per worker to a stream of its own
DEADLINE = 60.0  # seconds for the whole race, start-up included; it takes a few


def test_processes_racing_on_one_stream_lose_nothing_and_leave_no_gap(postgres_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WORKERS + 1)  # the tailing reader starts with the writers
    results = context.Queue()
    processes = [
        context.Process(
            target=append_with_retries,
            args=(postgres_url, worker, SHARED, OWN, barrier, results),
            daemon=True,
        )
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    deadline = time.monotonic() + DEADLINE
    reports = []
    tailed: list[int] = []
    try:
        # the workers create the schema among themselves (racing for it) before the barrier
        try:
            barrier.wait(timeout=DEADLINE)
        except threading.BrokenBarrierError:
            pytest.fail(f"a worker failed to start: {_drain(results)}")
        reader = PostgresStore(postgres_url)
        try:
            while len(reports) < WORKERS and time.monotonic() < deadline:
                if not any(process.is_alive() for process in processes) and results.empty():
                    break
                tailed.extend(r.position for r in reader.read_all(tailed[-1] if tailed else 0))
                with contextlib.suppress(queue.Empty):
                    reports.append(results.get(timeout=0.01))
            tailed.extend(r.position for r in reader.read_all(tailed[-1] if tailed else 0))
            everything = list(reader.read_all())
        finally:
            reader.close()
    finally:
        for process in processes:
            process.join(timeout=max(0.1, deadline - time.monotonic()))
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)

    assert len(reports) == WORKERS, f"workers did not all report within {DEADLINE} s: {reports}"
    errors = [report for report in reports if report[3] is not None]
    assert not errors
    assert all(process.exitcode == 0 for process in processes)
    successes = sum(report[1] for report in reports)
    assert successes == WORKERS * SHARED

    total = WORKERS * (SHARED + OWN)
    # positions 1..N, no gap, no repeat; and the tailing reader saw them in that order
    assert [r.position for r in everything] == list(range(1, total + 1))
    assert tailed == list(range(1, total + 1))
    report = verify(iter(everything))
    assert report.ok, str(report)

    shared = [r for r in everything if r.stream_id == "shared"]
    # no lost update: every success is there; no duplicate version
    assert len(shared) == successes
    assert [r.stream_version for r in shared] == list(range(1, successes + 1))
    payloads = [json.loads(r.payload)["n"] for r in shared]
    assert len(set(payloads)) == len(payloads)
    by_worker = Counter(r.actor for r in shared)
    assert by_worker == {f"worker-{worker}": SHARED for worker in range(WORKERS)}
    for worker in range(WORKERS):
        mine = [n for n, r in zip(payloads, shared, strict=True) if r.actor == f"worker-{worker}"]
        assert mine == sorted(mine)  # each worker's appends in the order it made them
        own = [r for r in everything if r.stream_id == f"own-{worker}"]
        assert [r.stream_version for r in own] == list(range(1, OWN + 1))


def _drain(results: Any) -> list[object]:
    found = []
    while True:
        try:
            found.append(results.get(timeout=1))
        except queue.Empty:
            return found
