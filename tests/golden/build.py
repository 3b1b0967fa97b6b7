"""Build the golden log: a stored history holding every event type of the core and the packs.

    python tests/golden/build.py            # writes history.jsonl, people.json and answers.json
    python tests/golden/build.py --answers  # rewrites answers.json from the stored log

The history is the four examples' (Heart of Manchester, the Camden cluster, Harmony, the
Manchester alliance with Heart of Manchester inside it) plus a partnership of extras recording
the event types no example records (a rate set, a census corrected after the call, a task group
reporting back and closing, a notice withdrawn, a URN changed; in the Manchester pack, a member
leaving the proposal's group and a representative standing down, then that standing down
corrected; in the Harmony pack, the reading of HAR2 adopted). It is written once and kept:
``tests/test_golden.py`` checks that every later version of hom decodes it to the same events,
re-encodes them to the same bytes, verifies its chain and replays it to the answers in
``answers.json``. Rebuild only on purpose (a deliberate change of an answer), saying why; a
change of the answers alone (a new part of the report) rewrites ``answers.json`` from the stored
log and people, which stay as they were written.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent / "examples")]

from examples_support import load_example  # noqa: E402
from golden.questions import EXTRAS, PARTNERSHIPS, answers_of  # noqa: E402
from hom_core import open_log  # noqa: E402
from hom_core.application import Partnership  # noqa: E402
from hom_core.domain import (  # noqa: E402
    CallContributions,
    ChangeUrn,
    CloseTaskGroup,
    CorrectFact,
    DateRange,
    EstablishGroup,
    FinancialYear,
    FormPartnership,
    GiveNotice,
    GroupKind,
    JoinPartnership,
    MemoryPeople,
    Money,
    OfstedOutcome,
    OrganisationKind,
    Person,
    RecordOfstedOutcome,
    ReportBack,
    SetContributionRate,
    SubmitCensus,
    Urn,
    WithdrawNotice,
)
from hom_plugins.packs.harmony import AdoptInterventionReading  # noqa: E402
from hom_plugins.packs.manchester import (  # noqa: E402
    AppointRepresentative,
    Group,
    LeaveProposalGroup,
    PlaceInProposal,
    ProposeTeachingSchool,
    Sector,
    StandDownRepresentative,
)

OUTSTANDING = OfstedOutcome(
    date(2012, 6, 1), "single-word", (("overall effectiveness", "Outstanding"),)
)


def extras() -> list[object]:
    """Commands recording the event types no example records."""
    year = FinancialYear(2014)
    school = {"head": "extras-head", "chair_of_governors": "extras-chair"}
    return [
        FormPartnership("Golden Extras Partnership", date(2013, 7, 1)),
        JoinPartnership(
            "alpha", "Alpha Primary", OrganisationKind.PRIMARY,
            partnership_chair="extras-chairperson", signed_on=date(2013, 7, 2),
            urn=Urn("100001"), **school,
        ),
        JoinPartnership(
            "beta", "Beta Secondary", OrganisationKind.SECONDARY,
            partnership_chair="extras-chairperson", signed_on=date(2013, 7, 2),
            urn=Urn("100002"), **school,
        ),
        JoinPartnership(
            "college", "City College", OrganisationKind.COLLEGE, head=None,
            chair_of_governors=None, partnership_chair="extras-chairperson",
            signed_on=date(2013, 7, 3),
        ),
        SetContributionRate(year, Money.parse("2.50"), date(2014, 3, 1)),
        SubmitCensus("alpha", date(2014, 1, 16), 200, 10),
        SubmitCensus("beta", date(2014, 1, 16), 900, 0),
        CallContributions(year, date(2014, 4, 1)),
        SubmitCensus("alpha", date(2014, 1, 16), 210, 10, submitted_on=date(2014, 5, 1)),
        EstablishGroup(
            "attendance-task", "Attendance task group", GroupKind.TASK, date(2014, 5, 6),
            remit="a shared attendance policy",
            period=DateRange(date(2014, 5, 6), date(2014, 12, 19)),
        ),
        ReportBack("attendance-task", date(2014, 11, 20), "a draft policy for the heads"),
        CloseTaskGroup("attendance-task", date(2014, 12, 19), "the policy was adopted"),
        GiveNotice("beta", date(2015, 1, 12)),
        WithdrawNotice("beta", date(2015, 2, 2)),
        ChangeUrn("alpha", Urn("140001"), date(2015, 9, 1)),
        RecordOfstedOutcome("alpha", OUTSTANDING),
        ProposeTeachingSchool("Golden Teaching School", date(2013, 9, 2)),
        PlaceInProposal("alpha", Group.LEAD, date(2013, 9, 3)),
        PlaceInProposal("beta", Group.SUPPORTING, date(2013, 9, 3)),
        LeaveProposalGroup("beta", date(2013, 10, 1)),
        AppointRepresentative(Sector.EDUCATION, "extras-rep", "beta", date(2013, 9, 4)),
        StandDownRepresentative(Sector.EDUCATION, date(2014, 9, 1)),
        AdoptInterventionReading("resistance_alone", date(2015, 9, 1)),
    ]  # fmt: skip


def correction(golden: Partnership) -> CorrectFact:
    """R1: the representative's standing down, recorded on the wrong day, corrected."""
    stood_down = golden.log.head()[0] - 1
    return CorrectFact(
        stood_down,
        StandDownRepresentative(Sector.EDUCATION, date(2014, 10, 1)),
        "the letter was dated 1 October",
        "extras-chairperson",
        date(2015, 10, 5),
    )


