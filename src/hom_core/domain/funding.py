"""Funding (F1-F6, C2 and the banker rules): censuses, contributions, payments, the banker school.

Each member school contributes for each financial year the FTE of its January census times the
rate per FTE (F1, F2; £2.00 in the agreement, :data:`AGREED_RATE`). The money is held by the
banker school, which keeps a share for its administration costs (F4). The rules the documents
leave open are decided here, each as stated in the docstring that applies it:

- **Which census** (F1, F2, C2). Only the January (spring) census sets contributions, so a census
  must be dated in January. A school that is a member on the first day of a financial year pays
  from the census of January :attr:`~hom_core.domain.values.FinancialYear.census_year`, and no
  other: there is no fallback to an older census, since a stale count would bill the wrong sum.
  A school that joins mid-year pays from its most recent January census (F6): the one of its
  joining year (or, for a school joining in January, the one before if it joined before that
  January's census). Calling contributions without the census it needs is refused, naming the
  school and the census to submit.
- **Corrections** (C2). A school has one January census per year: a second submission for the
  same January replaces the first (its figures, and its date if that was wrong). When the
  replaced census already set a contribution, a :class:`ContributionAdjusted` records the
  difference; the contribution first called stays in the ledger as it was.
- **Rounding** (F1, F6). A contribution is rate x FTE (x months / 12 for a pro-rata joiner),
  computed exactly and rounded once to the nearest penny, half a penny up
  (:func:`contribution`).
- **When it is due** (F1). On the first day of the financial year for the schools that are
  members that day; on the joining day for a school that joins later in the year. A school that
  is a member on the first day owes the year even when it leaves soon after (F5), and one that
  leaves and rejoins within a year is billed once.
- **Payments** are recorded from the day a contribution falls due, never more than is owed.
- **No refunds** (F5). Leaving changes nothing in the ledger: what was due and paid for a year
  stays, and so does the money in the banker's holding. There is no refund command, and a
  school's census cannot be corrected once it has left.
- **The holding** (F4) is every payment, less the banker's administration share of each year's
  payments (the fraction of the policy in force on that year's first day), less what the
  partnership spent. Spending can never take the holding below zero, on any day.
- **The banker** (F4) must be a member school, not under notice, when its appointment takes
  effect. When the banker is under notice, :meth:`FundingView.banker_needs_successor` says so
  until a successor is appointed to take over by the day after its leaving date; after it has
  left without one, it says that too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from hom_core.domain.membership import Member, Membership
from hom_core.domain.policies import JoinerCharge
from hom_core.domain.values import FinancialYear, Fte, Money
from hom_core.errors import RuleViolation
from hom_core.events import EventType

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState

__all__ = [
    "AGREED_RATE",
    "AppointBanker",
    "BankerAppointed",
    "BankerSuccession",
    "CallContributions",
    "Census",
    "CensusSubmitted",
    "Contribution",
    "ContributionAdjusted",
    "ContributionDue",
    "ContributionPaid",
    "ContributionRateSet",
    "ContributionRow",
    "FundingState",
    "FundingView",
    "FundsSpent",
    "RecordPayment",
    "SetContributionRate",
    "SpendFunds",
    "SubmitCensus",
    "contribution",
]

AGREED_RATE = Money.pounds("2.00")
"""The rate per FTE in the agreement (F1): in force until the partnership sets another (F3)."""


def contribution(rate: Money, fte: Fte, months: int = 12) -> Money:
    """A contribution: ``rate`` x ``fte`` x ``months`` / 12, to the nearest penny (F1, F6).

    The product is computed exactly and rounded once, half a penny up; for a whole year it is
    ``rate.times(fte)``: 201.5 FTE at £2.01 is £405.02. A pro-rata joiner (F6) pays for the
    months left in the year, counting its joining month: 201.5 FTE at £2.00 for 10 months is
    £335.83 (exactly £335.833...).
    """
    return Money(rate.pence * fte.halves * months).share(1, 24)


# -- events ----------------------------------------------------------------------------------


@attrs.frozen
class CensusSubmitted:
    """C2: a school's January census, taken on ``census_date``, was submitted on
    ``submitted_on``. A later submission for the same January replaces it (a correction)."""

    member_id: str
    census_date: date
    full_time: int
    part_time: int
    submitted_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about: the day the figures reached the partnership."""
        return self.submitted_on


