"""Group commit on SQLite and PostgreSQL (issue 14): threads of one process that append at once
share one transaction, with every guarantee of a single append.

To make a group whose members and order are known, a test holds the log's write lock from
outside (another SQLite connection's ``BEGIN IMMEDIATE``; PostgreSQL's advisory lock from
another session), lets two appends lead (one per lane of the committer) and wait for it, queues
the others behind them one at a time, then lets go: each leader commits alone and the queued
appends commit as one group, in the order they queued (on SQLite the leaders' commits and the
group's may come in either order). The hammering test runs threads freely instead. PostgreSQL
tests skip when no server answers (and fail under ``CI``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from hom_core.chain import verify
from hom_core.errors import ConcurrencyError, IdempotencyConflictError, StoreError
from hom_core.store import NewRecord, Store, StoredRecord
from hom_core.testing.storage import new_record, new_records
from hom_core.testing.storage_support import unsealable
from hom_plugins.storage.sqlite import SQLiteStore
from test_group_commit import WAIT, until

Hold = Callable[[], None]
"""Lets go of a write lock held from outside."""


def hold_sqlite(store: Any) -> Hold:
    outside = sqlite3.connect(store.path, isolation_level=None)
    outside.execute("BEGIN IMMEDIATE")

    def release() -> None:
        outside.execute("ROLLBACK")
        outside.close()

    return release


def hold_postgres(store: Any) -> Hold:
    import psycopg

    outside = psycopg.connect(store.url.conninfo, autocommit=True)
    outside.execute("SELECT pg_advisory_lock(%s)", (store.lock_key,))

    def release() -> None:
        outside.execute("SELECT pg_advisory_unlock(%s)", (store.lock_key,))
        outside.close()

    return release


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    """A fresh store, and how to hold its write lock from outside."""
    if request.param == "sqlite":
        store: Any = SQLiteStore(tmp_path / "log.sqlite")
        hold = hold_sqlite
    else:
        from postgres_support import require_psycopg

        require_psycopg()
        from hom_plugins.storage.postgres import PostgresStore

        store = PostgresStore(request.getfixturevalue("postgres_url"))
        hold = hold_postgres
    yield store, hold
    store.close()


def refuse_actor(store: Any, actor: str, action: str = "ABORT") -> None:
    """Make the database itself refuse any record by ``actor`` (a trigger), mid-write, with
    SQLite's ``RAISE(action)`` (PostgreSQL's trigger raises an exception whatever the action)."""
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path, isolation_level=None) as db:
            db.execute(
                f"CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.actor = '{actor}' "
                f"BEGIN SELECT RAISE({action}, 'refused by the test trigger'); END"
            )
        return
    from postgres_support import execute

    schema = store.schema
    execute(
        store.url.conninfo,
        f"CREATE FUNCTION {schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'refused by the test trigger'; END $$",
    )
    execute(
        store.url.conninfo,
        f"CREATE TRIGGER refuse BEFORE INSERT ON {schema}.events FOR EACH ROW "
        f"WHEN (NEW.actor = '{actor}') EXECUTE FUNCTION {schema}.refuse()",
    )


Append = tuple[str, list[NewRecord], int | None, str | None]


PLUGS: list[Append] = [("plug-1", [new_record(1)], 0, None), ("plug-2", [new_record(2)], 0, None)]
"""The appends that lead, one per lane, while the group queues behind them."""


def grouped(store: Any, hold: Callable[[Any], Hold], appends: list[Append]) -> list[Any]:
    """Append :data:`PLUGS` then ``appends`` from threads: the plugs lead, each alone, while the
    write lock is held from outside; ``appends`` queue behind them in order and commit as one
    group. Each one's result or exception, in order (the plugs' first)."""
    appends = PLUGS + appends
    outcomes: list[Any] = [None] * len(appends)
    committer = store.group_commit

    def run(index: int) -> None:
        try:
            outcomes[index] = store.append(*appends[index])
        except BaseException as error:  # the test checks it
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(appends))]
    release = hold(store)
    try:
        for number, thread in enumerate(threads[: len(PLUGS)], start=1):
            thread.start()
            until(lambda number=number: committer.committing == number)
        for number, thread in enumerate(threads[len(PLUGS) :], start=1):
            thread.start()
            until(lambda number=number: committer.queued == number)
    finally:
        release()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads), "an append hung"
    return outcomes


def well_formed(store: Store) -> list[StoredRecord]:
    """Every record, after checking the chain verifies and positions and versions have no gap."""
    records = list(store.read_all())
    assert verify(records).ok
    assert [r.position for r in records] == list(range(1, len(records) + 1))
    versions: dict[str, int] = {}
    for record in records:
        versions[record.stream_id] = versions.get(record.stream_id, 0) + 1
        assert record.stream_version == versions[record.stream_id]
    return records


def payloads(records: list[StoredRecord], stream_id: str) -> list[str]:
    return [r.payload for r in records if r.stream_id == stream_id]


def test_a_group_keeps_versions_positions_chain_and_keys(backend: tuple[Any, Any]) -> None:
    """issue 14: within a group each append has its own expected version, positions, hash links
    and idempotency key; the loser of a conflict and the misuser of a key get their own error."""
    store, hold = backend
    store.append("shared", new_records(2), 0)
    earlier = store.append("keyed", [new_record(50)], 0, "k1")
    winner, loser = [new_record(60)], [new_record(61)]
    outcomes = grouped(
        store,
        hold,
        [
            ("a", new_records(3, 100), 0, None),
            ("shared", winner, 2, None),
            ("shared", loser, 2, None),
            ("keyed", [new_record(51)], 1, "k1"),  # a retry of the earlier append
            ("x", [new_record(80)], 0, "k2"),
            ("x", [new_record(80)], 0, "k2"),  # its retry, in the same group
            ("other", [new_record(90)], None, "k1"),  # k1 was recorded for another stream
            ("b", [new_record(110)], None, None),
        ],
    )
    _, _, a, won, lost, retried, first, again, misused, b = outcomes
    assert store.group_commit.groups == 1
    assert isinstance(lost, ConcurrencyError)
    assert (lost.expected, lost.actual) == (2, 3)
    assert isinstance(misused, IdempotencyConflictError)
    assert retried.retried
    assert retried.first_position == earlier.first_position
    assert not first.retried
    assert again.retried
    assert (again.first_position, again.stream_version) == (first.first_position, 1)
    offsets = [r.first_position - a.first_position for r in (won, first, b)]
    assert offsets == [3, 4, 5]  # one after another in the order they queued
    records = well_formed(store)
    assert len(records) == 11
    assert payloads(records, "shared")[2:] == [winner[0].payload]
    assert payloads(records, "x") == [new_record(80).payload]
    assert payloads(records, "other") == []


@pytest.mark.parametrize("failure", ["unsealable", "ABORT", "FAIL", "ROLLBACK"])
def test_a_failed_append_in_a_group_fails_alone(backend: tuple[Any, Any], failure: str) -> None:
    """issue 14: an append that cannot be written (a batch that cannot be sealed, or one the
    database refuses mid-write) raises its own error; the others of its group are committed."""
    store, hold = backend
    bad = [new_record(20), unsealable(21)]
    if failure != "unsealable":
        refuse_actor(store, "refused", failure)
        bad = [new_record(20), new_record(21)._replace(actor="refused")]
    outcomes = grouped(
        store,
        hold,
        [
            ("a", [new_record(10)], 0, "ka"),
            ("bad", bad, 0, "kb"),
            ("c", new_records(2, 30), 0, None),
        ],
    )
    _, _, a, failed, c = outcomes
    assert isinstance(failed, Exception), failed
    if failure != "unsealable":
        assert isinstance(failed, StoreError)
        assert "refused by the test trigger" in str(failed)
    assert (a.stream_id, c.stream_id, c.stream_version) == ("a", "c", 2)
    records = well_formed(store)
    assert [r.stream_id for r in records if not r.stream_id.startswith("plug")] == ["a", "c", "c"]
    assert store.recorded_append("kb") is None
    assert store.recorded_append("ka") == attrs.evolve(a, retried=True)
    with pytest.raises(type(failed)):  # the error the same append gets on its own
        store.append("bad", bad, 0, "kb")
