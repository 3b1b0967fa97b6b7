"""What the funding rules ask by a date (F1, F2, F4, F6): the year's call for contributions,
each school's payment, a school that joins mid-year billed, and a successor for a banker that
gives notice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hom_core.decider import obliges
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.domain.funding.state import Contribution
from hom_core.domain.values import FinancialYear, Money
from hom_core.obligations import BANKER, HEAD, STRATEGIC_GROUP, WINDOW, Obligation, Responsibility

__all__ = ["PAYMENT_TERMS", "banker_successor", "calls", "joiners", "payments"]

PAYMENT_TERMS = timedelta(days=30)
"""F1: a contribution is payable at the start of the financial year; it shows as overdue this
long after it fell due (or was called, if called late)."""


def _keeps_funds(inputs: FundingInputs) -> bool:
    """Whether the partnership keeps funds (a banker appointed or a year called): one that does
    not is asked neither to call nor to bill."""
    return bool(inputs.funding.bankers or inputs.funding.calls)


def _years(inputs: FundingInputs, day: date) -> tuple[FinancialYear, FinancialYear]:
    month = inputs.framework.policies_on(day).financial_year_start_month
    current = FinancialYear.of(day, month)
    return current, current.next()


@obliges
def calls(inputs: FundingInputs, day: date) -> Iterator[Obligation]:
    """F1, F2: the contributions of the year under way and of the next are called by the first
    day of the year, from each school's January census (done: the first call), once the
    partnership keeps funds (a banker appointed or a year called); a year that began before
    the partnership was formed is not asked for."""
    formed_on = inputs.framework.formed_on
    if formed_on is None or not _keeps_funds(inputs):
        return  # a partnership that keeps no funds (no banker, nothing called) is not asked
    for year in _years(inputs, day):
        if year.first_day < formed_on:
            continue  # a year begun before formation is called when the partnership chooses
        schools = [
            member
            for member in inputs.membership.members.values()
            if member.kind.is_school and member.is_member_on(max(year.first_day, day))
        ]
        called = inputs.funding.calls.get(year, {})
        if not schools and not called:
            continue
        done = min((item.due.called_on for item in called.values()), default=None)
        yield Obligation(
            "F1",
            f"call/{year}",
            f"Call the contributions for {year} (from the January {year.census_year} censuses)",
            year.first_day - WINDOW,
            year.first_day,
            "banker school",
            "CallContributions",
            done,
            role=Responsibility(BANKER),
        )


@obliges
def joiners(inputs: FundingInputs, day: date) -> Iterator[Obligation]:
    """F6: a school that joins after a financial year's first day owes the year's contribution
    on joining, so it is billed (``CallContributions``, which bills only the schools not yet
    billed) within four weeks of joining and within the year (done: the day its contribution
    was called), once the partnership keeps funds. A year begun before the partnership was
    formed is not asked for (as F1's call), nor is a school billed for the year before it
    joined again (F5: billed once)."""
    formed_on = inputs.framework.formed_on
    if formed_on is None or not _keeps_funds(inputs):
        return
    for member in inputs.membership.members.values():
        if not member.kind.is_school:
            continue
        for membership in member.memberships:
            joined_on = membership.joined_on
            month = inputs.framework.policies_on(joined_on).financial_year_start_month
            year = FinancialYear.of(joined_on, month)
            if joined_on == year.first_day or year.first_day < formed_on:
                continue  # billed by the year's call (F1), or a year it does not ask for
            billed = inputs.funding.contribution(member.member_id, year)
            if billed is not None and billed.due.due_on < joined_on:
                continue  # billed for the year while a member before (F5)
            yield Obligation(
                "F6",
                f"joiner/{member.member_id}/{joined_on}",
                f"Bill {member.name}, which joined on {joined_on}, its contribution for {year} "
                "(from its most recent January census)",
                joined_on,
                min(joined_on + WINDOW, year.last_day),
                "banker school",
                "CallContributions",
                None if billed is None else billed.due.called_on,
                role=Responsibility(BANKER),
            )


def _settled_on(item: Contribution) -> date | None:
    """The day the contribution was paid in full (its due date if nothing was owed)."""
    if item.paid < item.owed:
        return None
    return max((payment.paid_on for payment in item.payments), default=item.due.due_on)


def _settled_long_ago(inputs: FundingInputs, year: FinancialYear, day: date) -> bool:
    """Whether every contribution of ``year`` was paid in full, the last of it more than
    :data:`~hom_core.obligations.WINDOW` before ``day`` (from the year's totals and dates, so
    the years long settled cost no sums). Only a year with no adjustment is judged so: with
    none, no school paid more than it owes (F1), so the year paid in full is each school."""
    totals = inputs.funding.totals.get(year)
    called = inputs.funding.calls.get(year, {}).values()
    if totals is None or totals.outstanding != Money.zero() or totals.adjusted != Money.zero():
        return False
    if any(each.adjustments for each in called):
        return False
    dates = [each.due.due_on for each in called]
    dates += [payment.paid_on for each in called for payment in each.payments]
    return max(dates, default=day) < day - WINDOW


@obliges
def payments(inputs: FundingInputs, day: date) -> Iterator[Obligation]:
    """F1: each contribution called, of every year, is paid in full within
    :data:`PAYMENT_TERMS` of falling due (done: the day the last of it was paid). A year whose
    contributions were all settled more than four weeks before the day asks nothing more: it
    is neither open nor done lately."""
    for item in (
        each
        for year, called in inputs.funding.calls.items()
        if not _settled_long_ago(inputs, year, day)
        for each in called.values()
    ):
        member = inputs.membership.members.get(item.member_id)
        name = item.member_id if member is None else member.name
        due = item.due
        yield Obligation(
            "F1",
            f"pay/{item.financial_year}/{item.member_id}",
            f"{name} pays its contribution for {item.financial_year} ({item.owed})",
            due.due_on,
            max(due.due_on, due.called_on) + PAYMENT_TERMS,
            f"head of {name}",
            "RecordPayment",
            _settled_on(item),
            role=Responsibility(HEAD, item.member_id),
        )


@obliges
def banker_successor(inputs: FundingInputs, day: date) -> Iterator[Obligation]:
    """F4: when the banker school gives notice, another member is appointed to take over by
    the day after it leaves (done: the day the next banker was appointed, late or not)."""
    appointments = inputs.funding.bankers
    for index, appointment in enumerate(appointments):
        banker = inputs.membership.members.get(appointment.member_id)
        if banker is None:
            continue
        membership = banker.membership_on(appointment.from_date)
        if membership is None or membership.leaves_on is None:
            continue
        assert membership.notice_received_on is not None
        leaves_on = membership.leaves_on
        following = appointments[index + 1] if index + 1 < len(appointments) else None
        if following is not None and following.from_date < membership.notice_received_on:
            continue  # the role had passed on before the notice
        yield Obligation(
            "F4",
            f"banker/{banker.member_id}",
            f"Appoint a banker school to take over from {banker.name}, which leaves on {leaves_on}",
            membership.notice_received_on,
            leaves_on,
            "strategic group",
            "AppointBanker",
            None if following is None else following.appointed_on,
            role=Responsibility(STRATEGIC_GROUP),
        )
