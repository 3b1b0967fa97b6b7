"""Governance (G1-G8): the strategic group and its rotating chair, standing groups, networks and
task groups, democratic decisions, reports to governors, and the annual review.

- **G1** The Headteachers' group is the strategic group: it is implicit (every partnership has
  one, made of the heads of its member schools) and it establishes every other group
  (:class:`EstablishGroup`): *standing groups* (the agreement's Deputy and Assistant Heads
  Network, EYFS Network and Office/Business Managers Group), *networks* (Early Years, SEND,
  Maths... in the later text) and *task groups*. Standing groups and networks usually meet each
  half term (:class:`HoldMeeting`); :meth:`GovernanceView.groups_not_met` shows which have not.
- **G2** The strategic group's chair rotates among the member schools (:class:`RotateChair`).
- **G3** The Deputy and Assistant Heads group is chaired by the deputy head of the chair's school,
  for the same period (:meth:`GovernanceView.deputies_chair`).
- **G4** The EYFS and Business networks are chaired by the staff representative of the school
  hosting the meeting: :class:`HoldMeeting` works the chair out and records it.
- **G5** Task groups run for an agreed period and report back (:class:`ReportBack`,
  :class:`CloseTaskGroup`, :meth:`GovernanceView.overdue_task_groups`).
- **G6** Decisions are democratic: one member school, one vote (:class:`TakeDecision`).
- **G7** Governors receive a report at each governors' meeting (:class:`ReportToGovernors`);
  heads and chairs of governors meet annually on the strategic direction
  (:class:`HoldStrategicDirectionMeeting`).
- **G8** The framework is reviewed annually: the reviews are framework events
  (:class:`~hom_core.domain.framework.ReviewFramework`); :class:`GovernanceView` says when the
  last was and whether one is overdue.

Commands are decided against the whole :class:`~hom_core.domain.state.PartnershipState`; their
events change only :class:`GovernanceState`. People appear only as opaque person ids.
"""

from __future__ import annotations

import calendar as month_lengths
import enum
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from hom_core.domain.calendar import Calendar, DateRange, SchoolHalfTerm, end_after_terms
from hom_core.domain.membership import Member, Role
from hom_core.domain.people import PersonId
from hom_core.errors import RuleViolation
from hom_core.events import EventType

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState

__all__ = [
    "BUSINESS_GROUP",
    "DEPUTIES_GROUP",
    "EYFS_GROUP",
    "STRATEGIC_DIRECTION_EVERY_MONTHS",
    "STRATEGIC_GROUP",
    "Chair",
    "ChairRule",
    "ChairTookOffice",
    "CloseTaskGroup",
    "DecisionTaken",
    "DeputiesChair",
    "DisbandGroup",
    "EstablishGroup",
    "GovernanceState",
    "GovernanceView",
    "GovernorsReportIssued",
    "Group",
    "GroupClosed",
    "GroupEstablished",
    "GroupKind",
    "GroupReportedBack",
    "GroupsNotMet",
    "HoldMeeting",
    "HoldStrategicDirectionMeeting",
    "MeetingHeld",
    "NetworkChair",
    "ReportBack",
    "ReportToGovernors",
    "RotateChair",
    "StrategicDirectionMeetingHeld",
    "TakeDecision",
    "Vote",
    "add_months",
    "agreement_standing_groups",
    "chair_candidates",
    "member_schools",
    "pick_chair",
]

STRATEGIC_GROUP = "headteachers"
"""The id of the Headteachers' group, the strategic group (G1): it exists in every partnership
and is never established by a command, so no other group may take this id."""

DEPUTIES_GROUP = "deputies"
"""The id :func:`agreement_standing_groups` gives the Deputy and Assistant Heads Network (G3)."""

EYFS_GROUP = "eyfs"
"""The id :func:`agreement_standing_groups` gives the EYFS Network (G4)."""

BUSINESS_GROUP = "business"
"""The id :func:`agreement_standing_groups` gives the Office/Business Managers Group (G4)."""

STRATEGIC_DIRECTION_EVERY_MONTHS = 12
"""G7: heads and chairs of governors meet "annually": a meeting is overdue when more than this
many months have passed since the last one (or since the partnership was formed)."""


