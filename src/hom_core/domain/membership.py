"""Membership (M1-M4, C3, C4): joining, notice, leaving, URNs, role holders, Ofsted outcomes.

Members are organisations of a kind (a school, the council, a business...). A school keeps its
identity across an academy conversion: its URN changes from a date (C3), it is not a new member.
People (head, deputy, chair of governors, staff representatives) appear only as opaque ids.
A school signs by its head and chair of governors (M1); a member that is not a school (the
council, a business, a university, a partnership...) need record neither: the documents name
nobody who signs for it, so only the partnership's chairperson and the date are required.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from hom_core.domain.people import PersonId
from hom_core.domain.values import Urn
from hom_core.errors import RuleViolation
from hom_core.events import EventType

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState

__all__ = [
    "AppointRoleHolder",
    "ChangeUrn",
    "GiveNotice",
    "JoinPartnership",
    "Member",
    "MemberJoined",
    "Membership",
    "MembershipState",
    "NoticeGiven",
    "NoticeWithdrawn",
    "OfstedOutcome",
    "OfstedOutcomePublished",
    "OrganisationKind",
    "RecordOfstedOutcome",
    "Role",
    "RoleHolderAppointed",
    "UrnChanged",
    "WithdrawNotice",
    "known_member",
    "member_on",
]


class OrganisationKind(enum.Enum):
    """What kind of organisation a member is."""

    NURSERY = "nursery"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    ALL_THROUGH = "all_through"
    SPECIAL = "special"
    COLLEGE = "college"
    COUNCIL = "council"
    BUSINESS = "business"
    HEALTH = "health"
    UNIVERSITY = "university"
    PARTNERSHIP = "partnership"
    OTHER = "other"

    @property
    def is_school(self) -> bool:
        """True for the kinds that are schools (and so vote, G6, and contribute, F1)."""
        return self in _SCHOOLS


_SCHOOLS = {
    OrganisationKind.NURSERY,
    OrganisationKind.PRIMARY,
    OrganisationKind.SECONDARY,
    OrganisationKind.ALL_THROUGH,
    OrganisationKind.SPECIAL,
}


class Role(enum.Enum):
    """A person's role at a member school."""

    HEAD = "head"
    DEPUTY_HEAD = "deputy_head"
    CHAIR_OF_GOVERNORS = "chair_of_governors"
    EYFS_REPRESENTATIVE = "eyfs_representative"
    BUSINESS_REPRESENTATIVE = "business_representative"


# -- events ----------------------------------------------------------------------------------


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
class OfstedOutcome:
    """C4: an inspection outcome as published, with the scale it was published on.

    ``scale`` names the framework (``"single-word"`` grades until Sep 2024, ``"report-card"``
    from Nov 2025); ``grades`` holds what was published: one grade, or one per area.
    """

    published_on: date
    scale: str
    grades: tuple[tuple[str, str], ...]


@attrs.frozen
class OfstedOutcomePublished:
    """C4: Ofsted published an outcome for the school."""

    member_id: str
    outcome: OfstedOutcome

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.outcome.published_on


EVENT_TYPES = (
    EventType("hom.member_joined", MemberJoined),
    EventType("hom.notice_given", NoticeGiven),
    EventType("hom.notice_withdrawn", NoticeWithdrawn),
    EventType("hom.urn_changed", UrnChanged),
    EventType("hom.role_holder_appointed", RoleHolderAppointed),
    EventType("hom.ofsted_outcome_published", OfstedOutcomePublished),
)


# -- state -----------------------------------------------------------------------------------


