"""The envelope: an event as the log recorded it, and an event on its way in.

:class:`Pending` is what a caller hands to :meth:`EventLog.append` when one event needs its own
effective date or causation; a bare event takes the batch's. :class:`RecordedEvent` is what every
read returns: the decoded event with where, when and by whom it was recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, NamedTuple, TypeVar

import attrs

__all__ = ["AppendResult", "Pending", "RecordedEvent"]

E = TypeVar("E")


@attrs.frozen
class Pending(Generic[E]):
    """An event with envelope fields of its own, for :meth:`EventLog.append`.

    Fields left ``None`` take the value given to ``append`` for the whole batch.
    """

    event: E
    effective_date: date | None = None
    causation_id: str | None = None


class RecordedEvent(NamedTuple, Generic[E]):
    """One event as the log holds it; immutable.

    A named tuple rather than an attrs class because replay builds one per event: it is four
    times cheaper to construct than a frozen attrs instance (see benchmarks/README.md).

    - ``position``: global position, gap-free and increasing from 1 across the whole log;
    - ``stream_id`` / ``stream_version``: the stream and the event's version in it, gap-free from 1;
    - ``recorded_at``: when it was appended (UTC, from the log's clock);
    - ``effective_date``: the date the event is about (a notice received, a census taken);
      ``as_of`` queries select on it;
    - ``actor``: who recorded it; ``correlation_id``: shared by every event of one command or
      import; ``causation_id``: the message that caused it, if any;
    - ``event_type`` / ``schema_version``: the registered name and the version it was stored at;
    - ``hash``: SHA-256 (hex) chained to the previous record, see :mod:`hom_core.chain`.
    """

    position: int
    stream_id: str
    stream_version: int
    recorded_at: datetime
    effective_date: date
    actor: str
    correlation_id: str
    causation_id: str | None
    event_type: str
    schema_version: int
    event: E
    hash: str


@attrs.frozen
class AppendResult:
    """What an append did: the stream's new version and the positions it wrote.

    A retried append with the same idempotency key returns the original result (equal to it),
    with ``retried`` set: nothing was recorded by the retry. ``hashes`` are the hashes of the
    records written, in order, as the store sealed them (empty for a retried append).
    """

    stream_id: str
    stream_version: int
    first_position: int
    last_position: int
    retried: bool = attrs.field(default=False, eq=False, kw_only=True)
    hashes: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False, kw_only=True)

    @property
    def count(self) -> int:
        """How many events the append recorded."""
        return self.last_position - self.first_position + 1