@attrs.frozen
class ContributionRateSet:
    """F3: the rate per FTE from the start of ``financial_year`` (until another is set)."""

    financial_year: FinancialYear
    rate: Money
    set_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.set_on


@attrs.frozen
class ContributionDue:
    """F1, F6: what a member school owes for ``financial_year``, fixed when it was called.

    ``fte`` is from the census of ``census_date``; ``months`` is 12, or fewer for a pro-rata
    joiner (F6); ``amount`` is :func:`contribution` of them. It falls due on ``due_on`` (the
    year's first day, or the joining day) and was called on ``called_on``.
    """

    member_id: str
    financial_year: FinancialYear
    census_date: date
    fte: Fte
    rate: Money
    months: int
    amount: Money
    due_on: date
    called_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about: the day the contribution falls due."""
        return self.due_on


@attrs.frozen
class ContributionAdjusted:
    """C2: a corrected census changed a contribution already called, by ``amount`` (positive:
    more is owed; negative: less), so that it is now based on ``fte``."""

    member_id: str
    financial_year: FinancialYear
    amount: Money
    fte: Fte
    reason: str
    adjusted_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.adjusted_on


@attrs.frozen
class ContributionPaid:
    """F1: a member school paid ``amount`` towards its contribution for ``financial_year``."""

    member_id: str
    financial_year: FinancialYear
    amount: Money
    paid_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.paid_on


@attrs.frozen
class BankerAppointed:
    """F4: the strategic group decided on ``appointed_on`` that the member school holds the
    partnership's funds from ``from_date`` (until another banker takes over)."""

    member_id: str
    from_date: date
    appointed_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about: the day of the decision, so a successor appointed ahead
        of time shows from then."""
        return self.appointed_on


@attrs.frozen
class FundsSpent:
    """F4: the partnership spent ``amount`` of the funds the banker holds, for ``purpose``."""

    amount: Money
    spent_on: date
    purpose: str

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.spent_on


EVENT_TYPES = (
    EventType("hom.census_submitted", CensusSubmitted),
    EventType("hom.contribution_rate_set", ContributionRateSet),
    EventType("hom.contribution_due", ContributionDue),
    EventType("hom.contribution_adjusted", ContributionAdjusted),
    EventType("hom.contribution_paid", ContributionPaid),
    EventType("hom.banker_appointed", BankerAppointed),
    EventType("hom.funds_spent", FundsSpent),
)


# -- state -----------------------------------------------------------------------------------


@attrs.frozen
class Census:
    """C2: a school's January census: full-time and part-time pupils on ``census_date``."""

    census_date: date
    full_time: int
    part_time: int
    submitted_on: date

    @property
    def fte(self) -> Fte:
        """FTE = full-time pupils + 0.5 x part-time pupils (C2)."""
        return Fte.of(self.full_time, self.part_time)


@attrs.frozen
class Contribution:
    """A member school's contribution for one financial year: what was called, every
    adjustment after a corrected census, and every payment."""

    due: ContributionDue
    adjustments: tuple[ContributionAdjusted, ...] = ()
    payments: tuple[ContributionPaid, ...] = ()

    @property
    def member_id(self) -> str:
        """The contributing member."""
        return self.due.member_id

    @property
    def financial_year(self) -> FinancialYear:
        """The year it is for."""
        return self.due.financial_year

    @property
    def fte(self) -> Fte:
        """The FTE it is based on now: that of the latest correction, else the one called."""
        return self.adjustments[-1].fte if self.adjustments else self.due.fte

    @property
    def owed(self) -> Money:
        """What is owed for the year: the amount called plus every adjustment."""
        return self.due.amount + sum((a.amount for a in self.adjustments), Money.zero())

    @property
    def paid(self) -> Money:
        """Everything paid towards it."""
        return sum((payment.amount for payment in self.payments), Money.zero())


