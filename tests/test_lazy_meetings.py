"""A group's meetings read lazily from a snapshot behave as the tuple of them (G1), and a
snapshot of the state in the meetings' format 2 (rows of text) or format 1 (a list of objects)
loads to the same state."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import given, settings, strategies as st

from hom_core import open_log
from hom_core.application import Runner
from hom_core.codec import make_converter
from hom_core.domain import PARTNERSHIP, PartnershipState, configure_converter
from hom_core.domain.governance.events import GroupEstablished, MeetingHeld
from hom_core.domain.governance.meetings import MEETINGS_FORMAT, Meetings, meetings_text
from hom_core.domain.governance.vocabulary import ChairRule, GroupKind
from hom_core.domain.history import inserted
from hom_core.envelope import Pending
from hom_core.jsontext import compact
from hom_core.snapshots import bind, state_text
from properties import examples

CONVERTER = make_converter()
configure_converter(CONVERTER)

DAYS = st.integers(min_value=0, max_value=60).map(lambda n: date(2014, 1, 1) + timedelta(n))
TEXTS = st.text(max_size=6)  # line breaks, quotes, lone surrogates: any text a field may hold
MEETINGS = st.builds(
    MeetingHeld,
    st.just("maths"),
    DAYS,
    st.none() | TEXTS,
    st.none() | TEXTS,
    TEXTS,
)


def _by_date(meeting: MeetingHeld) -> date:
    return meeting.held_on


def _in_order(meetings: list[MeetingHeld]) -> tuple[MeetingHeld, ...]:
    kept: tuple[MeetingHeld, ...] = ()
    for meeting in meetings:
        kept = inserted(kept, meeting, _by_date)
    return kept


def _stored(meetings: tuple[MeetingHeld, ...]) -> Meetings:
    """``meetings`` through a snapshot's text and back: the lazy form."""
    text = compact(CONVERTER.unstructure(meetings, Meetings))
    return CONVERTER.structure(json.loads(text), Meetings)


@settings(max_examples=examples(100))
@given(
    st.lists(MEETINGS, max_size=12),
    st.lists(MEETINGS, max_size=4),
    st.integers(-15, 15),
    st.integers(-15, 15) | st.none(),
    st.sampled_from([None, 1, 2, -1, -3]),
)
def test_g1_lazy_meetings_behave_like_the_tuple(
    stored: list[MeetingHeld],
    later: list[MeetingHeld],
    index: int,
    stop: int | None,
    step: int | None,
) -> None:
    expected = _in_order(stored)
    lazy = _stored(expected)
    for meeting in later:  # recorded after the snapshot, in or out of date order
        expected = inserted(expected, meeting, _by_date)
        lazy = lazy.added(meeting)
    assert len(lazy) == len(expected)
    assert list(lazy) == list(expected)
    assert lazy == expected
    assert expected == lazy
    assert not lazy != expected  # noqa: SIM202 - __ne__ as well as __eq__
    assert lazy == _stored(expected) == Meetings(expected)
    assert hash(lazy) == hash(expected)
    assert repr(lazy) == repr(expected)
    if -len(expected) <= index < len(expected):
        assert lazy[index] == expected[index]
    else:
        try:
            lazy[index]
        except IndexError:
            pass
        else:
            raise AssertionError(f"index {index} of {len(expected)} meetings did not raise")
    assert lazy[index:stop:step] == expected[index:stop:step]
    assert lazy + tuple(later[:1]) == expected + tuple(later[:1])
    assert tuple(later[:1]) + lazy == tuple(later[:1]) + expected
    for meeting in later:
        assert (meeting in lazy) == (meeting in expected)
        assert lazy.count(meeting) == expected.count(meeting)
    assert lazy != (*expected, MeetingHeld("maths", date(2099, 1, 1)))


@settings(max_examples=examples(100))
@given(st.lists(MEETINGS, max_size=12), DAYS, DAYS)
def test_g1_meetings_between_and_the_last_by_a_day_agree_with_a_scan(
    meetings: list[MeetingHeld], first: date, last: date
) -> None:
    lazy = _stored(_in_order(meetings))
    scanned = tuple(meeting for meeting in lazy if first <= meeting.held_on <= last)
    assert lazy.between(first, last) == scanned
    until = [meeting for meeting in lazy if meeting.held_on <= last]
    assert lazy.last_by(last) == (until[-1] if until else None)


