"""Membership (hom_core.domain.membership): joining (M1), notice under each notice policy (M2),
leaving and rejoining (M3), membership on any date (M4), URNs (C3), Ofsted outcomes (C4) and the
role holders of member schools, all through the Partnership API."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from domain_strategies import assert_refused, new_partnership
from hom_core import EventLog, RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.codec import Codec
from hom_core.domain import (
    AcademicYear,
    AdoptPolicies,
    AppointRoleHolder,
    ChangeUrn,
    DateRange,
    FormPartnership,
    GiveNotice,
    JoinPartnership,
    NoticePolicy,
    NoticeReading,
    OfstedOutcome,
    OrganisationKind,
    Policies,
    RecordOfstedOutcome,
    RecordTermDates,
    ReviewFramework,
    Role,
    TermDates,
    Urn,
    WithdrawNotice,
)
from hom_core.domain.checks import known_member, member_on
from hom_core.domain.membership.events import MemberJoined
from hom_core.domain.partnership import MEMBERSHIP
from hom_core.events import EventTypes
from hom_core.testing.strategies import FORMED_ON, STRANGER, join

MEMBERSHIP_EVENT_TYPES = MEMBERSHIP.event_types

ONE_DAY = timedelta(days=1)

# Term dates like Manchester's for 2014/15 (C1): holidays between and inside the terms.
TERMS_2014 = TermDates(
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


def member_ids(hom: Partnership, day: date) -> list[str]:
    return [member.member_id for member in hom.as_of(day).members()]


def leaving_date(hom: Partnership, member_id: str, day: date) -> date | None:
    """The leaving date of ``member_id`` under notice on ``day``, or None."""
    dates = {member.member_id: leaves for member, leaves in hom.as_of(day).under_notice()}
    return dates.get(member_id)


@pytest.fixture
def partnership() -> tuple[EventLog, Partnership]:
    """HOM formed on 1 July 2013 with the default policies, St Mary's a member since 10 July."""
    log, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10)))
    return log, hom


# -- M1: joining -------------------------------------------------------------------------------


def test_m1_a_school_joins_on_the_day_its_agreement_is_signed_three_times() -> None:
    _, hom = new_partnership()
    hom.execute(
        JoinPartnership(
            "st-marys",
            "St Mary's",
            OrganisationKind.PRIMARY,
            head="head-1",
            chair_of_governors="chair-1",
            partnership_chair="pchair-1",
            signed_on=date(2013, 7, 10),
            urn=Urn("105432"),
        )
    )
    assert not hom.as_of(date(2013, 7, 9)).is_member("st-marys")
    view = hom.as_of(date(2013, 7, 10))
    assert view.is_member("st-marys")
    (member,) = view.members()
    (membership,) = member.memberships
    assert (member.name, member.kind, member.urn_on(date(2013, 7, 10))) == (
        "St Mary's",
        OrganisationKind.PRIMARY,
        Urn("105432"),
    )
    assert (
        membership.joined_on,
        membership.head,
        membership.chair_of_governors,
        membership.partnership_chair,
    ) == (date(2013, 7, 10), "head-1", "chair-1", "pchair-1")
    assert member.holder_on(Role.HEAD, date(2013, 7, 10)) == "head-1"
    assert member.holder_on(Role.CHAIR_OF_GOVERNORS, date(2013, 7, 10)) == "chair-1"
    assert member.kind.is_school


@pytest.mark.parametrize("missing", ["head", "chair_of_governors", "partnership_chair"])
def test_m1_an_agreement_lacking_a_signature_is_refused(missing: str) -> None:
    log, hom = new_partnership()
    signatures = {"head": "h", "chair_of_governors": "c", "partnership_chair": "p", missing: ""}
    command = JoinPartnership(
        "st-marys",
        "St Mary's",
        OrganisationKind.PRIMARY,
        signed_on=date(2013, 7, 10),
        **signatures,
    )
    error = assert_refused(log, hom, command, "M1")
    assert "signature" in str(error)


@pytest.mark.parametrize("signed_on", [None, datetime(2013, 7, 10, 9, 0)], ids=["none", "datetime"])
def test_m1_an_agreement_without_a_date_is_refused(signed_on: object) -> None:
    log, hom = new_partnership()
    assert_refused(log, hom, join("st-marys", signed_on), "M1")  # type: ignore[arg-type]


