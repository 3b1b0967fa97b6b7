"""The framework's commands and how each is decided: forming the partnership, adopting
policies, the annual review (G8), term dates (C1)."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.calendar import TermDates
from hom_core.domain.checks import formed
from hom_core.domain.framework.events import (
    FrameworkReviewed,
    PartnershipFormed,
    PoliciesAdopted,
    TermDatesRecorded,
)
from hom_core.domain.framework.inputs import FrameworkInputs
from hom_core.domain.policies import Policies
from hom_core.errors import RuleViolation

__all__ = [
    "AdoptPolicies",
    "FormPartnership",
    "RecordTermDates",
    "ReviewFramework",
]


@attrs.frozen
class FormPartnership:
    """Form the partnership (the first command of its stream), with its initial policies."""

    name: str
    formed_on: date
    policies: Policies = attrs.field(factory=Policies)


@decides(FormPartnership)
def decide_form(command: FormPartnership, inputs: FrameworkInputs) -> list[object]:
    """M1: form the partnership once; its name must not be empty."""
    framework = inputs.framework
    if framework.formed_on is not None:
        raise RuleViolation(
            "M1",
            f"the partnership {framework.name!r} was already formed on "
            f"{framework.formed_on}: a stream holds one partnership",
        )
    if not command.name.strip():
        raise RuleViolation("M1", "a partnership needs a name: give FormPartnership(name=...)")
    return [
        PartnershipFormed(command.name.strip(), command.formed_on),
        PoliciesAdopted(command.policies, command.formed_on),
    ]


def _keep_recorded_notices(inputs: FrameworkInputs, policies: Policies, adopted_on: date) -> None:
    """M2: notice is read under the policy in force on the day it was received, so policies
    adopted from a date on or before a recorded notice must not change its leaving date."""
    framework = inputs.framework
    adopted = framework.with_policies(policies, adopted_on)
    calendar = framework.calendar
    for member in inputs.membership.members.values():
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


@attrs.frozen
class AdoptPolicies:
    """Adopt new policies from ``adopted_on`` (at a review, or any strategic group meeting)."""

    policies: Policies
    adopted_on: date


@decides(AdoptPolicies)
def decide_adopt(command: AdoptPolicies, inputs: FrameworkInputs) -> list[object]:
    """G8, M2: adopt policies in a formed partnership, from its formation on, without changing
    the leaving date of notice already received."""
    formed(inputs, "G8", command.adopted_on, "an adoption of policies")
    _keep_recorded_notices(inputs, command.policies, command.adopted_on)
    return [PoliciesAdopted(command.policies, command.adopted_on)]


@attrs.frozen
class ReviewFramework:
    """Record the strategic group's annual review (G8), optionally adopting new policies."""

    reviewed_on: date
    summary: str = ""
    policies: Policies | None = None


@decides(ReviewFramework)
def decide_review(command: ReviewFramework, inputs: FrameworkInputs) -> list[object]:
    """G8: record a review, not before formation; a second review on the same day is an error."""
    formed(inputs, "G8", command.reviewed_on, "a review of the framework")
    if command.reviewed_on in inputs.framework.reviews:
        raise RuleViolation("G8", f"the framework was already reviewed on {command.reviewed_on}")
    events: list[object] = [FrameworkReviewed(command.reviewed_on, command.summary)]
    if command.policies is not None:
        _keep_recorded_notices(inputs, command.policies, command.reviewed_on)
        events.append(PoliciesAdopted(command.policies, command.reviewed_on))
    return events


@attrs.frozen
class RecordTermDates:
    """Record the partnership's own term dates for an academic year (C1)."""

    term_dates: TermDates
    recorded_on: date


@decides(RecordTermDates)
def decide_term_dates(command: RecordTermDates, inputs: FrameworkInputs) -> list[object]:
    """C1: record term dates; they must fit with the years already recorded."""
    formed(inputs, "C1")
    try:
        inputs.framework.calendar.with_term_dates(command.term_dates)
    except ValueError as error:
        raise RuleViolation("C1", str(error)) from None
    return [TermDatesRecorded(command.term_dates, command.recorded_on)]


# -- checks of recorded facts, read in effective-date order (R2) -----------------------------


@checks(PoliciesAdopted)
def check_adopted(event: PoliciesAdopted, inputs: FrameworkInputs) -> None:
    """G8, M2, R2: policies are still adopted in a formed partnership, from its formation on,
    without moving the leaving date of a notice received before them."""
    decide_adopt(AdoptPolicies(event.policies, event.adopted_on), inputs)
