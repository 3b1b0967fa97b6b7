"""Corrections as facts (R1) and one consistent timeline (R2): a fact recorded by mistake is
retracted or corrected by another fact, the original staying in the log and its chain; a
command dated before facts already recorded is accepted only if they all still hold."""

from __future__ import annotations

from datetime import date

import pytest

from domain_strategies import assert_refused, new_partnership
from hom_core import RuleViolation
from hom_core.application import Partnership
from hom_core.domain import (
    AdoptPolicies,
    AppointBanker,
    CallContributions,
    CorrectFact,
    FinancialYear,
    GiveNotice,
    Money,
    NoticePolicy,
    Policies,
    RecordPayment,
    RetractFact,
    SubmitCensus,
    WithdrawNotice,
)
from hom_core.domain.corrections import FactRetracted
from hom_core.domain.funding.events import ContributionPaid
from hom_core.domain.membership.events import MemberJoined
from hom_core.errors import TimelineViolation
from hom_core.log import EventLog
from hom_core.testing.strategies import FORMED_ON, join
from test_harmony import activity, supported

FY14 = FinancialYear(2014)
CLERK = "person-clerk"


def position_of(log: EventLog, hom: Partnership, event_class: type, nth: int = 0) -> int:
    """The position of the ``nth`` fact of ``event_class`` in ``hom``'s stream."""
    found = [r.position for r in log.read_stream(hom.stream_id) if type(r.event) is event_class]
    return found[nth]


def with_members(*members: str, joined: date = FORMED_ON) -> tuple[EventLog, Partnership]:
    log, hom = new_partnership()
    for member_id in members:
        hom.execute(join(member_id, joined))
    return log, hom


def paying() -> tuple[EventLog, Partnership]:
    """St Mary's owes £420 for 2014/15 (210 FTE at £2.00)."""
    log, hom = with_members("st-marys", "birchfields")
    hom.execute(SubmitCensus("st-marys", date(2014, 1, 16), 210, 0))
    hom.execute(SubmitCensus("birchfields", date(2014, 1, 16), 300, 0))
    hom.execute(CallContributions(FY14, date(2014, 4, 1)))
    return log, hom


# -- R1: corrections as facts --------------------------------------------------------------------


def test_r1_a_wrong_joining_date_is_corrected_and_the_original_stays_in_the_log() -> None:
    """R1: the joining date typed as 2014-09-01 is corrected to 2013-09-01: as of any day the
    corrected date counts, as known before the correction the old one; both facts stay in the
    log and its chain verifies."""
    log, hom = with_members("birchfields")
    hom.execute(join("st-marys", date(2014, 9, 1)))
    wrong = position_of(log, hom, MemberJoined, 1)
    head = log.head()[0]
    hom.execute(
        CorrectFact(
            wrong, join("st-marys", date(2013, 9, 1)), "typed 2014", CLERK, date(2014, 10, 1)
        )
    )
    assert hom.as_of(date(2014, 1, 1)).is_member("st-marys")
    assert not hom.as_known_at(head, date(2014, 1, 1)).is_member("st-marys")
    assert hom.as_known_at(head, date(2014, 9, 1)).is_member("st-marys")
    recorded = [r.event for r in log.read_stream(hom.stream_id)]
    assert recorded[-2] == FactRetracted(wrong, "typed 2014", CLERK, date(2014, 10, 1), True)
    assert sum(1 for event in recorded if getattr(event, "member_id", "") == "st-marys") == 2
    assert log.verify().ok


def test_r1_a_payment_typed_ten_times_too_large_is_corrected_and_is_no_refund() -> None:
    """R1, F5: a payment of £4,200 refused as an overpayment; one typed £42.00 instead of £420
    corrected: the state shows £420 paid, and the retracted £42 is no refund (nothing was ever
    paid back, and the holding counts only what was paid)."""
    log, hom = paying()
    assert_refused(
        log, hom, RecordPayment("st-marys", FY14, Money.pounds(4200), date(2014, 5, 1)), "F1"
    )
    hom.execute(RecordPayment("st-marys", FY14, Money.pounds(42), date(2014, 5, 1)))
    paid = position_of(log, hom, ContributionPaid)
    right = RecordPayment("st-marys", FY14, Money.pounds(420), date(2014, 5, 1))
    hom.execute(CorrectFact(paid, right, "typed £42 for £420", CLERK, date(2014, 5, 9)))
    funding = hom.as_of(date(2014, 6, 1)).funding
    assert funding.paid("st-marys", FY14) == Money.pounds(420)
    assert funding.holding() == Money.pounds(420)
    assert hom.as_known_at(paid, date(2014, 6, 1)).funding.paid("st-marys", FY14) == Money.pounds(
        42
    )


