"""The conformance tests of writing: order and gap-free positions, expected versions, atomic
batches, idempotent retries and racing appenders (part of
:class:`~hom_core.testing.storage.StoreConformance`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

import pytest

from hom_core.chain import GENESIS_HASH, verify
from hom_core.envelope import AppendResult
from hom_core.errors import (
    ConcurrencyError,
    HomError,
    IdempotencyConflictError,
    UsageError,
)
from hom_core.store import NewRecord, Store, StoredRecord
from hom_core.testing.storage_support import (
    fields_of,
    new_record,
    new_records,
    race,
    state_of,
    unsealable,
)

__all__ = ["WriteConformance"]


class WriteConformance:
    """Tests of a store's appends; :class:`~hom_core.testing.storage.StoreConformance` runs them
    with its ``store`` and ``second_store`` fixtures."""

    race_rounds: ClassVar[int] = 20
    """How many times the concurrency tests race two appenders."""

    # -- the protocol ----------------------------------------------------------------------

    def test_satisfies_the_store_protocol(self, store: Store) -> None:
        assert isinstance(store, Store)

    def test_empty_store(self, store: Store) -> None:
        assert store.head() == (0, GENESIS_HASH)
        assert store.stream_version("s") == 0
        assert list(store.read_all()) == []
        assert list(store.read_stream("s")) == []
        assert verify(store.read_all()).ok

    # -- ordering and gaps -----------------------------------------------------------------

    def test_append_returns_versions_and_positions(self, store: Store) -> None:
        assert store.append("s", new_records(3), 0) == AppendResult("s", 3, 1, 3)
        assert store.append("t", new_records(2, 3), 0) == AppendResult("t", 2, 4, 5)
        assert store.append("s", new_records(1, 5), 3) == AppendResult("s", 4, 6, 6)

    def test_records_are_stored_exactly_as_given(self, store: Store) -> None:
        given = [
            new_record(1),
            new_record(2, event_type="test.other_thing", schema_version=7, causation_id="c-1"),
            new_record(3, actor="Ms Ädams 𝄞"),
        ]
        store.append("partnership/hom ☃", given, 0)
        stored = list(store.read_stream("partnership/hom ☃"))
        assert [fields_of(record) for record in stored] == given
        assert all(isinstance(record, StoredRecord) for record in stored)
        assert [(r.stream_id, r.stream_version, r.position) for r in stored] == [
            ("partnership/hom ☃", v, v) for v in (1, 2, 3)
        ]

    def test_positions_and_versions_are_gap_free_across_interleaved_streams(
        self, store: Store
    ) -> None:
        plan = [("a", 2), ("b", 1), ("a", 3), ("c", 2), ("b", 4), ("a", 1)]
        n = 0
        for stream, count in plan:
            result = store.append(stream, new_records(count, n), store.stream_version(stream))
            assert result.count == count
            n += count
        everything = list(store.read_all())
        assert [r.position for r in everything] == list(range(1, n + 1))
        assert [fields_of(r) for r in everything] == new_records(n)
        for stream, total in {"a": 6, "b": 5, "c": 2}.items():
            records = list(store.read_stream(stream))
            assert [r.stream_version for r in records] == list(range(1, total + 1))
            assert all(r.stream_id == stream for r in records)
            assert store.stream_version(stream) == total
            assert records == [r for r in everything if r.stream_id == stream]

    def test_append_result_names_the_stored_rows(self, store: Store) -> None:
        store.append("t", new_records(2), 0)
        result = store.append("s", new_records(3, 2), 0)
        rows = list(store.read_all(result.first_position - 1, result.last_position))
        assert [(r.stream_id, r.stream_version) for r in rows] == [("s", 1), ("s", 2), ("s", 3)]
        assert rows[-1].stream_version == result.stream_version
        assert result.count == 3

    # -- expected version ------------------------------------------------------------------

    def test_stale_expected_version_raises_and_writes_nothing(self, store: Store) -> None:
        store.append("s", new_records(2), 0)
        before = state_of(store)
        with pytest.raises(ConcurrencyError) as raised:
            store.append("s", new_records(3, 2), 1)
        assert (raised.value.stream_id, raised.value.expected, raised.value.actual) == ("s", 1, 2)
        assert state_of(store) == before
        assert store.stream_version("s") == 2

    @pytest.mark.parametrize("expected", [1, 5])
    def test_new_stream_only_accepts_expected_version_zero(
        self, store: Store, expected: int
    ) -> None:
        with pytest.raises(ConcurrencyError) as raised:
            store.append("new", [new_record()], expected)
        assert (raised.value.expected, raised.value.actual) == (expected, 0)
        assert state_of(store) == ([], (0, GENESIS_HASH))

    def test_ahead_expected_version_conflicts_too(self, store: Store) -> None:
        store.append("s", new_records(2), 0)
        with pytest.raises(ConcurrencyError) as raised:
            store.append("s", [new_record(9)], 3)
        assert (raised.value.expected, raised.value.actual) == (3, 2)

    def test_expected_version_none_skips_the_check(self, store: Store) -> None:
        store.append("s", new_records(2), None)
        result = store.append("s", new_records(2, 2), None)
        assert result == AppendResult("s", 4, 3, 4)

    def test_failed_append_consumes_no_position(self, store: Store) -> None:
        store.append("s", new_records(2), 0)
        with pytest.raises(ConcurrencyError):
            store.append("s", new_records(5, 2), 0)
        assert store.append("t", [new_record(7)], 0) == AppendResult("t", 1, 3, 3)
        assert [r.position for r in store.read_all()] == [1, 2, 3]

    # -- atomicity -------------------------------------------------------------------------

    def test_batch_failing_on_its_third_record_leaves_no_trace(self, store: Store) -> None:
        store.append("s", new_records(2), 0)
        before = state_of(store)
        batch = [*new_records(2, 2), unsealable(4), *new_records(2, 5)]
        with pytest.raises((TypeError, ValueError, HomError)):
            store.append("s", batch, 2, idempotency_key="k-fail")
        assert state_of(store) == before
        assert store.stream_version("s") == 2
        # no position was consumed and the key was not recorded: the retry really appends
        result = store.append("s", new_records(2, 2), 2, idempotency_key="k-fail")
        assert result == AppendResult("s", 4, 3, 4)
        assert verify(store.read_all()).ok

    def test_batch_failing_on_the_version_check_records_no_idempotency_key(
        self, store: Store
    ) -> None:
        store.append("s", new_records(2), 0)
        with pytest.raises(ConcurrencyError):
            store.append("s", [new_record(2)], 0, idempotency_key="k")
        result = store.append("s", [new_record(3)], 2, idempotency_key="k")
        assert result == AppendResult("s", 3, 3, 3)
        assert fields_of(list(store.read_stream("s"))[-1]) == new_record(3)

    def test_empty_batch_is_a_usage_error_and_writes_nothing(self, store: Store) -> None:
        store.append("s", [new_record()], 0)
        before = state_of(store)
        with pytest.raises(UsageError):
            store.append("s", [], 1, idempotency_key="k")
        with pytest.raises(UsageError):
            store.append("fresh", [], None)
        assert state_of(store) == before
        assert store.append("s", [new_record(1)], 1, idempotency_key="k").count == 1

    # -- idempotency -----------------------------------------------------------------------

    def test_retry_with_same_key_returns_original_result_and_writes_nothing(
        self, store: Store
    ) -> None:
        first = store.append("s", new_records(3), 0, idempotency_key="import-2024")
        store.append("t", new_records(2, 3), 0)
        store.append("s", [new_record(5)], 3)
        before = state_of(store)
        # a retry sends the same key with what it sent the first time (here: stale version)
        again = store.append("s", new_records(3), 0, idempotency_key="import-2024")
        assert again == first == AppendResult("s", 3, 1, 3)
        assert again.retried
        assert not first.retried
        # the key decides, not the batch: even other records and no version check write nothing
        other = store.append("s", new_records(7, 10), None, idempotency_key="import-2024")
        assert other == first
        assert state_of(store) == before

    def test_a_recorded_key_can_be_looked_up_before_deciding(self, store: Store) -> None:
        assert store.recorded_append("import-2024") is None
        first = store.append("s", new_records(2), 0, idempotency_key="import-2024")
        found = store.recorded_append("import-2024")
        assert found == first
        assert found is not None
        assert found.retried
        assert store.recorded_append("other") is None

    def test_same_key_for_another_stream_is_a_conflict(self, store: Store) -> None:
        store.append("s", [new_record()], 0, idempotency_key="k")
        before = state_of(store)
        with pytest.raises(IdempotencyConflictError) as raised:
            store.append("t", [new_record(1)], 0, idempotency_key="k")
        assert raised.value.key == "k"
        assert state_of(store) == before
        assert store.stream_version("t") == 0

    def test_distinct_keys_append_independently(self, store: Store) -> None:
        a = store.append("s", [new_record(0)], 0, idempotency_key="a")
        b = store.append("s", [new_record(1)], 1, idempotency_key="b")
        assert (a.stream_version, b.stream_version) == (1, 2)
        assert store.append("s", [new_record(0)], 0, idempotency_key="a") == a
        assert store.append("s", [new_record(1)], 1, idempotency_key="b") == b
        assert store.stream_version("s") == 2

    # -- concurrency -----------------------------------------------------------------------

    def test_two_appenders_with_the_same_expected_version_exactly_one_wins(
        self, store: Store, second_store: Store
    ) -> None:
        winners: list[list[NewRecord]] = []
        for round_ in range(self.race_rounds):
            expected = store.stream_version("race")
            batches = [new_records(2, 1000 * round_), new_records(3, 1000 * round_ + 500)]
            outcomes = race(
                [
                    partial(store.append, "race", batches[0], expected),
                    partial(second_store.append, "race", batches[1], expected),
                ]
            )
            won = [i for i, outcome in enumerate(outcomes) if isinstance(outcome, AppendResult)]
            lost = [o for o in outcomes if isinstance(o, ConcurrencyError)]
            assert len(won) == 1, outcomes
            assert len(lost) == 1, outcomes
            assert lost[0].expected == expected
            assert lost[0].actual == expected + len(batches[won[0]])
            winners.append(batches[won[0]])
        everything = list(store.read_all())
        expected_records = [record for batch in winners for record in batch]
        assert [fields_of(r) for r in everything] == expected_records
        assert [r.stream_version for r in everything] == list(range(1, len(everything) + 1))
        assert verify(iter(everything)).ok

    def test_concurrent_unchecked_appends_lose_nothing(
        self, store: Store, second_store: Store
    ) -> None:
        def appender(handle: Store, stream: str, start: int) -> Callable[[], object]:
            def run() -> object:
                for n in range(start, start + 25):
                    handle.append(stream, [new_record(n), new_record(n + 10_000)], None)
                return None

            return run

        outcomes = race(
            [
                appender(store, "a", 0),
                appender(second_store, "b", 100),
                appender(store, "b", 200),
                appender(second_store, "a", 300),
            ]
        )
        assert outcomes == [None] * 4
        everything = list(store.read_all())
        assert len(everything) == 200
        assert [r.position for r in everything] == list(range(1, 201))
        assert {fields_of(r) for r in everything} == {
            new_record(n + offset)
            for start in (0, 100, 200, 300)
            for n in range(start, start + 25)
            for offset in (0, 10_000)
        }
        for stream in ("a", "b"):
            versions = [r.stream_version for r in everything if r.stream_id == stream]
            assert versions == list(range(1, 101))
        report = verify(iter(everything))
        assert report.ok, str(report)
