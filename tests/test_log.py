"""The event log (hom_core.log): appending, the envelope, reading, handle(), and properties of
replay and of failed batches."""

from __future__ import annotations

import re
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from hom_core import (
    AppendResult,
    Codec,
    CodecError,
    ConcurrencyError,
    EventLog,
    EventTypeError,
    EventTypes,
    IdempotencyConflictError,
    MemoryStore,
    Pending,
    RecordedEvent,
    RuleViolation,
    StoreError,
    UsageError,
    utc_now,
)
from properties import examples
from samples import (
    START,
    CensusSubmitted,
    FixedClock,
    NeverRegistered,
    NoticeGiven,
    Roll,
    census,
    events,
    joined,
    log_url,
    open_sample_log,
    roll_projection,
    simple_events,
)

UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def trace(log: EventLog) -> tuple[list[RecordedEvent[Any]], tuple[int, str]]:
    """What a failed append must leave untouched."""
    return list(log.read_all()), log.head()


# -- appending and the envelope --------------------------------------------------------------


def test_append_records_events_with_their_envelope(log: EventLog, clock: FixedClock) -> None:
    result = log.append("school-1", [joined("Webster"), census("Webster")], expected_version=0)
    assert result == AppendResult("school-1", 2, 1, 2)
    first, second = log.read_stream("school-1")
    assert first.event == joined("Webster")
    assert second.event == census("Webster")
    assert (first.position, first.stream_id, first.stream_version) == (1, "school-1", 1)
    assert (second.position, second.stream_version) == (2, 2)
    assert first.recorded_at == second.recorded_at == clock.now
    assert first.effective_date == second.effective_date == clock.now.date()  # default: today
    assert first.actor == "system"
    assert first.correlation_id == second.correlation_id  # one per batch
    assert UUID_TEXT.match(first.correlation_id)
    assert first.causation_id is None
    assert (first.event_type, first.schema_version) == ("test.school_joined", 1)
    assert log.stream_version("school-1") == 2
    assert log.head() == (2, second.hash)


def test_each_batch_gets_its_own_correlation_id(log: EventLog) -> None:
    log.append("s", [joined("A")], 0)
    log.append("s", [joined("B")], 1)
    first, second = log.read_stream("s")
    assert first.correlation_id != second.correlation_id


def test_a_correlation_id_is_a_random_version_4_uuid_in_its_usual_text() -> None:
    with open_sample_log("memory://") as log:
        for version in range(300):
            log.append("s", [joined(str(version))], version)
        ids = [recorded.correlation_id for recorded in log.read_stream("s")]
    parsed = [uuid.UUID(text) for text in ids]
    assert [str(value) for value in parsed] == ids
    assert {(value.version, value.variant) for value in parsed} == {(4, uuid.RFC_4122)}
    assert len(set(ids)) == len(ids)


def test_batch_envelope_options(log: EventLog) -> None:
    log.append(
        "s",
        [joined("A"), census("A")],
        0,
        actor="clerk@webster",
        effective_date=date(2024, 1, 18),
        correlation_id="import-2024",
        causation_id="email-7",
    )
    for recorded in log.read_stream("s"):
        assert recorded.actor == "clerk@webster"
        assert recorded.effective_date == date(2024, 1, 18)
        assert recorded.correlation_id == "import-2024"
        assert recorded.causation_id == "email-7"


def test_pending_gives_one_event_its_own_effective_date_and_causation(
    log: EventLog, clock: FixedClock
) -> None:
    log.append(
        "s",
        [
            Pending(NoticeGiven("A", date(2024, 12, 1)), effective_date=date(2024, 12, 1)),
            Pending(census("A"), causation_id="census-email"),
            joined("B"),
            Pending(joined("C")),  # nothing of its own: takes the batch's
        ],
        0,
        effective_date=date(2024, 9, 1),
        causation_id="minutes-3",
    )
    recorded = list(log.read_stream("s"))
    assert [r.effective_date for r in recorded] == [
        date(2024, 12, 1),
        date(2024, 9, 1),
        date(2024, 9, 1),
        date(2024, 9, 1),
    ]
    assert [r.causation_id for r in recorded] == [
        "minutes-3",
        "census-email",
        "minutes-3",
        "minutes-3",
    ]
    assert [r.event for r in recorded][1:] == [census("A"), joined("B"), joined("C")]


