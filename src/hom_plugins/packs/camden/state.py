"""The Camden cluster's state, and how each of the pack's events changes it.

The pack's ``evolve`` is pure and total: events of the core's, and findings for an enquiry it
has not seen, leave the state as it is.
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import evolves
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.history import in_order
from hom_core.domain.membership.state import MembershipState
from hom_core.domain.values import AcademicYear
from hom_plugins.packs.camden.events import (
    EnquiryHeld,
    FindingsRecorded,
    ImprovementFocusRecorded,
    TrainingSessionHeld,
)

__all__ = ["CamdenInputs", "CamdenState", "Enquiry"]


@attrs.frozen
class Enquiry:
    """One Collaborative Enquiry: how it was held, and its findings once recorded."""

    held: EnquiryHeld
    findings: FindingsRecorded | None = None


@attrs.frozen
class CamdenState:
    """Improvement foci (every record, by date recorded), enquiries and training sessions (by
    date held)."""

    foci: tuple[ImprovementFocusRecorded, ...] = ()
    enquiries: tuple[Enquiry, ...] = ()
    training_sessions: tuple[TrainingSessionHeld, ...] = ()

    def focus(
        self, member_id: str, academic_year: AcademicYear, on: date | None = None
    ) -> ImprovementFocusRecorded | None:
        """CAM5: the school's improvement focus for the year: the last recorded (by ``on``, if
        given), or ``None``."""
        current = None
        for recorded in self.foci:
            if (recorded.member_id, recorded.academic_year) == (member_id, academic_year) and (
                on is None or recorded.recorded_on <= on
            ):
                current = recorded
        return current

    def enquiry(self, member_id: str, academic_year: AcademicYear) -> Enquiry | None:
        """CAM1: the school's enquiry of the year, if held."""
        for enquiry in self.enquiries:
            if (enquiry.held.member_id, enquiry.held.academic_year) == (member_id, academic_year):
                return enquiry
        return None


@attrs.frozen
class CamdenInputs:
    """What the cluster's rules read: the framework (its calendar, C1), the members (their
    kinds and heads) and the pack's own state."""

    framework: FrameworkState
    membership: MembershipState
    camden: CamdenState


def _school_year(enquiry: Enquiry) -> tuple[str, AcademicYear]:
    return enquiry.held.member_id, enquiry.held.academic_year


@evolves(ImprovementFocusRecorded, "camden.improvement_focus_recorded")
def _focus(state: CamdenState, event: ImprovementFocusRecorded) -> CamdenState:
    foci = in_order(
        state.foci,
        event,
        lambda recorded: recorded.recorded_on,
        lambda recorded: (recorded.member_id, recorded.academic_year, recorded.recorded_on),
    )
    return attrs.evolve(state, foci=foci)


@evolves(EnquiryHeld, "camden.enquiry_held")
def _enquiry(state: CamdenState, event: EnquiryHeld) -> CamdenState:
    enquiries = in_order(
        state.enquiries, Enquiry(event), lambda enquiry: enquiry.held.held_on, _school_year
    )
    return attrs.evolve(state, enquiries=enquiries)


@evolves(FindingsRecorded, "camden.findings_recorded")
def _findings(state: CamdenState, event: FindingsRecorded) -> CamdenState:
    key = event.member_id, event.academic_year
    enquiries = tuple(
        attrs.evolve(enquiry, findings=event) if _school_year(enquiry) == key else enquiry
        for enquiry in state.enquiries
    )
    return attrs.evolve(state, enquiries=enquiries)


@evolves(TrainingSessionHeld, "camden.training_session_held")
def _training(state: CamdenState, event: TrainingSessionHeld) -> CamdenState:
    sessions = in_order(
        state.training_sessions,
        event,
        lambda session: session.held_on,
        lambda session: (session.held_on, session.title),
    )
    return attrs.evolve(state, training_sessions=sessions)
