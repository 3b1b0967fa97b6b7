"""The 1 3 5 Cluster, Camden pack (hom_plugins.packs.camden), from ``003_*.txt``: Collaborative
Enquiries (CAM1-CAM6), joint staff training sessions (CAM7), its questions as of a day, and the
pack's plumbing (hooks, snapshots, the core state untouched).

States are built through ``Partnership.execute``; a refused command appends nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from domain_strategies import assert_refused
from hom_core import Plugins, RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.domain import (
    FORGOTTEN,
    AcademicYear,
    AppointRoleHolder,
    FormPartnership,
    GiveNotice,
    OrganisationKind,
    Person,
    Role,
    RotateChair,
)
from hom_core.projections import load_state
from hom_core.testing.strategies import join
from hom_plugins.packs import camden, partnership
from hom_plugins.packs.camden import (
    CAMDEN,
    PACK,
    CamdenState,
    CamdenView,
    HoldEnquiry,
    HoldTrainingSession,
    Observer,
    RecordFindings,
    RecordImprovementFocus,
    StaffGroup,
)
from hom_plugins.packs.camden.events import EnquiryHeld, FindingsRecorded
from hom_plugins.storage import memory, sqlite

evolve = CAMDEN.evolve

FORMED = date(2014, 6, 2)
SCHOOLS = ("fleet", "gospel-oak", "rhyl", "netley")
"""The document's four primaries, in the order they join (a day apart from 2014-06-16)."""
Y14, Y15 = AcademicYear(2014), AcademicYear(2015)
PARTNER = Observer("camden-professional-partner", "Camden Professional Partner")
FOCUS_DAY = date(2014, 9, 12)
DAY = date(2014, 11, 5)
"""An enquiry day of 2014/15."""


def head(member_id: str) -> str:
    """The head each school joins with (``domain_strategies.join``)."""
    return f"head-of-{member_id}"


def plugins() -> Plugins:
    """The builtin storage and partnership plugins, and the camden pack, registered by hand."""
    manager = Plugins(entry_points=False)
    for module in (memory, sqlite, partnership):
        manager.register(module)
    manager.register(camden, "camden")
    return manager


def cluster(url: str = "memory://", schools: tuple[str, ...] = SCHOOLS) -> Partnership:
    """003: "a loose partnership" of the four primaries, each joined with its head."""
    hom = Partnership(open_log(url, plugins=plugins()), "camden-135")
    hom.execute(FormPartnership("The 1 3 5 Cluster Partnership Group", FORMED))
    for offset, member_id in enumerate(schools):
        hom.execute(join(member_id, date(2014, 6, 16) + timedelta(days=offset)))
    return hom


def focused(
    hom: Partnership, member_id: str, year: AcademicYear = Y14, focus: str = "Reading"
) -> None:
    """Record ``member_id``'s improvement focus for ``year`` on 12 September."""
    hom.execute(RecordImprovementFocus(member_id, year, focus, date(year.start, 9, 12)))


def enquiry(
    member_id: str,
    peer: str,
    day: date = DAY,
    *,
    lead: str | None = None,
    focus: str | None = None,
) -> HoldEnquiry:
    """``member_id``'s enquiry on ``day`` with the head of ``peer`` and the Professional
    Partner."""
    return HoldEnquiry(member_id, day, head(peer), PARTNER, lead, focus)


def held(hom: Partnership, member_id: str, day: date = DAY) -> EnquiryHeld:
    """How ``member_id``'s enquiry of ``day``'s academic year was held, as of ``day``."""
    found = camden_on(hom, day).enquiry(member_id)
    assert found is not None
    return found.held


def refused(hom: Partnership, command: object, rule: str) -> RuleViolation:
    """``command`` breaks ``rule``: a RuleViolation citing it, and nothing appended."""
    return assert_refused(hom.log, hom, command, rule)


def camden_on(hom: Partnership, day: date) -> CamdenView:
    """The pack's questions as of ``day``."""
    view: CamdenView = hom.as_of(day).pack("camden")
    return view


# -- CAM1: an annual enquiry per member school -------------------------------------------------