@attrs.frozen
class FundingState:
    """Censuses, rates, contributions, banker appointments and spending of a partnership."""

    censuses: dict[str, tuple[Census, ...]] = attrs.field(factory=dict)
    """Member id -> its January censuses, oldest first, one per year."""
    rates: tuple[ContributionRateSet, ...] = ()
    """Rates set, by financial year (one per year: the latest setting)."""
    contributions: tuple[Contribution, ...] = ()
    """Contributions in the order they were called."""
    bankers: tuple[BankerAppointed, ...] = ()
    """Banker appointments by the date they take effect (one per date)."""
    spending: tuple[FundsSpent, ...] = ()
    """What the partnership spent, in the order it was recorded."""

    def census(self, member_id: str, year: int) -> Census | None:
        """The member's census of January ``year``, if submitted."""
        for census in self.censuses.get(member_id, ()):
            if census.census_date.year == year:
                return census
        return None

    def contribution(self, member_id: str, financial_year: FinancialYear) -> Contribution | None:
        """The member's contribution for ``financial_year``, if it was called."""
        for item in self.contributions:
            if item.member_id == member_id and item.financial_year == financial_year:
                return item
        return None

    def called(self, financial_year: FinancialYear) -> bool:
        """Were contributions for ``financial_year`` called (for any school)?"""
        return any(item.financial_year == financial_year for item in self.contributions)

    def rate_for(self, financial_year: FinancialYear) -> Money:
        """F3: the rate set for the latest year up to ``financial_year``; else the agreed £2.00."""
        rate = AGREED_RATE
        for setting in self.rates:
            if setting.financial_year.first_day <= financial_year.first_day:
                rate = setting.rate
        return rate

    def banker_appointment_on(self, day: date) -> BankerAppointed | None:
        """F4: the appointment in force on ``day``: the latest to take effect by then."""
        current = None
        for appointment in self.bankers:
            if appointment.from_date <= day:
                current = appointment
        return current


def _replace_contribution(
    state: FundingState, old: Contribution, new: Contribution
) -> FundingState:
    items = tuple(new if item is old else item for item in state.contributions)
    return attrs.evolve(state, contributions=items)


def _census_submitted(state: FundingState, event: CensusSubmitted) -> FundingState:
    if event.full_time < 0 or event.part_time < 0:  # evolve is total: a bad count changes nothing
        return state
    census = Census(event.census_date, event.full_time, event.part_time, event.submitted_on)
    kept = [
        old
        for old in state.censuses.get(event.member_id, ())
        if old.census_date.year != event.census_date.year
    ]
    updated = tuple(sorted((*kept, census), key=lambda item: item.census_date))
    return attrs.evolve(state, censuses={**state.censuses, event.member_id: updated})


def _rate_set(state: FundingState, event: ContributionRateSet) -> FundingState:
    kept = [old for old in state.rates if old.financial_year != event.financial_year]
    rates = sorted((*kept, event), key=lambda setting: setting.financial_year.first_day)
    return attrs.evolve(state, rates=tuple(rates))


def _due(state: FundingState, event: ContributionDue) -> FundingState:
    if state.contribution(event.member_id, event.financial_year) is not None:
        return state  # the first call fixes a contribution; the rules never call one twice
    return attrs.evolve(state, contributions=(*state.contributions, Contribution(event)))


