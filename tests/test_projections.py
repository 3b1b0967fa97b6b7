"""Projections (hom_core.projections): folds, snapshots keyed by version and code version, and
the runner that resumes a projection of the whole log."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from hom_core import WHOLE_LOG, EventLog, Loaded, Projection, ProjectionRunner, UsageError
from hom_core.projections import dump_state
from hom_core.store import Snapshot
from properties import examples
from samples import (
    CountingEvolve,
    Roll,
    census,
    evolve_roll,
    joined,
    log_url,
    open_sample_log,
    roll_projection,
    simple_events,
)


def counted(projection: Projection[Roll]) -> tuple[Projection[Roll], CountingEvolve]:
    counter = CountingEvolve(projection.evolve)
    return attrs.evolve(projection, evolve=counter), counter


def fill(log: EventLog, stream: str, schools: list[str]) -> None:
    log.append(stream, [joined(school) for school in schools], None)


def sentinel(log: EventLog, projection: Projection[Roll], key: str, version: int) -> None:
    """Save by hand a snapshot whose state no replay could produce."""
    state = Roll(members=("SENTINEL",), fte=Decimal("0.5"), folded=1000)
    log.store.save_snapshot(dump_state(log, projection, key, Loaded(state, version)))


# -- folds -----------------------------------------------------------------------------------


def test_fold_applies_evolve_in_order(log: EventLog) -> None:
    log.append("s", [joined("A"), census("A", "10.5"), joined("B")], 0)
    state = roll_projection().fold(log.read_all())
    assert state == Roll(("A", "B"), Decimal("10.5"), 3)
    assert roll_projection().fold([], Roll(("Z",))) == Roll(("Z",))


def test_load_of_an_empty_stream_is_the_initial_state(log: EventLog) -> None:
    assert log.load("nobody", roll_projection()) == Loaded(Roll(), 0)


def test_load_folds_one_stream_only(log: EventLog) -> None:
    fill(log, "a", ["A1", "A2"])
    fill(log, "b", ["B1"])
    fill(log, "a", ["A3"])
    loaded = log.load("a", roll_projection())
    assert loaded == Loaded(Roll(("A1", "A2", "A3"), folded=3), 3)


# -- snapshots -------------------------------------------------------------------------------


def test_load_starts_from_a_usable_snapshot(log: EventLog) -> None:
    """Proof the snapshot is used: its sentinel state is in the result, and only the events
    after it are replayed."""
    fill(log, "s", ["A", "B", "C", "D", "E"])
    projection, counter = counted(roll_projection())
    sentinel(log, projection, "s", 3)
    loaded = log.load("s", projection)
    assert loaded == Loaded(Roll(("SENTINEL", "D", "E"), Decimal("0.5"), 1002), 5)
    assert counter.positions == [4, 5]


def test_a_snapshot_of_another_code_version_is_ignored(log: EventLog) -> None:
    fill(log, "s", ["A", "B", "C", "D", "E"])
    sentinel(log, roll_projection(version=1), "s", 3)
    projection, counter = counted(roll_projection(version=2))
    assert log.load("s", projection) == Loaded(Roll(("A", "B", "C", "D", "E"), folded=5), 5)
    assert counter.calls == 5


def test_a_snapshot_that_no_longer_fits_the_state_is_ignored_and_logged(
    log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    fill(log, "s", ["A", "B"])
    projection = roll_projection()
    log.store.save_snapshot(Snapshot(projection.name, "s", 1, projection.version, '{"old":1}'))
    with caplog.at_level("WARNING", logger="hom.projections"):
        assert log.load("s", projection) == Loaded(Roll(("A", "B"), Decimal(0), 2), 2)
    assert "no longer fits" in caplog.text


def test_a_snapshot_newer_than_its_stream_is_ignored(
    log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    fill(log, "s", ["A"])
    projection = roll_projection()
    sentinel(log, projection, "s", 5)  # e.g. the log was restored from an older backup
    with caplog.at_level("WARNING", logger="hom.projections"):
        assert log.load("s", projection).state.members == ("A",)
    assert "holds only 1" in caplog.text


def test_a_snapshot_of_another_stream_or_projection_is_not_used(log: EventLog) -> None:
    fill(log, "s", ["A", "B"])
    fill(log, "t", ["C"])
    sentinel(log, roll_projection(), "t", 1)
    sentinel(log, roll_projection(name="other"), "s", 1)
    assert log.load("s", roll_projection()).state.members == ("A", "B")


def test_a_snapshot_at_the_head_replays_nothing(log: EventLog) -> None:
    fill(log, "s", ["A", "B"])
    log.snapshot("s", roll_projection())
    projection, counter = counted(roll_projection())
    assert log.load("s", projection) == Loaded(Roll(("A", "B"), folded=2), 2)
    assert counter.calls == 0


def test_snapshot_saves_the_loaded_state(log: EventLog) -> None:
    fill(log, "s", ["A", "B"])
    log.append("s", [census("A", "412.50")], None)
    loaded = log.snapshot("s", roll_projection())
    saved = log.store.load_snapshot("roll", "s")
    assert saved is not None
    assert (saved.key, saved.version, saved.code_version) == ("s", 3, 1)
    assert loaded == Loaded(Roll(("A", "B"), Decimal("412.50"), 3), 3)
    assert '"412.50"' in saved.state  # Decimal stays exact in the snapshot


def test_snapshot_every_saves_when_enough_events_were_replayed(log: EventLog) -> None:
    projection = roll_projection(snapshot_every=3)
    fill(log, "s", ["A", "B"])
    log.load("s", projection)
    assert log.store.load_snapshot("roll", "s") is None  # only 2 replayed
    fill(log, "s", ["C"])
    log.load("s", projection)
    saved = log.store.load_snapshot("roll", "s")
    assert saved is not None
    assert saved.version == 3
    fill(log, "s", ["D", "E"])
    counting, counter = counted(projection)
    assert log.load("s", counting).state.members == ("A", "B", "C", "D", "E")
    assert counter.positions == [4, 5]  # from the automatic snapshot
    assert log.store.load_snapshot("roll", "s") == saved  # 2 < 3: not saved again


def test_a_projection_without_state_type_cannot_snapshot(log: EventLog) -> None:
    plain = Projection("plain", Roll, evolve_roll)
    fill(log, "s", ["A", "B"])
    with pytest.raises(UsageError, match="state_type"):
        log.snapshot("s", plain)
    assert log.store.load_snapshot("plain", "s") is None
    with pytest.raises(UsageError, match="state_type"):
        log.load("s", attrs.evolve(plain, snapshot_every=1))
    with pytest.raises(UsageError, match="state_type"):
        ProjectionRunner(log, plain).save()


def test_a_projection_without_state_type_ignores_stored_snapshots(log: EventLog) -> None:
    fill(log, "s", ["A"])
    log.store.save_snapshot(Snapshot("plain", "s", 1, 1, '{"members":["SENTINEL"]}'))
    assert log.load("s", Projection("plain", Roll, evolve_roll)).state.members == ("A",)


@settings(max_examples=examples(40), deadline=None)
@given(
    history=st.lists(simple_events, max_size=20),
    split=st.integers(0, 20),
    backend=st.sampled_from(["memory", "sqlite"]),
)
def test_snapshot_plus_tail_equals_full_replay(
    history: list[object], split: int, backend: str
) -> None:
    """Property (issue): loading from a snapshot then the events after it gives the state a
    full replay gives."""
    split = min(split, len(history))
    with (
        tempfile.TemporaryDirectory() as directory,
        open_sample_log(log_url(backend, Path(directory))) as log,
    ):
        for event in history[:split]:
            log.append("s", [event], None)
        log.snapshot("s", roll_projection())
        for event in history[split:]:
            log.append("s", [event], None)
        projection, counter = counted(roll_projection())
        from_snapshot = log.load("s", projection)
        full = roll_projection().fold(log.read_stream("s"))
        assert from_snapshot == Loaded(full, len(history))
        assert counter.calls == len(history) - split


# -- the runner ------------------------------------------------------------------------------


def test_runner_folds_the_whole_log(log: EventLog) -> None:
    fill(log, "a", ["A1", "A2"])
    fill(log, "b", ["B1"])
    runner = ProjectionRunner(log, roll_projection())
    assert runner.catch_up() == Roll(("A1", "A2", "B1"), folded=3)
    assert runner.position == 3
    fill(log, "a", ["A3"])
    assert runner.catch_up().members == ("A1", "A2", "B1", "A3")
    assert runner.position == 4


def test_runner_catches_up_to_a_position(log: EventLog) -> None:
    fill(log, "a", ["A1", "A2", "A3", "A4"])
    runner = ProjectionRunner(log, roll_projection())
    assert runner.catch_up(until_position=2).members == ("A1", "A2")
    assert runner.position == 2
    assert runner.catch_up().members == ("A1", "A2", "A3", "A4")


def test_a_new_runner_resumes_from_the_saved_position(log: EventLog) -> None:
    """Proof it does not re-read earlier events: the new runner's evolve sees only the tail."""
    fill(log, "a", ["A1", "A2"])
    fill(log, "b", ["B1"])
    first = ProjectionRunner(log, roll_projection())
    first.catch_up()
    first.save()
    saved = log.store.load_snapshot("roll", WHOLE_LOG)
    assert saved is not None
    assert saved.version == 3
    fill(log, "b", ["B2", "B3"])

    projection, counter = counted(roll_projection())
    second = ProjectionRunner(log, projection)
    assert (second.position, second.state) == (3, first.state)
    assert second.catch_up() == Roll(("A1", "A2", "B1", "B2", "B3"), folded=5)
    assert counter.positions == [4, 5]


