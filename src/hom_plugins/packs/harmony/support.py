"""Support given under an agreement (HAR4-HAR6, HAR8): activities, impact measured against
the agreed outcomes, follow-up after the five terms; each command beside how it is decided
against :class:`~hom_plugins.packs.harmony.state.HarmonyInputs`."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.calendar import end_after_terms
from hom_core.domain.membership.state import Member
from hom_core.errors import RuleViolation
from hom_core.people import PersonId
from hom_plugins.packs.harmony.events import ActivityDelivered, FollowUpAgreed, ImpactMeasured
from hom_plugins.packs.harmony.state import Agreement, HarmonyInputs, HarmonyState
from hom_plugins.packs.harmony.values import ActivityKind, OutcomeStatus, choice_of

__all__ = ["AgreeFollowUp", "MeasureImpact", "RecordActivity"]

_ONE_DAY = timedelta(days=1)


def _agreement(own: HarmonyState, agreement_id: str, rule: str) -> Agreement:
    agreement = own.agreements.get(agreement_id)
    if agreement is None:
        known = ", ".join(sorted(own.agreements)) or "none"
        raise RuleViolation(
            rule, f"no agreement {agreement_id!r} (agreements: {known}): sign it first"
        )
    return agreement


def _kind(value: ActivityKind | str) -> ActivityKind:
    return choice_of(ActivityKind, value)


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


def _deliverer(inputs: HarmonyInputs, supporting_school: str, day: date, school_id: str) -> Member:
    """HAR8: the member school delivering support on ``day`` to ``school_id``."""
    member = inputs.membership.members.get(supporting_school)
    if member is None or not member.is_member_on(day):
        raise RuleViolation(
            "HAR8",
            f"{supporting_school!r} is not a member of the alliance on {day}: support is "
            "brokered from within the alliance's schools",
        )
    if member.member_id == school_id:
        raise RuleViolation(
            "HAR8", f"{member.name} cannot support itself: name the school giving the support"
        )
    return member


@checks(ActivityDelivered)
def check_activity(event: ActivityDelivered, inputs: HarmonyInputs) -> None:
    """HAR8, R2: the support was still delivered by a member of the alliance on the day."""
    agreement = inputs.harmony.agreements.get(event.agreement_id)
    school_id = "" if agreement is None else agreement.school_id
    _deliverer(inputs, event.supporting_school, event.delivered_on, school_id)


@decides(RecordActivity)
def decide_activity(command: RecordActivity, inputs: HarmonyInputs) -> list[object]:
    """HAR4, HAR6, HAR8: support of a listed kind within the agreement's five terms (follow-up
    mentoring within its follow-up), delivered by another school that is a member that day."""
    agreement = _agreement(inputs.harmony, command.agreement_id, "HAR4")
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
    member = _deliverer(inputs, command.supporting_school, day, agreement.school_id)
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


def _status(value: OutcomeStatus | str) -> OutcomeStatus:
    return choice_of(OutcomeStatus, value)


@attrs.frozen
class MeasureImpact:
    """HAR5: record an expected outcome of an agreement as met or missed, with the evidence."""

    agreement_id: str
    outcome_id: str
    measured_on: date
    status: OutcomeStatus = attrs.field(converter=_status)
    evidence: str


@decides(MeasureImpact)
def decide_impact(command: MeasureImpact, inputs: HarmonyInputs) -> list[object]:
    """HAR5: impact is measured against an outcome of the agreement, once support has started:
    met or missed, on evidence, once a day."""
    agreement = _agreement(inputs.harmony, command.agreement_id, "HAR5")
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


@attrs.frozen
class AgreeFollowUp:
    """HAR6: agree follow-up mentoring for ``terms`` terms after an agreement's five terms."""

    agreement_id: str
    agreed_on: date
    terms: int = 3


def _to_follow_up(inputs: HarmonyInputs, agreement_id: str, agreed_on: date) -> Agreement:
    """HAR6: the agreement follow-up is agreed for on ``agreed_on``: once, after signing."""
    agreement = _agreement(inputs.harmony, agreement_id, "HAR6")
    if agreement.follow_up is not None:
        raise RuleViolation(
            "HAR6",
            f"follow-up for {agreement.agreement_id!r} was agreed on "
            f"{agreement.follow_up.agreed_on}",
        )
    if agreed_on < agreement.agreed.signed_on:
        raise RuleViolation(
            "HAR6",
            f"follow-up agreed on {agreed_on}, before the agreement was signed on "
            f"{agreement.agreed.signed_on}",
        )
    return agreement


@decides(AgreeFollowUp)
def decide_follow_up(command: AgreeFollowUp, inputs: HarmonyInputs) -> list[object]:
    """HAR6: follow-up, once per agreement, for whole terms of the calendar starting the day
    after the five terms end."""
    agreement = _to_follow_up(inputs, command.agreement_id, command.agreed_on)
    if type(command.terms) is not int or command.terms < 1:
        raise RuleViolation(
            "HAR6", f"follow-up lasts a whole number of terms >= 1, not {command.terms!r}"
        )
    starts_on = agreement.ends_on + _ONE_DAY
    ends_on = end_after_terms(inputs.framework.calendar, starts_on, command.terms)
    return [FollowUpAgreed(agreement.agreement_id, command.agreed_on, starts_on, ends_on)]


@checks(ImpactMeasured)
def check_impact(event: ImpactMeasured, inputs: HarmonyInputs) -> None:
    """HAR5, R2: impact is still measured against an outcome of an agreement whose support has
    started, once a day."""
    decide_impact(
        MeasureImpact(
            event.agreement_id, event.outcome_id, event.measured_on, event.status, event.evidence
        ),
        inputs,
    )


@checks(FollowUpAgreed)
def check_follow_up(event: FollowUpAgreed, inputs: HarmonyInputs) -> None:
    """HAR6, R2: follow-up is still agreed once for an agreement signed before it. Its terms
    are kept as recorded."""
    _to_follow_up(inputs, event.agreement_id, event.agreed_on)
