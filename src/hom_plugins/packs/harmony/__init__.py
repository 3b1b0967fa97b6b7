"""The Harmony Trust Teaching School Alliance pack (``harmony``): school-to-school support.

From the alliance's offer of School to School Support (the rulebook's Harmony page,
``docs/rulebook/harmony.md``, states each rule in our words). The alliance is the partnership: its
members include the schools that give support; the school supported is usually not a member, so it
is named (id, name, URN) by its review. The pack records, in the partnership's own stream:

- a review of the school's needs and capacity to improve, and the model of support chosen
  (:class:`HoldReview`);
- the written agreement: expected key outcomes with their impact measures, five terms of
  support (:class:`AgreeSupport`);
- brokered activities and who delivered them (:class:`RecordActivity`);
- impact measured against the expected outcomes (:class:`MeasureImpact`);
- follow-up mentoring after the five terms (:class:`AgreeFollowUp`, then activities of kind
  ``FOLLOW_UP_MENTORING``).

Questions, as of any day: ``alliance.as_of(day).pack("harmony")`` is a
:class:`~hom_plugins.packs.harmony.view.HarmonyView` (agreements ending this term, outcomes met,
missed or not yet measured, support given per school by kind and by deliverer, agreements in
follow-up); the report gets three sections (:mod:`~hom_plugins.packs.harmony.report`).

Rules HAR1-HAR9, cited by ``RuleViolation.rule`` and stated with the sentence of the document
each comes from in the rulebook (``docs/rulebook/harmony.md``): a review before an agreement
(HAR1), an interventionist model when leadership resists and capacity is low, or as the alliance
reads it (HAR2), five terms from the calendar
(HAR3), the kinds of support within them (HAR4), impact only against agreed outcomes (HAR5),
follow-up only after the five terms (HAR6), a written agreement with expected outcomes (HAR7),
support brokered from within the alliance (HAR8), one agreement at a time (HAR9).
"""

from __future__ import annotations

from hom_core import Decider, DomainPack, hookimpl
from hom_plugins.packs.harmony import obligations, reviews, state, support
from hom_plugins.packs.harmony.report import SECTIONS
from hom_plugins.packs.harmony.reviews import (
    SUPPORT_TERMS,
    AdoptInterventionReading,
    AgreeSupport,
    HoldReview,
    model_for,
)
from hom_plugins.packs.harmony.state import Agreement, HarmonyInputs, HarmonyState
from hom_plugins.packs.harmony.support import AgreeFollowUp, MeasureImpact, RecordActivity
from hom_plugins.packs.harmony.values import (
    ActivityKind,
    AgreementStatus,
    Capacity,
    ExpectedOutcome,
    InterventionReading,
    OutcomeStatus,
    SupportModel,
)
from hom_plugins.packs.harmony.view import NAME, HarmonyView

__all__ = [
    "HARMONY",
    "NAME",
    "PACK",
    "SUPPORT_TERMS",
    "ActivityKind",
    "AdoptInterventionReading",
    "AgreeFollowUp",
    "AgreeSupport",
    "Agreement",
    "AgreementStatus",
    "Capacity",
    "ExpectedOutcome",
    "HarmonyInputs",
    "HarmonyState",
    "HarmonyView",
    "HoldReview",
    "InterventionReading",
    "MeasureImpact",
    "OutcomeStatus",
    "RecordActivity",
    "SupportModel",
    "hom_domain_packs",
    "model_for",
]

HARMONY = Decider.of_cases(
    NAME,
    HarmonyState,
    state,
    reviews,
    support,
    obligations,
    reads=HarmonyInputs,
    version=2,  # 2: the readings of HAR2 adopted
)
"""School-to-school support's rules (HAR1-HAR9) as a decider."""

PACK = DomainPack(
    HARMONY,
    view=HarmonyView,
    sections=SECTIONS,
    description="Harmony Trust Teaching School Alliance: school-to-school support (HAR1-HAR9)",
)
"""The pack: its rules, its questions and its sections of the report, over a partnership's
stream."""


@hookimpl
def hom_domain_packs() -> list[DomainPack]:
    """The ``harmony`` pack (its events and report sections with it)."""
    return [PACK]
