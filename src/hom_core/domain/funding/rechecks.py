"""The checks of recorded contributions facts (C2, F1, F3, F6), read in effective-date order
(R2): each asks the decide case of its command, in :mod:`.contributions`, again."""

from __future__ import annotations

from hom_core.decider import checks
from hom_core.domain.funding.contributions import (
    RecordPayment,
    SetContributionRate,
    SubmitCensus,
    Unbilled,
    bill,
    decide_census,
    decide_payment,
    decide_rate,
)
from hom_core.domain.funding.events import (
    CensusSubmitted,
    ContributionAdjusted,
    ContributionDue,
    ContributionPaid,
    ContributionRateSet,
)
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.errors import RuleViolation

__all__: list[str] = []


@checks(ContributionRateSet)
def check_rate(event: ContributionRateSet, inputs: FundingInputs) -> None:
    """F3, R2: the rate is still set in a formed partnership before its year is called."""
    decide_rate(SetContributionRate(event.financial_year, event.rate, event.set_on), inputs)


@checks(ContributionDue)
def check_due(event: ContributionDue, inputs: FundingInputs) -> None:
    """F1, F2, F6, R2: the call still bills this school (a member school in the year by the
    call, billed once, with the census it is billed on). What it owes is kept as recorded: a
    contribution is fixed when it is called."""
    year = event.financial_year
    member = inputs.membership.members.get(event.member_id)
    billed = (
        Unbilled.NOT_A_MEMBER_SCHOOL
        if member is None
        else bill(inputs, year, event.called_on, member, event.rate)
    )
    if isinstance(billed, Unbilled):
        raise RuleViolation(
            "F1",
            f"{event.member_id!r} is {billed.value} (the call for {year} on "
            f"{event.called_on}): its contribution for {year} cannot be called",
        )
    if isinstance(billed, str):
        raise RuleViolation(
            "F1",
            f"contributions for {year} come from the January census, and none was "
            f"submitted for {billed} by the call on {event.called_on}",
        )


@checks(ContributionAdjusted)
def check_adjusted(event: ContributionAdjusted, inputs: FundingInputs) -> None:
    """C2, R2: the contribution a corrected census adjusts was still called before it. The
    adjustment is kept as recorded."""
    if inputs.funding.contribution(event.member_id, event.financial_year) is None:
        raise RuleViolation(
            "C2",
            f"a census correction adjusts {event.member_id!r}'s contribution for "
            f"{event.financial_year}, which was not called by {event.adjusted_on}",
        )


@checks(ContributionPaid)
def check_payment(event: ContributionPaid, inputs: FundingInputs) -> None:
    """F1, R2: the payment is still towards a contribution called and due, and overpays
    nothing."""
    decide_payment(
        RecordPayment(event.member_id, event.financial_year, event.amount, event.paid_on), inputs
    )


@checks(CensusSubmitted)
def check_census(event: CensusSubmitted, inputs: FundingInputs) -> None:
    """C2, R2: the census was still submitted by a member school on the day it was received.
    Any adjustment it made to a contribution is kept as recorded."""
    decide_census(
        SubmitCensus(
            event.member_id,
            event.census_date,
            event.full_time,
            event.part_time,
            event.submitted_on,
        ),
        inputs,
    )
