"""The storage conformance suite: the guarantees of :mod:`hom_core.store`, as tests.

A backend author subclasses :class:`StoreConformance` in their own test suite and provides a
``store`` fixture returning a fresh, empty store; every test of the suite then runs against it::

    import pytest
    from hom_core.testing.storage import StoreConformance
    from my_backend import MyStore


    class TestMyStore(StoreConformance):
        page_size = 500  # rows MyStore fetches per read query, if it pages

        @pytest.fixture
        def store(self, tmp_path):
            store = MyStore(tmp_path / "log")
            yield store
            store.close()  # a test may have closed it already: close() must tolerate that

        # Optional: a second handle on the same log (another connection), so the concurrency
        # tests race two handles rather than two threads on one handle.
        @pytest.fixture
        def second_store(self, store, tmp_path):
            other = MyStore(tmp_path / "log")
            yield other
            other.close()

The suite builds :class:`~hom_core.store.NewRecord` rows itself (:func:`new_record`), so it needs
no event classes; it needs pytest only. It checks ordering and gap-free positions and stream
versions, expected-version conflicts, atomic batches, idempotent retries, read bounds, lazy and
paged reads, reads interleaved with appends, ``head()``, snapshots, checkpoints, the hash chain,
racing appenders, and that a closed store refuses to work.

Class attributes tune it: ``page_size`` (see above) and ``race_rounds`` (how many races the
concurrency tests run). :func:`new_record`, :func:`new_records` and :func:`race` (run callables
in threads released together) are there for a backend's own extra tests.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, ClassVar, cast

import pytest

from hom_core.chain import GENESIS_HASH, link, verify
from hom_core.envelope import AppendResult
from hom_core.errors import (
    ConcurrencyError,
    HomError,
    IdempotencyConflictError,
    StoreError,
    UsageError,
)
from hom_core.store import NewRecord, Snapshot, Store, StoredRecord

__all__ = ["StoreConformance", "new_record", "new_records", "race"]


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


def _state(store: Store) -> tuple[list[StoredRecord], tuple[int, str]]:
    """Everything a failed append must leave unchanged that the protocol lets us observe."""
    return list(store.read_all()), store.head()


def _fields(record: StoredRecord) -> NewRecord:
    """The part of a stored record that came from the :class:`NewRecord`."""
    return NewRecord(*record[3:11])


def _unsealable(n: int) -> NewRecord:
    """A record the hash chain cannot encode (its payload is not text), so the append fails."""
    return new_record(n)._replace(payload=cast(str, {"not", "text"}))


_AFTER_CLOSE: dict[str, Callable[[Store], object]] = {
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


class StoreConformance:
    """Tests every :class:`~hom_core.store.Store` must pass; subclass and provide ``store``."""

    page_size: ClassVar[int] = 1000
    """Rows the backend fetches per read query; the paging tests read more than two pages."""

    race_rounds: ClassVar[int] = 20
    """How many times the concurrency tests race two appenders."""

    @pytest.fixture
    def store(self) -> Store:
        """A fresh, empty store. Override in the subclass."""
        pytest.fail("the subclass of StoreConformance must define a `store` fixture")

    @pytest.fixture
    def second_store(self, store: Store) -> Store:
        """A second handle on ``store``'s log; by default the same handle."""
        return store

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
        assert [_fields(record) for record in stored] == given
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
        assert [_fields(r) for r in everything] == new_records(n)
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
        before = _state(store)
        with pytest.raises(ConcurrencyError) as raised:
            store.append("s", new_records(3, 2), 1)
        assert (raised.value.stream_id, raised.value.expected, raised.value.actual) == ("s", 1, 2)
        assert _state(store) == before
        assert store.stream_version("s") == 2

    @pytest.mark.parametrize("expected", [1, 5])
    def test_new_stream_only_accepts_expected_version_zero(
        self, store: Store, expected: int
    ) -> None:
        with pytest.raises(ConcurrencyError) as raised:
            store.append("new", [new_record()], expected)
        assert (raised.value.expected, raised.value.actual) == (expected, 0)
        assert _state(store) == ([], (0, GENESIS_HASH))

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
        before = _state(store)
        batch = [*new_records(2, 2), _unsealable(4), *new_records(2, 5)]
        with pytest.raises((TypeError, ValueError, HomError)):
            store.append("s", batch, 2, idempotency_key="k-fail")
        assert _state(store) == before
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
        assert _fields(list(store.read_stream("s"))[-1]) == new_record(3)

    def test_empty_batch_is_a_usage_error_and_writes_nothing(self, store: Store) -> None:
        store.append("s", [new_record()], 0)
        before = _state(store)
        with pytest.raises(UsageError):
            store.append("s", [], 1, idempotency_key="k")
        with pytest.raises(UsageError):
            store.append("fresh", [], None)
        assert _state(store) == before
        assert store.append("s", [new_record(1)], 1, idempotency_key="k").count == 1

    # -- idempotency -----------------------------------------------------------------------

    def test_retry_with_same_key_returns_original_result_and_writes_nothing(
        self, store: Store
    ) -> None:
        first = store.append("s", new_records(3), 0, idempotency_key="import-2024")
        store.append("t", new_records(2, 3), 0)
        store.append("s", [new_record(5)], 3)
        before = _state(store)
        # a retry sends the same key with what it sent the first time (here: stale version)
        again = store.append("s", new_records(3), 0, idempotency_key="import-2024")
        assert again == first == AppendResult("s", 3, 1, 3)
        assert again.retried
        assert not first.retried
        # the key decides, not the batch: even other records and no version check write nothing
        other = store.append("s", new_records(7, 10), None, idempotency_key="import-2024")
        assert other == first
        assert _state(store) == before

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
        before = _state(store)
        with pytest.raises(IdempotencyConflictError) as raised:
            store.append("t", [new_record(1)], 0, idempotency_key="k")
        assert raised.value.key == "k"
        assert _state(store) == before
        assert store.stream_version("t") == 0

    def test_distinct_keys_append_independently(self, store: Store) -> None:
        a = store.append("s", [new_record(0)], 0, idempotency_key="a")
        b = store.append("s", [new_record(1)], 1, idempotency_key="b")
        assert (a.stream_version, b.stream_version) == (1, 2)
        assert store.append("s", [new_record(0)], 0, idempotency_key="a") == a
        assert store.append("s", [new_record(1)], 1, idempotency_key="b") == b
        assert store.stream_version("s") == 2

    # -- reads -----------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("after", "until", "versions"),
        [
            (0, None, range(1, 11)),
            (3, None, range(4, 11)),
            (3, 7, range(4, 8)),
            (0, 1, range(1, 2)),
            (0, 0, range(0)),
            (5, 5, range(0)),
            (7, 3, range(0)),
            (9, None, range(10, 11)),
            (10, None, range(0)),
            (12, None, range(0)),
            (0, 100, range(1, 11)),
        ],
    )
    def test_read_stream_bounds(
        self, store: Store, after: int, until: int | None, versions: range
    ) -> None:
        for n in range(10):  # interleave another stream so positions differ from versions
            store.append("s", [new_record(n)], n)
            store.append("noise", [new_record(100 + n)], None)
        records = list(store.read_stream("s", after, until))
        assert [r.stream_version for r in records] == list(versions)
        assert [_fields(r) for r in records] == [new_record(v - 1) for v in versions]

    @pytest.mark.parametrize(
        ("after", "until", "positions"),
        [
            (0, None, range(1, 11)),
            (4, None, range(5, 11)),
            (2, 6, range(3, 7)),
            (0, 0, range(0)),
            (6, 6, range(0)),
            (8, 2, range(0)),
            (10, None, range(0)),
            (15, None, range(0)),
            (0, 50, range(1, 11)),
        ],
    )
    def test_read_all_bounds(
        self, store: Store, after: int, until: int | None, positions: range
    ) -> None:
        store.append("a", new_records(4), 0)
        store.append("b", new_records(6, 4), 0)
        records = list(store.read_all(after, until))
        assert [r.position for r in records] == list(positions)
        assert [_fields(r) for r in records] == [new_record(p - 1) for p in positions]

    def test_reads_are_lazy_iterators(self, store: Store) -> None:
        store.append("s", new_records(3), 0)
        for reader in (store.read_all(), store.read_stream("s")):
            assert not isinstance(reader, Sequence)
            assert iter(reader) is reader
            assert next(reader).stream_version == 1
            assert [r.stream_version for r in reader] == [2, 3]

    def test_reads_span_several_pages(self, store: Store) -> None:
        page = self.page_size
        big = 2 * page + 7
        store.append("small", new_records(3), 0)
        store.append("big", new_records(big, 3), 0)
        store.append("small", new_records(2, big + 3), 3)
        everything = list(store.read_all())
        assert [r.position for r in everything] == list(range(1, big + 6))
        assert [_fields(r) for r in everything] == new_records(big + 5)
        stream = list(store.read_stream("big"))
        assert [r.stream_version for r in stream] == list(range(1, big + 1))
        assert [r.stream_version for r in store.read_stream("big", page - 1, page + 2)] == [
            page,
            page + 1,
            page + 2,
        ]
        assert [r.position for r in store.read_all(page, page + 1)] == [page + 1]
        assert verify(iter(everything)).ok

    def test_appending_while_reading_all_breaks_nothing(self, store: Store) -> None:
        total = self.page_size + 20
        store.append("s", new_records(total), 0)
        reader = store.read_all()
        seen = [next(reader) for _ in range(self.page_size + 5)]
        store.append("s", new_records(3, total), total)
        store.append("t", new_records(2, total + 3), 0)
        seen.extend(reader)
        assert total <= len(seen) <= total + 5
        assert [r.position for r in seen] == list(range(1, len(seen) + 1))
        assert seen == list(store.read_all(0, len(seen)))

    def test_appending_while_reading_a_stream_breaks_nothing(self, store: Store) -> None:
        total = self.page_size + 20
        store.append("s", new_records(total), 0)
        reader = store.read_stream("s")
        seen = [next(reader) for _ in range(self.page_size + 5)]
        store.append("s", new_records(3, total), total)
        store.append("t", new_records(2, total + 3), 0)
        seen.extend(reader)
        assert total <= len(seen) <= total + 3
        assert [r.stream_version for r in seen] == list(range(1, len(seen) + 1))
        assert all(r.stream_id == "s" for r in seen)

    def test_head_is_the_last_record(self, store: Store) -> None:
        store.append("s", new_records(2), 0)
        result = store.append("t", new_records(3, 2), 0)
        last = list(store.read_all())[-1]
        assert store.head() == (result.last_position, last.hash) == (5, last.hash)

    # -- snapshots and checkpoints ---------------------------------------------------------

    def test_snapshot_absent_is_none(self, store: Store) -> None:
        assert store.load_snapshot("members", "s") is None

    def test_snapshot_save_load_and_replace(self, store: Store) -> None:
        first = Snapshot("members", "s", 3, 1, '{"count":3,"name":"Ä ☃"}')
        store.save_snapshot(first)
        assert store.load_snapshot("members", "s") == first
        newer = Snapshot("members", "s", 9, 2, '{"count":9}')
        store.save_snapshot(newer)
        assert store.load_snapshot("members", "s") == newer

    def test_snapshots_are_keyed_by_name_and_key(self, store: Store) -> None:
        snapshots = [
            Snapshot("members", "s", 1, 1, "1"),
            Snapshot("members", "t", 2, 1, "2"),
            Snapshot("money", "s", 3, 1, "3"),
            Snapshot("money", "$all", 4, 1, "4"),
        ]
        for snapshot in snapshots:
            store.save_snapshot(snapshot)
        for snapshot in snapshots:
            assert store.load_snapshot(snapshot.name, snapshot.key) == snapshot
        assert store.load_snapshot("money", "t") is None

    def test_checkpoints(self, store: Store) -> None:
        assert store.load_checkpoint("mailer") == 0
        store.save_checkpoint("mailer", 7)
        store.save_checkpoint("exporter", 3)
        assert (store.load_checkpoint("mailer"), store.load_checkpoint("exporter")) == (7, 3)
        store.save_checkpoint("mailer", 12)
        assert store.load_checkpoint("mailer") == 12
        assert store.load_checkpoint("unknown") == 0

    # -- the hash chain --------------------------------------------------------------------

    def test_hash_chain_verifies(self, store: Store) -> None:
        store.append("s", new_records(3), 0)
        store.append("t", new_records(4, 3), 0)
        store.append("s", new_records(2, 7), 3)
        report = verify(store.read_all())
        assert report.ok, str(report)
        assert (report.checked, report.head_position) == (9, 9)
        assert (report.head_position, report.head_hash) == store.head()

    def test_each_hash_links_the_previous_record(self, store: Store) -> None:
        store.append("s", new_records(2), 0)
        store.append("t", new_records(3, 2), 0)
        store.append("s", [new_record(5)], None)
        previous = GENESIS_HASH
        for record in store.read_all():
            assert record.hash == link(previous, record)
            previous = record.hash
        assert previous == store.head()[1]

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
        assert [_fields(r) for r in everything] == expected_records
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
        assert {_fields(r) for r in everything} == {
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

    # -- lifecycle -------------------------------------------------------------------------

    @pytest.mark.parametrize("operation", sorted(_AFTER_CLOSE))
    def test_closed_store_raises_store_error(self, store: Store, operation: str) -> None:
        store.append("s", [new_record()], 0)
        store.save_checkpoint("c", 1)
        store.close()
        with pytest.raises(StoreError):
            _AFTER_CLOSE[operation](store)


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
