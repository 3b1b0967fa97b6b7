"""The governance commands (G1-G7), and the agreement's standing groups as commands (G1)."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain.calendar import DateRange
from hom_core.domain.governance.vocabulary import (
    BUSINESS_GROUP,
    DEPUTIES_GROUP,
    EYFS_GROUP,
    ChairRule,
    GroupKind,
    Vote,
)
from hom_core.domain.people import PersonId


@attrs.frozen
class EstablishGroup:
    """G1, G5: the strategic group establishes a standing group, a network or a task group.

    A task group needs the ``period`` agreed for it (G5); standing groups and networks are
    permanent and take none. ``chair_rule`` says who chairs its meetings (G3, G4).
    """

    group_id: str
    name: str
    kind: GroupKind
    established_on: date
    chair_rule: ChairRule = ChairRule.RECORDED
    remit: str = ""
    period: DateRange | None = None


@attrs.frozen
class HoldMeeting:
    """G1: record that a group met. ``host_member_id`` is the member school where it met.

    For a group with a chair rule (G3, G4) leave ``chair`` out: the rule works it out (a chair
    that differs from the rule's is refused); otherwise give the chair, if any.
    """

    group_id: str
    held_on: date
    host_member_id: str | None = None
    chair: PersonId | None = None
    summary: str = ""


@attrs.frozen
class ReportBack:
    """G5: a group reports back to the strategic group."""

    group_id: str
    reported_on: date
    summary: str


@attrs.frozen
class CloseTaskGroup:
    """G5: a task group's work is done; ``closed_on`` is its last day."""

    group_id: str
    closed_on: date
    reason: str = ""


@attrs.frozen
class DisbandGroup:
    """G1: the strategic group disbands a standing group or network; ``disbanded_on`` is its
    last day (after it, the group is no longer expected to meet)."""

    group_id: str
    disbanded_on: date
    reason: str = ""


@attrs.frozen
class RotateChair:
    """G2: pass the chair of the strategic group to the next school in turn, from ``on``.

    The rotation waits for the chair's term of office to end; ``early=True`` records an early
    handover the strategic group agreed (a handover is never early when the chair's school is
    under notice or has left).
    """

    on: date
    early: bool = False


@attrs.frozen
class TakeDecision:
    """G6: the strategic group decides on ``motion``, one member school one vote.

    ``votes`` holds ``(member_id, Vote)`` pairs, one per member school that voted.
    """

    decision_id: str
    motion: str
    taken_on: date
    votes: tuple[tuple[str, Vote], ...]


@attrs.frozen
class ReportToGovernors:
    """G7: a member school's governors received a report on the partnership at their meeting
    (usually through the headteacher's report)."""

    member_id: str
    reported_on: date
    summary: str = ""


@attrs.frozen
class HoldStrategicDirectionMeeting:
    """G7: record the annual meeting of heads and chairs of governors (or their
    representatives) on the strategic direction, with the other stakeholders invited."""

    held_on: date
    invited: tuple[str, ...] = ()
    summary: str = ""


def agreement_standing_groups(established_on: date) -> tuple[EstablishGroup, ...]:
    """The Heart of Manchester agreement's three permanent standing groups (G1), as commands.

    The Deputy and Assistant Heads Network is chaired by the deputy head of the chair's school
    (G3); the EYFS Network and the Office/Business Managers Group by the staff representative of
    the school hosting the meeting (G4).
    """
    return (
        EstablishGroup(
            DEPUTIES_GROUP,
            "Deputy and Assistant Heads Network",
            GroupKind.STANDING,
            established_on,
            ChairRule.DEPUTY_OF_CHAIRS_SCHOOL,
            "carry out the tasks the strategic group gives; develop leadership skills",
        ),
        EstablishGroup(
            EYFS_GROUP,
            "EYFS Network",
            GroupKind.STANDING,
            established_on,
            ChairRule.HOST_EYFS_REPRESENTATIVE,
            "carry out such tasks as the strategic group decides",
        ),
        EstablishGroup(
            BUSINESS_GROUP,
            "Office/Business Managers Group",
            GroupKind.STANDING,
            established_on,
            ChairRule.HOST_BUSINESS_REPRESENTATIVE,
            "carry out such tasks as the strategic group decides",
        ),
    )
