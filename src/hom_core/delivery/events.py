"""At-least-once delivery of recorded events to notifiers: :class:`Deliveries` (see
:mod:`hom_core.delivery`)."""

from __future__ import annotations

import logging
import random as _random
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from hom_core.delivery.backoff import Backoff
from hom_core.delivery.channel import Channel
from hom_core.delivery.records import (
    CHECKPOINT_PREFIX,
    EVENTS_BETWEEN_SAVES,
    STUCK_SNAPSHOT,
    DeliveryStatus,
    Notification,
    idempotency_key,
)
from hom_core.envelope import RecordedEvent
from hom_core.errors import UsageError
from hom_core.log import EventLog
from hom_core.registrations import Notifier

if TYPE_CHECKING:
    from hom_core.people import PeopleStore

__all__ = ["Deliveries", "logger"]

logger = logging.getLogger("hom.notify")
"""Where deliveries and reminders report their failures."""


class Deliveries:
    """Delivers the events of ``log`` to ``notifiers`` (default: those of the log's plugins).

    ``people`` is the partnership's people store (``hom_core.open_people(url)``), for notifiers
    that address people; without it they find no one. ``backoff`` paces the retries and
    ``report_after`` failures of one event raise a report to ERROR (see the module docstring).
    A worker woken by an append waits ``batch_delay`` seconds before reading, so appends in
    quick succession are delivered as one batch, with one checkpoint save.
    ``sleep`` (seconds -> None), ``timer`` (monotonic seconds) and ``random`` (a float in
    [0, 1)) are injectable so tests need not wait; by default the workers wait on their stop
    signal, so :meth:`stop` ends a backoff at once.
    """

    def __init__(
        self,
        log: EventLog,
        notifiers: Iterable[Notifier] | None = None,
        *,
        people: PeopleStore | None = None,
        backoff: Backoff | None = None,
        report_after: int = 5,
        poll_interval: float = 0.5,
        batch_delay: float = 0.02,
        sleep: Callable[[float], object] | None = None,
        timer: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = _random.random,
    ) -> None:
        if notifiers is None:
            notifiers = () if log.plugins is None else log.plugins.notifiers().values()
        if report_after < 1:
            raise UsageError(f"report_after={report_after!r}: give the failures to report at, >= 1")
        if people is None:
            from hom_core.people import MemoryPeople  # the domain only when needed

            people = MemoryPeople()
        self.log = log
        self.people = people
        self.backoff = Backoff() if backoff is None else backoff
        self.report_after = report_after
        self.poll_interval = poll_interval
        self.batch_delay = batch_delay
        self._sleep = sleep
        self._timer = timer
        self._random = random
        self._channels: list[Channel] = []
        for notifier in notifiers:
            if any(channel.notifier.name == notifier.name for channel in self._channels):
                raise UsageError(f"two notifiers are named {notifier.name!r}: give each its own")
            channel = Channel(
                notifier, log.store.load_checkpoint(CHECKPOINT_PREFIX + notifier.name)
            )
            channel.restore(log.store.load_snapshot(STUCK_SNAPSHOT, notifier.name))
            self._channels.append(channel)
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def notifiers(self) -> list[str]:
        """The names of the notifiers delivered to."""
        return [channel.notifier.name for channel in self._channels]

    def status(self) -> list[DeliveryStatus]:
        """Where each notifier is: its acknowledged position and the event it is stuck on (from
        the store when this object has not tried it yet)."""
        return [channel.status() for channel in self._channels]

    # -- delivering ----------------------------------------------------------------------

    def run_once(self) -> list[DeliveryStatus]:
        """Deliver every pending event now, and return :meth:`status`.

        A notifier still in its backoff (by ``timer``) is left for a later call; one that fails
        stops at that event until then, while the others go on.
        """
        if self._threads:
            raise UsageError("deliveries run in the background: call stop() before run_once()")
        now = self._timer()
        for channel in self._channels:
            if channel.retry_at > now:
                continue
            try:
                for recorded in self.log.subscribe(channel.acknowledged).caught_up():
                    if self._offer(channel, recorded) is not None:
                        break
            finally:
                self._save(channel)
        return self.status()

    def _offer(self, channel: Channel, recorded: RecordedEvent[Any]) -> float | None:
        """Give ``recorded`` to the channel's notifier once; ``None`` when it was accepted (or
        not wanted), else the seconds to wait before trying it again."""
        if channel.wants(recorded):
            name = channel.notifier.name
            key = idempotency_key(name, recorded)
            attempts = channel.attempts_at(recorded.position)
            notification = Notification(self.log, recorded, key, self.people, attempt=attempts + 1)
            try:
                channel.notifier.deliver(notification)
            except Exception as error:
                return self._failed(channel, recorded, key, attempts + 1, error)
        channel.acknowledged = recorded.position
        if channel.failing is not None and channel.acknowledged >= channel.failing:
            self._recovered(channel)
        elif channel.acknowledged - channel.saved >= EVENTS_BETWEEN_SAVES:
            self._save(channel)
        return None

    def _recovered(self, channel: Channel) -> None:
        """The stuck event went through: saved at once, and the saved stuck state cleared."""
        if channel.attempts_at(channel.acknowledged):
            logger.info(
                "notifier %r delivered position %d after %d failed attempts",
                channel.notifier.name, channel.acknowledged, channel.attempts,
            )  # fmt: skip
        channel.failing, channel.attempts, channel.error = None, 0, None
        channel.retry_at = float("-inf")
        channel.stuck_saved = False
        self._save(channel)
        self.log.store.save_snapshot(channel.stuck_snapshot())

    def _failed(
        self,
        channel: Channel,
        recorded: RecordedEvent[Any],
        key: str,
        attempts: int,
        error: Exception,
    ) -> float:
        if channel.failing != recorded.position:
            channel.stuck_saved = False
        channel.failing = recorded.position
        channel.attempts = attempts
        channel.error = f"{type(error).__name__}: {error}"
        self._save(channel)  # what went before it is delivered: kept through the backoff
        if not channel.stuck_saved or attempts == self.report_after:
            self.log.store.save_snapshot(channel.stuck_snapshot())
            channel.stuck_saved = True
        delay = self.backoff.delay(channel.attempts, self._random())
        channel.retry_at = self._timer() + delay
        name = channel.notifier.name
        logger.warning(
            "notifier %r could not deliver position %d (key %s), attempt %d: %s; trying again "
            "in %.1f s",
            name, recorded.position, key, attempts, channel.error, delay,
        )  # fmt: skip
        if attempts == self.report_after:
            logger.error(
                "notifier %r has failed %d times on position %d (key %s), last with %s: the "
                "message is kept and retried, and this notifier's later events wait behind it; "
                "fix the notifier or its server",
                name, attempts, recorded.position, key, channel.error,
            )  # fmt: skip
        return delay

    def _save(self, channel: Channel) -> None:
        if channel.acknowledged != channel.saved:
            self.log.store.save_checkpoint(channel.checkpoint, channel.acknowledged)
            channel.saved = channel.acknowledged

    # -- background workers --------------------------------------------------------------

    def start(self) -> None:
        """Deliver in the background: a daemon thread per notifier follows the log."""
        if self._threads:
            raise UsageError("deliveries are running already: call stop() first")
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(
                target=self._follow, args=(channel,), name=f"hom-notify-{channel.notifier.name}"
            )
            for channel in self._channels
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the workers, saving each one's checkpoint; waits up to ``timeout`` seconds each.

        A worker inside a ``deliver`` call that does not return in time is reported and left to
        finish as a daemon thread (its event counts as not acknowledged).
        """
        self._stopping.set()
        for channel in self._channels:
            if channel.subscription is not None:
                channel.subscription.stop()
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning(
                    "%s did not stop within %.0f s: its notifier is still delivering; it is "
                    "left to finish on its own",
                    thread.name, timeout,
                )  # fmt: skip
        self._threads = []

    def _follow(self, channel: Channel) -> None:
        """A worker: follow the log from the channel's position until :meth:`stop`.

        A failure to read the log (a lost connection) is reported and the subscription opened
        again after a backoff.
        """
        failures = 0
        while not self._stopping.is_set():
            try:
                self._deliver_following(channel)
                return
            except Exception:
                failures += 1
                logger.exception(
                    "notifier %r stopped following the log after position %d; trying again",
                    channel.notifier.name, channel.acknowledged,
                )  # fmt: skip
                self._pause(self.backoff.delay(failures, self._random()))

    def _deliver_following(self, channel: Channel) -> None:
        subscription = self.log.subscribe(channel.acknowledged, poll_interval=self.poll_interval)
        channel.subscription = subscription
        try:
            if self._stopping.is_set():  # stop() ran before the subscription was seen
                return
            for batch in subscription.batches(self.batch_delay):
                for recorded in batch:
                    while (delay := self._offer(channel, recorded)) is not None:
                        self._pause(delay)
                        if self._stopping.is_set():
                            return
                    if self._stopping.is_set():
                        return
                self._save(channel)
        finally:
            self._save(channel)

    def _pause(self, seconds: float) -> None:
        if self._sleep is None:
            self._stopping.wait(seconds)
        else:
            self._sleep(seconds)

    def __enter__(self) -> Deliveries:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
