"""A fork server for the crash tests: ``python crash_server.py BACKEND``.

Starting a fresh Python for each of hundreds of crashes would cost a fifth of a second each, and
forking the test process itself would copy pytest (and its threads, if any) into every child.
This server imports the stores once, then for each command line ``go FIRST_BATCH SEED PATH`` on its
stdin forks a child that opens the log at ``PATH`` and appends batches until it is killed.

Everything goes to stdout as whole lines written with one ``os.write`` each (atomic on a pipe):

``pid N``                       the server forked child ``N``
``opened DROPPED``              the child opened the log (``DROPPED``: bytes a JSONL open cut off)
``ack BATCH FIRST LAST``        the child's append of batch ``BATCH`` returned these positions
``error TEXT``                  the child failed (the test fails)
``dead STATUS``                 the child is dead and reaped (``os.waitpid`` status)

Each batch's events carry ``{"batch": id, "i": index, "n": size}``, its idempotency key is
``batch-<id>``; a child appends to one of three streams, with or without an expected version.
"""

from __future__ import annotations

import json
import logging
import os
import random
import sys
import time

from hom_core.store import NewRecord, Store
from hom_plugins.storage.jsonl import JsonlStore
from hom_plugins.storage.sqlite import SQLiteStore

STREAMS = ("partnership/a", "partnership/b", "school/100001")
CHILD_LIFETIME = 10.0
"""Seconds after which a child stops by itself, should the test fail to kill it."""


def open_store(backend: str, path: str) -> Store:
    if backend == "sqlite":
        return SQLiteStore(path)
    if backend == "jsonl":
        return JsonlStore(path)
    raise ValueError(backend)


def batch_records(batch: int, size: int) -> list[NewRecord]:
    return [
        NewRecord(
            "crash.appended",
            1,
            json.dumps({"batch": batch, "i": i, "n": size}),
            "2024-09-02T08:30:00+00:00",
            "2024-09-02",
            "crash-test",
            f"batch-{batch}",
            None,
        )
        for i in range(size)
    ]


def _say(line: str) -> None:
    os.write(1, f"{line}\n".encode())


def run_child(backend: str, path: str, first_batch: int, seed: int) -> None:
    rng = random.Random(seed)
    store = open_store(backend, path)
    _say(f"opened {getattr(store, 'dropped_bytes', 0)}")
    deadline = time.monotonic() + CHILD_LIFETIME
    batch = first_batch
    while time.monotonic() < deadline:
        stream = rng.choice(STREAMS)
        size = rng.randint(1, 5)
        expected = store.stream_version(stream) if rng.random() < 0.5 else None
        result = store.append(
            stream, batch_records(batch, size), expected, idempotency_key=f"batch-{batch}"
        )
        _say(f"ack {batch} {result.first_position} {result.last_position}")
        batch += 1


def serve(backend: str) -> None:
    logging.disable(logging.WARNING)  # a child's JSONL recovery is reported by "opened"
    for command in sys.stdin:
        _, first_batch, seed, path = command.rstrip("\n").split(" ", 3)
        pid = os.fork()
        if pid == 0:  # the child: never return into the server's loop
            status = 0
            try:
                run_child(backend, path, int(first_batch), int(seed))
            except BaseException as error:
                _say(f"error {error!r}".replace("\n", " "))
                status = 1
            finally:
                os._exit(status)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"dead {status}")


if __name__ == "__main__":
    serve(sys.argv[1])
