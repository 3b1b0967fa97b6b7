"""Policies (hom_core.domain.policies): the rulebook's defaults, the readings of "a term's notice"
(M2) computed from a calendar (C1), and the refusal of malformed values."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from hom_core.codec import make_converter
from hom_core.domain import (
    AcademicYear,
    Calendar,
    DateRange,
    JoinerCharge,
    NoticePolicy,
    NoticeReading,
    Policies,
    TermDates,
    configure_converter,
)
from hom_core.errors import InvalidValueError
from hom_core.testing.strategies import notice_policies
from properties import examples

DEFAULT = Calendar()
RECORDED = Calendar(
    [
        TermDates(
            AcademicYear(2014),
            (
                DateRange(date(2014, 9, 3), date(2014, 10, 24)),
                DateRange(date(2014, 11, 3), date(2014, 12, 19)),
                DateRange(date(2015, 1, 5), date(2015, 2, 13)),
                DateRange(date(2015, 2, 23), date(2015, 3, 27)),
                DateRange(date(2015, 4, 13), date(2015, 5, 22)),
                DateRange(date(2015, 6, 1), date(2015, 7, 22)),
            ),
        )
    ]
)


def test_the_defaults_are_the_rulebooks() -> None:
    policies = Policies()
    # M2: a full term's notice, withdrawable; the fixed-date reading's 30 September / 1 April
    assert policies.notice == NoticePolicy(
        reading=NoticeReading.FULL_TERM,
        cutoff_days=None,
        weeks=None,
        deadline=(9, 30),
        leave_from=(4, 1),
        withdrawable=True,
    )
    assert policies.joiner_charge is JoinerCharge.FULL  # F6: the full contribution
    assert policies.banker_admin_share == Decimal(0)  # F4: the agreement gives no figure
    assert policies.financial_year_start_month == 4  # F2: 1 April
    assert policies.chair_order == ()  # G2: order of joining
    assert policies.chair_term_terms == 3  # G2: one academic year
    assert policies.review_every_months == 12  # G8: annually
    assert policies.quorum == Decimal("0.5")


# -- M2: the readings of "a term's notice" -----------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "received", "leaves"),
    [
        (DEFAULT, date(2014, 9, 1), date(2014, 12, 31)),
        (DEFAULT, date(2014, 9, 2), date(2015, 4, 30)),
        (DEFAULT, date(2015, 3, 1), date(2015, 8, 31)),
        (RECORDED, date(2014, 9, 1), date(2014, 12, 19)),  # a holiday: the term after it
        (RECORDED, date(2014, 12, 20), date(2015, 3, 27)),
        (RECORDED, date(2015, 4, 13), date(2015, 7, 22)),
        (RECORDED, date(2015, 4, 14), date(2015, 12, 31)),  # 2015/16 is not recorded
    ],
)
def test_m2_full_term(calendar: Calendar, received: date, leaves: date) -> None:
    assert NoticePolicy().leaving_date(calendar, received) == leaves


@pytest.mark.parametrize(
    ("calendar", "received", "leaves"),
    [
        (DEFAULT, date(2014, 9, 10), date(2014, 12, 31)),  # the 10th day of autumn
        (DEFAULT, date(2014, 9, 11), date(2015, 4, 30)),
        (RECORDED, date(2014, 9, 2), date(2014, 12, 19)),  # before the term: that term
        (RECORDED, date(2014, 9, 12), date(2014, 12, 19)),
        (RECORDED, date(2014, 9, 13), date(2015, 3, 27)),
        (RECORDED, date(2014, 12, 22), date(2015, 3, 27)),  # Christmas holiday
    ],
)
def test_m2_a_cut_off_inside_the_term(calendar: Calendar, received: date, leaves: date) -> None:
    policy = NoticePolicy(NoticeReading.CUTOFF, cutoff_days=10)
    assert policy.leaving_date(calendar, received) == leaves


def test_m2_a_number_of_weeks_ignores_the_calendar() -> None:
    policy = NoticePolicy(NoticeReading.WEEKS, weeks=6)
    for calendar in (DEFAULT, RECORDED):
        assert policy.leaving_date(calendar, date(2014, 12, 22)) == date(2015, 2, 2)


@pytest.mark.parametrize(
    ("deadline", "leave_from", "received", "leaves"),
    [
        ((9, 30), (4, 1), date(2014, 9, 30), date(2015, 3, 31)),
        ((9, 30), (4, 1), date(2014, 10, 1), date(2016, 3, 31)),
        ((9, 30), (4, 1), date(2014, 1, 15), date(2015, 3, 31)),
        ((3, 1), (9, 1), date(2015, 3, 1), date(2015, 8, 31)),
        ((3, 1), (9, 1), date(2015, 3, 2), date(2016, 8, 31)),
        ((3, 1), (9, 1), date(2015, 12, 1), date(2016, 8, 31)),
        ((12, 31), (1, 1), date(2015, 12, 31), date(2015, 12, 31)),
        ((4, 1), (4, 1), date(2015, 4, 1), date(2016, 3, 31)),
    ],
)
def test_m2_notice_by_a_deadline_to_leave_from_a_fixed_date(
    deadline: tuple[int, int], leave_from: tuple[int, int], received: date, leaves: date
) -> None:
    policy = NoticePolicy(NoticeReading.FIXED_DATE, deadline=deadline, leave_from=leave_from)
    assert policy.leaving_date(DEFAULT, received) == leaves


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    """The default calendar, or one with 2014/15 recorded with holidays of any length."""
    if draw(st.booleans()):
        return DEFAULT
    first = date(2014, 8, 20) + timedelta(draw(st.integers(0, 30)))
    end = date(2015, 8, 10)
    span = (end - first).days
    cuts = sorted(draw(st.lists(st.integers(1, span - 1), min_size=10, max_size=10, unique=True)))
    points = [first, *(first + timedelta(c) for c in cuts), end]
    halves = [DateRange(points[2 * i], points[2 * i + 1] - timedelta(1)) for i in range(6)]
    return Calendar([TermDates(AcademicYear(2014), halves)])


@settings(max_examples=examples(200), deadline=None)
@given(notice_policies, calendars(), st.dates(date(2013, 1, 1), date(2017, 12, 31)))
def test_m2_membership_never_ends_before_notice_is_received(
    policy: NoticePolicy, calendar: Calendar, received: date
) -> None:
    leaves = policy.leaving_date(calendar, received)
    assert leaves >= received
    if policy.reading in (NoticeReading.FULL_TERM, NoticeReading.CUTOFF):
        # the end of the term notice falls in (the next term, in a holiday), or of the next
        term = calendar.term_on_or_after(received)
        grace = 1 if policy.cutoff_days is None else policy.cutoff_days  # full term: day 1
        in_time = received < term.first + timedelta(grace)
        assert leaves == (term.last if in_time else calendar.next_term(term).last)


# -- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        {"reading": NoticeReading.CUTOFF},  # without cutoff_days
        {"reading": NoticeReading.WEEKS},  # without weeks
        {"reading": "weeks", "weeks": 4},
        {"cutoff_days": 0},
        {"cutoff_days": -1},
        {"cutoff_days": True},
        {"cutoff_days": 1.5},
        {"weeks": 0},
        {"weeks": "12"},
        {"deadline": (2, 29)},
        {"deadline": (13, 1)},
        {"deadline": (9, 31)},
        {"deadline": 930},
        {"deadline": (9, 30, 1)},
        {"deadline": [9, 30]},
        {"deadline": ("9", "30")},
        {"leave_from": (4, 0)},
        {"leave_from": None},
        {"withdrawable": "yes"},
        {"withdrawable": None},
    ],
)
def test_a_malformed_notice_policy_is_refused(arguments: dict[str, Any]) -> None:
    with pytest.raises(InvalidValueError):
        NoticePolicy(**arguments)


@pytest.mark.parametrize(
    "arguments",
    [
        {"notice": None},
        {"notice": NoticeReading.WEEKS},
        {"joiner_charge": "full"},
        {"banker_admin_share": Decimal("1.01")},
        {"banker_admin_share": Decimal("-0.01")},
        {"banker_admin_share": 0.05},
        {"banker_admin_share": 0},
        {"banker_admin_share": Decimal("NaN")},
        {"banker_admin_share": Decimal("sNaN")},
        {"banker_admin_share": Decimal("Infinity")},
        {"quorum": Decimal("1.5")},
        {"quorum": "0.5"},
        {"quorum": Decimal("NaN")},
        {"financial_year_start_month": 0},
        {"financial_year_start_month": 13},
        {"financial_year_start_month": "4"},
        {"financial_year_start_month": True},
        {"chair_order": ["st-marys"]},
        {"chair_order": "st-marys"},
        {"chair_order": ("st-marys", "")},
        {"chair_order": ("st-marys", 7)},
        {"chair_term_terms": 0},
        {"review_every_months": 0},
        {"review_every_months": None},
    ],
)
def test_malformed_policies_are_refused(arguments: dict[str, Any]) -> None:
    with pytest.raises(InvalidValueError):
        Policies(**arguments)


def test_well_formed_policies_are_accepted() -> None:
    policies = Policies(
        notice=NoticePolicy(NoticeReading.CUTOFF, cutoff_days=14, withdrawable=False),
        joiner_charge=JoinerCharge.PRO_RATA,
        banker_admin_share=Decimal("0.05"),
        financial_year_start_month=9,
        chair_order=("st-marys", "rolls-crescent"),
        chair_term_terms=1,
        quorum=Decimal(1),
        review_every_months=24,
    )
    assert policies.notice.cutoff_days == 14
    assert hash(policies) == hash(attrs_copy(policies))


def attrs_copy(policies: Policies) -> Policies:
    converter = make_converter()
    configure_converter(converter)
    return converter.structure(converter.unstructure(policies), Policies)


@settings(max_examples=examples(50), deadline=None)
@given(notice_policies)
def test_policies_round_trip_through_the_codec(policy: NoticePolicy) -> None:
    policies = Policies(notice=policy, banker_admin_share=Decimal("0.05"))
    assert attrs_copy(policies) == policies