def test_cam1_one_enquiry_per_school_per_academic_year() -> None:
    """003: "an annual School Review. We have called these reviews 'Collaborative Enquiries'"."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    error = refused(hom, enquiry("fleet", "netley", date(2015, 6, 1)), "CAM1")
    assert "had its enquiry of 2014/15 on 2014-11-05" in str(error)
    focused(hom, "fleet", Y15)
    hom.execute(enquiry("fleet", "netley", date(2015, 10, 1)))
    history = camden_on(hom, date(2016, 1, 1)).enquiry_history("fleet")
    assert [enquiry.held.academic_year for enquiry in history] == [Y14, Y15]


def test_cam1_the_year_of_an_enquiry_is_the_calendar_s_academic_year() -> None:
    """003: "annual": 31 August and 1 September fall in different school years (C1)."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(RecordImprovementFocus("fleet", Y15, "Writing", date(2015, 7, 10)))
    hom.execute(enquiry("fleet", "rhyl", date(2015, 8, 31)))
    hom.execute(enquiry("fleet", "rhyl", date(2015, 9, 1)))
    years = [e.held.academic_year for e in camden_on(hom, date(2015, 9, 1)).enquiries()]
    assert years == [Y14, Y15]


def test_cam1_only_a_member_school_on_the_day_has_an_enquiry() -> None:
    """003: "The schools within the partnership are: Fleet, Gospel Oak, Rhyl, Netley"."""
    hom = cluster(schools=("fleet", "rhyl"))
    focused(hom, "fleet")
    assert "never joined" in str(refused(hom, enquiry("never-joined", "rhyl"), "CAM1"))
    refused(hom, enquiry("fleet", "rhyl", date(2014, 6, 1)), "CAM1")  # before it joined
    hom.execute(GiveNotice("fleet", date(2014, 8, 20)))  # leaves on 31 Dec 2014 (M2)
    assert "not a member" in str(refused(hom, enquiry("fleet", "rhyl", date(2015, 1, 5)), "CAM1"))
    hom.execute(join("camden-council", date(2014, 9, 1), kind=OrganisationKind.COUNCIL))
    assert "not a school" in str(refused(hom, enquiry("camden-council", "rhyl"), "CAM1"))


# -- CAM2: led by the school's own head --------------------------------------------------------


def test_cam2_the_lead_is_the_school_s_head_on_the_day() -> None:
    """003: "They are led by the Head Teacher"; a new head leads once appointed."""
    hom = cluster()
    focused(hom, "fleet")
    focused(hom, "rhyl")
    hom.execute(enquiry("fleet", "rhyl", lead=head("fleet")))
    assert held(hom, "fleet").lead == head("fleet")
    hom.execute(AppointRoleHolder("rhyl", Role.HEAD, "new-head-of-rhyl", date(2014, 10, 1)))
    hom.execute(enquiry("rhyl", "fleet"))
    assert held(hom, "rhyl").lead == "new-head-of-rhyl"


def test_cam2_another_lead_is_refused() -> None:
    """003: "led by the Head Teacher": not by the deputy, nor by the former head."""
    hom = cluster()
    focused(hom, "rhyl")
    hom.execute(AppointRoleHolder("rhyl", Role.HEAD, "new-head-of-rhyl", date(2014, 10, 1)))
    error = refused(hom, enquiry("rhyl", "fleet", lead=head("rhyl")), "CAM2")
    assert "led by Rhyl's own head, new-head-of-rhyl" in str(error)


# -- CAM3: a peer head from a different member school ------------------------------------------


def test_cam3_the_peer_head_is_recorded_with_their_school() -> None:
    """003: "a peer Head Teacher from one of the Cluster Schools completes the team"."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "netley"))
    assert (held(hom, "fleet").peer_head, held(hom, "fleet").peer_member_id) == (
        head("netley"),
        "netley",
    )


@pytest.mark.parametrize(
    ("peer_head", "why"),
    [
        (head("fleet"), "head of Fleet itself"),  # the school under enquiry
        ("deputy-of-rhyl", "not the head of another member school"),
        (head("rhyl"), "not the head of another member school"),  # Rhyl's former head
        (head("netley"), "not the head of another member school"),  # Netley has left
        ("someone", "not the head of another member school"),
    ],
)
def test_cam3_a_peer_head_from_the_same_or_no_member_school_is_refused(
    peer_head: str, why: str
) -> None:
    """003: "a peer Head Teacher from one of the Cluster Schools": another school's head."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(AppointRoleHolder("rhyl", Role.DEPUTY_HEAD, "deputy-of-rhyl", FOCUS_DAY))
    hom.execute(AppointRoleHolder("rhyl", Role.HEAD, "new-head-of-rhyl", FOCUS_DAY))
    hom.execute(GiveNotice("netley", date(2014, 6, 20)))  # leaves on 31 Dec 2014 (M2)
    command = HoldEnquiry("fleet", date(2015, 1, 15), peer_head, PARTNER)
    assert why in str(refused(hom, command, "CAM3"))