@attrs.frozen
class Membership:
    """One period of membership: from signing to the leaving date, if notice was given.

    ``head`` and ``chair_of_governors`` signed for the member (M1); ``None`` for a member that
    is not a school and recorded neither."""

    joined_on: date
    head: PersonId | None
    chair_of_governors: PersonId | None
    partnership_chair: PersonId
    notice_received_on: date | None = None
    leaves_on: date | None = None

    def active_on(self, day: date) -> bool:
        """M3: a member from the signing day to its leaving date, not from the day after."""
        return self.joined_on <= day and (self.leaves_on is None or day <= self.leaves_on)

    def under_notice_on(self, day: date) -> bool:
        """Notice has been received by ``day`` and membership has not yet ended."""
        return (
            self.notice_received_on is not None
            and self.notice_received_on <= day
            and self.active_on(day)
        )


@attrs.frozen
class Member:
    """An organisation that is or was a member, with its whole history."""

    member_id: str
    name: str
    kind: OrganisationKind
    memberships: tuple[Membership, ...] = ()
    urns: tuple[tuple[date, Urn], ...] = ()
    roles: tuple[RoleHolderAppointed, ...] = ()
    ofsted: tuple[OfstedOutcome, ...] = ()

    def membership_on(self, day: date) -> Membership | None:
        """The membership period ``day`` falls in, if any."""
        for membership in self.memberships:
            if membership.active_on(day):
                return membership
        return None

    def is_member_on(self, day: date) -> bool:
        """M4: was this organisation a member on ``day``?"""
        return self.membership_on(day) is not None

    def urn_on(self, day: date) -> Urn | None:
        """C3: the URN in force on ``day`` (the same member keeps its history)."""
        current = None
        for start, urn in self.urns:
            if start <= day:
                current = urn
        return current

    def holder_on(self, role: Role, day: date) -> PersonId | None:
        """Who holds ``role`` at this member on ``day``."""
        holder = None
        for appointment in self.roles:
            if appointment.role is role and appointment.from_date <= day:
                holder = appointment.person
        return holder

    def joined_for(self, day: date) -> date | None:
        """The joining date of the membership in force on ``day``."""
        membership = self.membership_on(day)
        return membership.joined_on if membership else None


@attrs.frozen
class MembershipState:
    """Every organisation that has ever joined, in order of first joining."""

    members: dict[str, Member] = attrs.field(factory=dict)

    def on(self, day: date) -> list[Member]:
        """M4: the members on ``day``, in order of joining (the current membership's date)."""
        current = [member for member in self.members.values() if member.is_member_on(day)]
        current.sort(key=lambda member: member.joined_for(day) or day)
        return current

    def under_notice(self, day: date) -> Iterator[tuple[Member, date]]:
        """M2: members under notice on ``day``, with their leaving dates."""
        for member in self.on(day):
            membership = member.membership_on(day)
            if membership is not None and membership.under_notice_on(day):
                assert membership.leaves_on is not None
                yield member, membership.leaves_on


def _replace(state: MembershipState, member: Member) -> MembershipState:
    return MembershipState({**state.members, member.member_id: member})


def _with_membership(member: Member, old: Membership, new: Membership) -> Member:
    periods = tuple(new if period is old else period for period in member.memberships)
    return attrs.evolve(member, memberships=periods)


def _with_urn(
    urns: tuple[tuple[date, Urn], ...], from_date: date, urn: Urn
) -> tuple[tuple[date, Urn], ...]:
    """``urns`` with ``urn`` from ``from_date``: one URN per date, the later record wins."""
    return tuple(sorted({**dict(urns), from_date: urn}.items(), key=lambda pair: pair[0]))


def _joined(state: MembershipState, event: MemberJoined) -> MembershipState:
    membership = Membership(
        event.signed_on, event.head, event.chair_of_governors, event.partnership_chair
    )
    member = state.members.get(event.member_id) or Member(event.member_id, event.name, event.kind)
    urns = member.urns
    if event.urn is not None and member.urn_on(event.signed_on) != event.urn:
        urns = _with_urn(urns, event.signed_on, event.urn)
    signatories = ((Role.HEAD, event.head), (Role.CHAIR_OF_GOVERNORS, event.chair_of_governors))
    roles = (
        *member.roles,
        *(
            RoleHolderAppointed(event.member_id, role, person, event.signed_on)
            for role, person in signatories
            if person is not None
        ),
    )
    memberships = tuple(sorted((*member.memberships, membership), key=lambda m: m.joined_on))
    return _replace(
        state,
        attrs.evolve(
            member,
            name=event.name,
            kind=event.kind,
            memberships=memberships,
            urns=urns,
            roles=_by_date(roles),
        ),
    )


