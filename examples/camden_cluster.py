"""The 1 3 5 Cluster, Camden, 2014-2018: Collaborative Enquiries, peer heads, joint training.

    python examples/camden_cluster.py [--url sqlite:///camden.sqlite3]

Records the cluster's history (once: a log that already holds it is only replayed) and prints
the answers to its questions on a few dates, read back from the log. Uses the ``camden`` domain
pack (``hom_plugins.packs.camden``): through its entry point when installed, else registered here.

From the cluster's description of its work (the rulebook: ``docs/rulebook/camden.md``): the four
primaries (Fleet, Gospel Oak, Rhyl, Netley), a loose partnership managed by the heads and chaired by
each head in turn; an annual Collaborative Enquiry per school led by its head, usually with the
Camden Professional Partner as outside observer, and a peer head from another cluster school; its
focus the school's improvement focus; findings that are strengths and areas for development; joint
staff training sessions for leadership teams, teachers, SENDCos, school business managers, governors
and subject leaders; the cluster's start in assessment.

Invented, because the document does not say: every date, each school's improvement focus and
findings, who served as peer head when (the head of a school further on in turn, a different
one each year), Netley's enquiry of 2015/16 without an observer, the sessions and who led them,
a new head at Rhyl from September 2016 (the former head is then erased, and shows as
forgotten), and the people, who appear only as role titles ("Headteacher, Fleet Primary
School") in the erasable people store.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from heart_of_manchester import record_once, run
from hom_core import Plugins, RuleViolation
from hom_core.application import Partnership
from hom_core.domain import (
    AcademicYear,
    AppointRoleHolder,
    FormPartnership,
    JoinPartnership,
    OrganisationKind,
    PeopleStore,
    Person,
    Role,
    RotateChair,
)
from hom_plugins.packs import camden
from hom_plugins.packs.camden import (
    CamdenView,
    HoldEnquiry,
    HoldTrainingSession,
    Observer,
    RecordFindings,
    RecordImprovementFocus,
    StaffGroup,
)

PARTNERSHIP = "camden-135"
SCHOOLS = {
    "fleet": "Fleet Primary School",
    "gospel-oak": "Gospel Oak Primary School",
    "rhyl": "Rhyl Primary School",
    "netley": "Netley Primary School",
}
YEARS = (2014, 2015, 2016, 2017)
# each school's improvement focus, one a year from 2014/15
FOCI = {
    "fleet": (
        "Reading for pleasure in Key Stage 2",
        "Reasoning in mathematics",
        "Writing at greater depth in Year 6",
        "Vocabulary in the Early Years",
    ),
    "gospel-oak": (
        "Assessment without levels",
        "Outdoor learning in the Early Years",
        "Challenge for the most able in mathematics",
        "Oracy across the curriculum",
    ),
    "rhyl": (
        "Phonics in Key Stage 1",
        "Feedback that moves learning on",
        "Scientific enquiry",
        "Attendance and punctuality",
    ),
    "netley": (
        "Mastery in mathematics",
        "Provision for pupils with SEND",
        "Reading comprehension in Key Stage 2",
        "Sequencing the foundation subjects",
    ),
}
ENQUIRY_MONTHS = (10, 12, 2, 4)
"""The month of each school's enquiry, in the order of SCHOOLS (spring months: the next year)."""
# (title, leading schools, staff, month): each school year's joint staff training sessions
SESSIONS = (
    ("Moderating writing", ("fleet", "rhyl"), (StaffGroup.TEACHERS,), 11),
    ("The SEND Code of Practice", ("gospel-oak",), (StaffGroup.SENDCOS,), 1),
    ("Budget planning and procurement", ("netley",), (StaffGroup.BUSINESS_MANAGERS,), 3),
    ("Reading the school's assessment data", ("fleet",), (StaffGroup.GOVERNORS,), 5),
    (
        "Leading mastery in mathematics",
        ("netley", "gospel-oak"),
        (StaffGroup.LEADERSHIP_TEAMS, StaffGroup.SUBJECT_LEADERS),
        6,
    ),
)
PROFESSIONAL_PARTNER = "person-camden-professional-partner"
NEW_RHYL_HEAD = "person-rhyl-head-2016"
NEW_HEAD_FROM = date(2016, 9, 1)


