"""The governance part of the state (:class:`GovernanceState`, its :class:`Group` records) and
how each governance event changes it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import date

import attrs

from hom_core.decider import evolves
from hom_core.domain.calendar import DateRange
from hom_core.domain.governance.events import (
    ChairTookOffice,
    DecisionTaken,
    GovernorsReportIssued,
    GroupClosed,
    GroupEstablished,
    GroupReportedBack,
    MeetingHeld,
    StrategicDirectionMeetingHeld,
)
from hom_core.domain.governance.meetings import Meetings
from hom_core.domain.governance.vocabulary import ChairRule, GroupKind
from hom_core.domain.history import in_order, inserted


def _meetings(meetings: Iterable[MeetingHeld]) -> Meetings:
    return meetings if type(meetings) is Meetings else Meetings(meetings)


@attrs.frozen
class Group:
    """A group the strategic group established, with its meetings and reports so far."""

    group_id: str
    name: str
    kind: GroupKind
    chair_rule: ChairRule
    established_on: date
    remit: str = ""
    period: DateRange | None = None
    closed_on: date | None = None
    closure_reason: str = ""
    meetings: Meetings = attrs.field(default=Meetings(), converter=_meetings)
    """In date order; read lazily when loaded from a snapshot (:mod:`.meetings`)."""
    reports: tuple[GroupReportedBack, ...] = ()

    def is_open_on(self, day: date) -> bool:
        """Established by ``day`` and not closed before it (a group meets on its last day)."""
        return self.established_on <= day and (self.closed_on is None or day <= self.closed_on)

    def met_between(self, first: date, last: date) -> bool:
        """Whether the group met on a day from ``first`` to ``last`` (both included).

        A binary search of :attr:`meetings`, which evolve keeps in date order: the cost does not
        grow with the group's history."""
        meetings = self.meetings
        at = bisect_left(meetings, first, key=_held_on)
        return at < len(meetings) and meetings[at].held_on <= last

    def meetings_between(self, first: date, last: date) -> tuple[MeetingHeld, ...]:
        """G1: the meetings from ``first`` to ``last`` (both included), in date order; a binary
        search, as :meth:`met_between`."""
        return self.meetings.between(first, last)

    def last_meeting_by(self, day: date) -> MeetingHeld | None:
        """G1, G4: the group's last meeting on or before ``day`` (``None``: none by then)."""
        return self.meetings.last_by(day)

    def met_on(self, day: date) -> bool:
        """G1: whether the group met on ``day`` (a binary search, as :meth:`met_between`)."""
        return self.met_between(day, day)

    def overdue_on(self, day: date) -> bool:
        """G5: a task group past its agreed period on ``day`` and not closed by then."""
        return (
            self.kind is GroupKind.TASK
            and self.period is not None
            and self.period.last < day
            and (self.closed_on is None or self.closed_on > day)
        )


def _held_on(meeting: MeetingHeld) -> date:
    return meeting.held_on


@attrs.frozen
class GovernanceState:
    """Groups, chairs, decisions, reports to governors and strategic direction meetings."""

    groups: dict[str, Group] = attrs.field(factory=dict)
    chairs: tuple[ChairTookOffice, ...] = ()
    decisions: tuple[DecisionTaken, ...] = ()
    reports_to_governors: dict[str, tuple[GovernorsReportIssued, ...]] = attrs.field(factory=dict)
    """Member id -> its reports to governors in date order (a report copies one member's)."""
    direction_meetings: tuple[StrategicDirectionMeetingHeld, ...] = ()

    @property
    def governors_reports(self) -> tuple[GovernorsReportIssued, ...]:
        """G7: every report to governors in date order (on one day, by member in the order
        each first reported)."""
        every = (report for reports in self.reports_to_governors.values() for report in reports)
        return tuple(sorted(every, key=lambda report: report.reported_on))

    def office_on(self, day: date) -> ChairTookOffice | None:
        """G2: the last chair to take office on or before ``day``."""
        current = None
        for office in self.chairs:
            if office.from_date > day:
                break
            current = office
        return current


def _with_group(state: GovernanceState, group: Group) -> GovernanceState:
    return attrs.evolve(state, groups={**state.groups, group.group_id: group})


@evolves(GroupEstablished, "hom.group_established")
def _established(state: GovernanceState, event: GroupEstablished) -> GovernanceState:
    if event.group_id in state.groups:  # evolve is total: a second establishment is ignored
        return state
    group = Group(
        event.group_id,
        event.name,
        event.kind,
        event.chair_rule,
        event.established_on,
        event.remit,
        event.period,
    )
    return _with_group(state, group)


def _in_group(
    state: GovernanceState, group_id: str, change: Callable[[Group], Group]
) -> GovernanceState:
    """``state`` with ``change`` applied to the group; an unknown group changes nothing."""
    group = state.groups.get(group_id)
    return state if group is None else _with_group(state, change(group))


@evolves(MeetingHeld, "hom.meeting_held")
def _met(state: GovernanceState, event: MeetingHeld) -> GovernanceState:
    def met(group: Group) -> Group:
        return attrs.evolve(group, meetings=group.meetings.added(event))

    return _in_group(state, event.group_id, met)


@evolves(GroupReportedBack, "hom.group_reported_back")
def _reported(state: GovernanceState, event: GroupReportedBack) -> GovernanceState:
    def reported(group: Group) -> Group:
        reports = inserted(group.reports, event, lambda report: report.reported_on)
        return attrs.evolve(group, reports=reports)

    return _in_group(state, event.group_id, reported)


@evolves(GroupClosed, "hom.group_closed")
def _closed(state: GovernanceState, event: GroupClosed) -> GovernanceState:
    def closed(group: Group) -> Group:
        return attrs.evolve(group, closed_on=event.closed_on, closure_reason=event.reason)

    return _in_group(state, event.group_id, closed)


@evolves(ChairTookOffice, "hom.chair_took_office")
def _chair(state: GovernanceState, event: ChairTookOffice) -> GovernanceState:
    chairs = in_order(state.chairs, event, lambda office: office.from_date)
    return attrs.evolve(state, chairs=chairs)


@evolves(DecisionTaken, "hom.decision_taken")
def _decided(state: GovernanceState, event: DecisionTaken) -> GovernanceState:
    decisions = in_order(
        state.decisions, event, lambda taken: taken.taken_on, lambda taken: taken.decision_id
    )
    return attrs.evolve(state, decisions=decisions)


@evolves(GovernorsReportIssued, "hom.governors_report_issued")
def _governors(state: GovernanceState, event: GovernorsReportIssued) -> GovernanceState:
    known = state.reports_to_governors.get(event.member_id, ())
    reports = inserted(known, event, lambda report: report.reported_on)
    return attrs.evolve(
        state, reports_to_governors={**state.reports_to_governors, event.member_id: reports}
    )


@evolves(StrategicDirectionMeetingHeld, "hom.strategic_direction_meeting_held")
def _direction(state: GovernanceState, event: StrategicDirectionMeetingHeld) -> GovernanceState:
    meetings = in_order(state.direction_meetings, event, lambda held: held.held_on)
    return attrs.evolve(state, direction_meetings=meetings)