# -- CAM4: the outside observer ----------------------------------------------------------------


def test_cam4_an_outside_observer_is_recorded_with_their_role() -> None:
    """003: "usually an outside observer such as the Camden Professional Partner"."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    assert held(hom, "fleet").observer == PARTNER


def test_cam4_usually_an_observer_so_an_enquiry_may_have_none() -> None:
    """003: "usually an outside observer": an enquiry without one is recorded as such."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(HoldEnquiry("fleet", DAY, head("rhyl")))
    assert held(hom, "fleet").observer is None


@pytest.mark.parametrize(
    ("person", "why"),
    [
        ("chair-of-rhyl", "chair of governors of Rhyl"),
        (head("netley"), "head of Netley"),
        ("deputy-of-fleet", "deputy head of Fleet"),
        ("", "give the person id"),
    ],
)
def test_cam4_an_observer_from_a_member_school_is_refused(person: str, why: str) -> None:
    """003: "an outside observer": nobody holding a role at one of the cluster's schools."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(AppointRoleHolder("fleet", Role.DEPUTY_HEAD, "deputy-of-fleet", FOCUS_DAY))
    command = HoldEnquiry("fleet", DAY, head("rhyl"), Observer(person))
    assert why in str(refused(hom, command, "CAM4"))


# -- CAM5: the focus is the school's improvement focus -----------------------------------------


def test_cam5_the_enquiry_takes_the_school_s_improvement_focus() -> None:
    """003: "The focus is something particular to each school and their School Improvement
    focus"."""
    hom = cluster()
    focused(hom, "fleet", focus="Reading for pleasure")
    hom.execute(enquiry("fleet", "rhyl"))
    hom.execute(RecordImprovementFocus("rhyl", Y14, "Phonics", FOCUS_DAY))
    hom.execute(enquiry("rhyl", "fleet", focus=" Phonics "))
    view = camden_on(hom, DAY)
    assert [e.held.focus for e in view.enquiries()] == ["Reading for pleasure", "Phonics"]
    assert view.improvement_focus("fleet") == "Reading for pleasure"
    assert view.improvement_focus("netley") is None


def test_cam5_no_focus_recorded_or_another_focus_is_refused() -> None:
    """003: the focus is "their School Improvement focus", recorded before the enquiry."""
    hom = cluster()
    error = refused(hom, enquiry("fleet", "rhyl"), "CAM5")
    assert "record it with RecordImprovementFocus first" in str(error)
    hom.execute(RecordImprovementFocus("fleet", Y14, "Reading", DAY + timedelta(days=1)))
    refused(hom, enquiry("fleet", "rhyl"), "CAM5")  # recorded only after the enquiry's day
    focused(hom, "fleet", focus="Reading")
    error = refused(hom, enquiry("fleet", "rhyl", focus="Maths"), "CAM5")
    assert "improvement focus for 2014/15 is 'Reading', not 'Maths'" in str(error)


def test_cam5_a_changed_focus_counts_from_its_day_and_stands_once_the_enquiry_is_held() -> None:
    """003: the school's improvement focus for the year, as it stood on the enquiry's day."""
    hom = cluster()
    focused(hom, "fleet", focus="Reading")
    hom.execute(RecordImprovementFocus("fleet", Y14, "Writing", date(2014, 10, 1)))
    hom.execute(enquiry("fleet", "rhyl", date(2014, 9, 20)))  # back-dated: before the change
    assert held(hom, "fleet").focus == "Reading"
    assert camden_on(hom, date(2014, 9, 30)).improvement_focus("fleet") == "Reading"
    assert camden_on(hom, DAY).improvement_focus("fleet") == "Writing"
    error = refused(hom, RecordImprovementFocus("fleet", Y14, "Maths", DAY), "CAM5")
    assert "enquiry of 2014/15 was held on 2014-09-20" in str(error)


