"""The framework (hom_core.domain.framework): forming the partnership, its policies over time,
its recorded term dates (C1) and the strategic group's annual review (G8)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain_strategies import assert_refused, new_partnership
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import (
    AcademicYear,
    AdoptPolicies,
    Calendar,
    DateRange,
    FormPartnership,
    JoinerCharge,
    NoticePolicy,
    NoticeReading,
    Policies,
    RecordTermDates,
    ReviewFramework,
    TermDates,
)
from hom_core.domain.framework.events import (
    FrameworkReviewed,
    PartnershipFormed,
    PoliciesAdopted,
)
from hom_core.testing.strategies import FORMED_ON

ONE_DAY = timedelta(days=1)
WEEKS_6 = Policies(notice=NoticePolicy(NoticeReading.WEEKS, weeks=6))


def term_dates(year: int, first: date, last: date) -> TermDates:
    """Term dates of ``year`` from ``first`` to ``last``, the default splits in between."""
    default = TermDates.default(AcademicYear(year)).half_terms
    return TermDates(
        AcademicYear(year),
        (DateRange(first, default[0].last), *default[1:5], DateRange(default[5].first, last)),
    )


# -- forming the partnership -------------------------------------------------------------------


def test_forming_records_the_name_the_date_and_the_first_policies() -> None:
    log, hom = new_partnership(policies=WEEKS_6)
    framework = hom.state().framework
    assert (framework.name, framework.formed_on) == ("Heart of Manchester", FORMED_ON)
    assert framework.policies_on(FORMED_ON) == WEEKS_6
    assert [type(r.event) for r in log.read_stream(hom.stream_id)] == [
        PartnershipFormed,
        PoliciesAdopted,
    ]
    assert {r.effective_date for r in log.read_stream(hom.stream_id)} == {FORMED_ON}
    assert hom.as_of(FORMED_ON - ONE_DAY).state.framework.formed_on is None


def test_g8_a_stream_holds_one_partnership_formed_once() -> None:
    log, hom = new_partnership()
    error = assert_refused(log, hom, FormPartnership("Another", date(2014, 1, 1)), "M1")
    assert "already formed" in str(error)
    assert hom.state().framework.name == "Heart of Manchester"


def test_a_partnership_needs_a_name() -> None:
    log = open_log("memory://")
    hom = Partnership(log, "hom")
    assert_refused(log, hom, FormPartnership("   ", FORMED_ON), "M1")
    assert log.stream_version(hom.stream_id) == 0


@pytest.mark.parametrize(
    ("command", "rule"),
    [
        (AdoptPolicies(Policies(), FORMED_ON), "G8"),
        (ReviewFramework(FORMED_ON), "G8"),
        (RecordTermDates(TermDates.default(AcademicYear(2014)), FORMED_ON), "C1"),
    ],
    ids=["adopt", "review", "term-dates"],
)
def test_framework_commands_need_a_formed_partnership(command: object, rule: str) -> None:
    log = open_log("memory://")
    hom = Partnership(log, "hom")
    error = assert_refused(log, hom, command, rule)
    assert "FormPartnership" in str(error)


# -- policies over time ------------------------------------------------------------------------


def test_g8_policies_adopted_apply_from_their_date() -> None:
    _, hom = new_partnership()
    adopted_on = date(2014, 9, 1)
    hom.execute(AdoptPolicies(WEEKS_6, adopted_on))
    framework = hom.state().framework
    assert framework.policies_on(FORMED_ON - ONE_DAY) == Policies()  # defaults before any
    assert framework.policies_on(adopted_on - ONE_DAY) == Policies()
    assert framework.policies_on(adopted_on) == WEEKS_6
    assert framework.policies_on(date(2030, 1, 1)) == WEEKS_6
    assert hom.as_of(adopted_on - ONE_DAY).state.framework.policies_on(adopted_on) == Policies()


def test_g8_policies_adopted_twice_on_one_day_keep_the_later() -> None:
    _, hom = new_partnership()
    hom.execute(AdoptPolicies(WEEKS_6, FORMED_ON))  # replaces the policies formed with
    pro_rata = Policies(joiner_charge=JoinerCharge.PRO_RATA)
    hom.execute(AdoptPolicies(pro_rata, date(2015, 4, 1)))
    hom.execute(AdoptPolicies(WEEKS_6, date(2014, 4, 1)))  # back-dated, between the two
    framework = hom.state().framework
    assert [p.start for p in framework.policy_periods] == [
        FORMED_ON,
        date(2014, 4, 1),
        date(2015, 4, 1),
    ]
    assert framework.policies_on(FORMED_ON) == WEEKS_6
    assert framework.policies_on(date(2015, 3, 31)) == WEEKS_6
    assert framework.policies_on(date(2015, 4, 1)) == pro_rata


def test_g8_policies_cannot_be_adopted_before_the_partnership_was_formed() -> None:
    log, hom = new_partnership()
    assert_refused(log, hom, AdoptPolicies(WEEKS_6, FORMED_ON - ONE_DAY), "G8")
    hom.execute(AdoptPolicies(WEEKS_6, FORMED_ON))


# -- G8: the annual review ---------------------------------------------------------------------


def test_g8_a_review_is_recorded_with_its_summary() -> None:
    log, hom = new_partnership()
    hom.execute(ReviewFramework(date(2014, 7, 3), summary="kept as it is"))
    hom.execute(ReviewFramework(date(2015, 7, 2)))
    assert hom.state().framework.reviews == (date(2014, 7, 3), date(2015, 7, 2))
    assert hom.as_of(date(2015, 7, 1)).state.framework.reviews == (date(2014, 7, 3),)
    reviewed = [r for r in log.read_stream(hom.stream_id) if type(r.event) is FrameworkReviewed]
    assert [(r.effective_date, r.event.summary) for r in reviewed] == [
        (date(2014, 7, 3), "kept as it is"),
        (date(2015, 7, 2), ""),
    ]


def test_g8_a_second_review_on_the_same_day_is_refused() -> None:
    log, hom = new_partnership()
    hom.execute(ReviewFramework(date(2014, 7, 3)))
    error = assert_refused(log, hom, ReviewFramework(date(2014, 7, 3), "again"), "G8")
    assert "already reviewed on 2014-07-03" in str(error)


def test_g8_a_review_cannot_predate_the_partnership() -> None:
    log, hom = new_partnership()
    assert_refused(log, hom, ReviewFramework(FORMED_ON - ONE_DAY, policies=WEEKS_6), "G8")
    assert hom.state().framework.policies_on(FORMED_ON - ONE_DAY) == Policies()
    hom.execute(ReviewFramework(FORMED_ON))


def test_g8_a_review_may_adopt_policies_from_its_date() -> None:
    log, hom = new_partnership()
    hom.execute(ReviewFramework(date(2014, 7, 3), "six weeks' notice", policies=WEEKS_6))
    framework = hom.state().framework
    assert framework.reviews == (date(2014, 7, 3),)
    assert framework.policies_on(date(2014, 7, 2)) == Policies()
    assert framework.policies_on(date(2014, 7, 3)) == WEEKS_6
    events = [r.event for r in log.read_stream(hom.stream_id, after_version=2)]
    assert events == [
        FrameworkReviewed(date(2014, 7, 3), "six weeks' notice"),
        PoliciesAdopted(WEEKS_6, date(2014, 7, 3)),
    ]


# -- C1: recorded term dates -------------------------------------------------------------------


def test_c1_term_dates_recorded_become_the_partnerships_calendar() -> None:
    _, hom = new_partnership()
    dates_2014 = term_dates(2014, date(2014, 9, 3), date(2015, 7, 22))
    hom.execute(RecordTermDates(dates_2014, recorded_on=date(2014, 6, 1)))
    calendar = hom.state().framework.calendar
    assert calendar == Calendar([dates_2014])
    assert calendar.term_on(date(2014, 9, 2)) is None  # a holiday now
    assert hom.as_of(date(2014, 5, 31)).state.framework.calendar == Calendar()
    # recording a year again replaces its dates
    again = term_dates(2014, date(2014, 9, 4), date(2015, 7, 21))
    hom.execute(RecordTermDates(again, recorded_on=date(2014, 7, 1)))
    assert hom.state().framework.calendar == Calendar([again])


def test_c1_term_dates_that_overlap_the_next_years_are_refused() -> None:
    log, hom = new_partnership()
    hom.execute(RecordTermDates(term_dates(2015, date(2015, 8, 25), date(2016, 7, 20)), FORMED_ON))
    overlapping = term_dates(2014, date(2014, 9, 3), date(2015, 8, 28))
    error = assert_refused(log, hom, RecordTermDates(overlapping, FORMED_ON), "C1")
    assert "2015-08-25" in str(error)
