"""The Manchester Schools' Alliance and Strategic Education Partnership, with the Heart of
Manchester Partnership as one of its members.

    python examples/manchester_alliance.py [--url sqlite:///manchester.sqlite3]

Records (once: a log that holds them already is only replayed) the alliance's history and, in
the same log, the Heart of Manchester Partnership's (built by ``heart_of_manchester.py``), then
prints the alliance's answers on a few dates: its members by kind, every school it reaches
directly or through the partnership, the think tank, the teaching school groups and the SEP.

From the council's announcement (the rulebook: ``docs/rulebook/manchester.md``): members of many
kinds (schools, a sixth form college, Manchester City Council, businesses and industry, health
partners, universities); a Manchester Teaching School proposed to the National College with an
application for funding, led by outstanding schools and one outstanding sixth form college and
supported by a larger group of primary, secondary and special schools; a think tank of
representatives from education, business, creative industries and politics; the SEP led by the city
council and chaired by the Leader of the Council; the Executive Member for Children's Services.

Invented, because the document does not say: every date (though Manchester's Leader of the
Council did change on 1 December 2021, the document names no Leader), the schools, college,
businesses, health partner and universities, their names and URNs (from 900001, which no school
has), the Ofsted grades, the £60,000 asked for, who sits in the think tank and when they were
replaced, who chairs the alliance, and that Heart of Manchester, Webster and Claremont joined the
alliance. People appear only as role titles, in the erasable people store.

A school signs by its head and chair of governors (M1); the council, the college, businesses,
health partners, universities and the Heart of Manchester Partnership join with neither, on the
alliance chairperson's signature.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import heart_of_manchester as hom_example
import hom_plugins.packs.manchester as manchester
from hom_core import Plugins
from hom_core.application import Partnership
from hom_core.domain import (
    FormPartnership,
    JoinPartnership,
    Money,
    OfstedOutcome,
    OrganisationKind,
    PeopleStore,
    Person,
    Policies,
    RecordOfstedOutcome,
    Role,
    Urn,
)
from hom_plugins.packs.manchester import (
    AppointRepresentative,
    AppointSepChair,
    EstablishSep,
    Group,
    PlaceInProposal,
    ProposeTeachingSchool,
    Reach,
    RecordCouncilLeader,
    Sector,
    SubmitTeachingSchoolProposal,
)

ALLIANCE = "manchester-schools-alliance"
FORMED_ON = date(2012, 11, 1)
COUNCIL = "manchester-city-council"
PRIMARY, SECONDARY = OrganisationKind.PRIMARY, OrganisationKind.SECONDARY
SPECIAL, COLLEGE = OrganisationKind.SPECIAL, OrganisationKind.COLLEGE
BUSINESS, UNIVERSITY = OrganisationKind.BUSINESS, OrganisationKind.UNIVERSITY

# member id: (name, kind, URN or None)
MEMBERS: dict[str, tuple[str, OrganisationKind, str | None]] = {
    COUNCIL: ("Manchester City Council", OrganisationKind.COUNCIL, None),
    "northbrook": ("Northbrook Primary School", PRIMARY, "900001"),
    "irkside": ("Irkside High School", SECONDARY, "900002"),
    "medlock": ("Medlock Special School", SPECIAL, "900003"),
    "ship-canal": ("Ship Canal High School", SECONDARY, "900004"),
    "city-college": ("City Sixth Form College", COLLEGE, "900005"),
    "ancoats": ("Ancoats Primary School", PRIMARY, "900006"),
    "blackley": ("Blackley Primary School", PRIMARY, "900007"),
    "gorton": ("Gorton High School", SECONDARY, "900008"),
    "harpurhey": ("Harpurhey Primary School", PRIMARY, "900009"),
    "moston": ("Moston Special School", SPECIAL, "900010"),
    "levenshulme": ("Levenshulme Primary School", PRIMARY, "900011"),
    "newton-heath": ("Newton Heath High School", SECONDARY, "900012"),
    "irwell-engineering": ("Irwell Engineering", BUSINESS, None),
    "mill-digital": ("Mill Digital Studios", BUSINESS, None),
    "city-health": ("City Health Partners", OrganisationKind.HEALTH, None),
    "city-university": ("City University", UNIVERSITY, None),
    "metropolitan": ("Metropolitan University", UNIVERSITY, None),
}
HOM_SCHOOLS_ALSO_DIRECT = ("webster", "claremont")
"""Heart of Manchester schools that are members of the alliance themselves too."""
LEAD = ("northbrook", "irkside", "medlock", "ship-canal", "city-college")
SUPPORTING = ("ancoats", "blackley", "gorton", "harpurhey", "moston", "levenshulme", "newton-heath")
OUTSTANDING = OfstedOutcome(
    date(2012, 6, 20), "single-word", (("overall effectiveness", "Outstanding"),)
)
LEADER, NEW_LEADER = "person-leader-of-the-council", "person-leader-of-the-council-2021"
EXECUTIVE_MEMBER = "person-executive-member-childrens-services"
CHAIRPERSON = "person-alliance-chairperson"
"""Who signs every member's agreement for the alliance (M1)."""


