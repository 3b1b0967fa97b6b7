"""The conformance tests of reading: bounds, lazy and paged reads, reads beside appends, the head,
snapshots, checkpoints, the hash chain, and a closed store (part of
:class:`~hom_core.testing.storage.StoreConformance`)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import ClassVar

import pytest

from hom_core.chain import GENESIS_HASH, link, verify
from hom_core.errors import (
    StoreError,
)
from hom_core.store import Snapshot, Store, TypeFilteredReads
from hom_core.testing.storage_support import (
    AFTER_CLOSE,
    fields_of,
    new_record,
    new_records,
)

__all__ = ["ReadConformance"]


class ReadConformance:
    """Tests of a store's reads; :class:`~hom_core.testing.storage.StoreConformance` runs them
    with its ``store`` fixture."""

    page_size: ClassVar[int] = 1000
    """Rows the backend fetches per read query; the paging tests read more than two pages."""

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
        assert [fields_of(r) for r in records] == [new_record(v - 1) for v in versions]

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
        assert [fields_of(r) for r in records] == [new_record(p - 1) for p in positions]

    @pytest.mark.parametrize("seed", range(6))
    def test_read_stream_of_types_is_read_stream_filtered(self, store: Store, seed: int) -> None:
        """A store with :class:`~hom_core.store.TypeFilteredReads` gives ``read_stream``'s
        records of the types named, in order, within the same bounds, across pages."""
        if not isinstance(store, TypeFilteredReads):
            pytest.skip("the store does not offer read_stream_of_types (optional)")
        chance = random.Random(seed)
        types = ("a.one", "a.two", "b.one", "c.three")
        for stream in ("s", "noise", "s", "s"):
            count = chance.randrange(1, self.page_size + 3)
            batch = [new_record(n, event_type=chance.choice(types)) for n in range(count)]
            store.append(stream, batch, None)
        last = store.stream_version("s")
        for _ in range(4):
            named = tuple(chance.sample(types, chance.randrange(len(types) + 1)))
            after = chance.choice([0, chance.randrange(last + 2)])
            until = chance.choice([None, chance.randrange(last + 2)])
            kept = [r for r in store.read_stream("s", after, until) if r.event_type in named]
            reader = store.read_stream_of_types("s", named, after, until)
            assert iter(reader) is reader
            assert list(reader) == kept

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
        assert [fields_of(r) for r in everything] == new_records(big + 5)
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

    # -- lifecycle -------------------------------------------------------------------------

    @pytest.mark.parametrize("operation", sorted(AFTER_CLOSE))
    def test_closed_store_raises_store_error(self, store: Store, operation: str) -> None:
        store.append("s", [new_record()], 0)
        store.save_checkpoint("c", 1)
        store.close()
        with pytest.raises(StoreError):
            AFTER_CLOSE[operation](store)
