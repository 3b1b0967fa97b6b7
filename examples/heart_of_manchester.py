"""The Heart of Manchester Partnership, 2013-2017: from its agreement to the story four years on.

    python examples/heart_of_manchester.py [--url sqlite:///hom.sqlite3]

Records the partnership's history (once: a log that already holds it is only replayed) and
prints its state on a few dates, read back from the log.

From the documents (the rulebook, ``docs/rulebook/``, lists them): the eight members of the
agreement and the six of the text four years on (St Philip's and Rolls Crescent, the banker school,
are gone); £2 per FTE from the January census; Rolls Crescent holding the funds; the standing
groups; a joint training day in 2013/14 and harmonised days after; annual reviews; networks for
Early Years, SEND, Maths, Reading, Writing, School Business Managers and Attendance; a joint
conference each year with the themes the text gives.

Invented, because the documents do not say: every date, URN, FTE and payment (and a payment
typed wrong and corrected, R1), the order of the chair's rotation (order of joining), the 5%
admin share, who hosted which meeting, and the people, who appear only as role titles
("Headteacher, Webster") in the erasable people store.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal

from hom_core import EventLog, Plugins, open_log, open_people
from hom_core.application import Partnership
from hom_core.application.agenda import agenda
from hom_core.domain import (
    AcademicYear,
    AgreeTrainingDays,
    AppointBanker,
    AppointRoleHolder,
    CallContributions,
    CorrectFact,
    EstablishGroup,
    FinancialYear,
    FormPartnership,
    GiveNotice,
    GroupKind,
    HoldConference,
    HoldMeeting,
    HoldStrategicDirectionMeeting,
    HoldTrainingDay,
    JoinPartnership,
    Money,
    OrganisationKind,
    PeopleStore,
    Person,
    Policies,
    RecordPayment,
    ReportToGovernors,
    ReviewFramework,
    Role,
    RotateChair,
    SpendFunds,
    SubmitCensus,
    TakeDecision,
    Urn,
    Vote,
    agreement_standing_groups,
)
from hom_core.obligations import Status

PARTNERSHIP = "heart-of-manchester"

# member id: (name, kind, URN, full-time pupils at the January 2014 census, part-time pupils)
SCHOOLS = {
    "claremont": ("Claremont Primary", OrganisationKind.PRIMARY, "105412", 402, 26),
    "st-philips": ("St Philip's CE Primary", OrganisationKind.PRIMARY, "105488", 198, 0),
    "st-margarets": ("St Margaret's CE Primary", OrganisationKind.PRIMARY, "105491", 236, 24),
    "webster": ("Webster Primary", OrganisationKind.PRIMARY, "105430", 415, 30),
    "martenscroft": ("Martenscroft Nursery School", OrganisationKind.NURSERY, "105205", 32, 104),
    "divine-mercy": ("The Divine Mercy RC Primary", OrganisationKind.PRIMARY, "105522", 204, 26),
    "rolls-crescent": ("Rolls Crescent Primary", OrganisationKind.PRIMARY, "105418", 221, 20),
    "st-marys": ("St Mary's CE Primary", OrganisationKind.PRIMARY, "105497", 230, 28),
}
CENSUS_DAYS = {2014: date(2014, 1, 16), 2015: date(2015, 1, 15), 2016: date(2016, 1, 14)}
CENSUS_DAYS |= {2017: date(2017, 1, 19)}
CONFERENCES = {
    2014: "Creativity in the Curriculum",
    2015: "Characteristics of Effective Learning",
    2016: "Maths and the Mastery Curriculum",
    2017: "SEND",
}
NETWORKS = ("Early Years", "SEND", "Maths", "Reading", "Writing", "School Business Managers")
NETWORKS += ("Attendance",)
PARTNERSHIP_CHAIR = "person-partnership-chair"


TYPED_WRONG = (2015, "webster")
"""R1: Webster's payment for 2015-16 was typed as £40.00 and corrected a week later by the
banker school's business manager (the record keeps both, and the retraction between them)."""


def person(member_id: str, role: Role) -> str:
    """The opaque id of the person holding ``role`` at a school."""
    return f"person-{member_id}-{role.value}"


def record_people(people: PeopleStore) -> None:
    """Names and contacts live outside the log, where they can be erased."""
    people.put(Person(PARTNERSHIP_CHAIR, "Chair of the Heart of Manchester Partnership"))
    for member_id, (name, *_) in SCHOOLS.items():
        for role in Role:
            title = role.value.replace("_", " ").capitalize().replace("Eyfs", "EYFS")
            people.put(Person(person(member_id, role), f"{title}, {name}"))


