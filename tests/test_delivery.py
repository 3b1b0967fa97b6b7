"""At-least-once delivery to notifiers (hom_core.delivery): checkpoints, idempotency keys,
backoff, stuck messages kept and reported, background workers that never hold up an append."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from hom_core import (
    Backoff,
    Deliveries,
    DeliveryStatus,
    EventLog,
    Notification,
    Notifier,
    StoreError,
    UsageError,
)
from hom_core.delivery import (
    CHECKPOINT_PREFIX,
    EVENTS_BETWEEN_SAVES,
    STUCK_SNAPSHOT,
    idempotency_key,
)
from hom_core.domain import MemoryPeople
from hom_core.store import Snapshot
from notify_support import WAIT, FakeTime
from samples import census, joined, log_url, open_sample_log

LOGGER = "hom.notify"


class Inbox:
    """A notifier's ``deliver``: keeps what it accepted; raises for the next ``failures`` calls
    (all of them when ``failures`` is None)."""

    def __init__(self, failures: int | None = 0) -> None:
        self.failures = failures
        self.calls: list[Notification] = []
        self.accepted: list[Notification] = []
        self.arrived = threading.Condition()

    def __call__(self, notification: Notification) -> None:
        self.calls.append(notification)
        if self.failures is None or self.failures > 0:
            if self.failures is not None:
                self.failures -= 1
            raise ConnectionError("the server is down")
        with self.arrived:
            self.accepted.append(notification)
            self.arrived.notify_all()

    def positions(self) -> list[int]:
        return [n.recorded.position for n in self.accepted]

    def wait_for(self, count: int) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.accepted) >= count, WAIT)


def fill(log: EventLog, *schools: str) -> None:
    for school in schools:
        log.append(f"school/{school}", [joined(school)], expected_version=None)


def deliveries(log: EventLog, time: FakeTime, **inboxes: Inbox) -> Deliveries:
    """Deliveries to one notifier per inbox, backing off 1, 2, 4... (x 0.75) seconds."""
    return Deliveries(
        log,
        [Notifier(name, deliver=inbox) for name, inbox in inboxes.items()],
        backoff=Backoff(base=1.0, factor=2.0, maximum=8.0, jitter=0.5),
        timer=time.timer,
        sleep=time.sleep,
        random=lambda: 0.5,
    )


# -- run_once ----------------------------------------------------------------------------------


def test_every_event_reaches_every_notifier_in_order_with_its_key(log: EventLog) -> None:
    fill(log, "A", "B")
    log.append("school/C", [joined("C"), census("C")], expected_version=0)
    people = MemoryPeople()
    first, second = Inbox(), Inbox()
    delivery = Deliveries(
        log, [Notifier("first", first), Notifier("second", second)], people=people
    )

    status = delivery.run_once()

    recorded = list(log.read_all())
    for name, inbox in (("first", first), ("second", second)):
        assert inbox.positions() == [1, 2, 3, 4]
        assert [n.recorded for n in inbox.accepted] == recorded
        assert [n.key for n in inbox.accepted] == [idempotency_key(name, r) for r in recorded]
        assert all(n.log is log and n.people is people and n.attempt == 1 for n in inbox.accepted)
        assert log.store.load_checkpoint(CHECKPOINT_PREFIX + name) == 4
    assert status == [DeliveryStatus("first", 4), DeliveryStatus("second", 4)]
    assert delivery.run_once() == status
    assert len(first.calls) == len(second.calls) == 4  # nothing delivered twice


def test_keys_are_the_same_on_every_attempt_and_differ_between_notifiers_and_events(
    log: EventLog,
) -> None:
    fill(log, "A", "B")
    time = FakeTime()
    flaky, steady = Inbox(failures=2), Inbox()
    delivery = deliveries(log, time, flaky=flaky, steady=steady)
    for _ in range(3):
        delivery.run_once()
        time.advance(10)

    assert [n.key for n in flaky.calls[:3]] == [flaky.accepted[0].key] * 3
    keys = {n.key for n in flaky.accepted} | {n.key for n in steady.accepted}
    assert len(keys) == 4
    assert flaky.accepted[0].key.startswith("hom.flaky.1.")


def test_keys_differ_between_logs_at_the_same_position(tmp_path: Path) -> None:
    keys = set()
    for _ in range(2):  # the same event in two logs: their chained hashes differ
        with open_sample_log(log_url("memory", tmp_path)) as log:
            fill(log, "A")
            keys.add(idempotency_key("mail", next(log.read_all())))
    assert len(keys) == 2


def test_a_failing_notifier_is_retried_after_its_backoff_while_the_others_go_on(
    log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    fill(log, "A", "B", "C")
    time = FakeTime()
    flaky, steady = Inbox(failures=2), Inbox()
    delivery = deliveries(log, time, flaky=flaky, steady=steady)

    with caplog.at_level(logging.WARNING, LOGGER):
        status = delivery.run_once()
    assert steady.positions() == [1, 2, 3]
    assert flaky.positions() == []
    assert status[0] == DeliveryStatus("flaky", 0, 1, 1, "ConnectionError: the server is down")
    assert "'flaky' could not deliver position 1" in caplog.text

    time.advance(0.74)  # the first backoff is 1 s less a quarter of it (jitter 0.5, draw 0.5)
    delivery.run_once()
    assert len(flaky.calls) == 1
    time.advance(0.01)
    delivery.run_once()  # the second attempt fails too: the next backoff is 1.5 s
    assert len(flaky.calls) == 2
    time.advance(1.5)
    assert delivery.run_once()[0] == DeliveryStatus("flaky", 3)

    assert flaky.positions() == [1, 2, 3]
    assert [(n.recorded.position, n.attempt) for n in flaky.calls] == [
        (1, 1),
        (1, 2),
        (1, 3),
        (2, 1),
        (3, 1),
    ]
    assert len(steady.calls) == 3


def test_a_message_that_keeps_failing_is_reported_once_and_kept_never_dropped(
    log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    fill(log, "A", "B")
    time = FakeTime()
    stuck = Inbox(failures=None)
    delivery = deliveries(log, time, stuck=stuck)
    delivery.report_after = 3

    with caplog.at_level(logging.WARNING, LOGGER):
        for _ in range(6):
            delivery.run_once()
            time.advance(60)

    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "'stuck' has failed 3 times on position 1" in errors[0].getMessage()
    assert "kept and retried" in errors[0].getMessage()
    assert [n.recorded.position for n in stuck.calls] == [1] * 6  # later events wait behind it
    assert delivery.status() == [
        DeliveryStatus("stuck", 0, 1, 6, "ConnectionError: the server is down")
    ]
    assert log.store.load_checkpoint(CHECKPOINT_PREFIX + "stuck") == 0

    stuck.failures = 0  # the server is fixed
    delivery.run_once()
    assert stuck.positions() == [1, 2]
    assert stuck.accepted[0].attempt == 7


def test_a_notifier_is_given_only_the_event_types_it_asks_for(log: EventLog) -> None:
    fill(log, "A")
    log.append("school/A", [census("A")], expected_version=1)
    fill(log, "B")
    inbox = Inbox()
    notifier = Notifier("census", inbox, event_types={"test.census_submitted"})

    Deliveries(log, [notifier]).run_once()

    assert inbox.positions() == [2]
    assert log.store.load_checkpoint(CHECKPOINT_PREFIX + "census") == 3  # past what it skipped


def test_a_long_batch_saves_its_checkpoint_as_it_goes(log: EventLog) -> None:
    """One read of 1,500 events (a catch-up) saves the position every 1,000 events, so a crash
    in it sends at most that many again, and the rest at its end."""
    log.append("school/A", [joined(f"A{n}") for n in range(1500)], expected_version=0)
    saved: dict[int, int] = {}

    def deliver(notification: Notification) -> None:
        saved[notification.recorded.position] = log.store.load_checkpoint(
            CHECKPOINT_PREFIX + "mail"
        )

    Deliveries(log, [Notifier("mail", deliver)]).run_once()

    assert saved[EVENTS_BETWEEN_SAVES] == 0
    assert saved[EVENTS_BETWEEN_SAVES + 1] == saved[1500] == EVENTS_BETWEEN_SAVES
    assert log.store.load_checkpoint(CHECKPOINT_PREFIX + "mail") == 1500


def test_a_worker_saves_its_checkpoint_once_per_batch(
    log: EventLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events appended while the worker delivers are read together afterwards and saved once,
    after the last of them: a tight loop of appends is not a checkpoint write per event."""
    saves: list[int] = []
    save_checkpoint = log.store.save_checkpoint

    def counted(name: str, position: int) -> None:
        saves.append(position)
        save_checkpoint(name, position)

    monkeypatch.setattr(log.store, "save_checkpoint", counted)
    entered, release = threading.Event(), threading.Event()
    inbox = Inbox()

    def first_waits(notification: Notification) -> None:
        if notification.recorded.position == 1:
            entered.set()
            assert release.wait(WAIT), "the test never released the first delivery"
        inbox(notification)

    with Deliveries(log, [Notifier("mail", first_waits)]):
        fill(log, "A")
        assert entered.wait(WAIT)
        fill(log, "B", "C", "D")
        release.set()
        assert inbox.wait_for(4)
        assert _eventually(lambda: saves[-1:] == [4])
    assert inbox.positions() == [1, 2, 3, 4]
    # SQLite's read of A ended before B came; memory's reads see appends made while they run
    assert saves in ([1, 4], [4])


