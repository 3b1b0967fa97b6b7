"""The Manchester Schools' Alliance pack (hom_plugins.packs.manchester), from ``002_*.txt``: the
teaching school proposal (MAN1-MAN7), the think tank (MAN8, MAN9), the SEP and its chair (MAN10,
MAN11), the pack's questions as of a day, and its plumbing (hooks, snapshots, the core state
untouched). Queries across streams (MAN12) are in ``test_manchester_reach.py``.

States are built through ``Partnership.execute``; a refused command appends nothing.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import itertools
import pkgutil
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest

from domain_strategies import assert_refused
from hom_core import Pending, Plugins, open_log
from hom_core.application import Partnership
from hom_core.domain import (
    FormPartnership,
    GiveNotice,
    Money,
    OfstedOutcome,
    OrganisationKind,
    Person,
    Policies,
    RecordOfstedOutcome,
)
from hom_core.domain.membership.state import Member
from hom_core.projections import load_state
from hom_core.testing.strategies import join
from hom_plugins.packs import manchester, partnership
from hom_plugins.packs.manchester import (
    LEAD_GROUP_LIMIT,
    PACK,
    AppointRepresentative,
    AppointSepChair,
    EstablishSep,
    Group,
    LeaveProposalGroup,
    ManchesterState,
    ManchesterView,
    PlaceInProposal,
    ProposeTeachingSchool,
    RecordCouncilLeader,
    Representative,
    Sector,
    StandDownRepresentative,
    SubmitTeachingSchoolProposal,
)
from hom_plugins.packs.manchester.proposal import ProposalGroupJoined
from hom_plugins.packs.manchester.sep import SepChairAppointed
from hom_plugins.storage import memory, sqlite

evolve = manchester.MANCHESTER.evolve

FORMED = date(2012, 11, 1)
JOINED = date(2012, 11, 5)
PROPOSED = date(2012, 12, 3)
DAY = date(2013, 1, 21)
"""The day the groups are formed in most tests."""
K = OrganisationKind
LEAD_SCHOOLS = tuple(f"lead-{n}" for n in range(1, LEAD_GROUP_LIMIT + 1))
"""One more outstanding school than the lead group can take with its college."""
SUPPORTING = tuple(f"support-{n}" for n in range(1, 9))
MEMBERS: dict[str, OrganisationKind] = {
    "council": K.COUNCIL,
    "business": K.BUSINESS,
    "university": K.UNIVERSITY,
    "health": K.HEALTH,
    "college": K.COLLEGE,
    "college-2": K.COLLEGE,
    "nursery": K.NURSERY,
    **{school: (K.PRIMARY, K.SECONDARY)[n % 2] for n, school in enumerate(LEAD_SCHOOLS)},
    **{school: (K.PRIMARY, K.SECONDARY, K.SPECIAL)[n % 3] for n, school in enumerate(SUPPORTING)},
}
GRADED = date(2012, 6, 20)


def grade(word: str, on: date = GRADED, scale: str = "single-word") -> OfstedOutcome:
    """An Ofsted outcome (C4) grading overall effectiveness ``word``."""
    return OfstedOutcome(on, scale, (("overall effectiveness", word),))


def plugins() -> Plugins:
    """The storage backends, the partnership domain and this pack, registered by hand."""
    manager = Plugins(entry_points=False)
    for module in (memory, sqlite, partnership):
        manager.register(module)
    manager.register(manchester, "manchester")
    return manager


def new_alliance(url: str = "memory://", alliance_id: str = "alliance") -> Partnership:
    """A formed alliance in a fresh log at ``url``."""
    alliance = Partnership(open_log(url, plugins=plugins()), alliance_id)
    alliance.execute(FormPartnership("Manchester Schools' Alliance", FORMED, Policies()))
    return alliance


@functools.cache
def _city_events() -> tuple[object, ...]:
    """The city's events, recorded once through ``execute`` (every test starts from a copy)."""
    alliance = new_alliance()
    for member_id, kind in MEMBERS.items():
        alliance.execute(join(member_id, JOINED, kind=kind))
    for member_id in (*LEAD_SCHOOLS, "college", "college-2"):
        alliance.execute(RecordOfstedOutcome(member_id, grade("Outstanding")))
    for member_id in SUPPORTING:
        alliance.execute(RecordOfstedOutcome(member_id, grade("Good")))
    return tuple(recorded.event for recorded in alliance.log.read_stream(alliance.stream_id))


