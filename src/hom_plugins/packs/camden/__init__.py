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

from hom_core import Decider, DomainPack, hookimpl
from hom_plugins.packs.camden import decide, obligations, state
from hom_plugins.packs.camden.decide import (
    HoldEnquiry,
    HoldTrainingSession,
    RecordFindings,
    RecordImprovementFocus,
)
from hom_plugins.packs.camden.events import Observer, StaffGroup
from hom_plugins.packs.camden.report import SECTIONS
from hom_plugins.packs.camden.state import CamdenInputs, CamdenState, Enquiry
from hom_plugins.packs.camden.view import PACK_NAME, CamdenView, PeerHead

__all__ = [
    "CAMDEN",
    "PACK",
    "CamdenInputs",
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
]

CAMDEN = Decider.of_cases(PACK_NAME, CamdenState, state, decide, obligations, reads=CamdenInputs)
"""The Camden cluster's rules (CAM1-CAM7) as a decider."""

PACK = DomainPack(
    CAMDEN,
    view=CamdenView,
    sections=SECTIONS,
    description="The 1 3 5 Cluster, Camden: Collaborative Enquiries, joint staff training",
)
"""The Camden cluster's domain pack: its rules, its questions, its sections of the report."""


@hookimpl
def hom_domain_packs() -> list[DomainPack]:
    """The Camden cluster's pack (its events and report sections with it)."""
    return [PACK]
