"""The banker's part (F4): appointing the banker school, spending the funds it holds."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.checks import formed, known_member, typed
from hom_core.domain.funding.checks import positive
from hom_core.domain.funding.events import BankerAppointed, FundsSpent
from hom_core.domain.funding.holding import holding
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.domain.values import Money
from hom_core.errors import RuleViolation

__all__ = ["AppointBanker", "SpendFunds"]


@attrs.frozen
class AppointBanker:
    """F4: appoint the member school that holds the funds from ``from_date``, by a decision
    taken on ``appointed_on`` (by default ``from_date``)."""

    member_id: str
    from_date: date
    appointed_on: date | None = None


@decides(AppointBanker)
def decide_banker(command: AppointBanker, inputs: FundingInputs) -> list[object]:
    """F4: the banker is a member school on the day it takes over, and not under notice."""
    appointed_on = command.appointed_on or command.from_date
    typed(
        "F4",
        member_id=(command.member_id, str),
        from_date=(command.from_date, date),
        appointed_on=(appointed_on, date),
    )
    formed(inputs, "F4", appointed_on, "a banker appointed")
    member = known_member(inputs, command.member_id, "F4")
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
    current = inputs.funding.banker_appointment_on(command.from_date)
    if current is not None and current.member_id == command.member_id:
        raise RuleViolation(
            "F4",
            f"{member.name} is already the banker on {command.from_date} (from "
            f"{current.from_date})",
        )
    return [BankerAppointed(command.member_id, command.from_date, appointed_on)]


@attrs.frozen
class SpendFunds:
    """F4: spend ``amount`` of the funds the banker holds, for ``purpose``."""

    amount: Money
    spent_on: date
    purpose: str


@decides(SpendFunds)
def decide_spend(command: SpendFunds, inputs: FundingInputs) -> list[object]:
    """F4: spending of more than £0, for a stated purpose, that never takes the holding below
    zero (on its day, or on the day of any spending recorded after it)."""
    typed(
        "F4",
        amount=(command.amount, Money),
        spent_on=(command.spent_on, date),
        purpose=(command.purpose, str),
    )
    formed(inputs, "F4", command.spent_on, "spending")
    positive(command.amount, "F4", "spending")
    if not command.purpose.strip():
        raise RuleViolation("F4", "say what the money is spent on: give SpendFunds(purpose=...)")
    days = {command.spent_on} | {
        spend.spent_on for spend in inputs.funding.spending if spend.spent_on > command.spent_on
    }
    for day in sorted(days):
        held = holding(inputs, day)
        if command.amount > held:
            raise RuleViolation(
                "F4",
                f"the banker holds {held} on {day}, so {command.amount} spent on "
                f"{command.spent_on} cannot be paid from the funds: spend at most "
                f"{max(held, Money.zero())}",
            )
    return [FundsSpent(command.amount, command.spent_on, command.purpose.strip())]


@checks(BankerAppointed)
def check_banker(event: BankerAppointed, inputs: FundingInputs) -> None:
    """F4, R2: the banker is still a member school, not under notice, on the day it takes
    over."""
    decide_banker(AppointBanker(event.member_id, event.from_date, event.appointed_on), inputs)


@checks(FundsSpent)
def check_spending(event: FundsSpent, inputs: FundingInputs) -> None:
    """F4, R2: the banker still held the money on the day it was spent, and on every later day
    of spending before it (a retracted payment can leave it short)."""
    decide_spend(SpendFunds(event.amount, event.spent_on, event.purpose), inputs)