def test_m1_joining_twice_is_an_error_and_appends_nothing(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    assert_refused(log, hom, join("st-marys", date(2013, 7, 10)), "M1")
    assert_refused(log, hom, join("st-marys", date(2015, 1, 5)), "M1")
    assert_refused(log, hom, join("st-marys", date(2013, 7, 1)), "M1")  # back-dated, too
    assert len(hom.state().membership.members["st-marys"].memberships) == 1


def test_m1_a_school_under_notice_is_still_a_member_and_cannot_join_again(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))  # leaves on 31 Dec 2014
    assert_refused(log, hom, join("st-marys", date(2014, 12, 31)), "M1")


def test_m1_joining_needs_a_formed_partnership_and_no_earlier_date() -> None:
    log = open_log("memory://")
    hom = Partnership(log, "hom")
    assert_refused(log, hom, join("st-marys", date(2013, 7, 10)), "M1")
    hom.execute(FormPartnership("HOM", FORMED_ON))
    assert_refused(log, hom, join("st-marys", FORMED_ON - ONE_DAY), "M1")
    hom.execute(join("st-marys", FORMED_ON))
    assert hom.as_of(FORMED_ON).is_member("st-marys")


def test_m1_a_member_needs_an_id_and_a_name() -> None:
    log, hom = new_partnership()
    assert_refused(log, hom, join("", date(2013, 7, 10)), "M1")
    command = JoinPartnership(
        "st-marys", "  ", OrganisationKind.PRIMARY, "h", "c", "p", date(2013, 7, 10)
    )
    assert_refused(log, hom, command, "M1")


SCHOOL_KINDS = [kind for kind in OrganisationKind if kind.is_school]
OTHER_KINDS = [kind for kind in OrganisationKind if not kind.is_school]


@pytest.mark.parametrize("kind", SCHOOL_KINDS, ids=lambda kind: kind.value)
@pytest.mark.parametrize("missing", ["head", "chair_of_governors"])
def test_m1_a_school_without_a_head_or_chair_of_governors_is_refused(
    kind: OrganisationKind, missing: str
) -> None:
    """M1: the agreement is signed for a school by its headteacher and chair of governors."""
    log, hom = new_partnership()
    signatures = {"head": "h", "chair_of_governors": "c", missing: None}
    command = JoinPartnership(
        "st-marys", "St Mary's", kind, partnership_chair="p", signed_on=FORMED_ON, **signatures
    )
    error = assert_refused(log, hom, command, "M1")
    role = "headteacher" if missing == "head" else "chair of governors"
    assert f"lacks the signature of the {role}: a school signs by its headteacher" in str(error)


@pytest.mark.parametrize("kind", OTHER_KINDS, ids=lambda kind: kind.value)
def test_m1_a_member_that_is_not_a_school_joins_without_a_head_or_chair(
    kind: OrganisationKind,
) -> None:
    """M1 speaks of schools: a council, business, college, university or partnership joins on
    the partnership chairperson's signature alone, with no head or chair of governors."""
    log, hom = new_partnership()
    hom.execute(
        JoinPartnership(
            "member", "Member", kind, None, None, partnership_chair="p", signed_on=FORMED_ON
        )
    )
    (member,) = hom.as_of(FORMED_ON).members()
    (membership,) = member.memberships
    assert (membership.head, membership.chair_of_governors, membership.partnership_chair) == (
        None,
        None,
        "p",
    )
    assert [member.holder_on(role, FORMED_ON) for role in Role] == [None] * len(Role)
    joined = list(log.read_all())[-1].event  # as stored and read back
    assert joined == MemberJoined("member", "Member", kind, None, None, None, "p", FORMED_ON)
    unsigned = JoinPartnership("other", "Other", kind, None, None, "", FORMED_ON)
    assert "partnership chairperson" in str(assert_refused(log, hom, unsigned, "M1"))


def test_m1_a_member_that_is_not_a_school_may_still_record_who_signed() -> None:
    """M1: a sixth form college that has a principal and a chair may record them."""
    _, hom = new_partnership()
    college = OrganisationKind.COLLEGE
    hom.execute(JoinPartnership("college", "College", college, "principal", None, "p", FORMED_ON))
    (member,) = hom.as_of(FORMED_ON).members()
    assert member.holder_on(Role.HEAD, FORMED_ON) == "principal"
    assert member.holder_on(Role.CHAIR_OF_GOVERNORS, FORMED_ON) is None


