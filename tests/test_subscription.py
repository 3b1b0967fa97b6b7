"""Catch-up subscriptions (hom_core.subscription.Subscription): existing events, then live
ones, with checkpoints to resume from."""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from hom_core import EventLog, RecordedEvent, Subscription, UsageError
from samples import joined, log_url, open_sample_log

WAIT = 10.0  # seconds: the most any test waits for something that should happen at once


def fill(log: EventLog, *schools: str) -> None:
    for school in schools:
        log.append("s", [joined(school)], None)


def schools(recorded: list[RecordedEvent[Any]]) -> list[str]:
    return [r.event.school for r in recorded]


class Consumer:
    """Iterates a subscription in a thread, handing each event over through a queue."""

    def __init__(self, subscription: Subscription) -> None:
        self.subscription = subscription
        self.received: queue.Queue[RecordedEvent[Any]] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for recorded in self.subscription:
            self.received.put(recorded)

    def take(self, count: int) -> list[RecordedEvent[Any]]:
        return [self.received.get(timeout=WAIT) for _ in range(count)]

    def stop(self) -> None:
        self.subscription.stop()
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "stop() did not end the iteration"


def test_caught_up_yields_existing_events_then_stops(log: EventLog) -> None:
    fill(log, "A", "B", "C")
    subscription = log.subscribe()
    assert schools(list(subscription.caught_up())) == ["A", "B", "C"]
    assert subscription.position == 3
    assert list(subscription.caught_up()) == []
    fill(log, "D")
    assert schools(list(subscription.caught_up())) == ["D"]


def test_subscribe_after_a_position(log: EventLog) -> None:
    fill(log, "A", "B", "C", "D")
    assert [r.position for r in log.subscribe(2).caught_up()] == [3, 4]


def test_caught_up_is_lazy_and_tracks_what_was_consumed(log: EventLog) -> None:
    fill(log, "A", "B", "C")
    subscription = log.subscribe()
    events = subscription.caught_up()
    assert next(events).position == 1
    assert subscription.position == 1


def test_iterating_receives_existing_then_later_events(log: EventLog) -> None:
    fill(log, "A", "B")
    consumer = Consumer(log.subscribe(poll_interval=0.05))
    try:
        assert schools(consumer.take(2)) == ["A", "B"]
        fill(log, "C")
        log.append("t", [joined("D"), joined("E")], 0)
        assert schools(consumer.take(3)) == ["C", "D", "E"]
        assert [r.position for r in log.read_all()] == [1, 2, 3, 4, 5]
    finally:
        consumer.stop()
    assert consumer.received.empty()


def test_stop_ends_an_idle_iteration(log: EventLog) -> None:
    consumer = Consumer(log.subscribe(poll_interval=0.05))
    time.sleep(0.1)
    consumer.stop()


def test_stop_ends_the_iteration_at_the_next_event(log: EventLog) -> None:
    fill(log, "A", "B", "C", "D")
    subscription = log.subscribe()
    received = []
    for recorded in subscription:
        received.append(recorded)
        if len(received) == 2:
            subscription.stop()
    assert schools(received) == ["A", "B"]
    assert subscription.position == 2
    assert list(subscription) == []  # stopped for good


def test_events_of_another_writer_arrive_by_polling(tmp_path: Path) -> None:
    """Another process's appends do not wake this one: the subscription polls the store."""
    url = log_url("sqlite", tmp_path)
    with open_sample_log(url) as reader, open_sample_log(url) as writer:
        consumer = Consumer(reader.subscribe(poll_interval=0.02))
        try:
            writer.append("s", [joined("A")], 0)
            writer.append("s", [joined("B")], 1)
            assert schools(consumer.take(2)) == ["A", "B"]
        finally:
            consumer.stop()


def test_commit_saves_the_position_and_a_new_subscription_resumes_there(log: EventLog) -> None:
    fill(log, "A", "B", "C")
    first = log.subscribe(checkpoint="mailer")
    assert first.position == 0
    events = first.caught_up()
    next(events), next(events)
    first.commit()
    assert log.store.load_checkpoint("mailer") == 2
    fill(log, "D")

    second = log.subscribe(checkpoint="mailer")
    assert second.position == 2
    assert schools(list(second.caught_up())) == ["C", "D"]
    second.commit()
    assert log.subscribe(checkpoint="mailer").position == 4
    assert log.subscribe(checkpoint="other").position == 0


def test_a_checkpoint_overrides_after_position(log: EventLog) -> None:
    fill(log, "A", "B", "C")
    log.store.save_checkpoint("mailer", 1)
    assert log.subscribe(3, checkpoint="mailer").position == 1


def test_commit_without_a_checkpoint_name_is_a_usage_error(log: EventLog) -> None:
    fill(log, "A")
    subscription = log.subscribe()
    list(subscription.caught_up())
    with pytest.raises(UsageError, match="checkpoint"):
        subscription.commit()


def test_an_append_between_read_and_wait_is_not_missed(log: EventLog) -> None:
    """The wake-up of an append that lands after a reader took ``wakeups()`` and before it
    waits must end the wait at once, not after the poll interval."""
    seen = log.wakeups()
    fill(log, "A")  # lands "between the read and the wait"
    started = time.monotonic()
    log.wait_for_append(timeout=WAIT * 3, seen=seen)
    assert time.monotonic() - started < WAIT


def test_a_stop_before_the_wait_is_not_missed(log: EventLog) -> None:
    subscription = log.subscribe(poll_interval=WAIT * 3)
    subscription.stop()
    started = time.monotonic()
    assert list(subscription) == []
    assert time.monotonic() - started < WAIT


def test_batches_hold_what_each_read_finds_and_a_burst_after_a_wake_up_comes_as_one(
    log: EventLog,
) -> None:
    """With ``linger``, a reader woken by the first of several appends in quick succession
    waits for the rest and reads them as one batch."""
    fill(log, "A", "B")
    subscription = log.subscribe(poll_interval=WAIT * 3)
    batches = subscription.batches(linger=1.0)
    assert schools(list(next(batches))) == ["A", "B"]
    later: queue.Queue[list[RecordedEvent[Any]]] = queue.Queue()
    reader = threading.Thread(target=lambda: later.put(list(next(batches))), daemon=True)
    reader.start()
    time.sleep(0.1)  # the reader waits for an append
    fill(log, "C", "D", "E")
    assert schools(later.get(timeout=WAIT)) == ["C", "D", "E"]
    reader.join(WAIT)
    subscription.stop()
    assert list(batches) == []
    assert subscription.position == 5
