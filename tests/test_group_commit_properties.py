"""Group commit under load and as a property (issue 14).

Threads hammering several streams, and one stream with expected-version conflicts, end with a
verified chain, gap-free positions and versions, exactly the winners' records, and each loser
holding its :class:`ConcurrencyError` (SQLite and PostgreSQL). And the property: a group commits
exactly what the same appends would commit one after another, in the order they queued, down to
every hash, with the same result or error for each caller (SQLite, against the memory store).
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given, settings, strategies as st

from hom_core.errors import ConcurrencyError
from hom_core.memory import MemoryStore
from hom_core.testing.storage import new_record, new_records, race
from hom_core.testing.storage_support import unsealable
from hom_plugins.storage.sqlite import SQLiteStore
from properties import examples
from test_group_commit_stores import PLUGS, backend, grouped, hold_sqlite, well_formed

__all__ = ["backend"]  # the fixture, shared with the group tests

THREADS = 8
ROUNDS = 12  # appends to its own stream, and tries on the shared one, per thread


def test_threads_hammering_streams_end_with_exactly_the_winners(backend: tuple[Any, Any]) -> None:
    """issue 14: eight threads append to a stream each and race on a shared one, freely."""
    store, _ = backend
    winners: list[tuple[int, str]] = []
    losers: list[tuple[int, ConcurrencyError]] = []

    def work(thread: int) -> None:
        for number in range(ROUNDS):
            store.append(f"own-{thread}", [new_record(thread * 1000 + number)], number)
            expected = store.stream_version("shared")
            record = new_record(100_000 + thread * 1000 + number)
            try:
                result = store.append("shared", [record], expected)
            except ConcurrencyError as error:
                losers.append((expected, error))
            else:
                assert result.stream_version == expected + 1
                winners.append((result.stream_version, record.payload))

    outcomes = race([partial(work, thread) for thread in range(THREADS)])
    assert outcomes == [None] * THREADS
    records = well_formed(store)
    for thread in range(THREADS):
        own = [r.payload for r in records if r.stream_id == f"own-{thread}"]
        assert own == [r.payload for r in new_records(ROUNDS, thread * 1000)]
    shared = [r.payload for r in records if r.stream_id == "shared"]
    assert shared == [payload for _, payload in sorted(winners)]
    assert len(winners) + len(losers) == THREADS * ROUNDS
    for expected, error in losers:
        assert error.expected == expected
        assert error.actual > expected


appends = st.lists(
    st.tuples(
        st.sampled_from(["s", "t"]),
        st.integers(1, 3),  # records
        st.one_of(st.none(), st.integers(0, 4)),  # expected version
        st.sampled_from([None, "k1", "k2"]),  # idempotency key
        st.booleans(),  # a batch that cannot be sealed
    ),
    min_size=2,
    max_size=6,
)


@settings(max_examples=examples(40), deadline=None)
@given(prior=st.integers(0, 2), group=appends)
def test_a_group_commits_what_the_same_appends_commit_one_by_one(
    prior: int, group: list[tuple[str, int, int | None, str | None, bool]]
) -> None:
    """Property (issue 14): the group's log and each caller's outcome equal those of the same
    appends run one after another on the memory store, to the last hash."""
    requests = []
    for number, (stream, size, expected, key, bad) in enumerate(group, start=1):
        records = new_records(size, number * 10)
        if bad:
            records[-1] = unsealable(number * 10 + size)
        requests.append((stream, records, expected, key))
    model = MemoryStore()
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "log.sqlite")
        try:
            for each in (store, model):
                if prior:
                    each.append("s", new_records(prior, 1000), 0, "k1")
            outcomes = grouped(store, hold_sqlite, requests)
            expected_outcomes = [None] * len(outcomes)
            for block in _in_commit_order(outcomes):  # the plugs and the group, as committed
                for index in block:
                    expected_outcomes[index] = _outcome(model, (PLUGS + requests)[index])
            assert [_shape(o) for o in outcomes] == [_shape(o) for o in expected_outcomes]
            assert list(store.read_all()) == list(model.read_all())
            well_formed(store)
        finally:
            store.close()


def _in_commit_order(outcomes: list[Any]) -> list[list[int]]:
    """The indexes of the plugs (each alone) and of the group (one block), in the order they
    were committed: by the first position each wrote (a group that wrote nothing goes last)."""
    plugs = len(PLUGS)
    blocks = [[index] for index in range(plugs)] + [list(range(plugs, len(outcomes)))]

    def first_written(block: list[int]) -> float:
        written = [
            outcomes[index].first_position
            for index in block
            if not isinstance(outcomes[index], BaseException) and not outcomes[index].retried
        ]
        return min(written, default=float("inf"))

    return sorted(blocks, key=first_written)


def _outcome(store: MemoryStore, request: tuple[Any, ...]) -> Any:
    try:
        return store.append(*request)
    except Exception as error:  # compared with the group's
        return error


def _shape(outcome: Any) -> Any:
    """A result as it is, an error as its type and message."""
    if isinstance(outcome, BaseException):
        return type(outcome), str(outcome)
    return attrs.asdict(outcome)