STORED_MEMBER_JOINED = (
    '{"member_id":"st-marys","name":"St Mary\'s","kind":"primary","urn":{"digits":"105432"},'
    '"head":"head-1","chair_of_governors":"chair-1","partnership_chair":"pchair-1",'
    '"signed_on":"2013-07-10"}'
)
"""A ``hom.member_joined`` payload at schema version 1, as stored before a head was optional."""


def test_m1_a_member_joined_event_already_stored_decodes_unchanged() -> None:
    """M1: events in existing logs, which always name a head and chair, still decode, and
    encode back to the same text (the stored keys are unchanged)."""
    codec = Codec(EventTypes(MEMBERSHIP_EVENT_TYPES))
    event = codec.decode_event("hom.member_joined", 1, STORED_MEMBER_JOINED)
    assert event == MemberJoined(
        "st-marys",
        "St Mary's",
        OrganisationKind.PRIMARY,
        Urn("105432"),
        "head-1",
        "chair-1",
        "pchair-1",
        date(2013, 7, 10),
    )
    assert codec.encode(event) == ("hom.member_joined", 1, STORED_MEMBER_JOINED)


# -- M2: notice under the default policy, a full term ----------------------------------------


@pytest.mark.parametrize(
    ("received", "leaves"),
    [
        (date(2014, 9, 1), date(2014, 12, 31)),  # on the first day of autumn: that term
        (date(2014, 9, 2), date(2015, 4, 30)),  # a day later: the end of spring
        (date(2014, 12, 31), date(2015, 4, 30)),  # the last day of autumn
        (date(2015, 1, 1), date(2015, 4, 30)),  # the first day of spring
        (date(2015, 5, 2), date(2015, 12, 31)),  # inside summer: the end of the next autumn
        (date(2014, 8, 31), date(2014, 12, 31)),  # the last day of summer
    ],
)
def test_m2_a_full_term_of_notice_on_the_default_calendar(
    partnership: tuple[EventLog, Partnership], received: date, leaves: date
) -> None:
    _, hom = partnership
    hom.execute(GiveNotice("st-marys", received))
    assert leaving_date(hom, "st-marys", received - ONE_DAY) is None
    assert leaving_date(hom, "st-marys", received) == leaves
    assert hom.as_of(leaves).is_member("st-marys")
    assert leaving_date(hom, "st-marys", leaves) == leaves
    assert not hom.as_of(leaves + ONE_DAY).is_member("st-marys")


@pytest.mark.parametrize(
    ("received", "leaves"),
    [
        (date(2014, 9, 2), date(2014, 12, 19)),  # summer holiday: the autumn term
        (date(2014, 9, 3), date(2014, 12, 19)),  # the first day of autumn
        (date(2014, 9, 4), date(2015, 3, 27)),  # later: the end of spring
        (date(2014, 10, 27), date(2015, 3, 27)),  # the half-term holiday is in the term
        (date(2014, 12, 22), date(2015, 3, 27)),  # Christmas holiday: the spring term
        (date(2015, 3, 30), date(2015, 7, 22)),  # Easter holiday: the summer term
    ],
)
def test_m2_a_full_term_of_notice_on_recorded_term_dates(
    partnership: tuple[EventLog, Partnership], received: date, leaves: date
) -> None:
    _, hom = partnership
    hom.execute(RecordTermDates(TERMS_2014, recorded_on=date(2014, 6, 1)))
    hom.execute(GiveNotice("st-marys", received))
    assert leaving_date(hom, "st-marys", received) == leaves
    assert not hom.as_of(leaves + ONE_DAY).is_member("st-marys")


# -- M2: the other readings of "a term's notice" ----------------------------------------------

CUTOFF_14 = NoticePolicy(NoticeReading.CUTOFF, cutoff_days=14)
WEEKS_12 = NoticePolicy(NoticeReading.WEEKS, weeks=12)
BY_30_SEPTEMBER = NoticePolicy(NoticeReading.FIXED_DATE)  # notice by 30 Sep, leave at 1 April


