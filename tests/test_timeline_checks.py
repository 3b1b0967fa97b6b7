"""R2 for the rest of the core's facts: meetings and their hosts and chairs, groups reporting
back and closed, chair rotations, joint training days and conferences, policies, rates, calls,
adjustments and spending. Each test makes a back-dated command or a retraction that would make
a recorded fact break its rule: refused, naming that fact (its date, position and type) and the
rule, with nothing appended."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from cli_support import installed_plugins
from domain_strategies import assert_refused, new_partnership
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import (
    AcademicYear,
    AppointBanker,
    AppointRoleHolder,
    CallContributions,
    CloseTaskGroup,
    CorrectFact,
    DateRange,
    EstablishGroup,
    FinancialYear,
    FormPartnership,
    GiveNotice,
    GroupKind,
    HoldConference,
    HoldMeeting,
    HoldTrainingDay,
    Money,
    RecordPayment,
    RecordTermDates,
    ReportBack,
    RetractFact,
    Role,
    RotateChair,
    SetContributionRate,
    SpendFunds,
    SubmitCensus,
    TermDates,
)
from hom_core.domain.governance.vocabulary import EYFS_GROUP, ChairRule
from hom_core.errors import TimelineViolation
from hom_core.log import EventLog
from hom_core.testing.strategies import FORMED_ON, join

CLERK = "person-clerk"
TODAY = date(2016, 1, 4)
FY14 = FinancialYear(2014)
FY15 = FinancialYear(2015)


def schools(*members: str) -> tuple[EventLog, Partnership]:
    log, hom = new_partnership()
    for member_id in members:
        hom.execute(join(member_id, FORMED_ON))
    return log, hom


def last(log: EventLog) -> int:
    """The position of the newest fact."""
    return log.head()[0]


def position_of(log: EventLog, hom: Partnership, event_type: str) -> int:
    """The position of the first fact of ``event_type`` in ``hom``'s stream."""
    return next(
        record.position
        for record in log.read_stream(hom.stream_id)
        if log.codec.types.of(record.event).name == event_type
    )


def retract(position: int) -> RetractFact:
    return RetractFact(position, "recorded by mistake", CLERK, TODAY)


def assert_breaks(
    log: EventLog, hom: Partnership, command: object, rule: str, position: int, day: date
) -> None:
    """``command`` is refused by R2 naming the fact at ``position`` (effective ``day``) and
    ``rule``; nothing is appended."""
    violation = assert_refused(log, hom, command, rule)
    assert isinstance(violation, TimelineViolation), violation
    assert (violation.position, violation.effective_date) == (position, day)
    assert f"position {position}" in str(violation)


# -- governance ------------------------------------------------------------------------------


def test_r2_g1_a_meeting_hosted_by_a_school_whose_joining_is_retracted_is_refused() -> None:
    """G1, R2: the network met at St Mary's on 2014-03-10; retracting St Mary's joining would
    leave the meeting hosted by a school that never joined."""
    log, hom = schools("st-marys", "birchfields")
    joined = position_of(log, hom, "hom.member_joined")
    hom.execute(EstablishGroup("maths", "Maths network", GroupKind.NETWORK, FORMED_ON))
    hom.execute(HoldMeeting("maths", date(2014, 3, 10), "st-marys"))
    assert_breaks(log, hom, retract(joined), "G1", last(log), date(2014, 3, 10))


def test_r2_g4_a_meeting_whose_host_s_representative_is_retracted_is_refused() -> None:
    """G4, R2: the EYFS network is chaired by the host's EYFS representative; retracting the
    representative's appointment leaves the meeting of 2014-02-05 with no chair by rule."""
    log, hom = schools("st-marys", "birchfields")
    hom.execute(AppointRoleHolder("st-marys", Role.EYFS_REPRESENTATIVE, "p-eyfs", FORMED_ON))
    appointed = last(log)
    hom.execute(
        EstablishGroup(
            EYFS_GROUP, "EYFS Network", GroupKind.STANDING, FORMED_ON,
            ChairRule.HOST_EYFS_REPRESENTATIVE,
        )
    )  # fmt: skip
    hom.execute(HoldMeeting(EYFS_GROUP, date(2014, 2, 5), "st-marys"))
    assert_breaks(log, hom, retract(appointed), "G4", last(log), date(2014, 2, 5))