def test_a_runner_of_a_new_code_version_starts_over(log: EventLog) -> None:
    fill(log, "a", ["A1", "A2"])
    first = ProjectionRunner(log, roll_projection())
    first.catch_up()
    first.save()
    projection, counter = counted(roll_projection(version=2))
    second = ProjectionRunner(log, projection)
    assert second.position == 0
    second.catch_up()
    assert counter.positions == [1, 2]


def test_runner_checkpoint_every_saves_while_catching_up(log: EventLog) -> None:
    fill(log, "a", [f"S{n}" for n in range(7)])
    runner = ProjectionRunner(log, roll_projection(), checkpoint_every=3)
    runner.catch_up()
    saved = log.store.load_snapshot("roll", WHOLE_LOG)
    assert saved is not None
    assert saved.version == 6  # the last multiple of 3 reached; 7 is not saved until save()
    resumed = ProjectionRunner(log, roll_projection())
    assert resumed.position == 6
    assert resumed.state == roll_projection().fold(log.read_all(0, 6))


def test_runner_state_is_independent_of_stream_snapshots(log: EventLog) -> None:
    fill(log, "a", ["A1"])
    log.snapshot("a", roll_projection())
    runner = ProjectionRunner(log, roll_projection())
    assert runner.position == 0  # the stream's snapshot is not the whole log's
