"""hom_core.domain.history: dated records kept in order as evolve functions add them."""

from __future__ import annotations

from hypothesis import given, strategies as st

from hom_core.domain.history import in_order, inserted, placed

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


@given(st.dictionaries(st.integers(0, 9), st.integers(), max_size=10), st.integers(0, 9))
def test_placed_replaces_the_record_of_the_same_key_else_inserts_it_in_order(
    by_key: dict[int, int], key: int
) -> None:
    """One record per key (a census a year): the new one takes its key's place."""
    ordered = tuple(sorted(by_key.items()))
    new = (key, -1)
    expected = tuple(sorted({**by_key, key: -1}.items()))
    assert placed(ordered, new, lambda item: item[0]) == expected
    assert in_order(ordered, new, lambda item: item[0]) == expected
