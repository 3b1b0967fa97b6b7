"""The in-memory store passes the storage conformance suite (hom_core.testing.storage)."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import given, settings, strategies as st

from hom_core.memory import MemoryStore
from hom_core.testing.storage import StoreConformance, new_record, new_records
from properties import examples
from samples import race_appenders


class TestMemoryStore(StoreConformance):
    @pytest.fixture
    def store(self) -> MemoryStore:
        return MemoryStore()


def test_stores_are_independent() -> None:
    """Each MemoryStore is its own log (memory:// opens a fresh one each time)."""
    one, two = MemoryStore(), MemoryStore()
    one.append("s", [new_record()], 0)
    assert two.head()[0] == 0
    assert two.stream_version("s") == 0


@settings(max_examples=examples(50), deadline=None)
@given(prior=st.integers(0, 3), sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4))
def test_racing_appenders_exactly_one_wins_and_nothing_is_lost(
    prior: int, sizes: list[int]
) -> None:
    """Property (issue): threads appending to one memory store with the same expected version."""
    store = MemoryStore()
    race_appenders([store] * len(sizes), prior, sizes)


@settings(max_examples=examples(50), deadline=None)
@given(
    prior=st.integers(0, 4),
    size=st.integers(1, 6),
    bad=st.integers(0, 5),
)
def test_a_batch_that_fails_mid_way_leaves_no_trace(prior: int, size: int, bad: int) -> None:
    """Property (issue): a batch whose record ``bad`` cannot be sealed leaves no record, no
    position and no idempotency key."""
    store = MemoryStore()
    if prior:
        store.append("s", new_records(prior), 0)
    before = (list(store.read_all()), store.head())
    batch = new_records(size, 100)
    batch[min(bad, size - 1)] = batch[0]._replace(payload=cast(str, {"not", "text"}))
    with pytest.raises(TypeError):
        store.append("s", batch, prior, idempotency_key="k")
    assert (list(store.read_all()), store.head()) == before
    retry = store.append("s", new_records(size, 100), prior, idempotency_key="k")
    assert retry.first_position == prior + 1
