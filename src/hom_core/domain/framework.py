"""The framework: forming the partnership, its policies, its calendar, its annual review (G8, C1).

Commands here are decided against the whole :class:`~hom_core.domain.state.PartnershipState`;
their events change only :class:`FrameworkState`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from hom_core.domain.calendar import Calendar, TermDates
from hom_core.domain.history import in_order
from hom_core.domain.policies import Policies
from hom_core.errors import RuleViolation
from hom_core.events import EventType

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState

__all__ = [
    "AdoptPolicies",
    "FormPartnership",
    "FrameworkReviewed",
    "FrameworkState",
    "PartnershipFormed",
    "PoliciesAdopted",
    "RecordTermDates",
    "ReviewFramework",
    "TermDatesRecorded",
]


# -- events ----------------------------------------------------------------------------------


@attrs.frozen
class PartnershipFormed:
    """The partnership was formed under its written agreement."""

    name: str
    formed_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.formed_on


@attrs.frozen
class PoliciesAdopted:
    """The strategic group adopted these policies, in force from ``adopted_on``."""

    policies: Policies
    adopted_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.adopted_on


@attrs.frozen
class FrameworkReviewed:
    """The strategic group reviewed the framework (G8)."""

    reviewed_on: date
    summary: str = ""

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.reviewed_on


@attrs.frozen
class TermDatesRecorded:
    """The partnership recorded its own term dates for an academic year (C1)."""

    term_dates: TermDates
    recorded_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.recorded_on


EVENT_TYPES = (
    EventType("hom.partnership_formed", PartnershipFormed),
    EventType("hom.policies_adopted", PoliciesAdopted),
    EventType("hom.framework_reviewed", FrameworkReviewed),
    EventType("hom.term_dates_recorded", TermDatesRecorded),
)


# -- state -----------------------------------------------------------------------------------


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


def _formed(state: FrameworkState, event: PartnershipFormed) -> FrameworkState:
    return attrs.evolve(state, name=event.name, formed_on=event.formed_on)


def _adopted(state: FrameworkState, event: PoliciesAdopted) -> FrameworkState:
    period = PolicyPeriod(event.adopted_on, event.policies)
    periods = in_order(state.policy_periods, period, lambda each: each.start)
    return attrs.evolve(state, policy_periods=periods)


def _reviewed(state: FrameworkState, event: FrameworkReviewed) -> FrameworkState:
    return attrs.evolve(state, reviews=tuple(sorted({*state.reviews, event.reviewed_on})))


def _term_dates(state: FrameworkState, event: TermDatesRecorded) -> FrameworkState:
    return attrs.evolve(state, calendar=state.calendar.with_term_dates(event.term_dates))


EVOLVERS: dict[type, Any] = {
    PartnershipFormed: _formed,
    PoliciesAdopted: _adopted,
    FrameworkReviewed: _reviewed,
    TermDatesRecorded: _term_dates,
}
"""Event class -> ``evolve(framework_state, event)``."""


# -- commands --------------------------------------------------------------------------------


@attrs.frozen
class FormPartnership:
    """Form the partnership (the first command of its stream), with its initial policies."""

    name: str
    formed_on: date
    policies: Policies = attrs.field(factory=Policies)


@attrs.frozen
class AdoptPolicies:
    """Adopt new policies from ``adopted_on`` (at a review, or any strategic group meeting)."""

    policies: Policies
    adopted_on: date


@attrs.frozen
class ReviewFramework:
    """Record the strategic group's annual review (G8), optionally adopting new policies."""

    reviewed_on: date
    summary: str = ""
    policies: Policies | None = None


@attrs.frozen
class RecordTermDates:
    """Record the partnership's own term dates for an academic year (C1)."""

    term_dates: TermDates
    recorded_on: date


