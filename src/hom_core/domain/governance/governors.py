"""Governors (G7): reports to a member school's governors, the annual strategic direction
meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hom_core.domain.governance.checks import _member_on, _require_formed
from hom_core.domain.governance.commands import HoldStrategicDirectionMeeting, ReportToGovernors
from hom_core.domain.governance.events import GovernorsReportIssued, StrategicDirectionMeetingHeld
from hom_core.errors import RuleViolation

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


def decide_governors(command: ReportToGovernors, state: PartnershipState) -> list[object]:
    """G7: the governors of a member school receive a report, once a day at most."""
    _require_formed(state, "G7", command.reported_on)
    member = _member_on(state, command.member_id, command.reported_on, "G7")
    if not member.kind.is_school:
        raise RuleViolation(
            "G7", f"{member.name} is not a school: only member schools have governing bodies"
        )
    if any(
        report.reported_on == command.reported_on
        for report in state.governance.reports_to_governors.get(command.member_id, ())
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