def stuck_states(log: EventLog, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The stuck states the store is given from now on (JSON-decoded)."""
    written: list[Any] = []
    save_snapshot = log.store.save_snapshot

    def kept(snapshot: Snapshot) -> None:
        assert (snapshot.name, snapshot.key) == (STUCK_SNAPSHOT, "mail")
        written.append(json.loads(snapshot.state))
        save_snapshot(snapshot)

    monkeypatch.setattr(log.store, "save_snapshot", kept)
    return written


def test_the_stuck_state_is_saved_when_stuck_when_reported_and_when_delivered_not_per_retry(
    log: EventLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(log, "A", "B")
    written = stuck_states(log, monkeypatch)
    time = FakeTime()
    inbox = Inbox(failures=5)
    delivery = deliveries(log, time, mail=inbox)
    delivery.report_after = 3
    for _ in range(6):
        delivery.run_once()
        time.advance(60)

    error = "ConnectionError: the server is down"
    assert written == [
        {"position": 1, "attempts": 1, "error": error},
        {"position": 1, "attempts": 3, "error": error},
        None,
    ]
    assert inbox.positions() == [1, 2]


def test_a_new_process_reports_the_stuck_event_and_counts_its_attempts_on(
    tmp_path: Path,
) -> None:
    """``status()`` of a new log object on the same file, before it delivers anything, says
    what is stuck and why; its attempts go on from the saved count; once delivered, it is
    gone from the status of the next one."""
    url = log_url("sqlite", tmp_path)
    stuck = DeliveryStatus("mail", 0, 1, 1, "ConnectionError: the server is down")
    with open_sample_log(url) as log:
        fill(log, "A", "B")
        assert deliveries(log, FakeTime(), mail=Inbox(failures=None)).run_once() == [stuck]
    with open_sample_log(url) as log:
        delivery = Deliveries(log, [Notifier("mail", Inbox(failures=None))])
        assert delivery.status() == [stuck]
        delivery.run_once()
    with open_sample_log(url) as log:
        inbox = Inbox()
        delivery = Deliveries(log, [Notifier("mail", inbox)])
        assert delivery.status()[0].attempts == 2
        assert delivery.run_once() == [DeliveryStatus("mail", 2)]
    assert [n.attempt for n in inbox.accepted] == [3, 1]
    with open_sample_log(url) as log:
        assert Deliveries(log, [Notifier("mail", Inbox())]).status() == [DeliveryStatus("mail", 2)]


def test_a_saved_stuck_state_the_checkpoint_has_passed_is_ignored(log: EventLog) -> None:
    """A process that died between saving the checkpoint past the stuck event and clearing the
    stuck state leaves it behind: the next one sees that it is settled."""
    fill(log, "A", "B")
    time = FakeTime()
    delivery = deliveries(log, time, mail=Inbox(failures=1))
    delivery.run_once()
    left_behind = log.store.load_snapshot(STUCK_SNAPSHOT, "mail")
    time.advance(60)
    delivery.run_once()
    assert left_behind is not None
    log.store.save_snapshot(left_behind)

    assert Deliveries(log, [Notifier("mail", Inbox())]).status() == [DeliveryStatus("mail", 2)]


def test_after_a_restart_delivery_resumes_from_the_checkpoint(tmp_path: Path) -> None:
    """A new log object on the same SQLite file: what was acknowledged is not sent again, what
    was in flight is sent again with the same key."""
    url = log_url("sqlite", tmp_path)
    with open_sample_log(url) as log:
        fill(log, "A", "B", "C")
        before = Inbox(failures=0)
        delivery = Deliveries(log, [Notifier("mail", before)])
        delivery.run_once()
        fill(log, "D")
        before.failures = None  # the server goes down with D in flight
        delivery.run_once()
    assert before.positions() == [1, 2, 3]
    in_flight = before.calls[-1]

    with open_sample_log(url) as log:
        fill(log, "E")
        after = Inbox()
        Deliveries(log, [Notifier("mail", after)]).run_once()
    assert after.positions() == [4, 5]
    assert after.accepted[0].key == in_flight.key


def test_two_notifiers_with_one_name_are_refused(log: EventLog) -> None:
    with pytest.raises(UsageError, match="two notifiers are named 'mail'"):
        Deliveries(log, [Notifier("mail", Inbox()), Notifier("mail", Inbox())])


def test_failures_are_reported_from_the_first_at_the_earliest(log: EventLog) -> None:
    with pytest.raises(UsageError, match="report_after=0"):
        Deliveries(log, [Notifier("mail", Inbox())], report_after=0)


@pytest.mark.parametrize(
    "options",
    [{"base": 0}, {"factor": 0.5}, {"base": 10, "maximum": 5}, {"jitter": 1.0}, {"jitter": -0.1}],
)
def test_a_backoff_that_cannot_back_off_is_refused(options: dict[str, float]) -> None:
    with pytest.raises(UsageError, match="Backoff"):
        Backoff(**options)


@given(
    failures=st.integers(1, 10_000),
    draw=st.floats(0, 1, exclude_max=True),
    base=st.floats(0.01, 10),
    factor=st.floats(1, 10),
    jitter=st.floats(0, 0.99),
)
def test_backoff_grows_exponentially_up_to_its_maximum(
    failures: int, draw: float, base: float, factor: float, jitter: float
) -> None:
    backoff = Backoff(base=base, factor=factor, maximum=base * 100, jitter=jitter)
    delay = backoff.delay(failures, draw)
    full = min(backoff.maximum, base * factor ** min(failures - 1, 64))
    assert full * (1 - jitter) <= delay <= full <= backoff.maximum
    assert backoff.delay(failures + 1, draw) >= delay


@given(
    events=st.integers(1, 6),
    outcomes=st.lists(st.booleans(), max_size=30),
    steady_outcomes=st.lists(st.booleans(), max_size=30),
)
def test_every_event_is_delivered_at_least_once_in_order_whatever_fails(
    events: int, outcomes: list[bool], steady_outcomes: list[bool]
) -> None:
    """For any run of failures and successes of two notifiers, each gets every event, in log
    order, each acknowledged once; every attempt at an event carries that event's key."""
    with open_sample_log("memory://") as log:
        fill(log, *(f"S{n}" for n in range(events)))
        time = FakeTime()
        scripted = {"a": list(outcomes), "b": list(steady_outcomes)}
        calls: dict[str, list[Notification]] = {"a": [], "b": []}
        accepted: dict[str, list[int]] = {"a": [], "b": []}

        def notifier(name: str) -> Notifier:
            def deliver(notification: Notification) -> None:
                calls[name].append(notification)
                if scripted[name] and not scripted[name].pop(0):
                    raise OSError("refused")
                accepted[name].append(notification.recorded.position)

            return Notifier(name, deliver)

        delivery = Deliveries(
            log, [notifier("a"), notifier("b")], timer=time.timer, random=lambda: 0.0
        )
        while any(status.acknowledged < events for status in delivery.run_once()):
            time.advance(delivery.backoff.maximum)

        keys = {r.position: idempotency_key("a", r) for r in log.read_all()}
    for name in ("a", "b"):
        assert accepted[name] == list(range(1, events + 1))
        positions = [n.recorded.position for n in calls[name]]
        assert positions == sorted(positions)
    assert all(n.key == keys[n.recorded.position] for n in calls["a"])


# -- background workers ------------------------------------------------------------------------


def test_workers_deliver_in_the_background_and_an_append_never_waits_for_them(
    log: EventLog,
) -> None:
    entered, release = threading.Event(), threading.Event()
    slow_calls: list[int] = []

    def slow(notification: Notification) -> None:
        slow_calls.append(notification.recorded.position)
        entered.set()
        assert release.wait(WAIT), "the test never released the slow notifier"

    fast = Inbox()
    delivery = Deliveries(log, [Notifier("slow", slow), Notifier("fast", fast)])
    with delivery:
        fill(log, "A")
        assert entered.wait(WAIT), "the worker did not pick up the append"
        appender = threading.Thread(target=fill, args=(log, "B", "C"))
        appender.start()
        appender.join(WAIT)
        assert not appender.is_alive(), "an append waited for a notifier"
        assert fast.wait_for(3), "one slow notifier held up another"
        assert slow_calls == [1]  # still inside its first delivery
        release.set()
        assert _eventually(lambda: slow_calls == [1, 2, 3])
    assert delivery.status() == [DeliveryStatus("slow", 3), DeliveryStatus("fast", 3)]
    assert log.store.load_checkpoint(CHECKPOINT_PREFIX + "slow") == 3


def test_a_notifier_that_always_raises_blocks_neither_appends_nor_other_notifiers(
    log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    broken, fine = Inbox(failures=None), Inbox()
    # a long backoff: the broken worker waits on its stop signal, so stop() ends it at once
    delivery = Deliveries(
        log,
        [Notifier("broken", broken), Notifier("fine", fine)],
        backoff=Backoff(base=3600, maximum=3600),
    )
    with caplog.at_level(logging.WARNING, LOGGER), delivery:
        fill(log, "A", "B", "C")
        assert fine.wait_for(3)
        assert _eventually(lambda: len(broken.calls) == 1)
    assert [r.stream_id for r in log.read_all()] == ["school/A", "school/B", "school/C"]
    assert delivery.status()[0] == DeliveryStatus(
        "broken", 0, 1, 1, "ConnectionError: the server is down"
    )
    assert "'broken' could not deliver position 1" in caplog.text


def test_a_worker_retries_with_the_injected_sleep_and_never_waits_for_real(
    log: EventLog,
) -> None:
    time = FakeTime()
    flaky = Inbox(failures=3)
    with deliveries(log, time, flaky=flaky):
        fill(log, "A", "B")
        assert flaky.wait_for(2)
    assert time.slept == [0.75, 1.5, 3.0]
    assert flaky.positions() == [1, 2]


def test_a_worker_that_cannot_read_the_log_reports_it_and_follows_again(
    log: EventLog, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(log, "A")
    read_all = log.read_all
    failures = [StoreError("the connection was lost")]

    def flaky_read_all(*args: Any) -> Any:
        if failures:
            raise failures.pop()
        return read_all(*args)

    monkeypatch.setattr(log, "read_all", flaky_read_all)
    time = FakeTime()
    inbox = Inbox()
    with caplog.at_level(logging.ERROR, LOGGER), deliveries(log, time, inbox=inbox):
        assert inbox.wait_for(1)
    assert "'inbox' stopped following the log after position 0" in caplog.text
    assert time.slept == [0.75]


def test_stop_reports_a_notifier_that_does_not_return(
    log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    entered, release = threading.Event(), threading.Event()

    def hung(_: Notification) -> None:
        entered.set()
        release.wait(WAIT)

    delivery = Deliveries(log, [Notifier("hung", hung)])
    delivery.start()
    fill(log, "A")
    assert entered.wait(WAIT)
    with caplog.at_level(logging.WARNING, LOGGER):
        delivery.stop(timeout=0.01)
    release.set()
    assert "hom-notify-hung did not stop" in caplog.text


def test_run_once_and_start_refuse_to_run_beside_the_workers(log: EventLog) -> None:
    delivery = Deliveries(log, [Notifier("mail", Inbox())])
    with delivery:
        with pytest.raises(UsageError, match=r"stop\(\) before run_once"):
            delivery.run_once()
        with pytest.raises(UsageError, match="running already"):
            delivery.start()
    delivery.start()  # a stopped delivery can start again
    delivery.stop()


def _eventually(condition: Any) -> bool:
    """Whether ``condition()`` becomes true within :data:`WAIT` seconds (checked on a tick)."""
    tick = threading.Event()
    for _ in range(int(WAIT / 0.005)):
        if condition():
            return True
        tick.wait(0.005)
    return bool(condition())
