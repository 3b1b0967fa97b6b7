"""What a school pays (F1, F3, F6): the agreed rate, a contribution to the penny, sums of money."""

from __future__ import annotations

from collections.abc import Iterable

from hom_core.domain.values import Fte, Money

__all__ = ["AGREED_RATE", "contribution", "total"]

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


def total(amounts: Iterable[Money]) -> Money:
    """The sum of ``amounts`` (£0 for none)."""
    return sum(amounts, Money.zero())
