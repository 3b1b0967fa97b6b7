"""The 1 3 5 Cluster, Camden: Collaborative Enquiries and joint staff training.

From the cluster's description of its partnership work (the rulebook's Camden page,
``docs/rulebook/camden.md``, states each rule in our words).

A domain pack (plugin name ``camden``) on a partnership's stream. The cluster itself is the
core's: four primaries form a "loose partnership" (``FormPartnership``, ``JoinPartnership`` with
their heads), "managed collectively by the Head Teachers of each school, chaired by each Head in
turn" (the core's rotating chair, G2: ``RotateChair``, in order of joining unless the policies'
``chair_order`` says otherwise, for ``chair_term_terms`` terms: three, a school year, by
default). The pack adds, with these rules (ids cited by its ``RuleViolation``\\ s and tests):

- **CAM1** "an annual School Review. We have called these reviews 'Collaborative Enquiries'":
  one enquiry per member school per academic year (by the partnership's calendar, C1); only a
  member school on the day has one.
- **CAM2** "They are led by the Head Teacher": the school's own head on the day leads it
  (``HoldEnquiry`` takes the head when ``lead`` is left out; another person is refused).
- **CAM3** "plus a peer Head Teacher from one of the Cluster Schools completes the team": the
  peer head is, on the day, the head of a member school other than the one under enquiry.
- **CAM4** "usually an outside observer such as the Camden Professional Partner": "usually",
  so an enquiry may have no observer; one that has is a person who holds no role (head,
  deputy, chair of governors, staff representative) at any member school on the day.
- **CAM5** "The focus is something particular to each school and their School Improvement
  focus": a school's improvement focus is recorded per academic year
  (``RecordImprovementFocus``); the enquiry takes the focus recorded by its day (leave
  ``focus`` out), and is refused when none is recorded or another focus is given. Once the
  year's enquiry is held, the year's focus stands (recording another is refused).
- **CAM6** "highlighting strengths across the schools but also in identifying further areas
  for improvement and development": findings are strengths and areas for development, at
  least one, recorded once, on or after the day of the enquiry (``RecordFindings``).
- **CAM7** "leading joint staff training sessions" for "school leadership teams, ... teaching
  staff, SENDCo's, School Business Managers and Governors as well as certain subject Leaders":
  a session has a title, is led by one or more member schools (on the day) and is for one or
  more :class:`StaffGroup`\\ s; a date and title are recorded once.

Choices where the document is vague: an enquiry is recorded when it is held (the document
says nothing of planning one), its findings afterwards. The core's joint training days (T1:
``HoldTrainingDay``) are whole days organised jointly by two or more schools, one a date, with
no audience; they stay the core's. A Camden session is what they lack: led by one school or
several ("sharing of staff expertise"), for named staff, several on one day.

Questions, on ``Partnership.as_of(day).pack("camden")`` (:class:`CamdenView`): which member
school has not had its enquiry this academic year, who has served as peer head and how often,
a school's enquiry history, findings per school, training sessions.
"""

from __future__ import annotations

from collections.abc import Sequence

from hom_core import DomainPack, EventType, ReportSection, hookimpl
from hom_plugins.camden.commands import (
    HoldEnquiry,
    HoldTrainingSession,
    RecordFindings,
    RecordImprovementFocus,
)
from hom_plugins.camden.decide import DECIDERS
from hom_plugins.camden.events import EVENT_TYPES, Observer, StaffGroup
from hom_plugins.camden.report import SECTIONS
from hom_plugins.camden.state import CamdenState, Enquiry, evolve
from hom_plugins.camden.view import PACK_NAME, CamdenView, PeerHead

__all__ = [
    "PACK",
    "CamdenState",
    "CamdenView",
    "Enquiry",
    "HoldEnquiry",
    "HoldTrainingSession",
    "Observer",
    "PeerHead",
    "RecordFindings",
    "RecordImprovementFocus",
    "StaffGroup",
    "hom_domain_packs",
    "hom_event_types",
    "hom_report_sections",
]

PACK = DomainPack(
    PACK_NAME,
    initial=CamdenState,
    evolve=evolve,
    deciders=DECIDERS,
    view=CamdenView,
    version=1,
    state_type=CamdenState,
    description="The 1 3 5 Cluster, Camden: Collaborative Enquiries, joint staff training",
)
"""The Camden cluster's domain pack."""


@hookimpl
def hom_event_types() -> Sequence[EventType]:
    """The pack's events: improvement foci, enquiries, findings, training sessions."""
    return EVENT_TYPES


@hookimpl
def hom_domain_packs() -> Sequence[DomainPack]:
    """The Camden cluster's pack."""
    return [PACK]


@hookimpl
def hom_report_sections() -> Sequence[ReportSection]:
    """Enquiries this year, peer heads, joint staff training sessions."""
    return SECTIONS