@pytest.mark.parametrize(
    ("policy", "received", "leaves"),
    [
        (CUTOFF_14, date(2014, 9, 1), date(2014, 12, 31)),
        (CUTOFF_14, date(2014, 9, 14), date(2014, 12, 31)),  # the 14th day of the term
        (CUTOFF_14, date(2014, 9, 15), date(2015, 4, 30)),
        (CUTOFF_14, date(2015, 1, 14), date(2015, 4, 30)),
        (WEEKS_12, date(2014, 9, 1), date(2014, 11, 24)),
        (WEEKS_12, date(2014, 12, 1), date(2015, 2, 23)),
        (BY_30_SEPTEMBER, date(2014, 9, 30), date(2015, 3, 31)),
        (BY_30_SEPTEMBER, date(2014, 4, 2), date(2015, 3, 31)),
        (BY_30_SEPTEMBER, date(2014, 10, 1), date(2016, 3, 31)),  # missed the deadline
        (BY_30_SEPTEMBER, date(2015, 2, 1), date(2016, 3, 31)),  # before the next deadline
        (
            NoticePolicy(NoticeReading.FIXED_DATE, deadline=(3, 1), leave_from=(9, 1)),
            date(2015, 3, 2),
            date(2016, 8, 31),
        ),
    ],
)
def test_m2_each_notice_policy_sets_its_own_leaving_date(
    policy: NoticePolicy, received: date, leaves: date
) -> None:
    _, hom = new_partnership(policies=Policies(notice=policy))
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(GiveNotice("st-marys", received))
    assert leaving_date(hom, "st-marys", received) == leaves
    assert hom.as_of(leaves).is_member("st-marys")
    assert not hom.as_of(leaves + ONE_DAY).is_member("st-marys")


def test_m2_the_policy_in_force_on_the_day_notice_is_received_applies() -> None:
    _, hom = new_partnership()
    for school in ("st-marys", "rolls-crescent", "st-philips"):
        hom.execute(join(school, date(2013, 7, 10)))
    hom.execute(GiveNotice("st-marys", date(2014, 12, 1)))  # full term: leaves 30 Apr 2015
    four_weeks = Policies(notice=NoticePolicy(NoticeReading.WEEKS, weeks=4))
    hom.execute(AdoptPolicies(four_weeks, adopted_on=date(2015, 1, 1)))
    hom.execute(GiveNotice("rolls-crescent", date(2015, 1, 10)))  # four weeks: 7 Feb 2015
    # recorded after the new policy, but received before it was adopted: a full term
    hom.execute(GiveNotice("st-philips", date(2014, 12, 15)))

    on = date(2015, 1, 10)
    assert leaving_date(hom, "st-marys", on) == date(2015, 4, 30)  # the old notice keeps its date
    assert leaving_date(hom, "rolls-crescent", on) == date(2015, 2, 7)
    assert leaving_date(hom, "st-philips", on) == date(2015, 4, 30)
    # a question about a past date uses the policy then in force
    framework = hom.state().framework
    assert framework.policies_on(date(2014, 12, 31)).notice == NoticePolicy()
    assert framework.policies_on(date(2015, 1, 1)) == four_weeks
    as_then = hom.as_of(date(2014, 12, 31)).state.framework
    assert as_then.policies_on(date(2015, 6, 1)) == Policies()  # not yet adopted then


def test_m2_policies_cannot_be_back_dated_over_notice_already_received(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2014, 9, 2)))  # full term: leaves 30 Apr 2015
    four_weeks = Policies(notice=NoticePolicy(NoticeReading.WEEKS, weeks=4))
    error = assert_refused(log, hom, AdoptPolicies(four_weeks, date(2014, 9, 2)), "M2")
    assert "2014-09-03" in str(error)  # the first day it could be adopted from
    assert_refused(log, hom, ReviewFramework(date(2014, 7, 1), policies=four_weeks), "M2")
    # policies that leave the notice's leaving date as it is may be back-dated
    hom.execute(AdoptPolicies(Policies(review_every_months=24), date(2014, 7, 1)))
    hom.execute(AdoptPolicies(four_weeks, date(2014, 9, 3)))
    assert leaving_date(hom, "st-marys", date(2014, 9, 2)) == date(2015, 4, 30)


def test_m2_notice_twice_is_an_error(partnership: tuple[EventLog, Partnership]) -> None:
    log, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    assert_refused(log, hom, GiveNotice("st-marys", date(2014, 10, 1)), "M2")
    assert_refused(log, hom, GiveNotice("st-marys", date(2014, 9, 1)), "M2")
    assert leaving_date(hom, "st-marys", date(2014, 10, 1)) == date(2014, 12, 31)


