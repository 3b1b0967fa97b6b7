"""The membership events (M1-M3, C3, C4): joining, notice, URNs, role holders, Ofsted outcomes."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain.membership.vocabulary import OfstedOutcome, OrganisationKind, Role
from hom_core.domain.values import Urn
from hom_core.people import PersonId

__all__ = [
    "MemberJoined",
    "NoticeGiven",
    "NoticeWithdrawn",
    "OfstedOutcomePublished",
    "RoleHolderAppointed",
    "UrnChanged",
]


@attrs.frozen
class MemberJoined:
    """M1: the agreement was signed for the school by its head and chair of governors, and for
    the partnership by its chairperson, on ``signed_on``.

    ``head`` and ``chair_of_governors`` are ``None`` for a member that is not a school and
    recorded neither (events stored before they could be ``None`` always hold both).
    """

    member_id: str
    name: str
    kind: OrganisationKind
    urn: Urn | None
    head: PersonId | None
    chair_of_governors: PersonId | None
    partnership_chair: PersonId
    signed_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.signed_on


@attrs.frozen
class NoticeGiven:
    """M2: written notice to leave reached the strategic group; membership ends ``leaves_on``."""

    member_id: str
    received_on: date
    leaves_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.received_on


@attrs.frozen
class NoticeWithdrawn:
    """M2: notice was withdrawn before it took effect."""

    member_id: str
    withdrawn_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.withdrawn_on


@attrs.frozen
class UrnChanged:
    """C3: the school has a new URN from ``from_date`` (e.g. on academy conversion)."""

    member_id: str
    urn: Urn
    from_date: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.from_date


@attrs.frozen
class RoleHolderAppointed:
    """A person holds a role at a member school from ``from_date`` (until someone else does)."""

    member_id: str
    role: Role
    person: PersonId
    from_date: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.from_date


@attrs.frozen
class OfstedOutcomePublished:
    """C4: Ofsted published an outcome for the school."""

    member_id: str
    outcome: OfstedOutcome

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.outcome.published_on