class GroupKind(enum.Enum):
    """What kind of group the strategic group established (G1, G5)."""

    STANDING = "standing"
    """A permanent standing group of the agreement; meets each half term."""
    NETWORK = "network"
    """A network per subject or role (Early Years, SEND, Maths...); meets each half term."""
    TASK = "task"
    """A task group for a specific piece of work, for an agreed period (G5)."""

    @property
    def meets_each_half_term(self) -> bool:
        """True for the kinds that usually meet each half term (G1): standing groups, networks."""
        return self is not GroupKind.TASK


class ChairRule(enum.Enum):
    """Who chairs a group's meetings."""

    RECORDED = "recorded"
    """Whoever the meeting records as its chair (or nobody)."""
    DEPUTY_OF_CHAIRS_SCHOOL = "deputy_of_chairs_school"
    """G3: the deputy head of the school whose head chairs the strategic group."""
    HOST_EYFS_REPRESENTATIVE = "host_eyfs_representative"
    """G4: the EYFS representative of the school hosting the meeting."""
    HOST_BUSINESS_REPRESENTATIVE = "host_business_representative"
    """G4: the business representative of the school hosting the meeting."""

    @property
    def host_role(self) -> Role | None:
        """The role at the host school whose holder chairs the meeting (G4), if any."""
        return _HOST_ROLES.get(self)


_HOST_ROLES = {
    ChairRule.HOST_EYFS_REPRESENTATIVE: Role.EYFS_REPRESENTATIVE,
    ChairRule.HOST_BUSINESS_REPRESENTATIVE: Role.BUSINESS_REPRESENTATIVE,
}