def test_m2_notice_withdrawn_before_it_takes_effect_restores_membership(
    partnership: tuple[EventLog, Partnership],
) -> None:
    _, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))  # leaves 31 Dec 2014
    hom.execute(WithdrawNotice("st-marys", date(2014, 11, 1)))
    assert leaving_date(hom, "st-marys", date(2014, 10, 31)) == date(2014, 12, 31)  # history kept
    assert hom.as_of(date(2014, 11, 1)).under_notice() == []
    assert hom.as_of(date(2015, 1, 1)).is_member("st-marys")
    assert member_ids(hom, date(2020, 1, 1)) == ["st-marys"]
    # and it may give notice again later
    hom.execute(GiveNotice("st-marys", date(2015, 1, 1)))
    assert leaving_date(hom, "st-marys", date(2015, 1, 1)) == date(2015, 4, 30)


def test_m2_notice_can_be_withdrawn_on_its_last_day(
    partnership: tuple[EventLog, Partnership],
) -> None:
    _, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    hom.execute(WithdrawNotice("st-marys", date(2014, 12, 31)))
    assert hom.as_of(date(2015, 1, 1)).is_member("st-marys")


def test_m2_there_must_be_notice_to_withdraw(partnership: tuple[EventLog, Partnership]) -> None:
    log, hom = partnership
    assert_refused(log, hom, WithdrawNotice("st-marys", date(2014, 11, 1)), "M2")
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    assert_refused(log, hom, WithdrawNotice("st-marys", date(2014, 8, 31)), "M2")  # before it
    assert_refused(log, hom, WithdrawNotice("st-marys", date(2015, 1, 1)), "M2")  # it has left
    assert_refused(log, hom, WithdrawNotice(STRANGER, date(2014, 11, 1)), "M2")


def test_m2_notice_is_not_withdrawable_under_a_policy_that_says_so() -> None:
    final = Policies(notice=NoticePolicy(withdrawable=False))
    log, hom = new_partnership(policies=final)
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    error = assert_refused(log, hom, WithdrawNotice("st-marys", date(2014, 11, 1)), "M2")
    assert "withdrawable" in str(error)
    assert not hom.as_of(date(2015, 1, 1)).is_member("st-marys")


def test_m2_notice_cannot_be_withdrawn_after_the_school_left_and_rejoined(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))  # leaves 31 Dec 2014
    hom.execute(join("st-marys", date(2015, 1, 5)))
    # a back-dated withdrawal would reopen the first membership over the second
    assert_refused(log, hom, WithdrawNotice("st-marys", date(2014, 10, 1)), "M2")
    first, _ = hom.state().membership.members["st-marys"].memberships
    assert first.leaves_on == date(2014, 12, 31)
    assert not hom.as_of(date(2015, 1, 4)).is_member("st-marys")


def test_m2_notice_from_a_school_that_is_not_a_member_is_refused(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    assert_refused(log, hom, GiveNotice(STRANGER, date(2014, 9, 1)), "M2")
    assert_refused(log, hom, GiveNotice("st-marys", date(2013, 7, 9)), "M2")  # before joining
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    assert_refused(log, hom, GiveNotice("st-marys", date(2015, 1, 1)), "M2")  # after leaving


# -- M3: leaving and rejoining -----------------------------------------------------------------


def test_m3_a_school_is_not_a_member_from_the_day_after_its_leaving_date(
    partnership: tuple[EventLog, Partnership],
) -> None:
    _, hom = partnership
    hom.execute(join("rolls-crescent", date(2013, 9, 1)))
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    assert member_ids(hom, date(2014, 12, 31)) == ["st-marys", "rolls-crescent"]
    assert member_ids(hom, date(2015, 1, 1)) == ["rolls-crescent"]
    assert hom.as_of(date(2015, 1, 1)).under_notice() == []
    # the school is not forgotten: it is in the state, with its one membership
    (membership,) = hom.state().membership.members["st-marys"].memberships
    assert (membership.notice_received_on, membership.leaves_on) == (
        date(2014, 9, 1),
        date(2014, 12, 31),
    )


def test_m3_a_school_that_left_may_rejoin_by_signing_again(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    hom.execute(join("rolls-crescent", date(2013, 9, 1)))
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))  # leaves 31 Dec 2014
    hom.execute(join("st-marys", date(2015, 9, 1)))
    assert not hom.as_of(date(2015, 8, 31)).is_member("st-marys")
    # members are in order of joining: the current membership's date counts
    assert member_ids(hom, date(2015, 9, 1)) == ["rolls-crescent", "st-marys"]
    assert member_ids(hom, date(2014, 1, 1)) == ["st-marys", "rolls-crescent"]
    first, second = hom.state().membership.members["st-marys"].memberships
    assert (first.joined_on, first.leaves_on) == (date(2013, 7, 10), date(2014, 12, 31))
    assert (second.joined_on, second.leaves_on) == (date(2015, 9, 1), None)
    # the rejoined school can give notice again; the first membership keeps its dates
    hom.execute(GiveNotice("st-marys", date(2016, 1, 1)))
    assert leaving_date(hom, "st-marys", date(2016, 1, 1)) == date(2016, 4, 30)
    first, second = hom.state().membership.members["st-marys"].memberships
    assert (first.leaves_on, second.leaves_on) == (date(2014, 12, 31), date(2016, 4, 30))
    assert log.verify().ok


