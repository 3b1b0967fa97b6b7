"""Deciding the banker's part (F4): appointing the banker school, spending the funds it holds."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hom_core.domain.funding.checks import _formed, _member, _positive, _typed
from hom_core.domain.funding.commands import AppointBanker, SpendFunds
from hom_core.domain.funding.events import BankerAppointed, FundsSpent
from hom_core.domain.funding.holding import _holding
from hom_core.domain.values import Money
from hom_core.errors import RuleViolation

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


def decide_banker(command: AppointBanker, state: PartnershipState) -> list[object]:
    """F4: the banker is a member school on the day it takes over, and not under notice."""
    appointed_on = command.appointed_on or command.from_date
    _typed(
        "F4",
        member_id=(command.member_id, str),
        from_date=(command.from_date, date),
        appointed_on=(appointed_on, date),
    )
    _formed(state, "F4", appointed_on, "a banker appointed")
    member = _member(state, command.member_id, "F4")
    if appointed_on > command.from_date:
        raise RuleViolation(
            "F4",
            f"an appointment decided on {appointed_on} cannot take effect earlier, on "
            f"{command.from_date}: give a from_date on or after appointed_on",
        )
    if not member.kind.is_school:
        raise RuleViolation(
            "F4", f"{member.name} is not a school: the funds are held by a banker school"
        )
    membership = member.membership_on(command.from_date)
    if membership is None:
        raise RuleViolation(
            "F4",
            f"{member.name} is not a member on {command.from_date}: the banker school must be a "
            "member; appoint a member school",
        )
    if membership.leaves_on is not None:
        raise RuleViolation(
            "F4",
            f"{member.name} has given notice and leaves on {membership.leaves_on}: appoint a "
            "member school that is not under notice",
        )
    current = state.funding.banker_appointment_on(command.from_date)
    if current is not None and current.member_id == command.member_id:
        raise RuleViolation(
            "F4",
            f"{member.name} is already the banker on {command.from_date} (from "
            f"{current.from_date})",
        )
    return [BankerAppointed(command.member_id, command.from_date, appointed_on)]


def decide_spend(command: SpendFunds, state: PartnershipState) -> list[object]:
    """F4: spending of more than £0, for a stated purpose, that never takes the holding below
    zero (on its day, or on the day of any spending recorded after it)."""
    _typed(
        "F4",
        amount=(command.amount, Money),
        spent_on=(command.spent_on, date),
        purpose=(command.purpose, str),
    )
    _formed(state, "F4", command.spent_on, "spending")
    _positive(command.amount, "F4", "spending")
    if not command.purpose.strip():
        raise RuleViolation("F4", "say what the money is spent on: give SpendFunds(purpose=...)")
    days = {command.spent_on} | {
        spend.spent_on for spend in state.funding.spending if spend.spent_on > command.spent_on
    }
    for day in sorted(days):
        holding = _holding(state, day)
        if command.amount > holding:
            raise RuleViolation(
                "F4",
                f"the banker holds {holding} on {day}, so {command.amount} spent on "
                f"{command.spent_on} cannot be paid from the funds: spend at most "
                f"{max(holding, Money.zero())}",
            )
    return [FundsSpent(command.amount, command.spent_on, command.purpose.strip())]
