"""The Harmony Trust Teaching School Alliance, Oldham: school-to-school support, 2014-2017.

    python examples/harmony_support.py [--url sqlite:///harmony.sqlite3]

Records (once: a log that already holds it is only replayed) the alliance, its term dates, two
schools it supports and everything under their agreements, with the ``harmony`` domain pack
(``hom_plugins.packs.harmony``); then prints the pack's answers on a few dates, shows commands the
rules refuse (nothing is appended), and verifies the hash chain.

From the alliance's offer of school-to-school support (the rulebook: ``docs/rulebook/harmony.md``):
the review of needs and capacity to improve, a more interventionist approach where the leadership
resists, a written agreement with expected key outcomes and impact measures, support lasting five
terms, the kinds of brokered support (coaching of the head, SLE mentoring, placements, subject
experts, learning communities, training, pupil premium work, expert practitioners), Early Years,
Year 2 and Year 6 outcomes and disadvantaged pupils, follow-up mentoring after the five terms.

Invented, because the document does not say: every date and term date, the names and URNs of
the alliance's academies, its university partner and the two supported schools (Hollin Brook
resists, Sholver Lane does not), the outcomes' measures, targets and results, who delivered
what, a follow-up of three terms, and the people, who appear only as role titles in the
erasable people store. The example's helpers are its own: the Heart of Manchester example's
work on its own history and people.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from heart_of_manchester import record_once, run
from hom_core import Plugins, RuleViolation
from hom_core.application import Partnership
from hom_core.domain import (
    AcademicYear,
    DateRange,
    FormPartnership,
    JoinPartnership,
    OrganisationKind,
    PeopleStore,
    Person,
    RecordTermDates,
    TermDates,
    Urn,
)
from hom_core.domain.calendar import SchoolTerm
from hom_plugins.packs import harmony
from hom_plugins.packs.harmony import (
    SUPPORT_TERMS,
    ActivityKind,
    AgreeFollowUp,
    AgreeSupport,
    Capacity,
    ExpectedOutcome,
    HarmonyView,
    HoldReview,
    MeasureImpact,
    OutcomeStatus,
    RecordActivity,
    SupportModel,
)

PARTNERSHIP = "harmony-trust-tsa"
FORMED_ON = date(2014, 7, 1)

# member id: (name, kind, URN); the academies give support, the university trains
MEMBERS = {
    "alder": ("Alder Academy", OrganisationKind.PRIMARY, "140101"),
    "beech": ("Beech Academy", OrganisationKind.PRIMARY, "140102"),
    "cedar": ("Cedar Academy", OrganisationKind.PRIMARY, "140103"),
    "pennine-university": ("Pennine University", OrganisationKind.UNIVERSITY, None),
}

# the alliance's term dates, half terms 1 to 6 of each year (Oldham-like, invented)
TERM_DATES = {
    2014: "09-03 10-24 11-03 12-19 01-05 02-13 02-23 03-27 04-13 05-22 06-01 07-22",
    2015: "09-03 10-23 11-02 12-18 01-04 02-12 02-22 03-24 04-11 05-27 06-06 07-20",
    2016: "09-05 10-21 10-31 12-20 01-04 02-17 02-27 04-07 04-24 05-26 06-05 07-21",
}

EARLY_YEARS = ExpectedOutcome(
    "eyfs-gld",
    "Early Years: a good level of development",
    "% of Reception pupils reaching a good level of development (EYFS profile)",
    "at or above the national average",
)
YEAR_2 = ExpectedOutcome(
    "y2-reading",
    "Year 2 reading",
    "% of Year 2 pupils at the expected standard in reading (KS1 assessment)",
    "70%",
)
YEAR_6 = ExpectedOutcome(
    "y6-rwm",
    "Year 6 reading, writing and maths",
    "% of Year 6 pupils at the expected standard in reading, writing and maths (KS2)",
    "60%",
)
DISADVANTAGED = ExpectedOutcome(
    "pp-gap",
    "Disadvantaged pupils",
    "gap between pupil premium pupils and others at KS2, reading, writing and maths",
    "halved",
)
YEAR_2_WRITING = ExpectedOutcome(
    "y2-writing", "Year 2 writing", "% of Year 2 pupils at the expected standard in writing"
)

# per term of support: (kind, delivering member, person, focus), a fortnight apart
INTERVENTION = (
    (ActivityKind.HEAD_COACHING, "alder", "principal-alder", "leadership of teaching"),
    (ActivityKind.SLE_MENTORING, "beech", "sle-beech-reading", "reading"),
    (ActivityKind.SUBJECT_EXPERT, "cedar", "expert-cedar-maths", "maths"),
    (ActivityKind.PUPIL_PREMIUM, "alder", "pp-lead-alder", "pupil premium groups in year 6"),
    (ActivityKind.PLACEMENT, "beech", "sle-beech-reading", "modelling phonics teaching"),
)
PARTNERSHIP_SUPPORT = (
    (ActivityKind.LEARNING_COMMUNITY, "cedar", "expert-cedar-maths", "writing"),
    (ActivityKind.TRAINING, "pennine-university", "trainer-pennine", "early years"),
    (ActivityKind.EXPERT_PRACTITIONER, "beech", "sle-beech-reading", "writing in year 2"),
)
PEOPLE = {
    "chair-of-alliance": "Chair of the Harmony Trust Teaching School Alliance",
    "principal-alder": "the Principal",
    "sle-beech-reading": "a Specialist Leader of Education (reading)",
    "expert-cedar-maths": "the maths subject expert",
    "pp-lead-alder": "the pupil premium lead",
    "trainer-pennine": "an early years trainer",
}


def plugins() -> Plugins:
    """The installed plugins, with the ``harmony`` pack registered by hand if no entry point
    declares it yet."""
    installed = Plugins()
    if "harmony" not in installed.domain_packs():
        installed.register(harmony, "harmony")
    return installed


def record_people(people: PeopleStore) -> None:
    """Names live outside the log, where they can be erased."""
    for person_id, title in PEOPLE.items():
        people.put(Person(person_id, title))
    for member_id, (name, *_) in MEMBERS.items():
        people.put(Person(f"head-{member_id}", f"Head, {name}"))
        people.put(Person(f"chair-{member_id}", f"Chair of governors, {name}"))


def term_dates(year: int) -> TermDates:
    """The recorded term dates of the academic year starting in September ``year``."""
    days = []
    for month_day in TERM_DATES[year].split():
        month, day = (int(part) for part in month_day.split("-"))
        days.append(date(year + (month < 8), month, day))
    halves = (DateRange(days[i], days[i + 1]) for i in range(0, 12, 2))
    return TermDates(AcademicYear(year), tuple(halves))


def history(alliance: Partnership) -> Iterator[object]:
    """The alliance's commands, each executed before the next is made."""
    yield FormPartnership("Harmony Trust Teaching School Alliance", FORMED_ON)
    for year in TERM_DATES:
        yield RecordTermDates(term_dates(year), FORMED_ON)
    for member_id, (name, kind, urn) in MEMBERS.items():
        yield JoinPartnership(
            member_id,
            name,
            kind,
            head=f"head-{member_id}",
            chair_of_governors=f"chair-{member_id}",
            partnership_chair="chair-of-alliance",
            signed_on=FORMED_ON,
            urn=None if urn is None else Urn(urn),
        )
    yield HoldReview(
        "hollin-brook",
        "Hollin Brook Primary",
        date(2014, 9, 15),
        needs=("Reading in key stage 1", "Year 6 outcomes", "Leadership of teaching"),
        capacity=Capacity.LOW,
        leadership_resists=True,
        strengths=("Early Years provision",),
        urn=Urn("105901"),
    )
    yield AgreeSupport(
        "hollin-brook-2014",
        "hollin-brook",
        date(2014, 10, 1),
        (EARLY_YEARS, YEAR_2, YEAR_6, DISADVANTAGED),
    )
    yield HoldReview(
        "sholver-lane",
        "Sholver Lane Primary",
        date(2015, 1, 12),
        needs=("Writing across the school",),
        capacity=Capacity.SOME,
        strengths=("Maths", "Behaviour"),
        urn=Urn("105917"),
    )
    yield AgreeSupport(
        "sholver-lane-2015", "sholver-lane", date(2015, 1, 26), (YEAR_6, YEAR_2_WRITING)
    )
    yield from activities(alliance, "hollin-brook-2014", INTERVENTION)
    yield from activities(alliance, "sholver-lane-2015", PARTNERSHIP_SUPPORT)
    yield from impact()
    yield AgreeFollowUp("hollin-brook-2014", date(2016, 3, 10), terms=3)
    for day in (date(2016, 5, 10), date(2016, 10, 5), date(2017, 2, 7)):
        yield RecordActivity(
            "hollin-brook-2014",
            ActivityKind.FOLLOW_UP_MENTORING,
            day,
            "alder",
            "principal-alder",
            "sustaining improvement",
        )


