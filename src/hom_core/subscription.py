"""Catch-up subscriptions: every event of a log after a position, then new ones as they come.

Made by :meth:`hom_core.log.EventLog.subscribe`; a consumer that names a checkpoint resumes
where it committed.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from typing import Any, Protocol

from hom_core.envelope import RecordedEvent
from hom_core.errors import UsageError
from hom_core.store import AppendWaiter, Store

__all__ = ["FollowedLog", "Subscription"]


class FollowedLog(Protocol):
    """What a subscription needs of its log (:class:`hom_core.log.EventLog` is one)."""

    @property
    def store(self) -> Store:
        """The store read from, and where checkpoints are saved."""

    def read_all(self, after_position: int = 0) -> Iterator[RecordedEvent[Any]]:
        """Every event after ``after_position``, in order."""

    def wakeups(self) -> int:
        """How many times appends in this process have woken waiters."""

    def wait_for_append(self, timeout: float, seen: int | None = None) -> None:
        """Wait up to ``timeout`` seconds for an append in this process after ``seen``."""

    def wake_waiters(self) -> None:
        """Wake every waiter at once."""


_STOP_CHECK = 0.1
"""Longest slice a subscription waits on a store's ``wait_for_append`` before checking stop()."""


class Subscription:
    """A catch-up subscription: every event after a position, then new ones as they arrive.

    Made by :meth:`EventLog.subscribe`. With a ``checkpoint`` name, :meth:`commit` saves how far
    the consumer got, and a later subscription with the same name resumes after it.
    """

    def __init__(
        self, log: FollowedLog, after_position: int, checkpoint: str | None, poll_interval: float
    ) -> None:
        self.log = log
        self.position = after_position
        self.checkpoint = checkpoint
        self.poll_interval = poll_interval
        self._stopped = threading.Event()

    def __iter__(self) -> Iterator[RecordedEvent[Any]]:
        for batch in self.batches():
            for recorded in batch:
                yield recorded
                if self._stopped.is_set():
                    return

    def batches(self, linger: float = 0.0) -> Iterator[Iterator[RecordedEvent[Any]]]:
        """Like iterating, a batch at a time: each batch yields the events there are when it is
        read (lazily: finish with a batch before taking the next), never none.

        Between batches it waits as iterating does; after an append in this process wakes it,
        it waits ``linger`` seconds more, so a burst of appends comes as one batch (a consumer
        with a cost per batch, such as saving a checkpoint, pays it once for the burst).
        """
        while True:
            seen = self.log.wakeups()  # before the check, so a stop() in between is not missed
            if self._stopped.is_set():
                return
            batch = self.caught_up()
            first = next(batch, None)
            if first is not None:
                yield itertools.chain((first,), batch)
                continue
            self._wait(seen)
            if linger > 0 and self.log.wakeups() != seen:
                self._stopped.wait(linger)

    def _wait(self, seen: int) -> None:
        """Wait up to ``poll_interval`` for an append, a :meth:`stop`, or an in-process wake-up.

        A store that can hear other processes' appends (an :class:`AppendWaiter`) is asked in
        slices of :data:`_STOP_CHECK` seconds, so ``stop()`` still ends the wait promptly.
        """
        store = self.log.store
        if not isinstance(store, AppendWaiter):
            self.log.wait_for_append(self.poll_interval, seen)
            return
        deadline = time.monotonic() + self.poll_interval
        while not self._stopped.is_set() and self.log.wakeups() == seen:
            left = deadline - time.monotonic()
            if left <= 0 or store.wait_for_append(self.position, min(left, _STOP_CHECK)):
                return

    def caught_up(self) -> Iterator[RecordedEvent[Any]]:
        """Every event after the position that exists now, without waiting for more."""
        for recorded in self.log.read_all(self.position):
            self.position = recorded.position
            yield recorded

    def commit(self) -> None:
        """Save the position reached under the subscription's checkpoint name."""
        if self.checkpoint is None:
            raise UsageError("this subscription has no checkpoint name: subscribe(checkpoint=...)")
        self.log.store.save_checkpoint(self.checkpoint, self.position)

    def stop(self) -> None:
        """End the iteration at the next event or poll; safe to call from another thread."""
        self._stopped.set()
        self.log.wake_waiters()