def test_cam5_a_focus_is_recorded_for_a_member_school_once() -> None:
    """003: "particular to each school": one of the cluster's schools, a focus given once."""
    hom = cluster()
    focused(hom, "fleet", focus="Reading")
    refused(hom, RecordImprovementFocus("fleet", Y14, "Reading ", DAY), "CAM5")
    refused(hom, RecordImprovementFocus("fleet", Y14, "  ", DAY), "CAM5")
    refused(hom, RecordImprovementFocus("never-joined", Y14, "Reading", DAY), "CAM5")


# -- CAM6: findings ----------------------------------------------------------------------------


def test_cam6_findings_are_strengths_and_areas_for_development_recorded_after_the_enquiry() -> None:
    """003: "highlighting strengths across the schools but also in identifying further areas
    for improvement and development"."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    later = DAY + timedelta(days=14)
    hom.execute(RecordFindings("fleet", Y14, later, (" Early reading ",), ("Boys' writing",)))
    assert camden_on(hom, later - timedelta(days=1)).findings_by_school() == {}
    found = camden_on(hom, later).findings_by_school()
    assert list(found) == ["fleet"]
    findings = found["fleet"][0].findings
    assert findings == FindingsRecorded("fleet", Y14, later, ("Early reading",), ("Boys' writing",))


@pytest.mark.parametrize(
    ("command", "why"),
    [
        (RecordFindings("rhyl", Y14, DAY, ("A",)), "no enquiry of Rhyl in 2014/15"),
        (RecordFindings("fleet", Y15, DAY, ("A",)), "no enquiry of Fleet in 2015/16"),
        (RecordFindings("fleet", Y14, DAY - timedelta(days=1), ("A",)), "recorded after it"),
        (RecordFindings("fleet", Y14, DAY), "give at least one"),
        (RecordFindings("fleet", Y14, DAY, ("A",), (" ",)), "no empty ones"),
    ],
)
def test_cam6_findings_without_an_enquiry_before_it_or_empty_are_refused(
    command: RecordFindings, why: str
) -> None:
    """003: findings come out of an enquiry: "strengths" and "areas for ... development"."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    assert why in str(refused(hom, command, "CAM6"))


def test_cam6_findings_are_recorded_once() -> None:
    """003: an enquiry's findings, once written up, stand."""
    hom = cluster()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    hom.execute(RecordFindings("fleet", Y14, DAY, ("A",)))
    assert "were recorded on 2014-11-05" in str(
        refused(hom, RecordFindings("fleet", Y14, DAY, (), ("B",)), "CAM6")
    )


# -- CAM7: joint staff training sessions -------------------------------------------------------


def test_cam7_sessions_led_by_member_schools_for_groups_of_staff_several_a_day() -> None:
    """003: "leading joint staff training sessions" for "teaching staff, SENDCo's, School
    Business Managers and Governors": one school or several lead; two sessions may share a
    day (the core's joint training days, T1, are one a day and have no audience)."""
    hom = cluster()
    hom.execute(
        HoldTrainingSession(DAY, "SEND Code of Practice", ("gospel-oak",), (StaffGroup.SENDCOS,))
    )
    staff = (StaffGroup.TEACHERS, StaffGroup.SUBJECT_LEADERS)
    hom.execute(HoldTrainingSession(DAY, " Moderating writing ", ("fleet", "rhyl"), staff))
    sessions = camden_on(hom, DAY).training_sessions(Y14)
    assert [(s.title, s.led_by, s.staff) for s in sessions] == [
        ("SEND Code of Practice", ("gospel-oak",), (StaffGroup.SENDCOS,)),
        ("Moderating writing", ("fleet", "rhyl"), staff),
    ]
    assert camden_on(hom, DAY).training_sessions(Y15) == ()
    assert camden_on(hom, DAY - timedelta(days=1)).training_sessions() == ()