def support_terms(alliance: Partnership, agreement_id: str) -> list[tuple[date, SchoolTerm]]:
    """The five terms of an agreement in the alliance's calendar, each with the day its
    support begins (the start of the term, or of the agreement in its first term)."""
    agreement = alliance.today().pack("harmony").agreement(agreement_id)
    calendar = alliance.state().framework.calendar
    first = calendar.term_on_or_after(agreement.starts_on)
    return [
        (max(term.first, agreement.starts_on), term)
        for term in calendar.terms_from(first, SUPPORT_TERMS)
    ]


def activities(
    alliance: Partnership, agreement_id: str, plan: tuple[tuple[ActivityKind, str, str, str], ...]
) -> Iterator[object]:
    """The plan's activities in each of the agreement's five terms, a fortnight apart."""
    for begins, _ in support_terms(alliance, agreement_id):
        for number, (kind, member_id, person, focus) in enumerate(plan, start=1):
            day = begins + timedelta(weeks=2 * number)
            yield RecordActivity(agreement_id, kind, day, member_id, person, focus)


def impact() -> Iterator[object]:
    """The outcomes measured: published results each July, against the agreed targets."""
    hollin_brook, sholver_lane = "hollin-brook-2014", "sholver-lane-2015"
    yield MeasureImpact(
        hollin_brook, "eyfs-gld", date(2015, 7, 10), OutcomeStatus.MISSED, "GLD 52% (national 66%)"
    )
    yield MeasureImpact(
        hollin_brook, "eyfs-gld", date(2016, 7, 8), OutcomeStatus.MET, "GLD 68% (national 69%)"
    )
    yield MeasureImpact(
        hollin_brook, "y2-reading", date(2016, 7, 8), OutcomeStatus.MET, "74% at expected"
    )
    yield MeasureImpact(
        hollin_brook, "y6-rwm", date(2016, 7, 12), OutcomeStatus.MISSED, "48% at expected"
    )
    yield MeasureImpact(
        sholver_lane, "y6-rwm", date(2016, 7, 12), OutcomeStatus.MET, "63% at expected"
    )


