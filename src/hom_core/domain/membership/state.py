"""The membership part of the state (:class:`MembershipState`: every member with its history)
and how each membership event changes it.

A URN or Ofsted outcome may be dated before the school joined (C3, C4: its history), so
``as_of`` a day between the two, or the history read in effective-date order (R2), replays it
before the member exists: evolve is total, keeps it aside (``early``) and gives it to the member
when it joins.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs

from hom_core.decider import evolves
from hom_core.domain.membership.events import (
    MemberJoined,
    NoticeGiven,
    NoticeWithdrawn,
    OfstedOutcomePublished,
    RoleHolderAppointed,
    UrnChanged,
)
from hom_core.domain.membership.vocabulary import OfstedOutcome, OrganisationKind, Role
from hom_core.domain.values import Urn
from hom_core.people import PersonId

__all__ = ["Member", "Membership", "MembershipState"]


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
    early: dict[str, tuple[UrnChanged | OfstedOutcomePublished, ...]] = attrs.field(factory=dict)
    """URNs and Ofsted outcomes of organisations that have not joined yet, by id, in the
    order read: the member takes them when it joins."""

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
    return MembershipState({**state.members, member.member_id: member}, state.early)


def _kept_early(
    state: MembershipState, event: UrnChanged | OfstedOutcomePublished
) -> MembershipState:
    early = {**state.early, event.member_id: (*state.early.get(event.member_id, ()), event)}
    return MembershipState(state.members, early)


def _with_membership(member: Member, old: Membership, new: Membership) -> Member:
    periods = tuple(new if period is old else period for period in member.memberships)
    return attrs.evolve(member, memberships=periods)


def _with_urn(
    urns: tuple[tuple[date, Urn], ...], from_date: date, urn: Urn
) -> tuple[tuple[date, Urn], ...]:
    """``urns`` with ``urn`` from ``from_date``: one URN per date, the later record wins."""
    return tuple(sorted({**dict(urns), from_date: urn}.items(), key=lambda pair: pair[0]))


@evolves(MemberJoined, "hom.member_joined")
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
    member = attrs.evolve(
        member,
        name=event.name,
        kind=event.kind,
        memberships=memberships,
        urns=urns,
        roles=_by_date(roles),
    )
    early = state.early.get(event.member_id, ())
    for fact in early:
        if isinstance(fact, UrnChanged):
            member = _with_urn_changed(member, fact)
        else:
            member = _with_ofsted(member, fact)
    if early:
        state = MembershipState(
            state.members,
            {key: value for key, value in state.early.items() if key != event.member_id},
        )
    return _replace(state, member)


def _by_date(roles: tuple[RoleHolderAppointed, ...]) -> tuple[RoleHolderAppointed, ...]:
    return tuple(sorted(roles, key=lambda appointment: appointment.from_date))


@evolves(NoticeGiven, "hom.notice_given")
def _notice(state: MembershipState, event: NoticeGiven) -> MembershipState:
    member = state.members.get(event.member_id)
    membership = None if member is None else member.membership_on(event.received_on)
    if member is None or membership is None:  # evolve is total: a refused notice changes nothing
        return state
    updated = attrs.evolve(
        membership, notice_received_on=event.received_on, leaves_on=event.leaves_on
    )
    return _replace(state, _with_membership(member, membership, updated))


@evolves(NoticeWithdrawn, "hom.notice_withdrawn")
def _withdrawn(state: MembershipState, event: NoticeWithdrawn) -> MembershipState:
    member = state.members.get(event.member_id)
    membership = None if member is None else member.membership_on(event.withdrawn_on)
    if member is None or membership is None:
        return state
    updated = attrs.evolve(membership, notice_received_on=None, leaves_on=None)
    return _replace(state, _with_membership(member, membership, updated))


@evolves(UrnChanged, "hom.urn_changed")
def _urn(state: MembershipState, event: UrnChanged) -> MembershipState:
    member = state.members.get(event.member_id)
    if member is None:
        return _kept_early(state, event)
    return _replace(state, _with_urn_changed(member, event))


def _with_urn_changed(member: Member, event: UrnChanged) -> Member:
    return attrs.evolve(member, urns=_with_urn(member.urns, event.from_date, event.urn))


@evolves(RoleHolderAppointed, "hom.role_holder_appointed")
def _role(state: MembershipState, event: RoleHolderAppointed) -> MembershipState:
    member = state.members.get(event.member_id)
    if member is None:
        return state
    return _replace(state, attrs.evolve(member, roles=_by_date((*member.roles, event))))


@evolves(OfstedOutcomePublished, "hom.ofsted_outcome_published")
def _ofsted(state: MembershipState, event: OfstedOutcomePublished) -> MembershipState:
    member = state.members.get(event.member_id)
    if member is None:
        return _kept_early(state, event)
    return _replace(state, _with_ofsted(member, event))


def _with_ofsted(member: Member, event: OfstedOutcomePublished) -> Member:
    outcomes = tuple(sorted((*member.ofsted, event.outcome), key=lambda o: o.published_on))
    return attrs.evolve(member, ofsted=outcomes)