class Vote(enum.Enum):
    """One member school's vote on a motion (G6)."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


# -- events ----------------------------------------------------------------------------------


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


EVENT_TYPES = (
    EventType("hom.group_established", GroupEstablished),
    EventType("hom.meeting_held", MeetingHeld),
    EventType("hom.group_reported_back", GroupReportedBack),
    EventType("hom.group_closed", GroupClosed),
    EventType("hom.chair_took_office", ChairTookOffice),
    EventType("hom.decision_taken", DecisionTaken),
    EventType("hom.governors_report_issued", GovernorsReportIssued),
    EventType("hom.strategic_direction_meeting_held", StrategicDirectionMeetingHeld),
)


# -- state -----------------------------------------------------------------------------------


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
    meetings: tuple[MeetingHeld, ...] = ()
    reports: tuple[GroupReportedBack, ...] = ()

    def is_open_on(self, day: date) -> bool:
        """Established by ``day`` and not closed before it (a group meets on its last day)."""
        return self.established_on <= day and (self.closed_on is None or day <= self.closed_on)

    def met_between(self, first: date, last: date) -> bool:
        """Whether the group met on a day from ``first`` to ``last`` (both included)."""
        return any(first <= meeting.held_on <= last for meeting in self.meetings)

    def overdue_on(self, day: date) -> bool:
        """G5: a task group past its agreed period on ``day`` and not closed by then."""
        return (
            self.kind is GroupKind.TASK
            and self.period is not None
            and self.period.last < day
            and (self.closed_on is None or self.closed_on > day)
        )


@attrs.frozen
class GovernanceState:
    """Groups, chairs, decisions, reports to governors and strategic direction meetings."""

    groups: dict[str, Group] = attrs.field(factory=dict)
    chairs: tuple[ChairTookOffice, ...] = ()
    decisions: tuple[DecisionTaken, ...] = ()
    governors_reports: tuple[GovernorsReportIssued, ...] = ()
    direction_meetings: tuple[StrategicDirectionMeetingHeld, ...] = ()

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


def _met(state: GovernanceState, event: MeetingHeld) -> GovernanceState:
    group = state.groups.get(event.group_id)
    if group is None:
        return state
    meetings = tuple(sorted((*group.meetings, event), key=lambda meeting: meeting.held_on))
    return _with_group(state, attrs.evolve(group, meetings=meetings))


def _reported(state: GovernanceState, event: GroupReportedBack) -> GovernanceState:
    group = state.groups.get(event.group_id)
    if group is None:
        return state
    reports = tuple(sorted((*group.reports, event), key=lambda report: report.reported_on))
    return _with_group(state, attrs.evolve(group, reports=reports))


def _closed(state: GovernanceState, event: GroupClosed) -> GovernanceState:
    group = state.groups.get(event.group_id)
    if group is None:
        return state
    return _with_group(
        state, attrs.evolve(group, closed_on=event.closed_on, closure_reason=event.reason)
    )


def _chair(state: GovernanceState, event: ChairTookOffice) -> GovernanceState:
    chairs = [office for office in state.chairs if office.from_date != event.from_date]
    chairs.append(event)
    chairs.sort(key=lambda office: office.from_date)
    return attrs.evolve(state, chairs=tuple(chairs))


def _decided(state: GovernanceState, event: DecisionTaken) -> GovernanceState:
    decisions = [taken for taken in state.decisions if taken.decision_id != event.decision_id]
    decisions.append(event)
    decisions.sort(key=lambda taken: taken.taken_on)
    return attrs.evolve(state, decisions=tuple(decisions))


def _governors(state: GovernanceState, event: GovernorsReportIssued) -> GovernanceState:
    reports = sorted((*state.governors_reports, event), key=lambda report: report.reported_on)
    return attrs.evolve(state, governors_reports=tuple(reports))


def _direction(state: GovernanceState, event: StrategicDirectionMeetingHeld) -> GovernanceState:
    meetings = [held for held in state.direction_meetings if held.held_on != event.held_on]
    meetings.append(event)
    meetings.sort(key=lambda held: held.held_on)
    return attrs.evolve(state, direction_meetings=tuple(meetings))


EVOLVERS: dict[type, Any] = {
    GroupEstablished: _established,
    MeetingHeld: _met,
    GroupReportedBack: _reported,
    GroupClosed: _closed,
    ChairTookOffice: _chair,
    DecisionTaken: _decided,
    GovernorsReportIssued: _governors,
    StrategicDirectionMeetingHeld: _direction,
}
"""Event class -> ``evolve(governance_state, event)``."""


# -- commands --------------------------------------------------------------------------------


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


def _require_formed(state: PartnershipState, rule: str, day: date) -> None:
    formed_on = state.framework.formed_on
    if formed_on is None:
        raise RuleViolation(
            rule, "the partnership has not been formed yet: give FormPartnership first"
        )
    if day < formed_on:
        raise RuleViolation(
            rule, f"{day} is before the partnership was formed on {formed_on}: check the date"
        )


def _group(state: PartnershipState, group_id: str, rule: str) -> Group:
    group = state.governance.groups.get(group_id)
    if group is None:
        if group_id == STRATEGIC_GROUP:
            raise RuleViolation(
                rule,
                "the strategic group (the Headteachers' group) is recorded through its chair "
                "(RotateChair), its decisions (TakeDecision) and its reviews, not as a group",
            )
        known = ", ".join(sorted(state.governance.groups)) or "none yet"
        raise RuleViolation(
            rule,
            f"no group {group_id!r} has been established (known: {known}): establish it with "
            "EstablishGroup first",
        )
    return group


def _open_group(state: PartnershipState, group_id: str, day: date, rule: str) -> Group:
    group = _group(state, group_id, rule)
    if day < group.established_on:
        raise RuleViolation(
            rule, f"{group.name} was established on {group.established_on}, after {day}"
        )
    if group.closed_on is not None and day > group.closed_on:
        raise RuleViolation(
            rule, f"{group.name} closed on {group.closed_on}: nothing can be recorded after it"
        )
    return group


def _member_on(state: PartnershipState, member_id: str, day: date, rule: str) -> Member:
    member = state.membership.members.get(member_id)
    if member is None:
        raise RuleViolation(
            rule, f"{member_id!r} has never joined the partnership: check the member id"
        )
    if not member.is_member_on(day):
        raise RuleViolation(rule, f"{member.name} is not a member on {day}")
    return member


def decide_establish(command: EstablishGroup, state: PartnershipState) -> list[object]:
    """G1, G5: a new group id and a name; a period for a task group and only for one."""
    rule = "G5" if command.kind is GroupKind.TASK else "G1"
    _require_formed(state, rule, command.established_on)
    if not command.group_id or not command.name.strip():
        raise RuleViolation(rule, "a group needs a group_id and a name")
    if command.group_id == STRATEGIC_GROUP:
        raise RuleViolation(
            "G1",
            f"{STRATEGIC_GROUP!r} is the strategic group (the Headteachers' group), which every "
            "partnership has: choose another group_id",
        )
    existing = state.governance.groups.get(command.group_id)
    if existing is not None:
        raise RuleViolation(
            rule,
            f"a group {command.group_id!r} ({existing.name}) was already established on "
            f"{existing.established_on}: group ids are never reused, choose another",
        )
    if command.kind is GroupKind.TASK:
        if command.period is None:
            raise RuleViolation(
                "G5",
                f"task group {command.name} needs the period the strategic group agreed for it: "
                "give period=DateRange(first, last)",
            )
        if command.period.last < command.established_on:
            raise RuleViolation(
                "G5",
                f"task group {command.name}'s period ends on {command.period.last}, before it "
                f"is established on {command.established_on}: check the dates",
            )
    elif command.period is not None:
        raise RuleViolation(
            "G1",
            f"{command.name} is a {command.kind.value} group, which is permanent: give a period "
            "only for a task group (kind=GroupKind.TASK), or disband it later with DisbandGroup",
        )
    return [
        GroupEstablished(
            command.group_id,
            command.name.strip(),
            command.kind,
            command.chair_rule,
            command.established_on,
            command.remit,
            command.period,
        )
    ]


def _deputy_chair(state: PartnershipState, day: date) -> PersonId:
    office = state.governance.office_on(day)
    if office is None:
        raise RuleViolation(
            "G3",
            f"no head chairs the strategic group on {day}, so no deputy chairs the Deputy and "
            "Assistant Heads group: rotate the chair first (RotateChair)",
        )
    school = _member_on(state, office.member_id, day, "G3")
    deputy = school.holder_on(Role.DEPUTY_HEAD, day)
    if deputy is None:
        raise RuleViolation(
            "G3",
            f"{school.name} holds the chair on {day} but has no deputy head recorded: record "
            "one with AppointRoleHolder(..., Role.DEPUTY_HEAD, ...) first",
        )
    return deputy


def _host_chair(group: Group, host: Member | None, role: Role, day: date) -> PersonId:
    role_name = role.value.replace("_", " ")
    if host is None:
        raise RuleViolation(
            "G4",
            f"{group.name} is chaired by the {role_name} of the school hosting the meeting: "
            "give host_member_id",
        )
    chair = host.holder_on(role, day)
    if chair is None:
        raise RuleViolation(
            "G4",
            f"{host.name} hosts {group.name} on {day} but has no {role_name} recorded: record "
            f"one with AppointRoleHolder(..., Role.{role.name}, ...) first",
        )
    return chair


def decide_meeting(command: HoldMeeting, state: PartnershipState) -> list[object]:
    """G1, G3, G4: an open group meets at most once a day; its chair follows its chair rule."""
    known = state.governance.groups.get(command.group_id)
    rule = "G4" if known is not None and known.chair_rule.host_role is not None else "G1"
    group = _open_group(state, command.group_id, command.held_on, rule)
    if any(meeting.held_on == command.held_on for meeting in group.meetings):
        raise RuleViolation(
            "G1", f"a meeting of {group.name} on {command.held_on} is already recorded"
        )
    host = None
    if command.host_member_id is not None:
        host = _member_on(state, command.host_member_id, command.held_on, rule)
    chair = command.chair
    role = group.chair_rule.host_role
    if role is not None:
        chair = _host_chair(group, host, role, command.held_on)
    elif group.chair_rule is ChairRule.DEPUTY_OF_CHAIRS_SCHOOL:
        chair = _deputy_chair(state, command.held_on)
    if command.chair is not None and command.chair != chair:
        raise RuleViolation(
            "G3" if group.chair_rule is ChairRule.DEPUTY_OF_CHAIRS_SCHOOL else "G4",
            f"{group.name} is chaired by rule ({group.chair_rule.value}): on {command.held_on} "
            f"that is {chair}, not {command.chair}; leave chair out to record the rule's chair",
        )
    return [
        MeetingHeld(
            command.group_id, command.held_on, command.host_member_id, chair, command.summary
        )
    ]


def decide_report_back(command: ReportBack, state: PartnershipState) -> list[object]:
    """G5: an open group reports back with something to say."""
    group = _open_group(state, command.group_id, command.reported_on, "G5")
    if not command.summary.strip():
        raise RuleViolation("G5", f"a report back from {group.name} needs a summary")
    return [GroupReportedBack(command.group_id, command.reported_on, command.summary)]


def _close(state: PartnershipState, group_id: str, day: date, reason: str) -> list[object]:
    group = _open_group(state, group_id, day, "G5")
    if group.closed_on is not None:
        raise RuleViolation("G5", f"{group.name} was already closed on {group.closed_on}")
    return [GroupClosed(group_id, day, reason)]


def decide_close(command: CloseTaskGroup, state: PartnershipState) -> list[object]:
    """G5: close an open task group."""
    group = _group(state, command.group_id, "G5")
    if group.kind is not GroupKind.TASK:
        raise RuleViolation(
            "G5",
            f"{group.name} is a {group.kind.value} group, not a task group: use DisbandGroup",
        )
    return _close(state, command.group_id, command.closed_on, command.reason)


def decide_disband(command: DisbandGroup, state: PartnershipState) -> list[object]:
    """G1: disband an open standing group or network."""
    group = _group(state, command.group_id, "G1")
    if group.kind is GroupKind.TASK:
        raise RuleViolation("G1", f"{group.name} is a task group: use CloseTaskGroup")
    return _close(state, command.group_id, command.disbanded_on, command.reason)


def chair_candidates(state: PartnershipState, day: date) -> list[Member]:
    """G2: the schools that may take the chair on ``day``, in rotation order.

    Member schools (not other kinds of member), not under notice on ``day``. The order is the
    policy's ``chair_order`` where it lists them, then the others in order of joining (the
    default order when the policy lists none).
    """
    candidates = []
    for member in state.membership.on(day):
        membership = member.membership_on(day)
        if member.kind.is_school and membership is not None and not membership.under_notice_on(day):
            candidates.append(member)
    candidates.sort(key=lambda member: _rotation_key(state, member, day))
    return candidates


def _rotation_key(state: PartnershipState, member: Member, day: date) -> tuple[int, int, date, int]:
    """Where ``member`` stands in the rotation on ``day`` (also for a school that has left)."""
    order = state.framework.policies_on(day).chair_order
    first_joined = list(state.membership.members).index(member.member_id)
    if member.member_id in order:
        return 0, order.index(member.member_id), date.min, first_joined
    joined = max(
        (period.joined_on for period in member.memberships if period.joined_on <= day),
        default=date.max,
    )
    return 1, 0, joined, first_joined


def pick_chair(state: PartnershipState, day: date) -> Member | None:
    """G2: the school a rotation on ``day`` passes the chair to, or ``None`` if none can take it.

    The next candidate after the current chair's school in rotation order, wrapping round;
    the first candidate when nobody has chaired yet.
    """
    candidates = chair_candidates(state, day)
    if not candidates:
        return None
    office = state.governance.office_on(day)
    previous = None if office is None else state.membership.members.get(office.member_id)
    if previous is None:
        return candidates[0]
    after = _rotation_key(state, previous, day)
    for member in candidates:
        if _rotation_key(state, member, day) > after:
            return member
    return candidates[0]


def decide_rotate(command: RotateChair, state: PartnershipState) -> list[object]:
    """G2: the next school in turn takes the chair for the policy's term of office."""
    _require_formed(state, "G2", command.on)
    chairs = state.governance.chairs
    last = chairs[-1] if chairs else None
    if last is not None and command.on <= last.from_date:
        raise RuleViolation(
            "G2",
            f"the chair last rotated on {last.from_date}: a rotation must come after it",
        )
    if last is not None and command.on <= last.until and not command.early:
        candidates = {member.member_id: member for member in chair_candidates(state, command.on)}
        school = candidates.get(last.member_id)
        if school is not None:
            raise RuleViolation(
                "G2",
                f"the head of {school.name} chairs until {last.until}: rotate after that, or "
                "give early=True for an early handover the strategic group agreed",
            )
    chosen = pick_chair(state, command.on)
    if chosen is None:
        raise RuleViolation(
            "G2",
            f"no member school can take the chair on {command.on}: every school is under notice "
            "or there are none",
        )
    head = chosen.holder_on(Role.HEAD, command.on)
    if head is None:
        raise RuleViolation(
            "G2",
            f"{chosen.name} has no headteacher recorded on {command.on}: record one with "
            "AppointRoleHolder(..., Role.HEAD, ...) first",
        )
    framework = state.framework
    terms = framework.policies_on(command.on).chair_term_terms
    until = end_after_terms(framework.calendar, command.on, terms)
    return [ChairTookOffice(chosen.member_id, head, command.on, until)]


