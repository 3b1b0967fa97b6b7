"""The contributions (C2, F1-F3, F6): a census, the rate, a call for contributions, a payment;
each command beside how it is decided."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from hom_core.decider import decides
from hom_core.domain.checks import formed, known_member, typed
from hom_core.domain.funding.amounts import contribution
from hom_core.domain.funding.checks import partnership_year, positive
from hom_core.domain.funding.events import (
    CensusSubmitted,
    ContributionAdjusted,
    ContributionDue,
    ContributionPaid,
    ContributionRateSet,
)
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.domain.funding.state import Census
from hom_core.domain.membership.state import Member, Membership
from hom_core.domain.policies import JoinerCharge
from hom_core.domain.values import FinancialYear, Fte, Money
from hom_core.errors import RuleViolation

__all__ = ["CallContributions", "RecordPayment", "SetContributionRate", "SubmitCensus"]


@attrs.frozen
class SubmitCensus:
    """C2: submit a school's January census: its full-time and part-time pupils on
    ``census_date``, received on ``submitted_on`` (by default the census date). Submitting
    again for the same January corrects it."""

    member_id: str
    census_date: date
    full_time: int
    part_time: int
    submitted_on: date | None = None


@decides(SubmitCensus)
def decide_census(command: SubmitCensus, inputs: FundingInputs) -> list[object]:
    """C2: a January census of a member school, with whole counts; a correction after the
    census set a contribution also adjusts that contribution by the difference."""
    submitted_on = command.submitted_on or command.census_date
    typed(
        "C2",
        member_id=(command.member_id, str),
        census_date=(command.census_date, date),
        submitted_on=(submitted_on, date),
    )
    member = known_member(inputs, command.member_id, "C2")
    if not member.kind.is_school:
        raise RuleViolation(
            "C2", f"{member.name} is not a school: only member schools submit a census (F1)"
        )
    if command.census_date.month != 1:
        raise RuleViolation(
            "C2",
            f"a census dated {command.census_date} is not a January census: only the January "
            "(spring) census sets contributions (F1); give the date of that census",
        )
    if submitted_on < command.census_date:
        raise RuleViolation(
            "C2",
            f"a census taken on {command.census_date} cannot be submitted on {submitted_on}, "
            "before it was taken: give submitted_on on or after the census date",
        )
    try:
        fte = Fte.of(command.full_time, command.part_time)
    except ValueError as error:
        raise RuleViolation("C2", str(error)) from None
    if not member.is_member_on(submitted_on):
        raise RuleViolation(
            "C2",
            f"{member.name} is not a member on {submitted_on}: a census is submitted by a member "
            "(give submitted_on on or after it signs); after it has left, its contributions "
            "stay as they were (F5)",
        )
    events: list[object] = [
        CensusSubmitted(
            command.member_id,
            command.census_date,
            command.full_time,
            command.part_time,
            submitted_on,
        )
    ]
    for item in inputs.funding.contributions:
        if (
            item.member_id != command.member_id
            or item.due.census_date.year != command.census_date.year
        ):
            continue  # only a contribution set by the census this one replaces is adjusted
        difference = contribution(item.due.rate, fte, item.due.months) - item.owed
        if difference == Money.zero():
            continue
        events.append(
            ContributionAdjusted(
                command.member_id,
                item.financial_year,
                difference,
                fte,
                f"census of January {command.census_date.year} corrected: {item.fte} FTE -> "
                f"{fte} FTE",
                max(submitted_on, item.due.due_on),
            )
        )
    return events


@attrs.frozen
class SetContributionRate:
    """F3: set the rate per FTE from the start of ``financial_year`` (the annual review)."""

    financial_year: FinancialYear
    rate: Money
    set_on: date


def _later_called_years(inputs: FundingInputs, financial_year: FinancialYear) -> list[str]:
    """The called years from ``financial_year`` on that would take a rate set for it."""
    funding = inputs.funding
    explicit = {setting.financial_year for setting in funding.rates}
    affected = []
    for year in sorted({item.financial_year for item in funding.contributions}):
        if year.start_month != financial_year.start_month or year < financial_year:
            continue
        if any(
            financial_year < other <= year and other.start_month == year.start_month
            for other in explicit
        ):
            continue
        affected.append(str(year))
    return affected


@decides(SetContributionRate)
def decide_rate(command: SetContributionRate, inputs: FundingInputs) -> list[object]:
    """F3: a rate applies from the start of a year, and never to a year already called."""
    typed(
        "F3",
        financial_year=(command.financial_year, FinancialYear),
        rate=(command.rate, Money),
        set_on=(command.set_on, date),
    )
    formed(inputs, "F3", command.set_on, "a rate set")
    partnership_year(inputs, command.financial_year)
    if command.rate < Money.zero():
        raise RuleViolation("F3", f"a rate per FTE cannot be negative ({command.rate})")
    affected = _later_called_years(inputs, command.financial_year)
    if affected:
        raise RuleViolation(
            "F3",
            f"contributions for {', '.join(affected)} were already called at the rate then in "
            f"force, and a rate set for {command.financial_year} would apply to them: set the "
            "rate for a year not yet called (a new rate applies from the start of a year)",
        )
    return [ContributionRateSet(command.financial_year, command.rate, command.set_on)]


@attrs.frozen
class CallContributions:
    """F1, F2, F6: fix what each member school owes for ``financial_year``.

    Bills every school that is a member on the year's first day, or joins between then and
    ``called_on``, and has not been billed for the year yet; calling again after a school joins
    bills only the joiner.
    """

    financial_year: FinancialYear
    called_on: date


def _billable_from(member: Member, first: date, last: date) -> Membership | None:
    """The member's first period of membership overlapping ``first`` to ``last``."""
    for membership in member.memberships:
        if membership.joined_on <= last and (
            membership.leaves_on is None or membership.leaves_on >= first
        ):
            return membership
    return None