def city(url: str = "memory://") -> Partnership:
    """The alliance with members of every kind; the lead schools and colleges are graded
    Outstanding, the supporting schools Good."""
    alliance = Partnership(open_log(url, plugins=plugins()), "alliance")
    copy_events(_city_events(), alliance)
    return alliance


def copy_events(events: Iterable[object], target: Partnership) -> None:
    """Append ``events`` to ``target``'s empty stream, each effective on its own date."""
    pending = [Pending(event, effective_date=event.effective_date) for event in events]  # type: ignore[attr-defined]
    target.log.append(target.stream_id, pending, expected_version=0)


def proposed(url: str = "memory://") -> Partnership:
    """The city with a teaching school proposed."""
    alliance = city(url)
    alliance.execute(ProposeTeachingSchool("Manchester Teaching School", PROPOSED))
    return alliance


def grouped(lead: int = 4, supporting: int = 6) -> Partnership:
    """A proposal whose lead group is ``lead`` schools and the college, with ``supporting``
    schools supporting it (all placed on DAY)."""
    alliance = proposed()
    for member_id in (*LEAD_SCHOOLS[:lead], "college"):
        alliance.execute(PlaceInProposal(member_id, Group.LEAD, DAY))
    for member_id in SUPPORTING[:supporting]:
        alliance.execute(PlaceInProposal(member_id, Group.SUPPORTING, DAY))
    return alliance


def pack(alliance: Partnership, day: date) -> ManchesterView:
    """The pack's view as of ``day``."""
    view: ManchesterView = alliance.as_of(day).pack("manchester")
    return view


def ids(members: Iterable[Member]) -> list[str]:
    """The member ids of ``members``, in order."""
    return [member.member_id for member in members]


def refused(alliance: Partnership, command: object, rule: str) -> str:
    """``command`` breaks ``rule`` and appends nothing; the message."""
    return str(assert_refused(alliance.log, alliance, command, rule))


# -- members of many kinds ---------------------------------------------------------------------


def test_members_of_every_kind_join_through_the_core_and_are_counted_by_kind() -> None:
    """002_*.txt: "members will include representatives from schools, the council, businesses,
    industry, health partners, and higher and further education"."""
    by_kind = pack(city(), DAY).members_by_kind()
    assert {kind: len(members) for kind, members in by_kind.items()} == {
        K.NURSERY: 1,
        K.PRIMARY: 6,
        K.SECONDARY: 6,
        K.SPECIAL: 2,
        K.COLLEGE: 2,
        K.COUNCIL: 1,
        K.BUSINESS: 1,
        K.HEALTH: 1,
        K.UNIVERSITY: 1,
    }
    assert pack(city(), JOINED - timedelta(days=1)).members_by_kind() == {}


def test_only_schools_take_part_in_the_core_s_school_rules() -> None:
    """The core keeps the rotating chair among schools (G2): "Led by schools themselves"."""
    view = city().as_of(DAY)
    candidates = view.governance.next_chair()
    assert candidates is not None
    assert candidates.kind.is_school


# -- MAN1, MAN7: the proposal and its submission -----------------------------------------------


def test_one_teaching_school_is_proposed_with_a_name() -> None:
    """MAN1, 002_*.txt: "establish a Manchester Teaching School"."""
    alliance = proposed()
    assert "already proposed on 2012-12-03" in refused(
        alliance, ProposeTeachingSchool("Another", DAY), "MAN1"
    )
    assert "a name" in refused(city(), ProposeTeachingSchool("  ", DAY), "MAN1")
    assert "before the alliance was formed" in refused(
        city(), ProposeTeachingSchool("Early", FORMED - timedelta(days=1)), "MAN1"
    )
    proposal = pack(alliance, DAY).state.proposal
    assert proposal is not None
    assert (proposal.name, proposal.proposed_on) == ("Manchester Teaching School", PROPOSED)
    assert pack(alliance, PROPOSED - timedelta(days=1)).state.proposal is None


def test_groups_need_a_proposal() -> None:
    """MAN6: a group of the proposal exists only once a teaching school is proposed."""
    assert "no teaching school is proposed" in refused(
        city(), PlaceInProposal("lead-1", Group.LEAD, DAY), "MAN6"
    )