def refused() -> Iterator[object]:
    """Commands the rules refuse; trying them appends nothing."""
    yield RecordActivity("hollin-brook-2014", ActivityKind.TRAINING, date(2016, 5, 10), "cedar")
    yield RecordActivity(
        "sholver-lane-2015", ActivityKind.FOLLOW_UP_MENTORING, date(2015, 3, 2), "cedar"
    )
    yield MeasureImpact(
        "sholver-lane-2015", "attendance", date(2016, 7, 12), OutcomeStatus.MET, "96%"
    )
    yield AgreeSupport("werneth-2016", "werneth-view", date(2016, 9, 1), (YEAR_6,))
    yield HoldReview(
        "werneth-view",
        "Werneth View Primary",
        date(2016, 9, 1),
        needs=("Maths",),
        capacity=Capacity.LOW,
        leadership_resists=True,
        model=SupportModel.SUPPORTIVE,
    )
    yield RecordActivity(
        "sholver-lane-2015", ActivityKind.TRAINING, date(2015, 3, 2), "sholver-lane"
    )


def record(alliance: Partnership) -> int:
    """Record the history unless the log holds it already; the number of commands recorded."""
    return record_once(alliance, record_people, history(alliance), actor="alliance-clerk")


def show_refusals(alliance: Partnership) -> None:
    """Try each refused command and print the rule it breaks."""
    print("\n== refused ==")
    head = alliance.log.head()
    for command in refused():
        try:
            alliance.execute(command)
        except RuleViolation as violation:
            print(f"{type(command).__name__}: {violation}")
    unchanged = alliance.log.head() == head
    print(f"the log is {'unchanged' if unchanged else 'CHANGED'}: {alliance.log.head()[0]} events")


def report(alliance: Partnership, day: date) -> None:
    """Print the pack's answers on ``day``."""
    support: HarmonyView = alliance.as_of(day).pack("harmony")
    print(f"\n== {day} ==")
    for agreement in support.agreements():
        school = support.school(agreement.school_id)
        status = support.status(agreement).value.replace("_", " ")
        print(
            f"agreement {agreement.agreement_id}: {school.name} (URN {school.urn}), "
            f"{agreement.agreed.model.value}, {agreement.starts_on} to {agreement.ends_on}, "
            f"{status}"
        )
    ending = ", ".join(each.agreement_id for each in support.ending_this_term()) or "none"
    print(f"ending this term ({support.this_term()}): {ending}")
    following = ", ".join(each.agreement_id for each in support.in_follow_up()) or "none"
    print(f"in follow-up: {following}")
    for outcome_status in OutcomeStatus:
        rows = support.outcomes(outcome_status)
        names = ", ".join(f"{row.school.name}: {row.outcome.outcome_id}" for row in rows)
        label = outcome_status.value.replace("_", " ")
        print(f"outcomes {label} ({len(rows)}): {names or 'none'}")
    for given in support.support():
        print(f"support given to {given.school.name}: {len(given.activities)} activities")
        kinds = ", ".join(f"{kind.label} {count}" for kind, count in given.by_kind().items())
        print(f"  by kind: {kinds or 'none'}")
        for deliverer, count in given.by_deliverer().items():
            print(f"  {support.deliverer_name(deliverer)}: {count}")


def answers(alliance: Partnership) -> None:
    """Print the pack's answers on a few days, then the refusals."""
    for day in (date(2015, 2, 2), date(2016, 2, 1), date(2016, 6, 15), date(2017, 3, 1)):
        report(alliance, day)
    show_refusals(alliance)


def main(argv: list[str] | None = None) -> None:
    """Record (once) and report the alliance's history on the log at ``--url``."""
    run(argv, __doc__, PARTNERSHIP, record, answers, "sqlite:///harmony.sqlite3", plugins())


if __name__ == "__main__":
    main()
