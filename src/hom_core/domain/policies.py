"""The partnership's policies: the choices its agreement leaves open, with our defaults.

Policies are recorded as events (``PoliciesAdopted``) when the framework is adopted and at each
review, so a question about a past date uses the policy then in force. Each default is the one
the rulebook states (``docs/rulebook/``); every one can be changed by adopting new policies.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from hom_core.domain.calendar import Calendar, leaving_date_full_term
from hom_core.errors import InvalidValueError
from hom_core.jsontext import shown

__all__ = [
    "JoinerCharge",
    "NoticePolicy",
    "NoticeReading",
    "Policies",
]


class NoticeReading(enum.Enum):
    """How "a term's notice" (M2) is read."""

    FULL_TERM = "full_term"
    """Default: notice on or before a term's first day ends membership at that term's end;
    later notice ends it at the end of the next term."""
    CUTOFF = "cutoff"
    """Notice within the first ``cutoff_days`` days of a term ends membership at that term's
    end; later notice at the end of the next term."""
    WEEKS = "weeks"
    """Membership ends ``weeks`` weeks after the notice is received."""
    FIXED_DATE = "fixed_date"
    """Notice by a deadline (30 September) ends membership the day before a fixed date
    (1 April) that follows it; later notice, a year later."""


def _count(most: int, meaning: str, *, optional: bool = False) -> Any:
    """A validator: a whole number from 1 to ``most`` (``meaning`` says what ``most`` is), or
    ``None`` when ``optional``. A policy outside that range makes no sense for a partnership
    of schools, and a huge one would overflow the dates computed from it."""

    def check(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
        if value is None and optional:
            return
        if type(value) is not int or not 1 <= value <= most:
            raise InvalidValueError(
                f"{attribute.name} must be a whole number from 1 to {most} ({meaning}), "
                f"not {shown(value, 40)}"
            )

    return check


def _instance_of(kind: type, example: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidValueError(
                f"{attribute.name} must be a {kind.__name__} such as {example}, not {value!r}"
            )

    return check


def _month_day(_: object, attribute: attrs.Attribute[Any], value: tuple[int, int]) -> None:
    try:
        if type(value) is not tuple or not all(type(part) is int for part in value):
            raise TypeError
        month, day = value
        date(2001, month, day)  # a year that is not a leap year: 29 February is refused
    except (TypeError, ValueError):
        raise InvalidValueError(
            f"{attribute.name}={value!r} is not a (month, day) of every year, such as (9, 30)"
        ) from None


@attrs.frozen
class NoticePolicy:
    """How notice to leave is read (M2), and whether it can be withdrawn."""

    reading: NoticeReading = attrs.field(
        default=NoticeReading.FULL_TERM,
        validator=_instance_of(NoticeReading, "NoticeReading.FULL_TERM"),
    )
    cutoff_days: int | None = attrs.field(
        default=None, validator=_count(366, "a year", optional=True)
    )
    weeks: int | None = attrs.field(default=None, validator=_count(520, "ten years", optional=True))
    deadline: tuple[int, int] = attrs.field(default=(9, 30), validator=_month_day)
    leave_from: tuple[int, int] = attrs.field(default=(4, 1), validator=_month_day)
    withdrawable: bool = attrs.field(default=True, validator=_instance_of(bool, "True"))

    def __attrs_post_init__(self) -> None:
        if self.reading is NoticeReading.CUTOFF and self.cutoff_days is None:
            raise InvalidValueError("a cut-off notice policy needs cutoff_days (e.g. 14)")
        if self.reading is NoticeReading.WEEKS and self.weeks is None:
            raise InvalidValueError("a notice policy in weeks needs weeks (e.g. 12)")

    def leaving_date(self, calendar: Calendar, received: date) -> date:
        """The last day of membership for notice received on ``received``."""
        if self.reading is NoticeReading.FULL_TERM:
            return leaving_date_full_term(calendar, received)
        if self.reading is NoticeReading.CUTOFF:
            assert self.cutoff_days is not None
            term = calendar.term_on_or_after(received)
            if received < term.first + timedelta(days=self.cutoff_days):
                return term.last
            return calendar.next_term(term).last
        if self.reading is NoticeReading.WEEKS:
            assert self.weeks is not None
            return received + timedelta(weeks=self.weeks)
        deadline = date(received.year, *self.deadline)
        leave_from = date(received.year, *self.leave_from)
        if leave_from <= deadline:
            leave_from = leave_from.replace(year=received.year + 1)
        if received > deadline:
            leave_from = leave_from.replace(year=leave_from.year + 1)
        return leave_from - timedelta(days=1)


class JoinerCharge(enum.Enum):
    """What a school joining mid-year owes for that financial year (F6)."""

    FULL = "full"
    """Default: the full contribution, from its most recent January census."""
    PRO_RATA = "pro_rata"
    """The contribution for the remaining months of the year, counted from the joining month."""


def _fraction(_: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if type(value) is not Decimal or not value.is_finite() or not 0 <= value <= 1:
        raise InvalidValueError(
            f"{attribute.name} must be a Decimal fraction from 0 to 1 (e.g. Decimal('0.05')), "
            f"not {value!r}"
        )


@attrs.frozen
class Policies:
    """Every policy of a partnership at one time, with the rulebook's defaults.

    - ``notice``: how notice is read (M2);
    - ``joiner_charge``: what a mid-year joiner owes (F6);
    - ``banker_admin_share``: the fraction of the funds the banker school keeps for its
      administration costs (F4; the agreement gives no figure, so 0 until one is adopted);
    - ``financial_year_start_month``: 4 for maintained schools, 9 for academies (F2, C3);
    - ``chair_order``: member ids in the order the chair rotates (G2; empty: order of joining);
    - ``chair_term_terms``: how many terms a chair serves (G2; 3 = one academic year);
    - ``quorum``: the fraction of member schools that must vote for a decision to stand (G6);
    - ``review_every_months``: how often the framework is reviewed (G8).
    """

    notice: NoticePolicy = attrs.field(
        factory=NoticePolicy, validator=_instance_of(NoticePolicy, "NoticePolicy()")
    )
    joiner_charge: JoinerCharge = attrs.field(
        default=JoinerCharge.FULL, validator=_instance_of(JoinerCharge, "JoinerCharge.FULL")
    )
    banker_admin_share: Decimal = attrs.field(default=Decimal(0), validator=_fraction)
    financial_year_start_month: int = attrs.field(default=4)
    chair_order: tuple[str, ...] = attrs.field(default=())
    chair_term_terms: int = attrs.field(default=3, validator=_count(30, "ten years"))
    quorum: Decimal = attrs.field(default=Decimal("0.5"), validator=_fraction)
    review_every_months: int = attrs.field(default=12, validator=_count(120, "ten years"))

    @chair_order.validator
    def _order(self, _: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if type(value) is not tuple or not all(isinstance(item, str) and item for item in value):
            raise InvalidValueError(
                "chair_order must be a tuple of member ids such as ('st-marys', 'rolls-crescent'), "
                f"not {value!r}"
            )

    @financial_year_start_month.validator
    def _month(self, _: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int or not 1 <= value <= 12:
            raise InvalidValueError(
                f"financial_year_start_month must be a month 1-12 (4 = April), not {value!r}"
            )