def person(member_id: str, role: Role) -> str:
    """The opaque id of the person holding ``role`` at a school."""
    return f"person-{member_id}-{role.value}"


def record_people(people: PeopleStore) -> None:
    """Names live outside the log, where they can be erased."""
    people.put(Person(PROFESSIONAL_PARTNER, "Professional Partner, Camden"))
    people.put(Person(NEW_RHYL_HEAD, "Headteacher from 2016, Rhyl Primary School"))
    for member_id, name in SCHOOLS.items():
        for role, title in ((Role.HEAD, "Headteacher"), (Role.CHAIR_OF_GOVERNORS, "Chair")):
            people.put(Person(person(member_id, role), f"{title}, {name}"))


def head_of(hom: Partnership, member_id: str, day: date) -> str:
    """The school's head on ``day``, as the log has it."""
    member = hom.as_of(day).state.membership.members[member_id]
    head = member.holder_on(Role.HEAD, day)
    assert head is not None, f"{member_id} has a head from the day it joined"
    return head


def history(hom: Partnership) -> Iterator[object]:
    """The cluster's commands, in the order they were recorded; each is executed before the
    next is made, so later commands can ask the log (who is head of which school)."""
    yield FormPartnership("The 1 3 5 Cluster Partnership Group", date(2014, 6, 2))
    for member_id, name in SCHOOLS.items():
        yield JoinPartnership(
            member_id,
            name,
            OrganisationKind.PRIMARY,
            head=person(member_id, Role.HEAD),
            chair_of_governors=person(member_id, Role.CHAIR_OF_GOVERNORS),
            partnership_chair=person("fleet", Role.HEAD),
            signed_on=date(2014, 6, 16),
        )
    for year in YEARS:
        yield from school_year(hom, year)


def school_year(hom: Partnership, year: int) -> Iterator[object]:
    """One academic year, September ``year`` to August ``year + 1``."""
    if date(year, 9, 1) == NEW_HEAD_FROM:
        yield AppointRoleHolder("rhyl", Role.HEAD, NEW_RHYL_HEAD, NEW_HEAD_FROM)
    yield RotateChair(date(year, 9, 1))  # "chaired by each Head in turn"
    schools = list(SCHOOLS)
    for member_id in schools:
        yield RecordImprovementFocus(
            member_id, AcademicYear(year), FOCI[member_id][year - YEARS[0]], date(year, 9, 12)
        )
    for title, led_by, staff, month in SESSIONS:
        yield HoldTrainingSession(date(year + (month < 9), month, 20), title, led_by, staff)
    for index, member_id in enumerate(schools):
        month = ENQUIRY_MONTHS[index]
        held_on = date(year + (month < 9), month, 8)
        peer = schools[(index + 1 + year % 3) % len(schools)]
        observer = (
            None
            if (member_id, year) == ("netley", 2015)
            else Observer(PROFESSIONAL_PARTNER, "Camden Professional Partner")
        )
        yield HoldEnquiry(member_id, held_on, head_of(hom, peer, held_on), observer)
        if year < YEARS[-1]:  # the last year's findings are still to be written up
            yield findings(member_id, year, held_on)


def findings(member_id: str, year: int, held_on: date) -> RecordFindings:
    """The findings of a school's enquiry, written up three weeks after it."""
    focus = FOCI[member_id][year - YEARS[0]]
    return RecordFindings(
        member_id,
        AcademicYear(year),
        held_on + timedelta(weeks=3),
        strengths=(f"{focus}: leaders' clear plan", "Pupils' positive attitudes to learning"),
        areas_for_development=(f"{focus}: consistency across year groups",),
    )


def record(hom: Partnership) -> int:
    """Record the history unless the log holds it already; the number of commands recorded.

    Afterwards Rhyl's former head asks to be forgotten: the log keeps their id, the people
    store no longer their name.
    """
    count = record_once(hom, record_people, history(hom))
    if count:
        hom.forget(person("rhyl", Role.HEAD), on=date(2018, 1, 8))
    return count


