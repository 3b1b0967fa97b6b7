"""The Manchester Teaching School proposal as recorded (MAN1-MAN7): its events, the proposal
with every change to its lead and supporting groups and its submission, and how each event
changes it. The rules and questions are :mod:`~hom_plugins.packs.manchester.teaching_school`'s."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import evolves
from hom_core.domain import Money
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.history import in_order
from hom_core.domain.membership.state import MembershipState
from hom_plugins.packs.manchester.vocabulary import Group

__all__ = [
    "Placement",
    "Proposal",
    "ProposalGroupJoined",
    "ProposalGroupLeft",
    "ProposalInputs",
    "TeachingSchoolProposalSubmitted",
    "TeachingSchoolProposed",
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


@attrs.frozen
class ProposalInputs:
    """What the rules of the teaching school proposal (MAN1-MAN7) read: the framework
    (formation), the alliance's members and the proposal."""

    framework: FrameworkState
    membership: MembershipState
    proposal: Proposal | None


@evolves(TeachingSchoolProposed, "manchester.teaching_school_proposed")
def _proposed(_: Proposal | None, event: TeachingSchoolProposed) -> Proposal | None:
    return Proposal(event.name, event.proposed_on)


@evolves(ProposalGroupJoined, "manchester.proposal_group_joined")
def _joined(proposal: Proposal | None, event: ProposalGroupJoined) -> Proposal | None:
    return _place(proposal, Placement(event.member_id, event.group, event.joined_on))


@evolves(ProposalGroupLeft, "manchester.proposal_group_left")
def _left(proposal: Proposal | None, event: ProposalGroupLeft) -> Proposal | None:
    return _place(proposal, Placement(event.member_id, None, event.left_on))


@evolves(TeachingSchoolProposalSubmitted, "manchester.teaching_school_proposal_submitted")
def _submitted(
    proposal: Proposal | None, event: TeachingSchoolProposalSubmitted
) -> Proposal | None:
    return None if proposal is None else attrs.evolve(proposal, submission=event)