def test_g1_meetings_of_several_groups_are_stored_as_a_list() -> None:
    """Only a group's own meetings are kept as rows; any other sequence keeps format 1."""
    mixed = (MeetingHeld("maths", date(2014, 1, 1)), MeetingHeld("send", date(2014, 1, 2)))
    assert meetings_text(mixed) is None
    assert CONVERTER.unstructure(Meetings(mixed), Meetings) == [
        CONVERTER.unstructure(meeting) for meeting in mixed
    ]
    assert CONVERTER.structure(CONVERTER.unstructure(Meetings(mixed), Meetings), Meetings) == mixed
    stored_then_other = _stored(mixed[:1]).added(mixed[1])
    assert meetings_text(stored_then_other) is None
    stored = CONVERTER.unstructure(stored_then_other, Meetings)
    assert CONVERTER.structure(stored, Meetings) == mixed
    text = meetings_text(mixed[:1])
    assert text is not None
    assert text.startswith(f'[{MEETINGS_FORMAT},"maths"]\n')


def _state_with(groups: dict[str, list[MeetingHeld]]) -> PartnershipState:
    state = PARTNERSHIP.initial()
    for group_id, meetings in groups.items():
        established = GroupEstablished(
            group_id, group_id.title(), GroupKind.NETWORK, ChairRule.RECORDED, date(2013, 9, 1)
        )
        state = PARTNERSHIP.evolve(state, established)
        for meeting in meetings:
            state = PARTNERSHIP.evolve(state, attrs.evolve(meeting, group_id=group_id))
    return state


def _format_1(data: Any) -> Any:
    """A state's stored data with each group's meetings as format 1 wrote them."""
    for group in data["governance"]["groups"].values():
        if isinstance(group["meetings"], str):
            lazy = Meetings.from_text(group["meetings"])
            group["meetings"] = CONVERTER.unstructure(tuple(lazy), tuple[MeetingHeld, ...])
    return data


@settings(max_examples=examples(60))
@given(st.dictionaries(st.sampled_from(["maths", "send", "eyfs"]), st.lists(MEETINGS, max_size=8)))
def test_g1_snapshots_of_format_2_and_format_1_load_to_the_same_state(
    groups: dict[str, list[MeetingHeld]],
) -> None:
    state = _state_with(groups)
    data = CONVERTER.unstructure(state, PartnershipState)
    newer = CONVERTER.structure(json.loads(compact(data)), PartnershipState)
    older = CONVERTER.structure(json.loads(compact(_format_1(data))), PartnershipState)
    assert newer == state == older
    assert CONVERTER.unstructure(older, PartnershipState) == CONVERTER.unstructure(
        newer, PartnershipState
    )  # a state loaded from format 1 is saved in format 2


def test_g1_a_log_whose_snapshot_is_of_format_1_loads_it() -> None:
    """A snapshot saved before format 2 still stands for the log: its state is read, not
    rebuilt from the events, and equals the replay."""
    log = open_log("memory://")
    stream = "partnership/p"
    state = _state_with({"maths": [MeetingHeld("maths", date(2014, 1, day)) for day in (3, 1, 2)]})
    events = [
        GroupEstablished("maths", "Maths", GroupKind.NETWORK, ChairRule.RECORDED, date(2013, 9, 1)),
        *state.governance.groups["maths"].meetings,
    ]
    log.append(stream, [Pending(event) for event in events], 0)
    runner = Runner(log, stream, PARTNERSHIP, snapshot_every=None)
    saved = runner.snapshot()
    snapshot = log.store.load_snapshot(runner.projection.name, stream)
    assert snapshot is not None
    data = json.loads(state_text(snapshot))
    assert isinstance(data["governance"]["groups"]["maths"]["meetings"], str)  # format 2
    record_hash = json.loads(snapshot.state)["hash"]
    older = bind(attrs.evolve(snapshot, state=""), record_hash, compact(_format_1(data)))
    log.store.save_snapshot(older)
    loading = Runner(open_log_over(log), stream, PARTNERSHIP, snapshot_every=None)
    read: list[int] = []
    original = loading.log.store.read_stream

    def counting(*arguments: Any) -> Any:
        records = list(original(*arguments))
        read.append(len(records))
        return iter(records)

    loading.log.store.read_stream = counting  # type: ignore[method-assign]
    assert loading.state() == saved.state == state
    assert read
    assert max(read) <= 1  # the record at the snapshot (its hash): nothing replayed


def open_log_over(log: Any) -> Any:
    """A new log over ``log``'s store: nothing kept in memory."""
    from hom_core import EventLog

    return EventLog(log.store, log.codec)
