"""Governance (G1-G8): groups and their meetings, the rotating chair, the deputies' chair, network
chairs, task groups, democratic decisions, governors and the annual review.

Every state is built through the public API (``Partnership.execute``) and every question asked
of ``hom.as_of(day).governance``; a refused command must append nothing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from domain_strategies import new_partnership
from hom_core import EventLog, RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.domain import (
    PARTNERSHIP,
    AcademicYear,
    AdoptPolicies,
    AppointRoleHolder,
    ChairRule,
    CloseTaskGroup,
    DateRange,
    DisbandGroup,
    EstablishGroup,
    GiveNotice,
    GroupKind,
    HoldMeeting,
    HoldStrategicDirectionMeeting,
    OrganisationKind,
    PartnershipState,
    Policies,
    RecordTermDates,
    ReportBack,
    ReportToGovernors,
    ReviewFramework,
    Role,
    RotateChair,
    TakeDecision,
    TermDates,
    Vote,
    agreement_standing_groups,
)
from hom_core.domain.governance.events import ChairTookOffice, DecisionTaken
from hom_core.domain.governance.state import Group
from hom_core.domain.governance.view import add_months
from hom_core.domain.governance.vocabulary import (
    BUSINESS_GROUP,
    DEPUTIES_GROUP,
    EYFS_GROUP,
    STRATEGIC_GROUP,
)
from hom_core.testing.strategies import FORMED_ON, join
from properties import examples

AUTUMN_2013 = date(2013, 9, 1)
AUTUMN_2014 = date(2014, 9, 1)
SCHOOLS = ("claremont", "st-philips", "st-margarets", "webster")


def appoint(
    hom: Partnership, member_id: str, role: Role, from_date: date = date(2013, 8, 1)
) -> str:
    """Record ``role`` at ``member_id``; the person id is ``<role>-of-<member_id>``."""
    person = f"{role.value}-of-{member_id}"
    hom.execute(AppointRoleHolder(member_id, role, person, from_date))
    return person


def with_schools(
    policies: Policies | None = None, schools: tuple[str, ...] = SCHOOLS, url: str = "memory://"
) -> Partnership:
    """A partnership in a fresh log at ``url`` whose ``schools`` joined in this order, a day
    apart, from FORMED_ON."""
    _, hom = new_partnership(url, policies=policies)
    for offset, member_id in enumerate(schools):
        hom.execute(join(member_id, FORMED_ON + timedelta(days=offset)))
    return hom


def chair_of(hom: Partnership, day: date) -> str | None:
    """G2: the member id of the chair's school on ``day``."""
    chair = hom.as_of(day).governance.chair()
    return None if chair is None else chair.member_id


def next_chair_of(hom: Partnership, day: date) -> str | None:
    """G2: the member id of the school a rotation on ``day`` would pick."""
    member = hom.as_of(day).governance.next_chair()
    return None if member is None else member.member_id


def group_on(hom: Partnership, group_id: str, day: date) -> Group:
    """The group ``group_id`` as of ``day``; it must have been established."""
    group = hom.as_of(day).governance.group(group_id)
    assert group is not None
    return group


def refused(hom: Partnership, command: object, rule: str) -> RuleViolation:
    """``command`` breaks ``rule``: a RuleViolation citing it, and nothing appended."""
    before = hom.log.stream_version(hom.stream_id)
    with pytest.raises(RuleViolation) as caught:
        hom.execute(command)
    assert caught.value.rule == rule, caught.value
    assert hom.log.stream_version(hom.stream_id) == before
    return caught.value


# -- G1 groups and their meetings ------------------------------------------------------------


def test_g1_the_agreements_standing_groups_are_established_by_the_strategic_group() -> None:
    hom = with_schools()
    for command in agreement_standing_groups(AUTUMN_2013):
        hom.execute(command)
    hom.execute(EstablishGroup("maths", "Maths Network", GroupKind.NETWORK, AUTUMN_2013))

    assert hom.as_of(AUTUMN_2013 - timedelta(days=1)).governance.groups() == []
    governance = hom.as_of(AUTUMN_2013).governance
    assert [group.name for group in governance.groups(GroupKind.STANDING)] == [
        "Deputy and Assistant Heads Network",
        "EYFS Network",
        "Office/Business Managers Group",
    ]
    assert [group.group_id for group in governance.groups()] == [
        DEPUTIES_GROUP,
        EYFS_GROUP,
        BUSINESS_GROUP,
        "maths",
    ]
    deputies = group_on(hom, DEPUTIES_GROUP, AUTUMN_2013)
    assert deputies.chair_rule is ChairRule.DEPUTY_OF_CHAIRS_SCHOOL


