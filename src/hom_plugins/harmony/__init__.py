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
:class:`~hom_plugins.harmony.view.HarmonyView` (agreements ending this term, outcomes met, missed
or not yet measured, support given per school by kind and by deliverer, agreements in
follow-up); the report gets three sections (:mod:`~hom_plugins.harmony.report`).

Rules (cited by ``RuleViolation.rule``), with the sentence of the document each comes from:

- **HAR1** review before agreement. "A swift review process to assess the precise needs of the
  school and match with Harmony's capacity and areas of expertise." A review names the school,
  lists at least one need, and is held once the alliance is formed; an agreement rests on the
  school's latest review on or before its signing, and each review on one agreement only.
- **HAR2** interventionist model when leadership resists. "If there is resistance and low
  capacity to improve then a more interventionist approach is necessary to be effective and
  secure Value for Money." *Chosen:* resistance alone makes the model interventionist (as the
  issue reads it; capacity is recorded as a finding). Without resistance the model is the one
  chosen, supportive by default ("Our model is a highly supportive" one).
- **HAR3** five terms, computed from the calendar. "Support from Harmony is 5 terms long." The
  term holding the start counts as the first; support ends on the last day of the fifth term of
  the alliance's calendar (C1: its recorded term dates, else the default), by the core's
  :func:`~hom_core.domain.calendar.end_after_terms`. Support starts on or after signing.
  *Chosen:* like a notice's leaving date (M2), the end is fixed when the agreement is signed:
  term dates recorded later do not move it.
- **HAR4** activity kinds and dates within the agreement. "Schools engaging in the project would
  have access to:" coaching and mentoring for headteachers, mentored support from SLEs, direct
  placements, subject area experts, professional learning communities, evidence based training,
  pupil premium work, Advanced Skills Teachers/Expert Practitioners (:class:`ActivityKind`, the
  last included because the document lists it). Support is delivered within the five terms.
- **HAR5** impact only against agreed outcomes. "Throughout, there will be opportunities for
  supported challenge and accountability with clear impact measures." A measurement is of an
  outcome of the agreement, met or missed, with evidence, from the start of support, one a day
  per outcome; an outcome's status is its latest measurement's (not yet measured without one).
- **HAR6** follow-up only after the five terms. "it should be sustainable and involve follow up
  mentoring and support beyond that point". Follow-up is agreed once per agreement for whole
  terms (*chosen* default: 3, a school year; the document gives no length) starting the day
  after the five terms; follow-up mentoring is given only within it.
- **HAR7** a written agreement with expected key outcomes. "underpinned by a clear written
  agreement identifying expected key outcomes". At least one outcome, each with an id unique in
  its agreement, a description and a measure; a target where one is set; agreement ids unique.
- **HAR8** support brokered from within the alliance. "HTTSA staff to broker and co-ordinate
  support from within the team." The deliverer is a member of the alliance on the day, and not
  the supported school itself.
- **HAR9** one agreement at a time (*chosen*: the document implies it with one five-term
  programme per school). A school's agreements' five terms do not overlap.
"""

from __future__ import annotations

from hom_core import DomainPack, EventType, ReportSection, hookimpl
from hom_plugins.harmony.commands import (
    AgreeFollowUp,
    AgreeSupport,
    HoldReview,
    MeasureImpact,
    RecordActivity,
)
from hom_plugins.harmony.decide import DECIDERS, SUPPORT_TERMS, model_for
from hom_plugins.harmony.events import EVENT_TYPES
from hom_plugins.harmony.report import SECTIONS
from hom_plugins.harmony.state import Agreement, HarmonyState, evolve
from hom_plugins.harmony.values import (
    ActivityKind,
    AgreementStatus,
    Capacity,
    ExpectedOutcome,
    OutcomeStatus,
    SupportModel,
)
from hom_plugins.harmony.view import NAME, HarmonyView

__all__ = [
    "NAME",
    "PACK",
    "SUPPORT_TERMS",
    "ActivityKind",
    "AgreeFollowUp",
    "AgreeSupport",
    "Agreement",
    "AgreementStatus",
    "Capacity",
    "ExpectedOutcome",
    "HarmonyState",
    "HarmonyView",
    "HoldReview",
    "MeasureImpact",
    "OutcomeStatus",
    "RecordActivity",
    "SupportModel",
    "model_for",
]

PACK = DomainPack(
    NAME,
    initial=HarmonyState,
    evolve=evolve,
    deciders=DECIDERS,
    view=HarmonyView,
    version=1,
    state_type=HarmonyState,
    description="Harmony Trust Teaching School Alliance: school-to-school support (HAR1-HAR9)",
)
"""The pack: its state, commands and questions over a partnership's stream."""


@hookimpl
def hom_event_types() -> tuple[EventType, ...]:
    """The ``harmony.*`` events."""
    return EVENT_TYPES


@hookimpl
def hom_domain_packs() -> list[DomainPack]:
    """The ``harmony`` pack."""
    return [PACK]


@hookimpl
def hom_report_sections() -> tuple[ReportSection, ...]:
    """Agreements with their end dates, the outcomes table, activities by kind."""
    return SECTIONS
