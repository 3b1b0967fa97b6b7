"""hom_core.domain.history: dated records kept in order as evolve functions add them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hom_core.domain.history import in_order, inserted

records = st.lists(st.tuples(st.integers(0, 5), st.integers()), max_size=30)


@given(records, st.tuples(st.integers(0, 5), st.integers()))
def test_inserted_is_a_stable_sort_of_the_records_and_the_new_one(
    items: list[tuple[int, int]], new: tuple[int, int]
) -> None:
    """Back-dated records land in date order; records of one date stay in recording order."""
    ordered = tuple(sorted(items, key=lambda item: item[0]))
    assert inserted(ordered, new, lambda item: item[0]) == tuple(
        sorted((*ordered, new), key=lambda item: item[0])
    )


def test_in_order_replaces_the_same_record() -> None:
    assert in_order([(1, "a"), (2, "b")], (1, "c"), lambda item: item[0]) == ((1, "c"), (2, "b"))