def _by_date(roles: tuple[RoleHolderAppointed, ...]) -> tuple[RoleHolderAppointed, ...]:
    return tuple(sorted(roles, key=lambda appointment: appointment.from_date))


def _notice(state: MembershipState, event: NoticeGiven) -> MembershipState:
    member = state.members.get(event.member_id)
    membership = None if member is None else member.membership_on(event.received_on)
    if member is None or membership is None:  # evolve is total: a refused notice changes nothing
        return state
    updated = attrs.evolve(
        membership, notice_received_on=event.received_on, leaves_on=event.leaves_on
    )
    return _replace(state, _with_membership(member, membership, updated))


def _withdrawn(state: MembershipState, event: NoticeWithdrawn) -> MembershipState:
    member = state.members.get(event.member_id)
    membership = None if member is None else member.membership_on(event.withdrawn_on)
    if member is None or membership is None:
        return state
    updated = attrs.evolve(membership, notice_received_on=None, leaves_on=None)
    return _replace(state, _with_membership(member, membership, updated))


# A URN or Ofsted outcome may be dated before the school joined (C3, C4: its history), so
# ``as_of`` a day between the two replays it before the member exists: evolve is total, and
# changes nothing for a member it does not know (yet).


def _urn(state: MembershipState, event: UrnChanged) -> MembershipState:
    member = state.members.get(event.member_id)
    if member is None:
        return state
    urns = _with_urn(member.urns, event.from_date, event.urn)
    return _replace(state, attrs.evolve(member, urns=urns))


def _role(state: MembershipState, event: RoleHolderAppointed) -> MembershipState:
    member = state.members.get(event.member_id)
    if member is None:
        return state
    return _replace(state, attrs.evolve(member, roles=_by_date((*member.roles, event))))


def _ofsted(state: MembershipState, event: OfstedOutcomePublished) -> MembershipState:
    member = state.members.get(event.member_id)
    if member is None:
        return state
    outcomes = tuple(sorted((*member.ofsted, event.outcome), key=lambda o: o.published_on))
    return _replace(state, attrs.evolve(member, ofsted=outcomes))


EVOLVERS: dict[type, Any] = {
    MemberJoined: _joined,
    NoticeGiven: _notice,
    NoticeWithdrawn: _withdrawn,
    UrnChanged: _urn,
    RoleHolderAppointed: _role,
    OfstedOutcomePublished: _ofsted,
}
"""Event class -> ``evolve(membership_state, event)``."""


# -- commands --------------------------------------------------------------------------------


@attrs.frozen
class JoinPartnership:
    """M1: sign the agreement: for the school its head and chair of governors, for the
    partnership its chairperson, on ``signed_on``. Also used to rejoin after leaving (M3).

    A member that is not a school (``kind.is_school`` is false: the council, a business, a
    college, a partnership...) gives ``head=None, chair_of_governors=None``, or either person
    if it has one to record; a school must give both.
    """

    member_id: str
    name: str
    kind: OrganisationKind
    head: PersonId | None
    chair_of_governors: PersonId | None
    partnership_chair: PersonId
    signed_on: date
    urn: Urn | None = None


@attrs.frozen
class GiveNotice:
    """M2: formal written notice to leave, received by the strategic group on ``received_on``."""

    member_id: str
    received_on: date


@attrs.frozen
class WithdrawNotice:
    """M2: withdraw notice before it takes effect (when the notice policy allows)."""

    member_id: str
    withdrawn_on: date


