"""The 1 3 5 Cluster, Camden: Collaborative Enquiries and joint staff training.

From the cluster's description of its partnership work (the rulebook's Camden page,
``docs/rulebook/camden.md``, states each rule in our words).

A domain pack (plugin name ``camden``) on a partnership's stream. The cluster itself is the
core's: four primaries form a "loose partnership" (``FormPartnership``, ``JoinPartnership`` with
their heads), "managed collectively by the Head Teachers of each school, chaired by each Head in
turn" (the core's rotating chair, G2: ``RotateChair``, in order of joining unless the policies'
``chair_order`` says otherwise, for ``chair_term_terms`` terms: three, a school year, by
default). The pack adds the cluster's rules CAM1-CAM7, cited by its ``RuleViolation``\\ s and
tests and stated, with the sentence of the document each comes from, in the rulebook
(``docs/rulebook/camden.md``): one Collaborative Enquiry per member school per academic year
(CAM1), led by the school's own head (CAM2), with a peer head from another member school (CAM3)
and usually an outside observer (CAM4), on the school's improvement focus (CAM5), its findings
strengths and areas for development (CAM6); and joint staff training sessions (CAM7).

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
