"""Reading a stream's events of some types (``EventLog.read_stream(event_types=...)``): a store
with :class:`~hom_core.store.TypeFilteredReads` filters in its query, any other store is read
whole and filtered in Python, and both give the same records. (Each store's own
``read_stream_of_types`` is checked by the conformance suite.)"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from hom_core import EventLog
from hom_core.memory import MemoryStore
from hom_core.store import StoredRecord, TypeFilteredReads
from hom_plugins.storage.sqlite import PAGE_SIZE
from hom_plugins.storage.sqlite_layout import LOG_SCHEMA
from hom_plugins.storage.sqlite_readers import stream_page
from properties import examples
from samples import BACKENDS, census, joined, log_url, open_sample_log

TYPES = ("test.school_joined", "test.census_submitted", "test.notice_given")

histories = st.lists(st.tuples(st.sampled_from("st"), st.booleans()), max_size=30)
bounds = st.tuples(st.integers(0, 32), st.none() | st.integers(0, 32))


@pytest.mark.parametrize("backend", [*BACKENDS, "jsonl"])
@settings(max_examples=examples(40))
@given(history=histories, named=st.sets(st.sampled_from(TYPES)), span=bounds)
def test_the_records_of_some_types_are_those_of_the_whole_stream_of_those_types(
    backend: str, history: list[tuple[str, bool]], named: set[str], span: tuple[int, int | None]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        url = f"jsonl:///{folder / 'log.jsonl'}?fsync=off" if backend == "jsonl" else None
        log = open_sample_log(url or log_url(backend, folder))
        for n, (stream, is_census) in enumerate(history):
            log.append(
                stream, [census(f"school-{n}") if is_census else joined(f"school-{n}")], None
            )
        after, until = span
        every = log.read_stream("s", after, until)
        assert list(log.read_stream("s", after, until, event_types=named)) == [
            recorded for recorded in every if recorded.event_type in named
        ]
        log.close()


class CountingMemoryStore(MemoryStore):
    """The memory store, counting its calls of ``read_stream_of_types``."""

    def __init__(self) -> None:
        super().__init__()
        self.filtered_reads = 0

    def read_stream_of_types(
        self,
        stream_id: str,
        event_types: tuple[str, ...],
        after_version: int = 0,
        until_version: int | None = None,
    ) -> Iterator[StoredRecord]:
        self.filtered_reads += 1
        return super().read_stream_of_types(stream_id, event_types, after_version, until_version)


def test_the_log_asks_a_store_that_filters_and_filters_for_one_that_does_not(
    tmp_path: Path,
) -> None:
    plain = open_sample_log(f"jsonl:///{tmp_path / 'log.jsonl'}?fsync=off")
    assert not isinstance(plain.store, TypeFilteredReads)
    counting = CountingMemoryStore()
    offering = EventLog(counting, plain.codec, clock=plain.clock)
    assert isinstance(offering.store, TypeFilteredReads)
    for log in (plain, offering):
        log.append("s", [joined("a"), census("a"), joined("b")], None)
    named = {"test.school_joined"}
    read = [
        [(r.stream_version, r.event) for r in log.read_stream("s", event_types=named)]
        for log in (plain, offering)
    ]
    assert read[0] == read[1] == [(1, joined("a")), (3, joined("b"))]
    assert counting.filtered_reads == 1
    assert len(list(offering.read_stream("s"))) == 3
    assert counting.filtered_reads == 1
    plain.close()


def test_sqlite_finds_a_streams_rows_of_some_types_on_the_stream_index() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(LOG_SCHEMA)
    query = stream_page("*", PAGE_SIZE, 2)
    (plan,) = db.execute(f"EXPLAIN QUERY PLAN {query}", (0, "s", 9, "a", "b")).fetchall()
    assert "USING INDEX sqlite_autoindex_events_1 (stream_id=? AND stream_version>?" in plan[3]
