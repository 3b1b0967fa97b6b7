"""Hypothesis strategies for the test suites of hom's users: histories, commands and events::

    from hypothesis import given
    from hom_core.testing import PartnershipScenario, strategies

    @given(strategies.histories())
    def test_a_governors_report_never_fails(history):
        scenario = PartnershipScenario().given_commands(*history)
        my_report(scenario.partnership.today())

- :func:`histories`: whole partnership histories consistent with the rules, as lists of
  commands that all succeed when executed in order (formation, joins, notices, censuses,
  contributions, chair rotations, groups, decisions, reviews, training days...);
- :func:`commands`: arbitrary commands, valid or not, for checking that every refusal is a
  :class:`~hom_core.errors.HomError`; the strategies it mixes (:data:`membership_commands`,
  :data:`funding_commands`) and :func:`plausible_commands` (commands fitting a state) are here
  too;
- :func:`events`: events of every type registered in a log, plugins' types included, derived
  from their attrs field types, each of which the log's codec encodes and decodes exactly;
  :data:`DOMAIN_VALUES` says how the domain's validated value types are drawn.

Random partnerships live in a small world (:mod:`hom_core.testing.pools`): four schools, a few
URNs, the years 2013 to 2018, so commands collide with each other where the rules bite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import reduce
from types import MappingProxyType
from typing import Any

from hypothesis import strategies as st

from hom_core.application.timeline import Fact, check_timeline, effective_date_of
from hom_core.domain import (
    PARTNERSHIP,
    AcademicYear,
    AdoptPolicies,
    AppointBanker,
    CallContributions,
    ChangeUrn,
    DateRange,
    FinancialYear,
    FormPartnership,
    Fte,
    GiveNotice,
    JoinerCharge,
    Money,
    NoticePolicy,
    NoticeReading,
    PartnershipState,
    Policies,
    SetContributionRate,
    SubmitCensus,
    TermDates,
    Ukprn,
    Urn,
    WithdrawNotice,
)
from hom_core.errors import RuleViolation
from hom_core.log import EventLog
from hom_core.testing.derive import Values, strategy_for, text
from hom_core.testing.plausible import plausible_commands
from hom_core.testing.pools import (
    FORMED_ON,
    LAST_DAY,
    MEMBER_IDS,
    STRANGER,
    days,
    join,
    member_ids,
    urns,
)

__all__ = [
    "DOMAIN_VALUES",
    "FORMED_ON",
    "LAST_DAY",
    "MEMBER_IDS",
    "STRANGER",
    "adoptions",
    "census_years",
    "censuses",
    "commands",
    "days",
    "events",
    "events_of_type",
    "financial_years",
    "formations",
    "funding_commands",
    "histories",
    "join",
    "joins",
    "member_ids",
    "membership_commands",
    "month_days",
    "notice_policies",
    "notices",
    "plausible_commands",
    "policies",
    "strategy_for",
    "urn_changes",
    "urns",
    "withdrawals",
]

# -- policies ----------------------------------------------------------------------------------

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

_fractions = st.decimals(0, 1, places=2)

policies = st.builds(
    Policies,
    notice=notice_policies,
    joiner_charge=st.sampled_from(JoinerCharge),
    banker_admin_share=_fractions,
    financial_year_start_month=st.sampled_from([4, 9]),
    chair_order=st.lists(member_ids, unique=True).map(tuple),
    chair_term_terms=st.integers(1, 6),
    quorum=_fractions,
    review_every_months=st.integers(1, 24),
)
"""Every policy a partnership can adopt: notice (M2), joiners (F6), the banker's share (F4),
maintained or academy financial years (F2, C3), the chair's order and term (G2), the quorum
(G6) and how often the framework is reviewed (G8)."""

# -- commands that need no state -----------------------------------------------------------------

joins = st.builds(join, member_ids, days, urn=st.none() | urns)
"""M1: a school of the pool signs the agreement on some day (again, perhaps)."""

notices = st.builds(GiveNotice, member_ids | st.just(STRANGER), days)
"""M2: notice from a school of the pool, or from one that never joined."""

withdrawals = st.builds(WithdrawNotice, member_ids, days)
"""M2: a withdrawal of notice, given or not."""

urn_changes = st.builds(ChangeUrn, member_ids, urns, days)
"""C3: a new URN from some day, perhaps the one the school has."""

adoptions = st.builds(AdoptPolicies, policies, days)
"""Policies adopted from some day, perhaps before a notice they would change (M2)."""

membership_commands = st.one_of(joins, joins, notices, notices, withdrawals, urn_changes, adoptions)
"""Membership commands as a clerk might give them, valid or not (joins and notices are drawn
twice as often, so histories have schools that come and go)."""

census_years = st.integers(FORMED_ON.year + 1, LAST_DAY.year)
"""The years of the January censuses a random history reaches."""

financial_years = census_years.map(FinancialYear)
"""The financial years those censuses set contributions for (F2)."""

censuses = st.builds(
    SubmitCensus,
    member_ids,
    census_years.map(lambda year: date(year, 1, 16)),
    st.integers(0, 600),
    st.integers(0, 80),
)
"""C2: a January census of a school of the pool, submitted or not before."""

funding_commands = st.one_of(
    censuses,
    censuses,
    st.builds(CallContributions, financial_years, days),
    st.builds(SetContributionRate, financial_years, st.integers(0, 400).map(Money), days),
    st.builds(AppointBanker, member_ids, days),
)
"""Funding commands, valid or not: censuses (drawn twice as often), calls, rates, bankers."""

# -- values, events and commands of any type -----------------------------------------------------

_years = st.integers(1, 9998)
"""Every year the value types accept (years before 1000 are stored zero-padded, "0999/00")."""
_digits = "0123456789"

DOMAIN_VALUES: Mapping[Any, st.SearchStrategy[Any]] = MappingProxyType(
    {
        Money: st.integers(-(10**12), 10**12).map(Money),
        Fte: st.integers(0, 10**7).map(Fte),
        Urn: st.text(_digits, min_size=6, max_size=6).map(Urn),
        Ukprn: st.text(_digits, min_size=8, max_size=8).map(Ukprn),
        AcademicYear: _years.map(AcademicYear),
        FinancialYear: st.builds(FinancialYear, _years, st.integers(1, 12)),
        DateRange: st.lists(st.dates(), min_size=2, max_size=2).map(
            lambda pair: DateRange(*sorted(pair))
        ),
        TermDates: _years.map(AcademicYear).map(TermDates.default),
        NoticePolicy: notice_policies,
        Policies: policies,
    }
)
"""How :func:`events` draws the validated value types of the domain, over their whole domain
(every other field type is derived from its annotation)."""

_COMMAND_VALUES: Mapping[Any, st.SearchStrategy[Any]] = MappingProxyType(
    {
        **DOMAIN_VALUES,
        date: days,
        str: member_ids | st.sampled_from(["deputies", "eyfs", STRANGER]) | text,
        AcademicYear: census_years.map(AcademicYear),
        FinancialYear: financial_years,
    }
)
"""Commands name the pool's schools and groups (or any text) on the days of its world."""


