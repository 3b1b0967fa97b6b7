"""The Manchester Teaching School proposal (MAN1-MAN7): its lead and supporting groups and its
submission to the National College, with the events, state, decisions and view of each."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from hom_core.domain import Money, OrganisationKind, PartnershipState, PartnershipView
from hom_core.domain.history import in_order
from hom_core.domain.membership.state import Member
from hom_core.errors import RuleViolation
from hom_plugins.manchester.checks import after, member_on, on_day
from hom_plugins.manchester.vocabulary import (
    LEAD_GROUP_LIMIT,
    SUPPORTING_KINDS,
    Group,
    is_outstanding,
)

__all__ = [
    "LeaveProposalGroup",
    "PlaceInProposal",
    "Placement",
    "Proposal",
    "ProposalGroupJoined",
    "ProposalGroupLeft",
    "ProposeTeachingSchool",
    "SubmitTeachingSchoolProposal",
    "TeachingSchoolProposalSubmitted",
    "TeachingSchoolProposed",
    "TeachingSchoolView",
]


# -- events ----------------------------------------------------------------------------------


@attrs.frozen
class TeachingSchoolProposed:
    """MAN1: the alliance resolved to propose a Manchester Teaching School."""

    name: str
    proposed_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.proposed_on


@attrs.frozen
class ProposalGroupJoined:
    """MAN2-MAN6: a member joined the lead or the supporting group of the proposal."""

    member_id: str
    group: Group
    joined_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.joined_on


@attrs.frozen
class ProposalGroupLeft:
    """MAN6: a member left its group of the proposal (from ``left_on`` it is in neither)."""

    member_id: str
    left_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.left_on


@attrs.frozen
class TeachingSchoolProposalSubmitted:
    """MAN7: the proposal and its application for funding went to the National College, with
    the groups as they stood that day."""

    submitted_on: date
    funding_requested: Money
    lead: tuple[str, ...]
    supporting: tuple[str, ...]

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.submitted_on


# -- state -----------------------------------------------------------------------------------


@attrs.frozen
class Placement:
    """From ``from_date`` the member is in ``group`` (``None``: in neither group)."""

    member_id: str
    group: Group | None
    from_date: date


@attrs.frozen
class Proposal:
    """The proposal: when it was made, every change to its groups, and its submission."""

    name: str
    proposed_on: date
    placements: tuple[Placement, ...] = ()
    submission: TeachingSchoolProposalSubmitted | None = None

    def group_of(self, member_id: str, day: date) -> Group | None:
        """MAN6: the one group ``member_id`` is in on ``day``, if any."""
        group = None
        for placement in self.placements:
            if placement.member_id == member_id and placement.from_date <= day:
                group = placement.group
        return group

    def in_group(self, group: Group, day: date) -> list[str]:
        """The member ids in ``group`` on ``day``, in the order they joined it."""
        latest: dict[str, Placement] = {}
        for placement in self.placements:
            if placement.from_date <= day:
                latest[placement.member_id] = placement
        placed = [placement for placement in latest.values() if placement.group is group]
        return [placement.member_id for placement in sorted(placed, key=_from_date)]

    @property
    def last_change(self) -> date:
        """The date of the latest change to the groups (or of the proposal itself)."""
        return max((self.proposed_on, *(placement.from_date for placement in self.placements)))


def _from_date(placement: Placement) -> date:
    return placement.from_date


def _place(proposal: Proposal | None, placement: Placement) -> Proposal | None:
    if proposal is None:  # evolve is total: a group change without a proposal changes nothing
        return None
    placements = in_order(
        proposal.placements, placement, _from_date, lambda p: (p.member_id, p.from_date)
    )
    return attrs.evolve(proposal, placements=placements)


def _proposed(_: Proposal | None, event: TeachingSchoolProposed) -> Proposal | None:
    return Proposal(event.name, event.proposed_on)


def _joined(proposal: Proposal | None, event: ProposalGroupJoined) -> Proposal | None:
    return _place(proposal, Placement(event.member_id, event.group, event.joined_on))


def _left(proposal: Proposal | None, event: ProposalGroupLeft) -> Proposal | None:
    return _place(proposal, Placement(event.member_id, None, event.left_on))


def _submitted(
    proposal: Proposal | None, event: TeachingSchoolProposalSubmitted
) -> Proposal | None:
    return None if proposal is None else attrs.evolve(proposal, submission=event)


EVOLVERS: dict[type, Any] = {
    TeachingSchoolProposed: _proposed,
    ProposalGroupJoined: _joined,
    ProposalGroupLeft: _left,
    TeachingSchoolProposalSubmitted: _submitted,
}
"""Event class -> ``evolve(proposal, event)``."""


# -- commands --------------------------------------------------------------------------------


@attrs.frozen
class ProposeTeachingSchool:
    """MAN1: propose a Manchester Teaching School (once)."""

    name: str
    proposed_on: date


@attrs.frozen
class PlaceInProposal:
    """MAN2-MAN6: put a member of the alliance in the lead or the supporting group."""

    member_id: str
    group: Group
    from_date: date


@attrs.frozen
class LeaveProposalGroup:
    """MAN6: take a member out of its group of the proposal."""

    member_id: str
    left_on: date


@attrs.frozen
class SubmitTeachingSchoolProposal:
    """MAN7: send the proposal, with an application for ``funding_requested``, to the National
    College; the groups are then fixed as submitted."""

    submitted_on: date
    funding_requested: Money


# -- decisions -------------------------------------------------------------------------------


def decide_propose(
    command: ProposeTeachingSchool, core: PartnershipState, proposal: Proposal | None
) -> list[object]:
    """MAN1: one Manchester Teaching School is proposed, with a name."""
    day = on_day(core, command.proposed_on, "MAN1", "the proposal")
    if proposal is not None:
        raise RuleViolation(
            "MAN1", f"{proposal.name} was already proposed on {proposal.proposed_on}"
        )
    if not isinstance(command.name, str) or not command.name.strip():
        raise RuleViolation("MAN1", "give the proposed teaching school a name")
    return [TeachingSchoolProposed(command.name.strip(), day)]


def _open(proposal: Proposal | None, day: date, rule: str) -> Proposal:
    """The proposal, still open to changes on ``day``."""
    if proposal is None:
        raise RuleViolation(rule, "no teaching school is proposed: give ProposeTeachingSchool")
    if proposal.submission is not None:
        raise RuleViolation(
            "MAN7",
            f"the proposal went to the National College on {proposal.submission.submitted_on} "
            "with its groups as they stood: they can no longer change",
        )
    after(proposal.last_change, day, rule, "the proposal's groups", same_day=True)
    return proposal


def group_members(
    core: PartnershipState, proposal: Proposal, group: Group, day: date
) -> list[Member]:
    """The members of ``group`` on ``day`` that are still members of the alliance then."""
    members = core.membership.members
    return [
        members[member_id]
        for member_id in proposal.in_group(group, day)
        if members[member_id].is_member_on(day)
    ]


def decide_place(
    command: PlaceInProposal, core: PartnershipState, proposal: Proposal | None
) -> list[object]:
    """MAN2-MAN6: a member of the alliance, in one group only, of a kind that group takes; the
    lead group small, outstanding and with one sixth form college at most."""
    day = on_day(core, command.from_date, "MAN6", "a place in the proposal")
    current = _open(proposal, day, "MAN6")
    member = member_on(core, command.member_id, day, "MAN6")
    if not isinstance(command.group, Group):
        raise RuleViolation(
            "MAN6", f"the group is Group.LEAD or Group.SUPPORTING, not {command.group!r}"
        )
    group = current.group_of(member.member_id, day)
    if group is not None:
        raise RuleViolation(
            "MAN6",
            f"{member.name} is in the {group.value} group already: a member is in one group only "
            "(give LeaveProposalGroup first to move it)",
        )
    if command.group is Group.SUPPORTING:
        _check_supporting(member)
    else:
        _check_lead(member, group_members(core, current, Group.LEAD, day), day)
    return [ProposalGroupJoined(member.member_id, command.group, day)]


def _check_supporting(member: Member) -> None:
    if member.kind not in SUPPORTING_KINDS:
        raise RuleViolation(
            "MAN5",
            f"{member.name} is a {member.kind.value} member: the supporting group is of "
            "primary, secondary and special schools",
        )


def _check_lead(member: Member, lead: list[Member], day: date) -> None:
    college = OrganisationKind.COLLEGE
    if not (member.kind.is_school or member.kind is college):
        raise RuleViolation(
            "MAN4",
            f"{member.name} is a {member.kind.value} member: the lead group is of schools and "
            "one sixth form college",
        )
    if member.kind is college and any(other.kind is college for other in lead):
        raise RuleViolation(
            "MAN4", "the lead group has its sixth form college already: it takes one"
        )
    if not is_outstanding(member, day):
        raise RuleViolation(
            "MAN3",
            f"{member.name}'s latest Ofsted outcome by {day} is not Outstanding: the lead group "
            "is of outstanding schools (record the outcome with RecordOfstedOutcome)",
        )
    if len(lead) >= LEAD_GROUP_LIMIT:
        raise RuleViolation(
            "MAN2",
            f"the lead group has {len(lead)} members: it is small, {LEAD_GROUP_LIMIT} at most",
        )


def decide_leave(
    command: LeaveProposalGroup, core: PartnershipState, proposal: Proposal | None
) -> list[object]:
    """MAN6: a member in a group of the proposal leaves it."""
    day = on_day(core, command.left_on, "MAN6", "leaving the proposal")
    current = _open(proposal, day, "MAN6")
    if current.group_of(command.member_id, day) is None:
        raise RuleViolation(
            "MAN6", f"{command.member_id!r} is in neither group of the proposal on {day}"
        )
    return [ProposalGroupLeft(command.member_id, day)]


def decide_submit(
    command: SubmitTeachingSchoolProposal, core: PartnershipState, proposal: Proposal | None
) -> list[object]:
    """MAN7 with MAN3-MAN5: once, with funding asked for; led by outstanding schools and the one
    sixth form college, supported by a larger group."""
    day = on_day(core, command.submitted_on, "MAN7", "the submission")
    current = _open(proposal, day, "MAN7")
    if not isinstance(command.funding_requested, Money) or command.funding_requested.pence <= 0:
        raise RuleViolation(
            "MAN7",
            "the proposal includes an application for funding: give funding_requested as "
            f"Money of more than £0, not {command.funding_requested!r}",
        )
    lead = group_members(core, current, Group.LEAD, day)
    supporting = group_members(core, current, Group.SUPPORTING, day)
    colleges = sum(member.kind is OrganisationKind.COLLEGE for member in lead)
    if colleges != 1 or len(lead) == colleges:
        raise RuleViolation(
            "MAN4",
            "the lead group is outstanding schools and one sixth form college: it has "
            f"{len(lead) - colleges} schools and {colleges} colleges",
        )
    for member in lead:
        if not is_outstanding(member, day):
            raise RuleViolation(
                "MAN3",
                f"{member.name} leads, but its latest Ofsted outcome by {day} is not "
                "Outstanding: take it out of the lead group before submitting",
            )
    if len(supporting) <= len(lead):
        raise RuleViolation(
            "MAN5",
            f"the supporting group ({len(supporting)}) must be larger than the lead group "
            f"({len(lead)})",
        )
    return [
        TeachingSchoolProposalSubmitted(
            day,
            command.funding_requested,
            tuple(member.member_id for member in lead),
            tuple(member.member_id for member in supporting),
        )
    ]


DECIDERS: dict[type, Any] = {
    ProposeTeachingSchool: decide_propose,
    PlaceInProposal: decide_place,
    LeaveProposalGroup: decide_leave,
    SubmitTeachingSchoolProposal: decide_submit,
}
"""Command class -> ``decide(command, partnership_state, proposal)``."""


# -- view ------------------------------------------------------------------------------------


@attrs.frozen
class TeachingSchoolView:
    """The proposal as of the view's day: its groups (members of the alliance then) and its
    submission. ``proposal`` is ``None`` while no teaching school is proposed."""

    partnership: PartnershipView
    proposal: Proposal | None

    def lead(self) -> list[Member]:
        """MAN2-MAN4: the lead group, in the order its members joined it."""
        return self._group(Group.LEAD)

    def supporting(self) -> list[Member]:
        """MAN5: the supporting group, in the order its members joined it."""
        return self._group(Group.SUPPORTING)

    def _group(self, group: Group) -> list[Member]:
        if self.proposal is None:
            return []
        return group_members(self.partnership.state, self.proposal, group, self.partnership.day)

    def not_outstanding(self) -> list[Member]:
        """MAN3: lead members whose latest Ofsted outcome by the day is not Outstanding."""
        return [m for m in self.lead() if not is_outstanding(m, self.partnership.day)]

    def submission(self) -> TeachingSchoolProposalSubmitted | None:
        """MAN7: the submission to the National College, once made (by the day)."""
        submission = None if self.proposal is None else self.proposal.submission
        if submission is None or submission.submitted_on > self.partnership.day:
            return None
        return submission
