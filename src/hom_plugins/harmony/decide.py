"""The rules of school-to-school support: ``decide(command, partnership_state, harmony_state)``.

Each decider returns the events of its command or raises a
:class:`~hom_core.errors.RuleViolation` citing its rule (HAR1-HAR9, listed in
:mod:`hom_plugins.harmony`); nothing is appended then. Dates of terms come from the alliance's
calendar in the core's state (C1), through the core's own term arithmetic.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hom_core.domain import PartnershipState
from hom_core.domain.calendar import end_after_terms
from hom_core.errors import RuleViolation
from hom_plugins.harmony.commands import (
    AgreeFollowUp,
    AgreeSupport,
    HoldReview,
    MeasureImpact,
    RecordActivity,
)
from hom_plugins.harmony.events import (
    ActivityDelivered,
    FollowUpAgreed,
    ImpactMeasured,
    SchoolReviewed,
    SupportAgreed,
)
from hom_plugins.harmony.state import Agreement, HarmonyState
from hom_plugins.harmony.values import ExpectedOutcome, OutcomeStatus, SupportModel

__all__ = ["DECIDERS", "SUPPORT_TERMS", "model_for"]

SUPPORT_TERMS = 5
"""HAR3: "Support from Harmony is 5 terms long"."""

_ONE_DAY = timedelta(days=1)


def model_for(leadership_resists: bool, chosen: SupportModel | None = None) -> SupportModel:
    """HAR2: the model of support after a review.

    Where the leadership resists the partnership the model is interventionist (choosing the
    supportive model is refused); otherwise it is the one chosen, supportive by default (the
    alliance may still choose to intervene, say where capacity is low).
    """
    if leadership_resists:
        if chosen is SupportModel.SUPPORTIVE:
            raise RuleViolation(
                "HAR2",
                "the review found the leadership resists the partnership, so the support must "
                "follow the interventionist model: choose SupportModel.INTERVENTIONIST (or "
                "leave the model to the rule)",
            )
        return SupportModel.INTERVENTIONIST
    return chosen or SupportModel.SUPPORTIVE


def _filled(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text.strip() for text in texts if text.strip())


def decide_review(command: HoldReview, core: PartnershipState, own: HarmonyState) -> list[object]:
    """HAR1, HAR2: a review of a named school, by the alliance once formed, identifying at least
    one need; one review of a school a day."""
    formed_on = core.framework.formed_on
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
        for review in own.reviews
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
            model_for(command.leadership_resists, command.model),
        )
    ]


def decide_agreement(
    command: AgreeSupport, core: PartnershipState, own: HarmonyState
) -> list[object]:
    """HAR1, HAR3, HAR7, HAR9: a written agreement on the school's own review, with its
    expected key outcomes, lasting five terms of the calendar, one at a time per school."""
    agreement_id = command.agreement_id.strip()
    if not agreement_id or agreement_id in own.agreements:
        raise RuleViolation(
            "HAR7", f"agreement id {command.agreement_id!r} is empty or taken: give a new id"
        )
    review = own.latest_review(command.school_id, command.signed_on)
    if review is None:
        raise RuleViolation(
            "HAR1",
            f"no review of {command.school_id!r} on or before {command.signed_on}: review the "
            "school's needs and capacity to improve first (HoldReview)",
        )
    for earlier in own.agreements_of(review.school_id):
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
    ends_on = end_after_terms(core.framework.calendar, starts_on, SUPPORT_TERMS)
    for other in own.agreements_of(review.school_id):
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


def _agreement(own: HarmonyState, agreement_id: str, rule: str) -> Agreement:
    agreement = own.agreements.get(agreement_id)
    if agreement is None:
        known = ", ".join(sorted(own.agreements)) or "none"
        raise RuleViolation(
            rule, f"no agreement {agreement_id!r} (agreements: {known}): sign it first"
        )
    return agreement


def decide_activity(
    command: RecordActivity, core: PartnershipState, own: HarmonyState
) -> list[object]:
    """HAR4, HAR6, HAR8: support of a listed kind within the agreement's five terms (follow-up
    mentoring within its follow-up), delivered by another school that is a member that day."""
    agreement = _agreement(own, command.agreement_id, "HAR4")
    day = command.delivered_on
    if command.kind.is_follow_up:
        follow_up = agreement.follow_up
        if follow_up is None or not follow_up.starts_on <= day <= follow_up.ends_on:
            period = (
                "has no follow-up agreed (AgreeFollowUp)"
                if follow_up is None
                else f"has follow-up from {follow_up.starts_on} to {follow_up.ends_on}"
            )
            raise RuleViolation(
                "HAR6",
                f"follow-up mentoring on {day}: agreement {agreement.agreement_id!r} {period}; "
                f"follow-up comes only after the five terms ending {agreement.ends_on}",
            )
    elif not agreement.starts_on <= day <= agreement.ends_on:
        raise RuleViolation(
            "HAR4",
            f"support on {day} is outside agreement {agreement.agreement_id!r} "
            f"({agreement.starts_on} to {agreement.ends_on}); after its five terms only "
            "follow-up mentoring is given",
        )
    member = core.membership.members.get(command.supporting_school)
    if member is None or not member.is_member_on(day):
        raise RuleViolation(
            "HAR8",
            f"{command.supporting_school!r} is not a member of the alliance on {day}: support "
            "is brokered from within the alliance's schools",
        )
    if member.member_id == agreement.school_id:
        raise RuleViolation(
            "HAR8", f"{member.name} cannot support itself: name the school giving the support"
        )
    return [
        ActivityDelivered(
            agreement.agreement_id,
            command.kind,
            day,
            member.member_id,
            command.person,
            command.focus.strip(),
        )
    ]


def decide_impact(
    command: MeasureImpact, core: PartnershipState, own: HarmonyState
) -> list[object]:
    """HAR5: impact is measured against an outcome of the agreement, once support has started:
    met or missed, on evidence, once a day."""
    agreement = _agreement(own, command.agreement_id, "HAR5")
    outcome = agreement.outcome(command.outcome_id)
    if outcome is None:
        agreed = ", ".join(each.outcome_id for each in agreement.agreed.outcomes)
        raise RuleViolation(
            "HAR5",
            f"{command.outcome_id!r} is not an expected outcome of agreement "
            f"{agreement.agreement_id!r} (its outcomes: {agreed}): measure impact against them",
        )
    if command.status is OutcomeStatus.NOT_YET_MEASURED:
        raise RuleViolation("HAR5", "a measurement finds the outcome met or missed")
    evidence = command.evidence.strip()
    if not evidence:
        raise RuleViolation("HAR5", "give the evidence the outcome was measured on")
    if command.measured_on < agreement.starts_on:
        raise RuleViolation(
            "HAR5",
            f"impact measured on {command.measured_on}, before the support started on "
            f"{agreement.starts_on}",
        )
    if any(
        measured.outcome_id == outcome.outcome_id and measured.measured_on == command.measured_on
        for measured in agreement.measurements
    ):
        raise RuleViolation(
            "HAR5", f"{outcome.outcome_id!r} was already measured on {command.measured_on}"
        )
    return [
        ImpactMeasured(
            agreement.agreement_id,
            outcome.outcome_id,
            command.measured_on,
            command.status,
            evidence,
        )
    ]


def decide_follow_up(
    command: AgreeFollowUp, core: PartnershipState, own: HarmonyState
) -> list[object]:
    """HAR6: follow-up, once per agreement, for whole terms of the calendar starting the day
    after the five terms end."""
    agreement = _agreement(own, command.agreement_id, "HAR6")
    if agreement.follow_up is not None:
        raise RuleViolation(
            "HAR6",
            f"follow-up for {agreement.agreement_id!r} was agreed on "
            f"{agreement.follow_up.agreed_on}",
        )
    if command.agreed_on < agreement.agreed.signed_on:
        raise RuleViolation(
            "HAR6",
            f"follow-up agreed on {command.agreed_on}, before the agreement was signed on "
            f"{agreement.agreed.signed_on}",
        )
    if type(command.terms) is not int or command.terms < 1:
        raise RuleViolation(
            "HAR6", f"follow-up lasts a whole number of terms >= 1, not {command.terms!r}"
        )
    starts_on = agreement.ends_on + _ONE_DAY
    ends_on = end_after_terms(core.framework.calendar, starts_on, command.terms)
    return [FollowUpAgreed(agreement.agreement_id, command.agreed_on, starts_on, ends_on)]


DECIDERS: dict[type, Any] = {
    HoldReview: decide_review,
    AgreeSupport: decide_agreement,
    RecordActivity: decide_activity,
    MeasureImpact: decide_impact,
    AgreeFollowUp: decide_follow_up,
}
"""Command class -> ``decide(command, partnership_state, harmony_state) -> events``."""