def history(hom: Partnership) -> Iterator[object]:
    """The partnership's commands, in the order the clerk recorded them; each is executed
    before the next is made, so later commands can ask the log (who is a member, what is owed)."""
    yield FormPartnership(
        "Heart of Manchester Partnership",
        date(2013, 7, 1),
        Policies(banker_admin_share=Decimal("0.05")),
    )
    for member_id, (name, kind, urn, *_) in SCHOOLS.items():
        yield JoinPartnership(
            member_id,
            name,
            kind,
            head=person(member_id, Role.HEAD),
            chair_of_governors=person(member_id, Role.CHAIR_OF_GOVERNORS),
            partnership_chair=PARTNERSHIP_CHAIR,
            signed_on=date(2013, 7, 10),
            urn=Urn(urn),
        )
        for role in (Role.DEPUTY_HEAD, Role.EYFS_REPRESENTATIVE, Role.BUSINESS_REPRESENTATIVE):
            yield AppointRoleHolder(member_id, role, person(member_id, role), date(2013, 7, 10))
    yield AppointBanker("rolls-crescent", date(2013, 7, 10))
    yield from agreement_standing_groups(date(2013, 7, 10))
    yield AgreeTrainingDays(AcademicYear(2013), date(2013, 7, 10), joint_days=1)
    yield AgreeTrainingDays(AcademicYear(2014), date(2014, 7, 10), harmonised=True)
    for year in range(2013, 2017):
        yield from school_year(hom, year)


def members_on(hom: Partnership, day: date) -> list[str]:
    """The member ids on ``day``, as the log has them."""
    return [member.member_id for member in hom.as_of(day).members()]


def school_year(hom: Partnership, year: int) -> Iterator[object]:
    """One academic year, September ``year`` to August ``year + 1``."""
    members = members_on(hom, date(year, 9, 1))
    yield RotateChair(date(year, 9, 1))
    for offset, group in enumerate(("deputies", "eyfs", "business")):
        for month in (9, 11, 1, 3, 5, 7):
            held_on = date(year + (month < 9), month, 10 + offset)
            yield HoldMeeting(group, held_on, host_member_id=members[month % len(members)])
    if year == 2014:
        for number, network in enumerate(NETWORKS):
            yield EstablishGroup(f"network-{number}", network, GroupKind.NETWORK, date(2014, 9, 2))
    if year >= 2014:  # "groups are chaired by deputies from all the schools" (four years on)
        for number in range(len(NETWORKS)):
            for month in (10, 12, 2, 4, 6, 7):
                host = members[(number + month) % len(members)]
                held_on = date(year + (month < 9), month, 3 + number)
                chair = person(host, Role.DEPUTY_HEAD)
                yield HoldMeeting(f"network-{number}", held_on, host_member_id=host, chair=chair)
    for term_end in (date(year, 12, 3), date(year + 1, 3, 24)):  # governors meet termly (G7)
        for member_id in members_on(hom, term_end):
            yield ReportToGovernors(member_id, term_end)
    yield from funding_year(hom, year + 1)
    census_members = members_on(hom, date(year + 1, 1, 31))
    training_day = date(year + 1, 1, 5)
    yield HoldTrainingDay(training_day, "Moderation of writing", tuple(census_members))
    yield HoldConference(date(year + 1, 6, 19), CONFERENCES[year + 1])
    yield SpendFunds(Money.pounds(1500), date(year + 1, 6, 19), "joint conference venue")
    for member_id in census_members:
        yield ReportToGovernors(member_id, date(year + 1, 6, 24))
    yield TakeDecision(
        f"conference-{year + 2}",
        f"The {year + 2} conference will build on {CONFERENCES[year + 1]!r}",
        date(year + 1, 6, 26),
        tuple((member_id, Vote.FOR) for member_id in census_members),
    )
    yield HoldStrategicDirectionMeeting(date(year + 1, 7, 3), invited=("Local authority",))
    yield ReviewFramework(date(year + 1, 7, 10), "Annual review of the framework")
    if year == 2014:
        yield GiveNotice("st-philips", date(2015, 3, 2))
    if year == 2015:
        yield GiveNotice("rolls-crescent", date(2016, 1, 4))
        yield AppointBanker("claremont", date(2016, 9, 1), appointed_on=date(2016, 3, 14))


def funding_year(hom: Partnership, year: int) -> Iterator[object]:
    """The January census of ``year`` (rolls growing by four a year), the call for the
    financial year from April, and each school paying what it owes at the end of April."""
    for member_id in members_on(hom, CENSUS_DAYS[year]):
        _, _, _, full_time, part_time = SCHOOLS[member_id]
        grown = full_time + 4 * (year - 2014)
        yield SubmitCensus(member_id, CENSUS_DAYS[year], grown, part_time, date(year, 1, 30))
    financial_year = FinancialYear(year)
    yield CallContributions(financial_year, date(year, 4, 1))
    paid_on = date(year, 4, 28)
    for row in hom.as_of(paid_on).funding.contributions(financial_year):
        if (year, row.member_id) == TYPED_WRONG:
            yield RecordPayment(row.member_id, financial_year, Money.pounds(40), paid_on)
            yield CorrectFact(
                hom.log.head()[0],  # the payment just recorded
                RecordPayment(row.member_id, financial_year, row.owed, paid_on),
                f"typed £40.00 for the £{row.owed} on the remittance",
                person("rolls-crescent", Role.BUSINESS_REPRESENTATIVE),
                date(year, 5, 6),
            )
            continue
        yield RecordPayment(row.member_id, financial_year, row.owed, paid_on)


