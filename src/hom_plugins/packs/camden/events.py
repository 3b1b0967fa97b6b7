"""The Camden cluster's events (``camden.*`` in the log) and the staff groups they name.

Each event says what happened, in the past tense, and gives the date it is about as its
``effective_date``; people appear only as opaque ids (their names live in the people store).
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from hom_core.domain.values import AcademicYear
from hom_core.people import PersonId

__all__ = [
    "EnquiryHeld",
    "FindingsRecorded",
    "ImprovementFocusRecorded",
    "Observer",
    "StaffGroup",
    "TrainingSessionHeld",
]


class StaffGroup(enum.Enum):
    """CAM7: the staff a joint training session is for, as the document lists them ("school
    leadership teams, ... teaching staff, SENDCo's, School Business Managers and Governors as
    well as certain subject Leaders")."""

    LEADERSHIP_TEAMS = "leadership_teams"
    TEACHERS = "teachers"
    SENDCOS = "sendcos"
    BUSINESS_MANAGERS = "business_managers"
    GOVERNORS = "governors"
    SUBJECT_LEADERS = "subject_leaders"

    @property
    def label(self) -> str:
        """How the group is written in a report ("SENDCos")."""
        return _LABELS[self]


_LABELS = {
    StaffGroup.LEADERSHIP_TEAMS: "leadership teams",
    StaffGroup.TEACHERS: "teachers",
    StaffGroup.SENDCOS: "SENDCos",
    StaffGroup.BUSINESS_MANAGERS: "school business managers",
    StaffGroup.GOVERNORS: "governors",
    StaffGroup.SUBJECT_LEADERS: "subject leaders",
}


@attrs.frozen
class Observer:
    """CAM4: the outside observer of an enquiry: a person from outside the cluster's schools,
    and the role they came in (``"Camden Professional Partner"``)."""

    person: PersonId
    role: str = ""


@attrs.frozen
class ImprovementFocusRecorded:
    """CAM5: a member school's improvement focus for ``academic_year``, as recorded on
    ``recorded_on`` (a later record for the same school and year changes it from its day)."""

    member_id: str
    academic_year: AcademicYear
    focus: str
    recorded_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.recorded_on


@attrs.frozen
class EnquiryHeld:
    """CAM1-CAM5: a school's Collaborative Enquiry of ``academic_year`` was held on ``held_on``:
    led by its head ``lead``, with ``peer_head`` (the head of ``peer_member_id``) and, usually,
    an outside ``observer``; its ``focus`` is the school's improvement focus for the year."""

    member_id: str
    academic_year: AcademicYear
    held_on: date
    lead: PersonId
    peer_head: PersonId
    peer_member_id: str
    focus: str
    observer: Observer | None = None

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.held_on


@attrs.frozen
class FindingsRecorded:
    """CAM6: the findings of a school's enquiry of ``academic_year``: its strengths and its
    areas for development, recorded on ``recorded_on`` (on or after the enquiry)."""

    member_id: str
    academic_year: AcademicYear
    recorded_on: date
    strengths: tuple[str, ...]
    areas_for_development: tuple[str, ...]

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.recorded_on


@attrs.frozen
class TrainingSessionHeld:
    """CAM7: a joint staff training session on ``held_on``, led by the member schools in
    ``led_by`` for the cluster's ``staff``."""

    held_on: date
    title: str
    led_by: tuple[str, ...]
    staff: tuple[StaffGroup, ...]

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.held_on
