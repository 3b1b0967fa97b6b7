"""What falls due (the core's obligations): for each kind, the day it becomes due, the day it is
overdue, and the command that discharges it, each test citing the rule the obligation comes from.

Every state is built through ``Partnership.execute`` and every question asked of
``hom_core.application.agenda`` on ``hom.as_of(day)``: an obligation is a function of the log
and the day.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain_strategies import new_partnership
from hom_core.application import Partnership
from hom_core.application.agenda import agenda, obligations
from hom_core.domain import (
    AcademicYear,
    AgreeTrainingDays,
    AppointBanker,
    AppointRoleHolder,
    CallContributions,
    CloseTaskGroup,
    DateRange,
    EstablishGroup,
    FinancialYear,
    GiveNotice,
    GroupKind,
    HoldConference,
    HoldMeeting,
    HoldStrategicDirectionMeeting,
    HoldTrainingDay,
    Money,
    RecordPayment,
    ReportToGovernors,
    ReviewFramework,
    Role,
    RotateChair,
    SubmitCensus,
    WithdrawNotice,
)
from hom_core.obligations import Obligation, Status
from hom_core.testing.strategies import FORMED_ON, join

SCHOOLS = ("claremont", "webster", "st-marys")


def partnership() -> Partnership:
    """Three schools joined on FORMED_ON (1 July 2013), a day apart."""
    _, hom = new_partnership()
    for offset, member_id in enumerate(SCHOOLS):
        hom.execute(join(member_id, FORMED_ON + timedelta(days=offset)))
    return hom


def find(
    hom: Partnership, day: date, rule: str, topic: str, due_on: date | None = None
) -> Obligation | None:
    """The obligation of ``rule`` and ``topic`` (due on ``due_on``, if given) as of ``day``
    (``None``: not asked then)."""
    found = [
        o
        for _, o in obligations(hom.as_of(day))
        if o.rule == rule and o.topic == topic and due_on in (None, o.due_on)
    ]
    assert len(found) <= 1, found
    return found[0] if found else None


def status(
    hom: Partnership, day: date, rule: str, topic: str, due_on: date | None = None
) -> Status | None:
    """Where the obligation stands on ``day`` (``None``: not asked then)."""
    found = find(hom, day, rule, topic, due_on)
    return None if found is None else found.status_on(day)


def lifecycle(
    hom: Partnership, rule: str, topic: str, upcoming: date | None, due: date, overdue: date
) -> None:
    """The obligation is upcoming on ``upcoming`` (if given), due on ``due``, overdue on
    ``overdue``."""
    if upcoming is not None:
        assert status(hom, upcoming, rule, topic) is Status.UPCOMING
    assert status(hom, due, rule, topic) is Status.DUE
    assert status(hom, overdue, rule, topic) is Status.OVERDUE


def test_f1_contributions_are_called_by_the_first_day_of_the_financial_year() -> None:
    hom = partnership()
    assert find(hom, date(2014, 3, 20), "F1", "call/2014-15") is None  # no funds kept yet
    hom.execute(AppointBanker("claremont", FORMED_ON))
    topic = "call/2014-15"
    lifecycle(hom, "F1", topic, date(2014, 2, 1), date(2014, 3, 20), date(2014, 4, 2))
    for member_id in SCHOOLS:
        hom.execute(SubmitCensus(member_id, date(2014, 1, 16), 100, 0))
    hom.execute(CallContributions(FinancialYear(2014), date(2014, 4, 5)))
    assert status(hom, date(2014, 4, 5), "F1", topic) is Status.DONE
    obligation = find(hom, date(2014, 4, 5), "F1", topic)
    assert obligation is not None
    assert obligation.command == "CallContributions"


def test_f6_a_school_joining_mid_year_is_billed_within_four_weeks_of_joining() -> None:
    """F6: a school that joins after the year was called owes the year's contribution on
    joining; the banker bills it (CallContributions bills only the joiner) within four weeks,
    and its payment then falls due (F1)."""
    hom = partnership()
    hom.execute(AppointBanker("claremont", FORMED_ON))
    for member_id in SCHOOLS:
        hom.execute(SubmitCensus(member_id, date(2014, 1, 16), 100, 0))
    hom.execute(CallContributions(FinancialYear(2014), date(2014, 4, 1)))
    joined = date(2014, 10, 15)
    topic = f"joiner/martenscroft/{joined}"
    assert find(hom, joined - timedelta(days=1), "F6", topic) is None  # not a member yet
    hom.execute(join("martenscroft", joined))
    hom.execute(SubmitCensus("martenscroft", date(2014, 1, 16), 40, 0, submitted_on=joined))
    lifecycle(hom, "F6", topic, None, joined, date(2014, 11, 13))
    obligation = find(hom, joined, "F6", topic)
    assert obligation is not None
    assert (obligation.due_on, obligation.command) == (date(2014, 11, 12), "CallContributions")
    assert "Martenscroft" in obligation.subject
    assert find(hom, joined, "F1", "pay/2014-15/martenscroft") is None  # not billed yet
    hom.execute(CallContributions(FinancialYear(2014), date(2014, 11, 20)))
    assert status(hom, date(2014, 11, 20), "F6", topic) is Status.DONE
    assert status(hom, date(2014, 11, 20), "F1", "pay/2014-15/martenscroft") is Status.DUE
    for member_id in SCHOOLS:  # the founders joined on the year's first day: F1, not F6
        assert not [
            o for _, o in obligations(hom.as_of(joined)) if member_id in o.topic and o.rule == "F6"
        ]


def test_f6_a_joiner_is_billed_by_the_years_first_call_when_it_comes_after_joining() -> None:
    """F6: when the year is called after the school joined, that call bills it too; a school
    that leaves and joins again in a year it was billed for is not billed twice (F5)."""
    hom = partnership()
    hom.execute(AppointBanker("claremont", FORMED_ON))
    for member_id in SCHOOLS:
        hom.execute(SubmitCensus(member_id, date(2014, 1, 16), 100, 0))
    hom.execute(join("martenscroft", date(2014, 4, 10)))
    hom.execute(
        SubmitCensus("martenscroft", date(2014, 1, 16), 40, 0, submitted_on=date(2014, 4, 10))
    )
    topic = "joiner/martenscroft/2014-04-10"
    assert status(hom, date(2014, 4, 20), "F6", topic) is Status.DUE
    hom.execute(CallContributions(FinancialYear(2014), date(2014, 4, 20)))
    assert status(hom, date(2014, 4, 20), "F6", topic) is Status.DONE
    hom.execute(GiveNotice("martenscroft", date(2014, 4, 21)))  # leaves on 31 August 2014
    hom.execute(join("martenscroft", date(2014, 10, 1)))
    assert hom.as_of(date(2014, 10, 1)).is_member("martenscroft")
    assert find(hom, date(2014, 10, 1), "F6", "joiner/martenscroft/2014-10-01") is None


def test_f6_a_partnership_that_keeps_no_funds_is_not_asked_to_bill_a_joiner() -> None:
    hom = partnership()
    hom.execute(join("martenscroft", date(2014, 10, 15)))
    assert find(hom, date(2014, 10, 20), "F6", "joiner/martenscroft/2014-10-15") is None


def test_f1_a_year_paid_in_full_asks_nothing_more_once_four_weeks_have_passed() -> None:
    """F1: while a school still owes for the year, the year's payments stay listed; once every
    school paid, they show as done for four weeks, then leave the list (a year long settled
    costs the agenda nothing)."""
    hom = partnership()
    for member_id in SCHOOLS:
        hom.execute(SubmitCensus(member_id, date(2014, 1, 16), 100, 0))
    year = FinancialYear(2014)
    hom.execute(CallContributions(year, date(2014, 4, 1)))
    for member_id in SCHOOLS[:2]:
        hom.execute(RecordPayment(member_id, year, Money.pounds("200.00"), date(2014, 4, 10)))
    assert status(hom, date(2014, 6, 1), "F1", "pay/2014-15/claremont") is Status.DONE
    hom.execute(RecordPayment("st-marys", year, Money.pounds("200.00"), date(2014, 6, 1)))
    assert status(hom, date(2014, 6, 28), "F1", "pay/2014-15/claremont") is Status.DONE
    assert find(hom, date(2014, 7, 1), "F1", "pay/2014-15/claremont") is None
    assert find(hom, date(2014, 7, 1), "F1", "pay/2014-15/st-marys") is None


def test_f1_each_contribution_is_paid_within_the_payment_terms() -> None:
    hom = partnership()
    for member_id in SCHOOLS:
        hom.execute(SubmitCensus(member_id, date(2014, 1, 16), 100, 0))
    hom.execute(CallContributions(FinancialYear(2014), date(2014, 4, 5)))
    topic = "pay/2014-15/claremont"
    lifecycle(hom, "F1", topic, None, date(2014, 4, 10), date(2014, 5, 6))
    hom.execute(
        RecordPayment("claremont", FinancialYear(2014), Money.pounds("100.00"), date(2014, 5, 8))
    )
    assert status(hom, date(2014, 5, 8), "F1", topic) is Status.OVERDUE  # half paid
    hom.execute(
        RecordPayment("claremont", FinancialYear(2014), Money.pounds("100.00"), date(2014, 5, 9))
    )
    assert status(hom, date(2014, 5, 9), "F1", topic) is Status.DONE
    assert status(hom, date(2014, 5, 9), "F1", "pay/2014-15/webster") is Status.OVERDUE


def test_f4_a_banker_under_notice_needs_a_successor_before_it_leaves() -> None:
    hom = partnership()
    hom.execute(AppointBanker("claremont", date(2013, 7, 5)))
    hom.execute(GiveNotice("claremont", date(2014, 1, 10)))  # leaves 31 August 2014 (M2)
    topic = "banker/claremont"
    assert find(hom, date(2014, 1, 9), "F4", topic) is None
    lifecycle(hom, "F4", topic, None, date(2014, 2, 1), date(2014, 9, 2))
    hom.execute(AppointBanker("webster", date(2014, 9, 10)))
    assert status(hom, date(2014, 9, 10), "F4", topic) is Status.DONE


def test_m2_notice_takes_effect_on_the_leaving_date_unless_withdrawn() -> None:
    hom = partnership()
    hom.execute(GiveNotice("webster", date(2014, 1, 10)))
    topic = f"notice/webster/{FORMED_ON + timedelta(days=1)}"
    obligation = find(hom, date(2014, 2, 1), "M2", topic)
    assert obligation is not None
    assert obligation.due_on == date(2014, 8, 31)
    assert obligation.command is None  # nothing to do but let it pass: it takes effect
    assert status(hom, date(2014, 8, 31), "M2", topic) is Status.DUE
    assert status(hom, date(2014, 9, 1), "M2", topic) is Status.DONE
    hom.execute(GiveNotice("st-marys", date(2014, 1, 10)))
    hom.execute(WithdrawNotice("st-marys", date(2014, 3, 1)))
    withdrawn = f"notice/st-marys/{FORMED_ON + timedelta(days=2)}"
    assert status(hom, date(2014, 2, 1), "M2", withdrawn) is Status.DUE
    assert find(hom, date(2014, 3, 1), "M2", withdrawn) is None


def test_g2_the_first_chair_then_each_rotation_falls_due_with_the_head_whose_turn_it_is() -> None:
    hom = partnership()
    lifecycle(hom, "G2", "chair/first", None, FORMED_ON, FORMED_ON + timedelta(days=40))
    hom.execute(RotateChair(date(2013, 9, 1)))
    assert status(hom, date(2013, 9, 1), "G2", "chair/first") is Status.DONE
    topic = "chair/2013-09-01"  # three terms: to 31 August 2014
    lifecycle(hom, "G2", topic, date(2014, 7, 1), date(2014, 8, 20), date(2014, 9, 5))
    overdue = find(hom, date(2014, 9, 5), "G2", topic)
    assert overdue is not None
    assert overdue.due_on == date(2014, 9, 1)
    assert "the head of Webster" in overdue.subject  # the next in order of joining
    hom.execute(RotateChair(date(2014, 9, 6)))
    assert status(hom, date(2014, 9, 6), "G2", topic) is Status.DONE
    assert hom.as_of(date(2014, 9, 6)).governance.chair().member_id == "webster"


def test_g2_a_chair_whose_school_leaves_is_due_to_rotate_the_day_after() -> None:
    hom = partnership()
    hom.execute(RotateChair(date(2013, 9, 1)))
    # a full term's notice (M2): received after the autumn term began, it ends the spring term
    hom.execute(GiveNotice("claremont", date(2013, 9, 10)))
    obligation = find(hom, date(2014, 1, 5), "G2", "chair/2013-09-01")
    assert obligation is not None
    assert obligation.due_on == date(2014, 5, 1)


def test_g3_the_chairs_school_records_its_deputy_head() -> None:
    hom = partnership()
    hom.execute(RotateChair(date(2013, 9, 1)))
    topic = "deputies-chair/2013-09-01"
    lifecycle(hom, "G3", topic, None, date(2013, 9, 10), date(2013, 10, 1))
    hom.execute(AppointRoleHolder("claremont", Role.DEPUTY_HEAD, "deputy-1", date(2013, 10, 2)))
    assert status(hom, date(2013, 10, 2), "G3", topic) is Status.DONE


def test_g1_a_standing_group_meets_each_half_term() -> None:
    hom = partnership()
    hom.execute(EstablishGroup("eyfs", "EYFS Network", GroupKind.NETWORK, date(2013, 8, 1)))
    topic = "meet/eyfs/2013/14/1"
    lifecycle(hom, "G1", topic, date(2013, 8, 15), date(2013, 9, 15), date(2013, 11, 5))
    hom.execute(HoldMeeting("eyfs", date(2013, 10, 20)))
    assert status(hom, date(2013, 11, 5), "G1", topic) is Status.DONE


def test_g1_a_half_term_that_ended_without_a_meeting_has_no_command_left() -> None:
    """G1: a meeting held after its half term belongs to a later one, so a missed half term is
    overdue with no command offered to discharge it, and a meeting in the holiday after it
    does not count for it."""
    hom = partnership()
    hom.execute(EstablishGroup("eyfs", "EYFS Network", GroupKind.NETWORK, date(2013, 8, 1)))
    topic = "meet/eyfs/2013/14/2"
    due = find(hom, date(2013, 12, 1), "G1", topic)
    assert due is not None
    assert due.command == "HoldMeeting"
    hom.execute(HoldMeeting("eyfs", date(2014, 1, 1)))
    missed = find(hom, date(2014, 1, 1), "G1", topic)
    assert missed is not None
    assert missed.status_on(date(2014, 1, 1)) is Status.OVERDUE
    assert missed.command is None


def test_g5_a_task_group_closes_at_the_end_of_its_agreed_period() -> None:
    hom = partnership()
    period = DateRange(date(2013, 9, 1), date(2013, 12, 31))
    hom.execute(EstablishGroup("sats", "SATs", GroupKind.TASK, date(2013, 9, 1), period=period))
    topic = "task-group/sats"
    lifecycle(hom, "G5", topic, date(2013, 11, 1), date(2013, 12, 10), date(2014, 1, 5))
    hom.execute(CloseTaskGroup("sats", date(2014, 1, 10)))
    assert status(hom, date(2014, 1, 10), "G5", topic) is Status.DONE


def test_g7_heads_and_chairs_of_governors_meet_within_twelve_months() -> None:
    hom = partnership()
    topic = "direction-meeting"
    lifecycle(hom, "G7", topic, date(2014, 5, 1), date(2014, 6, 10), date(2014, 7, 5))
    hom.execute(HoldStrategicDirectionMeeting(date(2014, 7, 10)))
    assert status(hom, date(2014, 7, 10), "G7", topic, date(2014, 7, 1)) is Status.DONE
    next_one = date(2015, 7, 10)  # twelve months after the meeting
    assert status(hom, date(2015, 7, 5), "G7", topic, next_one) is Status.DUE


def test_g7_each_schools_governors_receive_a_report_each_term() -> None:
    hom = partnership()
    claremont, webster = "governors/claremont/2013/14/autumn", "governors/webster/2013/14/autumn"
    assert status(hom, date(2013, 10, 1), "G7", claremont) is Status.DUE
    hom.execute(ReportToGovernors("claremont", date(2013, 12, 10)))
    assert status(hom, date(2013, 12, 10), "G7", claremont) is Status.DONE
    assert status(hom, date(2014, 1, 5), "G7", webster) is Status.OVERDUE


def test_g8_the_framework_is_reviewed_within_review_every_months() -> None:
    hom = partnership()
    lifecycle(hom, "G8", "review", date(2014, 5, 1), date(2014, 6, 10), date(2014, 7, 5))
    hom.execute(ReviewFramework(date(2014, 7, 10)))
    assert status(hom, date(2014, 7, 10), "G8", "review", date(2014, 7, 1)) is Status.DONE


def test_t1_the_joint_conference_and_the_agreed_training_days_each_year() -> None:
    hom = partnership()
    hom.execute(AgreeTrainingDays(AcademicYear(2013), date(2013, 7, 10), joint_days=1))
    conference, training = "conference/2013/14", "training-days/2013/14"
    lifecycle(hom, "T1", conference, None, date(2013, 10, 1), date(2014, 9, 10))
    lifecycle(hom, "T1", training, None, date(2013, 10, 1), date(2014, 9, 10))
    assert find(hom, date(2014, 10, 1), "T1", conference) is None  # a year on, it is left
    hom.execute(HoldConference(date(2014, 6, 20), "Closing the gap"))
    hom.execute(HoldTrainingDay(date(2014, 6, 21), "Maths", SCHOOLS))
    assert status(hom, date(2014, 6, 20), "T1", conference) is Status.DONE
    assert status(hom, date(2014, 6, 21), "T1", training) is Status.DONE


def test_t1_a_year_that_ended_without_its_conference_or_days_is_overdue_with_no_command() -> None:
    """T1: a conference or training day held after the year ended belongs to the next year, so
    the missed year's obligations name no command; the next year's are done by it."""
    hom = partnership()
    hom.execute(AgreeTrainingDays(AcademicYear(2013), date(2013, 7, 10), joint_days=1))
    late = date(2014, 9, 1)
    for topic in ("conference/2013/14", "training-days/2013/14"):
        missed = find(hom, late, "T1", topic)
        assert missed is not None
        assert missed.status_on(late) is Status.OVERDUE
        assert missed.command is None
        due = find(hom, date(2014, 8, 31), "T1", topic)
        assert due is not None
        assert due.command is not None
    hom.execute(HoldConference(late, "Closing the gap"))
    hom.execute(HoldTrainingDay(late, "Maths", SCHOOLS))
    assert status(hom, late, "T1", "conference/2013/14") is Status.OVERDUE
    assert status(hom, late, "T1", "conference/2014/15") is Status.DONE
    assert status(hom, late, "T1", "training-days/2014/15") is Status.DONE


def test_the_agenda_shows_what_is_overdue_due_or_within_the_horizon_and_lately_done() -> None:
    hom = partnership()
    hom.execute(AppointBanker("claremont", FORMED_ON))
    hom.execute(RotateChair(date(2013, 9, 1)))
    day = date(2014, 3, 20)
    items = agenda(hom.as_of(day), horizon=timedelta(weeks=8))
    assert items
    assert all(item.source == "partnership" for item in items)
    assert all(item.status is item.obligation.status_on(day) for item in items)
    upcoming = [item for item in items if item.status is Status.UPCOMING]
    assert all(item.obligation.due_on <= day + timedelta(weeks=8) for item in upcoming)
    keys = [item.obligation.key for item in items]
    assert "F1/call/2014-15/2014-04-01" in keys
    assert not any(key.startswith("G2/chair/2013-09-01") for key in keys)  # due in September
    dues = [item.obligation.due_on for item in items]
    assert dues == sorted(dues)


def test_an_obligation_opens_no_later_than_it_falls_due() -> None:
    with pytest.raises(ValueError, match="cannot open"):
        Obligation("G8", "review", "Review", date(2014, 7, 2), date(2014, 7, 1), "group", None)