def test_the_submission_records_the_groups_as_they_stood_and_fixes_them() -> None:
    """MAN7, 002_*.txt: "A proposal to set up the Teaching School, including an application for
    funding to do so will be made to the National College"."""
    alliance = grouped()
    submitted_on = DAY + timedelta(days=30)
    alliance.execute(SubmitTeachingSchoolProposal(submitted_on, Money.pounds(60000)))
    submission = pack(alliance, submitted_on).teaching_school.submission()
    assert submission is not None
    assert submission.lead == (*LEAD_SCHOOLS[:4], "college")
    assert submission.supporting == SUPPORTING[:6]
    assert submission.funding_requested == Money.pounds(60000)
    assert pack(alliance, submitted_on - timedelta(days=1)).teaching_school.submission() is None
    later = submitted_on + timedelta(days=1)
    assert "can no longer change" in refused(
        alliance, PlaceInProposal(SUPPORTING[6], Group.SUPPORTING, later), "MAN7"
    )
    refused(alliance, LeaveProposalGroup(SUPPORTING[0], later), "MAN7")
    refused(alliance, SubmitTeachingSchoolProposal(later, Money.pounds(1)), "MAN7")


@pytest.mark.parametrize("amount", [Money.zero(), Money.pounds(-5), 60000])
def test_the_submission_asks_for_funding(amount: object) -> None:
    """MAN7: "including an application for funding": more than £0, as Money."""
    refused(grouped(), SubmitTeachingSchoolProposal(DAY, amount), "MAN7")  # type: ignore[arg-type]


def test_the_submission_comes_on_or_after_the_last_change_to_the_groups() -> None:
    """MAN7: the proposal is submitted as the groups stand, so not before they last changed."""
    assert "date order" in refused(
        grouped(), SubmitTeachingSchoolProposal(DAY - timedelta(days=1), Money.pounds(1)), "MAN7"
    )


# -- MAN2-MAN5: the lead and supporting groups ------------------------------------------------


def test_the_lead_group_is_small() -> None:
    """MAN2, 002_*.txt: "led by a small group of outstanding Manchester schools and one
    outstanding sixth form college": at most LEAD_GROUP_LIMIT (6) members, our reading."""
    alliance = grouped(lead=LEAD_GROUP_LIMIT - 1)
    assert len(pack(alliance, DAY).teaching_school.lead()) == LEAD_GROUP_LIMIT
    message = refused(alliance, PlaceInProposal(LEAD_SCHOOLS[-1], Group.LEAD, DAY), "MAN2")
    assert f"{LEAD_GROUP_LIMIT} at most" in message


@pytest.mark.parametrize(
    "outcome",
    [
        None,
        grade("Good"),
        grade("Outstanding", scale="report-card"),
        grade("Outstanding", date(2014, 1, 1)),
    ],
    ids=["none", "good", "report-card", "graded-later"],
)
def test_lead_members_are_outstanding_on_the_day(outcome: OfstedOutcome | None) -> None:
    """MAN3, 002_*.txt: "a small group of outstanding Manchester schools": the latest Ofsted
    outcome by the day grades overall effectiveness Outstanding (single-word scale)."""
    alliance = proposed()
    alliance.execute(join("new-school", JOINED, kind=K.PRIMARY))
    if outcome is not None:
        alliance.execute(RecordOfstedOutcome("new-school", outcome))
    assert "not Outstanding" in refused(
        alliance, PlaceInProposal("new-school", Group.LEAD, DAY), "MAN3"
    )


def test_a_lead_member_no_longer_outstanding_shows_and_blocks_the_submission() -> None:
    """MAN3: a lead school regraded Good shows in the view, and the proposal cannot go with it."""
    alliance = grouped()
    regraded = DAY + timedelta(days=10)
    alliance.execute(RecordOfstedOutcome("lead-2", grade("Good", regraded)))
    assert ids(pack(alliance, regraded).teaching_school.not_outstanding()) == ["lead-2"]
    assert pack(alliance, regraded - timedelta(days=1)).teaching_school.not_outstanding() == []
    refused(alliance, SubmitTeachingSchoolProposal(regraded, Money.pounds(1)), "MAN3")
    alliance.execute(LeaveProposalGroup("lead-2", regraded))
    alliance.execute(SubmitTeachingSchoolProposal(regraded, Money.pounds(1)))