def test_r1_a_retracted_payment_was_never_made() -> None:
    """R1, F5: a payment recorded twice is retracted once: the member owes again what the
    retracted payment had settled (a retraction says it never happened; it is no refund)."""
    log, hom = paying()
    hom.execute(RecordPayment("st-marys", FY14, Money.pounds(200), date(2014, 5, 1)))
    hom.execute(RecordPayment("st-marys", FY14, Money.pounds(200), date(2014, 5, 1)))
    hom.execute(
        RetractFact(
            position_of(log, hom, ContributionPaid, 1), "recorded twice", CLERK, date(2014, 5, 2)
        )
    )
    funding = hom.as_of(date(2014, 6, 1)).funding
    assert funding.paid("st-marys", FY14) == Money.pounds(200)
    assert funding.outstanding("st-marys", FY14) == Money.pounds(220)


def test_r1_a_notice_recorded_under_the_wrong_school_is_corrected() -> None:
    """R1: notice recorded for Birchfields was St Mary's: corrected in one append."""
    log, hom = with_members("st-marys", "birchfields")
    hom.execute(GiveNotice("birchfields", date(2014, 3, 3)))
    wrong = log.head()[0]
    hom.execute(
        CorrectFact(
            wrong,
            GiveNotice("st-marys", date(2014, 3, 3)),
            "the letter was St Mary's",
            CLERK,
            date(2014, 3, 10),
        )
    )
    assert [m.member_id for m, _ in hom.as_of(date(2014, 4, 1)).under_notice()] == ["st-marys"]
    assert [m.member_id for m, _ in hom.as_known_at(wrong, date(2014, 4, 1)).under_notice()] == [
        "birchfields"
    ]


def test_r1_what_a_retraction_must_say_and_what_it_cannot_retract() -> None:
    """R1: a reason and a person; a position of this partnership's stream; a retraction is not
    retracted, a fact is retracted once; each refusal appends nothing."""
    log, hom = with_members("st-marys")
    joined = log.head()[0]
    today = date(2014, 1, 6)
    assert_refused(log, hom, RetractFact(joined, " ", CLERK, today), "R1")
    assert_refused(log, hom, RetractFact(joined, "wrong school", "", today), "R1")
    assert_refused(log, hom, RetractFact(999, "wrong school", CLERK, today), "R1")
    other = Partnership(log, "other")
    assert "holds no fact of other" in str(
        assert_refused(log, other, RetractFact(joined, "x", CLERK, today), "R1")
    )
    hom.execute(RetractFact(joined, "wrong school", CLERK, today))
    assert not hom.as_of(today).is_member("st-marys")
    assert_refused(log, hom, RetractFact(joined, "again", CLERK, today), "R1")
    assert_refused(log, hom, RetractFact(log.head()[0], "undo", CLERK, today), "R1")


def test_r1_a_dry_run_shows_what_would_change_and_records_nothing() -> None:
    """R1: Partnership.change (and decide) tell what a correction would record."""
    log, hom = with_members("st-marys")
    joined = log.head()[0]
    head = log.head()
    command = CorrectFact(
        joined, join("st-marys", date(2013, 9, 2)), "date", CLERK, date(2014, 1, 6)
    )
    change = hom.change(command)
    assert change.retracts.position == joined
    assert [type(event).__name__ for event in hom.decide(command)] == [
        "FactRetracted",
        "MemberJoined",
    ]
    assert log.head() == head


# -- R2: one consistent timeline ---------------------------------------------------------------


