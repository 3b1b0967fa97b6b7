"""The funding commands (C2, F1, F3, F4): what a user asks the partnership to record."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain.values import FinancialYear, Money


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