@pytest.mark.parametrize("member_id", ["council", "business", "university", "health"])
def test_the_lead_group_is_schools_and_a_college(member_id: str) -> None:
    """MAN4, 002_*.txt: "outstanding Manchester schools and one outstanding sixth form college"."""
    alliance = proposed()
    alliance.execute(RecordOfstedOutcome(member_id, grade("Outstanding")))
    assert "schools and one sixth form college" in refused(
        alliance, PlaceInProposal(member_id, Group.LEAD, DAY), "MAN4"
    )


def test_the_lead_group_takes_one_sixth_form_college() -> None:
    """MAN4: "and one outstanding sixth form college": a second college is refused."""
    alliance = grouped(lead=1)
    assert "takes one" in refused(alliance, PlaceInProposal("college-2", Group.LEAD, DAY), "MAN4")


def test_the_submitted_lead_group_has_its_college_and_a_school() -> None:
    """MAN4: the proposal goes with exactly one college and at least one school leading."""
    no_college = proposed()
    for member_id in (*LEAD_SCHOOLS[:2], *SUPPORTING[:4]):
        group = Group.LEAD if member_id in LEAD_SCHOOLS else Group.SUPPORTING
        no_college.execute(PlaceInProposal(member_id, group, DAY))
    assert "2 schools and 0 colleges" in refused(
        no_college, SubmitTeachingSchoolProposal(DAY, Money.pounds(1)), "MAN4"
    )
    only_college = grouped(lead=0, supporting=3)
    assert "0 schools and 1 colleges" in refused(
        only_college, SubmitTeachingSchoolProposal(DAY, Money.pounds(1)), "MAN4"
    )


@pytest.mark.parametrize("member_id", ["college", "nursery", "council", "business"])
def test_the_supporting_group_is_primary_secondary_and_special_schools(member_id: str) -> None:
    """MAN5, 002_*.txt: "supported by a larger group of very good primary, secondary and
    special schools"."""
    assert "primary, secondary and special schools" in refused(
        proposed(), PlaceInProposal(member_id, Group.SUPPORTING, DAY), "MAN5"
    )


def test_the_supporting_group_is_larger_than_the_lead_group() -> None:
    """MAN5: "supported by a larger group": at submission, more supporting than leading."""
    alliance = grouped(lead=4, supporting=5)
    message = refused(alliance, SubmitTeachingSchoolProposal(DAY, Money.pounds(1)), "MAN5")
    assert "supporting group (5) must be larger than the lead group (5)" in message
    alliance.execute(PlaceInProposal(SUPPORTING[5], Group.SUPPORTING, DAY))
    alliance.execute(SubmitTeachingSchoolProposal(DAY, Money.pounds(1)))


# -- MAN6: one group each, members of the alliance -------------------------------------------


def test_a_member_is_in_one_group_only() -> None:
    """MAN6, 002_*.txt: "led by" one group, "supported by" the other: never both."""
    alliance = grouped()
    message = refused(alliance, PlaceInProposal("lead-1", Group.SUPPORTING, DAY), "MAN6")
    assert "in the lead group already" in message
    refused(alliance, PlaceInProposal("lead-1", Group.LEAD, DAY), "MAN6")
    moved_on = DAY + timedelta(days=7)
    alliance.execute(LeaveProposalGroup("lead-1", moved_on))
    alliance.execute(PlaceInProposal("lead-1", Group.SUPPORTING, moved_on))
    before, after = pack(alliance, DAY).teaching_school, pack(alliance, moved_on).teaching_school
    assert "lead-1" in ids(before.lead())
    assert "lead-1" not in ids(before.supporting())
    assert "lead-1" not in ids(after.lead())
    assert ids(after.supporting())[-1] == "lead-1"


def test_group_members_are_members_of_the_alliance() -> None:
    """MAN6: the groups are of the alliance's members: a stranger is refused, and a member that
    leaves the alliance drops out of its group from the day after its leaving date (M3)."""
    alliance = grouped()
    assert "never joined" in refused(
        alliance, PlaceInProposal("stranger", Group.SUPPORTING, DAY), "MAN6"
    )
    alliance.execute(GiveNotice("support-1", DAY))
    leaves_on = alliance.state().membership.members["support-1"].memberships[-1].leaves_on
    assert leaves_on is not None
    assert "support-1" in ids(pack(alliance, leaves_on).teaching_school.supporting())
    after = pack(alliance, leaves_on + timedelta(days=1)).teaching_school.supporting()
    assert "support-1" not in ids(after)


