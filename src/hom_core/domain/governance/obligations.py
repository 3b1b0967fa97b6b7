"""What the governance rules ask by a date: the chair's rotation (G2) and the deputies' chair
(G3), standing groups meeting each half term (G1), task groups past their period (G5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hom_core.decider import obliges
from hom_core.domain.calendar import Calendar, SchoolHalfTerm
from hom_core.domain.governance.chair import chair_candidates, pick_chair
from hom_core.domain.governance.events import ChairTookOffice
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.governance.vocabulary import GroupKind
from hom_core.domain.membership.vocabulary import Role
from hom_core.obligations import (
    GROUP_CHAIR,
    HEAD,
    STRATEGIC_GROUP,
    WINDOW,
    Obligation,
    Responsibility,
)

__all__ = [
    "chair_rotation",
    "deputies_chair",
    "half_terms_around",
    "standing_groups",
    "task_groups",
]

_ROTATE = "RotateChair"


def _handover(inputs: GovernanceInputs, office: ChairTookOffice) -> date:
    """G2: the day the next chair should take office: the day after the term of office, or
    after the chair's school leaves, if that is sooner."""
    member = inputs.membership.members.get(office.member_id)
    membership = None if member is None else member.membership_on(office.from_date)
    last = office.until
    if membership is not None and membership.leaves_on is not None:
        last = min(last, membership.leaves_on)
    return last + timedelta(days=1)


def _next_in_turn(inputs: GovernanceInputs, day: date) -> str:
    chosen = pick_chair(inputs, day)
    if chosen is None:
        return "no school can take it yet"
    head = chosen.holder_on(Role.HEAD, day)
    return f"it is the turn of the head of {chosen.name}" + ("" if head else " (none recorded)")


@obliges
def chair_rotation(inputs: GovernanceInputs, day: date) -> Iterator[Obligation]:
    """G2: the chair passes to the next head in turn when its term of office ends (or its
    school leaves); the first chair takes office once the partnership is formed. Recorded
    rotations are the truth: each discharges the one before."""
    formed_on = inputs.framework.formed_on
    chairs = inputs.governance.chairs
    if formed_on is None:
        return
    if chairs or chair_candidates(inputs, day):
        yield Obligation(
            "G2",
            "chair/first",
            f"Appoint the first chair of the strategic group: {_next_in_turn(inputs, day)}",
            formed_on,
            formed_on + WINDOW,
            "strategic group",
            _ROTATE,
            chairs[0].from_date if chairs else None,
            role=Responsibility(STRATEGIC_GROUP),
        )
    for office, following in zip(chairs, (*chairs[1:], None), strict=False):
        due = _handover(inputs, office)
        if following is None:
            subject = (
                f"Rotate the chair of the strategic group: {_next_in_turn(inputs, max(day, due))}"
            )
        else:
            school = inputs.membership.members[following.member_id].name
            subject = f"Rotate the chair of the strategic group: the head of {school} took it"
        yield Obligation(
            "G2",
            f"chair/{office.from_date}",
            subject,
            due - WINDOW,
            due,
            "strategic group",
            _ROTATE,
            None if following is None else following.from_date,
            role=Responsibility(STRATEGIC_GROUP),
        )


@obliges
def deputies_chair(inputs: GovernanceInputs, day: date) -> Iterator[Obligation]:
    """G3: the chair's school has a deputy head recorded, who chairs the deputies' group for
    the same period (done: the day one is recorded)."""
    office = inputs.governance.office_on(day)
    member = None if office is None else inputs.membership.members.get(office.member_id)
    if office is None or member is None or member.holder_on(Role.DEPUTY_HEAD, office.from_date):
        return
    later = [
        held.from_date
        for held in member.roles
        if held.role is Role.DEPUTY_HEAD and held.from_date > office.from_date
    ]
    yield Obligation(
        "G3",
        f"deputies-chair/{office.from_date}",
        f"Record the deputy head of {member.name}, who chairs the Deputy and Assistant Heads "
        "group while its head chairs the strategic group",
        office.from_date,
        office.from_date + WINDOW,
        f"head of {member.name}",
        "AppointRoleHolder",
        min(later, default=None),
        role=Responsibility(HEAD, member.member_id),
    )


def half_terms_around(calendar: Calendar, day: date) -> list[SchoolHalfTerm]:
    """C1: the half term before the one ``day`` falls in (or, in a holiday, the last that
    ended), that one, and the next."""
    year = calendar.academic_year_of(day)
    halves = [
        half
        for academic_year in (year.previous(), year, year.next())
        for half in calendar.half_terms(academic_year)
    ]
    current = next(
        (index for index, half in enumerate(halves) if half.first <= day <= half.last), None
    )
    if current is None:  # a holiday: the last half term that ended stands for the current one
        current = max(index for index, half in enumerate(halves) if half.last < day)
    return halves[max(current - 1, 0) : current + 2]


@obliges
def standing_groups(inputs: GovernanceInputs, day: date) -> Iterator[Obligation]:
    """G1: each standing group and network meets in each half term that starts once it is
    established, while it is open (the half term before the day's, the day's, and the next;
    done: its first meeting there). A half term that ended with no meeting is overdue with no
    command to discharge it: a meeting held later belongs to a later half term."""
    formed_on = inputs.framework.formed_on
    if formed_on is None:
        return
    for half in half_terms_around(inputs.framework.calendar, day):
        if half.last < formed_on:
            continue
        for group in inputs.governance.groups.values():
            if (
                not group.kind.meets_each_half_term
                or group.established_on > half.first
                or not group.is_open_on(min(half.last, day))
            ):
                continue
            met = [m.held_on for m in group.meetings_between(half.first, half.last)]
            missed = not met and day > half.last
            yield Obligation(
                "G1",
                f"meet/{group.group_id}/{half.academic_year}/{half.number.value}",
                f"{group.name} meets in half term {half.number.value} of {half.academic_year}",
                half.first,
                half.last,
                f"chair of {group.name}",
                None if missed else "HoldMeeting",
                min(met, default=None),
                role=Responsibility(GROUP_CHAIR, group.group_id),
            )


@obliges
def task_groups(inputs: GovernanceInputs, day: date) -> Iterator[Obligation]:
    """G5: a task group reports back and is closed by the end of its agreed period (done: the
    day it closed)."""
    for group in inputs.governance.groups.values():
        if group.period is None or group.kind is not GroupKind.TASK:
            continue
        yield Obligation(
            "G5",
            f"task-group/{group.group_id}",
            f"{group.name} reports back and closes: its agreed period ends on {group.period.last}",
            max(group.established_on, group.period.last - WINDOW),
            group.period.last,
            "strategic group",
            "CloseTaskGroup",
            group.closed_on,
            role=Responsibility(STRATEGIC_GROUP),
        )