def print_enquiries(camden_view: CamdenView) -> None:
    """This year's enquiries, and the schools still to have theirs."""
    name_of, year = camden_view.partnership.name_of, camden_view.academic_year
    for enquiry in camden_view.enquiries(year):
        held = enquiry.held
        observer = "no observer" if held.observer is None else name_of(held.observer.person)
        print(
            f"  {camden_view.school_name(held.member_id)} on {held.held_on}: {held.focus!r}; "
            f"led by {name_of(held.lead)}; peer head {name_of(held.peer_head)}; {observer}"
        )
    waiting = [member.name for member in camden_view.not_had_enquiry()]
    print(f"not had their enquiry in {year}: {', '.join(waiting) or 'none'}")


def report(hom: Partnership, day: date) -> None:
    """Print the cluster's answers on ``day``."""
    view = hom.as_of(day)
    camden_view: CamdenView = view.pack("camden")
    print(f"\n== {day} ==")
    chair, next_chair = view.governance.chair(), view.governance.next_chair()
    if chair is not None:
        print(f"chair: {chair.school} ({view.name_of(chair.head)}), until {chair.until}")
    print(f"next chair: {next_chair.name if next_chair else 'none eligible'}")
    print(f"enquiries of {camden_view.academic_year}:")
    print_enquiries(camden_view)
    print("peer heads (times served):")
    for head in camden_view.peer_heads():
        print(f"  {head.name}: {head.times}")
    print("findings per school:")
    for member_id, enquiries in camden_view.findings_by_school().items():
        years = ", ".join(str(enquiry.held.academic_year) for enquiry in enquiries)
        latest = enquiries[-1].findings
        assert latest is not None
        print(f"  {camden_view.school_name(member_id)} ({years}); latest:")
        print(f"    strengths: {'; '.join(latest.strengths)}")
        print(f"    areas for development: {'; '.join(latest.areas_for_development)}")
    sessions = camden_view.training_sessions(camden_view.academic_year)
    print(f"training sessions this year: {len(sessions)}")
    for session in sessions:
        led_by = " and ".join(camden_view.school_name(school) for school in session.led_by)
        staff = ", ".join(group.label for group in session.staff)
        print(f"  {session.held_on} {session.title!r}, led by {led_by}, for {staff}")


def history_of(hom: Partnership, member_id: str, day: date) -> None:
    """Print a school's enquiry history as of ``day``."""
    camden_view: CamdenView = hom.as_of(day).pack("camden")
    print(f"\nenquiry history of {camden_view.school_name(member_id)} (as of {day}):")
    for enquiry in camden_view.enquiry_history(member_id):
        held, written = enquiry.held, enquiry.findings
        findings_on = "not yet recorded" if written is None else str(written.recorded_on)
        print(f"  {held.academic_year} {held.held_on} {held.focus!r}: findings {findings_on}")


def refused(hom: Partnership, day: date) -> None:
    """CAM3: a head cannot be the peer head of their own school's enquiry; nothing is
    appended."""
    own_head = head_of(hom, "netley", day)
    try:
        hom.execute(HoldEnquiry("netley", day, peer_head=own_head))
    except RuleViolation as error:
        print(f"\nrefused: {error}")


def plugins() -> Plugins:
    """The installed plugins, with the camden pack registered here if it is not installed."""
    found = Plugins()
    if not any(info.name == "camden" and info.status == "loaded" for info in found.info()):
        found.register(camden, "camden")
    return found


def answers(hom: Partnership) -> None:
    """Print the cluster's answers on a few days, a school's enquiry history and a refusal."""
    for day in (date(2015, 3, 1), date(2017, 7, 20), date(2018, 3, 1)):
        report(hom, day)
    history_of(hom, "rhyl", date(2018, 7, 20))
    refused(hom, date(2018, 9, 20))


def main(argv: list[str] | None = None) -> None:
    """Record (once) and report the history on the log at ``--url``."""
    run(argv, __doc__, PARTNERSHIP, record, answers, "sqlite:///camden.sqlite3", plugins())


if __name__ == "__main__":
    main()