def _adjusted(state: FundingState, event: ContributionAdjusted) -> FundingState:
    old = state.contribution(event.member_id, event.financial_year)
    if old is None:
        return state
    new = attrs.evolve(old, adjustments=(*old.adjustments, event))
    return _replace_contribution(state, old, new)


def _paid(state: FundingState, event: ContributionPaid) -> FundingState:
    old = state.contribution(event.member_id, event.financial_year)
    if old is None:
        return state
    new = attrs.evolve(old, payments=(*old.payments, event))
    return _replace_contribution(state, old, new)


def _banker(state: FundingState, event: BankerAppointed) -> FundingState:
    kept = [old for old in state.bankers if old.from_date != event.from_date]
    bankers = sorted((*kept, event), key=lambda appointment: appointment.from_date)
    return attrs.evolve(state, bankers=tuple(bankers))


def _spent(state: FundingState, event: FundsSpent) -> FundingState:
    return attrs.evolve(state, spending=(*state.spending, event))


EVOLVERS: dict[type, Any] = {
    CensusSubmitted: _census_submitted,
    ContributionRateSet: _rate_set,
    ContributionDue: _due,
    ContributionAdjusted: _adjusted,
    ContributionPaid: _paid,
    BankerAppointed: _banker,
    FundsSpent: _spent,
}
"""Event class -> ``evolve(funding_state, event)``."""


# -- commands --------------------------------------------------------------------------------


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


@attrs.frozen
class SetContributionRate:
    """F3: set the rate per FTE from the start of ``financial_year`` (the annual review)."""

    financial_year: FinancialYear
    rate: Money
    set_on: date


@attrs.frozen
class CallContributions:
    """F1, F2, F6: fix what each member school owes for ``financial_year``.

    Bills every school that is a member on the year's first day, or joins between then and
    ``called_on``, and has not been billed for the year yet; calling again after a school joins
    bills only the joiner.
    """

    financial_year: FinancialYear
    called_on: date


@attrs.frozen
class RecordPayment:
    """F1: record a member school's payment towards its contribution for ``financial_year``."""

    member_id: str
    financial_year: FinancialYear
    amount: Money
    paid_on: date


@attrs.frozen
class AppointBanker:
    """F4: appoint the member school that holds the funds from ``from_date``, by a decision
    taken on ``appointed_on`` (by default ``from_date``)."""

    member_id: str
    from_date: date
    appointed_on: date | None = None


@attrs.frozen
class SpendFunds:
    """F4: spend ``amount`` of the funds the banker holds, for ``purpose``."""

    amount: Money
    spent_on: date
    purpose: str


_EXAMPLES: dict[type, str] = {
    date: "date(2014, 4, 1)",
    int: "203",
    str: "'claremont'",
    Money: "Money.pounds('2.00')",
    FinancialYear: "FinancialYear(2014)",
}


def _typed(rule: str, **fields: tuple[object, type]) -> None:
    """Refuse a command field of the wrong type (a datetime for a date, a float for money)."""
    for name, (value, kind) in fields.items():
        wrong = (
            type(value) is not int
            if kind is int
            else not isinstance(value, kind) or isinstance(value, datetime)
        )
        if wrong:
            raise RuleViolation(
                rule,
                f"{name} must be a {kind.__name__} such as {_EXAMPLES[kind]}, not {value!r}",
            )


def _formed(state: PartnershipState, rule: str, day: date, what: str) -> None:
    formed_on = state.framework.formed_on
    if formed_on is None:
        raise RuleViolation(rule, "the partnership has not been formed yet: give FormPartnership")
    if day < formed_on:
        raise RuleViolation(
            rule, f"{what} on {day} is before the partnership was formed on {formed_on}"
        )


def _check_year(state: PartnershipState, financial_year: FinancialYear) -> None:
    month = state.framework.policies_on(financial_year.first_day).financial_year_start_month
    if financial_year.start_month != month:
        expected = FinancialYear(financial_year.start, month)
        raise RuleViolation(
            "F2",
            f"the partnership's financial years start in month {month} (policy "
            f"financial_year_start_month), so {financial_year} is not one of them: use {expected}",
        )