def member_schools(state: PartnershipState, day: date) -> list[Member]:
    """G6: the member schools on ``day`` (members of other kinds have no vote)."""
    return [member for member in state.membership.on(day) if member.kind.is_school]


def decide_decision(command: TakeDecision, state: PartnershipState) -> list[object]:
    """G6: only member schools vote, once each, and at least the quorum of them must vote."""
    _require_formed(state, "G6", command.taken_on)
    if not command.decision_id or not command.motion.strip():
        raise RuleViolation("G6", "a decision needs a decision_id and a motion")
    if any(taken.decision_id == command.decision_id for taken in state.governance.decisions):
        raise RuleViolation(
            "G6", f"decision {command.decision_id!r} is already recorded: use a new id"
        )
    day = command.taken_on
    seen: set[str] = set()
    for member_id, vote in command.votes:
        member = _member_on(state, member_id, day, "G6")
        if not member.kind.is_school:
            raise RuleViolation(
                "G6",
                f"{member.name} is a {member.kind.value} member, not a school: one member school, "
                "one vote",
            )
        if not isinstance(vote, Vote):
            raise RuleViolation(
                "G6", f"{member.name}'s vote {vote!r} is not a Vote (FOR, AGAINST or ABSTAIN)"
            )
        if member_id in seen:
            raise RuleViolation("G6", f"{member.name} voted twice: one member school, one vote")
        seen.add(member_id)
    schools = len(member_schools(state, day))
    quorum = state.framework.policies_on(day).quorum
    if schools == 0 or Decimal(len(seen)) < quorum * schools:
        raise RuleViolation(
            "G6",
            f"{len(seen)} of {schools} member schools voted on {day}, fewer than the quorum of "
            f"{quorum:%} of them: the decision does not stand without more votes",
        )
    votes = tuple((member_id, vote) for member_id, vote in command.votes)
    carried = sum(v is Vote.FOR for _, v in votes) > sum(v is Vote.AGAINST for _, v in votes)
    return [
        DecisionTaken(command.decision_id, command.motion.strip(), day, votes, schools, carried)
    ]


