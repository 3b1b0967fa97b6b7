"""The Manchester Teaching School proposal (MAN1-MAN7): proposing it, its lead and supporting
groups, its submission to the National College, each command beside how it is decided against
:class:`~hom_plugins.packs.manchester.proposal.ProposalInputs`; and its view."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.application import PartnershipView
from hom_core.decider import checks, decides
from hom_core.domain import Money, OrganisationKind
from hom_core.domain.checks import ReadsMembership
from hom_core.domain.membership.state import Member
from hom_core.errors import RuleViolation
from hom_plugins.packs.manchester.checks import after, member_on, on_day
from hom_plugins.packs.manchester.proposal import (
    Proposal,
    ProposalGroupJoined,
    ProposalGroupLeft,
    ProposalInputs,
    TeachingSchoolProposalSubmitted,
    TeachingSchoolProposed,
)
from hom_plugins.packs.manchester.vocabulary import (
    LEAD_GROUP_LIMIT,
    SUPPORTING_KINDS,
    Group,
    is_outstanding,
)

__all__ = [
    "LeaveProposalGroup",
    "PlaceInProposal",
    "ProposeTeachingSchool",
    "SubmitTeachingSchoolProposal",
    "TeachingSchoolView",
    "group_members",
]


# -- commands, and how each is decided -----------------------------------------------------


@attrs.frozen
class ProposeTeachingSchool:
    """MAN1: propose a Manchester Teaching School (once)."""

    name: str
    proposed_on: date


@decides(ProposeTeachingSchool)
def decide_propose(command: ProposeTeachingSchool, inputs: ProposalInputs) -> list[object]:
    """MAN1: one Manchester Teaching School is proposed, with a name."""
    day = on_day(inputs, command.proposed_on, "MAN1", "the proposal")
    if inputs.proposal is not None:
        raise RuleViolation(
            "MAN1", f"{inputs.proposal.name} was already proposed on {inputs.proposal.proposed_on}"
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
    given: ReadsMembership, proposal: Proposal, group: Group, day: date
) -> list[Member]:
    """The members of ``group`` on ``day`` that are still members of the alliance then."""
    members = given.membership.members
    return [
        members[member_id]
        for member_id in proposal.in_group(group, day)
        if members[member_id].is_member_on(day)
    ]


@attrs.frozen
class PlaceInProposal:
    """MAN2-MAN6: put a member of the alliance in the lead or the supporting group."""

    member_id: str
    group: Group
    from_date: date


@decides(PlaceInProposal)
def decide_place(command: PlaceInProposal, inputs: ProposalInputs) -> list[object]:
    """MAN2-MAN6: a member of the alliance, in one group only, of a kind that group takes; the
    lead group small, outstanding and with one sixth form college at most."""
    day = on_day(inputs, command.from_date, "MAN6", "a place in the proposal")
    current = _open(inputs.proposal, day, "MAN6")
    member = member_on(inputs, command.member_id, day, "MAN6")
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
        _check_lead(member, group_members(inputs, current, Group.LEAD, day), day)
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


@attrs.frozen
class LeaveProposalGroup:
    """MAN6: take a member out of its group of the proposal."""

    member_id: str
    left_on: date


@decides(LeaveProposalGroup)
def decide_leave(command: LeaveProposalGroup, inputs: ProposalInputs) -> list[object]:
    """MAN6: a member in a group of the proposal leaves it."""
    day = on_day(inputs, command.left_on, "MAN6", "leaving the proposal")
    current = _open(inputs.proposal, day, "MAN6")
    if current.group_of(command.member_id, day) is None:
        raise RuleViolation(
            "MAN6", f"{command.member_id!r} is in neither group of the proposal on {day}"
        )
    return [ProposalGroupLeft(command.member_id, day)]


@attrs.frozen
class SubmitTeachingSchoolProposal:
    """MAN7: send the proposal, with an application for ``funding_requested``, to the National
    College; the groups are then fixed as submitted."""

    submitted_on: date
    funding_requested: Money


@decides(SubmitTeachingSchoolProposal)
def decide_submit(command: SubmitTeachingSchoolProposal, inputs: ProposalInputs) -> list[object]:
    """MAN7 with MAN3-MAN5: once, with funding asked for; led by outstanding schools and the one
    sixth form college, supported by a larger group."""
    day = on_day(inputs, command.submitted_on, "MAN7", "the submission")
    current = _open(inputs.proposal, day, "MAN7")
    if not isinstance(command.funding_requested, Money) or command.funding_requested.pence <= 0:
        raise RuleViolation(
            "MAN7",
            "the proposal includes an application for funding: give funding_requested as "
            f"Money of more than £0, not {command.funding_requested!r}",
        )
    lead = group_members(inputs, current, Group.LEAD, day)
    supporting = group_members(inputs, current, Group.SUPPORTING, day)
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


# -- checks of recorded facts, read in effective-date order (R2) -----------------------------


@checks(ProposalGroupJoined)
def check_placed(event: ProposalGroupJoined, inputs: ProposalInputs) -> None:
    """MAN2-MAN6, R2: still a member of the alliance that day, in one group only, of a kind the
    group takes (the lead group small and outstanding)."""
    decide_place(PlaceInProposal(event.member_id, event.group, event.joined_on), inputs)


@checks(ProposalGroupLeft)
def check_left(event: ProposalGroupLeft, inputs: ProposalInputs) -> None:
    """MAN6, R2: the member is still in a group of the open proposal when it leaves it."""
    decide_leave(LeaveProposalGroup(event.member_id, event.left_on), inputs)


@checks(TeachingSchoolProposalSubmitted)
def check_submitted(event: TeachingSchoolProposalSubmitted, inputs: ProposalInputs) -> None:
    """MAN3-MAN5, MAN7, R2: the groups on the day still make a proposal that may be submitted.
    The groups it names are kept as submitted."""
    decide_submit(SubmitTeachingSchoolProposal(event.submitted_on, event.funding_requested), inputs)


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
