"""At-least-once delivery of recorded events to notifiers, each from a durable checkpoint.

    deliveries = Deliveries(log, people=open_people(url))  # the notifiers of the log's plugins
    deliveries.start()  # a background thread per notifier: appends never wait for it
    ...
    deliveries.stop()

A script or a test calls :meth:`Deliveries.run_once` instead: it delivers what is pending now,
tries each failing notifier again once its backoff has passed, and returns.

Order and checkpoints
    Each notifier is given every event of the log (or of its ``event_types``) in log order, at
    least once. Its position, up to the last event its ``deliver`` accepted (returned from) or
    it does not want, is saved as the store checkpoint ``hom.notify/<name>`` once per batch:
    the events read together after a wake-up (a worker lingers ``batch_delay`` seconds after
    an append wakes it, so a burst of appends is one batch), and every
    :data:`EVENTS_BETWEEN_SAVES` events within a long one, before a backoff and when a run or a
    worker ends. After a restart (a new log object on the same store) it resumes there: the
    events acknowledged after the last save (at most a batch, and fewer than
    :data:`EVENTS_BETWEEN_SAVES`) and one in flight when the process died are sent again, with
    the same keys; nothing is skipped.
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
Stuck state
    What is stuck is kept in the store too, so :meth:`Deliveries.status` in another process (such
    as ``hom notify --status``) says it, and the attempts go on counting after a restart: the
    store snapshot named ``hom.notify`` (:data:`STUCK_SNAPSHOT`) under the notifier's name holds
    the position, the attempts and the last error. It is written when an event first fails in a
    :class:`Deliveries`, at its ``report_after``-th failure and when it is delivered at last; not
    on every retry, so ``attempts`` read from another process may lag the running one's.

Run one :class:`Deliveries` per store: two of them deliver every event twice (allowed by
at-least-once, and dropped by receivers that check the keys, but wasteful).
"""

from __future__ import annotations

import json
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
from hom_core.store import Snapshot

if TYPE_CHECKING:
    from hom_core.people import PeopleStore

__all__ = [
    "CHECKPOINT_PREFIX",
    "EVENTS_BETWEEN_SAVES",
    "STUCK_SNAPSHOT",
    "Backoff",
    "Deliveries",
    "DeliveryStatus",
    "Notification",
    "idempotency_key",
]

logger = logging.getLogger("hom.notify")

CHECKPOINT_PREFIX = "hom.notify/"
"""A notifier's progress is the store checkpoint named this prefix plus the notifier's name."""

EVENTS_BETWEEN_SAVES = 1000
"""A notifier's checkpoint is saved at the end of each batch, and after this many events
(delivered or not wanted) within a batch."""

STUCK_SNAPSHOT = "hom.notify"
"""The store snapshot name under which each notifier's stuck event is kept (key: its name)."""

_STUCK_FORMAT = 1
"""The snapshot's ``code_version``: the layout of its JSON state."""


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
    ``attempts`` how often it failed, ``error`` the last failure (as last saved in the store,
    for a notifier this :class:`Deliveries` has not tried yet).
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
        self.stuck_saved = False  # whether this object saved the stuck state of ``failing``
        self.subscription: Subscription | None = None

    def wants(self, recorded: RecordedEvent[Any]) -> bool:
        types = self.notifier.event_types
        return types is None or recorded.event_type in types

    def attempts_at(self, position: int) -> int:
        """The failed attempts so far at ``position``."""
        return self.attempts if self.failing == position else 0

    def status(self) -> DeliveryStatus:
        return DeliveryStatus(
            self.notifier.name, self.acknowledged, self.failing, self.attempts, self.error
        )

    def restore(self, snapshot: Snapshot | None) -> None:
        """Take up the stuck state saved by an earlier process, unless it is settled since."""
        if snapshot is None or snapshot.code_version != _STUCK_FORMAT:
            return
        stuck = json.loads(snapshot.state)
        if stuck is not None and stuck["position"] > self.acknowledged:
            self.failing, self.attempts, self.error = (
                stuck["position"], stuck["attempts"], stuck["error"]
            )  # fmt: skip

    def stuck_snapshot(self) -> Snapshot:
        """The stuck state as a store snapshot: JSON ``null`` when nothing is stuck."""
        stuck = (
            None
            if self.failing is None
            else {"position": self.failing, "attempts": self.attempts, "error": self.error}
        )
        version = self.acknowledged if self.failing is None else self.failing
        return Snapshot(
            STUCK_SNAPSHOT, self.notifier.name, version, _STUCK_FORMAT, json.dumps(stuck)
        )


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
        self._channels: list[_Channel] = []
        for notifier in notifiers:
            if any(channel.notifier.name == notifier.name for channel in self._channels):
                raise UsageError(f"two notifiers are named {notifier.name!r}: give each its own")
            channel = _Channel(
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

    def _offer(self, channel: _Channel, recorded: RecordedEvent[Any]) -> float | None:
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

    def _recovered(self, channel: _Channel) -> None:
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
        channel: _Channel,
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