@pytest.mark.parametrize(
    ("command", "why"),
    [
        (HoldTrainingSession(DAY, " ", ("fleet",), (StaffGroup.TEACHERS,)), "needs a title"),
        (HoldTrainingSession(DAY, "T", (), (StaffGroup.TEACHERS,)), "led_by"),
        (HoldTrainingSession(DAY, "T", ("fleet", "fleet"), (StaffGroup.TEACHERS,)), "led_by"),
        (HoldTrainingSession(DAY, "T", ("fleet",), ()), "in staff"),
        (
            HoldTrainingSession(DAY, "T", ("fleet",), (StaffGroup.GOVERNORS,) * 2),
            "in staff",
        ),
        (HoldTrainingSession(DAY, "T", ("elsewhere",), (StaffGroup.TEACHERS,)), "never joined"),
        (
            HoldTrainingSession(date(2014, 6, 1), "T", ("fleet",), (StaffGroup.TEACHERS,)),
            "not a member",
        ),
        (
            HoldTrainingSession(DAY, "Phonics", ("rhyl",), (StaffGroup.TEACHERS,)),
            "already recorded",
        ),
    ],
)
def test_cam7_a_session_without_title_leaders_or_staff_or_recorded_twice_is_refused(
    command: HoldTrainingSession, why: str
) -> None:
    """003: sessions are led by the cluster's schools ("leading joint staff training
    sessions") for its "leadership teams, teaching staff, SENDCo's, ..."."""
    hom = cluster()
    hom.execute(HoldTrainingSession(DAY, "Phonics", ("fleet",), (StaffGroup.TEACHERS,)))
    assert why in str(refused(hom, command, "CAM7"))


# -- the questions, as of a day ----------------------------------------------------------------


def test_not_had_enquiry_lists_member_schools_in_joining_order_as_of_the_day() -> None:
    """003: "an annual School Review" per school: which member school has not had its
    enquiry this academic year (members only, in joining order)."""
    hom = cluster()
    for member_id in SCHOOLS:
        focused(hom, member_id)
    hom.execute(enquiry("rhyl", "fleet", date(2014, 10, 6)))
    hom.execute(enquiry("fleet", "netley", date(2014, 12, 1)))
    hom.execute(GiveNotice("netley", date(2014, 8, 20)))  # leaves on 31 Dec 2014 (M2)
    hom.execute(join("brookfield", date(2015, 1, 5)))
    waiting = {
        day: [m.member_id for m in camden_on(hom, day).not_had_enquiry()]
        for day in (date(2014, 10, 5), date(2014, 10, 6), date(2014, 12, 1), date(2015, 1, 5))
    }
    assert waiting == {
        date(2014, 10, 5): ["fleet", "gospel-oak", "rhyl", "netley"],
        date(2014, 10, 6): ["fleet", "gospel-oak", "netley"],
        date(2014, 12, 1): ["gospel-oak", "netley"],
        date(2015, 1, 5): ["gospel-oak", "brookfield"],
    }
    next_year = camden_on(hom, date(2015, 9, 1))
    assert [m.member_id for m in next_year.not_had_enquiry()] == [
        "fleet",
        "gospel-oak",
        "rhyl",
        "brookfield",
    ]
    assert next_year.academic_year == Y15


def test_peer_heads_by_person_how_often_named_or_forgotten() -> None:
    """003: "a peer Head Teacher from one of the Cluster Schools": who has served, how often."""
    hom = cluster()
    hom.people.put(Person(head("rhyl"), "Ms Rhyl"))
    hom.people.put(Person(head("fleet"), "Mr Fleet"))
    for member_id in SCHOOLS:
        focused(hom, member_id)
        focused(hom, member_id, Y15)
    hom.execute(enquiry("fleet", "rhyl", date(2014, 10, 1)))
    hom.execute(enquiry("gospel-oak", "fleet", date(2014, 11, 1)))
    hom.execute(enquiry("netley", "rhyl", date(2014, 12, 1)))
    hom.execute(enquiry("rhyl", "netley", date(2015, 10, 1)))
    view = camden_on(hom, date(2016, 1, 1))
    served = [(p.person, p.name, p.times, p.schools) for p in view.peer_heads()]
    assert served == [
        (head("rhyl"), "Ms Rhyl", 2, ("fleet", "netley")),
        (head("fleet"), "Mr Fleet", 1, ("gospel-oak",)),
        (head("netley"), "(unknown)", 1, ("rhyl",)),
    ]
    assert [p.person for p in view.peer_heads(Y15)] == [head("netley")]
    assert [p.times for p in camden_on(hom, date(2014, 11, 1)).peer_heads()] == [1, 1]
    hom.forget(head("rhyl"))
    assert camden_on(hom, date(2016, 1, 1)).peer_heads()[0].name == FORGOTTEN