def _joiner_census(inputs: FundingInputs, member_id: str, joined_on: date) -> Census | None:
    """F6: the most recent January census on or before ``joined_on``."""
    years = (joined_on.year, joined_on.year - 1) if joined_on.month == 1 else (joined_on.year,)
    for year in years:
        census = inputs.funding.census(member_id, year)
        if census is not None and census.census_date <= joined_on:
            return census
    return None


def _months_left(financial_year: FinancialYear, joined_on: date) -> int:
    """Months from the joining month to the end of the year, the joining month included."""
    last = financial_year.last_day
    return (last.year - joined_on.year) * 12 + last.month - joined_on.month + 1


class Unbilled(enum.Enum):
    """Why a call bills a school nothing (:func:`bill`)."""

    NOT_A_MEMBER_SCHOOL = "not a member school in the year by the call"
    ALREADY_BILLED = "already billed for the year"


def bill(
    inputs: FundingInputs,
    year: FinancialYear,
    called_on: date,
    member: Member,
    rate: Money,
) -> ContributionDue | Unbilled | str:
    """F1, F2, F6: what a call on ``called_on`` bills ``member`` for ``year`` at ``rate``: its
    :class:`ContributionDue`, why it bills nothing (:class:`Unbilled`), or the census it lacks
    (a text)."""
    first = year.first_day
    last = max(first, called_on)
    membership = None if not member.kind.is_school else _billable_from(member, first, last)
    if membership is None:
        return Unbilled.NOT_A_MEMBER_SCHOOL
    if inputs.funding.contribution(member.member_id, year) is not None:
        return Unbilled.ALREADY_BILLED
    months = 12
    if membership.joined_on <= first:
        due_on = first
        census = inputs.funding.census(member.member_id, year.census_year)
        if census is None:
            return f"{member.name} (its January {year.census_year} census)"
    else:
        due_on = membership.joined_on
        census = _joiner_census(inputs, member.member_id, due_on)
        if census is None:
            return f"{member.name}, which joined on {due_on} (its January {due_on.year} census)"
        if inputs.framework.policies_on(due_on).joiner_charge is JoinerCharge.PRO_RATA:
            months = _months_left(year, due_on)
    fte = census.fte
    return ContributionDue(
        member.member_id,
        year,
        census.census_date,
        fte,
        rate,
        months,
        contribution(rate, fte, months),
        due_on,
        called_on,
    )


