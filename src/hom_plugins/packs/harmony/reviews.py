"""Reviews and written agreements (HAR1-HAR3, HAR7, HAR9): each command beside how it is
decided against :class:`~hom_plugins.packs.harmony.state.HarmonyInputs`; the model of support a
review leads to (:func:`model_for`) under the reading of HAR2 in force
(:class:`AdoptInterventionReading`). Enum fields of a command take the member or its value
(``capacity="low"``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from hom_core.decider import checks, decides
from hom_core.domain import Urn
from hom_core.domain.calendar import end_after_terms
from hom_core.errors import InvalidValueError, RuleViolation
from hom_plugins.packs.harmony.events import (
    InterventionReadingAdopted,
    SchoolReviewed,
    SupportAgreed,
)
from hom_plugins.packs.harmony.state import HarmonyInputs
from hom_plugins.packs.harmony.values import (
    Capacity,
    ExpectedOutcome,
    InterventionReading,
    SupportModel,
    choice_of,
)

__all__ = ["SUPPORT_TERMS", "AdoptInterventionReading", "AgreeSupport", "HoldReview", "model_for"]

SUPPORT_TERMS = 5
"""HAR3: "Support from Harmony is 5 terms long"."""


def model_for(
    leadership_resists: bool,
    chosen: SupportModel | None = None,
    capacity: Capacity = Capacity.LOW,
    reading: InterventionReading = InterventionReading.RESISTANCE_AND_LOW_CAPACITY,
) -> SupportModel:
    """HAR2: the model of support after a review that found ``leadership_resists`` and
    ``capacity`` (low unless given), under ``reading``.

    Where the reading requires intervention (by default: the leadership resists *and* capacity
    to improve is low; under ``RESISTANCE_ALONE``: the leadership resists) the model is
    interventionist, and choosing the supportive model is refused; otherwise it is the one
    chosen, supportive by default (the alliance may still choose to intervene).
    """
    if reading.requires_intervention(leadership_resists, capacity):
        if chosen is SupportModel.SUPPORTIVE:
            found = "resists the partnership" + (
                " and capacity to improve is low" if capacity is Capacity.LOW else ""
            )
            raise RuleViolation(
                "HAR2",
                f"the review found the leadership {found}, so the support must follow the "
                "interventionist model: choose SupportModel.INTERVENTIONIST (or leave the "
                "model to the rule)",
            )
        return SupportModel.INTERVENTIONIST
    return chosen or SupportModel.SUPPORTIVE


def _reading(value: InterventionReading | str) -> InterventionReading:
    return choice_of(InterventionReading, value)


@attrs.frozen
class AdoptInterventionReading:
    """HAR2: from ``adopted_on``, read the offer's words on intervention as ``reading``
    (``"resistance_alone"``, or back to the document's ``"resistance_and_low_capacity"``)."""

    reading: InterventionReading = attrs.field(converter=_reading)
    adopted_on: date


@decides(AdoptInterventionReading)
def decide_reading(command: AdoptInterventionReading, inputs: HarmonyInputs) -> list[object]:
    """HAR2: a reading is a policy of the alliance once formed, adopted from a day on which
    another is in force."""
    formed_on = inputs.framework.formed_on
    if formed_on is None or command.adopted_on < formed_on:
        raise RuleViolation(
            "HAR2",
            f"the alliance was not formed by {command.adopted_on}: adopt a reading of HAR2 on or "
            "after its formation",
        )
    if inputs.harmony.reading_on(command.adopted_on) is command.reading:
        raise RuleViolation(
            "HAR2",
            f"the reading {command.reading.value!r} is already in force on {command.adopted_on}",
        )
    return [InterventionReadingAdopted(command.reading, command.adopted_on)]


def _texts(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InvalidValueError(
            f"give findings as a tuple of texts, not one string {values!r}: write ({values!r},)"
        )
    return tuple(values)


def _model(value: SupportModel | str | None) -> SupportModel | None:
    return None if value is None else choice_of(SupportModel, value)


def _urn(value: Urn | str | None) -> Urn | None:
    return value if value is None or isinstance(value, Urn) else Urn(value)


def _capacity(value: Capacity | str) -> Capacity:
    return choice_of(Capacity, value)


@attrs.frozen
class HoldReview:
    """HAR1: record the swift review of a school's precise needs and capacity to improve.

    ``model`` is the model of support chosen; by default the rule's (HAR2): interventionist
    when the leadership resists the partnership and capacity to improve is low (or, under the
    alliance's ``RESISTANCE_ALONE`` reading, when it resists), supportive otherwise.
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


def _filled(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text.strip() for text in texts if text.strip())


@decides(HoldReview)
def decide_review(command: HoldReview, inputs: HarmonyInputs) -> list[object]:
    """HAR1, HAR2: a review of a named school, by the alliance once formed, identifying at least
    one need; one review of a school a day."""
    formed_on = inputs.framework.formed_on
    if formed_on is None or command.reviewed_on < formed_on:
        raise RuleViolation(
            "HAR1",
            f"the alliance was not formed by {command.reviewed_on}: form it first "
            "(FormPartnership) and date the review on or after its formation",
        )
    school_id, name = command.school_id.strip(), command.name.strip()
    if not school_id or not name:
        raise RuleViolation("HAR1", "a review names the school: give its school_id and name")
    needs = _filled(command.needs)
    if not needs:
        raise RuleViolation(
            "HAR1", "a review assesses the precise needs of the school: list at least one need"
        )
    if any(
        review.school_id == school_id and review.reviewed_on == command.reviewed_on
        for review in inputs.harmony.reviews
    ):
        raise RuleViolation(
            "HAR1", f"{name} was already reviewed on {command.reviewed_on}: one review a day"
        )
    return [
        SchoolReviewed(
            school_id,
            name,
            command.urn,
            command.reviewed_on,
            needs,
            _filled(command.strengths),
            command.capacity,
            command.leadership_resists,
            model_for(
                command.leadership_resists,
                command.model,
                command.capacity,
                inputs.harmony.reading_on(command.reviewed_on),
            ),
        )
    ]


def _outcome_tuple(values: Iterable[ExpectedOutcome]) -> tuple[ExpectedOutcome, ...]:
    return tuple(values)


@attrs.frozen
class AgreeSupport:
    """HAR1, HAR3, HAR7: sign the written agreement with a reviewed school: its expected key
    outcomes and their measures. Support starts on ``starts_on`` (default: the signing day)
    and lasts five terms of the alliance's calendar."""

    agreement_id: str
    school_id: str
    signed_on: date
    outcomes: tuple[ExpectedOutcome, ...] = attrs.field(converter=_outcome_tuple)
    starts_on: date | None = None


def _outcomes(command: AgreeSupport) -> tuple[ExpectedOutcome, ...]:
    """HAR7: at least one expected key outcome, each with a distinct id, a description and a
    measure of its impact."""
    if not command.outcomes:
        raise RuleViolation(
            "HAR7", "a written agreement identifies its expected key outcomes: give at least one"
        )
    seen: set[str] = set()
    for outcome in command.outcomes:
        if not isinstance(outcome, ExpectedOutcome):
            raise RuleViolation(
                "HAR7",
                f"{outcome!r} is not an expected outcome: give ExpectedOutcome(outcome_id, "
                "description, measure, target)",
            )
        fields = (outcome.outcome_id, outcome.description, outcome.measure)
        if not all(text.strip() for text in fields):
            raise RuleViolation(
                "HAR7",
                f"expected outcome {outcome.outcome_id!r} needs an id, a description and a "
                "measure of its impact",
            )
        if outcome.outcome_id in seen:
            raise RuleViolation(
                "HAR7", f"expected outcome {outcome.outcome_id!r} is listed twice: give each once"
            )
        seen.add(outcome.outcome_id)
    return command.outcomes


@decides(AgreeSupport)
def decide_agreement(command: AgreeSupport, inputs: HarmonyInputs) -> list[object]:
    """HAR1, HAR3, HAR7, HAR9: a written agreement on the school's own review, with its
    expected key outcomes, lasting five terms of the calendar, one at a time per school."""
    agreement_id = command.agreement_id.strip()
    if not agreement_id or agreement_id in inputs.harmony.agreements:
        raise RuleViolation(
            "HAR7", f"agreement id {command.agreement_id!r} is empty or taken: give a new id"
        )
    review = inputs.harmony.latest_review(command.school_id, command.signed_on)
    if review is None:
        raise RuleViolation(
            "HAR1",
            f"no review of {command.school_id!r} on or before {command.signed_on}: review the "
            "school's needs and capacity to improve first (HoldReview)",
        )
    for earlier in inputs.harmony.agreements_of(review.school_id):
        if earlier.agreed.reviewed_on == review.reviewed_on:
            raise RuleViolation(
                "HAR1",
                f"the review of {review.name} on {review.reviewed_on} is the basis of agreement "
                f"{earlier.agreement_id!r}: review the school again for a new agreement",
            )
    outcomes = _outcomes(command)
    starts_on = command.starts_on or command.signed_on
    if starts_on < command.signed_on:
        raise RuleViolation(
            "HAR3",
            f"support cannot start ({starts_on}) before the agreement is signed "
            f"({command.signed_on})",
        )
    ends_on = end_after_terms(inputs.framework.calendar, starts_on, SUPPORT_TERMS)
    for other in inputs.harmony.agreements_of(review.school_id):
        if starts_on <= other.ends_on and other.starts_on <= ends_on:
            raise RuleViolation(
                "HAR9",
                f"{review.name} is supported under agreement {other.agreement_id!r} from "
                f"{other.starts_on} to {other.ends_on}, which overlaps {starts_on} to {ends_on}: "
                "start the new agreement after that one's five terms",
            )
    return [
        SupportAgreed(
            agreement_id,
            review.school_id,
            command.signed_on,
            starts_on,
            ends_on,
            review.reviewed_on,
            review.model,
            outcomes,
        )
    ]


# -- checks of recorded facts, read in effective-date order (R2) -----------------------------


@checks(SupportAgreed)
def check_agreement(event: SupportAgreed, inputs: HarmonyInputs) -> None:
    """HAR1, HAR3, HAR7, HAR9, R2: the agreement still rests on a review of the school not
    used by another, and overlaps no other agreement of the school. Its end is kept as
    recorded."""
    decide_agreement(
        AgreeSupport(
            event.agreement_id, event.school_id, event.signed_on, event.outcomes, event.starts_on
        ),
        inputs,
    )
