"""What the membership rules ask by a date: a member's notice taking effect (M2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hom_core.decider import obliges
from hom_core.domain.membership.inputs import MembershipInputs
from hom_core.obligations import STRATEGIC_GROUP, Obligation, Responsibility

__all__ = ["notice_taking_effect"]


@obliges
def notice_taking_effect(inputs: MembershipInputs, day: date) -> Iterator[Obligation]:
    """M2: a member's notice takes effect on its leaving date, by the calendar: the strategic
    group settles what the leaver held (the chair, the banker, a group) before then. No command
    discharges it; it is done the day after the leaving date, unless the notice is withdrawn
    first (WithdrawNotice), when it is no longer asked."""
    for member in inputs.membership.members.values():
        for membership in member.memberships:
            if membership.notice_received_on is None or membership.leaves_on is None:
                continue
            leaves_on = membership.leaves_on
            yield Obligation(
                "M2",
                f"notice/{member.member_id}/{membership.joined_on}",
                f"{member.name}'s notice takes effect: it leaves on {leaves_on}",
                membership.notice_received_on,
                leaves_on,
                "strategic group",
                None,
                leaves_on + timedelta(days=1),
                role=Responsibility(STRATEGIC_GROUP),
            )
