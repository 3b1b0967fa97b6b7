"""What a command or a fold costs must not grow with the history: the binary searches that
replace scans of a group's meetings agree with the scans they replace (G1)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

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


def test_a_runner_spaces_its_snapshots_as_the_stream_grows() -> None:
    """Saving a snapshot costs in proportion to the state, so on a long stream a runner saves
    one every ``SNAPSHOT_SHARE``-th of the stream (at least ``snapshot_every``), not every
    ``snapshot_every`` events; a new runner over the stream replays at most that share."""
    from hom_core import EventLog, open_log
    from hom_core.application import Runner
    from hom_core.application.runner import SNAPSHOT_SHARE
    from test_decider import TALLY, Count

    log = open_log("memory://", event_types=TALLY.event_types)
    saved: list[int] = []
    save = log.store.save_snapshot

    def counting(snapshot: Any) -> None:
        if snapshot.name == runner.projection.name:  # not the runner's other, tiny projections
            saved.append(snapshot.version)
        save(snapshot)

    log.store.save_snapshot = counting  # type: ignore[method-assign]
    runner = Runner(log, "tally", TALLY, snapshot_every=4)
    for _ in range(1000):
        runner.execute(Count(1))
    gaps = [later - earlier for earlier, later in zip([0, *saved], saved, strict=False)]
    late = [version for version in saved if version > 500]
    assert len(late) < 500 // 4 // 2  # every 4 events would be 125 snapshots
    bounds = [max(4, 2 * version // SNAPSHOT_SHARE) for version in saved]
    assert all(gap <= bound for gap, bound in zip(gaps, bounds, strict=True))
    assert max(gaps) >= 1000 // SNAPSHOT_SHARE // 2
    fresh = Runner(EventLog(log.store, log.codec), "tally", TALLY)
    assert fresh.state().count == 1000