def test_g1_group_ids_are_unique_and_the_strategic_group_is_implicit() -> None:
    hom = with_schools()
    hom.execute(EstablishGroup("sen", "SEND Network", GroupKind.NETWORK, AUTUMN_2013))
    refused(hom, EstablishGroup("sen", "SEND again", GroupKind.NETWORK, AUTUMN_2014), "G1")
    refused(hom, EstablishGroup(STRATEGIC_GROUP, "Heads", GroupKind.STANDING, AUTUMN_2013), "G1")
    refused(hom, EstablishGroup("early", "Early", GroupKind.NETWORK, date(2013, 6, 1)), "G1")
    refused(hom, EstablishGroup("reading", " ", GroupKind.NETWORK, AUTUMN_2013), "G1")
    period = DateRange(AUTUMN_2013, date(2013, 12, 31))
    refused(
        hom, EstablishGroup("w", "Writing", GroupKind.NETWORK, AUTUMN_2013, period=period), "G1"
    )
    refused(hom, HoldMeeting(STRATEGIC_GROUP, AUTUMN_2013), "G1")


def test_g1_standing_groups_and_networks_that_have_not_met_this_half_term() -> None:
    hom = with_schools()
    for command in agreement_standing_groups(AUTUMN_2013):
        hom.execute(command)
    hom.execute(EstablishGroup("maths", "Maths Network", GroupKind.NETWORK, AUTUMN_2013))
    hom.execute(
        EstablishGroup(
            "assessment",
            "Assessment task group",
            GroupKind.TASK,
            AUTUMN_2013,
            period=DateRange(AUTUMN_2013, date(2014, 3, 31)),
        )
    )
    hom.execute(HoldMeeting("maths", date(2013, 9, 20), "webster", chair="maths-lead"))
    hom.execute(HoldMeeting("maths", date(2013, 11, 20), "claremont"))

    before = hom.as_of(date(2013, 9, 10)).governance.groups_not_met()
    assert before.half_term.number == 1
    assert not before.in_holiday
    assert [g.group_id for g in before.groups] == [
        DEPUTIES_GROUP,
        EYFS_GROUP,
        BUSINESS_GROUP,
        "maths",
    ]

    after = hom.as_of(date(2013, 10, 15)).governance.groups_not_met()
    assert [g.group_id for g in after.groups] == [DEPUTIES_GROUP, EYFS_GROUP, BUSINESS_GROUP]

    # a new half term (Burgundy Book: autumn 2 from 1 November): every group is due again
    second = hom.as_of(date(2013, 11, 1)).governance.groups_not_met()
    assert second.half_term.number == 2
    assert [g.group_id for g in second.groups] == [
        DEPUTIES_GROUP,
        EYFS_GROUP,
        BUSINESS_GROUP,
        "maths",
    ]
    assert "maths" not in [
        g.group_id for g in hom.as_of(date(2013, 12, 1)).governance.groups_not_met().groups
    ]

    # a disbanded group is no longer expected to meet
    hom.execute(DisbandGroup(BUSINESS_GROUP, date(2013, 12, 31), "merged into the SBM network"))
    later = hom.as_of(date(2014, 1, 10)).governance.groups_not_met()
    assert BUSINESS_GROUP not in [g.group_id for g in later.groups]
    refused(hom, HoldMeeting(BUSINESS_GROUP, date(2014, 1, 10), "webster"), "G4")
    refused(hom, CloseTaskGroup(EYFS_GROUP, date(2014, 1, 10)), "G5")
    refused(hom, DisbandGroup("assessment", date(2014, 1, 10)), "G1")


def test_g1_in_a_holiday_the_answer_is_for_the_last_half_term_that_ended() -> None:
    hom = with_schools()
    halves = (
        DateRange(date(2013, 9, 4), date(2013, 10, 25)),
        DateRange(date(2013, 11, 4), date(2013, 12, 20)),
        DateRange(date(2014, 1, 6), date(2014, 2, 14)),
        DateRange(date(2014, 2, 24), date(2014, 4, 4)),
        DateRange(date(2014, 4, 22), date(2014, 5, 23)),
        DateRange(date(2014, 6, 2), date(2014, 7, 23)),
    )
    hom.execute(RecordTermDates(TermDates(AcademicYear(2013), halves), FORMED_ON))
    hom.execute(EstablishGroup("maths", "Maths Network", GroupKind.NETWORK, AUTUMN_2013))
    hom.execute(EstablishGroup("reading", "Reading Network", GroupKind.NETWORK, AUTUMN_2013))
    hom.execute(HoldMeeting("maths", date(2013, 10, 10)))

    half_term_holiday = hom.as_of(date(2013, 10, 30)).governance
    assert half_term_holiday.half_term() is None
    answer = half_term_holiday.groups_not_met()
    assert answer.in_holiday
    assert answer.half_term.dates == halves[0]
    assert [g.group_id for g in answer.groups] == ["reading"]

    christmas = hom.as_of(date(2014, 1, 2)).governance.groups_not_met()
    assert christmas.in_holiday
    assert christmas.half_term.dates == halves[1]
    assert [g.group_id for g in christmas.groups] == ["maths", "reading"]


