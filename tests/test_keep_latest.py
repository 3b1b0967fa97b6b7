"""Keeping the latest state in memory (``Projection.keep_latest``, hom_core.projections
``LatestStates``): a load resumes from the state loaded last, sees every other writer's events,
starts afresh when the stream no longer holds the kept record, and still snapshots."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from hom_core import ConcurrencyError, EventLog, Loaded
from hom_core.memory import MemoryStore
from hom_core.projections import Kept, LatestStates
from properties import examples
from samples import (
    CountingEvolve,
    Roll,
    joined,
    kept_projection,
    open_sample_log,
    other_writer,
    roll_projection,
)


def test_a_second_load_replays_only_the_new_events(log: EventLog) -> None:
    projection, counter = kept_projection()
    log.append("s", [joined("A"), joined("B")], 0)
    assert log.load("s", projection) == Loaded(Roll(("A", "B"), folded=2), 2)
    log.append("s", [joined("C")], 2)
    assert log.load("s", projection) == Loaded(Roll(("A", "B", "C"), folded=3), 3)
    assert counter.positions == [1, 2, 3]


def test_a_projection_that_does_not_keep_replays_everything(log: EventLog) -> None:
    counter = CountingEvolve(roll_projection().evolve)
    projection = attrs.evolve(roll_projection(), evolve=counter)
    log.append("s", [joined("A")], 0)
    log.load("s", projection)
    log.load("s", projection)
    assert counter.positions == [1, 1]


def test_another_writers_events_are_folded_in(log: EventLog) -> None:
    projection, _ = kept_projection()
    log.append("s", [joined("A")], 0)
    log.load("s", projection)
    other_writer(log).append("s", [joined("B")], 1)
    assert log.load("s", projection).state.members == ("A", "B")


def test_a_stale_kept_state_cannot_be_appended_from(log: EventLog) -> None:
    """The append's expected version is the kept state's: another writer in between is a
    ConcurrencyError, and handle's retry loads again, folding the other writer's event in."""
    projection, _ = kept_projection()
    log.append("s", [joined("A")], 0)
    decided: list[tuple[str, ...]] = []

    def admit(state: Roll) -> list[object]:
        decided.append(state.members)
        if len(decided) == 1:
            other_writer(log).append("s", [joined("B")], 2)
        return [joined("C")]

    stale = log.load("s", projection)
    other_writer(log).append("s", [joined("X")], stale.version)
    with pytest.raises(ConcurrencyError):
        log.append("s", [joined("C")], stale.version)
    log.handle("s", projection, admit, retries=1)
    assert decided == [("A", "X"), ("A", "X", "B")]
    assert log.load("s", projection).state.members == ("A", "X", "B", "C")


def test_a_truncated_or_restored_stream_is_loaded_afresh(log: EventLog) -> None:
    projection, _ = kept_projection()
    log.append("s", [joined("A"), joined("B")], 0)
    log.load("s", projection)
    with open_sample_log("memory://") as backup:  # other records at the same versions
        backup.append("s", [joined("Y"), joined("Z"), joined("W")], 0)
        log.store = backup.store
        assert log.load("s", projection).state.members == ("Y", "Z", "W")
    log.store = MemoryStore()  # fewer records than the kept version
    assert log.load("s", projection) == Loaded(Roll(), 0)


def test_snapshots_are_still_saved_every_n_events(log: EventLog) -> None:
    projection, _ = kept_projection(snapshot_every=3)
    for version, school in enumerate("ABCDEFG"):
        log.append("s", [joined(school)], version)
        log.load("s", projection)
    saved = log.store.load_snapshot("roll", "s")
    assert saved is not None
    assert saved.version == 6  # at 3, then at 6, though each load replayed one event


def test_latest_states_forget_the_pair_used_longest_ago() -> None:
    latest = LatestStates(size=2)
    projection = roll_projection()
    for stream in ("a", "b", "c"):
        latest.put(stream, projection, Kept(Loaded(Roll((stream,)), 1), "hash", 0))
        latest.get("a", projection)  # "a" is used again each time: "b" goes
    assert latest.get("b", projection) is None
    assert [latest.get(s, projection) is not None for s in ("a", "c")] == [True, True]
    assert latest.get("a", attrs.evolve(projection, version=2)) is None


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(st.sampled_from(["mine", "theirs", "load"]), max_size=25))
def test_every_load_equals_a_full_replay(steps: list[str]) -> None:
    """Property: whatever the order of this log's loads and another writer's appends, a load
    with a kept state gives what a full replay of the stream gives."""
    projection, _ = kept_projection(snapshot_every=4)
    with open_sample_log("memory://") as log:
        theirs = other_writer(log)
        for number, step in enumerate(steps):
            if step == "load":
                full = roll_projection().fold(log.read_stream("s"))
                assert log.load("s", projection) == Loaded(full, log.stream_version("s"))
            else:
                (log if step == "mine" else theirs).append("s", [joined(str(number))], None)
