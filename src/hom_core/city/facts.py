"""What the city-wide read model takes from each record of a partnership's log.

A record is one of three things to the model:

- a **fact** it counts (:class:`Fact`): a school joining (``MemberJoined`` of a member whose kind
  is a school), a contribution called (``ContributionDue``), adjusted after a corrected census
  (``ContributionAdjusted``) or paid (``ContributionPaid``), the money in whole pence, a payment
  counted as negative so that what is owed is the sum;
- a **retraction** (:class:`Retraction`, from ``FactRetracted``, rule R1): the fact recorded at
  the position it names, in the same log, is taken out. A correction is a retraction followed
  by its replacement in the same append, so the replacement comes in as a fact of its own;
- nothing, for every other record (meetings, censuses, ...) and every stream that is not a
  partnership's (``partnership/<id>``).

Only the records of the five types above are decoded (through the log's codec, so older
payloads are upcast as for any read); the rest are skipped on their type name.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs

from hom_core.application.containment import STREAM_PREFIX
from hom_core.codec import Codec
from hom_core.domain.corrections import FactRetracted
from hom_core.domain.funding.events import ContributionAdjusted, ContributionDue, ContributionPaid
from hom_core.domain.membership.events import MemberJoined
from hom_core.errors import EventTypeError
from hom_core.store import StoredRecord

__all__ = ["Change", "Fact", "FactKind", "Reader", "Retraction", "school_identity"]


class FactKind(enum.Enum):
    """What a :class:`Fact` counts."""

    JOINED = "joined"
    """A school joined: it counts towards the schools reached."""
    CALLED = "called"
    """A contribution was called: it is owed."""
    ADJUSTED = "adjusted"
    """A called contribution changed after a corrected census (either way)."""
    PAID = "paid"
    """A contribution was paid: its amount is counted negative."""


@attrs.frozen
class Fact:
    """One counted fact: recorded at ``position`` of the log named ``source``, in
    ``partnership``. ``school`` identifies the school (its URN when recorded, else
    ``<partnership>/<member id>``); ``pence`` is what it adds to the money owed."""

    source: str
    position: int
    partnership: str
    kind: FactKind
    school: str
    pence: int


@attrs.frozen
class Retraction:
    """R1: the fact at ``position`` of the log named ``source`` was retracted."""

    source: str
    position: int


Change = Fact | Retraction
"""What one record does to the model."""


def school_identity(partnership: str, member_id: str, urn: object | None) -> str:
    """The identity a school is counted under across the city: its URN when the partnership
    recorded one (so a school in two partnerships counts once), else the member within its
    partnership."""
    return f"urn:{urn}" if urn is not None else f"{partnership}/{member_id}"


def _joined(source: str, position: int, partnership: str, event: MemberJoined) -> Fact | None:
    if not event.kind.is_school:
        return None
    school = school_identity(partnership, event.member_id, event.urn)
    return Fact(source, position, partnership, FactKind.JOINED, school, 0)


def _money(kind: FactKind, sign: int) -> Callable[[str, int, str, Any], Fact]:
    def fact(source: str, position: int, partnership: str, event: Any) -> Fact:
        school = f"{partnership}/{event.member_id}"
        return Fact(source, position, partnership, kind, school, sign * event.amount.pence)

    return fact


def _retracted(source: str, position: int, _: str, event: FactRetracted) -> Retraction | None:
    # a retraction names a fact recorded before it (the application checks it); one naming
    # a later position would retract nothing when it was recorded, so it is nothing here
    return Retraction(source, event.position) if event.position < position else None


_WATCHED: dict[type, Callable[[str, int, str, Any], Change | None]] = {
    MemberJoined: _joined,
    ContributionDue: _money(FactKind.CALLED, 1),
    ContributionAdjusted: _money(FactKind.ADJUSTED, 1),
    ContributionPaid: _money(FactKind.PAID, -1),
    FactRetracted: _retracted,
}


class Reader:
    """Turns the stored records of the log named ``source`` into :data:`Change` s.

    ``codec`` is the log's: the five watched types must be registered in it (they are in any
    log opened with hom's builtin plugins), else :class:`~hom_core.errors.EventTypeError`.
    """

    def __init__(self, source: str, codec: Codec) -> None:
        self.source = source
        self._codec = codec
        names = {event_type.cls: event_type.name for event_type in codec.types}
        missing = [cls.__name__ for cls in _WATCHED if cls not in names]
        if missing:
            raise EventTypeError(
                f"the log {source!r} is opened without the partnership's event types "
                f"({', '.join(missing)}): open it with hom's builtin plugins"
            )
        self._by_name = {names[cls]: change for cls, change in _WATCHED.items()}

    def change(self, record: StoredRecord) -> Change | None:
        """What ``record`` does to the model, or ``None``."""
        change = self._by_name.get(record.event_type)
        if change is None or not record.stream_id.startswith(STREAM_PREFIX):
            return None
        event = self._codec.decode_event(
            record.event_type, record.schema_version, record.payload, record.position
        )
        partnership = record.stream_id[len(STREAM_PREFIX) :]
        return change(self.source, record.position, partnership, event)
