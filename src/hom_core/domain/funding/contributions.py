"""Deciding contributions: a census (C2), the rate (F3), a call for contributions (F1, F2, F6)
and a payment (F1)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hom_core.domain.funding.amounts import contribution
from hom_core.domain.funding.checks import _check_year, _formed, _member, _positive, _typed
from hom_core.domain.funding.commands import (
    CallContributions,
    RecordPayment,
    SetContributionRate,
    SubmitCensus,
)
from hom_core.domain.funding.events import (
    CensusSubmitted,
    ContributionAdjusted,
    ContributionDue,
    ContributionPaid,
    ContributionRateSet,
)
from hom_core.domain.funding.state import Census
from hom_core.domain.membership.state import Member, Membership
from hom_core.domain.policies import JoinerCharge
from hom_core.domain.values import FinancialYear, Fte, Money
from hom_core.errors import RuleViolation

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


def decide_census(command: SubmitCensus, state: PartnershipState) -> list[object]:
    """C2: a January census of a member school, with whole counts; a correction after the
    census set a contribution also adjusts that contribution by the difference."""
    submitted_on = command.submitted_on or command.census_date
    _typed(
        "C2",
        member_id=(command.member_id, str),
        census_date=(command.census_date, date),
        submitted_on=(submitted_on, date),
    )
    member = _member(state, command.member_id, "C2")
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
    for item in state.funding.contributions:
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


def _later_called_years(state: PartnershipState, financial_year: FinancialYear) -> list[str]:
    """The called years from ``financial_year`` on that would take a rate set for it."""
    funding = state.funding
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


def decide_rate(command: SetContributionRate, state: PartnershipState) -> list[object]:
    """F3: a rate applies from the start of a year, and never to a year already called."""
    _typed(
        "F3",
        financial_year=(command.financial_year, FinancialYear),
        rate=(command.rate, Money),
        set_on=(command.set_on, date),
    )
    _formed(state, "F3", command.set_on, "a rate set")
    _check_year(state, command.financial_year)
    if command.rate < Money.zero():
        raise RuleViolation("F3", f"a rate per FTE cannot be negative ({command.rate})")
    affected = _later_called_years(state, command.financial_year)
    if affected:
        raise RuleViolation(
            "F3",
            f"contributions for {', '.join(affected)} were already called at the rate then in "
            f"force, and a rate set for {command.financial_year} would apply to them: set the "
            "rate for a year not yet called (a new rate applies from the start of a year)",
        )
    return [ContributionRateSet(command.financial_year, command.rate, command.set_on)]


def _billable_from(member: Member, first: date, last: date) -> Membership | None:
    """The member's first period of membership overlapping ``first`` to ``last``."""
    for membership in member.memberships:
        if membership.joined_on <= last and (
            membership.leaves_on is None or membership.leaves_on >= first
        ):
            return membership
    return None


def _joiner_census(state: PartnershipState, member_id: str, joined_on: date) -> Census | None:
    """F6: the most recent January census on or before ``joined_on``."""
    years = (joined_on.year, joined_on.year - 1) if joined_on.month == 1 else (joined_on.year,)
    for year in years:
        census = state.funding.census(member_id, year)
        if census is not None and census.census_date <= joined_on:
            return census
    return None


def _months_left(financial_year: FinancialYear, joined_on: date) -> int:
    """Months from the joining month to the end of the year, the joining month included."""
    last = financial_year.last_day
    return (last.year - joined_on.year) * 12 + last.month - joined_on.month + 1


def decide_call(command: CallContributions, state: PartnershipState) -> list[object]:
    """F1, F2, F6: a ContributionDue for each member school not yet billed for the year."""
    _typed(
        "F1",
        financial_year=(command.financial_year, FinancialYear),
        called_on=(command.called_on, date),
    )
    year = command.financial_year
    _formed(state, "F1", command.called_on, "a call for contributions")
    _check_year(state, year)
    if command.called_on > year.last_day:
        raise RuleViolation(
            "F1",
            f"{year} ended on {year.last_day}: call its contributions on a date within the year "
            f"(on or before {year.last_day}), not on {command.called_on}",
        )
    first = year.first_day
    last = max(first, command.called_on)
    rate = state.funding.rate_for(year)
    events: list[object] = []
    missing: list[str] = []
    schools = 0
    for member in state.membership.members.values():
        membership = None if not member.kind.is_school else _billable_from(member, first, last)
        if membership is None:
            continue
        schools += 1
        if state.funding.contribution(member.member_id, year) is not None:
            continue
        months = 12
        if membership.joined_on <= first:
            due_on = first
            census = state.funding.census(member.member_id, year.census_year)
            if census is None:
                missing.append(f"{member.name} (its January {year.census_year} census)")
                continue
        else:
            due_on = membership.joined_on
            census = _joiner_census(state, member.member_id, due_on)
            if census is None:
                missing.append(
                    f"{member.name}, which joined on {due_on} (its January {due_on.year} census)"
                )
                continue
            if state.framework.policies_on(due_on).joiner_charge is JoinerCharge.PRO_RATA:
                months = _months_left(year, due_on)
        fte = census.fte
        events.append(
            ContributionDue(
                member.member_id,
                year,
                census.census_date,
                fte,
                rate,
                months,
                contribution(rate, fte, months),
                due_on,
                command.called_on,
            )
        )
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
            else f"no school was a member between {first} and {last}"
        )
        raise RuleViolation("F1", f"there is nothing to call for {year}: {detail}")
    return events


def decide_payment(command: RecordPayment, state: PartnershipState) -> list[object]:
    """F1: a payment of more than £0 towards a contribution called, from the day it fell due,
    never more than is still owed."""
    _typed(
        "F1",
        member_id=(command.member_id, str),
        financial_year=(command.financial_year, FinancialYear),
        amount=(command.amount, Money),
        paid_on=(command.paid_on, date),
    )
    member = _member(state, command.member_id, "F1")
    _positive(command.amount, "F1", "a payment")
    item = state.funding.contribution(command.member_id, command.financial_year)
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
