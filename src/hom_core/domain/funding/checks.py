"""The checks every funding decision shares: field types, formation, the financial year (F2),
that a member exists, that an amount is more than £0."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from hom_core.domain.checks import known_member
from hom_core.domain.values import FinancialYear, Money
from hom_core.errors import RuleViolation

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


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


_member = known_member


def _positive(amount: Money, rule: str, what: str) -> None:
    if amount <= Money.zero():
        raise RuleViolation(rule, f"{what} must be more than £0.00, not {amount}")
