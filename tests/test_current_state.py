"""A state as of a day on or after every recorded fact is the current state (the fast path of
:meth:`Runner.current_on`): equal to the stream replayed up to that day, back-dated facts and
retractions (R1, R2) included, and read without writing."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings, strategies as st

from hom_core import RuleViolation
from hom_core.application import Partnership, Runner
from hom_core.domain import PARTNERSHIP, RetractFact
from hom_core.log import EventLog
from hom_core.testing.strategies import days, histories, joins, notices, withdrawals
from properties import examples
from test_corrections_properties import executed

CLERK = "person-clerk"

late_commands = st.lists(st.one_of(joins, notices, withdrawals), max_size=8)


def replayed(hom: Partnership, day: date) -> tuple[object, tuple[object, ...]]:
    """The state on ``day`` and its events by the whole stream replayed (no fast path)."""
    records = hom.runner.records(day)
    return hom.runner.fold(records), tuple(r.event for r in records)


def retract_some(hom: Partnership, data: st.DataObject) -> None:
    """Retract up to three random facts of ``hom``'s stream, on random days (each refused
    retraction is checked to append nothing, R2)."""
    for _ in range(data.draw(st.integers(0, 3))):
        records = list(hom.log.read_stream(hom.stream_id))
        target = data.draw(st.sampled_from(records[1:] or records))
        head = hom.log.head()
        try:
            hom.execute(RetractFact(target.position, "a mistake", CLERK, data.draw(days)))
        except RuleViolation:
            assert hom.log.head() == head


def days_to_ask(hom: Partnership, data: st.DataObject) -> list[date]:
    """The latest effective date, the day before and after it, and random days."""
    latest = max(r.effective_date for r in hom.log.read_stream(hom.stream_id))
    edges = [latest - timedelta(days=1), latest, latest + timedelta(days=1)]
    return edges + data.draw(st.lists(days, max_size=4))


@settings(max_examples=examples(40))
@given(histories(max_commands=12), late_commands, st.data())
def test_r2_a_view_as_of_any_day_equals_the_stream_replayed_to_it(
    history: list[object], late: list[object], data: st.DataObject
) -> None:
    """R1, R2: whatever the history (back-dated commands, retractions), the view as of any day
    holds the state and events the stream replayed to that day gives, whether the day is
    before the latest effective date (replayed) or not (the current state, which the runner
    answers for every day on or after that date)."""
    _log, hom = executed([*history[1:], *late])
    retract_some(hom, data)
    latest = hom.runner.latest_effective_date()
    assert latest == max(r.effective_date for r in hom.log.read_stream(hom.stream_id))
    for day in days_to_ask(hom, data):
        view = hom.as_of(day)
        state, events = replayed(hom, day)
        assert view.state == state
        assert view.events == events
        assert hom.runner.as_of(day) == state
        assert (hom.runner.current_on(day) is None) == (day < latest)


@settings(max_examples=examples(30))
@given(histories(max_commands=12), late_commands, st.data())
def test_r2_the_current_state_from_snapshots_equals_the_replay_and_writes_nothing(
    history: list[object], late: list[object], data: st.DataObject
) -> None:
    """R1, R2: a new reader of a log holding snapshots (taken at a random point of the history,
    before retractions and late facts) answers as of the latest effective date from them and
    the records after, as the replay does, and a log opened to read saves no snapshot."""
    commands = [*history[1:], *late]
    cut = data.draw(st.integers(0, len(commands)))
    log, hom = executed(commands[:cut])
    writer = Runner(log, hom.stream_id, PARTNERSHIP)
    writer.snapshot()
    writer.snapshot_latest_effective_date()
    for command in commands[cut:]:
        with contextlib.suppress(RuleViolation):
            hom.execute(command)
    retract_some(hom, data)
    reader = EventLog(log.store, log.codec, read_only=True)
    runner = Runner(reader, hom.stream_id, PARTNERSHIP, snapshot_every=1)
    names = (runner.projection.name, "hom.latest_effective_date")
    saved = [log.store.load_snapshot(name, hom.stream_id) for name in names]
    assert None not in saved
    for day in days_to_ask(hom, data):
        assert runner.as_of(day) == replayed(hom, day)[0]
    assert [log.store.load_snapshot(name, hom.stream_id) for name in names] == saved


@settings(max_examples=examples(30))
@given(histories(max_commands=12), late_commands, st.data())
def test_r2_snapshots_of_the_state_and_of_the_latest_date_at_different_versions_still_agree(
    history: list[object], late: list[object], data: st.DataObject
) -> None:
    """R1, R2: the records read for the latest effective date (after its snapshot) serve the
    state only from where they start; a state snapshot older or newer than that one gives the
    replay's answer too."""
    commands = [*history[1:], *late]
    cuts = sorted(data.draw(st.lists(st.integers(0, len(commands)), min_size=2, max_size=2)))
    state_first = data.draw(st.booleans())
    log, hom = executed(commands[: cuts[0]])
    writer = Runner(log, hom.stream_id, PARTNERSHIP)
    for number, command in enumerate(commands[cuts[0] :], cuts[0]):
        if number == cuts[1]:
            (writer.snapshot_latest_effective_date if state_first else writer.snapshot)()
        with contextlib.suppress(RuleViolation):
            hom.execute(command)
    (writer.snapshot if state_first else writer.snapshot_latest_effective_date)()
    retract_some(hom, data)
    reader = EventLog(log.store, log.codec, read_only=True)
    runner = Runner(reader, hom.stream_id, PARTNERSHIP)
    for day in days_to_ask(hom, data):
        assert runner.as_of(day) == replayed(hom, day)[0]


def test_the_current_state_of_a_new_reader_reads_the_stream_once() -> None:
    _log, hom = executed([])
    latest = hom.runner.latest_effective_date()
    expected = replayed(hom, latest)[0]
    store = hom.log.store
    reads: list[tuple[object, ...]] = []
    read_stream = store.read_stream

    def counted(*arguments: Any) -> Any:
        reads.append(arguments)
        return read_stream(*arguments)

    store.read_stream = counted  # type: ignore[method-assign]
    reader = Runner(EventLog(store, hom.log.codec, read_only=True), hom.stream_id, PARTNERSHIP)
    assert reader.current_on(latest) == expected
    assert reads == [(hom.stream_id, 0, None)]
