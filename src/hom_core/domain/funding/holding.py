"""The funds the banker holds (F4, F5): payments, less the banker's administration share of
each year, less spending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hom_core.domain.funding.amounts import total
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.domain.funding.state import FundingState
from hom_core.domain.values import FinancialYear, Money

__all__ = ["admin_fraction", "holding", "paid_by_year"]


def admin_fraction(given: FundingInputs, financial_year: FinancialYear) -> Decimal:
    """F4: the banker's admin share of a year: the policy in force on its first day."""
    return given.framework.policies_on(financial_year.first_day).banker_admin_share


def paid_by_year(funding: FundingState, day: date) -> dict[FinancialYear, Money]:
    """F1: everything paid by ``day``, by the financial year it was paid for: the totals kept
    in the state when they hold no later payment (a view's state never does), else a count of
    the payments made by then."""
    if funding.last_paid_on is None or funding.last_paid_on <= day:
        return {year: totals.paid for year, totals in funding.totals.items() if totals.paid}
    paid: dict[FinancialYear, Money] = {}
    for item in funding.contributions:
        for payment in item.payments:
            if payment.paid_on <= day:
                paid[item.financial_year] = paid.get(item.financial_year, Money.zero()) + (
                    payment.amount
                )
    return paid


def holding(given: FundingInputs, day: date) -> Money:
    """F4, F5: every payment to ``day``, less each year's admin share, less spending to
    ``day``; nothing is refunded to a school that leaves."""
    kept = Money.zero()
    for year, paid in paid_by_year(given.funding, day).items():
        kept += paid - paid.portion(admin_fraction(given, year))
    spent = total(spend.amount for spend in given.funding.spending if spend.spent_on <= day)
    return kept - spent
