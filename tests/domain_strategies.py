"""Builders and hypothesis strategies for the partnership domain (hom_core.domain).

The builders make a formed partnership in a fresh log and the commands of everyday tests; the
strategies draw random commands, valid and invalid alike (duplicate joins, notice from schools
that never joined, withdrawals of notice nobody gave, stale URN changes, back-dated policies), so
property tests can run whole histories through ``Partnership.execute``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import reduce

import pytest
from hypothesis import strategies as st

from hom_core import EventLog, RuleViolation, open_log
from hom_core.domain import (
    AdoptPolicies,
    AppointBanker,
    CallContributions,
    ChangeUrn,
    FinancialYear,
    FormPartnership,
    GiveNotice,
    JoinPartnership,
    Money,
    NoticePolicy,
    NoticeReading,
    OrganisationKind,
    Partnership,
    PartnershipState,
    Policies,
    SetContributionRate,
    SubmitCensus,
    Urn,
    WithdrawNotice,
)
from hom_core.domain.state import evolve

# -- builders ----------------------------------------------------------------------------------

ONE_DAY = timedelta(days=1)

FORMED_ON = date(2013, 7, 1)
"""When the partnerships of the tests are formed (HOM's agreement dates from summer 2013)."""

LAST_DAY = date(2018, 8, 31)
"""The last day the strategies draw."""

MEMBER_IDS = ("st-marys", "rolls-crescent", "st-philips", "birchfields")
"""A few schools, so random histories join, leave and rejoin the same ones."""

STRANGER = "never-joined"
"""A school that never signs the agreement."""


def new_partnership(
    url: str = "memory://",
    *,
    clock: Callable[[], datetime] | None = None,
    policies: Policies | None = None,
    formed_on: date = FORMED_ON,
) -> tuple[EventLog, Partnership]:
    """A fresh log at ``url`` holding one partnership, formed on ``formed_on``."""
    log = open_log(url) if clock is None else open_log(url, clock=clock)
    hom = Partnership(log, "hom")
    hom.execute(FormPartnership("Heart of Manchester", formed_on, policies or Policies()))
    return log, hom


def join(
    member_id: str,
    signed_on: date,
    *,
    urn: Urn | None = None,
    kind: OrganisationKind = OrganisationKind.PRIMARY,
) -> JoinPartnership:
    """M1: the agreement signed for ``member_id`` by its head and chair, and the chairperson."""
    return JoinPartnership(
        member_id,
        member_id.replace("-", " ").title(),
        kind,
        head=f"head-of-{member_id}",
        chair_of_governors=f"chair-of-{member_id}",
        partnership_chair="chair-of-partnership",
        signed_on=signed_on,
        urn=urn,
    )


def assert_refused(log: EventLog, hom: Partnership, command: object, rule: str) -> RuleViolation:
    """``command`` breaks ``rule``: a RuleViolation citing it, and nothing appended."""
    before = (log.stream_version(hom.stream_id), log.head())
    with pytest.raises(RuleViolation) as caught:
        hom.execute(command)
    assert caught.value.rule == rule, caught.value
    assert (log.stream_version(hom.stream_id), log.head()) == before
    return caught.value


def replay_until(log: EventLog, stream_id: str, day: date) -> PartnershipState:
    """The state folded, with the domain's ``evolve``, over the events effective by ``day``."""
    return reduce(
        evolve,
        (
            recorded.event
            for recorded in log.read_stream(stream_id)
            if recorded.effective_date <= day
        ),
        PartnershipState(),
    )


# -- strategies --------------------------------------------------------------------------------

days = st.dates(FORMED_ON, LAST_DAY)
"""Days the partnership has existed on (and a few years of its future)."""

member_ids = st.sampled_from(MEMBER_IDS)
urns = st.sampled_from(["105432", "105433", "140001", "140002"]).map(Urn)
"""A few URNs, so changes to the URN a school already has are drawn too."""

month_days = st.tuples(st.integers(1, 12), st.integers(1, 28))
"""A (month, day) that every year has."""

notice_policies = st.one_of(
    st.builds(NoticePolicy, withdrawable=st.booleans()),
    st.builds(
        NoticePolicy,
        reading=st.just(NoticeReading.CUTOFF),
        cutoff_days=st.integers(1, 60),
        withdrawable=st.booleans(),
    ),
    st.builds(
        NoticePolicy,
        reading=st.just(NoticeReading.WEEKS),
        weeks=st.integers(1, 52),
        withdrawable=st.booleans(),
    ),
    st.builds(
        NoticePolicy,
        reading=st.just(NoticeReading.FIXED_DATE),
        deadline=month_days,
        leave_from=month_days,
        withdrawable=st.booleans(),
    ),
)
"""Every reading of "a term's notice" (M2), withdrawable or not."""

policies = st.builds(Policies, notice=notice_policies)

joins = st.builds(join, member_ids, days, urn=st.none() | urns)
notices = st.builds(GiveNotice, member_ids | st.just(STRANGER), days)
withdrawals = st.builds(WithdrawNotice, member_ids, days)
urn_changes = st.builds(ChangeUrn, member_ids, urns, days)
adoptions = st.builds(AdoptPolicies, policies, days)

membership_commands = st.one_of(joins, joins, notices, notices, withdrawals, urn_changes, adoptions)
"""Membership commands as a clerk might give them, valid or not (joins and notices are drawn
twice as often, so histories have schools that come and go)."""

census_years = st.integers(FORMED_ON.year + 1, LAST_DAY.year)
financial_years = census_years.map(FinancialYear)
censuses = st.builds(
    SubmitCensus,
    member_ids,
    census_years.map(lambda year: date(year, 1, 16)),
    st.integers(0, 600),
    st.integers(0, 80),
)
funding_commands = st.one_of(
    censuses,
    censuses,
    st.builds(CallContributions, financial_years, days),
    st.builds(SetContributionRate, financial_years, st.integers(0, 400).map(Money), days),
    st.builds(AppointBanker, member_ids, days),
)
"""Funding commands, valid or not: censuses (drawn twice as often), calls, rates, bankers."""


def plausible_commands(state: PartnershipState) -> st.SearchStrategy[object]:
    """Commands that the rules would likely accept against ``state``: notice from members while
    they are members, withdrawals while notice runs (or ran, before a rejoin), rejoining after
    leaving, URN changes after the last one. Mixed with :data:`membership_commands`, histories
    go deep into the rules."""
    options: list[st.SearchStrategy[object]] = [joins]
    for member_id, member in state.membership.members.items():
        for period in member.memberships:  # withdrawals of old notice, too (after a rejoin)
            if period.notice_received_on is not None and period.leaves_on is not None:
                window = st.dates(period.notice_received_on, period.leaves_on)
                options.append(st.builds(WithdrawNotice, st.just(member_id), window))
        last = member.memberships[-1]
        if last.leaves_on is None:
            options.append(
                st.builds(GiveNotice, st.just(member_id), st.dates(last.joined_on, LAST_DAY))
            )
        elif last.leaves_on < LAST_DAY:
            rejoin = st.dates(last.leaves_on + ONE_DAY, LAST_DAY)
            options.append(st.builds(join, st.just(member_id), rejoin))
        since = member.urns[-1][0] + ONE_DAY if member.urns else FORMED_ON
        if since <= LAST_DAY:
            options.append(
                st.builds(ChangeUrn, st.just(member_id), urns, st.dates(since, LAST_DAY))
            )
    options.extend(_plausible_funding(state))
    return st.one_of(options)


def _plausible_funding(state: PartnershipState) -> list[st.SearchStrategy[object]]:
    """Censuses a member still owes, and calls for years whose schools have all submitted."""
    options: list[st.SearchStrategy[object]] = []
    for year in range(FORMED_ON.year + 1, LAST_DAY.year + 1):
        census_day = date(year, 1, 16)
        missing = [
            member.member_id
            for member in state.membership.on(census_day)
            if state.funding.census(member.member_id, year) is None
        ]
        for member_id in missing:
            pupils = st.integers(0, 600), st.integers(0, 80)
            options.append(
                st.builds(SubmitCensus, st.just(member_id), st.just(census_day), *pupils)
            )
        first_day = FinancialYear(year).first_day
        schools = state.membership.on(first_day)
        if schools and not missing and not state.funding.called(FinancialYear(year)):
            options.append(st.just(CallContributions(FinancialYear(year), first_day)))
    return options
