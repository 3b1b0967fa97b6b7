"""What school-to-school support asks by a date: the five terms ending (HAR3), each expected
outcome measured by then (HAR5), follow-up agreed before the support ends (HAR6)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hom_core.decider import obliges
from hom_core.obligations import WINDOW, Obligation, Responsibility
from hom_plugins.packs.harmony.state import Agreement, HarmonyInputs

__all__ = ["agreements"]

_BROKER = "teaching school alliance"
_BROKERS = Responsibility("teaching-school-alliance")


def _school(inputs: HarmonyInputs, agreement: Agreement) -> str:
    review = inputs.harmony.latest_review(agreement.school_id, agreement.agreed.signed_on)
    return agreement.school_id if review is None else review.name


def _one(agreement: Agreement, school: str) -> Iterator[Obligation]:
    ends_on, topic = agreement.ends_on, agreement.agreement_id
    opens_on = max(agreement.starts_on, ends_on - WINDOW)
    yield Obligation(
        "HAR3",
        f"ends/{topic}",
        f"The five terms of support for {school} end on {ends_on}",
        opens_on,
        ends_on,
        _BROKER,
        None,
        ends_on + timedelta(days=1),
        role=_BROKERS,
    )
    for outcome in agreement.agreed.outcomes:
        measured = [
            each.measured_on
            for each in agreement.measurements
            if each.outcome_id == outcome.outcome_id
        ]
        yield Obligation(
            "HAR5",
            f"outcome/{topic}/{outcome.outcome_id}",
            f"Measure the impact on {school}'s outcome {outcome.outcome_id!r} "
            f"({outcome.description})",
            opens_on,
            ends_on,
            _BROKER,
            "MeasureImpact",
            min(measured, default=None),
            role=_BROKERS,
        )
    follow_up = agreement.follow_up
    yield Obligation(
        "HAR6",
        f"follow-up/{topic}",
        f"Agree follow-up mentoring for {school} after the five terms",
        opens_on,
        ends_on,
        _BROKER,
        "AgreeFollowUp",
        None if follow_up is None else follow_up.agreed_on,
        role=_BROKERS,
    )


@obliges
def agreements(inputs: HarmonyInputs, day: date) -> Iterator[Obligation]:
    """HAR3, HAR5, HAR6, for each support agreement signed: in the last four weeks of its five
    terms (or from its start, if shorter) its outcomes are measured and follow-up is agreed;
    the five terms end on their own, by the calendar."""
    for agreement in inputs.harmony.agreements.values():
        yield from _one(agreement, _school(inputs, agreement))