def decide_governors(command: ReportToGovernors, state: PartnershipState) -> list[object]:
    """G7: the governors of a member school receive a report, once a day at most."""
    _require_formed(state, "G7", command.reported_on)
    member = _member_on(state, command.member_id, command.reported_on, "G7")
    if not member.kind.is_school:
        raise RuleViolation(
            "G7", f"{member.name} is not a school: only member schools have governing bodies"
        )
    if any(
        report.member_id == command.member_id and report.reported_on == command.reported_on
        for report in state.governance.governors_reports
    ):
        raise RuleViolation(
            "G7",
            f"a report to {member.name}'s governors on {command.reported_on} is already recorded",
        )
    return [GovernorsReportIssued(command.member_id, command.reported_on, command.summary)]


def decide_direction(
    command: HoldStrategicDirectionMeeting, state: PartnershipState
) -> list[object]:
    """G7: one strategic direction meeting a day; invited stakeholders are named."""
    _require_formed(state, "G7", command.held_on)
    if any(held.held_on == command.held_on for held in state.governance.direction_meetings):
        raise RuleViolation(
            "G7", f"a strategic direction meeting on {command.held_on} is already recorded"
        )
    if any(not guest.strip() for guest in command.invited):
        raise RuleViolation("G7", "name each invited stakeholder (an empty name was given)")
    return [StrategicDirectionMeetingHeld(command.held_on, tuple(command.invited), command.summary)]