def test_enquiry_history_and_findings_per_school() -> None:
    """003: the reviews have been "incredibly valuable so far in highlighting strengths ...
    but also in identifying further areas for improvement": each school's history."""
    hom = cluster()
    for year, day in ((Y14, date(2014, 10, 1)), (Y15, date(2015, 10, 1))):
        focused(hom, "gospel-oak", year, f"Focus {year}")
        hom.execute(enquiry("gospel-oak", "fleet", day))
    hom.execute(RecordFindings("gospel-oak", Y14, date(2014, 10, 20), ("S",), ("A",)))
    view = camden_on(hom, date(2016, 1, 1))
    history = view.enquiry_history("gospel-oak")
    assert [(e.held.focus, e.findings is not None) for e in history] == [
        ("Focus 2014/15", True),
        ("Focus 2015/16", False),
    ]
    assert view.enquiry_history("fleet") == ()
    assert {k: [e.held.academic_year for e in v] for k, v in view.findings_by_school().items()} == {
        "gospel-oak": [Y14]
    }
    assert view.enquiry("gospel-oak", Y14) == history[0]
    assert camden_on(hom, date(2015, 9, 30)).enquiry_history("gospel-oak") == history[:1]


def test_the_chair_rotates_among_the_heads_with_the_core_rotation() -> None:
    """003: "managed collectively by the Head Teachers of each school, chaired by each Head in
    turn": the core's rotating chair (G2), in joining order, a school year each."""
    hom = cluster()
    chairs = []
    for year in range(2014, 2019):
        hom.execute(RotateChair(date(year, 9, 1)))
        chair = hom.as_of(date(year, 9, 1)).governance.chair()
        assert chair is not None
        chairs.append((chair.member_id, chair.head))
    order = [*SCHOOLS, SCHOOLS[0]]
    assert chairs == [(member_id, head(member_id)) for member_id in order]


# -- the pack's plumbing -----------------------------------------------------------------------


def test_the_plugin_registers_the_events_pack_and_report_sections() -> None:
    """The pack extends the domain only through hooks, as a third party would."""
    manager = plugins()
    assert manager.domain_packs()["camden"] is PACK
    names = {event_type.name for event_type in manager.event_types()}
    assert {
        "camden.improvement_focus_recorded",
        "camden.enquiry_held",
        "camden.findings_recorded",
        "camden.training_session_held",
    } <= names
    assert [s.name for s in manager.report_sections() if s.name.startswith("camden")] == [
        "camden-enquiries",
        "camden-peer-heads",
        "camden-training",
    ]
    assert {"HoldEnquiry", "RecordFindings"} <= set(cluster().command_types())


def test_the_core_state_ignores_the_pack_events() -> None:
    """The pack's events share the partnership's stream; the core's state passes them by."""
    hom = cluster()
    before = hom.state()
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    assert hom.state() == before


def test_evolve_is_total() -> None:
    """Findings for an enquiry the state has not seen, and core events, change nothing."""
    state = CamdenState()
    assert evolve(state, FindingsRecorded("fleet", Y14, DAY, ("S",), ())) == state
    assert evolve(state, GiveNotice("fleet", DAY)) == state


def test_the_core_and_camden_states_survive_a_snapshot(tmp_path: Path) -> None:
    """The pack's state (enquiries with observers and findings, sessions with staff groups)
    is stored in a snapshot beside the core's and read back equal."""
    hom = cluster(f"sqlite:///{tmp_path / 'camden.sqlite3'}")
    focused(hom, "fleet")
    hom.execute(enquiry("fleet", "rhyl"))
    hom.execute(RecordFindings("fleet", Y14, DAY, ("S",), ("A",)))
    hom.execute(HoldTrainingSession(DAY, "Phonics", ("fleet",), (StaffGroup.TEACHERS,)))
    projection = hom.runners[PACK.name].projection
    taken = hom.log.snapshot(hom.stream_id, projection)
    loaded = load_state(hom.log, projection, hom.stream_id)
    assert loaded is not None
    assert loaded.state == taken.state
    core, own = loaded.state
    assert core == hom.state()
    assert own == camden_on(hom, date(2015, 1, 1)).state
    assert own.enquiries[0].findings is not None