def test_m3_rejoining_on_the_leaving_date_is_joining_twice(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    assert_refused(log, hom, join("st-marys", date(2014, 12, 31)), "M1")
    hom.execute(join("st-marys", date(2015, 1, 1)))  # the day after: a new membership
    assert member_ids(hom, date(2014, 12, 31)) == member_ids(hom, date(2015, 1, 1)) == ["st-marys"]


# -- M4: membership as of any date -------------------------------------------------------------


def test_m4_who_were_the_members_on_1_january_2014() -> None:
    _, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(join("st-philips", date(2013, 7, 11)))
    hom.execute(join("rolls-crescent", date(2013, 9, 5)))
    hom.execute(join("birchfields", date(2014, 3, 1)))
    hom.execute(GiveNotice("st-philips", date(2013, 9, 1)))  # leaves 31 Dec 2013
    hom.execute(GiveNotice("rolls-crescent", date(2013, 11, 1)))  # leaves 30 Apr 2014

    assert member_ids(hom, date(2014, 1, 1)) == ["st-marys", "rolls-crescent"]
    assert member_ids(hom, date(2013, 12, 31)) == ["st-marys", "st-philips", "rolls-crescent"]
    assert member_ids(hom, date(2013, 7, 9)) == []
    assert member_ids(hom, date(2014, 5, 1)) == ["st-marys", "birchfields"]
    assert [(m.member_id, d) for m, d in hom.as_of(date(2014, 1, 1)).under_notice()] == [
        ("rolls-crescent", date(2014, 4, 30))
    ]
    assert hom.as_of(date(2013, 10, 31)).under_notice()[0][0].member_id == "st-philips"
    # the whole state answers the same question the same way
    state = hom.state()
    assert [m.member_id for m in state.membership.on(date(2014, 1, 1))] == [
        "st-marys",
        "rolls-crescent",
    ]


def test_m4_asked_in_the_past_a_notice_received_later_does_not_show(
    partnership: tuple[EventLog, Partnership],
) -> None:
    _, hom = partnership
    hom.execute(GiveNotice("st-marys", date(2015, 3, 2)))
    assert hom.as_of(date(2015, 3, 1)).under_notice() == []
    assert (
        hom.as_of(date(2015, 3, 1)).state.membership.members["st-marys"].memberships[0].leaves_on
        is None
    )


# -- C3: URNs ----------------------------------------------------------------------------------


def test_c3_a_school_converting_to_an_academy_stays_the_same_member() -> None:
    _, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10), urn=Urn("105432")))
    hom.execute(ChangeUrn("st-marys", Urn("140001"), from_date=date(2015, 9, 1)))
    (member,) = hom.as_of(date(2016, 1, 1)).members()
    assert member.member_id == "st-marys"
    assert len(member.memberships) == 1
    assert member.urn_on(date(2013, 7, 9)) is None
    assert member.urn_on(date(2015, 8, 31)) == Urn("105432")
    assert member.urn_on(date(2015, 9, 1)) == Urn("140001")
    # as of a day before the conversion, the new URN is not known
    (before,) = hom.as_of(date(2015, 8, 31)).members()
    assert before.urn_on(date(2016, 1, 1)) == Urn("105432")


