"""The funding events (C2, F1, F3, F4)."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain.values import FinancialYear, Fte, Money

__all__ = [
    "BankerAppointed",
    "CensusSubmitted",
    "ContributionAdjusted",
    "ContributionDue",
    "ContributionPaid",
    "ContributionRateSet",
    "FundsSpent",
]


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
