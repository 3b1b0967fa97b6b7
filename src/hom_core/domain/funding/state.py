"""The funding part of the state (:class:`FundingState`) and how each funding event changes
it."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import evolves
from hom_core.domain.funding.amounts import AGREED_RATE
from hom_core.domain.funding.events import (
    BankerAppointed,
    CensusSubmitted,
    ContributionAdjusted,
    ContributionDue,
    ContributionPaid,
    ContributionRateSet,
    FundsSpent,
)
from hom_core.domain.history import in_order, placed
from hom_core.domain.values import FinancialYear, Fte, Money

__all__ = ["Census", "Contribution", "FundingState", "YearTotals"]


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
class YearTotals:
    """F1: one financial year's contributions in total, kept as each event is folded (so that
    a question about a year, or about every year, does not add up every payment again)."""

    called: Money = attrs.field(factory=Money.zero)
    """What was called for the year."""
    adjusted: Money = attrs.field(factory=Money.zero)
    """The sum of the adjustments after corrected censuses."""
    paid: Money = attrs.field(factory=Money.zero)
    """Everything paid for the year."""

    @property
    def owed(self) -> Money:
        """What is owed for the year: called plus adjustments."""
        return self.called + self.adjusted

    @property
    def outstanding(self) -> Money:
        """What is still to pay for the year."""
        return self.owed - self.paid


@attrs.frozen
class FundingState:
    """Censuses, rates, contributions, banker appointments and spending of a partnership."""

    censuses: dict[str, tuple[Census, ...]] = attrs.field(factory=dict)
    """Member id -> its January censuses, oldest first, one per year."""
    rates: tuple[ContributionRateSet, ...] = ()
    """Rates set, by financial year (one per year: the latest setting)."""
    calls: dict[FinancialYear, dict[str, Contribution]] = attrs.field(factory=dict)
    """Financial year -> member id -> its contribution, years in the order each was first
    called, members in the order they were called. Grouped by year so that recording a payment
    copies one year's contributions, not every contribution so far."""
    bankers: tuple[BankerAppointed, ...] = ()
    """Banker appointments by the date they take effect (one per date)."""
    spending: tuple[FundsSpent, ...] = ()
    """What the partnership spent, in the order it was recorded."""
    totals: dict[FinancialYear, YearTotals] = attrs.field(factory=dict)
    """Financial year -> its totals, years in the order each was first called."""
    last_paid_on: date | None = None
    """The latest day a payment was made on (the totals count every payment up to it)."""

    def census(self, member_id: str, year: int) -> Census | None:
        """The member's census of January ``year``, if submitted."""
        for census in self.censuses.get(member_id, ()):
            if census.census_date.year == year:
                return census
        return None

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """Every contribution: year by year in the order each year was first called, within a
        year in the order they were called."""
        return tuple(item for year in self.calls.values() for item in year.values())

    def contribution(self, member_id: str, financial_year: FinancialYear) -> Contribution | None:
        """The member's contribution for ``financial_year``, if it was called."""
        return self.calls.get(financial_year, {}).get(member_id)

    def called(self, financial_year: FinancialYear) -> bool:
        """Were contributions for ``financial_year`` called (for any school)?"""
        return financial_year in self.calls

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


def _with_contribution(
    state: FundingState,
    item: Contribution,
    called: Money | None = None,
    adjusted: Money | None = None,
    paid: ContributionPaid | None = None,
) -> FundingState:
    """``state`` with ``item`` added to (or replacing the member's in) its year, and the year's
    totals moved on by what was ``called``, ``adjusted`` or ``paid`` (one copy of the state)."""
    year = item.financial_year
    totals = state.totals.get(year) or YearTotals()
    if called is not None:
        totals = YearTotals(totals.called + called, totals.adjusted, totals.paid)
    if adjusted is not None:
        totals = YearTotals(totals.called, totals.adjusted + adjusted, totals.paid)
    last_paid_on = state.last_paid_on
    if paid is not None:
        totals = YearTotals(totals.called, totals.adjusted, totals.paid + paid.amount)
        if last_paid_on is None or paid.paid_on > last_paid_on:
            last_paid_on = paid.paid_on
    return FundingState(
        state.censuses,
        state.rates,
        {**state.calls, year: {**state.calls.get(year, {}), item.member_id: item}},
        state.bankers,
        state.spending,
        {**state.totals, year: totals},
        last_paid_on,
    )


@evolves(CensusSubmitted, "hom.census_submitted")
def _census_submitted(state: FundingState, event: CensusSubmitted) -> FundingState:
    if event.full_time < 0 or event.part_time < 0:  # evolve is total: a bad count changes nothing
        return state
    census = Census(event.census_date, event.full_time, event.part_time, event.submitted_on)
    known = state.censuses.get(event.member_id, ())
    updated = placed(known, census, lambda item: item.census_date.year)  # one a year, by date
    return attrs.evolve(state, censuses={**state.censuses, event.member_id: updated})


@evolves(ContributionRateSet, "hom.contribution_rate_set")
def _rate_set(state: FundingState, event: ContributionRateSet) -> FundingState:
    kept = [old for old in state.rates if old.financial_year != event.financial_year]
    rates = sorted((*kept, event), key=lambda setting: setting.financial_year.first_day)
    return attrs.evolve(state, rates=tuple(rates))


@evolves(ContributionDue, "hom.contribution_due")
def _due(state: FundingState, event: ContributionDue) -> FundingState:
    if state.contribution(event.member_id, event.financial_year) is not None:
        return state  # the first call fixes a contribution; the rules never call one twice
    return _with_contribution(state, Contribution(event), called=event.amount)


@evolves(ContributionAdjusted, "hom.contribution_adjusted")
def _adjusted(state: FundingState, event: ContributionAdjusted) -> FundingState:
    old = state.contribution(event.member_id, event.financial_year)
    if old is None:
        return state
    item = attrs.evolve(old, adjustments=(*old.adjustments, event))
    return _with_contribution(state, item, adjusted=event.amount)


@evolves(ContributionPaid, "hom.contribution_paid")
def _paid(state: FundingState, event: ContributionPaid) -> FundingState:
    old = state.contribution(event.member_id, event.financial_year)
    if old is None:
        return state
    item = attrs.evolve(old, payments=(*old.payments, event))
    return _with_contribution(state, item, paid=event)


@evolves(BankerAppointed, "hom.banker_appointed")
def _banker(state: FundingState, event: BankerAppointed) -> FundingState:
    bankers = in_order(state.bankers, event, lambda appointment: appointment.from_date)
    return attrs.evolve(state, bankers=bankers)


@evolves(FundsSpent, "hom.funds_spent")
def _spent(state: FundingState, event: FundsSpent) -> FundingState:
    return attrs.evolve(state, spending=(*state.spending, event))