def test_c3_a_stale_or_duplicate_urn_change_is_refused() -> None:
    log, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10), urn=Urn("105432")))
    assert_refused(log, hom, ChangeUrn("st-marys", Urn("105432"), date(2015, 9, 1)), "C3")
    hom.execute(ChangeUrn("st-marys", Urn("140001"), date(2015, 9, 1)))
    assert_refused(log, hom, ChangeUrn("st-marys", Urn("140001"), date(2016, 9, 1)), "C3")
    assert_refused(log, hom, ChangeUrn("st-marys", Urn("140002"), date(2015, 9, 1)), "C3")
    assert_refused(log, hom, ChangeUrn("st-marys", Urn("140002"), date(2014, 9, 1)), "C3")
    assert_refused(log, hom, ChangeUrn(STRANGER, Urn("140002"), date(2016, 9, 1)), "C3")


def test_c3_a_urn_dated_before_the_school_joined_is_its_history() -> None:
    _, hom = new_partnership()
    hom.execute(join("st-marys", date(2015, 1, 5)))
    hom.execute(ChangeUrn("st-marys", Urn("105432"), date(2014, 1, 1)))
    assert hom.as_of(date(2014, 6, 1)).members() == []  # replays the URN before the join
    (member,) = hom.as_of(date(2015, 1, 5)).members()
    assert member.urn_on(date(2014, 6, 1)) == Urn("105432")


def test_c3_two_urns_recorded_for_one_day_keep_the_later_record() -> None:
    _, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10), urn=Urn("105432")))
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))  # leaves 31 Dec 2014
    hom.execute(ChangeUrn("st-marys", Urn("140001"), date(2015, 1, 5)))
    hom.execute(join("st-marys", date(2015, 1, 5), urn=Urn("140002")))
    member = hom.state().membership.members["st-marys"]
    assert member.urns == ((date(2013, 7, 10), Urn("105432")), (date(2015, 1, 5), Urn("140002")))
    assert member.urn_on(date(2015, 1, 5)) == Urn("140002")


# -- C4: Ofsted outcomes -----------------------------------------------------------------------

GOOD_2014 = OfstedOutcome(date(2014, 3, 12), "single-word", (("overall effectiveness", "Good"),))
REPORT_CARD_2025 = OfstedOutcome(
    date(2025, 11, 20),
    "report-card",
    (
        ("inclusion", "Strong standard"),
        ("curriculum and teaching", "Expected standard"),
        ("leadership and governance", "Secure fit"),
    ),
)


def test_c4_ofsted_outcomes_are_stored_with_their_date_and_scale(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/hom.db"
    log, hom = new_partnership(url)
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(RecordOfstedOutcome("st-marys", REPORT_CARD_2025))
    hom.execute(RecordOfstedOutcome("st-marys", GOOD_2014))
    log.close()
    with open_log(url) as reopened:  # stored, not only held in memory
        state = Partnership(reopened, "hom").state()
    member = state.membership.members["st-marys"]
    assert member.ofsted == (GOOD_2014, REPORT_CARD_2025)  # in order of publication
    assert [(o.published_on, o.scale) for o in member.ofsted] == [
        (date(2014, 3, 12), "single-word"),
        (date(2025, 11, 20), "report-card"),
    ]
    assert dict(member.ofsted[1].grades)["inclusion"] == "Strong standard"


def test_c4_an_outcome_needs_its_scale_what_was_published_and_a_known_school() -> None:
    log, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10)))
    no_scale = OfstedOutcome(date(2014, 3, 12), "", (("overall effectiveness", "Good"),))
    no_grades = OfstedOutcome(date(2014, 3, 12), "single-word", ())
    assert_refused(log, hom, RecordOfstedOutcome("st-marys", no_scale), "C4")
    assert_refused(log, hom, RecordOfstedOutcome("st-marys", no_grades), "C4")
    assert_refused(log, hom, RecordOfstedOutcome(STRANGER, GOOD_2014), "C4")


def test_c4_an_outcome_published_before_the_school_joined_is_kept() -> None:
    _, hom = new_partnership()
    hom.execute(join("st-marys", date(2014, 9, 1)))
    hom.execute(RecordOfstedOutcome("st-marys", GOOD_2014))
    assert hom.as_of(date(2014, 6, 1)).members() == []  # replays the outcome before the join
    assert hom.as_of(date(2014, 9, 1)).members()[0].ofsted == (GOOD_2014,)


