"""The funds the banker holds (F4, F5): payments, less the banker's administration share of
each year, less spending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from hom_core.domain.funding.amounts import _total
from hom_core.domain.values import FinancialYear, Money

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


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