@attrs.frozen
class ChangeUrn:
    """C3: the school has a new URN from ``from_date``."""

    member_id: str
    urn: Urn
    from_date: date


@attrs.frozen
class AppointRoleHolder:
    """Record who holds a role (deputy head, staff representative...) at a member school."""

    member_id: str
    role: Role
    person: PersonId
    from_date: date


@attrs.frozen
class RecordOfstedOutcome:
    """C4: record an Ofsted outcome as published."""

    member_id: str
    outcome: OfstedOutcome


def known_member(
    state: PartnershipState, member_id: str, rule: str, *, of: str = "the partnership"
) -> Member:
    """The member ``member_id``, member now or not, or a violation of ``rule`` if it never
    joined ``of`` (how the message names the partnership: a pack may say "the cluster")."""
    member = state.membership.members.get(member_id)
    if member is None:
        raise RuleViolation(rule, f"{member_id!r} has never joined {of}: check the member id")
    return member


def member_on(
    state: PartnershipState,
    member_id: str,
    day: date,
    rule: str,
    *,
    of: str = "the partnership",
    then: str | None = "it must join (M1) before this",
) -> Member:
    """The member ``member_id``, which must be a member on ``day``, or a violation of ``rule``
    saying why not: it never joined ``of`` (:func:`known_member`), or is not a member that day
    (``then`` says what to do; ``None`` when the caller's rule has nothing to add). For the rules
    of domain packs as much as the core's."""
    member = known_member(state, member_id, rule, of=of)
    if not member.is_member_on(day):
        advice = "" if then is None else f": {then}"
        raise RuleViolation(rule, f"{member.name} is not a member on {day}{advice}")
    return member


def _missing_signature(command: JoinPartnership) -> str | None:
    """M1: whose signature the agreement lacks, if anyone's: the partnership's chairperson's
    for every member, the headteacher's and chair of governors' for a school."""
    school = (("headteacher", command.head), ("chair of governors", command.chair_of_governors))
    signatures = (
        *(school if command.kind.is_school else ()),
        ("partnership chairperson", command.partnership_chair),
    )
    return next((role for role, person in signatures if not person), None)


def decide_join(command: JoinPartnership, state: PartnershipState) -> list[object]:
    """M1 (and M3 for a rejoin): the signatures (three for a school, the partnership
    chairperson's for another kind of member), a date, and not a member already."""
    framework = state.framework
    if framework.formed_on is None:
        raise RuleViolation("M1", "the partnership has not been formed: give FormPartnership")
    if not isinstance(command.signed_on, date) or isinstance(command.signed_on, datetime):
        raise RuleViolation(
            "M1",
            f"the agreement for {command.name} needs the date it was signed, as a date such as "
            f"date(2013, 7, 10), not {command.signed_on!r}",
        )
    if command.signed_on < framework.formed_on:
        raise RuleViolation(
            "M1",
            f"{command.name} cannot sign on {command.signed_on}, before the partnership was "
            f"formed on {framework.formed_on}",
        )
    missing = _missing_signature(command)
    if missing is not None:
        raise RuleViolation(
            "M1",
            f"the agreement for {command.name} lacks the signature of the {missing}: a school "
            "signs by its headteacher and chair of governors, and every member's agreement by "
            "the partnership's chairperson",
        )
    if not command.member_id or not command.name.strip():
        raise RuleViolation("M1", "a member needs a member_id and a name")
    member = state.membership.members.get(command.member_id)
    if member is not None:
        for membership in member.memberships:
            if membership.leaves_on is None or membership.leaves_on >= command.signed_on:
                raise RuleViolation(
                    "M1",
                    f"{member.name} joined on {membership.joined_on} and is still a member on "
                    f"{command.signed_on}: joining twice is an error (a school may rejoin only "
                    "after its leaving date, M3)",
                )
    return [
        MemberJoined(
            command.member_id,
            command.name.strip(),
            command.kind,
            command.urn,
            command.head or None,
            command.chair_of_governors or None,
            command.partnership_chair,
            command.signed_on,
        )
    ]


