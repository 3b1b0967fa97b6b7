"""Commands on a kept state (hom_core.handling): after a command, the next one on the stream
decides on the state its append led to without reading the stream; the append's expected
version validates it, and anything else is decided again on the stream as read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from hom_core import ConcurrencyError, EventLog, Loaded, RuleViolation
from hom_core.envelope import AppendResult
from hom_core.store import NewRecord, StoredRecord
from properties import examples
from samples import Roll, joined, kept_projection, open_sample_log, other_writer, roll_projection


class CountingReads:
    """Wraps a log's store and counts the stream reads made through it."""

    def __init__(self, log: EventLog) -> None:
        self.reads = 0
        original = log.store.read_stream

        def read_stream(stream_id: str, *args: Any) -> Iterator[StoredRecord]:
            self.reads += 1
            return original(stream_id, *args)

        log.store.read_stream = read_stream  # type: ignore[method-assign]


def admit(school: str, seen: list[Roll] | None = None) -> Any:
    def decide(state: Roll) -> list[object]:
        if seen is not None:
            seen.append(state)
        return [joined(school)]

    return decide


def test_the_next_command_decides_on_the_kept_state_without_reading(log: EventLog) -> None:
    projection, counter = kept_projection()
    log.handle("s", projection, admit("A"))
    reads = CountingReads(log)
    seen: list[Roll] = []
    log.handle("s", projection, admit("B", seen))
    log.handle("s", projection, admit("C", seen))
    assert reads.reads == 0
    assert [state.members for state in seen] == [("A",), ("A", "B")]
    assert counter.positions == [1, 2, 3]  # each event folded once, as the log holds it
    full = roll_projection().fold(log.read_stream("s"))
    assert log.load("s", projection) == Loaded(full, 3) == Loaded(Roll(("A", "B", "C"), 0, 3), 3)


def test_the_kept_state_holds_the_records_as_the_log_holds_them(log: EventLog) -> None:
    folded: list[object] = []

    def evolve(state: Roll, recorded: Any) -> Roll:
        folded.append(recorded)
        return roll_projection().evolve(state, recorded)

    projection = attrs.evolve(roll_projection(), evolve=evolve, keep_latest=True)
    log.handle("s", projection, lambda _: [joined("A"), joined("B")], actor="clerk")
    assert folded == list(log.read_stream("s"))


def test_another_writer_in_between_is_decided_again_without_a_retry(log: EventLog) -> None:
    """Validated at append: the kept state's version is stale, the append is refused with
    nothing written, and the command is decided again on the stream as read (no retries)."""
    projection, _ = kept_projection()
    log.handle("s", projection, admit("A"))
    other_writer(log).append("s", [joined("X")], 1)
    seen: list[Roll] = []
    result = log.handle("s", projection, admit("B", seen), retries=0)
    assert result is not None
    assert result.stream_version == 3
    assert [state.members for state in seen] == [("A",), ("A", "X")]
    assert [r.event.school for r in log.read_stream("s")] == ["A", "X", "B"]


def test_a_refusal_on_the_kept_state_is_decided_again_on_the_stream(log: EventLog) -> None:
    projection, _ = kept_projection()
    log.handle("s", projection, admit("A"))
    other_writer(log).append("s", [joined("Chair")], 1)
    seen: list[tuple[str, ...]] = []

    def needs_a_chair(state: Roll) -> list[object]:
        seen.append(state.members)
        if "Chair" not in state.members:
            raise RuleViolation("G1", "a group needs its chair first")
        return [joined("B")]

    log.handle("s", projection, needs_a_chair)
    assert seen == [("A",), ("A", "Chair")]
    with pytest.raises(RuleViolation):  # refused on the stream as read too: it stands
        log.handle("t", projection, needs_a_chair)


def test_nothing_to_do_on_the_kept_state_is_decided_again_on_the_stream(log: EventLog) -> None:
    projection, _ = kept_projection()
    log.handle("s", projection, admit("A"))
    other_writer(log).append("s", [joined("B")], 1)
    seen: list[tuple[str, ...]] = []

    def admit_c_after_b(state: Roll) -> list[object]:
        seen.append(state.members)
        return [joined("C")] if "B" in state.members else []

    assert log.handle("s", projection, admit_c_after_b) is not None
    assert seen == [("A",), ("A", "B")]
    assert log.handle("t", projection, lambda _: []) is None


def test_a_real_conflict_still_counts_as_a_retry(log: EventLog) -> None:
    projection, _ = kept_projection()
    writes = iter(range(1, 10))

    def racing(state: Roll) -> list[object]:
        other_writer(log).append("s", [joined("X")], None)  # in between, every time
        return [joined(f"B{next(writes)}")]

    with pytest.raises(ConcurrencyError):
        log.handle("s", projection, racing, retries=2)
    assert [r.event.school for r in log.read_stream("s")] == ["X", "X", "X"]


def test_a_store_that_gives_no_hashes_keeps_reading(log: EventLog) -> None:
    """A store that seals where hom cannot see the hashes: the next command reads what came
    after."""
    append = log.store.append

    def without_hashes(
        stream_id: str, records: Sequence[NewRecord], *args: Any, **kwargs: Any
    ) -> AppendResult:
        return attrs.evolve(append(stream_id, records, *args, **kwargs), hashes=())

    log.store.append = without_hashes  # type: ignore[method-assign]
    projection, counter = kept_projection()
    log.handle("s", projection, admit("A"))
    reads = CountingReads(log)
    log.handle("s", projection, admit("B"))
    assert reads.reads == 1
    assert log.load("s", projection).state.members == ("A", "B")
    assert counter.positions == [1, 2]


def test_commands_alone_still_save_snapshots(log: EventLog) -> None:
    projection, _ = kept_projection(snapshot_every=3)
    for school in "ABCDEFG":
        log.handle("s", projection, admit(school))
    saved = log.store.load_snapshot("roll", "s")
    assert saved is not None
    assert saved.version == 6


def test_append_results_carry_the_hashes_written(log: EventLog) -> None:
    result = log.append("s", [joined("A"), joined("B")], 0)
    assert result.hashes == tuple(record.hash for record in log.read_stream("s"))
    retried = log.append("t", [joined("C")], 0, idempotency_key="k")
    assert log.append("t", [joined("C")], 0, idempotency_key="k").hashes == ()
    assert retried.hashes != ()


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(st.sampled_from(["mine", "theirs", "refuse", "load"]), max_size=25))
def test_every_command_is_decided_on_the_stream_it_appends_to(steps: list[str]) -> None:
    """Property: whatever the order of this log's commands and another writer's, each append
    of this log was decided on exactly the stream before it (a full replay), and every load
    gives what a full replay gives."""
    projection, _ = kept_projection(snapshot_every=4)
    with open_sample_log("memory://") as log:
        theirs = other_writer(log)
        for number, step in enumerate(steps):
            if step == "theirs":
                theirs.handle("s", projection, admit(f"t{number}"))
            elif step == "load":
                full = roll_projection().fold(log.read_stream("s"))
                assert log.load("s", projection) == Loaded(full, log.stream_version("s"))
            else:
                seen: list[Roll] = []
                decide = admit(f"m{number}", seen) if step == "mine" else (lambda _: [])
                result = log.handle("s", projection, decide)
                if result is not None:
                    before = log.read_stream("s", 0, result.stream_version - 1)
                    assert seen[-1] == roll_projection().fold(before)
