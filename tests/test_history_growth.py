"""What a command or a fold costs must not grow with the history: the binary searches that
replace scans of a group's meetings agree with the scans they replace (G1)."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
from hypothesis import given, settings, strategies as st

from hom_core.domain.governance.events import MeetingHeld
from hom_core.domain.governance.state import Group
from hom_core.domain.governance.vocabulary import ChairRule, GroupKind
from hom_core.domain.history import inserted, placed
from properties import examples

DAYS = st.integers(min_value=0, max_value=400).map(lambda n: date(2014, 1, 1) + timedelta(n))


def group_meeting_on(days: list[date]) -> Group:
    """A network that met on ``days``, in the date order evolve keeps."""
    group = Group("maths", "Maths network", GroupKind.NETWORK, ChairRule.RECORDED, date(2013, 9, 1))
    meetings: tuple[MeetingHeld, ...] = ()
    for day in days:
        meetings = inserted(meetings, MeetingHeld("maths", day), lambda meeting: meeting.held_on)
    return attrs.evolve(group, meetings=meetings)


@settings(max_examples=examples(100))
@given(st.lists(DAYS, max_size=30), DAYS, DAYS)
def test_g1_met_between_and_met_on_agree_with_a_scan(
    days: list[date], first: date, last: date
) -> None:
    group = group_meeting_on(days)
    assert group.met_between(first, last) == any(first <= day <= last for day in days)
    assert group.met_on(first) == (first in days)


@settings(max_examples=examples(100))
@given(st.lists(st.tuples(st.integers(0, 20), st.integers()), max_size=30))
def test_inserted_and_placed_keep_the_order_of_a_sort(items: list[tuple[int, int]]) -> None:
    kept: tuple[tuple[int, int], ...] = ()
    unique: tuple[tuple[int, int], ...] = ()
    for item in items:
        kept = inserted(kept, item, lambda pair: pair[0])
        unique = placed(unique, item, lambda pair: pair[0])
    assert kept == tuple(sorted(items, key=lambda pair: pair[0]))  # stable: equal keys in order
    last_of_each = {key: (key, value) for key, value in items}
    assert unique == tuple(sorted(last_of_each.values()))
