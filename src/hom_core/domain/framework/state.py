"""The framework's part of the state (:class:`FrameworkState`) and how each of its events
changes it."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import evolves
from hom_core.domain.calendar import Calendar
from hom_core.domain.framework.events import (
    FrameworkReviewed,
    PartnershipFormed,
    PoliciesAdopted,
    TermDatesRecorded,
)
from hom_core.domain.history import in_order
from hom_core.domain.policies import Policies

__all__ = ["FrameworkState", "PolicyPeriod"]


@attrs.frozen
class PolicyPeriod:
    """Policies in force from a date (until the next period starts)."""

    start: date
    policies: Policies


@attrs.frozen
class FrameworkState:
    """Name, formation, calendar, policy history and reviews of a partnership."""

    name: str = ""
    formed_on: date | None = None
    calendar: Calendar = attrs.field(factory=Calendar)
    policy_periods: tuple[PolicyPeriod, ...] = ()
    reviews: tuple[date, ...] = ()

    def policies_on(self, day: date) -> Policies:
        """The policies in force on ``day``: the defaults before any were adopted."""
        in_force = Policies()
        for period in self.policy_periods:
            if period.start > day:
                break
            in_force = period.policies
        return in_force

    def with_policies(self, policies: Policies, adopted_on: date) -> FrameworkState:
        """The framework once ``policies`` are adopted from ``adopted_on`` (replacing any
        adopted from that very day)."""
        period = PolicyPeriod(adopted_on, policies)
        periods = in_order(self.policy_periods, period, lambda each: each.start)
        return attrs.evolve(self, policy_periods=periods)


@evolves(PartnershipFormed, "hom.partnership_formed")
def _formed(state: FrameworkState, event: PartnershipFormed) -> FrameworkState:
    return attrs.evolve(state, name=event.name, formed_on=event.formed_on)


@evolves(PoliciesAdopted, "hom.policies_adopted")
def _adopted(state: FrameworkState, event: PoliciesAdopted) -> FrameworkState:
    return state.with_policies(event.policies, event.adopted_on)


@evolves(FrameworkReviewed, "hom.framework_reviewed")
def _reviewed(state: FrameworkState, event: FrameworkReviewed) -> FrameworkState:
    return attrs.evolve(state, reviews=tuple(sorted({*state.reviews, event.reviewed_on})))


@evolves(TermDatesRecorded, "hom.term_dates_recorded")
def _term_dates(state: FrameworkState, event: TermDatesRecorded) -> FrameworkState:
    return attrs.evolve(state, calendar=state.calendar.with_term_dates(event.term_dates))
