"""Commands the rules would likely accept against a given state, for every rule family.

:func:`plausible_commands` looks at the state (who is a member and when, who gave notice, which
groups are open, what is owed) and draws commands that fit it: notice from members while they
are members, rejoining after leaving, meetings of open groups, decisions with the votes of the
member schools of the day, payments of what is still owed... The rules keep the last word:
:func:`hom_core.testing.strategies.histories` keeps only the commands they accept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

import attrs
from hypothesis import strategies as st

from hom_core.domain import (
    AcademicYear,
    AgreeTrainingDays,
    AppointBanker,
    AppointRoleHolder,
    CallContributions,
    ChangeUrn,
    CloseTaskGroup,
    DateRange,
    DisbandGroup,
    EstablishGroup,
    FinancialYear,
    GiveNotice,
    GroupKind,
    HoldConference,
    HoldMeeting,
    HoldStrategicDirectionMeeting,
    HoldTrainingDay,
    Money,
    OfstedOutcome,
    PartnershipState,
    RecordOfstedOutcome,
    RecordPayment,
    ReportBack,
    ReportToGovernors,
    ReviewFramework,
    Role,
    RotateChair,
    SetContributionRate,
    SpendFunds,
    SubmitCensus,
    TakeDecision,
    Vote,
    WithdrawNotice,
    agreement_standing_groups,
)
from hom_core.domain.membership.state import Member
from hom_core.testing.pools import FORMED_ON, LAST_DAY, ONE_DAY, days, join, member_ids, urns

__all__ = ["plausible_commands"]

_Option = Callable[[], st.SearchStrategy[object]]
"""A command that fits the state, made into a strategy only when chosen (making the strategies
of every option at every step of a history would cost more than the rest of the test)."""

_YEARS = range(FORMED_ON.year + 1, LAST_DAY.year + 1)
"""The years of the January censuses (and the financial years) a random history reaches."""

_THEMES = st.sampled_from(["Maths mastery", "SEND", "Early reading", "Assessment"])
_GRADES = st.sampled_from(["outstanding", "good", "requires improvement"])


@attrs.frozen
class _Days:
    """An argument drawn from the days ``first`` to ``last``."""

    first: date
    last: date


def _option(make: Callable[..., object], *arguments: object) -> _Option:
    """``make(*arguments)`` with each argument a strategy, a :class:`_Days` or a plain value."""

    def strategy() -> st.SearchStrategy[object]:
        return st.builds(make, *map(_drawn, arguments))

    return strategy


def _drawn(argument: object) -> st.SearchStrategy[object]:
    if isinstance(argument, st.SearchStrategy):
        return argument
    if isinstance(argument, _Days):
        return st.dates(argument.first, argument.last)
    return st.just(argument)


def plausible_commands(state: PartnershipState) -> st.SearchStrategy[object]:
    """Commands that the rules would likely accept against ``state``, from every rule family:
    joins (and rejoins after leaving, M3), notice while a member and its withdrawal (M2), URN
    changes after the last one (C3), role holders and Ofsted outcomes (C4); censuses a member
    still owes, calls, payments of what is owed, rates, bankers and spending (F1-F6); chair
    rotations (G2), groups and their meetings (G1, G5), decisions with the day's votes (G6),
    reports to governors (G7) and reviews (G8); training days and conferences (T1)."""
    options = [_option(join, member_ids, days)]
    for member in state.membership.members.values():
        options.extend(_membership(member))
    options.extend(_funding(state))
    options.extend(_governance(state))
    options.extend(_joint_work(state))
    return st.sampled_from(options).flatmap(lambda option: option())


def _membership(member: Member) -> list[_Option]:
    """What one member (or former member) may plausibly do next."""
    member_id = member.member_id
    options = []
    for period in member.memberships:  # withdrawals of old notice, too (after a rejoin)
        if period.notice_received_on is not None and period.leaves_on is not None:
            window = _Days(period.notice_received_on, period.leaves_on)
            options.append(_option(WithdrawNotice, member_id, window))
        while_member = _Days(period.joined_on, min(period.leaves_on or LAST_DAY, LAST_DAY))
        options.append(_option(_role_holder, member_id, st.sampled_from(Role), while_member))
        options.append(_option(ReportToGovernors, member_id, while_member))
    last = member.memberships[-1]
    if last.leaves_on is None:
        options.append(_option(GiveNotice, member_id, _Days(last.joined_on, LAST_DAY)))
        options.append(_option(AppointBanker, member_id, _Days(last.joined_on, LAST_DAY)))
    elif last.leaves_on < LAST_DAY:
        options.append(_option(join, member_id, _Days(last.leaves_on + ONE_DAY, LAST_DAY)))
    since = member.urns[-1][0] + ONE_DAY if member.urns else FORMED_ON
    if since <= LAST_DAY:
        options.append(_option(ChangeUrn, member_id, urns, _Days(since, LAST_DAY)))
    options.append(_option(_ofsted_outcome, member_id, days, _GRADES))
    return options


def _role_holder(member_id: str, role: Role, from_date: date) -> AppointRoleHolder:
    return AppointRoleHolder(member_id, role, f"{role.value}-of-{member_id}", from_date)


def _ofsted_outcome(member_id: str, published_on: date, grade: str) -> RecordOfstedOutcome:
    outcome = OfstedOutcome(published_on, "single-word", (("overall effectiveness", grade),))
    return RecordOfstedOutcome(member_id, outcome)


def _funding(state: PartnershipState) -> list[_Option]:
    """Censuses a member still owes, calls for years whose schools have all submitted, payments
    of what is still owed, a new rate, spending."""
    years = st.sampled_from(_YEARS).map(FinancialYear)
    options = [
        _option(SetContributionRate, years, st.integers(100, 400).map(Money), days),
        _option(SpendFunds, st.integers(1, 5_000).map(Money), days, _THEMES),
    ]
    for year in _YEARS:
        census_day = date(year, 1, 16)
        missing = [
            member.member_id
            for member in state.membership.on(census_day)
            if state.funding.census(member.member_id, year) is None
        ]
        for member_id in missing:
            pupils = st.integers(0, 600), st.integers(0, 80)
            options.append(_option(SubmitCensus, member_id, census_day, *pupils))
        first_day = FinancialYear(year).first_day
        schools = state.membership.on(first_day)
        if schools and not missing and not state.funding.called(FinancialYear(year)):
            options.append(_option(CallContributions, FinancialYear(year), first_day))
    for item in state.funding.contributions:
        outstanding = (item.owed - item.paid).pence
        if outstanding > 0 and item.due.due_on <= LAST_DAY:
            amounts = st.integers(1, outstanding).map(Money)
            options.append(
                _option(
                    RecordPayment,
                    item.member_id,
                    item.financial_year,
                    amounts,
                    _Days(item.due.due_on, LAST_DAY),
                )
            )
    return options


def _governance(state: PartnershipState) -> list[_Option]:
    """A chair rotation after the last, groups to establish, and what open groups do; decisions,
    the strategic direction meeting and the framework's review."""
    groups = state.governance.groups
    chairs = state.governance.chairs
    after = chairs[-1].from_date + ONE_DAY if chairs else FORMED_ON
    options: list[_Option] = [
        _option(EstablishGroup, f"network-{len(groups)}", _THEMES, GroupKind.NETWORK, days),
        _option(_task_group, f"task-{len(groups)}", days, st.integers(1, 60)),
        partial(_decision, state),
        _option(HoldStrategicDirectionMeeting, days, ("Local authority",)),
        _option(ReviewFramework, days, "Annual review of the framework"),
    ]
    if after <= LAST_DAY:
        options.append(_option(RotateChair, _Days(after, LAST_DAY), st.booleans()))
    standing = [
        group for group in agreement_standing_groups(FORMED_ON) if group.group_id not in groups
    ]
    if standing:
        options.append(_option(_established_on, st.sampled_from(standing), days))
    for group in groups.values():
        if group.closed_on is not None or group.established_on > LAST_DAY:
            continue
        open_days = _Days(group.established_on, LAST_DAY)
        close = CloseTaskGroup if group.kind is GroupKind.TASK else DisbandGroup
        options += [
            _option(HoldMeeting, group.group_id, open_days, st.none() | member_ids),
            _option(ReportBack, group.group_id, open_days, _THEMES),
            _option(close, group.group_id, open_days),
        ]
    return options


