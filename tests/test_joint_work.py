"""Joint work (T1): joint training days against the agreement, and the annual joint conference.

States are built through ``Partnership.execute`` and questions asked of
``hom.as_of(day).joint_work``; a refused command appends nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hom_core import RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.domain import (
    AcademicYear,
    AgreeTrainingDays,
    FormPartnership,
    GiveNotice,
    HoldConference,
    HoldTrainingDay,
    JoinPartnership,
    OrganisationKind,
)

FORMED = date(2013, 7, 1)
SCHOOLS = ("claremont", "st-margarets", "webster")
THEMES = (
    "Creativity in the Curriculum",
    "Characteristics of Effective Learning",
    "Maths and the Mastery Curriculum",
    "SEND",
)


def with_schools(schools: tuple[str, ...] = SCHOOLS) -> Partnership:
    """A partnership formed on FORMED whose ``schools`` joined in order, a day apart."""
    hom = Partnership(open_log("memory://"), "hom")
    hom.execute(FormPartnership("Heart of Manchester", FORMED))
    for offset, member_id in enumerate(schools):
        hom.execute(
            JoinPartnership(
                member_id,
                member_id.replace("-", " ").title(),
                OrganisationKind.PRIMARY,
                head=f"head-of-{member_id}",
                chair_of_governors=f"governors-of-{member_id}",
                partnership_chair="partnership-chair",
                signed_on=FORMED + timedelta(days=offset),
            )
        )
    return hom


def refused(hom: Partnership, command: object) -> RuleViolation:
    """``command`` breaks T1: a RuleViolation citing it, and nothing appended."""
    before = hom.log.stream_version(hom.stream_id)
    with pytest.raises(RuleViolation) as caught:
        hom.execute(command)
    assert caught.value.rule == "T1", caught.value
    assert hom.log.stream_version(hom.stream_id) == before
    return caught.value


def test_t1_one_joint_training_day_in_2013_14_then_harmonised_from_2014_15() -> None:
    hom = with_schools()
    hom.execute(AgreeTrainingDays(AcademicYear(2013), FORMED, joint_days=1))
    hom.execute(AgreeTrainingDays(AcademicYear(2014), FORMED, harmonised=True))

    before = hom.as_of(date(2013, 12, 1)).joint_work.training_day_commitment()
    assert before is not None
    assert before.academic_year == AcademicYear(2013)
    assert (before.joint_days, before.harmonised, before.held) == (1, False, ())
    assert not before.met

    # 2013/14: one joint day, not every school need take part
    hom.execute(HoldTrainingDay(date(2014, 1, 6), "Assessment without levels", SCHOOLS[:2]))
    year_one = hom.as_of(date(2014, 8, 31)).joint_work
    assert [d.held_on for d in year_one.training_days()] == [date(2014, 1, 6)]
    commitment = year_one.training_day_commitment()
    assert commitment is not None
    assert commitment.met

    # 2014/15 and beyond: harmonised, so every member school takes part in every joint day
    hom.execute(HoldTrainingDay(date(2014, 9, 1), "New curriculum", SCHOOLS))
    hom.execute(HoldTrainingDay(date(2015, 1, 5), "Moderation", ("claremont", "webster")))
    year_two = hom.as_of(date(2015, 8, 31)).joint_work
    assert year_two.training_days(AcademicYear(2013)) == year_one.training_days()
    assert [d.theme for d in year_two.training_days()] == ["New curriculum", "Moderation"]
    harmonised = year_two.training_day_commitment()
    assert harmonised is not None
    assert harmonised.harmonised
    assert harmonised.missing == ((date(2015, 1, 5), ("st-margarets",)),)
    assert not harmonised.met

    # the 2014/15 agreement holds "and beyond"
    later = year_two.training_day_commitment(AcademicYear(2016))
    assert later is not None
    assert later.harmonised
    assert later.held == ()
    assert year_two.training_day_agreement(AcademicYear(2012)) is None
    assert year_two.training_day_commitment(AcademicYear(2012)) is None


def test_t1_a_harmonised_year_counts_only_the_schools_that_are_members_that_day() -> None:
    hom = with_schools()
    hom.execute(AgreeTrainingDays(AcademicYear(2014), FORMED, harmonised=True))
    hom.execute(GiveNotice("webster", date(2014, 8, 1)))  # leaves 31 December 2014
    hom.execute(HoldTrainingDay(date(2015, 1, 5), "Moderation", ("claremont", "st-margarets")))
    commitment = hom.as_of(date(2015, 8, 31)).joint_work.training_day_commitment()
    assert commitment is not None
    assert commitment.met


@pytest.mark.parametrize(
    "command",
    [
        HoldTrainingDay(date(2014, 1, 6), " ", SCHOOLS),
        HoldTrainingDay(date(2014, 1, 6), "Phonics", ("claremont",)),
        HoldTrainingDay(date(2014, 1, 6), "Phonics", ("claremont", "claremont")),
        HoldTrainingDay(date(2014, 1, 6), "Phonics", ("claremont", "never-joined")),
        HoldTrainingDay(date(2013, 6, 1), "Phonics", SCHOOLS),
        AgreeTrainingDays(AcademicYear(2013), FORMED, joint_days=0),
        HoldConference(date(2014, 1, 6), ""),
    ],
)
def test_t1_joint_work_needs_a_theme_and_two_or_more_member_schools(command: object) -> None:
    refused(with_schools(), command)


def test_t1_one_joint_training_day_a_date_and_one_agreement_a_year_a_day() -> None:
    hom = with_schools()
    hom.execute(HoldTrainingDay(date(2014, 1, 6), "Phonics", SCHOOLS))
    refused(hom, HoldTrainingDay(date(2014, 1, 6), "Maths", SCHOOLS))
    hom.execute(AgreeTrainingDays(AcademicYear(2013), FORMED))
    refused(hom, AgreeTrainingDays(AcademicYear(2013), FORMED, joint_days=2))
    hom.execute(AgreeTrainingDays(AcademicYear(2013), date(2013, 9, 1), joint_days=2))
    agreed = hom.as_of(date(2014, 1, 6)).joint_work.training_day_commitment()
    assert agreed is not None
    assert agreed.joint_days == 2
    assert not agreed.met


def test_t1_an_annual_joint_conference_with_a_theme() -> None:
    hom = with_schools()
    assert hom.as_of(date(2013, 9, 1)).joint_work.conference_due()
    for year, theme in enumerate(THEMES, start=2014):
        hom.execute(HoldConference(date(year, 6, 20), theme))

    view = hom.as_of(date(2017, 8, 31)).joint_work
    assert [held.theme for held in view.conferences()] == list(THEMES)
    conference = view.conference(AcademicYear(2014))
    assert conference is not None
    assert conference.theme == "Characteristics of Effective Learning"
    assert view.conference() is not None
    assert not view.conference_due()

    autumn = hom.as_of(date(2017, 9, 1)).joint_work
    assert autumn.conference() is None
    assert autumn.conference_due()
    assert hom.as_of(date(2014, 6, 19)).joint_work.conference_due()
    assert not hom.as_of(date(2014, 6, 20)).joint_work.conference_due()
    assert hom.as_of(date(2014, 6, 19)).joint_work.conferences() == ()

    # the conference is annual: a second one in the same academic year is a mistake
    error = refused(hom, HoldConference(date(2017, 7, 1), "Attendance"))
    assert "2016/17" in str(error)
    hom.execute(HoldConference(date(2017, 10, 1), "Attendance"))


def test_t1_nothing_is_due_before_the_partnership_is_formed() -> None:
    hom = Partnership(open_log("memory://"), "hom")
    assert not hom.as_of(date(2013, 9, 1)).joint_work.conference_due()
    with pytest.raises(RuleViolation) as caught:
        hom.execute(HoldConference(date(2013, 9, 1), "Creativity in the Curriculum"))
    assert caught.value.rule == "T1"
