"""The Partnership API (hom_core.domain.partnership): commands in, answers out; questions as of
any date (M4) and as the log stood at a past position or time; snapshots of the state; and the
properties of random histories of membership commands (the domain issue)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import event, given, settings, strategies as st

from domain_strategies import assert_refused, command_day, new_partnership, replay_until
from hom_core import EventLog, RuleViolation, UsageError, open_log
from hom_core.application import Partnership, projection_of
from hom_core.domain import (
    PARTNERSHIP,
    AcademicYear,
    AppointRoleHolder,
    CallContributions,
    ChangeUrn,
    FinancialYear,
    GiveNotice,
    Money,
    NoticePolicy,
    NoticeReading,
    OfstedOutcome,
    PartnershipState,
    Policies,
    RecordOfstedOutcome,
    RecordPayment,
    RecordTermDates,
    ReportToGovernors,
    ReviewFramework,
    Role,
    SubmitCensus,
    TermDates,
    Urn,
    WithdrawNotice,
)
from hom_core.domain.funding.amounts import contribution
from hom_core.domain.membership.state import Member
from hom_core.projections import load_state
from hom_core.testing.strategies import (
    FORMED_ON,
    days,
    funding_commands,
    join,
    membership_commands,
    plausible_commands,
)
from properties import examples
from samples import FixedClock, log_url

PROJECTION = projection_of(PARTNERSHIP)

FAR = date.max


def ids(members: list[Member]) -> list[str]:
    return [member.member_id for member in members]


# -- commands ----------------------------------------------------------------------------------


def test_a_partnership_needs_an_id() -> None:
    with pytest.raises(UsageError, match="needs an id"):
        Partnership(open_log("memory://"), "")


def test_its_stream_is_named_after_it() -> None:
    log, hom = new_partnership()
    assert hom.stream_id == "partnership/hom"
    assert log.stream_version("partnership/hom") == 2


def test_an_unknown_command_is_a_usage_error_and_appends_nothing() -> None:
    log, hom = new_partnership()
    before = (log.stream_version(hom.stream_id), log.head())
    with pytest.raises(UsageError, match=r"not a partnership command: use one of .*GiveNotice"):
        hom.execute(object())
    with pytest.raises(UsageError):
        hom.execute(join)  # a function, not a command
    assert (log.stream_version(hom.stream_id), log.head()) == before


def test_events_take_effect_on_the_day_they_are_about_not_when_recorded() -> None:
    clock = FixedClock(datetime(2024, 9, 2, 8, 30, tzinfo=UTC))
    log, hom = new_partnership(clock=clock)
    result = hom.execute(join("st-marys", date(2013, 7, 10)), actor="clerk")
    assert result is not None
    (recorded,) = log.read_stream(hom.stream_id, after_version=2)
    assert (recorded.effective_date, recorded.recorded_at, recorded.actor) == (
        date(2013, 7, 10),
        clock.now,
        "clerk",
    )
    assert (result.stream_version, result.first_position) == (3, recorded.position)


def test_a_rule_violation_is_raised_before_anything_is_appended() -> None:
    log, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10)))
    error = assert_refused(log, hom, join("st-marys", date(2014, 1, 1)), "M1")
    assert isinstance(error, RuleViolation)
    assert error.detail in str(error)


def test_today_is_the_logs_clock_date() -> None:
    clock = FixedClock(datetime(2014, 12, 31, 23, 0, tzinfo=UTC))
    _, hom = new_partnership(clock=clock)
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))  # leaves 31 Dec 2014
    assert hom.today().day == date(2014, 12, 31)
    assert ids(hom.today().members()) == ["st-marys"]
    clock.advance(hours=1)
    assert ids(hom.today().members()) == []


# -- as of a date, as known at a position or time ----------------------------------------------


def test_m4_as_of_counts_only_the_events_effective_by_the_day() -> None:
    log, hom = new_partnership()
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(join("rolls-crescent", date(2014, 9, 1)))
    hom.execute(ReviewFramework(date(2015, 7, 1)))
    view = hom.as_of(date(2014, 8, 31))
    assert view.day == date(2014, 8, 31)
    assert view.state == replay_until(log, hom.stream_id, date(2014, 8, 31))
    assert ids(view.members()) == ["st-marys"]
    assert "rolls-crescent" not in view.state.membership.members
    assert view.state.framework.reviews == ()
    assert hom.as_of(FAR).state == hom.state()
    assert hom.as_of(FORMED_ON - timedelta(1)).state == PartnershipState()


@pytest.fixture
def late_notice() -> tuple[EventLog, Partnership, FixedClock, int]:
    """St Mary's joined in 2013 (recorded 1 Sep 2014); its notice received on 1 Dec 2014 was
    recorded only on 10 Mar 2015. Returns the log, the partnership, its clock and the
    position of the log before the notice was recorded."""
    clock = FixedClock(datetime(2014, 9, 1, 9, 0, tzinfo=UTC))
    log, hom = new_partnership(clock=clock)
    hom.execute(join("st-marys", date(2013, 7, 10)))
    position = log.head()[0]
    clock.now = datetime(2015, 3, 10, 16, 0, tzinfo=UTC)
    hom.execute(GiveNotice("st-marys", date(2014, 12, 1)))  # leaves 30 Apr 2015
    return log, hom, clock, position


def test_as_known_at_a_position_ignores_later_records_even_back_dated(
    late_notice: tuple[EventLog, Partnership, FixedClock, int],
) -> None:
    log, hom, _, position = late_notice
    day = date(2015, 1, 1)
    assert [(m.member_id, d) for m, d in hom.as_of(day).under_notice()] == [
        ("st-marys", date(2015, 4, 30))
    ]
    known = hom.as_known_at(position, day)
    assert known.day == day
    assert known.under_notice() == []
    assert ids(known.members()) == ["st-marys"]
    assert known.is_member("st-marys")
    assert hom.as_known_at(position, date(2015, 5, 1)).is_member("st-marys")  # as then thought
    assert not hom.as_of(date(2015, 5, 1)).is_member("st-marys")
    assert hom.as_known_at(log.head()[0], day).state == hom.as_of(day).state
    assert hom.as_known_at(0, day).state == PartnershipState()


def test_as_known_at_a_position_asks_about_today_by_default(
    late_notice: tuple[EventLog, Partnership, FixedClock, int],
) -> None:
    _, hom, clock, position = late_notice
    assert hom.as_known_at(position).day == clock.now.date()


def test_as_known_at_a_time_uses_the_time_each_event_was_recorded(
    late_notice: tuple[EventLog, Partnership, FixedClock, int],
) -> None:
    _, hom, _, _ = late_notice
    day = date(2015, 1, 1)
    before = hom.as_known_at(datetime(2015, 3, 10, 15, 59, tzinfo=UTC), day)
    assert before.under_notice() == []
    at = hom.as_known_at(datetime(2015, 3, 10, 16, 0, tzinfo=UTC), day)
    assert [m.member_id for m, _ in at.under_notice()] == ["st-marys"]
    # the day asked about defaults to the date of the time given
    assert hom.as_known_at(datetime(2015, 3, 10, 16, 0, tzinfo=UTC)).day == date(2015, 3, 10)
    assert hom.as_known_at(datetime(2014, 9, 1, 8, 59, tzinfo=UTC), day).members() == []


def test_as_known_at_a_naive_datetime_is_refused(
    late_notice: tuple[EventLog, Partnership, FixedClock, int],
) -> None:
    _, hom, _, _ = late_notice
    with pytest.raises(UsageError, match="aware datetime"):
        hom.as_known_at(datetime(2015, 3, 10, 16, 0))


# -- snapshots ---------------------------------------------------------------------------------


def busy_partnership(url: str) -> tuple[EventLog, Partnership]:
    """A partnership whose state uses every value type: policies, term dates, URNs, roles,
    Ofsted outcomes, notice given and withdrawn, reviews, censuses, contributions called and
    paid (keyed by financial year), reports to governors."""
    policies = Policies(
        notice=NoticePolicy(NoticeReading.CUTOFF, cutoff_days=14, withdrawable=True),
        banker_admin_share=Decimal("0.05"),
        chair_order=("st-marys", "rolls-crescent"),
    )
    log, hom = new_partnership(url, policies=policies)
    hom.execute(RecordTermDates(TermDates.default(AcademicYear(2014)), date(2014, 6, 1)))
    hom.execute(join("st-marys", date(2013, 7, 10), urn=Urn("105432")))
    hom.execute(join("rolls-crescent", date(2013, 7, 11)))
    hom.execute(ChangeUrn("st-marys", Urn("140001"), date(2015, 9, 1)))
    hom.execute(AppointRoleHolder("st-marys", Role.DEPUTY_HEAD, "deputy-1", date(2013, 9, 1)))
    outcome = OfstedOutcome(date(2014, 3, 12), "single-word", (("overall effectiveness", "Good"),))
    hom.execute(RecordOfstedOutcome("st-marys", outcome))
    hom.execute(GiveNotice("rolls-crescent", date(2014, 9, 20)))
    hom.execute(GiveNotice("st-marys", date(2014, 9, 2)))
    hom.execute(WithdrawNotice("st-marys", date(2014, 10, 1)))
    hom.execute(ReviewFramework(date(2014, 7, 3), "annual", policies=Policies()))
    for school in ("st-marys", "rolls-crescent"):
        hom.execute(SubmitCensus(school, date(2014, 1, 16), 200, 10))
    hom.execute(CallContributions(FinancialYear(2014), date(2014, 4, 1)))
    hom.execute(RecordPayment("st-marys", FinancialYear(2014), Money(10_000), date(2014, 4, 28)))
    hom.execute(ReportToGovernors("st-marys", date(2014, 6, 24)))
    return log, hom


def test_the_state_round_trips_through_a_snapshot(backend: str, tmp_path: Path) -> None:
    url = log_url(backend, tmp_path)
    log, hom = busy_partnership(url)
    replayed = PROJECTION.fold(log.read_stream(hom.stream_id))
    version = log.stream_version(hom.stream_id)
    log.snapshot(hom.stream_id, PROJECTION)

    snapshot = load_state(log, PROJECTION, hom.stream_id)
    assert snapshot is not None
    assert (snapshot.state, snapshot.version) == (replayed, version)
    assert hom.state() == replayed
    # after the snapshot, new events fold onto it as onto the full replay
    hom.execute(join("st-philips", date(2015, 1, 5)))
    assert hom.state() == PROJECTION.fold(log.read_stream(hom.stream_id))
    if backend == "sqlite":  # a new process reads the stored snapshot
        log.close()
        with open_log(url) as reopened:
            again = Partnership(reopened, "hom")
            assert load_state(reopened, PROJECTION, again.stream_id) == snapshot
            assert again.state() == PROJECTION.fold(reopened.read_stream(again.stream_id))
            assert ids(again.as_of(date(2015, 5, 1)).members()) == ["st-marys", "st-philips"]


# -- properties of random histories (the domain issue) -----------------------------------------


def check_state(state: PartnershipState) -> None:
    """The invariants of the membership part of a partnership's state."""
    framework = state.framework
    for member in state.membership.members.values():
        periods = member.memberships
        assert periods, member
        for earlier, later in itertools.pairwise(periods):
            # M3: a school rejoins only after it left; periods never overlap
            assert earlier.leaves_on is not None
            assert earlier.leaves_on < later.joined_on
        for period in periods:
            received = period.notice_received_on
            if received is None:
                assert period.leaves_on is None
                continue
            # M2: the leaving date follows the calendar and the notice policy in force on the
            # day notice was received
            policy = framework.policies_on(received).notice
            assert period.leaves_on == policy.leaving_date(framework.calendar, received)
            assert period.joined_on <= received <= period.leaves_on
        urn_days = [day for day, _ in member.urns]
        assert urn_days == sorted(set(urn_days))  # C3: one URN at a time
    for owed in state.funding.contributions:
        # F1, F3, F6: every contribution is the rate in force for its year times the FTE of
        # its census (for the months it covers), to the penny
        due = owed.due
        assert due.rate == state.funding.rate_for(due.financial_year)
        census = state.funding.census(due.member_id, due.census_date.year)
        assert census is not None
        assert due.amount == contribution(due.rate, due.fte, due.months)