def test_r2_notice_back_dated_before_a_banker_appointment_is_refused_naming_it() -> None:
    """R2, F4: St Mary's became the banker on 2014-04-01; notice from St Mary's back-dated to
    2014-03-03 would make the banker a school under notice: refused, naming the appointment
    (its date, position and rule), with nothing appended."""
    log, hom = with_members("st-marys", "birchfields")
    hom.execute(AppointBanker("st-marys", date(2014, 4, 1)))
    appointed = log.head()[0]
    violation = assert_refused(log, hom, GiveNotice("st-marys", date(2014, 3, 3)), "F4")
    assert isinstance(violation, TimelineViolation)
    assert (violation.position, violation.effective_date) == (appointed, date(2014, 4, 1))
    assert violation.event_type == "hom.banker_appointed"
    assert f"position {appointed}" in str(violation)


def test_r2_retracting_a_joining_that_later_facts_rest_on_is_refused() -> None:
    """R2, M2: retracting St Mary's joining would leave its notice from a non-member."""
    log, hom = with_members("st-marys")
    joined = log.head()[0]
    hom.execute(GiveNotice("st-marys", date(2014, 3, 3)))
    violation = assert_refused(log, hom, RetractFact(joined, "x", CLERK, date(2014, 4, 1)), "M2")
    assert isinstance(violation, TimelineViolation)
    assert violation.position == joined + 1


def test_r2_a_correction_moving_a_joining_date_past_later_facts_is_refused() -> None:
    """R2, F1: a joining corrected to after the contributions were called and paid would leave
    the payment towards a contribution never called; refused, naming the payment."""
    log, hom = paying()
    hom.execute(RecordPayment("st-marys", FY14, Money.pounds(420), date(2014, 5, 1)))
    first_join = position_of(log, hom, MemberJoined)
    late = CorrectFact(first_join, join("st-marys", date(2014, 6, 1)), "x", CLERK, date(2014, 7, 1))
    with pytest.raises(RuleViolation) as raised:
        hom.execute(late)
    assert isinstance(raised.value, TimelineViolation)
    assert raised.value.event_type in {"hom.census_submitted", "hom.contribution_paid"}


def test_r2_a_back_dated_fact_that_breaks_nothing_later_is_accepted() -> None:
    """R2: back-dating is allowed when every later fact still holds."""
    _, hom = with_members("st-marys", "birchfields")
    hom.execute(AppointBanker("st-marys", date(2014, 4, 1)))
    hom.execute(GiveNotice("birchfields", date(2014, 3, 3)))
    assert hom.as_of(date(2014, 3, 3)).under_notice()


def test_r2_m2_withdrawal_is_judged_by_the_policy_in_force_when_notice_was_received() -> None:
    """R2, M2: notice given under a withdrawable policy stays withdrawable after a policy
    making notice final is adopted; notice given under the final policy is not."""
    log, hom = with_members("st-marys", "birchfields")
    hom.execute(GiveNotice("st-marys", date(2014, 1, 6)))
    final = Policies(notice=NoticePolicy(withdrawable=False))
    hom.execute(AdoptPolicies(final, date(2014, 2, 3)))
    hom.execute(WithdrawNotice("st-marys", date(2014, 2, 10)))
    assert not hom.as_of(date(2014, 2, 10)).under_notice()
    hom.execute(GiveNotice("birchfields", date(2014, 2, 17)))
    assert_refused(log, hom, WithdrawNotice("birchfields", date(2014, 3, 3)), "M2")


def test_r2_a_back_dated_notice_is_checked_against_a_pack_s_facts_too() -> None:
    """R2, HAR8: Alder delivered support under a Harmony agreement on 2015-01-12; its notice
    back-dated so that it left before then would make the support brokered from outside the
    alliance: refused, naming the activity; notice leaving after it is accepted."""
    log, hom = supported()
    hom.execute(activity(date(2015, 1, 12)))
    delivered = log.head()[0]
    violation = assert_refused(log, hom, GiveNotice("alder", date(2014, 7, 1)), "HAR8")
    assert isinstance(violation, TimelineViolation)
    assert (violation.position, violation.event_type) == (delivered, "harmony.activity_delivered")
    hom.execute(GiveNotice("alder", date(2014, 11, 3)))
