"""The funding questions (F1-F6, banker): :class:`FundingView` and the records it answers with."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from hom_core.domain.funding.amounts import total
from hom_core.domain.funding.holding import admin_fraction, holding, paid_by_year
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.domain.funding.state import Census, YearTotals
from hom_core.domain.membership.state import Member
from hom_core.domain.values import FinancialYear, Fte, Money

__all__ = ["Arrears", "BankerSuccession", "ContributionRow", "FundingView", "YearStatement"]


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
class Arrears:
    """F1: what one member school still owes for one financial year."""

    member_id: str
    name: str
    financial_year: FinancialYear
    called: Money
    """What is owed for the year: the amount called plus any adjustment."""
    paid: Money
    outstanding: Money


@attrs.frozen
class YearStatement:
    """F1, F4: the banker's statement of one financial year: what was called for it and
    received for it, the banker's administration share of that, what was spent in the year, and
    what the banker held after the year's entries (carried from the years before)."""

    financial_year: FinancialYear
    called: Money
    received: Money
    admin_share: Money
    spent: Money
    held: Money

    @property
    def outstanding(self) -> Money:
        """What is still to be received for the year."""
        return self.called - self.received


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

    inputs: FundingInputs
    day: date

    def rate_for(self, financial_year: FinancialYear) -> Money:
        """F3: the rate per FTE for ``financial_year``, as set by the day (default £2.00)."""
        return self.inputs.funding.rate_for(financial_year)

    def census(self, member_id: str, year: int) -> Census | None:
        """C2: the member's census of January ``year`` as known on the day (corrections
        included), or ``None``."""
        return self.inputs.funding.census(member_id, year)

    def contributions(self, financial_year: FinancialYear) -> list[ContributionRow]:
        """F1: each school's contribution for ``financial_year``, in the order they were called;
        leavers keep their rows (F5)."""
        rows = []
        for item in self.inputs.funding.calls.get(financial_year, {}).values():
            member = self.inputs.membership.members.get(item.member_id)
            rows.append(
                ContributionRow(
                    item.member_id,
                    member.name if member is not None else item.member_id,
                    item.due.census_date,
                    item.fte,
                    item.due.rate,
                    item.due.months,
                    item.due.amount,
                    total(a.amount for a in item.adjustments),
                    item.paid,
                    item.due.due_on,
                )
            )
        return rows

    def owed(self, member_id: str, financial_year: FinancialYear) -> Money:
        """F1: what the member owes for the year (called plus adjustments; £0 if not called)."""
        item = self.inputs.funding.contribution(member_id, financial_year)
        return Money.zero() if item is None else item.owed

    def paid(self, member_id: str, financial_year: FinancialYear) -> Money:
        """F1: what the member has paid towards the year, by the day."""
        item = self.inputs.funding.contribution(member_id, financial_year)
        return Money.zero() if item is None else item.paid

    def outstanding(self, member_id: str, financial_year: FinancialYear) -> Money:
        """What the member still has to pay for the year: owed less paid."""
        return self.owed(member_id, financial_year) - self.paid(member_id, financial_year)

    def arrears(self, member_id: str | None = None) -> list[Arrears]:
        """F1: every contribution not paid in full by the day, of every financial year (of one
        member, if given): years in the order they were called, members in the order they were
        billed. Leavers keep what they owe (F5)."""
        found = []
        for year, called in self.inputs.funding.calls.items():
            for item in called.values():
                if member_id not in (None, item.member_id) or item.paid >= item.owed:
                    continue
                member = self.inputs.membership.members.get(item.member_id)
                name = item.member_id if member is None else member.name
                found.append(
                    Arrears(item.member_id, name, year, item.owed, item.paid, item.owed - item.paid)
                )
        return found

    def statements(self) -> list[YearStatement]:
        """F1, F4: the banker's statement of each financial year called or spent in by the
        day, oldest first, from the totals the state keeps (spending counts in the year it was
        made); the last year's ``held`` is :meth:`holding`."""
        funding = self.inputs.funding
        framework = self.inputs.framework
        spent: dict[FinancialYear, Money] = {}
        for spend in funding.spending:
            if spend.spent_on <= self.day:
                month = framework.policies_on(spend.spent_on).financial_year_start_month
                year = FinancialYear.of(spend.spent_on, month)
                spent[year] = spent.get(year, Money.zero()) + spend.amount
        held = Money.zero()
        found = []
        for year in sorted({*funding.totals, *spent}, key=lambda each: each.first_day):
            totals = funding.totals.get(year, YearTotals())
            share = totals.paid.portion(admin_fraction(self.inputs, year))
            out = spent.get(year, Money.zero())
            held += totals.paid - share - out
            found.append(YearStatement(year, totals.owed, totals.paid, share, out, held))
        return found

    def banker(self) -> Member | None:
        """F4: the school appointed to hold the funds on the day, or ``None`` before any was.

        A banker that has left stays the banker until a successor takes over:
        :meth:`banker_needs_successor` says so.
        """
        appointment = self.inputs.funding.banker_appointment_on(self.day)
        if appointment is None:
            return None
        return self.inputs.membership.members.get(appointment.member_id)

    def paid_in(self, financial_year: FinancialYear) -> Money:
        """Everything paid for ``financial_year`` by the day, by every school."""
        return paid_by_year(self.inputs.funding, self.day).get(financial_year, Money.zero())

    def admin_share(self, financial_year: FinancialYear) -> Money:
        """F4: the banker's share of what was paid for ``financial_year``, at the fraction
        ``banker_admin_share`` of the policies in force on that year's first day."""
        return self.paid_in(financial_year).portion(admin_fraction(self.inputs, financial_year))

    def holding(self) -> Money:
        """F4: the funds the banker holds on the day: all paid, less the admin shares, less
        what was spent. Nothing is refunded to a school that leaves (F5)."""
        return holding(self.inputs, self.day)

    def banker_needs_successor(self) -> BankerSuccession | None:
        """The banker rules: the banker is under notice and no other school is appointed to take
        over by the day after its leaving date, or it has left and none took over; else
        ``None`` (also before any banker was appointed)."""
        appointment = self.inputs.funding.banker_appointment_on(self.day)
        if appointment is None:
            return None
        banker = self.inputs.membership.members.get(appointment.member_id)
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
        for successor in self.inputs.funding.bankers:
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