def events(log: EventLog, values: Values | None = None) -> st.SearchStrategy[object]:
    """An event of any type registered in ``log`` (plugins' types included), every field drawn
    over its whole domain; ``log``'s codec encodes and decodes each one exactly.

    ``values`` adds strategies for value types of your own (``{Colour: colours}``), used before
    :data:`DOMAIN_VALUES` and before deriving a strategy from the type."""
    return st.one_of(
        [events_of_type(log, event_type.name, values) for event_type in log.codec.types]
    )


def events_of_type(
    log: EventLog, name: str, values: Values | None = None
) -> st.SearchStrategy[object]:
    """An event of the type registered in ``log`` as ``name``, as :func:`events` draws them."""
    event_type = log.codec.types.by_name(name)
    merged = {**DOMAIN_VALUES, **(values or {})}
    return strategy_for(event_type.cls, merged, log.codec.converter)


def commands(
    command_types: Iterable[type] = PARTNERSHIP.command_types, values: Values | None = None
) -> st.SearchStrategy[object]:
    """Any command, valid or not: the membership and funding commands above, and commands of
    every type in ``command_types`` (default: the partnership domain's; give
    ``partnership.command_types().values()`` to include plugins' commands) derived from their
    field types, naming the pool's schools and groups or any text, on the pool's days."""
    merged = {**_COMMAND_VALUES, **(values or {})}
    derived = [strategy_for(cls, merged) for cls in command_types]
    return st.one_of(membership_commands, funding_commands, *derived)


formations = st.builds(
    FormPartnership, st.just("Heart of Manchester"), st.just(FORMED_ON), policies
)
"""The first command of every history: the partnership formed on :data:`FORMED_ON`."""


@st.composite
def histories(draw: st.DrawFn, max_commands: int = 30) -> list[object]:
    """A history consistent with the rules: :data:`formations`, the founding members joining in
    the first year, then up to ``max_commands`` commands, each accepted by the rules against the
    state the ones before it leave.

    Each command is drawn from :func:`plausible_commands` for the state so far and kept only if
    the rules accept it, its facts keeping every fact before them in effective-date order
    (R2), so executing the history in order on a fresh partnership never raises a
    :class:`~hom_core.errors.RuleViolation`."""
    history: list[object] = [draw(formations)]
    founders = draw(st.lists(member_ids, unique=True, max_size=len(MEMBER_IDS)))
    history += [join(member_id, draw(_first_year)) for member_id in founders]
    state = PartnershipState()
    facts: list[Fact] = []
    for command in history:
        state = _after(state, command, facts)
    wanted = len(history) + draw(st.integers(0, max_commands))
    for _ in range(3 * wanted):  # some drawn commands are refused: try a few more times
        if len(history) >= wanted:
            break
        command = draw(plausible_commands(state))
        try:
            state = _after(state, command, facts)
        except RuleViolation:
            continue
        history.append(command)
    return history


_first_year = st.dates(FORMED_ON, FORMED_ON + timedelta(days=365))


def _after(state: PartnershipState, command: object, facts: list[Fact]) -> PartnershipState:
    """The state once ``command`` is decided against ``state`` and its events evolved, the
    events added to ``facts`` once they keep every fact there in effective-date order (R2)."""
    events = PARTNERSHIP.decide(command, state)
    check_timeline(PARTNERSHIP, facts, events, LAST_DAY)
    facts += [
        Fact(len(facts) + number, effective_date_of(event, LAST_DAY), event)
        for number, event in enumerate(events, 1)
    ]
    return reduce(PARTNERSHIP.evolve, events, state)