def test_group_changes_are_recorded_in_date_order() -> None:
    """MAN6: a change dated before the groups last changed is refused (several on one day are
    fine)."""
    alliance = grouped()
    assert "date order" in refused(
        alliance, PlaceInProposal(SUPPORTING[6], Group.SUPPORTING, DAY - timedelta(days=1)), "MAN6"
    )
    assert "neither group" in refused(alliance, LeaveProposalGroup(SUPPORTING[7], DAY), "MAN6")


def test_the_groups_as_of_a_day() -> None:
    """MAN2-MAN6: the groups are answered as of any day, in the order their members joined."""
    alliance = proposed()
    alliance.execute(PlaceInProposal("lead-1", Group.LEAD, DAY))
    alliance.execute(PlaceInProposal("college", Group.LEAD, DAY + timedelta(days=1)))
    alliance.execute(PlaceInProposal("support-1", Group.SUPPORTING, DAY + timedelta(days=2)))
    assert ids(pack(alliance, DAY).teaching_school.lead()) == ["lead-1"]
    assert ids(pack(alliance, DAY + timedelta(days=1)).teaching_school.lead()) == [
        "lead-1",
        "college",
    ]
    assert pack(alliance, DAY + timedelta(days=1)).teaching_school.supporting() == []
    assert ids(pack(alliance, DAY + timedelta(days=2)).teaching_school.supporting()) == [
        "support-1"
    ]
    assert pack(city(), DAY).teaching_school.lead() == []


# -- MAN8, MAN9: the think tank ----------------------------------------------------------------

THINK_TANK_DAY = date(2013, 2, 1)


def seated() -> Partnership:
    """The city with each sector represented from THINK_TANK_DAY."""
    return seat(city())


def seat(alliance: Partnership) -> Partnership:
    """``alliance`` with each sector represented from THINK_TANK_DAY."""
    for sector, member_id in (
        (Sector.EDUCATION, "lead-1"),
        (Sector.BUSINESS, "business"),
        (Sector.CREATIVE_INDUSTRIES, "business"),
        (Sector.POLITICS, "council"),
    ):
        alliance.execute(
            AppointRepresentative(sector, f"rep-{sector.value}", member_id, THINK_TANK_DAY)
        )
    return alliance


def test_the_think_tank_has_a_representative_per_sector() -> None:
    """MAN8, 002_*.txt: "an 'education think tank' with representatives from education,
    business, creative industries and politics"."""
    think_tank = pack(seated(), THINK_TANK_DAY).think_tank
    assert [(r.sector, r.person, r.member.member_id) for r in think_tank.representatives()] == [
        (Sector.EDUCATION, "rep-education", "lead-1"),
        (Sector.BUSINESS, "rep-business", "business"),
        (Sector.CREATIVE_INDUSTRIES, "rep-creative_industries", "business"),
        (Sector.POLITICS, "rep-politics", "council"),
    ]
    assert think_tank.vacant() == []
    before = pack(seated(), THINK_TANK_DAY - timedelta(days=1)).think_tank
    assert (before.representatives(), before.vacant()) == ([], list(Sector))


@pytest.mark.parametrize(
    ("sector", "member_id"),
    [
        (Sector.POLITICS, "business"),
        (Sector.BUSINESS, "council"),
        (Sector.CREATIVE_INDUSTRIES, "university"),
        (Sector.EDUCATION, "health"),
    ],
)
def test_a_representative_comes_from_a_member_of_the_sector_s_kind(
    sector: Sector, member_id: str
) -> None:
    """MAN8: education from schools, colleges and universities; business and creative
    industries from businesses; politics from the council (our reading)."""
    message = refused(city(), AppointRepresentative(sector, "rep", member_id, DAY), "MAN8")
    assert f"{sector.label} is represented from a member of kind" in message