def _member(state: PartnershipState, member_id: str, rule: str) -> Member:
    member = state.membership.members.get(member_id)
    if member is None:
        raise RuleViolation(
            rule, f"{member_id!r} has never joined the partnership: check the member id"
        )
    return member


def _positive(amount: Money, rule: str, what: str) -> None:
    if amount <= Money.zero():
        raise RuleViolation(rule, f"{what} must be more than £0.00, not {amount}")


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


def _admin_fraction_for(state: PartnershipState, financial_year: FinancialYear) -> Decimal:
    """F4: the banker's admin share of a year: the policy in force on its first day."""
    return state.framework.policies_on(financial_year.first_day).banker_admin_share


def _paid_by_year(state: PartnershipState, day: date) -> dict[FinancialYear, Money]:
    paid: dict[FinancialYear, Money] = {}
    for item in state.funding.contributions:
        for payment in item.payments:
            if payment.paid_on <= day:
                paid[item.financial_year] = paid.get(item.financial_year, Money.zero()) + (
                    payment.amount
                )
    return paid


def _holding(state: PartnershipState, day: date) -> Money:
    """F4: every payment to ``day``, less each year's admin share, less spending to ``day``."""
    kept = Money.zero()
    for year, paid in _paid_by_year(state, day).items():
        kept += paid - paid.portion(_admin_fraction_for(state, year))
    spent = _total(spend.amount for spend in state.funding.spending if spend.spent_on <= day)
    return kept - spent


def _total(amounts: Iterable[Money]) -> Money:
    return sum(amounts, Money.zero())


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


DECIDERS: dict[type, Any] = {
    SubmitCensus: decide_census,
    SetContributionRate: decide_rate,
    CallContributions: decide_call,
    RecordPayment: decide_payment,
    AppointBanker: decide_banker,
    SpendFunds: decide_spend,
}
"""Command class -> ``decide(command, partnership_state) -> events``."""


# -- queries ---------------------------------------------------------------------------------


@attrs.frozen
class ContributionRow:
    """One school's line in the ledger of a financial year (F1)."""

    member_id: str
    name: str
    census_date: date
    fte: Fte
    """The FTE the contribution is based on now (after any corrected census)."""
    rate: Money
    months: int
    """12, or the months charged to a pro-rata joiner (F6)."""
    due: Money
    """The amount called."""
    adjustments: Money
    """The sum of the adjustments after corrected censuses."""
    paid: Money
    due_on: date

    @property
    def owed(self) -> Money:
        """What is owed for the year: due plus adjustments."""
        return self.due + self.adjustments

    @property
    def balance(self) -> Money:
        """What is still to pay (negative: paid more than a corrected census now asks)."""
        return self.owed - self.paid


@attrs.frozen
class BankerSuccession:
    """The partnership needs a new banker (F4): the banker is leaving or has left, with no
    successor appointed to take over by the day after its leaving date."""

    banker: Member
    leaves_on: date
    """The banker's leaving date (in the past when it has left)."""
    has_left: bool
    reason: str


