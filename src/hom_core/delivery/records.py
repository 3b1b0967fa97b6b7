"""What a delivery hands a notifier and reports: :class:`Notification`, :class:`DeliveryStatus`,
the idempotency key of a message (:func:`idempotency_key`) and where progress is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from hom_core.envelope import RecordedEvent
from hom_core.log import EventLog

if TYPE_CHECKING:
    from hom_core.people import PeopleStore

__all__ = [
    "CHECKPOINT_PREFIX",
    "EVENTS_BETWEEN_SAVES",
    "STUCK_SNAPSHOT",
    "DeliveryStatus",
    "Notification",
    "idempotency_key",
]

CHECKPOINT_PREFIX = "hom.notify/"
"""A notifier's progress is the store checkpoint named this prefix plus the notifier's name."""

EVENTS_BETWEEN_SAVES = 1000
"""A notifier's checkpoint is saved at the end of each batch, and after this many events
(delivered or not wanted) within a batch."""

STUCK_SNAPSHOT = "hom.notify"
"""The store snapshot name under which each notifier's stuck event is kept (key: its name)."""


def idempotency_key(notifier: str, recorded: RecordedEvent[Any]) -> str:
    """The key of the message ``notifier`` sends for ``recorded``: stable, and unique per both.

    ``hom.<notifier>.<position>.<the first 16 hex digits of the record's chained hash>``; the
    hash makes it differ between two logs that reached the same position.
    """
    return f"hom.{notifier}.{recorded.position}.{recorded.hash[:16]}"


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