# -- role holders ------------------------------------------------------------------------------


def test_role_holders_are_recorded_from_a_date(partnership: tuple[EventLog, Partnership]) -> None:
    _, hom = partnership
    hom.execute(AppointRoleHolder("st-marys", Role.DEPUTY_HEAD, "deputy-1", date(2013, 9, 1)))
    hom.execute(AppointRoleHolder("st-marys", Role.HEAD, "head-2", date(2016, 9, 1)))
    member = hom.state().membership.members["st-marys"]
    assert member.holder_on(Role.DEPUTY_HEAD, date(2013, 8, 31)) is None
    assert member.holder_on(Role.DEPUTY_HEAD, date(2013, 9, 1)) == "deputy-1"
    assert member.holder_on(Role.HEAD, date(2016, 8, 31)) == "head-of-st-marys"
    assert member.holder_on(Role.HEAD, date(2016, 9, 1)) == "head-2"
    assert member.holder_on(Role.EYFS_REPRESENTATIVE, date(2016, 9, 1)) is None


def test_role_holders_are_recorded_for_members_only(
    partnership: tuple[EventLog, Partnership],
) -> None:
    log, hom = partnership
    assert_refused(log, hom, AppointRoleHolder(STRANGER, Role.HEAD, "h", date(2014, 1, 1)), "G3")
    before_joining = AppointRoleHolder("st-marys", Role.HEAD, "h", date(2013, 7, 9))
    assert_refused(log, hom, before_joining, "G3")
    nobody = AppointRoleHolder("st-marys", Role.DEPUTY_HEAD, "", date(2014, 1, 1))
    assert_refused(log, hom, nobody, "G3")


def test_organisation_kinds_say_which_are_schools() -> None:
    schools = {kind for kind in OrganisationKind if kind.is_school}
    assert schools == {
        OrganisationKind.NURSERY,
        OrganisationKind.PRIMARY,
        OrganisationKind.SECONDARY,
        OrganisationKind.ALL_THROUGH,
        OrganisationKind.SPECIAL,
    }


def test_a_council_may_be_a_member_without_a_urn() -> None:
    _, hom = new_partnership()
    hom.execute(join("manchester-council", date(2013, 7, 10), kind=OrganisationKind.COUNCIL))
    (member,) = hom.as_of(date(2014, 1, 1)).members()
    assert (member.kind, member.urn_on(date(2014, 1, 1))) == (OrganisationKind.COUNCIL, None)


def test_rule_violations_carry_their_rule_and_advice(
    partnership: tuple[EventLog, Partnership],
) -> None:
    _, hom = partnership
    with pytest.raises(RuleViolation, match=r"^\[M1\] .*joining twice is an error"):
        hom.execute(join("st-marys", date(2014, 1, 1)))


def test_m4_member_on_gives_the_member_of_the_day_or_says_why_not_in_the_caller_s_words(
    partnership: tuple[EventLog, Partnership],
) -> None:
    """M4: the core's check that domain packs share (``member_on``): the member on a day it is
    one; else a violation of the caller's rule, naming the partnership as the caller does."""
    _, hom = partnership
    state = hom.state()
    assert member_on(state, "st-marys", date(2013, 7, 10), "CAM1").member_id == "st-marys"
    assert known_member(state, "st-marys", "CAM1") is state.membership.members["st-marys"]
    never = r"^\[CAM1\] 'nobody' has never joined the cluster: check the member id$"
    with pytest.raises(RuleViolation, match=never):
        member_on(state, "nobody", date(2014, 1, 1), "CAM1", of="the cluster")
    before = r"^\[CAM1\] .+ is not a member on 2013-07-09: check the date$"
    with pytest.raises(RuleViolation, match=before):
        member_on(state, "st-marys", date(2013, 7, 9), "CAM1", then="check the date")
    with pytest.raises(RuleViolation, match=r"has never joined the partnership"):
        known_member(state, "nobody", "M2")
    with pytest.raises(RuleViolation, match=r"^\[G7\] .+ is not a member on 2013-07-09$"):
        member_on(state, "st-marys", date(2013, 7, 9), "G7", then=None)