def record_once(
    hom: Partnership,
    people: Callable[[PeopleStore], None],
    commands: Iterable[object],
    actor: str = "clerk",
) -> int:
    """Record ``commands`` as ``actor``, after putting the people in the people store with
    ``people``, unless the log holds the partnership's stream already (then the history is only
    replayed); the number of commands recorded. The other examples record theirs with it."""
    if hom.log.stream_version(hom.stream_id):
        return 0
    people(hom.people)
    count = 0
    for command in commands:
        hom.execute(command, actor=actor)
        count += 1
    return count


def record(hom: Partnership) -> int:
    """Record the history unless the log holds it already; the number of commands recorded."""
    return record_once(hom, record_people, history(hom))


def report(hom: Partnership, day: date) -> None:
    """Print what a governor would ask on ``day``."""
    view = hom.as_of(day)
    funding, governance = view.funding, view.governance
    print(f"\n== {day} ==")
    print(f"members ({len(view.members())}): " + ", ".join(m.name for m in view.members()))
    for member, leaves_on in view.under_notice():
        print(f"under notice: {member.name}, leaves on {leaves_on}")
    chair, deputies = governance.chair(), governance.deputies_chair()
    if chair is not None:
        print(f"chair: {chair.school} ({view.name_of(chair.head)}), until {chair.until}")
    if deputies is not None:
        print(f"deputies' group chair: {view.name_of(deputies.deputy)}")
    next_chair = governance.next_chair()
    print(f"next chair: {next_chair.name if next_chair else 'none eligible'}")
    year = FinancialYear.of(day)
    rows = funding.contributions(year)
    if rows:
        owed = sum((row.owed for row in rows), Money.zero())
        paid = sum((row.paid for row in rows), Money.zero())
        print(f"contributions {year}: owed {owed}, paid {paid} ({len(rows)} schools)")
    banker = funding.banker()
    print(f"banker: {banker.name if banker else 'none'}; holding {funding.holding()}")
    successor = funding.banker_needs_successor()
    if successor is not None:
        print(f"WARNING: {successor.reason}")
    not_met = governance.groups_not_met()
    names = ", ".join(group.name for group in not_met.groups) or "none"
    print(f"groups not yet met in half term {not_met.half_term.number}: {names}")
    conference = view.joint_work.conference()
    print(f"this year's conference: {conference.theme if conference else 'not held yet'}")
    review = governance.last_review()
    print(f"last review: {review}; overdue: {governance.review_overdue()}")
    pressing = [item for item in agenda(view) if item.status in (Status.OVERDUE, Status.DUE)]
    rules = Counter(item.obligation.rule for item in pressing)
    counts = ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items()))
    print(f"agenda: {len(pressing)} due or overdue ({counts or 'nothing'})")
    for item in pressing:  # the one-off ones; a rule's many (a meeting per group) are counted
        if rules[item.obligation.rule] == 1:
            print(f"  {item.status.value} by {item.obligation.due_on}: {item.obligation.subject}")


def run(
    argv: list[str] | None,
    doc: str,
    partnership_id: str,
    record: Callable[[Partnership], int],
    answers: Callable[[Partnership], None],
    default_url: str,
    plugins: Plugins | None = None,
) -> None:
    """An example's command line (``doc``: the example's docstring): record (once) the history
    of ``partnership_id`` on the log at ``--url`` (``default_url`` if not given) with
    ``record``, print the ``answers`` read back from the log, then whether its chain is intact.
    The other examples run with it, with their ``plugins``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--url", default=default_url, help="log URL")
    url = parser.parse_args(argv).url
    log: EventLog = open_log(url, plugins=plugins)
    with log:
        hom = Partnership(log, partnership_id, people=open_people(url, plugins=plugins))
        recorded = record(hom)
        print(f"{url}: recorded {recorded} commands; the log holds {log.head()[0]} events")
        answers(hom)
        print(f"\n{log.verify()}")


def answers(hom: Partnership) -> None:
    """Print what a governor would ask on a few days of the partnership's history."""
    for day in (date(2013, 9, 2), date(2015, 4, 2), date(2016, 2, 1), date(2017, 7, 20)):
        report(hom, day)


def main(argv: list[str] | None = None) -> None:
    """Record (once) and report the history on the log at ``--url``."""
    run(argv, __doc__, PARTNERSHIP, record, answers, "sqlite:///hom.sqlite3")


if __name__ == "__main__":
    main()
