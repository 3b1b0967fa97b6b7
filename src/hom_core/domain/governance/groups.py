"""Deciding groups and their meetings: establishing and disbanding groups and their meetings
(G1), who chairs a meeting by rule (G3, G4), task groups reporting back and closing (G5)."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.calendar import DateRange
from hom_core.domain.checks import formed, member_on
from hom_core.domain.governance.events import (
    GroupClosed,
    GroupEstablished,
    GroupReportedBack,
    MeetingHeld,
)
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.governance.state import Group
from hom_core.domain.governance.vocabulary import (
    BUSINESS_GROUP,
    DEPUTIES_GROUP,
    EYFS_GROUP,
    STRATEGIC_GROUP,
    ChairRule,
    GroupKind,
)
from hom_core.domain.membership.state import Member
from hom_core.domain.membership.vocabulary import Role
from hom_core.errors import RuleViolation
from hom_core.people import PersonId


def _group(inputs: GovernanceInputs, group_id: str, rule: str) -> Group:
    group = inputs.governance.groups.get(group_id)
    if group is None:
        if group_id == STRATEGIC_GROUP:
            raise RuleViolation(
                rule,
                "the strategic group (the Headteachers' group) is recorded through its chair "
                "(RotateChair), its decisions (TakeDecision) and its reviews, not as a group",
            )
        known = ", ".join(sorted(inputs.governance.groups)) or "none yet"
        raise RuleViolation(
            rule,
            f"no group {group_id!r} has been established (known: {known}): establish it with "
            "EstablishGroup first",
        )
    return group


def _open_group(inputs: GovernanceInputs, group_id: str, day: date, rule: str) -> Group:
    group = _group(inputs, group_id, rule)
    if day < group.established_on:
        raise RuleViolation(
            rule, f"{group.name} was established on {group.established_on}, after {day}"
        )
    if group.closed_on is not None and day > group.closed_on:
        raise RuleViolation(
            rule, f"{group.name} closed on {group.closed_on}: nothing can be recorded after it"
        )
    return group


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


@decides(EstablishGroup)
def decide_establish(command: EstablishGroup, inputs: GovernanceInputs) -> list[object]:
    """G1, G5: a new group id and a name; a period for a task group and only for one."""
    rule = "G5" if command.kind is GroupKind.TASK else "G1"
    formed(inputs, rule, command.established_on)
    if not command.group_id or not command.name.strip():
        raise RuleViolation(rule, "a group needs a group_id and a name")
    if command.group_id == STRATEGIC_GROUP:
        raise RuleViolation(
            "G1",
            f"{STRATEGIC_GROUP!r} is the strategic group (the Headteachers' group), which every "
            "partnership has: choose another group_id",
        )
    existing = inputs.governance.groups.get(command.group_id)
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


def _deputy_chair(inputs: GovernanceInputs, day: date) -> PersonId:
    office = inputs.governance.office_on(day)
    if office is None:
        raise RuleViolation(
            "G3",
            f"no head chairs the strategic group on {day}, so no deputy chairs the Deputy and "
            "Assistant Heads group: rotate the chair first (RotateChair)",
        )
    school = member_on(inputs, office.member_id, day, "G3", then=None)
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


@decides(HoldMeeting)
def decide_meeting(command: HoldMeeting, inputs: GovernanceInputs) -> list[object]:
    """G1, G3, G4: an open group meets at most once a day; its chair follows its chair rule."""
    known = inputs.governance.groups.get(command.group_id)
    rule = "G4" if known is not None and known.chair_rule.host_role is not None else "G1"
    group = _open_group(inputs, command.group_id, command.held_on, rule)
    if group.met_on(command.held_on):
        raise RuleViolation(
            "G1", f"a meeting of {group.name} on {command.held_on} is already recorded"
        )
    host = None
    if command.host_member_id is not None:
        host = member_on(inputs, command.host_member_id, command.held_on, rule, then=None)
    chair = command.chair
    role = group.chair_rule.host_role
    if role is not None:
        chair = _host_chair(group, host, role, command.held_on)
    elif group.chair_rule is ChairRule.DEPUTY_OF_CHAIRS_SCHOOL:
        chair = _deputy_chair(inputs, command.held_on)
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


@attrs.frozen
class ReportBack:
    """G5: a group reports back to the strategic group."""

    group_id: str
    reported_on: date
    summary: str


@decides(ReportBack)
def decide_report_back(command: ReportBack, inputs: GovernanceInputs) -> list[object]:
    """G5: an open group reports back with something to say."""
    group = _open_group(inputs, command.group_id, command.reported_on, "G5")
    if not command.summary.strip():
        raise RuleViolation("G5", f"a report back from {group.name} needs a summary")
    return [GroupReportedBack(command.group_id, command.reported_on, command.summary)]


def _close(inputs: GovernanceInputs, group_id: str, day: date, reason: str) -> list[object]:
    group = _open_group(inputs, group_id, day, "G5")
    if group.closed_on is not None:
        raise RuleViolation("G5", f"{group.name} was already closed on {group.closed_on}")
    return [GroupClosed(group_id, day, reason)]


@attrs.frozen
class CloseTaskGroup:
    """G5: a task group's work is done; ``closed_on`` is its last day."""

    group_id: str
    closed_on: date
    reason: str = ""


