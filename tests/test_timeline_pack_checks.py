"""R2 for the packs' facts: the Camden cluster's (CAM3, CAM5-CAM7), the Manchester alliance's
(MAN3, MAN5, MAN6, MAN8-MAN11) and Harmony's (HAR1, HAR5, HAR6). Each retraction would make a
recorded fact break its rule: refused, naming that fact (its date, position and type) and the
rule, with nothing appended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain_strategies import assert_refused
from hom_core.application import Partnership
from hom_core.domain import Money, RetractFact
from hom_core.domain.membership.events import MemberJoined
from hom_core.errors import TimelineViolation
from hom_plugins.packs.camden import HoldTrainingSession, RecordFindings
from hom_plugins.packs.camden.events import StaffGroup
from hom_plugins.packs.harmony import AgreeFollowUp, MeasureImpact
from hom_plugins.packs.manchester import (
    LeaveProposalGroup,
    Sector,
    StandDownRepresentative,
    SubmitTeachingSchoolProposal,
)
from test_camden import DAY, Y14, cluster, enquiry, focused
from test_harmony import supported
from test_manchester import THINK_TANK_DAY, grouped, seated, sep

CLERK = "person-clerk"
TODAY = date(2024, 1, 8)
SUBMITTED = date(2013, 3, 4)


def position_where(hom: Partnership, matches: Callable[[object], bool]) -> tuple[int, date]:
    """The position and effective date of the first fact of ``hom`` that ``matches``."""
    record = next(r for r in hom.log.read_stream(hom.stream_id) if matches(r.event))
    return record.position, record.effective_date


def joining(member_id: str) -> Callable[[object], bool]:
    return lambda event: type(event) is MemberJoined and event.member_id == member_id


def of_type(name: str, **fields: object) -> Callable[[object], bool]:
    return lambda event: (
        type(event).__name__ == name
        and all(getattr(event, key) == value for key, value in fields.items())
    )


def assert_retraction_breaks(
    hom: Partnership,
    retracted: Callable[[object], bool],
    rule: str,
    broken: Callable[[object], bool],
) -> None:
    """Retracting the first fact ``retracted`` matches is refused by R2 naming the first fact
    ``broken`` matches and ``rule``; nothing is appended."""
    position, _ = position_where(hom, retracted)
    named, day = position_where(hom, broken)
    command = RetractFact(position, "recorded by mistake", CLERK, TODAY)
    violation = assert_refused(hom.log, hom, command, rule)
    assert isinstance(violation, TimelineViolation), violation
    assert (violation.position, violation.effective_date) == (named, day)


# -- Camden ----------------------------------------------------------------------------------


def test_r2_cam3_retracting_the_peer_school_s_joining_is_refused() -> None:
    """CAM3, R2: Fleet's enquiry had Rhyl's head as its peer: Rhyl must have been a member."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    assert_retraction_breaks(hom, joining("rhyl"), "CAM3", of_type("EnquiryHeld"))


def test_r2_cam5_retracting_the_joining_of_a_school_with_a_focus_is_refused() -> None:
    """CAM5, R2: an improvement focus is a member school's."""
    hom = cluster()
    focused(hom, "fleet")
    assert_retraction_breaks(hom, joining("fleet"), "CAM5", of_type("ImprovementFocusRecorded"))