@attrs.frozen
class FundingView:
    """Funding questions as of ``day`` (F1-F6, banker): ask them through
    ``partnership.as_of(day).funding``."""

    state: PartnershipState
    day: date

    def rate_for(self, financial_year: FinancialYear) -> Money:
        """F3: the rate per FTE for ``financial_year``, as set by the day (default £2.00)."""
        return self.state.funding.rate_for(financial_year)

    def census(self, member_id: str, year: int) -> Census | None:
        """C2: the member's census of January ``year`` as known on the day (corrections
        included), or ``None``."""
        return self.state.funding.census(member_id, year)

    def contributions(self, financial_year: FinancialYear) -> list[ContributionRow]:
        """F1: each school's contribution for ``financial_year``, in the order they were called;
        leavers keep their rows (F5)."""
        rows = []
        for item in self.state.funding.contributions:
            if item.financial_year != financial_year:
                continue
            member = self.state.membership.members.get(item.member_id)
            rows.append(
                ContributionRow(
                    item.member_id,
                    member.name if member is not None else item.member_id,
                    item.due.census_date,
                    item.fte,
                    item.due.rate,
                    item.due.months,
                    item.due.amount,
                    _total(a.amount for a in item.adjustments),
                    item.paid,
                    item.due.due_on,
                )
            )
        return rows

    def owed(self, member_id: str, financial_year: FinancialYear) -> Money:
        """F1: what the member owes for the year (called plus adjustments; £0 if not called)."""
        item = self.state.funding.contribution(member_id, financial_year)
        return Money.zero() if item is None else item.owed

    def paid(self, member_id: str, financial_year: FinancialYear) -> Money:
        """F1: what the member has paid towards the year, by the day."""
        item = self.state.funding.contribution(member_id, financial_year)
        return Money.zero() if item is None else item.paid

    def outstanding(self, member_id: str, financial_year: FinancialYear) -> Money:
        """What the member still has to pay for the year: owed less paid."""
        return self.owed(member_id, financial_year) - self.paid(member_id, financial_year)

    def banker(self) -> Member | None:
        """F4: the school appointed to hold the funds on the day, or ``None`` before any was.

        A banker that has left stays the banker until a successor takes over:
        :meth:`banker_needs_successor` says so.
        """
        appointment = self.state.funding.banker_appointment_on(self.day)
        if appointment is None:
            return None
        return self.state.membership.members.get(appointment.member_id)

    def paid_in(self, financial_year: FinancialYear) -> Money:
        """Everything paid for ``financial_year`` by the day, by every school."""
        return _paid_by_year(self.state, self.day).get(financial_year, Money.zero())

    def admin_share(self, financial_year: FinancialYear) -> Money:
        """F4: the banker's share of what was paid for ``financial_year``, at the fraction
        ``banker_admin_share`` of the policies in force on that year's first day."""
        return self.paid_in(financial_year).portion(_admin_fraction_for(self.state, financial_year))

    def holding(self) -> Money:
        """F4: the funds the banker holds on the day: all paid, less the admin shares, less
        what was spent. Nothing is refunded to a school that leaves (F5)."""
        return _holding(self.state, self.day)

    def banker_needs_successor(self) -> BankerSuccession | None:
        """The banker rules: the banker is under notice and no other school is appointed to take
        over by the day after its leaving date, or it has left and none took over; else
        ``None`` (also before any banker was appointed)."""
        appointment = self.state.funding.banker_appointment_on(self.day)
        if appointment is None:
            return None
        banker = self.state.membership.members.get(appointment.member_id)
        if banker is None:
            return None
        membership = banker.membership_on(self.day)
        if membership is None:
            left = [
                m.leaves_on for m in banker.memberships if m.leaves_on and m.leaves_on < self.day
            ]
            leaves_on = max(left) if left else appointment.from_date
            return BankerSuccession(
                banker,
                leaves_on,
                True,
                f"{banker.name}, the banker school, left on {leaves_on} and is no longer a "
                "member: appoint a member school as banker (AppointBanker)",
            )
        if not membership.under_notice_on(self.day):
            return None
        assert membership.leaves_on is not None
        leaves_on = membership.leaves_on
        for successor in self.state.funding.bankers:
            if (
                successor.member_id != banker.member_id
                and self.day < successor.from_date <= leaves_on + timedelta(days=1)
            ):
                return None
        return BankerSuccession(
            banker,
            leaves_on,
            False,
            f"{banker.name}, the banker school, is under notice and leaves on {leaves_on}: "
            f"appoint a successor (AppointBanker) to take over by {leaves_on + timedelta(days=1)}",
        )