DECIDERS: dict[type, Any] = {
    EstablishGroup: decide_establish,
    HoldMeeting: decide_meeting,
    ReportBack: decide_report_back,
    CloseTaskGroup: decide_close,
    DisbandGroup: decide_disband,
    RotateChair: decide_rotate,
    TakeDecision: decide_decision,
    ReportToGovernors: decide_governors,
    HoldStrategicDirectionMeeting: decide_direction,
}
"""Command class -> ``decide(command, partnership_state) -> events``."""


# -- queries ---------------------------------------------------------------------------------


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

    state: PartnershipState
    day: date

    @property
    def _governance(self) -> GovernanceState:
        return self.state.governance

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
        return self.state.framework.calendar.half_term_on(self.day)

    def groups_not_met(self) -> GroupsNotMet:
        """G1: the standing groups and networks that have not met in the half term so far.

        The half term is the one containing the day; in a holiday it is the last half term
        that ended (``in_holiday`` says so). A group counts when it is open on the day asked
        (or, in a holiday, on that half term's last day), even if it was established during
        the half term; task groups do not count (they report back instead, G5).
        """
        calendar = self.state.framework.calendar
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
        member = self.state.membership.members.get(office.member_id)
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
        return pick_chair(self.state, self.day)

    def chairs(self) -> tuple[ChairTookOffice, ...]:
        """G2: every chair who took office by the day, in order."""
        return self._governance.chairs

    def rotation_due(self) -> bool:
        """G2: whether the chair should rotate: nobody holds it (and a school could), the term
        of office has ended, or the chair's school has left."""
        office = self._governance.office_on(self.day)
        if office is None:
            return bool(chair_candidates(self.state, self.day))
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
        member = self.state.membership.members[chair.member_id]
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
        """G7: reports to governors by the day (of one member school, if given)."""
        return tuple(
            report
            for report in self._governance.governors_reports
            if member_id is None or report.member_id == member_id
        )

    def last_strategic_direction_meeting(self) -> StrategicDirectionMeetingHeld | None:
        """G7: the last annual meeting of heads and chairs of governors by the day."""
        meetings = self._governance.direction_meetings
        return meetings[-1] if meetings else None

    def strategic_direction_meeting_overdue(self) -> bool:
        """G7: more than :data:`STRATEGIC_DIRECTION_EVERY_MONTHS` months have passed since the
        last strategic direction meeting (or, if none, since the partnership was formed)."""
        last = self.last_strategic_direction_meeting()
        since = last.held_on if last is not None else self.state.framework.formed_on
        if since is None:
            return False
        return self.day > add_months(since, STRATEGIC_DIRECTION_EVERY_MONTHS)

    # -- G8 review ------------------------------------------------------------------------------

    def last_review(self) -> date | None:
        """G8: the day the framework was last reviewed, by the day asked."""
        reviews = [day for day in self.state.framework.reviews if day <= self.day]
        return reviews[-1] if reviews else None

    def next_review_due(self) -> date | None:
        """G8: the last day for the next review: ``review_every_months`` after the last review
        (or, if none, after the partnership was formed); ``None`` before it was formed."""
        framework = self.state.framework
        since = self.last_review() or framework.formed_on
        if since is None:
            return None
        return add_months(since, framework.policies_on(self.day).review_every_months)

    def review_overdue(self) -> bool:
        """G8: no review within ``review_every_months`` of the last one (or of formation)."""
        due = self.next_review_due()
        return due is not None and self.day > due