def test_r2_cam6_retracting_the_enquiry_findings_were_recorded_on_is_refused() -> None:
    """CAM6, R2: findings are of an enquiry held before them."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    hom.execute(RecordFindings("fleet", Y14, DAY, ("Early reading",)))
    assert_retraction_breaks(hom, of_type("EnquiryHeld"), "CAM6", of_type("FindingsRecorded"))


def test_r2_cam7_retracting_the_joining_of_a_school_that_led_training_is_refused() -> None:
    """CAM7, R2: a joint session is led by member schools of the cluster."""
    hom = cluster()
    session = HoldTrainingSession(
        DAY, "SEND Code of Practice", ("gospel-oak",), (StaffGroup.SENDCOS,)
    )
    hom.execute(session)
    assert_retraction_breaks(hom, joining("gospel-oak"), "CAM7", of_type("TrainingSessionHeld"))


# -- Manchester ------------------------------------------------------------------------------


def test_r2_man3_retracting_the_outstanding_grade_of_a_lead_school_is_refused() -> None:
    """MAN3, R2: Lead 1 joined the lead group as an outstanding school."""
    hom = grouped()
    outcome = of_type("OfstedOutcomePublished", member_id="lead-1")
    placed = of_type("ProposalGroupJoined", member_id="lead-1")
    assert_retraction_breaks(hom, outcome, "MAN3", placed)


def test_r2_man5_retracting_a_supporting_school_a_submission_counted_is_refused() -> None:
    """MAN5, R2: the proposal went in with five leading and six supporting; without one of the
    six the supporting group would not be larger than the lead group."""
    hom = grouped(lead=4, supporting=6)
    hom.execute(SubmitTeachingSchoolProposal(SUBMITTED, Money.pounds(60000)))
    placed = of_type("ProposalGroupJoined", member_id="support-1")
    assert_retraction_breaks(hom, placed, "MAN5", of_type("TeachingSchoolProposalSubmitted"))


def test_r2_man6_retracting_the_placing_a_member_left_is_refused() -> None:
    """MAN6, R2: Support 1 left its group on 2013-03-04, so it must have been in one."""
    hom = grouped()
    hom.execute(LeaveProposalGroup("support-1", SUBMITTED))
    placed = of_type("ProposalGroupJoined", member_id="support-1")
    assert_retraction_breaks(hom, placed, "MAN6", of_type("ProposalGroupLeft"))


def test_r2_man8_retracting_the_joining_of_a_representative_s_member_is_refused() -> None:
    """MAN8, R2: the education representative comes from Lead 1, a member of the alliance."""
    hom = seated()
    appointed = of_type("RepresentativeAppointed", sector=Sector.EDUCATION)
    assert_retraction_breaks(hom, joining("lead-1"), "MAN8", appointed)


def test_r2_man9_retracting_the_appointment_of_a_representative_who_stood_down_is_refused() -> None:
    """MAN9, R2: the politics representative stood down, so there was one to stand down."""
    hom = seated()
    hom.execute(StandDownRepresentative(Sector.POLITICS, THINK_TANK_DAY.replace(month=6)))
    appointed = of_type("RepresentativeAppointed", sector=Sector.POLITICS)
    assert_retraction_breaks(hom, appointed, "MAN9", of_type("RepresentativeStoodDown"))


def test_r2_man10_retracting_the_joining_of_the_council_leading_the_sep_is_refused() -> None:
    """MAN10, R2: the SEP is led by a council that is a member of the alliance."""
    hom = sep()
    assert_retraction_breaks(hom, joining("council"), "MAN10", of_type("SepEstablished"))


def test_r2_man11_retracting_the_leader_who_chairs_the_sep_is_refused() -> None:
    """MAN11, R2: the SEP is chaired by the Leader of the Council on the day."""
    hom = sep()
    leader = of_type("CouncilLeaderRecorded")
    assert_retraction_breaks(hom, leader, "MAN11", of_type("SepChairAppointed"))


# -- Harmony ---------------------------------------------------------------------------------


def test_r2_har1_retracting_the_review_an_agreement_rests_on_is_refused() -> None:
    """HAR1, R2: an agreement rests on a review of the school on or before signing."""
    _, hom = supported()
    assert_retraction_breaks(hom, of_type("SchoolReviewed"), "HAR1", of_type("SupportAgreed"))


def test_r2_har5_retracting_the_agreement_impact_was_measured_against_is_refused() -> None:
    """HAR5, R2: impact is measured against an outcome of an agreement."""
    _, hom = supported()
    hom.execute(MeasureImpact("hb-1", "y6-rwm", date(2015, 7, 10), "met", "62%"))
    assert_retraction_breaks(hom, of_type("SupportAgreed"), "HAR5", of_type("ImpactMeasured"))


def test_r2_har6_retracting_the_agreement_follow_up_was_agreed_for_is_refused() -> None:
    """HAR6, R2: follow-up is agreed for an agreement signed before it."""
    _, hom = supported()
    hom.execute(AgreeFollowUp("hb-1", date(2016, 3, 1)))
    assert_retraction_breaks(hom, of_type("SupportAgreed"), "HAR6", of_type("FollowUpAgreed"))
