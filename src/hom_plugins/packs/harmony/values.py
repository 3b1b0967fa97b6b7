"""The values of school-to-school support: capacity, models, activity kinds, outcome statuses.

Each enum is stored in events by its value (``"interventionist"``); commands accept the value or
the member, and anything else is an :class:`~hom_core.errors.InvalidValueError` listing the
choices.
"""

from __future__ import annotations

import enum
from typing import TypeVar

import attrs

from hom_core.errors import InvalidValueError

__all__ = [
    "ActivityKind",
    "AgreementStatus",
    "Capacity",
    "ExpectedOutcome",
    "InterventionReading",
    "OutcomeStatus",
    "SupportModel",
    "choice_of",
]

E = TypeVar("E", bound=enum.Enum)


def choice_of(kind: type[E], value: E | str) -> E:
    """``value`` as a member of ``kind`` (given as the member or its value), for commands."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise InvalidValueError(
            f"{value!r} is not a {kind.__name__}: use one of {choices}"
        ) from None


class Capacity(enum.Enum):
    """The supported school's capacity to improve, as its review judged it (HAR1)."""

    LOW = "low"
    """The document's "low capacity to improve"."""
    SOME = "some"
    """The document's "there are some strengths in the school": something to build on."""


class SupportModel(enum.Enum):
    """How the support is given (HAR2)."""

    SUPPORTIVE = "supportive"
    """The usual model: "Our model is a highly supportive" one."""
    INTERVENTIONIST = "interventionist"
    """The document's "more interventionist approach", where the leadership resists."""


class InterventionReading(enum.Enum):
    """HAR2: which reviews the more interventionist model is required for (a recorded policy
    of the alliance, :class:`~hom_plugins.packs.harmony.AdoptInterventionReading`)."""

    RESISTANCE_AND_LOW_CAPACITY = "resistance_and_low_capacity"
    """The default, the document's words: "If there is resistance and low capacity to improve
    then a more interventionist approach is necessary"; resistance where there are some
    strengths to build on leaves the model to the alliance."""
    RESISTANCE_ALONE = "resistance_alone"
    """Resistance is enough, whatever the capacity: the stricter reading."""

    def requires_intervention(self, leadership_resists: bool, capacity: Capacity) -> bool:
        """Must a review that found this resistance and capacity lead to the interventionist
        model?"""
        if self is InterventionReading.RESISTANCE_ALONE:
            return leadership_resists
        return leadership_resists and capacity is Capacity.LOW


class ActivityKind(enum.Enum):
    """The kinds of support the alliance brokers, as the document lists them (HAR4), and the
    follow-up mentoring given after the five terms (HAR6)."""

    HEAD_COACHING = "head_coaching"
    SLE_MENTORING = "sle_mentoring"
    PLACEMENT = "placement"
    SUBJECT_EXPERT = "subject_expert"
    LEARNING_COMMUNITY = "learning_community"
    TRAINING = "training"
    PUPIL_PREMIUM = "pupil_premium"
    EXPERT_PRACTITIONER = "expert_practitioner"
    FOLLOW_UP_MENTORING = "follow_up_mentoring"

    @property
    def label(self) -> str:
        """The kind as the document names it."""
        return _LABELS[self]

    @property
    def is_follow_up(self) -> bool:
        """True for the follow-up mentoring given only after the five terms (HAR6)."""
        return self is ActivityKind.FOLLOW_UP_MENTORING


_LABELS = {
    ActivityKind.HEAD_COACHING: "Coaching and mentoring for the headteacher",
    ActivityKind.SLE_MENTORING: "Mentored support from SLEs",
    ActivityKind.PLACEMENT: "Direct placements in our academies",
    ActivityKind.SUBJECT_EXPERT: "Subject area experts",
    ActivityKind.LEARNING_COMMUNITY: "Professional learning communities",
    ActivityKind.TRAINING: "Evidence based training",
    ActivityKind.PUPIL_PREMIUM: "Pupil premium work",
    ActivityKind.EXPERT_PRACTITIONER: "Advanced Skills Teachers/Expert Practitioners",
    ActivityKind.FOLLOW_UP_MENTORING: "Follow-up mentoring",
}


class OutcomeStatus(enum.Enum):
    """Where an expected outcome stands (HAR5): met, missed, or not yet measured."""

    MET = "met"
    MISSED = "missed"
    NOT_YET_MEASURED = "not_yet_measured"


@attrs.frozen
class ExpectedOutcome:
    """An expected key outcome of a written agreement, with its impact measure (HAR7).

    ``outcome_id`` names it within its agreement (``"y6-rwm"``); ``measure`` says how impact is
    measured and ``target`` (optional) what counts as met.
    """

    outcome_id: str
    description: str
    measure: str
    target: str = ""


class AgreementStatus(enum.Enum):
    """Where an agreement stands on a day (HAR3, HAR6)."""

    SIGNED = "signed"
    """Signed; its five terms have not started yet."""
    IN_FORCE = "in_force"
    """Within its five terms."""
    FOLLOW_UP = "follow_up"
    """Its five terms are over; follow-up mentoring is under way."""
    ENDED = "ended"
    """Its five terms, and any follow-up, are over."""
