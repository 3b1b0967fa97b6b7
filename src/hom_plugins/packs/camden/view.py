"""The Camden cluster's questions, as of a day: ``Partnership.as_of(day).pack("camden")``.

Members, their kinds and joining order, and names of people come from the core's view;
the view's state holds only what was recorded effective by its day.
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.application import PartnershipView
from hom_core.domain.membership.state import Member
from hom_core.domain.values import AcademicYear
from hom_core.people import PersonId
from hom_plugins.packs.camden.events import TrainingSessionHeld
from hom_plugins.packs.camden.state import CamdenState, Enquiry

__all__ = ["PACK_NAME", "CamdenView", "PeerHead"]

PACK_NAME = "camden"
"""The pack's name: ``view.pack(PACK_NAME)`` asks its questions."""


@attrs.frozen
class PeerHead:
    """CAM3: a head who served as peer head: ``name`` (as the people store has it, or
    forgotten), how many ``times``, and the member ids of the schools they reviewed, in date
    order."""

    person: PersonId
    name: str
    times: int
    schools: tuple[str, ...]


@attrs.frozen
class CamdenView:
    """The cluster's enquiries, peer heads, findings and training sessions as of the day."""

    partnership: PartnershipView
    state: CamdenState

    @property
    def day(self) -> date:
        """The day the questions are asked for."""
        return self.partnership.day

    @property
    def academic_year(self) -> AcademicYear:
        """The academic year of the day, by the partnership's calendar (C1)."""
        return self.partnership.state.framework.calendar.academic_year_of(self.day)

    def school_name(self, member_id: str) -> str:
        """The name of a member school (its id, if it never joined)."""
        member = self.partnership.state.membership.members.get(member_id)
        return member_id if member is None else member.name

    def improvement_focus(
        self, member_id: str, academic_year: AcademicYear | None = None
    ) -> str | None:
        """CAM5: the school's improvement focus for ``academic_year`` (default: the day's)."""
        recorded = self.state.focus(member_id, academic_year or self.academic_year)
        return None if recorded is None else recorded.focus

    def enquiry(self, member_id: str, academic_year: AcademicYear | None = None) -> Enquiry | None:
        """CAM1: the school's enquiry of ``academic_year`` (default: the day's), if held."""
        return self.state.enquiry(member_id, academic_year or self.academic_year)

    def enquiries(self, academic_year: AcademicYear | None = None) -> tuple[Enquiry, ...]:
        """Every enquiry held by the day (of ``academic_year``, if given), in date order."""
        return tuple(
            enquiry
            for enquiry in self.state.enquiries
            if academic_year is None or enquiry.held.academic_year == academic_year
        )

    def enquiry_history(self, member_id: str) -> tuple[Enquiry, ...]:
        """The school's enquiries held by the day, in date order, with their findings."""
        return tuple(e for e in self.state.enquiries if e.held.member_id == member_id)

    def not_had_enquiry(self) -> list[Member]:
        """CAM1: the member schools on the day, in joining order, that have not had their
        enquiry this academic year (by the day)."""
        year = self.academic_year
        return [
            member
            for member in self.partnership.members()
            if member.kind.is_school and self.state.enquiry(member.member_id, year) is None
        ]

    def peer_heads(self, academic_year: AcademicYear | None = None) -> list[PeerHead]:
        """CAM3: who has served as peer head by the day (in ``academic_year``, if given), and
        how often: most often first, then by first service."""
        served: dict[PersonId, list[str]] = {}
        for enquiry in self.enquiries(academic_year):
            served.setdefault(enquiry.held.peer_head, []).append(enquiry.held.member_id)
        heads = [
            PeerHead(person, self.partnership.name_of(person), len(schools), tuple(schools))
            for person, schools in served.items()
        ]
        return sorted(heads, key=lambda head: -head.times)

    def findings_by_school(self) -> dict[str, tuple[Enquiry, ...]]:
        """CAM6: per school (member id, in order of first joining), its enquiries whose
        findings were recorded by the day, in date order."""
        by_school: dict[str, tuple[Enquiry, ...]] = {}
        for member_id in self.partnership.state.membership.members:
            found = tuple(e for e in self.enquiry_history(member_id) if e.findings is not None)
            if found:
                by_school[member_id] = found
        return by_school

    def training_sessions(
        self, academic_year: AcademicYear | None = None
    ) -> tuple[TrainingSessionHeld, ...]:
        """CAM7: the joint staff training sessions held by the day (in ``academic_year``, if
        given), in date order."""
        calendar = self.partnership.state.framework.calendar
        return tuple(
            session
            for session in self.state.training_sessions
            if academic_year is None or calendar.academic_year_of(session.held_on) == academic_year
        )
