"""What falls due every so many months or each term: reports to each school's governors and the
annual meeting of heads and chairs (G7), the framework's review (G8)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from hom_core.decider import obliges
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.governance.view import STRATEGIC_DIRECTION_EVERY_MONTHS, add_months
from hom_core.obligations import CHAIR, HEAD, STRATEGIC_GROUP, WINDOW, Obligation, Responsibility

__all__ = ["direction_meeting", "governors_reports", "periodic", "review"]


def periodic(held: Sequence[date], since: date, months: int) -> Iterator[tuple[date, date | None]]:
    """Each due date of something held every ``months`` months from ``since``, with the day it
    was held (``None``: not yet): the last one held, then the one still to come."""
    if held:
        before = held[-2] if len(held) > 1 else since
        yield add_months(before, months), held[-1]
    yield add_months(held[-1] if held else since, months), None


@obliges
def direction_meeting(inputs: GovernanceInputs, day: date) -> Iterator[Obligation]:
    """G7: heads and chairs of governors meet on the strategic direction within twelve months
    of the last meeting (or of formation)."""
    formed_on = inputs.framework.formed_on
    if formed_on is None:
        return
    held = [meeting.held_on for meeting in inputs.governance.direction_meetings]
    for due, done in periodic(held, formed_on, STRATEGIC_DIRECTION_EVERY_MONTHS):
        yield Obligation(
            "G7",
            "direction-meeting",
            "Heads and chairs of governors meet on the partnership's strategic direction",
            due - WINDOW,
            due,
            "chair of the strategic group",
            "HoldStrategicDirectionMeeting",
            done,
            role=Responsibility(CHAIR),
        )


@obliges
def review(inputs: GovernanceInputs, day: date) -> Iterator[Obligation]:
    """G8: the strategic group reviews the framework within ``review_every_months`` of the last
    review (or of formation)."""
    framework = inputs.framework
    if framework.formed_on is None:
        return
    months = framework.policies_on(day).review_every_months
    for due, done in periodic(framework.reviews, framework.formed_on, months):
        yield Obligation(
            "G8",
            "review",
            "The strategic group reviews the partnership's framework",
            due - WINDOW,
            due,
            "strategic group",
            "ReviewFramework",
            done,
            role=Responsibility(STRATEGIC_GROUP),
        )


@obliges
def governors_reports(inputs: GovernanceInputs, day: date) -> Iterator[Obligation]:
    """G7: the governors of each school that is a member from a term's first day receive a
    report on the partnership in that term (the term before the day's and the day's; done: the
    first report in the term)."""
    calendar = inputs.framework.calendar
    formed_on = inputs.framework.formed_on
    if formed_on is None:
        return
    current = calendar.term_on_or_after(day)
    if current.first > day:
        current = calendar.previous_term(current)
    for term in (calendar.previous_term(current), current):
        if term.last < formed_on:
            continue
        for member in inputs.membership.on(min(term.last, day)):
            if not member.kind.is_school or not member.is_member_on(term.first):
                continue
            reports = inputs.governance.reports_to_governors.get(member.member_id, ())
            given = [r.reported_on for r in reports if term.first <= r.reported_on <= term.last]
            yield Obligation(
                "G7",
                f"governors/{member.member_id}/{term.academic_year}/{term.term.value}",
                f"{member.name}'s governors receive a report on the partnership this "
                f"{term.term.value} term",
                term.first,
                term.last,
                f"head of {member.name}",
                "ReportToGovernors",
                min(given, default=None),
                role=Responsibility(HEAD, member.member_id),
            )