def _require_formed(state: PartnershipState, rule: str) -> FrameworkState:
    framework = state.framework
    if framework.formed_on is None:
        raise RuleViolation(
            rule, "the partnership has not been formed yet: give FormPartnership first"
        )
    return framework


def decide_form(command: FormPartnership, state: PartnershipState) -> list[object]:
    """Form the partnership once; its name must not be empty."""
    if state.framework.formed_on is not None:
        raise RuleViolation(
            "M1",
            f"the partnership {state.framework.name!r} was already formed on "
            f"{state.framework.formed_on}: a stream holds one partnership",
        )
    if not command.name.strip():
        raise RuleViolation("M1", "a partnership needs a name: give FormPartnership(name=...)")
    return [
        PartnershipFormed(command.name.strip(), command.formed_on),
        PoliciesAdopted(command.policies, command.formed_on),
    ]


def _require_since_formation(state: PartnershipState, day: date, what: str) -> FrameworkState:
    framework = _require_formed(state, "G8")
    assert framework.formed_on is not None
    if day < framework.formed_on:
        raise RuleViolation(
            "G8",
            f"{what} on {day}, before the partnership was formed on {framework.formed_on}",
        )
    return framework


def _keep_recorded_notices(state: PartnershipState, policies: Policies, adopted_on: date) -> None:
    """M2: notice is read under the policy in force on the day it was received, so policies
    adopted from a date on or before a recorded notice must not change its leaving date."""
    framework = state.framework
    adopted = _adopted(framework, PoliciesAdopted(policies, adopted_on))
    calendar = framework.calendar
    for member in state.membership.members.values():
        for membership in member.memberships:
            received = membership.notice_received_on
            if received is None or received < adopted_on:
                continue
            before = framework.policies_on(received).notice.leaving_date(calendar, received)
            after = adopted.policies_on(received).notice.leaving_date(calendar, received)
            if before != after:
                raise RuleViolation(
                    "M2",
                    f"{member.name} gave notice on {received} under the notice policy then in "
                    f"force, leaving on {before}: policies adopted from {adopted_on} would move "
                    f"that to {after}; adopt the new notice policy from "
                    f"{received + timedelta(days=1)} or later",
                )


def decide_adopt(command: AdoptPolicies, state: PartnershipState) -> list[object]:
    """Adopt policies in a formed partnership, from its formation on, without changing the
    leaving date of notice already received (M2)."""
    _require_since_formation(state, command.adopted_on, "policies cannot be adopted")
    _keep_recorded_notices(state, command.policies, command.adopted_on)
    return [PoliciesAdopted(command.policies, command.adopted_on)]


def decide_review(command: ReviewFramework, state: PartnershipState) -> list[object]:
    """G8: record a review, not before formation; a second review on the same day is an error."""
    framework = _require_since_formation(
        state, command.reviewed_on, "the framework cannot be reviewed"
    )
    if command.reviewed_on in framework.reviews:
        raise RuleViolation("G8", f"the framework was already reviewed on {command.reviewed_on}")
    events: list[object] = [FrameworkReviewed(command.reviewed_on, command.summary)]
    if command.policies is not None:
        _keep_recorded_notices(state, command.policies, command.reviewed_on)
        events.append(PoliciesAdopted(command.policies, command.reviewed_on))
    return events


def decide_term_dates(command: RecordTermDates, state: PartnershipState) -> list[object]:
    """C1: record term dates; they must fit with the years already recorded."""
    framework = _require_formed(state, "C1")
    try:
        framework.calendar.with_term_dates(command.term_dates)
    except ValueError as error:
        raise RuleViolation("C1", str(error)) from None
    return [TermDatesRecorded(command.term_dates, command.recorded_on)]


DECIDERS: dict[type, Any] = {
    FormPartnership: decide_form,
    AdoptPolicies: decide_adopt,
    ReviewFramework: decide_review,
    RecordTermDates: decide_term_dates,
}
"""Command class -> ``decide(command, partnership_state) -> events``."""