def task_group(hom: Partnership) -> None:
    period = DateRange(date(2014, 1, 6), date(2014, 7, 18))
    hom.execute(
        EstablishGroup("phonics", "Phonics", GroupKind.TASK, date(2014, 1, 6), period=period)
    )


def test_r2_g5_closing_a_task_group_before_it_reported_back_is_refused() -> None:
    """G5, R2: the task group reported back on 2014-05-12; closing it back-dated to 2014-04-01
    would leave the report back from a closed group."""
    log, hom = schools("st-marys")
    task_group(hom)
    hom.execute(ReportBack("phonics", date(2014, 5, 12), "findings"))
    reported = last(log)
    close = CloseTaskGroup("phonics", date(2014, 4, 1))
    assert_breaks(log, hom, close, "G5", reported, date(2014, 5, 12))


def test_r2_g5_retracting_the_group_a_closure_closes_is_refused() -> None:
    """G5, R2: the task group closed on 2014-07-18 must have been established."""
    log, hom = schools("st-marys")
    task_group(hom)
    established = last(log)
    hom.execute(CloseTaskGroup("phonics", date(2014, 7, 18)))
    assert_breaks(log, hom, retract(established), "G5", last(log), date(2014, 7, 18))


def test_r2_g2_notice_back_dated_before_a_school_took_the_chair_is_refused() -> None:
    """G2, R2: St Mary's head took the chair on 2014-09-01; notice from St Mary's back-dated to
    2014-06-02 would put a school under notice in the chair."""
    log, hom = schools("st-marys", "birchfields")
    hom.execute(RotateChair(date(2014, 9, 1)))
    took = last(log)
    notice = GiveNotice("st-marys", date(2014, 6, 2))
    assert_breaks(log, hom, notice, "G2", took, date(2014, 9, 1))


# -- joint work ------------------------------------------------------------------------------


def test_r2_t1_a_training_day_organised_by_a_school_that_never_joined_is_refused() -> None:
    """T1, R2: retracting Birchfields' joining leaves the joint day of 2014-01-06 organised by
    one member school."""
    log, hom = schools("st-marys", "birchfields")
    joined = last(log)
    hom.execute(HoldTrainingDay(date(2014, 1, 6), "Moderation", ("st-marys", "birchfields")))
    assert_breaks(log, hom, retract(joined), "T1", last(log), date(2014, 1, 6))


def test_r2_t1_term_dates_putting_two_conferences_in_one_year_are_refused() -> None:
    """T1, R2: conferences on 2014-07-10 (2013/14) and 2014-09-08 (2014/15). Term dates for
    2014/15 back-dated to 2014-06-02 with its first day on 2014-09-15 would put both in
    2013/14: the second is named."""
    log, hom = schools("st-marys")
    hom.execute(HoldConference(date(2014, 7, 10), "Reading"))
    hom.execute(HoldConference(date(2014, 9, 8), "Writing"))
    second = last(log)
    halves = (
        (date(2014, 9, 15), date(2014, 10, 24)),
        (date(2014, 11, 3), date(2014, 12, 19)),
        (date(2015, 1, 5), date(2015, 2, 13)),
        (date(2015, 2, 23), date(2015, 3, 27)),
        (date(2015, 4, 13), date(2015, 5, 22)),
        (date(2015, 6, 1), date(2015, 7, 22)),
    )
    terms = TermDates(AcademicYear(2014), tuple(DateRange(*half) for half in halves))
    command = RecordTermDates(terms, date(2014, 6, 2))
    assert_breaks(log, hom, command, "T1", second, date(2014, 9, 8))


# -- framework and funding -------------------------------------------------------------------