def signatories(member_id: str, kind: OrganisationKind) -> tuple[str | None, str | None]:
    """M1: the opaque ids of the head and chair of governors who sign for a member school;
    ``(None, None)`` for a member of another kind."""
    if not kind.is_school:
        return None, None
    return f"person-{member_id}-head", f"person-{member_id}-chair-of-governors"


def think_tank_person(sector: Sector, number: int = 1) -> str:
    """The opaque id of a think tank representative."""
    return f"person-think-tank-{sector.value}-{number}"


def record_people(people: PeopleStore) -> None:
    """Names live outside the log, where they can be erased: here, role titles."""
    people.put(Person(CHAIRPERSON, "Chairperson, Manchester Schools' Alliance"))
    for member_id, (name, kind, _) in MEMBERS.items():
        head, chair = signatories(member_id, kind)
        if head is not None and chair is not None:
            people.put(Person(head, f"Headteacher, {name}"))
            people.put(Person(chair, f"Chair of governors, {name}"))
    people.put(Person(LEADER, "Leader of the Council, Manchester City Council"))
    people.put(Person(NEW_LEADER, "Leader of the Council from December 2021"))
    people.put(Person(EXECUTIVE_MEMBER, "Executive Member for Children's Services"))
    for sector, number, title in (
        (Sector.EDUCATION, 1, "Headteacher, Northbrook Primary School"),
        (Sector.EDUCATION, 2, "Dean of Education, City University"),
        (Sector.BUSINESS, 1, "Director, Irwell Engineering"),
        (Sector.CREATIVE_INDUSTRIES, 1, "Creative Director, Mill Digital Studios"),
    ):
        people.put(Person(think_tank_person(sector, number), title))


def joins() -> Iterator[JoinPartnership]:
    """Every member's agreement is signed by the alliance's chairperson, and a school's also by
    its head and chair of governors (M1); the other members record neither."""
    for member_id, (name, kind, urn) in MEMBERS.items():
        head, chair = signatories(member_id, kind)
        yield JoinPartnership(
            member_id,
            name,
            kind,
            head=head,
            chair_of_governors=chair,
            partnership_chair=CHAIRPERSON,
            signed_on=date(2012, 11, 5),
            urn=None if urn is None else Urn(urn),
        )
    for member_id in HOM_SCHOOLS_ALSO_DIRECT:
        name, kind, urn, *_ = hom_example.SCHOOLS[member_id]
        yield JoinPartnership(
            member_id,
            name,
            kind,
            head=hom_example.person(member_id, Role.HEAD),
            chair_of_governors=hom_example.person(member_id, Role.CHAIR_OF_GOVERNORS),
            partnership_chair=CHAIRPERSON,
            signed_on=date(2013, 1, 14),
            urn=Urn(urn),
        )
    yield JoinPartnership(
        hom_example.PARTNERSHIP,
        "Heart of Manchester Partnership",
        OrganisationKind.PARTNERSHIP,
        head=None,
        chair_of_governors=None,
        partnership_chair=CHAIRPERSON,
        signed_on=date(2013, 9, 16),
    )