def test_a_representative_comes_from_a_member_of_the_alliance() -> None:
    """MAN8: the think tank is the alliance's: strangers, people without ids, sectors that are
    not the document's and datetimes are refused."""
    alliance = city()
    refused(alliance, AppointRepresentative(Sector.BUSINESS, "rep", "stranger", DAY), "MAN8")
    refused(alliance, AppointRepresentative(Sector.BUSINESS, "", "business", DAY), "MAN8")
    bad_sector = AppointRepresentative("sport", "rep", "business", DAY)  # type: ignore[arg-type]
    assert "Sector.EDUCATION" in refused(alliance, bad_sector, "MAN8")
    refused(
        alliance,
        AppointRepresentative(Sector.BUSINESS, "rep", "business", JOINED - timedelta(days=1)),
        "MAN8",
    )


def test_representatives_are_replaced_over_time_one_per_sector_at_a_time() -> None:
    """MAN9: a new appointment replaces the sitting representative from its date."""
    alliance = seated()
    replaced_on = date(2015, 9, 1)
    alliance.execute(AppointRepresentative(Sector.EDUCATION, "dean", "university", replaced_on))
    before = pack(alliance, replaced_on - timedelta(days=1)).think_tank
    after = pack(alliance, replaced_on).think_tank
    assert before.representative(Sector.EDUCATION) == Representative(
        Sector.EDUCATION,
        "rep-education",
        alliance.state().membership.members["lead-1"],
        THINK_TANK_DAY,
    )
    now = after.representative(Sector.EDUCATION)
    assert now is not None
    assert (now.person, now.member.member_id, now.since) == ("dean", "university", replaced_on)
    assert [seat.person for seat in after.think_tank.history(Sector.EDUCATION)] == [
        "rep-education",
        "dean",
    ]


def test_think_tank_changes_are_in_date_order_and_change_someone() -> None:
    """MAN9: one representative at a time, so changes go in date order and name someone new."""
    alliance = seated()
    assert "date order" in refused(
        alliance, AppointRepresentative(Sector.POLITICS, "other", "council", THINK_TANK_DAY), "MAN9"
    )
    later = THINK_TANK_DAY + timedelta(days=5)
    assert "represents politics already" in refused(
        alliance, AppointRepresentative(Sector.POLITICS, "rep-politics", "council", later), "MAN9"
    )


def test_a_representative_stands_down_and_the_seat_is_vacant() -> None:
    """MAN9: standing down leaves the sector without a representative until a new one."""
    alliance = seated()
    stood_down = date(2014, 7, 31)
    alliance.execute(StandDownRepresentative(Sector.BUSINESS, stood_down))
    assert pack(alliance, stood_down).think_tank.vacant() == [Sector.BUSINESS]
    assert pack(alliance, stood_down - timedelta(days=1)).think_tank.vacant() == []
    assert "nobody represents business" in refused(
        alliance, StandDownRepresentative(Sector.BUSINESS, stood_down + timedelta(days=1)), "MAN9"
    )
    refused(alliance, StandDownRepresentative(Sector.POLITICS, THINK_TANK_DAY), "MAN9")


def test_a_seat_whose_member_left_the_alliance_shows_vacant() -> None:
    """MAN8: a representative comes from a member of the alliance: when it leaves, the seat is
    shown vacant from the day after its leaving date."""
    alliance = seated()
    alliance.execute(GiveNotice("business", DAY))
    leaves_on = alliance.state().membership.members["business"].memberships[-1].leaves_on
    assert leaves_on is not None
    assert pack(alliance, leaves_on).think_tank.vacant() == []
    gone = pack(alliance, leaves_on + timedelta(days=1)).think_tank
    assert gone.vacant() == [Sector.BUSINESS, Sector.CREATIVE_INDUSTRIES]


# -- MAN10, MAN11: the SEP and its chair --------------------------------------------------------

SEP_DAY = date(2012, 11, 15)
NEW_LEADER_DAY = date(2021, 12, 1)


def sep() -> Partnership:
    """The city with its SEP, led by the council, chaired by the Leader from SEP_DAY."""
    alliance = city()
    alliance.execute(EstablishSep("council", SEP_DAY))
    alliance.execute(RecordCouncilLeader("council", "leader", SEP_DAY))
    alliance.execute(AppointSepChair("leader", SEP_DAY))
    return alliance


