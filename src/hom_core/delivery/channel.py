"""One notifier's progress through the log (:class:`Channel`), kept by the thread delivering to
it, with its stuck state as a store snapshot."""

from __future__ import annotations

import json
from typing import Any

from hom_core.delivery.records import CHECKPOINT_PREFIX, STUCK_SNAPSHOT, DeliveryStatus
from hom_core.envelope import RecordedEvent
from hom_core.registrations import Notifier
from hom_core.store import Snapshot
from hom_core.subscription import Subscription

__all__ = ["STUCK_FORMAT", "Channel"]

STUCK_FORMAT = 1
"""The stuck snapshot's ``code_version``: the layout of its JSON state."""


class Channel:
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
        if snapshot is None or snapshot.code_version != STUCK_FORMAT:
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
            STUCK_SNAPSHOT, self.notifier.name, version, STUCK_FORMAT, json.dumps(stuck)
        )
