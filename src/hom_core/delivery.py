"""At-least-once delivery of recorded events to notifiers, each from a durable checkpoint.

    deliveries = Deliveries(log, people=open_people(url))  # the notifiers of the log's plugins
    deliveries.start()  # a background thread per notifier: appends never wait for it
    ...
    deliveries.stop()

A script or a test calls :meth:`Deliveries.run_once` instead: it delivers what is pending now,
tries each failing notifier again once its backoff has passed, and returns.

Order and checkpoints
    Each notifier is given every event of the log (or of its ``event_types``) in log order, at
    least once. After each event its ``deliver`` accepted (returned from), the position is saved
    as the store checkpoint ``hom.notify/<name>``, so after a restart (a new log object on the
    same store) it resumes after the last acknowledged event and nothing acknowledged is sent
    again; an event that was in flight when the process died is sent again.
Idempotency keys
    Each :class:`Notification` carries a key (:func:`idempotency_key`), the same on every attempt
    and after a restart, so a receiver that keeps the keys it has seen drops the duplicates.
The append path
    Delivery never runs in the appender's thread: an append only wakes the workers (the log's
    in-process wake-up), so a notifier that is slow, raises or whose server is down never delays,
    blocks or undoes an append. Appends in other processes are found by polling every
    ``poll_interval`` seconds (at once on a store that announces them, such as PostgreSQL).
Failures
    A ``deliver`` that raises is tried again with the same event after an exponential backoff
    (:class:`Backoff`): the notifier's later events wait behind it, so its order is kept, while
    the other notifiers go on. Every failure is logged on the logger ``hom.notify`` at WARNING,
    and the ``report_after``-th failure of one event at ERROR: the notifier is stuck until its
    server or its code is fixed. **A message is never dropped**: it is kept and retried until
    it is accepted, and :meth:`Deliveries.status` shows which event is stuck and why.

Run one :class:`Deliveries` per store: two of them deliver every event twice (allowed by
at-least-once, and dropped by receivers that check the keys, but wasteful).
"""

from __future__ import annotations

import logging
import random as _random
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from hom_core.envelope import RecordedEvent
from hom_core.errors import UsageError
from hom_core.log import EventLog, Subscription
from hom_core.registrations import Notifier

if TYPE_CHECKING:
    from hom_core.domain.people import PeopleStore

__all__ = [
    "CHECKPOINT_PREFIX",
    "Backoff",
    "Deliveries",
    "DeliveryStatus",
    "Notification",
    "idempotency_key",
]

logger = logging.getLogger("hom.notify")

CHECKPOINT_PREFIX = "hom.notify/"
"""A notifier's progress is the store checkpoint named this prefix plus the notifier's name."""

_SKIPS_BETWEEN_SAVES = 1000
"""Events a notifier does not want (``event_types``) advance its checkpoint in memory; it is
saved after this many, after each delivered event, and when a run or a worker ends."""


def idempotency_key(notifier: str, recorded: RecordedEvent[Any]) -> str:
    """The key of the message ``notifier`` sends for ``recorded``: stable, and unique per both.

    ``hom.<notifier>.<position>.<the first 16 hex digits of the record's chained hash>``; the
    hash makes it differ between two logs that reached the same position.
    """
    return f"hom.{notifier}.{recorded.position}.{recorded.hash[:16]}"


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise UsageError(f"Backoff.{attribute.name} must be more than 0, got {value!r}")


@attrs.frozen
class Backoff:
    """How long to wait before trying a failed delivery again.

    Before attempt ``n + 1`` (after ``n`` failures): ``base * factor ** (n - 1)`` seconds, at
    most ``maximum``, less a random part of up to ``jitter`` of it (so notifiers that failed
    together do not all retry at the same moment).
    """

    base: float = attrs.field(default=1.0, validator=_positive)
    factor: float = attrs.field(default=2.0, validator=_positive)
    maximum: float = attrs.field(default=300.0, validator=_positive)
    jitter: float = 0.1

    def __attrs_post_init__(self) -> None:
        if self.factor < 1 or self.maximum < self.base or not 0 <= self.jitter < 1:
            raise UsageError(
                f"{self!r} cannot back off: give factor >= 1, maximum >= base and "
                "0 <= jitter < 1, such as Backoff(base=1, factor=2, maximum=300, jitter=0.1)"
            )

    def delay(self, failures: int, draw: float) -> float:
        """Seconds to wait after ``failures`` failures (from 1); ``draw`` is random in [0, 1)."""
        # the exponent is capped so a long outage cannot overflow the float before min()
        raw = min(self.maximum, self.base * self.factor ** min(failures - 1, 64))
        return raw * (1 - self.jitter * draw)


@attrs.frozen
class Notification:
    """One recorded event on its way to one notifier: what ``Notifier.deliver`` is given.

    ``key`` is the idempotency key (:func:`idempotency_key`): put it in the message (a
    ``Message-ID``, an ``Idempotency-Key`` header) so the receiver can drop duplicates.
    ``people`` holds the names and contact details behind the event's person ids (forgotten
    people have none); ``log`` answers any other question, such as the partnership's state as
    the log stood at ``recorded.position``. ``attempt`` counts from 1.
    """

    log: EventLog
    recorded: RecordedEvent[Any]
    key: str
    people: PeopleStore
    attempt: int = 1


