"""The governance events (G1-G7)."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain.calendar import DateRange
from hom_core.domain.governance.vocabulary import ChairRule, GroupKind, Vote
from hom_core.people import PersonId


@attrs.frozen
class GroupEstablished:
    """G1, G5: the strategic group established a group; a task group runs for ``period``."""

    group_id: str
    name: str
    kind: GroupKind
    chair_rule: ChairRule
    established_on: date
    remit: str = ""
    period: DateRange | None = None

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.established_on


@attrs.frozen
class MeetingHeld:
    """G1: a group met on ``held_on``, hosted by a member school, chaired by ``chair`` (worked
    out by the group's chair rule, G3 and G4, when it has one)."""

    group_id: str
    held_on: date
    host_member_id: str | None = None
    chair: PersonId | None = None
    summary: str = ""

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.held_on


@attrs.frozen
class GroupReportedBack:
    """G5: a group reported back to the strategic group."""

    group_id: str
    reported_on: date
    summary: str

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.reported_on


@attrs.frozen
class GroupClosed:
    """G5: a task group finished its work (or a standing group or network was disbanded);
    ``closed_on`` is its last day."""

    group_id: str
    closed_on: date
    reason: str = ""

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.closed_on


@attrs.frozen
class ChairTookOffice:
    """G2: the head of ``member_id`` took the chair of the strategic group on ``from_date``, for
    a term of office ending on ``until`` (the chair continues until the next rotation)."""

    member_id: str
    head: PersonId
    from_date: date
    until: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.from_date


@attrs.frozen
class DecisionTaken:
    """G6: the strategic group decided on a motion, one member school one vote.

    ``votes`` holds ``(member_id, vote)`` pairs; ``member_schools`` how many member schools
    could vote that day; ``carried`` is true when more voted for than against.
    """

    decision_id: str
    motion: str
    taken_on: date
    votes: tuple[tuple[str, Vote], ...]
    member_schools: int
    carried: bool

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.taken_on

    def count(self, vote: Vote) -> int:
        """How many member schools cast ``vote``."""
        return sum(1 for _, cast in self.votes if cast is vote)


@attrs.frozen
class GovernorsReportIssued:
    """G7: a member school's governors received a report on the partnership's work."""

    member_id: str
    reported_on: date
    summary: str = ""

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.reported_on


@attrs.frozen
class StrategicDirectionMeetingHeld:
    """G7: the annual meeting of heads and chairs of governors on the strategic direction;
    ``invited`` names the other stakeholders invited (organisations or roles, not people)."""

    held_on: date
    invited: tuple[str, ...] = ()
    summary: str = ""

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.held_on