def test_pending_without_a_batch_date_defaults_to_the_clock(
    log: EventLog, clock: FixedClock
) -> None:
    log.append("s", [Pending(joined("A"), causation_id="c")], 0)
    assert next(log.read_stream("s")).effective_date == clock.now.date()


def test_the_clock_stamps_recorded_at(log: EventLog, clock: FixedClock) -> None:
    log.append("s", [joined("A")], 0)
    clock.advance(days=3, microseconds=17)
    log.append("s", [joined("B")], 1)
    first, second = log.read_stream("s")
    assert first.recorded_at == START
    assert second.recorded_at == START + timedelta(days=3, microseconds=17)
    assert second.effective_date == date(2024, 9, 5)


@pytest.mark.parametrize(
    "now",
    [
        datetime(2024, 9, 2, 8, 30),  # naive
        datetime(2024, 9, 2, 8, 30, tzinfo=timezone(timedelta(hours=1))),
        datetime(2024, 7, 2, 8, 30, tzinfo=ZoneInfo("Europe/London")),  # BST, +01:00
    ],
    ids=["naive", "plus-one", "london-summer"],
)
def test_a_clock_that_is_not_utc_is_a_usage_error(
    log: EventLog, clock: FixedClock, now: datetime
) -> None:
    clock.now = now
    with pytest.raises(UsageError, match="clock"):
        log.append("s", [joined("A")], 0)
    assert list(log.read_all()) == []
    assert log.head()[0] == 0


def test_a_clock_in_an_other_zone_object_at_offset_zero_is_accepted(
    log: EventLog, clock: FixedClock
) -> None:
    clock.now = datetime(2024, 9, 2, 8, 30, tzinfo=timezone(timedelta(0), "GMT"))
    log.append("s", [joined("A")], 0)
    assert next(log.read_all()).recorded_at == datetime(2024, 9, 2, 8, 30, tzinfo=UTC)


def test_the_default_clock_is_utc_now() -> None:
    assert EventLog(MemoryStore(), Codec(EventTypes())).clock is utc_now
    now = utc_now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


# -- what an append refuses, leaving no trace ------------------------------------------------


@pytest.mark.parametrize("batch", [[], (), iter([])], ids=["list", "tuple", "iterator"])
def test_an_empty_batch_is_a_usage_error(log: EventLog, batch: Any) -> None:
    log.append("s", [joined("A")], 0)
    before = trace(log)
    with pytest.raises(UsageError, match="nothing to append"):
        log.append("s", batch, 1)
    assert trace(log) == before


def test_an_empty_stream_id_is_a_usage_error(log: EventLog) -> None:
    with pytest.raises(UsageError, match="stream_id"):
        log.append("", [joined("A")], 0)
    assert log.head()[0] == 0


def test_an_unregistered_third_event_appends_nothing(log: EventLog) -> None:
    log.append("s", [joined("A")], 0)
    before = trace(log)
    with pytest.raises(EventTypeError, match="NeverRegistered"):
        log.append("s", [joined("B"), census("B"), NeverRegistered("x"), joined("C")], 1)
    assert trace(log) == before
    assert log.stream_version("s") == 1


def test_an_unencodable_event_appends_nothing(log: EventLog) -> None:
    naive = CensusSubmitted("A", date(2024, 1, 1), census("A").fte, datetime(2024, 1, 1))
    with pytest.raises(CodecError):
        log.append("s", [joined("A"), naive], 0)
    assert trace(log) == ([], log.head())
    assert log.head()[0] == 0


def test_a_stale_expected_version_appends_nothing(log: EventLog) -> None:
    log.append("s", [joined("A"), joined("B")], 0)
    before = trace(log)
    with pytest.raises(ConcurrencyError) as raised:
        log.append("s", [joined("C")], 1)
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert trace(log) == before


def test_an_idempotent_retry_returns_the_original_and_appends_nothing(log: EventLog) -> None:
    first = log.append("s", [joined("A"), joined("B")], 0, idempotency_key="import-1")
    before = trace(log)
    assert log.append("s", [joined("A"), joined("B")], 0, idempotency_key="import-1") == first
    assert trace(log) == before
    with pytest.raises(IdempotencyConflictError):
        log.append("t", [joined("A")], 0, idempotency_key="import-1")
    assert trace(log) == before


# -- reading ---------------------------------------------------------------------------------


