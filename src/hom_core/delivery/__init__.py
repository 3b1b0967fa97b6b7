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

Reminders
    :class:`Reminders` (:mod:`~hom_core.delivery.reminders`) sends what falls due, when its day
    comes, through the notifiers that can remind: once per obligation and due date, from a
    durable record of the keys sent.

Run one :class:`Deliveries` per store: two of them deliver every event twice (allowed by
at-least-once, and dropped by receivers that check the keys, but wasteful).
"""

from hom_core.delivery.backoff import Backoff
from hom_core.delivery.events import Deliveries
from hom_core.delivery.records import (
    CHECKPOINT_PREFIX,
    EVENTS_BETWEEN_SAVES,
    STUCK_SNAPSHOT,
    DeliveryStatus,
    Notification,
    idempotency_key,
)
from hom_core.delivery.reminders import (
    INTERVAL,
    KEEP_FOR,
    REMINDED_SNAPSHOT,
    REMINDERS_ENV,
    Reminder,
    Reminders,
    reminder_key,
    reminders_wanted,
)

__all__ = [
    "CHECKPOINT_PREFIX",
    "EVENTS_BETWEEN_SAVES",
    "INTERVAL",
    "KEEP_FOR",
    "REMINDED_SNAPSHOT",
    "REMINDERS_ENV",
    "STUCK_SNAPSHOT",
    "Backoff",
    "Deliveries",
    "DeliveryStatus",
    "Notification",
    "Reminder",
    "Reminders",
    "idempotency_key",
    "reminder_key",
    "reminders_wanted",
]