@attrs.frozen
class DeliveryStatus:
    """How far one notifier got: the last ``acknowledged`` position, and what is stuck.

    ``failing`` is the position of the event being retried (``None`` when none fails),
    ``attempts`` how often it failed, ``error`` the last failure.
    """

    notifier: str
    acknowledged: int
    failing: int | None = None
    attempts: int = 0
    error: str | None = None


class _Channel:
    """One notifier's progress; changed only by the thread delivering to it."""

    def __init__(self, notifier: Notifier, acknowledged: int) -> None:
        self.notifier = notifier
        self.checkpoint = CHECKPOINT_PREFIX + notifier.name
        self.acknowledged = self.saved = acknowledged
        self.failing: int | None = None
        self.attempts = 0
        self.error: str | None = None
        self.retry_at = float("-inf")
        self.subscription: Subscription | None = None

    def wants(self, recorded: RecordedEvent[Any]) -> bool:
        types = self.notifier.event_types
        return types is None or recorded.event_type in types

    def status(self) -> DeliveryStatus:
        return DeliveryStatus(
            self.notifier.name, self.acknowledged, self.failing, self.attempts, self.error
        )


class Deliveries:
    """Delivers the events of ``log`` to ``notifiers`` (default: those of the log's plugins).

    ``people`` is the partnership's people store (``hom_core.open_people(url)``), for notifiers
    that address people; without it they find no one. ``backoff`` paces the retries and
    ``report_after`` failures of one event raise a report to ERROR (see the module docstring).
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
        sleep: Callable[[float], object] | None = None,
        timer: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = _random.random,
    ) -> None:
        if notifiers is None:
            notifiers = () if log.plugins is None else log.plugins.notifiers().values()
        if report_after < 1:
            raise UsageError(f"report_after={report_after!r}: give the failures to report at, >= 1")
        if people is None:
            from hom_core.domain.people import MemoryPeople  # the domain only when needed

            people = MemoryPeople()
        self.log = log
        self.people = people
        self.backoff = Backoff() if backoff is None else backoff
        self.report_after = report_after
        self.poll_interval = poll_interval
        self._sleep = sleep
        self._timer = timer
        self._random = random
        self._channels: list[_Channel] = []
        for notifier in notifiers:
            if any(channel.notifier.name == notifier.name for channel in self._channels):
                raise UsageError(f"two notifiers are named {notifier.name!r}: give each its own")
            checkpoint = log.store.load_checkpoint(CHECKPOINT_PREFIX + notifier.name)
            self._channels.append(_Channel(notifier, checkpoint))
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def notifiers(self) -> list[str]:
        """The names of the notifiers delivered to."""
        return [channel.notifier.name for channel in self._channels]

    def status(self) -> list[DeliveryStatus]:
        """Where each notifier is: its acknowledged position and the event it is stuck on."""
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

    def _offer(self, channel: _Channel, recorded: RecordedEvent[Any]) -> float | None:
        """Give ``recorded`` to the channel's notifier once; ``None`` when it was accepted (or
        not wanted), else the seconds to wait before trying it again."""
        if not channel.wants(recorded):
            channel.acknowledged = recorded.position
            if channel.acknowledged - channel.saved >= _SKIPS_BETWEEN_SAVES:
                self._save(channel)
            return None
        name = channel.notifier.name
        key = idempotency_key(name, recorded)
        notification = Notification(
            self.log, recorded, key, self.people, attempt=channel.attempts + 1
        )
        try:
            channel.notifier.deliver(notification)
        except Exception as error:
            return self._failed(channel, recorded, key, error)
        if channel.attempts:
            logger.info(
                "notifier %r delivered position %d after %d failed attempts",
                name, recorded.position, channel.attempts,
            )  # fmt: skip
        channel.acknowledged = recorded.position
        channel.failing, channel.attempts, channel.error = None, 0, None
        channel.retry_at = float("-inf")
        self._save(channel)
        return None

    def _failed(
        self, channel: _Channel, recorded: RecordedEvent[Any], key: str, error: Exception
    ) -> float:
        channel.failing = recorded.position
        channel.attempts += 1
        channel.error = f"{type(error).__name__}: {error}"
        delay = self.backoff.delay(channel.attempts, self._random())
        channel.retry_at = self._timer() + delay
        name, attempts = channel.notifier.name, channel.attempts
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

    def _save(self, channel: _Channel) -> None:
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

    def _follow(self, channel: _Channel) -> None:
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

    def _deliver_following(self, channel: _Channel) -> None:
        subscription = self.log.subscribe(channel.acknowledged, poll_interval=self.poll_interval)
        channel.subscription = subscription
        try:
            if self._stopping.is_set():  # stop() ran before the subscription was seen
                return
            for recorded in subscription:
                while (delay := self._offer(channel, recorded)) is not None:
                    self._pause(delay)
                    if self._stopping.is_set():
                        return
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
