"""The checks funding decisions share beyond the core's (:mod:`hom_core.domain.checks`): the
financial year is one of the partnership's (F2), an amount is more than £0."""

from __future__ import annotations

from hom_core.domain.checks import ReadsFramework
from hom_core.domain.values import FinancialYear, Money
from hom_core.errors import RuleViolation

__all__ = ["partnership_year", "positive"]


def partnership_year(given: ReadsFramework, financial_year: FinancialYear) -> None:
    """F2: refuse a financial year that does not start in the month of the policy in force on
    its first day (``financial_year_start_month``)."""
    month = given.framework.policies_on(financial_year.first_day).financial_year_start_month
    if financial_year.start_month != month:
        expected = FinancialYear(financial_year.start, month)
        raise RuleViolation(
            "F2",
            f"the partnership's financial years start in month {month} (policy "
            f"financial_year_start_month), so {financial_year} is not one of them: use {expected}",
        )


def positive(amount: Money, rule: str, what: str) -> None:
    """Refuse an amount of £0 or less for ``what`` ("a payment") as a violation of ``rule``."""
    if amount <= Money.zero():
        raise RuleViolation(rule, f"{what} must be more than £0.00, not {amount}")