def decide_notice(command: GiveNotice, state: PartnershipState) -> list[object]:
    """M2: a member gives notice once; the leaving date follows the notice policy in force."""
    member = member_on(state, command.member_id, command.received_on, "M2")
    membership = member.membership_on(command.received_on)
    assert membership is not None
    if membership.leaves_on is not None:
        raise RuleViolation(
            "M2",
            f"{member.name} already gave notice on {membership.notice_received_on} and leaves "
            f"on {membership.leaves_on}: withdraw that notice first to give it again",
        )
    framework = state.framework
    policy = framework.policies_on(command.received_on).notice
    leaves_on = policy.leaving_date(framework.calendar, command.received_on)
    return [NoticeGiven(command.member_id, command.received_on, leaves_on)]


def decide_withdraw(command: WithdrawNotice, state: PartnershipState) -> list[object]:
    """M2: notice can be withdrawn before it takes effect, if the policy allows."""
    member = member_on(state, command.member_id, command.withdrawn_on, "M2")
    membership = member.membership_on(command.withdrawn_on)
    assert membership is not None
    if (
        membership.notice_received_on is None
        or membership.notice_received_on > command.withdrawn_on
    ):
        raise RuleViolation(
            "M2", f"{member.name} has no notice to withdraw on {command.withdrawn_on}"
        )
    if membership is not member.memberships[-1]:
        raise RuleViolation(
            "M2",
            f"{member.name}'s notice took effect on {membership.leaves_on} and it has rejoined "
            "since (M3): a notice cannot be withdrawn after it took effect",
        )
    policy = state.framework.policies_on(command.withdrawn_on).notice
    if not policy.withdrawable:
        raise RuleViolation(
            "M2",
            "the notice policy in force does not allow notice to be withdrawn: adopt a policy "
            "with withdrawable=True, or let the school rejoin after it leaves (M3)",
        )
    return [NoticeWithdrawn(command.member_id, command.withdrawn_on)]


def decide_urn(command: ChangeUrn, state: PartnershipState) -> list[object]:
    """C3: a new URN for the same member, from a date after its last change."""
    member = known_member(state, command.member_id, "C3")
    if member.urn_on(command.from_date) == command.urn:
        raise RuleViolation("C3", f"{member.name} already has URN {command.urn} then")
    if member.urns and command.from_date <= member.urns[-1][0]:
        raise RuleViolation(
            "C3",
            f"{member.name}'s URN last changed on {member.urns[-1][0]}: a new URN must take "
            "effect after that",
        )
    return [UrnChanged(command.member_id, command.urn, command.from_date)]


def decide_role(command: AppointRoleHolder, state: PartnershipState) -> list[object]:
    """Role holders are recorded for members only."""
    member_on(state, command.member_id, command.from_date, "G3")
    if not command.person:
        raise RuleViolation("G3", "give the person id of the role holder")
    return [RoleHolderAppointed(command.member_id, command.role, command.person, command.from_date)]


def decide_ofsted(command: RecordOfstedOutcome, state: PartnershipState) -> list[object]:
    """C4: store what was published, with its date and scale."""
    known_member(state, command.member_id, "C4")
    if not command.outcome.scale or not command.outcome.grades:
        raise RuleViolation("C4", "an Ofsted outcome needs its scale and what was published")
    return [OfstedOutcomePublished(command.member_id, command.outcome)]


DECIDERS: dict[type, Any] = {
    JoinPartnership: decide_join,
    GiveNotice: decide_notice,
    WithdrawNotice: decide_withdraw,
    ChangeUrn: decide_urn,
    AppointRoleHolder: decide_role,
    RecordOfstedOutcome: decide_ofsted,
}
"""Command class -> ``decide(command, partnership_state) -> events``."""