def test_reads_are_lazy_and_decode_in_order(log: EventLog) -> None:
    log.append("a", [joined("A1"), joined("A2")], 0)
    log.append("b", [joined("B1")], 0)
    log.append("a", [joined("A3")], 2)
    everything = log.read_all()
    assert not isinstance(everything, Sequence)
    assert next(everything).event == joined("A1")
    assert [r.event.school for r in everything] == ["A2", "B1", "A3"]
    assert [r.event.school for r in log.read_stream("a", 1)] == ["A2", "A3"]
    assert [r.event.school for r in log.read_stream("a", 0, 2)] == ["A1", "A2"]
    assert [r.position for r in log.read_all(1, 3)] == [2, 3]
    assert list(log.read_stream("nobody")) == []
    assert log.stream_version("nobody") == 0


def test_verify_walks_the_whole_log(log: EventLog) -> None:
    for n in range(5):
        log.append(f"s{n % 2}", [joined(str(n))], None)
    report = log.verify()
    assert report.ok
    assert (report.checked, report.head_position, report.head_hash) == (5, *log.head())


def test_a_closed_log_refuses_to_work(log: EventLog) -> None:
    log.append("s", [joined("A")], 0)
    log.close()
    with pytest.raises(StoreError):
        log.append("s", [joined("B")], 1)
    with pytest.raises(StoreError):
        list(log.read_all())


def test_the_log_is_a_context_manager_that_closes(backend: str, tmp_path: Path) -> None:
    with open_sample_log(log_url(backend, tmp_path)) as log:
        log.append("s", [joined("A")], 0)
    with pytest.raises(StoreError):
        log.head()


def test_wait_for_append_is_woken_by_an_append(log: EventLog) -> None:
    woke = threading.Event()

    def waiter() -> None:
        log.wait_for_append(30)
        woke.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.05)
    started = time.monotonic()
    while not woke.is_set() and time.monotonic() - started < 10:
        log.append("s", [joined("A")], None)  # again, in case the waiter was not waiting yet
        woke.wait(0.1)
    thread.join(5)
    assert woke.is_set()
    assert time.monotonic() - started < 10


# -- handle(): load, decide, append ----------------------------------------------------------

ROLL = roll_projection()


def admit(school: str) -> Any:
    """A command: admit ``school`` unless it is already a member (rule 'M1')."""

    def decide(state: Roll) -> list[object]:
        if school in state.members:
            raise RuleViolation("M1", f"{school} is already a member")
        return [joined(school)]

    return decide


def test_handle_loads_decides_and_appends_at_the_loaded_version(log: EventLog) -> None:
    assert log.handle("p", ROLL, admit("A")) == AppendResult("p", 1, 1, 1)
    assert log.handle("p", ROLL, admit("B"), actor="chair") == AppendResult("p", 2, 2, 2)
    assert [r.event.school for r in log.read_stream("p")] == ["A", "B"]
    assert [r.actor for r in log.read_stream("p")] == ["system", "chair"]


def test_a_rule_violation_appends_nothing(log: EventLog) -> None:
    log.handle("p", ROLL, admit("A"))
    before = trace(log)
    with pytest.raises(RuleViolation) as raised:
        log.handle("p", ROLL, admit("A"))
    assert raised.value.rule == "M1"
    assert trace(log) == before


def test_a_decision_without_events_appends_nothing(log: EventLog) -> None:
    assert log.handle("p", ROLL, lambda state: []) is None
    assert log.head()[0] == 0


def _racing(log: EventLog, school: str, interruptions: int) -> tuple[Any, list[Roll]]:
    """A decide that, the first ``interruptions`` times, lets another writer append first."""
    seen: list[Roll] = []

    def decide(state: Roll) -> list[object]:
        seen.append(state)
        if len(seen) <= interruptions:
            log.append("p", [joined(f"rival {len(seen)}")], None)
        return [joined(school)]

    return decide, seen


def test_handle_retries_on_a_concurrency_error_against_fresh_state(log: EventLog) -> None:
    decide, seen = _racing(log, "A", interruptions=2)
    result = log.handle("p", ROLL, decide, retries=2)
    assert result == AppendResult("p", 3, 3, 3)
    assert [state.members for state in seen] == [(), ("rival 1",), ("rival 1", "rival 2")]
    assert [r.event.school for r in log.read_stream("p")] == ["rival 1", "rival 2", "A"]


