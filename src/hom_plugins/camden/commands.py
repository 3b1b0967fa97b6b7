"""The Camden cluster's commands, given to ``Partnership.execute`` like the core's."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain.people import PersonId
from hom_core.domain.values import AcademicYear
from hom_plugins.camden.events import Observer, StaffGroup

__all__ = ["HoldEnquiry", "HoldTrainingSession", "RecordFindings", "RecordImprovementFocus"]


@attrs.frozen
class RecordImprovementFocus:
    """CAM5: record a member school's improvement focus for ``academic_year`` (again, to
    change it, until that year's enquiry is held)."""

    member_id: str
    academic_year: AcademicYear
    focus: str
    recorded_on: date


@attrs.frozen
class HoldEnquiry:
    """CAM1-CAM5: record a school's Collaborative Enquiry, held on ``held_on``.

    ``peer_head`` is the head of another member school on the day (CAM3); ``observer`` the
    outside observer, if there was one (CAM4). Leave ``lead`` out: it is the school's head on
    the day (CAM2; another person is refused). Leave ``focus`` out: it is the school's
    improvement focus for the year (CAM5; another focus is refused).
    """

    member_id: str
    held_on: date
    peer_head: PersonId
    observer: Observer | None = None
    lead: PersonId | None = None
    focus: str | None = None


@attrs.frozen
class RecordFindings:
    """CAM6: record the findings of a school's enquiry of ``academic_year``: its strengths and
    its areas for development."""

    member_id: str
    academic_year: AcademicYear
    recorded_on: date
    strengths: tuple[str, ...] = ()
    areas_for_development: tuple[str, ...] = ()


@attrs.frozen
class HoldTrainingSession:
    """CAM7: record a joint staff training session, led by one or more member schools
    (``led_by``, member ids) for the cluster's ``staff``."""

    held_on: date
    title: str
    led_by: tuple[str, ...]
    staff: tuple[StaffGroup, ...]