def test_g1_meetings_are_of_open_groups_once_a_day_hosted_by_members() -> None:
    hom = with_schools()
    hom.execute(EstablishGroup("maths", "Maths Network", GroupKind.NETWORK, AUTUMN_2013))
    refused(hom, HoldMeeting("maths", date(2013, 8, 31)), "G1")
    refused(hom, HoldMeeting("science", AUTUMN_2013), "G1")
    refused(hom, HoldMeeting("maths", AUTUMN_2013, host_member_id="never-joined"), "G1")
    hom.execute(HoldMeeting("maths", AUTUMN_2013, host_member_id="webster", summary="mastery"))
    refused(hom, HoldMeeting("maths", AUTUMN_2013, host_member_id="claremont"), "G1")
    meeting = group_on(hom, "maths", AUTUMN_2013).meetings
    assert [(m.held_on, m.host_member_id, m.chair) for m in meeting] == [
        (AUTUMN_2013, "webster", None)
    ]


# -- G2 the rotating chair -------------------------------------------------------------------


def test_g2_chair_rotates_in_order_of_joining_skipping_schools_under_notice() -> None:
    hom = with_schools()
    assert hom.as_of(AUTUMN_2013).governance.chair() is None
    assert next_chair_of(hom, AUTUMN_2013) == "claremont"

    hom.execute(RotateChair(AUTUMN_2013))
    chair = hom.as_of(date(2013, 10, 1)).governance.chair()
    assert chair is not None
    assert (chair.member_id, chair.head) == ("claremont", "head-of-claremont")
    # three terms (the default) by the Burgundy Book calendar: the academic year
    assert (chair.from_date, chair.until) == (AUTUMN_2013, date(2014, 8, 31))
    assert next_chair_of(hom, date(2013, 10, 1)) == "st-philips"

    # St Philip's gives notice in the summer term: under notice on 1 September, it is skipped
    hom.execute(GiveNotice("st-philips", date(2014, 6, 10)))
    hom.execute(RotateChair(AUTUMN_2014))
    assert chair_of(hom, AUTUMN_2014) == "st-margarets"
    hom.execute(RotateChair(date(2015, 9, 1)))
    hom.execute(RotateChair(date(2016, 9, 1)))
    # St Philip's left on 31 December 2014: the rotation wraps round without it
    assert [office.member_id for office in hom.as_of(date(2016, 9, 1)).governance.chairs()] == [
        "claremont",
        "st-margarets",
        "webster",
        "claremont",
    ]
    # a new head at the chair's school chairs in their place
    hom.execute(
        AppointRoleHolder("claremont", Role.HEAD, "new-head-of-claremont", date(2017, 1, 1))
    )
    new_chair = hom.as_of(date(2017, 1, 2)).governance.chair()
    assert new_chair is not None
    assert new_chair.head == "new-head-of-claremont"


def test_g2_only_member_schools_chair_and_the_first_rotation_picks_the_first() -> None:
    _, hom = new_partnership()
    hom.execute(join("manchester-council", FORMED_ON, kind=OrganisationKind.COUNCIL))
    refused(hom, RotateChair(AUTUMN_2013), "G2")
    hom.execute(join("martenscroft", date(2013, 7, 5), kind=OrganisationKind.NURSERY))
    hom.execute(join("webster", date(2013, 7, 6)))
    hom.execute(RotateChair(AUTUMN_2013))
    assert chair_of(hom, AUTUMN_2013) == "martenscroft"