def test_the_sep_is_led_by_the_city_council_once() -> None:
    """MAN10, 002_*.txt: "a new Strategic Education Partnership (SEP) that will be led by the
    city council"."""
    alliance = sep()
    council = pack(alliance, SEP_DAY).sep.council()
    assert council is not None
    assert council.member_id == "council"
    assert pack(alliance, SEP_DAY - timedelta(days=1)).sep.council() is None
    assert "established already" in refused(alliance, EstablishSep("council", DAY), "MAN10")
    assert "not the council" in refused(city(), EstablishSep("business", DAY), "MAN10")
    refused(city(), EstablishSep("stranger", DAY), "MAN10")


def test_the_sep_is_chaired_by_the_leader_of_the_council() -> None:
    """MAN11, 002_*.txt: "It will be chaired by the Leader of the Council"."""
    alliance = city()
    alliance.execute(EstablishSep("council", SEP_DAY))
    assert "give RecordCouncilLeader first" in refused(
        alliance, AppointSepChair("leader", SEP_DAY), "MAN11"
    )
    alliance.execute(RecordCouncilLeader("council", "leader", SEP_DAY))
    message = refused(alliance, AppointSepChair("deputy-leader", SEP_DAY), "MAN11")
    assert "who on 2012-11-15 is 'leader'" in message
    alliance.execute(AppointSepChair("leader", SEP_DAY))
    view = pack(alliance, SEP_DAY).sep
    assert view.chair() == SepChairAppointed("leader", SEP_DAY)
    assert view.chair_needs_replacing() is None
    refused(alliance, AppointSepChair("leader", SEP_DAY + timedelta(days=1)), "MAN11")


def test_the_chair_needs_an_sep_and_a_leader_of_a_council() -> None:
    """MAN11: no SEP, no chair; Leaders are recorded for council members only."""
    alliance = city()
    assert "give EstablishSep first" in refused(
        alliance, AppointSepChair("leader", SEP_DAY), "MAN11"
    )
    assert "not the council" in refused(
        alliance, RecordCouncilLeader("business", "leader", SEP_DAY), "MAN11"
    )
    refused(alliance, RecordCouncilLeader("council", "", SEP_DAY), "MAN11")


def test_a_new_leader_must_be_appointed_chair() -> None:
    """MAN11: when the Leader of the Council changes, the view says the chair must change, until
    the new Leader is appointed; the old Leader can no longer be appointed."""
    alliance = sep()
    alliance.people.put(Person("leader", "Leader of the Council"))
    alliance.people.put(Person("new-leader", "Leader from December 2021"))
    alliance.execute(RecordCouncilLeader("council", "new-leader", NEW_LEADER_DAY))
    assert pack(alliance, NEW_LEADER_DAY - timedelta(days=1)).sep.chair_needs_replacing() is None
    problem = pack(alliance, NEW_LEADER_DAY).sep.chair_needs_replacing()
    assert problem == (
        "Leader of the Council chairs the SEP, but the Leader of the Council is Leader from "
        "December 2021: appoint the Leader as chair"
    )
    refused(alliance, AppointSepChair("leader", date(2022, 1, 17)), "MAN11")
    alliance.execute(AppointSepChair("new-leader", date(2022, 1, 17)))
    assert pack(alliance, date(2022, 1, 17)).sep.chair_needs_replacing() is None
    assert pack(alliance, date(2022, 1, 16)).sep.chair() == SepChairAppointed("leader", SEP_DAY)


def test_leaders_are_recorded_in_date_order_and_change_someone() -> None:
    """MAN11: the Leader's record goes in date order, each a new person."""
    alliance = sep()
    assert "date order" in refused(
        alliance, RecordCouncilLeader("council", "other", SEP_DAY), "MAN11"
    )
    assert "leads Council already" in refused(
        alliance, RecordCouncilLeader("council", "leader", DAY), "MAN11"
    )


def test_a_new_leader_takes_office_after_the_chair_s_appointment() -> None:
    """MAN11: the chair was appointed as the Leader of that day, so a new Leader's record
    cannot take effect on or before that day (it would unseat the check made then)."""
    alliance = sep()
    chair_day = SEP_DAY + timedelta(days=3)
    alliance.execute(RecordCouncilLeader("council", "interim", SEP_DAY + timedelta(days=1)))
    alliance.execute(AppointSepChair("interim", chair_day))
    assert "Council's Leader last changed on 2012-11-18" in refused(
        alliance, RecordCouncilLeader("council", "other", chair_day), "MAN11"
    )
    alliance.execute(RecordCouncilLeader("council", "other", chair_day + timedelta(days=1)))