def test_handle_gives_up_after_its_retries(log: EventLog) -> None:
    decide, seen = _racing(log, "A", interruptions=3)
    with pytest.raises(ConcurrencyError):
        log.handle("p", ROLL, decide, retries=2)
    assert len(seen) == 3
    assert [r.event.school for r in log.read_stream("p")] == ["rival 1", "rival 2", "rival 3"]


def test_handle_without_retries_raises_at_once(log: EventLog) -> None:
    decide, seen = _racing(log, "A", interruptions=1)
    with pytest.raises(ConcurrencyError):
        log.handle("p", ROLL, decide)
    assert len(seen) == 1
    assert log.stream_version("p") == 1


# -- properties ------------------------------------------------------------------------------

histories = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), simple_events), max_size=25)


@settings(max_examples=examples(40), deadline=None)
@given(history=histories, backend=st.sampled_from(["memory", "sqlite"]))
def test_replay_is_deterministic(history: list[tuple[str, object]], backend: str) -> None:
    """Property (issue): replaying the same log gives the same state, every time and through
    every handle on it; the events read back are the events appended."""
    with tempfile.TemporaryDirectory() as directory:
        url = log_url(backend, Path(directory))
        with open_sample_log(url) as log:
            for stream, event in history:
                log.append(stream, [event], None)
            projection = roll_projection()
            first = projection.fold(log.read_all())
            second = projection.fold(log.read_all())
            assert first == second
            assert [r.event for r in log.read_all()] == [event for _, event in history]
            for stream in "abc":
                expected = [event for s, event in history if s == stream]
                assert [r.event for r in log.read_stream(stream)] == expected
            if backend == "sqlite":
                with open_sample_log(url) as again:
                    assert projection.fold(again.read_all()) == first
                    assert list(again.read_all()) == list(log.read_all())
        assert first.folded == len(history)


@settings(max_examples=examples(40), deadline=None)
@given(
    before=st.lists(events, max_size=5),
    batch=st.lists(events, min_size=1, max_size=5),
    failure=st.sampled_from(["unregistered", "unencodable", "stale", "key-conflict"]),
    at=st.integers(0, 5),
    backend=st.sampled_from(["memory", "sqlite"]),
)
def test_a_batch_that_fails_leaves_no_trace(
    before: list[object], batch: list[object], failure: str, at: int, backend: str
) -> None:
    """Property (issue): whatever makes a batch fail, and wherever in it, the log is exactly
    as it was: no event, no position, no idempotency key."""
    with (
        tempfile.TemporaryDirectory() as directory,
        open_sample_log(log_url(backend, Path(directory))) as log,
    ):
        if before:
            log.append("s", before, 0)
        log.append("other", [joined("X")], 0, idempotency_key="taken")
        state = trace(log)
        expected = len(before)
        key = "fresh"
        bad = list(batch)
        if failure == "unregistered":
            bad.insert(min(at, len(bad)), NeverRegistered("x"))
        elif failure == "unencodable":
            naive = CensusSubmitted("A", date(2024, 1, 1), census("A").fte, datetime(2024, 1, 1))
            bad.insert(min(at, len(bad)), naive)
        elif failure == "stale":
            expected += 1 + at
        else:
            key = "taken"
        with pytest.raises(
            (EventTypeError, CodecError, ConcurrencyError, IdempotencyConflictError)
        ):
            log.append("s", bad, expected, idempotency_key=key)
        assert trace(log) == state
        # nothing was consumed: the good batch now lands right after the old head
        result = log.append("s", batch, len(before), idempotency_key="fresh")
        assert result.first_position == state[1][0] + 1
        assert result.stream_version == len(before) + len(batch)
        assert log.verify().ok


def test_handle_with_a_recorded_key_returns_the_first_result_without_deciding(
    log: EventLog,
) -> None:
    """A command retried after a timeout is not refused as a duplicate (its key was recorded)."""
    first = log.handle("p", ROLL, admit("A"), idempotency_key="admit-A")
    again = log.handle("p", ROLL, admit("A"), idempotency_key="admit-A")
    assert again == first
    assert again is not None
    assert again.retried
    assert log.stream_version("p") == 1
    with pytest.raises(IdempotencyConflictError):
        log.handle("q", ROLL, admit("A"), idempotency_key="admit-A")