class RecordedPeople(MemoryPeople):
    """A people store in memory that remembers who was put in it and who was forgotten, to
    write them out (``people.json``)."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[str, dict[str, str]] = {"names": {}, "forgotten": {}}

    def put(self, person: Person) -> None:
        super().put(person)
        self.written["names"][person.person_id] = person.name

    def forget(self, person_id: str, on: date) -> None:
        super().forget(person_id, on)
        self.written["forgotten"][person_id] = on.isoformat()


def main() -> None:
    """Write the golden log, its people and its answers beside this file."""
    history, people_file = HERE / "history.jsonl", HERE / "people.json"
    if history.exists():
        sys.exit(f"{history} exists: the golden log is written once; delete it to rebuild")
    people = RecordedPeople()
    with open_log(
        f"jsonl:///{history}", plugins=load_example("manchester_alliance").plugins()
    ) as log:
        for example in ("manchester_alliance", "camden_cluster", "harmony_support"):
            module = load_example(example)
            partnership_id = PARTNERSHIPS[example]
            module.record(Partnership(log, partnership_id, people=people))
        golden = Partnership(log, EXTRAS, people=people)
        for person in ("extras-head", "extras-chair", "extras-chairperson", "extras-rep"):
            people.put(Person(person, person.replace("-", " ").title()))
        for command in extras():
            golden.execute(command, actor="golden")
        golden.execute(correction(golden), actor="golden")
        people_file.write_text(json.dumps(people.written, indent=2, sort_keys=True) + "\n")
        answers = answers_of(log, people)
    (HERE / "answers.json").write_text(json.dumps(answers, indent=1, sort_keys=True) + "\n")


def answers_only() -> None:
    """Rewrite ``answers.json`` from the stored golden log and its people, as the test reads
    them (the log is opened read-only and left as it is)."""
    written = json.loads((HERE / "people.json").read_text())
    people = MemoryPeople()
    for person_id, name in written["names"].items():
        people.put(Person(person_id, name))
    for person_id, on in written["forgotten"].items():
        people.forget(person_id, date.fromisoformat(on))
    with open_log(f"jsonl:///{HERE / 'history.jsonl'}?mode=ro") as log:
        answers = answers_of(log, people)
    (HERE / "answers.json").write_text(json.dumps(answers, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--answers"]:
        answers_only()
    else:
        main()