def test_g2_the_chair_serves_the_policys_term_unless_an_early_handover_is_agreed() -> None:
    hom = with_schools(Policies(chair_term_terms=1, chair_order=("webster", "st-margarets")))
    hom.execute(RotateChair(AUTUMN_2013))
    chair = hom.as_of(AUTUMN_2013).governance.chair()
    assert chair is not None
    assert chair.member_id == "webster"
    assert chair.until == date(2013, 12, 31)
    refused(hom, RotateChair(date(2013, 12, 31)), "G2")
    refused(hom, RotateChair(AUTUMN_2013), "G2")
    refused(hom, RotateChair(date(2013, 8, 1)), "G2")
    assert not hom.as_of(date(2013, 12, 31)).governance.rotation_due()
    assert hom.as_of(date(2014, 1, 1)).governance.rotation_due()

    hom.execute(RotateChair(date(2013, 12, 1), early=True))
    # the policy's order first, then the schools it does not list in order of joining
    hom.execute(RotateChair(date(2014, 5, 1)))
    hom.execute(RotateChair(date(2014, 9, 1)))
    hom.execute(RotateChair(date(2015, 1, 1)))
    hom.execute(RotateChair(date(2015, 5, 1)))
    order = [office.member_id for office in hom.as_of(date(2015, 5, 1)).governance.chairs()]
    assert order == [
        "webster",
        "st-margarets",
        "claremont",
        "st-philips",
        "webster",
        "st-margarets",
    ]


def test_g2_a_chair_whose_school_is_under_notice_or_has_left_can_be_replaced() -> None:
    hom = with_schools()
    hom.execute(RotateChair(AUTUMN_2013))
    hom.execute(GiveNotice("claremont", date(2013, 9, 2)))  # leaves 30 April 2014
    assert chair_of(hom, date(2014, 4, 30)) == "claremont"
    assert hom.as_of(date(2014, 5, 1)).governance.chair() is None
    assert hom.as_of(date(2014, 5, 1)).governance.rotation_due()
    assert hom.as_of(date(2014, 5, 1)).governance.deputies_chair() is None
    hom.execute(RotateChair(date(2014, 1, 6)))  # under notice: no early flag needed
    assert chair_of(hom, date(2014, 1, 6)) == "st-philips"