def test_r2_g8_a_formation_corrected_to_after_its_policies_is_refused() -> None:
    """G8, R2: the policies adopted when the partnership was formed cannot come before it:
    correcting the formation to a later day is refused naming them."""
    log, hom = new_partnership()
    formed = position_of(log, hom, "hom.partnership_formed")
    later = FormPartnership("Heart of Manchester", date(2013, 9, 2))
    command = CorrectFact(formed, later, "formed in September", CLERK, TODAY)
    assert_breaks(log, hom, command, "G8", formed + 1, FORMED_ON)


def censuses(hom: Partnership, year: int, *members: str) -> None:
    for member_id in members:
        hom.execute(SubmitCensus(member_id, date(year, 1, 16), 210, 0))


def test_r2_f3_a_call_back_dated_before_the_rate_for_its_year_is_refused() -> None:
    """F3, R2: a rate for 2015/16 set on 2015-05-01, before the year was called; a call
    back-dated to 2015-04-01 would bill the year (due that day) at a rate not yet set."""
    log, hom = schools("st-marys")
    censuses(hom, 2015, "st-marys")
    hom.execute(SetContributionRate(FY15, Money.pounds(3), date(2015, 5, 1)))
    rate = last(log)
    call = CallContributions(FY15, date(2015, 4, 1))
    assert_breaks(log, hom, call, "F3", rate, date(2015, 5, 1))


def called() -> tuple[EventLog, Partnership]:
    """St Mary's and Birchfields billed for 2014/15 on their January 2014 census."""
    log, hom = schools("st-marys", "birchfields")
    censuses(hom, 2014, "st-marys", "birchfields")
    hom.execute(CallContributions(FY14, date(2014, 4, 1)))
    return log, hom


def test_r2_f1_retracting_the_census_a_contribution_was_called_on_is_refused() -> None:
    """F1, R2: St Mary's contribution for 2014/15 was called on its January census."""
    log, hom = called()
    census = position_of(log, hom, "hom.census_submitted")
    due = position_of(log, hom, "hom.contribution_due")
    assert_breaks(log, hom, retract(census), "F1", due, FY14.first_day)


def test_r2_c2_retracting_the_contribution_an_adjustment_adjusts_is_refused() -> None:
    """C2, R2: a corrected census adjusted St Mary's contribution on 2014-05-06; retracting the
    contribution would leave the adjustment adjusting nothing."""
    log, hom = called()
    due = position_of(log, hom, "hom.contribution_due")
    hom.execute(SubmitCensus("st-marys", date(2014, 1, 16), 200, 0, date(2014, 5, 6)))
    adjusted = last(log)
    assert_breaks(log, hom, retract(due), "C2", adjusted, date(2014, 5, 6))


def test_r2_f4_retracting_a_payment_the_spending_was_paid_from_is_refused() -> None:
    """F4, R2: £600 spent on 2014-06-01 from the £840 paid; without Birchfields' £420 the
    banker would not have held it."""
    log, hom = called()
    hom.execute(AppointBanker("st-marys", FORMED_ON))
    for member_id in ("st-marys", "birchfields"):
        hom.execute(RecordPayment(member_id, FY14, Money.pounds(420), date(2014, 4, 10)))
    paid = last(log)
    hom.execute(SpendFunds(Money.pounds(600), date(2014, 6, 1), "joint conference"))
    assert_breaks(log, hom, retract(paid), "F4", last(log), date(2014, 6, 1))


def test_r2_the_rulebook_lists_every_event_type_as_re_checked_or_kept() -> None:
    """R2: the rulebook's table names every event type of the core and the built-in packs, and
    says "re-checked" exactly for those a check case reads again."""
    every_rule = Partnership(open_log("memory://", plugins=installed_plugins()), "x").runner.checker
    checked = set(every_rule.checked_types)
    expected = {
        event_type.name: "re-checked" if event_type.cls in checked else "kept"
        for event_type in every_rule.event_types
    }
    text = (Path(__file__).parents[1] / "docs" / "rulebook" / "record.md").read_text("utf-8")
    listed = dict(re.findall(r"^\| `([a-z_.]+)` \| (re-checked|kept) \|", text, re.MULTILINE))
    assert listed == expected
