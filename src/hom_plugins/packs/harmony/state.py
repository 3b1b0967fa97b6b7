"""The state of school-to-school support: reviews, and each agreement with what happened under
it, and how each of the pack's events changes it (pure and total).

Records are kept in date order whatever order they were recorded in (a back-dated activity goes
in its place), so a view as of any day reads them as they stood.
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import evolves
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.history import in_order
from hom_core.domain.membership.state import MembershipState
from hom_plugins.packs.harmony.events import (
    ActivityDelivered,
    FollowUpAgreed,
    ImpactMeasured,
    InterventionReadingAdopted,
    SchoolReviewed,
    SupportAgreed,
)
from hom_plugins.packs.harmony.values import (
    AgreementStatus,
    ExpectedOutcome,
    InterventionReading,
)

__all__ = ["Agreement", "HarmonyInputs", "HarmonyState"]


@attrs.frozen
class Agreement:
    """One written agreement (``agreed``) and, in date order, the support given under it and
    the impact measured against its outcomes."""

    agreed: SupportAgreed
    follow_up: FollowUpAgreed | None = None
    activities: tuple[ActivityDelivered, ...] = ()
    measurements: tuple[ImpactMeasured, ...] = ()

    @property
    def agreement_id(self) -> str:
        """The agreement's id."""
        return self.agreed.agreement_id

    @property
    def school_id(self) -> str:
        """The supported school's id."""
        return self.agreed.school_id

    @property
    def starts_on(self) -> date:
        """The first day of the five terms of support."""
        return self.agreed.starts_on

    @property
    def ends_on(self) -> date:
        """The last day of the five terms of support (HAR3)."""
        return self.agreed.ends_on

    def status_on(self, day: date) -> AgreementStatus:
        """HAR3, HAR6: signed, in force, in follow-up or ended on ``day``."""
        if day < self.starts_on:
            return AgreementStatus.SIGNED
        if day <= self.ends_on:
            return AgreementStatus.IN_FORCE
        follow_up = self.follow_up
        if follow_up is not None and follow_up.starts_on <= day <= follow_up.ends_on:
            return AgreementStatus.FOLLOW_UP
        return AgreementStatus.ENDED

    def outcome(self, outcome_id: str) -> ExpectedOutcome | None:
        """The expected outcome ``outcome_id`` of the agreement, if it has one (HAR5)."""
        for outcome in self.agreed.outcomes:
            if outcome.outcome_id == outcome_id:
                return outcome
        return None

    def latest_measurement(self, outcome_id: str) -> ImpactMeasured | None:
        """The most recent measurement of ``outcome_id``, if any (HAR5)."""
        latest = None
        for measured in self.measurements:
            if measured.outcome_id == outcome_id:
                latest = measured
        return latest


@attrs.frozen
class HarmonyState:
    """Every review in date order, every agreement by its id, and the readings of HAR2 the
    alliance adopted, in date order."""

    reviews: tuple[SchoolReviewed, ...] = ()
    agreements: dict[str, Agreement] = attrs.field(factory=dict)
    readings: tuple[InterventionReadingAdopted, ...] = ()

    def reading_on(self, day: date) -> InterventionReading:
        """HAR2: the reading in force on ``day``: the last adopted by then, else the
        document's (resistance and low capacity)."""
        reading = InterventionReading.RESISTANCE_AND_LOW_CAPACITY
        for adopted in self.readings:
            if adopted.adopted_on <= day:
                reading = adopted.reading
        return reading

    def latest_review(self, school_id: str, on_or_before: date) -> SchoolReviewed | None:
        """HAR1: the last review of ``school_id`` held on or before ``on_or_before``."""
        latest = None
        for review in self.reviews:
            if review.school_id == school_id and review.reviewed_on <= on_or_before:
                latest = review
        return latest

    def agreements_of(self, school_id: str) -> list[Agreement]:
        """The agreements with ``school_id``, in the order their support starts."""
        return sorted(
            (each for each in self.agreements.values() if each.school_id == school_id),
            key=lambda each: each.starts_on,
        )


@attrs.frozen
class HarmonyInputs:
    """What school-to-school support's rules read: the framework (formation, the calendar of
    C1), the members (who delivers support, HAR8) and the pack's own state."""

    framework: FrameworkState
    membership: MembershipState
    harmony: HarmonyState


@evolves(SchoolReviewed, "harmony.school_reviewed")
def _reviewed(state: HarmonyState, event: SchoolReviewed) -> HarmonyState:
    reviews = in_order(
        state.reviews,
        event,
        lambda review: review.reviewed_on,
        lambda review: (review.school_id, review.reviewed_on),
    )
    return attrs.evolve(state, reviews=reviews)


@evolves(SupportAgreed, "harmony.support_agreed")
def _agreed(state: HarmonyState, event: SupportAgreed) -> HarmonyState:
    if event.agreement_id in state.agreements:  # evolve is total: a refused duplicate is ignored
        return state
    return _with(state, Agreement(event))


def _with(state: HarmonyState, agreement: Agreement) -> HarmonyState:
    return attrs.evolve(state, agreements={**state.agreements, agreement.agreement_id: agreement})


@evolves(ActivityDelivered, "harmony.activity_delivered")
def _delivered(state: HarmonyState, event: ActivityDelivered) -> HarmonyState:
    agreement = state.agreements.get(event.agreement_id)
    if agreement is None:
        return state
    activities = sorted((*agreement.activities, event), key=lambda each: each.delivered_on)
    return _with(state, attrs.evolve(agreement, activities=tuple(activities)))


@evolves(ImpactMeasured, "harmony.impact_measured")
def _measured(state: HarmonyState, event: ImpactMeasured) -> HarmonyState:
    agreement = state.agreements.get(event.agreement_id)
    if agreement is None:
        return state
    measurements = in_order(
        agreement.measurements,
        event,
        lambda measured: measured.measured_on,
        lambda measured: (measured.outcome_id, measured.measured_on),
    )
    return _with(state, attrs.evolve(agreement, measurements=measurements))


@evolves(FollowUpAgreed, "harmony.follow_up_agreed")
def _follow_up(state: HarmonyState, event: FollowUpAgreed) -> HarmonyState:
    agreement = state.agreements.get(event.agreement_id)
    if agreement is None or agreement.follow_up is not None:
        return state
    return _with(state, attrs.evolve(agreement, follow_up=event))


@evolves(InterventionReadingAdopted, "harmony.intervention_reading_adopted")
def _reading(state: HarmonyState, event: InterventionReadingAdopted) -> HarmonyState:
    readings = in_order(state.readings, event, lambda adopted: adopted.adopted_on)
    return attrs.evolve(state, readings=readings)
