"""Governors (G7): reports to a member school's governors, the annual strategic direction
meeting."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.checks import formed, member_on
from hom_core.domain.governance.events import GovernorsReportIssued, StrategicDirectionMeetingHeld
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.errors import RuleViolation


@attrs.frozen
class ReportToGovernors:
    """G7: a member school's governors received a report on the partnership at their meeting
    (usually through the headteacher's report)."""

    member_id: str
    reported_on: date
    summary: str = ""


@decides(ReportToGovernors)
def decide_governors(command: ReportToGovernors, inputs: GovernanceInputs) -> list[object]:
    """G7: the governors of a member school receive a report, once a day at most."""
    formed(inputs, "G7", command.reported_on)
    member = member_on(inputs, command.member_id, command.reported_on, "G7", then=None)
    if not member.kind.is_school:
        raise RuleViolation(
            "G7", f"{member.name} is not a school: only member schools have governing bodies"
        )
    if any(
        report.reported_on == command.reported_on
        for report in inputs.governance.reports_to_governors.get(command.member_id, ())
    ):
        raise RuleViolation(
            "G7",
            f"a report to {member.name}'s governors on {command.reported_on} is already recorded",
        )
    return [GovernorsReportIssued(command.member_id, command.reported_on, command.summary)]


@attrs.frozen
class HoldStrategicDirectionMeeting:
    """G7: record the annual meeting of heads and chairs of governors (or their
    representatives) on the strategic direction, with the other stakeholders invited."""

    held_on: date
    invited: tuple[str, ...] = ()
    summary: str = ""


@decides(HoldStrategicDirectionMeeting)
def decide_direction(
    command: HoldStrategicDirectionMeeting, inputs: GovernanceInputs
) -> list[object]:
    """G7: one strategic direction meeting a day; invited stakeholders are named."""
    formed(inputs, "G7", command.held_on)
    if any(held.held_on == command.held_on for held in inputs.governance.direction_meetings):
        raise RuleViolation(
            "G7", f"a strategic direction meeting on {command.held_on} is already recorded"
        )
    if any(not guest.strip() for guest in command.invited):
        raise RuleViolation("G7", "name each invited stakeholder (an empty name was given)")
    return [StrategicDirectionMeetingHeld(command.held_on, tuple(command.invited), command.summary)]


@checks(GovernorsReportIssued)
def check_governors(event: GovernorsReportIssued, inputs: GovernanceInputs) -> None:
    """G7, R2: the report still went to the governors of a member school."""
    decide_governors(ReportToGovernors(event.member_id, event.reported_on, event.summary), inputs)
