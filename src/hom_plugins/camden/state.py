"""The Camden cluster's state, folded over the partnership's stream by :func:`evolve`.

``evolve`` sees every event of the stream (the core's too) and is pure and total: events it
does not know, and findings for an enquiry it has not seen, leave the state as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import attrs

from hom_core.domain.history import in_order
from hom_core.domain.values import AcademicYear
from hom_plugins.camden.events import (
    EnquiryHeld,
    FindingsRecorded,
    ImprovementFocusRecorded,
    TrainingSessionHeld,
)

__all__ = ["CamdenState", "Enquiry", "evolve"]


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


def _school_year(enquiry: Enquiry) -> tuple[str, AcademicYear]:
    return enquiry.held.member_id, enquiry.held.academic_year


def _focus(state: CamdenState, event: ImprovementFocusRecorded) -> CamdenState:
    foci = in_order(
        state.foci,
        event,
        lambda recorded: recorded.recorded_on,
        lambda recorded: (recorded.member_id, recorded.academic_year, recorded.recorded_on),
    )
    return attrs.evolve(state, foci=foci)


def _enquiry(state: CamdenState, event: EnquiryHeld) -> CamdenState:
    enquiries = in_order(
        state.enquiries, Enquiry(event), lambda enquiry: enquiry.held.held_on, _school_year
    )
    return attrs.evolve(state, enquiries=enquiries)


def _findings(state: CamdenState, event: FindingsRecorded) -> CamdenState:
    key = event.member_id, event.academic_year
    enquiries = tuple(
        attrs.evolve(enquiry, findings=event) if _school_year(enquiry) == key else enquiry
        for enquiry in state.enquiries
    )
    return attrs.evolve(state, enquiries=enquiries)


def _training(state: CamdenState, event: TrainingSessionHeld) -> CamdenState:
    sessions = in_order(
        state.training_sessions,
        event,
        lambda session: session.held_on,
        lambda session: (session.held_on, session.title),
    )
    return attrs.evolve(state, training_sessions=sessions)


_EVOLVERS: dict[type, Callable[[CamdenState, Any], CamdenState]] = {
    ImprovementFocusRecorded: _focus,
    EnquiryHeld: _enquiry,
    FindingsRecorded: _findings,
    TrainingSessionHeld: _training,
}


def evolve(state: CamdenState, event: object) -> CamdenState:
    """The state after ``event``; events the pack does not know change nothing."""
    function = _EVOLVERS.get(type(event))
    return state if function is None else function(state, event)
