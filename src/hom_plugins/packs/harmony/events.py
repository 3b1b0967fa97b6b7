"""The events of school-to-school support, named ``harmony.*`` in the partnership's stream.

Each is about one day (its ``effective_date``): the review, the signing of the agreement, an
activity delivered, an impact measured, follow-up agreed.
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain import Urn
from hom_core.people import PersonId
from hom_plugins.packs.harmony.values import (
    ActivityKind,
    Capacity,
    ExpectedOutcome,
    InterventionReading,
    OutcomeStatus,
    SupportModel,
)

__all__ = [
    "ActivityDelivered",
    "FollowUpAgreed",
    "ImpactMeasured",
    "InterventionReadingAdopted",
    "SchoolReviewed",
    "SupportAgreed",
]


@attrs.frozen
class SchoolReviewed:
    """HAR1, HAR2: the alliance reviewed a school's needs and capacity to improve, and chose
    the model of support. The school is named here: it is usually not a member."""

    school_id: str
    name: str
    urn: Urn | None
    reviewed_on: date
    needs: tuple[str, ...]
    strengths: tuple[str, ...]
    capacity: Capacity
    leadership_resists: bool
    model: SupportModel

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.reviewed_on


@attrs.frozen
class SupportAgreed:
    """HAR3, HAR7: the written agreement was signed; support runs from ``starts_on`` to
    ``ends_on`` (five terms of the alliance's calendar), on the review of ``reviewed_on``."""

    agreement_id: str
    school_id: str
    signed_on: date
    starts_on: date
    ends_on: date
    reviewed_on: date
    model: SupportModel
    outcomes: tuple[ExpectedOutcome, ...]

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.signed_on


@attrs.frozen
class ActivityDelivered:
    """HAR4, HAR8: brokered support was delivered by a member school of the alliance (and a
    person from it, when recorded)."""

    agreement_id: str
    kind: ActivityKind
    delivered_on: date
    supporting_school: str
    person: PersonId | None = None
    focus: str = ""

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.delivered_on


@attrs.frozen
class ImpactMeasured:
    """HAR5: an expected outcome of an agreement was measured: met or missed, on evidence."""

    agreement_id: str
    outcome_id: str
    measured_on: date
    status: OutcomeStatus
    evidence: str

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.measured_on


@attrs.frozen
class FollowUpAgreed:
    """HAR6: follow-up mentoring after the five terms, from ``starts_on`` to ``ends_on``."""

    agreement_id: str
    agreed_on: date
    starts_on: date
    ends_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.agreed_on


@attrs.frozen
class InterventionReadingAdopted:
    """HAR2: from ``adopted_on``, the alliance reads its offer's words on intervention as
    ``reading`` (until it adopts another)."""

    reading: InterventionReading
    adopted_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.adopted_on