@decides(CallContributions)
def decide_call(command: CallContributions, inputs: FundingInputs) -> list[object]:
    """F1, F2, F6: a ContributionDue for each member school not yet billed for the year."""
    typed(
        "F1",
        financial_year=(command.financial_year, FinancialYear),
        called_on=(command.called_on, date),
    )
    year = command.financial_year
    formed(inputs, "F1", command.called_on, "a call for contributions")
    partnership_year(inputs, year)
    if command.called_on > year.last_day:
        raise RuleViolation(
            "F1",
            f"{year} ended on {year.last_day}: call its contributions on a date within the year "
            f"(on or before {year.last_day}), not on {command.called_on}",
        )
    rate = inputs.funding.rate_for(year)
    events: list[object] = []
    missing: list[str] = []
    schools = 0
    for member in inputs.membership.members.values():
        billed = bill(inputs, year, command.called_on, member, rate)
        if billed is Unbilled.NOT_A_MEMBER_SCHOOL:
            continue
        schools += 1
        if isinstance(billed, str):
            missing.append(billed)
        elif isinstance(billed, ContributionDue):
            events.append(billed)
    if missing:
        raise RuleViolation(
            "F1",
            f"contributions for {year} come from each school's January census (F1, F6), and "
            f"none was submitted for {'; '.join(missing)}: submit it with SubmitCensus, then "
            "call again",
        )
    if not events:
        detail = (
            "every member school has already been billed for it"
            if schools
            else f"no school was a member between {year.first_day} and "
            f"{max(year.first_day, command.called_on)}"
        )
        raise RuleViolation("F1", f"there is nothing to call for {year}: {detail}")
    return events


@attrs.frozen
class RecordPayment:
    """F1: record a member school's payment towards its contribution for ``financial_year``."""

    member_id: str
    financial_year: FinancialYear
    amount: Money
    paid_on: date


@decides(RecordPayment)
def decide_payment(command: RecordPayment, inputs: FundingInputs) -> list[object]:
    """F1: a payment of more than £0 towards a contribution called, from the day it fell due,
    never more than is still owed."""
    typed(
        "F1",
        member_id=(command.member_id, str),
        financial_year=(command.financial_year, FinancialYear),
        amount=(command.amount, Money),
        paid_on=(command.paid_on, date),
    )
    member = known_member(inputs, command.member_id, "F1")
    positive(command.amount, "F1", "a payment")
    item = inputs.funding.contribution(command.member_id, command.financial_year)
    if item is None:
        raise RuleViolation(
            "F1",
            f"no contribution for {command.financial_year} was called from {member.name}: call "
            "contributions for that year (CallContributions) before recording its payment",
        )
    if command.paid_on < item.due.due_on:
        raise RuleViolation(
            "F1",
            f"{member.name}'s contribution for {command.financial_year} falls due on "
            f"{item.due.due_on}: record a payment on or after that day, not {command.paid_on}",
        )
    outstanding = item.owed - item.paid
    if command.amount > outstanding:
        raise RuleViolation(
            "F1",
            f"{member.name} owes {outstanding} for {command.financial_year} (of {item.owed}), so "
            f"a payment of {command.amount} would overpay: record at most {outstanding}",
        )
    return [
        ContributionPaid(command.member_id, command.financial_year, command.amount, command.paid_on)
    ]