def history() -> Iterator[object]:
    """The alliance's commands in the order the clerk recorded them."""
    yield FormPartnership("Manchester Schools' Alliance", FORMED_ON, Policies())
    yield from joins()
    yield EstablishSep(COUNCIL, date(2012, 11, 15))
    yield RecordCouncilLeader(COUNCIL, LEADER, date(2012, 11, 15))
    yield AppointSepChair(LEADER, date(2012, 11, 15))
    for member_id in LEAD:
        yield RecordOfstedOutcome(member_id, OUTSTANDING)
    yield ProposeTeachingSchool("Manchester Teaching School", date(2012, 12, 3))
    for member_id in LEAD:
        yield PlaceInProposal(member_id, Group.LEAD, date(2013, 1, 21))
    for member_id in SUPPORTING:
        yield PlaceInProposal(member_id, Group.SUPPORTING, date(2013, 2, 4))
    yield SubmitTeachingSchoolProposal(date(2013, 3, 28), Money.pounds(60000))
    seats = (
        (Sector.EDUCATION, "northbrook"),
        (Sector.BUSINESS, "irwell-engineering"),
        (Sector.CREATIVE_INDUSTRIES, "mill-digital"),
    )
    for sector, member_id in seats:
        yield AppointRepresentative(sector, think_tank_person(sector), member_id, date(2013, 2, 1))
    yield AppointRepresentative(Sector.POLITICS, EXECUTIVE_MEMBER, COUNCIL, date(2013, 2, 1))
    education = think_tank_person(Sector.EDUCATION, 2)
    yield AppointRepresentative(Sector.EDUCATION, education, "city-university", date(2015, 9, 1))
    yield RecordCouncilLeader(COUNCIL, NEW_LEADER, date(2021, 12, 1))
    yield AppointSepChair(NEW_LEADER, date(2022, 1, 17))


def record(alliance: Partnership) -> int:
    """Record the alliance's history and, in the same log, the Heart of Manchester
    Partnership's, unless the log holds them; the number of commands recorded."""
    hom = Partnership(alliance.log, hom_example.PARTNERSHIP, people=alliance.people)
    return hom_example.record(hom) + hom_example.record_once(alliance, record_people, history())


def route_text(reach: Reach, names: dict[str, str]) -> str:
    """How a school is reached: ``direct``, ``through Heart of Manchester Partnership``..."""
    return " and ".join(
        "direct" if not route else "through " + " > ".join(names.get(p, p) for p in route)
        for route in reach.routes
    )


def report(alliance: Partnership, day: date, *, every_school: bool = False) -> None:
    """Print what the alliance would ask on ``day``, across its member partnerships' streams."""
    view = alliance.as_of(day)
    pack: manchester.ManchesterView = view.pack(manchester.NAME)
    print(f"\n== {day} ==")
    by_kind = pack.members_by_kind()
    print("members: " + ", ".join(f"{kind.value} {len(ms)}" for kind, ms in by_kind.items()))
    names = {member.member_id: member.name for member in view.members()}
    reached = manchester.schools_reached(alliance, day)
    through = sum(1 for reach in reached if reach.through)
    print(f"schools reached: {len(reached)} ({through} through member partnerships)")
    if every_school:
        for reach in reached:
            print(f"  {reach.school.name} ({reach.urn}): {route_text(reach, names)}")
    for partnership_id, overlap in manchester.schools_also_direct(alliance, day).items():
        schools = ", ".join(reach.school.name for reach in overlap)
        print(f"also direct members, of {names[partnership_id]}: {schools}")
    counts = manchester.reached_by_kind(alliance, day)
    print("schools reached by kind: " + ", ".join(f"{k.value} {n}" for k, n in counts.items()))
    for representative in pack.think_tank.representatives():
        print(
            f"think tank, {representative.sector.label}: {view.name_of(representative.person)} "
            f"({representative.member.name}, since {representative.since})"
        )
    groups = pack.teaching_school
    print("teaching school lead group: " + ", ".join(m.name for m in groups.lead()))
    print(f"supporting group: {len(groups.supporting())} schools")
    submission = groups.submission()
    if submission is not None:
        print(f"submitted on {submission.submitted_on}, asking for {submission.funding_requested}")
    chair = pack.sep.chair()
    print(f"SEP chair: {view.name_of(chair.person) if chair else 'none'}")
    problem = pack.sep.chair_needs_replacing()
    if problem is not None:
        print(f"WARNING: {problem}")


def plugins() -> Plugins:
    """The installed plugins, with the Manchester pack registered by hand if its entry point is
    not installed."""
    installed = Plugins()
    if not installed.manager.has_plugin(manchester.NAME):
        installed.register(manchester, manchester.NAME)
    return installed


def answers(alliance: Partnership) -> None:
    """Print the alliance's answers on a few days (every school it reaches on one of them)."""
    report(alliance, date(2013, 9, 2))
    report(alliance, date(2014, 1, 15), every_school=True)
    report(alliance, date(2016, 9, 1))
    report(alliance, date(2022, 1, 10))
    report(alliance, date(2022, 2, 1))


def main(argv: list[str] | None = None) -> None:
    """Record (once) and report the alliance on the log at ``--url``."""
    url = "sqlite:///manchester.sqlite3"
    hom_example.run(argv, __doc__, ALLIANCE, record, answers, url, plugins())


if __name__ == "__main__":
    main()