@decides(CloseTaskGroup)
def decide_close(command: CloseTaskGroup, inputs: GovernanceInputs) -> list[object]:
    """G5: close an open task group."""
    group = _group(inputs, command.group_id, "G5")
    if group.kind is not GroupKind.TASK:
        raise RuleViolation(
            "G5",
            f"{group.name} is a {group.kind.value} group, not a task group: use DisbandGroup",
        )
    return _close(inputs, command.group_id, command.closed_on, command.reason)


@attrs.frozen
class DisbandGroup:
    """G1: the strategic group disbands a standing group or network; ``disbanded_on`` is its
    last day (after it, the group is no longer expected to meet)."""

    group_id: str
    disbanded_on: date
    reason: str = ""


@decides(DisbandGroup)
def decide_disband(command: DisbandGroup, inputs: GovernanceInputs) -> list[object]:
    """G1: disband an open standing group or network."""
    group = _group(inputs, command.group_id, "G1")
    if group.kind is GroupKind.TASK:
        raise RuleViolation("G1", f"{group.name} is a task group: use CloseTaskGroup")
    return _close(inputs, command.group_id, command.disbanded_on, command.reason)


# -- checks of recorded facts, read in effective-date order (R2) -----------------------------


@checks(MeetingHeld)
def check_meeting(event: MeetingHeld, inputs: GovernanceInputs) -> None:
    """G1, G3, G4, R2: the group is still open on the day and met once that day, at a member
    school, and its chair rule still names a chair that day. Who chaired is kept as recorded."""
    decide_meeting(
        HoldMeeting(event.group_id, event.held_on, event.host_member_id, None, event.summary),
        inputs,
    )


@checks(GroupReportedBack)
def check_report_back(event: GroupReportedBack, inputs: GovernanceInputs) -> None:
    """G5, R2: the group is still open on the day it reports back."""
    decide_report_back(ReportBack(event.group_id, event.reported_on, event.summary), inputs)


@checks(GroupClosed)
def check_closed(event: GroupClosed, inputs: GovernanceInputs) -> None:
    """G1, G5, R2: the group is still open, and established, on the day it closes."""
    group = _group(inputs, event.group_id, "G5")
    if group.kind is GroupKind.TASK:
        decide_close(CloseTaskGroup(event.group_id, event.closed_on, event.reason), inputs)
    else:
        decide_disband(DisbandGroup(event.group_id, event.closed_on, event.reason), inputs)


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