def check_views(log: EventLog, hom: Partnership, probe: list[date]) -> None:
    """as_of(d) is the fold of the events effective by d; its members are each listed once;
    the banker is a member on d, or the state says a successor is needed (F4)."""
    state = hom.state()
    for day in probe:
        view = hom.as_of(day)
        banker = view.funding.banker()
        if banker is not None and not banker.is_member_on(day):
            assert view.funding.banker_needs_successor() is not None
        assert view.state == replay_until(log, hom.stream_id, day)
        members = ids(view.members())
        assert len(members) == len(set(members))
        assert members == ids(state.membership.on(day))  # M4: the full state agrees
        for member, leaves in view.under_notice():
            assert member.member_id in members
            assert leaves >= day


@settings(max_examples=examples(40), deadline=None)
@given(st.data(), st.integers(5, 30), st.lists(days, max_size=2))
def test_random_histories_keep_the_rules(
    data: st.DataObject, steps: int, probe: list[date]
) -> None:
    """Random membership and funding commands, valid and invalid, through
    ``Partnership.execute``: after
    every step the state keeps the rules, a refused command left the log as it was, and as_of
    is the replay of the events effective by the day."""
    log, hom = new_partnership()
    state = hom.state()
    known: list[tuple[int, PartnershipState]] = []
    for _ in range(steps):
        # half the commands are drawn from what the state makes likely to be accepted
        kind = data.draw(st.sampled_from(["likely", "membership", "funding"]), label="kind")
        commands = {
            "likely": plausible_commands(state),
            "membership": membership_commands,
            "funding": funding_commands,
        }[kind]
        command = data.draw(commands, label="command")
        before = (log.stream_version(hom.stream_id), log.head())
        try:
            hom.execute(command)
        except RuleViolation:
            event(f"refused {type(command).__name__}")
            assert (log.stream_version(hom.stream_id), log.head()) == before
        else:
            event(f"accepted {type(command).__name__}")
            new = list(log.read_stream(hom.stream_id, after_version=before[0]))
            assert new
            assert all(r.effective_date == r.event.effective_date for r in new)
        state = hom.state()
        check_state(state)
        day = command_day(command)
        check_views(log, hom, [day, day - timedelta(1), *probe])
        known.append((log.head()[0], state))
    # as_known_at(position) is what the log said then, whatever was recorded after
    for position, then in known:
        assert hom.as_known_at(position, FAR).state == then


def test_a_retried_command_returns_its_first_result() -> None:
    """M1: joining twice is an error, but a retry of the same join (same idempotency key) is
    not a second join: it returns the first result and appends nothing."""
    log, hom = new_partnership()
    command = join("webster", FORMED_ON + timedelta(days=1))
    first = hom.execute(command, idempotency_key="join-webster")
    version = log.stream_version(hom.stream_id)
    again = hom.execute(command, idempotency_key="join-webster")
    assert again == first
    assert log.stream_version(hom.stream_id) == version
    with pytest.raises(RuleViolation, match="joining twice"):
        hom.execute(command, idempotency_key="another-key")
