"""The commands of school-to-school support, given to ``Partnership.execute``: a review, the
written agreement, activities, impact measures and follow-up. Enum fields take the member or its
value (``capacity="low"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from hom_core.domain import Urn
from hom_core.domain.people import PersonId
from hom_core.errors import InvalidValueError
from hom_plugins.harmony.values import (
    ActivityKind,
    Capacity,
    ExpectedOutcome,
    OutcomeStatus,
    SupportModel,
    choice_of,
)

__all__ = ["AgreeFollowUp", "AgreeSupport", "HoldReview", "MeasureImpact", "RecordActivity"]


def _texts(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InvalidValueError(
            f"give findings as a tuple of texts, not one string {values!r}: write ({values!r},)"
        )
    return tuple(values)


def _outcomes(values: Iterable[ExpectedOutcome]) -> tuple[ExpectedOutcome, ...]:
    return tuple(values)


def _model(value: SupportModel | str | None) -> SupportModel | None:
    return None if value is None else choice_of(SupportModel, value)


def _urn(value: Urn | str | None) -> Urn | None:
    return value if value is None or isinstance(value, Urn) else Urn(value)


def _capacity(value: Capacity | str) -> Capacity:
    return choice_of(Capacity, value)


def _kind(value: ActivityKind | str) -> ActivityKind:
    return choice_of(ActivityKind, value)


def _status(value: OutcomeStatus | str) -> OutcomeStatus:
    return choice_of(OutcomeStatus, value)


@attrs.frozen
class HoldReview:
    """HAR1: record the swift review of a school's precise needs and capacity to improve.

    ``model`` is the model of support chosen; by default the rule's (HAR2): interventionist
    when the leadership resists the partnership, supportive otherwise.
    """

    school_id: str
    name: str
    reviewed_on: date
    needs: tuple[str, ...] = attrs.field(converter=_texts)
    capacity: Capacity = attrs.field(converter=_capacity)
    leadership_resists: bool = False
    strengths: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    urn: Urn | None = attrs.field(default=None, converter=_urn)
    model: SupportModel | None = attrs.field(default=None, converter=_model)


@attrs.frozen
class AgreeSupport:
    """HAR1, HAR3, HAR7: sign the written agreement with a reviewed school: its expected key
    outcomes and their measures. Support starts on ``starts_on`` (default: the signing day)
    and lasts five terms of the alliance's calendar."""

    agreement_id: str
    school_id: str
    signed_on: date
    outcomes: tuple[ExpectedOutcome, ...] = attrs.field(converter=_outcomes)
    starts_on: date | None = None


@attrs.frozen
class RecordActivity:
    """HAR4, HAR6, HAR8: record brokered support delivered under an agreement by a member
    school (``supporting_school``, a member id) and, optionally, a person from it."""

    agreement_id: str
    kind: ActivityKind = attrs.field(converter=_kind)
    delivered_on: date
    supporting_school: str
    person: PersonId | None = None
    focus: str = ""


@attrs.frozen
class MeasureImpact:
    """HAR5: record an expected outcome of an agreement as met or missed, with the evidence."""

    agreement_id: str
    outcome_id: str
    measured_on: date
    status: OutcomeStatus = attrs.field(converter=_status)
    evidence: str


@attrs.frozen
class AgreeFollowUp:
    """HAR6: agree follow-up mentoring for ``terms`` terms after an agreement's five terms."""

    agreement_id: str
    agreed_on: date
    terms: int = 3