def test_g2_no_school_can_take_the_chair_when_all_are_under_notice() -> None:
    hom = with_schools(schools=("webster",))
    hom.execute(GiveNotice("webster", date(2013, 8, 1)))
    assert hom.as_of(AUTUMN_2013).governance.next_chair() is None
    assert not hom.as_of(AUTUMN_2013).governance.rotation_due()
    refused(hom, RotateChair(AUTUMN_2013), "G2")


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[tuple[str, OrganisationKind, date, date | None]], int]:
    """Schools (and the odd council) joining and giving notice on random days, and how many
    termly rotations follow."""
    count = draw(st.integers(1, 6))
    schools = []
    for index in range(count):
        kind = draw(st.sampled_from([OrganisationKind.PRIMARY] * 3 + [OrganisationKind.COUNCIL]))
        joined = FORMED_ON + timedelta(days=draw(st.integers(0, 900)))
        after = draw(st.none() | st.integers(0, 700))
        notice = None if after is None else joined + timedelta(days=after)
        schools.append((f"school-{index}", kind, joined, notice))
    return schools, draw(st.integers(2, 10))


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_g2_property_rotation_never_picks_a_school_under_notice_and_cycles_before_repeating(
    history: tuple[list[tuple[str, OrganisationKind, date, date | None]], int],
) -> None:
    schools, rotations = history
    _, hom = new_partnership(policies=Policies(chair_term_terms=1))
    for member_id, kind, joined, _ in sorted(schools, key=lambda school: school[2]):
        hom.execute(join(member_id, joined, kind=kind))
    for member_id, _, _, notice in schools:
        if notice is not None:
            hom.execute(GiveNotice(member_id, notice))

    def eligible(day: date) -> set[str]:
        return {
            member_id
            for member_id, kind, joined, notice in schools
            if kind.is_school and joined <= day and (notice is None or day < notice)
        }

    # the first day of each term from autumn 2013 (Burgundy Book calendar)
    starts = [date(2013 + (i + 2) // 3, (9, 1, 5)[i % 3], 1) for i in range(rotations)]
    picks: list[tuple[date, str]] = []
    for day in starts:
        if not eligible(day):
            refused(hom, RotateChair(day), "G2")
            continue
        hom.execute(RotateChair(day))
        office = hom.as_of(day).governance.chairs()[-1]
        assert office.from_date == day
        assert office.member_id in eligible(day)
        picks.append((day, office.member_id))

    for i, (_, school) in enumerate(picks):
        following = [j for j in range(i + 1, len(picks)) if picks[j][1] == school]
        if not following:
            continue
        j = following[0]
        always = set.intersection(*(eligible(day) for day, _ in picks[i : j + 1])) - {school}
        assert always <= {member for _, member in picks[i + 1 : j]}, (picks, always)


# -- G3 the deputies' chair ------------------------------------------------------------------


def test_g3_the_deputy_head_of_the_chairs_school_chairs_the_deputies_for_the_same_period() -> None:
    hom = with_schools()
    deputy = appoint(hom, "claremont", Role.DEPUTY_HEAD)
    appoint(hom, "st-philips", Role.DEPUTY_HEAD)
    for command in agreement_standing_groups(AUTUMN_2013):
        hom.execute(command)
    assert hom.as_of(AUTUMN_2013).governance.deputies_chair() is None
    refused(hom, HoldMeeting(DEPUTIES_GROUP, AUTUMN_2013, "webster"), "G3")

    hom.execute(RotateChair(AUTUMN_2013))
    deputies = hom.as_of(date(2013, 10, 1)).governance.deputies_chair()
    assert deputies is not None
    assert (deputies.member_id, deputies.deputy, deputies.reason) == ("claremont", deputy, None)
    assert (deputies.from_date, deputies.until) == (AUTUMN_2013, date(2014, 8, 31))

    hom.execute(HoldMeeting(DEPUTIES_GROUP, date(2013, 10, 1), "webster"))
    refused(hom, HoldMeeting(DEPUTIES_GROUP, date(2013, 11, 1), "webster", chair="someone"), "G3")
    assert hom.as_of(date(2013, 10, 1)).governance.network_chairs(DEPUTIES_GROUP)[0].chair == deputy

    hom.execute(RotateChair(AUTUMN_2014))
    next_deputies = hom.as_of(AUTUMN_2014).governance.deputies_chair()
    assert next_deputies is not None
    assert next_deputies.deputy == "deputy_head-of-st-philips"


def test_g3_a_chairs_school_without_a_deputy_head_is_reported() -> None:
    hom = with_schools()
    for command in agreement_standing_groups(AUTUMN_2013):
        hom.execute(command)
    hom.execute(RotateChair(AUTUMN_2013))
    deputies = hom.as_of(AUTUMN_2013).governance.deputies_chair()
    assert deputies is not None
    assert deputies.member_id == "claremont"
    assert deputies.deputy is None
    assert deputies.reason is not None
    assert "no deputy head" in deputies.reason
    refused(hom, HoldMeeting(DEPUTIES_GROUP, AUTUMN_2013), "G3")


# -- G4 network chairs -----------------------------------------------------------------------


def test_g4_networks_are_chaired_by_the_representative_of_the_host_school() -> None:
    hom = with_schools()
    for command in agreement_standing_groups(AUTUMN_2013):
        hom.execute(command)
    webster_eyfs = appoint(hom, "webster", Role.EYFS_REPRESENTATIVE)
    claremont_eyfs = appoint(hom, "claremont", Role.EYFS_REPRESENTATIVE)
    webster_business = appoint(hom, "webster", Role.BUSINESS_REPRESENTATIVE)

    hom.execute(HoldMeeting(EYFS_GROUP, date(2013, 9, 20), "webster"))
    hom.execute(HoldMeeting(EYFS_GROUP, date(2013, 11, 20), "claremont", chair=claremont_eyfs))
    hom.execute(HoldMeeting(BUSINESS_GROUP, date(2013, 9, 25), "webster"))

    governance = hom.as_of(date(2013, 12, 1)).governance
    assert [
        (c.held_on, c.host_member_id, c.chair) for c in governance.network_chairs(EYFS_GROUP)
    ] == [
        (date(2013, 9, 20), "webster", webster_eyfs),
        (date(2013, 11, 20), "claremont", claremont_eyfs),
    ]
    assert [c.chair for c in governance.network_chairs(BUSINESS_GROUP)] == [webster_business]
    assert governance.network_chairs("no-such-group") == []
    assert (
        hom.as_of(date(2013, 10, 1)).governance.network_chairs(EYFS_GROUP)[-1].host_member_id
        == "webster"
    )


def test_g4_a_network_meeting_needs_a_member_host_with_a_representative() -> None:
    hom = with_schools()
    for command in agreement_standing_groups(AUTUMN_2013):
        hom.execute(command)
    appoint(hom, "webster", Role.EYFS_REPRESENTATIVE)
    refused(hom, HoldMeeting(EYFS_GROUP, AUTUMN_2013), "G4")
    refused(hom, HoldMeeting(EYFS_GROUP, AUTUMN_2013, "never-joined"), "G4")
    refused(hom, HoldMeeting(EYFS_GROUP, AUTUMN_2013, "claremont"), "G4")  # no representative
    refused(hom, HoldMeeting(BUSINESS_GROUP, AUTUMN_2013, "webster"), "G4")  # no business rep
    refused(hom, HoldMeeting(EYFS_GROUP, AUTUMN_2013, "webster", chair="someone-else"), "G4")
    hom.execute(GiveNotice("webster", date(2013, 9, 2)))  # leaves 30 April 2014
    refused(hom, HoldMeeting(EYFS_GROUP, date(2014, 5, 1), "webster"), "G4")


# -- G5 task groups --------------------------------------------------------------------------


def test_g5_task_groups_past_their_period_and_not_closed_are_overdue() -> None:
    hom = with_schools()
    period = DateRange(AUTUMN_2013, date(2013, 12, 31))
    hom.execute(
        EstablishGroup(
            "moderation", "Writing moderation", GroupKind.TASK, AUTUMN_2013, period=period
        )
    )
    hom.execute(
        EstablishGroup(
            "transition",
            "Transition task group",
            GroupKind.TASK,
            AUTUMN_2013,
            remit="smooth transition of pupils",
            period=DateRange(AUTUMN_2013, date(2014, 3, 31)),
        )
    )
    hom.execute(ReportBack("moderation", date(2013, 12, 10), "moderated Y6 writing"))
    hom.execute(ReportBack("transition", date(2014, 3, 20), "transition plan agreed"))
    hom.execute(CloseTaskGroup("transition", date(2014, 3, 31), "done"))

    governance = hom.as_of(date(2013, 12, 31)).governance
    assert governance.overdue_task_groups() == []
    assert [g.group_id for g in governance.task_groups()] == ["moderation", "transition"]
    assert [g.group_id for g in hom.as_of(date(2014, 1, 1)).governance.overdue_task_groups()] == [
        "moderation"
    ]
    late = hom.as_of(date(2014, 6, 1)).governance
    assert [g.group_id for g in late.overdue_task_groups()] == ["moderation"]
    assert [r.summary for r in late.reports("moderation")] == ["moderated Y6 writing"]
    assert group_on(hom, "transition", date(2014, 6, 1)).closed_on == date(2014, 3, 31)

    hom.execute(CloseTaskGroup("moderation", date(2014, 6, 1)))
    assert hom.as_of(date(2014, 6, 1)).governance.overdue_task_groups() == []
    assert hom.as_of(date(2014, 5, 31)).governance.overdue_task_groups()[0].group_id == "moderation"


def test_g5_task_groups_need_a_period_report_while_open_and_close_once() -> None:
    hom = with_schools()
    refused(hom, EstablishGroup("t", "Task", GroupKind.TASK, AUTUMN_2013), "G5")
    refused(
        hom,
        EstablishGroup(
            "t", "Task", GroupKind.TASK, AUTUMN_2013, period=DateRange(FORMED_ON, FORMED_ON)
        ),
        "G5",
    )
    hom.execute(
        EstablishGroup(
            "t",
            "Task",
            GroupKind.TASK,
            AUTUMN_2013,
            period=DateRange(AUTUMN_2013, date(2014, 1, 31)),
        )
    )
    refused(hom, ReportBack("t", AUTUMN_2013, "  "), "G5")
    refused(hom, ReportBack("t", date(2013, 8, 1), "early"), "G5")
    hom.execute(CloseTaskGroup("t", date(2014, 1, 31)))
    refused(hom, CloseTaskGroup("t", date(2014, 1, 31)), "G5")
    refused(hom, ReportBack("t", date(2014, 2, 1), "late"), "G5")
    refused(hom, CloseTaskGroup("no-such-group", date(2014, 1, 31)), "G5")


# -- G6 decisions ----------------------------------------------------------------------------


def test_g6_one_member_school_one_vote_carried_when_more_for_than_against() -> None:
    hom = with_schools()
    hom.execute(
        TakeDecision(
            "d1",
            "Hold a joint conference on Creativity in the Curriculum",
            date(2013, 9, 10),
            (("claremont", Vote.FOR), ("st-philips", Vote.FOR), ("webster", Vote.AGAINST)),
        )
    )
    hom.execute(
        TakeDecision(
            "d2",
            "Buy an intranet",
            date(2013, 9, 11),
            (("claremont", Vote.FOR), ("webster", Vote.AGAINST), ("st-margarets", Vote.ABSTAIN)),
        )
    )
    governance = hom.as_of(date(2013, 9, 30)).governance
    first, second = governance.decisions()
    assert (first.carried, first.count(Vote.FOR), first.count(Vote.AGAINST)) == (True, 2, 1)
    assert first.member_schools == 4
    assert (second.carried, second.count(Vote.ABSTAIN)) == (False, 1)  # a tie is not carried
    assert governance.decision("d2") == second
    assert hom.as_of(date(2013, 9, 10)).governance.decisions() == (first,)
    refused(hom, TakeDecision("d1", "Again", date(2013, 9, 12), first.votes), "G6")


@pytest.mark.parametrize(
    ("votes", "why"),
    [
        ((("claremont", Vote.FOR), ("never-joined", Vote.FOR), ("webster", Vote.FOR)), "never"),
        ((("claremont", Vote.FOR), ("council", Vote.FOR), ("webster", Vote.FOR)), "not a school"),
        ((("claremont", Vote.FOR), ("claremont", Vote.AGAINST), ("webster", Vote.FOR)), "twice"),
        ((("claremont", Vote.FOR),), "quorum"),
        ((("claremont", Vote.FOR), ("late-joiner", Vote.FOR)), "not a member"),
    ],
)
def test_g6_refused_for_non_member_schools_double_votes_and_below_quorum(
    votes: tuple[tuple[str, Vote], ...], why: str
) -> None:
    hom = with_schools()
    hom.execute(join("council", FORMED_ON, kind=OrganisationKind.COUNCIL))
    hom.execute(join("late-joiner", date(2014, 1, 1)))
    error = refused(hom, TakeDecision("d", "A motion", date(2013, 9, 10), votes), "G6")
    assert why in str(error)


def test_g6_the_quorum_is_a_policy_of_member_schools_on_the_day() -> None:
    hom = with_schools()
    hom.execute(join("council", FORMED_ON, kind=OrganisationKind.COUNCIL))
    two = (("claremont", Vote.FOR), ("webster", Vote.FOR))
    hom.execute(TakeDecision("half", "Motion", date(2013, 9, 10), two))  # 2 of 4 schools: 50%
    hom.execute(AdoptPolicies(Policies(quorum=Decimal("0.75")), date(2013, 10, 1)))
    refused(hom, TakeDecision("three-quarters", "Motion", date(2013, 10, 2), two), "G6")
    refused(hom, TakeDecision("x", " ", date(2013, 10, 2), two), "G6")


# -- G7 governors ----------------------------------------------------------------------------


def test_g7_governors_reports_and_the_annual_strategic_direction_meeting() -> None:
    hom = with_schools()
    hom.execute(join("council", FORMED_ON, kind=OrganisationKind.COUNCIL))
    hom.execute(ReportToGovernors("webster", date(2013, 10, 15), "through the head's report"))
    hom.execute(ReportToGovernors("claremont", date(2013, 11, 20)))
    refused(hom, ReportToGovernors("webster", date(2013, 10, 15)), "G7")
    refused(hom, ReportToGovernors("council", date(2013, 10, 15)), "G7")
    refused(hom, ReportToGovernors("never-joined", date(2013, 10, 15)), "G7")

    governance = hom.as_of(date(2013, 12, 1)).governance
    assert [r.member_id for r in governance.governors_reports()] == ["webster", "claremont"]
    assert [r.reported_on for r in governance.governors_reports("webster")] == [date(2013, 10, 15)]
    hom.execute(ReportToGovernors("webster", date(2013, 12, 3)))
    hom.execute(ReportToGovernors("claremont", date(2013, 9, 30)))  # recorded late
    governance = hom.as_of(date(2013, 12, 31)).governance
    assert [(r.member_id, r.reported_on.month) for r in governance.governors_reports()] == [
        ("claremont", 9),
        ("webster", 10),
        ("claremont", 11),
        ("webster", 12),
    ]
    assert [r.reported_on.month for r in governance.governors_reports("claremont")] == [9, 11]

    assert hom.as_of(date(2014, 7, 1)).governance.last_strategic_direction_meeting() is None
    assert not hom.as_of(date(2014, 7, 1)).governance.strategic_direction_meeting_overdue()
    assert hom.as_of(date(2014, 7, 2)).governance.strategic_direction_meeting_overdue()

    hom.execute(
        HoldStrategicDirectionMeeting(date(2014, 7, 2), ("Centre for Educational Leadership",))
    )
    refused(hom, HoldStrategicDirectionMeeting(date(2014, 7, 2)), "G7")
    refused(hom, HoldStrategicDirectionMeeting(date(2014, 7, 3), ("",)), "G7")
    later = hom.as_of(date(2015, 7, 2)).governance
    meeting = later.last_strategic_direction_meeting()
    assert meeting is not None
    assert meeting.invited == ("Centre for Educational Leadership",)
    assert not later.strategic_direction_meeting_overdue()
    assert hom.as_of(date(2015, 7, 3)).governance.strategic_direction_meeting_overdue()


# -- G8 the annual review --------------------------------------------------------------------


def test_g8_a_review_is_overdue_more_than_twelve_months_after_formation_or_the_last() -> None:
    hom = with_schools()
    assert hom.as_of(date(2014, 7, 1)).governance.last_review() is None
    assert hom.as_of(date(2014, 7, 1)).governance.next_review_due() == date(2014, 7, 1)
    assert not hom.as_of(date(2014, 7, 1)).governance.review_overdue()
    assert hom.as_of(date(2014, 7, 2)).governance.review_overdue()

    hom.execute(ReviewFramework(date(2014, 6, 20), "first annual review"))
    assert hom.as_of(date(2014, 7, 2)).governance.last_review() == date(2014, 6, 20)
    assert not hom.as_of(date(2015, 6, 20)).governance.review_overdue()
    assert hom.as_of(date(2015, 6, 21)).governance.review_overdue()
    assert hom.as_of(date(2014, 6, 19)).governance.last_review() is None

    # a partnership may review more often: the period is a policy
    hom.execute(ReviewFramework(date(2015, 1, 10), policies=Policies(review_every_months=6)))
    assert hom.as_of(date(2015, 7, 10)).governance.next_review_due() == date(2015, 7, 10)
    assert hom.as_of(date(2015, 7, 11)).governance.review_overdue()


def test_g8_months_are_added_by_the_calendar() -> None:
    assert add_months(date(2014, 1, 31), 1) == date(2014, 2, 28)
    assert add_months(date(2015, 8, 31), 6) == date(2016, 2, 29)
    assert add_months(date(2013, 7, 1), 12) == date(2014, 7, 1)
    assert add_months(date(2013, 12, 15), 1) == date(2014, 1, 15)


# -- storage ---------------------------------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hom.sqlite3'}"


def test_governance_events_and_state_round_trip_through_the_store(sqlite_url: str) -> None:
    hom = with_schools(url=sqlite_url)
    appoint(hom, "webster", Role.EYFS_REPRESENTATIVE)
    for command in agreement_standing_groups(AUTUMN_2013):
        hom.execute(command)
    hom.execute(
        EstablishGroup(
            "t",
            "Task",
            GroupKind.TASK,
            AUTUMN_2013,
            period=DateRange(AUTUMN_2013, date(2014, 1, 31)),
        )
    )
    hom.execute(RotateChair(AUTUMN_2013))
    hom.execute(HoldMeeting(EYFS_GROUP, date(2013, 9, 20), "webster", summary="phonics"))
    hom.execute(ReportBack("t", date(2013, 12, 1), "report"))
    hom.execute(CloseTaskGroup("t", date(2014, 1, 31)))
    hom.execute(
        TakeDecision(
            "d", "Motion", date(2013, 9, 10), (("webster", Vote.FOR), ("claremont", Vote.ABSTAIN))
        )
    )
    hom.execute(ReportToGovernors("webster", date(2013, 10, 15)))
    hom.execute(HoldStrategicDirectionMeeting(date(2014, 7, 2), ("the council",)))
    day = date(2014, 8, 1)
    before = hom.as_of(day).state
    hom.log.close()

    log: EventLog = open_log(sqlite_url)
    reopened = Partnership(log, "hom")
    assert reopened.as_of(day).state == before
    kinds = {type(recorded.event) for recorded in log.read_stream(reopened.stream_id)}
    assert {ChairTookOffice, DecisionTaken} <= kinds
    converter = log.codec.converter
    stored = json.loads(json.dumps(converter.unstructure(before)))
    assert converter.structure(stored, PartnershipState) == before
    log.close()


def test_evolve_is_total_for_events_of_groups_it_does_not_know() -> None:
    evolve = PARTNERSHIP.evolve

    from hom_core.domain.governance.events import GroupClosed, GroupReportedBack, MeetingHeld

    state = PartnershipState()
    for event in (
        MeetingHeld("ghost", AUTUMN_2013),
        GroupReportedBack("ghost", AUTUMN_2013, "x"),
        GroupClosed("ghost", AUTUMN_2013),
    ):
        assert evolve(state, event) == state