def _established_on(command: EstablishGroup, day: date) -> EstablishGroup:
    return attrs.evolve(command, established_on=day)


def _task_group(group_id: str, day: date, weeks: int) -> EstablishGroup:
    """G5: a task group for an agreed period of ``weeks`` from ``day``."""
    period = DateRange(day, day + timedelta(weeks=weeks))
    return EstablishGroup(group_id, "Task group", GroupKind.TASK, day, period=period)


def _decision(state: PartnershipState) -> st.SearchStrategy[object]:
    """G6: a new motion on some day, every member school of the day voting."""

    def on(day: date) -> st.SearchStrategy[object]:
        schools = [m.member_id for m in state.membership.on(day) if m.kind.is_school]
        votes = st.tuples(
            *(st.tuples(st.just(school), st.sampled_from(Vote)) for school in schools)
        )
        decision_id = f"decision-{len(state.governance.decisions) + 1}"
        return st.builds(TakeDecision, st.just(decision_id), _THEMES, st.just(day), votes)

    return days.flatmap(on)


def _joint_work(state: PartnershipState) -> list[_Option]:
    """T1: training days agreed, a joint day of two or more schools of the day, a conference."""
    years = st.sampled_from(_YEARS).map(AcademicYear)
    return [
        _option(AgreeTrainingDays, years, days, st.integers(1, 3), st.booleans()),
        partial(_training_day, state),
        _option(HoldConference, days, _THEMES),
    ]


def _training_day(state: PartnershipState) -> st.SearchStrategy[object]:
    """T1: a joint day organised by some of the members of the day (refused with fewer than
    two, which the history then leaves out)."""

    def on(day: date) -> st.SearchStrategy[object]:
        schools = [member.member_id for member in state.membership.on(day)]
        organisers = st.lists(st.sampled_from(schools), unique=True) if schools else st.just([])
        return st.builds(HoldTrainingDay, st.just(day), _THEMES, organisers.map(tuple))

    return days.flatmap(on)
