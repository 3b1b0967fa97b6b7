"""The governance questions (G1-G8): :class:`GovernanceView` and the records it answers with."""

from __future__ import annotations

import calendar as month_lengths
from datetime import date

import attrs

from hom_core.domain.calendar import Calendar, SchoolHalfTerm
from hom_core.domain.governance.chair import chair_candidates, pick_chair
from hom_core.domain.governance.events import (
    ChairTookOffice,
    DecisionTaken,
    GovernorsReportIssued,
    GroupReportedBack,
    StrategicDirectionMeetingHeld,
)
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.governance.state import GovernanceState, Group
from hom_core.domain.governance.vocabulary import GroupKind
from hom_core.domain.membership.state import Member
from hom_core.domain.membership.vocabulary import Role
from hom_core.people import PersonId

STRATEGIC_DIRECTION_EVERY_MONTHS = 12
"""G7: heads and chairs of governors meet "annually": a meeting is overdue when more than this
many months have passed since the last one (or since the partnership was formed)."""


def add_months(day: date, months: int) -> date:
    """``day`` moved on by ``months`` calendar months, clamped to the end of a shorter month
    (31 January + 1 month is 28 or 29 February)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, month_lengths.monthrange(year, month + 1)[1]))


@attrs.frozen
class Chair:
    """G2: the school whose head chairs the strategic group, its head on the day, and the term
    of office (the chair continues after ``until`` until the next rotation is recorded)."""

    member_id: str
    school: str
    head: PersonId | None
    from_date: date
    until: date


@attrs.frozen
class DeputiesChair:
    """G3: who chairs the Deputy and Assistant Heads group: the deputy head of the chair's
    school, for the same period. ``deputy`` is ``None`` when that school has no deputy head
    recorded; ``reason`` then says so."""

    member_id: str
    school: str
    deputy: PersonId | None
    from_date: date
    until: date
    reason: str | None = None


@attrs.frozen
class NetworkChair:
    """G4: one meeting of a group: when, which school hosted it, and who chaired it."""

    held_on: date
    host_member_id: str | None
    chair: PersonId | None


@attrs.frozen
class GroupsNotMet:
    """G1: the standing groups and networks that have not met in ``half_term``.

    ``in_holiday`` is true when the day asked about falls in no half term (a holiday): the
    answer is then for the last half term that ended before it.
    """

    half_term: SchoolHalfTerm
    in_holiday: bool
    groups: tuple[Group, ...]


def _last_half_term_ended(calendar: Calendar, day: date) -> SchoolHalfTerm:
    year = calendar.academic_year_of(day)
    ended = [
        half
        for academic_year in (year.previous(), year)
        for half in calendar.half_terms(academic_year)
        if half.last < day
    ]
    return max(ended, key=lambda half: half.last)


@attrs.frozen
class GovernanceView:
    """Governance questions (G1-G8) about the partnership as of ``day``."""

    inputs: GovernanceInputs
    day: date

    @property
    def _governance(self) -> GovernanceState:
        return self.inputs.governance

    # -- G1 groups ------------------------------------------------------------------------------

    def groups(self, kind: GroupKind | None = None) -> list[Group]:
        """G1: the groups open on the day (of ``kind``, if given), in order of establishment."""
        return [
            group
            for group in self._governance.groups.values()
            if group.is_open_on(self.day) and (kind is None or group.kind is kind)
        ]

    def group(self, group_id: str) -> Group | None:
        """The group ``group_id`` as of the day (open or closed), or ``None`` if not yet
        established."""
        return self._governance.groups.get(group_id)

    def half_term(self) -> SchoolHalfTerm | None:
        """C1: the half term the day falls in, by the partnership's calendar (``None`` in a
        holiday)."""
        return self.inputs.framework.calendar.half_term_on(self.day)

    def groups_not_met(self) -> GroupsNotMet:
        """G1: the standing groups and networks that have not met in the half term so far.

        The half term is the one containing the day; in a holiday it is the last half term
        that ended (``in_holiday`` says so). A group counts when it is open on the day asked
        (or, in a holiday, on that half term's last day), even if it was established during
        the half term; task groups do not count (they report back instead, G5).
        """
        calendar = self.inputs.framework.calendar
        half = calendar.half_term_on(self.day)
        in_holiday = half is None
        if half is None:
            half = _last_half_term_ended(calendar, self.day)
        last = min(self.day, half.last)
        missing = tuple(
            group
            for group in self._governance.groups.values()
            if group.kind.meets_each_half_term
            and group.is_open_on(last)
            and not group.met_between(half.first, last)
        )
        return GroupsNotMet(half, in_holiday, missing)

    # -- G2, G3 chairs -----------------------------------------------------------------------

    def chair(self) -> Chair | None:
        """G2: the school whose head chairs the strategic group on the day, with that head.

        ``None`` when no chair has taken office yet, or the chair's school has left (the
        chair is vacant until the next rotation). The head is the school's head on the day.
        """
        office = self._governance.office_on(self.day)
        if office is None:
            return None
        member = self.inputs.membership.members.get(office.member_id)
        if member is None or not member.is_member_on(self.day):
            return None
        return Chair(
            member.member_id,
            member.name,
            member.holder_on(Role.HEAD, self.day),
            office.from_date,
            office.until,
        )

    def next_chair(self) -> Member | None:
        """G2: the school a rotation on the day would pass the chair to (``None``: no school
        can take it)."""
        return pick_chair(self.inputs, self.day)

    def chairs(self) -> tuple[ChairTookOffice, ...]:
        """G2: every chair who took office by the day, in order."""
        return self._governance.chairs

    def rotation_due(self) -> bool:
        """G2: whether the chair should rotate: nobody holds it (and a school could), the term
        of office has ended, or the chair's school has left."""
        office = self._governance.office_on(self.day)
        if office is None:
            return bool(chair_candidates(self.inputs, self.day))
        return self.day > office.until or self.chair() is None

    def deputies_chair(self) -> DeputiesChair | None:
        """G3: the deputy head of the chair's school, who chairs the Deputy and Assistant Heads
        group for the same period; ``None`` when the strategic group has no chair on the day.

        When that school has no deputy head recorded, ``deputy`` is ``None`` and ``reason``
        says so.
        """
        chair = self.chair()
        if chair is None:
            return None
        member = self.inputs.membership.members[chair.member_id]
        deputy = member.holder_on(Role.DEPUTY_HEAD, self.day)
        reason = None
        if deputy is None:
            reason = (
                f"{member.name} holds the chair but has no deputy head recorded on {self.day}: "
                "record one with AppointRoleHolder(..., Role.DEPUTY_HEAD, ...)"
            )
        return DeputiesChair(
            chair.member_id, chair.school, deputy, chair.from_date, chair.until, reason
        )

    # -- G4 networks ----------------------------------------------------------------------------

    def network_chairs(self, group_id: str) -> list[NetworkChair]:
        """G4: each meeting of ``group_id`` so far: date, host school and chair (empty when the
        group is not established by the day)."""
        group = self._governance.groups.get(group_id)
        if group is None:
            return []
        return [
            NetworkChair(meeting.held_on, meeting.host_member_id, meeting.chair)
            for meeting in group.meetings
        ]

    # -- G5 task groups -------------------------------------------------------------------------

    def task_groups(self) -> list[Group]:
        """G5: the task groups open on the day."""
        return self.groups(GroupKind.TASK)

    def overdue_task_groups(self) -> list[Group]:
        """G5: the task groups past their agreed period and not closed by the day."""
        return [group for group in self._governance.groups.values() if group.overdue_on(self.day)]

    def reports(self, group_id: str) -> tuple[GroupReportedBack, ...]:
        """G5: what ``group_id`` reported back to the strategic group by the day."""
        group = self._governance.groups.get(group_id)
        return () if group is None else group.reports

    # -- G6 decisions ---------------------------------------------------------------------------

    def decisions(self) -> tuple[DecisionTaken, ...]:
        """G6: the strategic group's decisions by the day, in date order."""
        return self._governance.decisions

    def decision(self, decision_id: str) -> DecisionTaken | None:
        """G6: one decision, by id (``None`` if not taken by the day)."""
        for taken in self._governance.decisions:
            if taken.decision_id == decision_id:
                return taken
        return None

    # -- G7 governors ---------------------------------------------------------------------------

    def governors_reports(self, member_id: str | None = None) -> tuple[GovernorsReportIssued, ...]:
        """G7: reports to governors by the day, in date order (of one member school, if
        given)."""
        if member_id is None:
            return self._governance.governors_reports
        return self._governance.reports_to_governors.get(member_id, ())

    def last_strategic_direction_meeting(self) -> StrategicDirectionMeetingHeld | None:
        """G7: the last annual meeting of heads and chairs of governors by the day."""
        meetings = self._governance.direction_meetings
        return meetings[-1] if meetings else None

    def strategic_direction_meeting_overdue(self) -> bool:
        """G7: more than :data:`STRATEGIC_DIRECTION_EVERY_MONTHS` months have passed since the
        last strategic direction meeting (or, if none, since the partnership was formed)."""
        last = self.last_strategic_direction_meeting()
        since = last.held_on if last is not None else self.inputs.framework.formed_on
        if since is None:
            return False
        return self.day > add_months(since, STRATEGIC_DIRECTION_EVERY_MONTHS)

    # -- G8 review ------------------------------------------------------------------------------

    def last_review(self) -> date | None:
        """G8: the day the framework was last reviewed, by the day asked."""
        reviews = [day for day in self.inputs.framework.reviews if day <= self.day]
        return reviews[-1] if reviews else None

    def next_review_due(self) -> date | None:
        """G8: the last day for the next review: ``review_every_months`` after the last review
        (or, if none, after the partnership was formed); ``None`` before it was formed."""
        framework = self.inputs.framework
        since = self.last_review() or framework.formed_on
        if since is None:
            return None
        return add_months(since, framework.policies_on(self.day).review_every_months)

    def review_overdue(self) -> bool:
        """G8: no review within ``review_every_months`` of the last one (or of formation)."""
        due = self.next_review_due()
        return due is not None and self.day > due