def test_an_sep_without_a_chair_says_so() -> None:
    """MAN11: a Leader recorded and no chair yet: the view asks for the Leader to be appointed."""
    alliance = city()
    alliance.execute(EstablishSep("council", SEP_DAY))
    alliance.execute(RecordCouncilLeader("council", "leader", SEP_DAY))
    problem = pack(alliance, SEP_DAY).sep.chair_needs_replacing()
    assert problem == "the SEP has no chair: appoint the Leader of the Council, (unknown)"


# -- plumbing ----------------------------------------------------------------------------------


def test_the_pack_registers_its_events_under_its_name() -> None:
    """The pack's events are named ``manchester.*`` and recorded in the alliance's stream."""
    alliance = seated()
    last = list(alliance.log.read_stream(alliance.stream_id))[-1]
    assert last.event_type == "manchester.representative_appointed"
    assert all(
        event_type.name.startswith("manchester.")
        for event_type in manchester.MANCHESTER.event_types
    )


def test_the_core_state_ignores_the_pack_s_events() -> None:
    """The pack extends the domain through hooks only: the core's state is untouched."""
    alliance = city()
    before = alliance.state()
    alliance.execute(ProposeTeachingSchool("Manchester Teaching School", PROPOSED))
    assert alliance.state() == before


def test_evolve_is_total() -> None:
    """A group change with no proposal (a log that lost it) and unknown events change nothing."""
    state = ManchesterState()
    assert evolve(state, ProposalGroupJoined("lead-1", Group.LEAD, DAY)) == state
    assert evolve(state, object()) == state
    assert state.is_empty()


def test_the_pack_state_is_snapshotted_with_the_core_s(tmp_path: Path) -> None:
    """The pack's state_type structures every part of its state (a snapshot round trip)."""
    alliance = grouped()
    alliance.execute(SubmitTeachingSchoolProposal(DAY, Money.pounds(60000)))
    url = f"sqlite:///{tmp_path / 'alliance.sqlite3'}"
    copy = Partnership(open_log(url, plugins=plugins()), "alliance")
    copy_events((r.event for r in alliance.log.read_stream(alliance.stream_id)), copy)
    for command in (
        EstablishSep("council", SEP_DAY),
        RecordCouncilLeader("council", "leader", SEP_DAY),
        AppointRepresentative(Sector.POLITICS, "rep", "council", THINK_TANK_DAY),
        StandDownRepresentative(Sector.POLITICS, THINK_TANK_DAY + timedelta(days=1)),
    ):
        copy.execute(command)
    projection = copy.runners[PACK.name].projection
    copy.log.snapshot(copy.stream_id, projection)
    loaded = load_state(copy.log, projection, copy.stream_id)
    assert loaded is not None
    core, state = loaded.state
    assert core == copy.state()
    assert state == copy.log.load(copy.stream_id, projection).state[1]
    assert state.proposal is not None
    assert state.proposal.submission is not None


def _attribute_docstrings() -> set[str]:
    """Module-level names of the pack followed by a string literal (an attribute docstring)."""
    modules = [manchester] + [
        importlib.import_module(f"hom_plugins.packs.manchester.{info.name}")
        for info in pkgutil.iter_modules(manchester.__path__)
    ]
    documented: set[str] = set()
    for module in modules:
        body = ast.parse(inspect.getsource(module)).body
        for statement, following in itertools.pairwise(body):
            if not (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)):
                continue
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign):
                targets = [statement.target]
            else:
                continue
            documented |= {target.id for target in targets if isinstance(target, ast.Name)}
    return documented


@pytest.mark.parametrize("name", manchester.__all__)
def test_every_public_name_is_documented(name: str) -> None:
    """The pack's public API (its ``__all__``) is documented, as hom_core's is."""
    value = getattr(manchester, name)
    if inspect.isclass(value) or inspect.isfunction(value):
        doc = vars(value).get("__doc__") if inspect.isclass(value) else value.__doc__
        assert doc
        assert doc.strip()
        assert not doc.startswith(f"{name}(")
    else:
        assert name in _attribute_docstrings()
