"""Crash tests with real processes: a child appending in a loop is killed with SIGKILL at random
moments, hundreds of times per file backend; each log file takes :data:`KILLS_PER_LOG` crashes
(every child appends to the log its predecessors left), then the next crashes start a fresh one.

After each kill the log is opened again and must hold every append that returned before the kill
(the child acknowledged it on a pipe), no part of any batch without the rest of it, gap-free
positions and stream versions, idempotency keys exactly for the batches present, and a hash
chain that :func:`~hom_core.chain.verify` accepts. The children are forked by a small server
(``crash_server.py``) that imported the stores once, so a crash costs milliseconds, not the
fifth of a second a fresh interpreter would.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from crash_server import open_store
from hom_core.chain import verify
from hom_core.envelope import AppendResult
from hom_core.store import Store
from hom_plugins.storage.jsonl import JsonlStore

KILLS = 200
"""Crashes per backend (the issue asks for at least 200)."""

KILLS_PER_LOG = 50
"""Crashes each log file takes; checking a log after a crash reads all of it, so a few logs of
50 crashes keep the test at a few seconds where one log of 200 would take four times as long."""

SERVER = Path(__file__).with_name("crash_server.py")


@attrs.define
class Server:
    """The fork server of ``crash_server.py`` and the lines it sends back."""

    process: subprocess.Popen[bytes]

    def line(self) -> list[str]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the crash server died"
        return line.decode().split(" ", 1 if line.startswith(b"error") else 3)

    def fork(self, first_batch: int, seed: int, path: Path) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"go {first_batch} {seed} {path}\n".encode())
        self.process.stdin.flush()


@pytest.fixture(params=["sqlite", "jsonl"])
def file_backend(request: pytest.FixtureRequest) -> str:
    """The file backends (PostgreSQL's crash safety is the server's, not hom's)."""
    return str(request.param)


@pytest.fixture
def server(file_backend: str) -> Iterator[Server]:
    with subprocess.Popen(
        [sys.executable, str(SERVER), file_backend],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as process:
        try:
            yield Server(process)
        finally:
            assert process.stdin is not None
            process.stdin.close()  # the server ends at the end of its input
            process.wait(timeout=30)


@attrs.define
class Tally:
    """What the crashes did, for the test's report."""

    kills: int = 0
    during_startup: int = 0
    acknowledged: int = 0
    unacknowledged_kept: int = 0
    torn_tails: int = 0
    dropped_bytes: int = 0


@attrs.frozen
class Batch:
    stream_id: str
    first_position: int
    last_position: int
    first_version: int


def _batches(store: Store) -> dict[int, Batch]:
    """Every batch in the log, checked to be whole, contiguous and in order."""
    records = list(store.read_all())
    assert [r.position for r in records] == list(range(1, len(records) + 1))
    report = verify(iter(records))
    assert report.ok, str(report)
    assert (report.head_position, report.head_hash) == store.head()
    batches: dict[int, Batch] = {}
    index = 0
    while index < len(records):
        first = records[index]
        payload = json.loads(first.payload)
        batch, size = payload["batch"], payload["n"]
        assert batch not in batches, f"batch {batch} appears twice"
        rows = records[index : index + size]
        assert [json.loads(r.payload) for r in rows] == [
            {"batch": batch, "i": i, "n": size} for i in range(size)
        ], f"batch {batch} is not whole at position {first.position}"
        assert {r.stream_id for r in rows} == {first.stream_id}
        assert [r.stream_version for r in rows] == list(
            range(first.stream_version, first.stream_version + size)
        )
        batches[batch] = Batch(
            first.stream_id, first.position, first.position + size - 1, first.stream_version
        )
        index += size
    return batches


def _crash_once(
    server: Server, path: Path, number: int, rng: random.Random, tally: Tally
) -> tuple[dict[int, tuple[int, int]], int, int]:
    """Fork a child on ``path``, kill it at a random moment; return its acknowledged batches (id
    to first and last position), the id of its first batch, and the bytes its open dropped."""
    first_batch = number * 100_000
    server.fork(first_batch, rng.randrange(1 << 30), path)
    acknowledged: dict[int, tuple[int, int]] = {}
    dropped = 0
    pid = 0
    dead: int | None = None
    startup = rng.random() < 0.25  # a quarter of the kills land anywhere from the fork on

    def handle(words: list[str]) -> None:
        nonlocal pid, dead, dropped
        kind = words[0]
        if kind == "pid":
            pid = int(words[1])
        elif kind == "opened":
            dropped = int(words[1])
        elif kind == "ack":
            acknowledged[int(words[1])] = (int(words[2]), int(words[3]))
        elif kind == "dead":
            dead = int(words[1])
        else:
            pytest.fail(f"the child failed: {' '.join(words)}")

    while not pid:
        handle(server.line())
    if startup:
        time.sleep(rng.uniform(0, 0.003))
    else:
        while not acknowledged and dead is None:
            handle(server.line())
        time.sleep(rng.uniform(0, 0.006))
    os.kill(pid, signal.SIGKILL)
    while dead is None:
        handle(server.line())
    assert os.WIFSIGNALED(dead), f"the child ended by itself (status {dead})"
    assert os.WTERMSIG(dead) == signal.SIGKILL
    tally.kills += 1
    tally.during_startup += not acknowledged
    tally.acknowledged += len(acknowledged)
    return acknowledged, first_batch, dropped


def _check(
    backend: str,
    path: Path,
    acknowledged: dict[int, tuple[int, int]],
    in_flight: int,
    seen: dict[int, Batch],
    tally: Tally,
) -> dict[int, Batch]:
    """Open the log after a kill and check it; return its batches."""
    # a JSONL log is checked read-only, so the next child's open does the recovery (and can be
    # killed doing it); the last check of the test opens it for writing
    store = JsonlStore(path, read_only=True) if backend == "jsonl" else open_store(backend, path)
    try:
        batches = _batches(store)
        for batch, (first, last) in acknowledged.items():
            assert batch in batches, f"acknowledged batch {batch} is lost"
            assert (batches[batch].first_position, batches[batch].last_position) == (first, last)
        lost = [batch for batch in seen if seen[batch] != batches.get(batch)]
        assert not lost, f"batches {lost} were in the log before and are gone or moved"
        # idempotency keys: recorded with their batch, and only with it
        for batch in [*(b for b in batches if b not in seen), in_flight]:
            found = store.recorded_append(f"batch-{batch}")
            if batch not in batches:
                assert found is None, f"the key of batch {batch} is recorded without the batch"
                continue
            kept = batches[batch]
            size = kept.last_position - kept.first_position
            assert found == AppendResult(
                kept.stream_id, kept.first_version + size, kept.first_position, kept.last_position
            )
        tally.unacknowledged_kept += in_flight in batches
    finally:
        store.close()
    return batches


@pytest.mark.slow
def test_appends_survive_sigkill_at_random_moments(
    server: Server, file_backend: str, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    backend = file_backend
    rng = random.Random(f"crash-{backend}")
    tally = Tally()
    kept = 0
    started = time.monotonic()
    for log in range(KILLS // KILLS_PER_LOG):
        path = tmp_path / f"log-{log}.{backend}"
        seen: dict[int, Batch] = {}
        for crash in range(KILLS_PER_LOG):
            number = log * KILLS_PER_LOG + crash
            acknowledged, first_batch, dropped = _crash_once(server, path, number, rng, tally)
            if dropped:
                tally.torn_tails += 1
                tally.dropped_bytes += dropped
            in_flight = max(acknowledged, default=first_batch - 1) + 1
            seen = _check(backend, path, acknowledged, in_flight, seen, tally)
        if backend == "jsonl":  # the last recovery is done here, by a writer
            store = JsonlStore(path)
            try:
                tally.torn_tails += bool(store.dropped_bytes)
                tally.dropped_bytes += store.dropped_bytes
                assert _batches(store) == seen
            finally:
                store.close()
        kept += len(seen)
    elapsed = time.monotonic() - started
    record_property("crash_tally", attrs.asdict(tally))
    print(f"{backend}: {elapsed:.1f} s, {kept} batches kept, {tally}")
    assert tally.kills == KILLS
    assert tally.acknowledged >= KILLS // 2  # most children got work done before dying
    assert tally.during_startup > 0  # and some died before their first append returned
