"""Properties of corrections (R1) and of one consistent timeline (R2), over random histories."""

from __future__ import annotations

from datetime import date
from functools import reduce

from hypothesis import given, settings, strategies as st

from domain_strategies import new_partnership
from hom_core import RuleViolation
from hom_core.application import Partnership
from hom_core.domain import PARTNERSHIP, PartnershipState, RetractFact
from hom_core.domain.corrections import CorrectionsState
from hom_core.envelope import RecordedEvent
from hom_core.errors import HomError
from hom_core.log import EventLog
from hom_core.testing.strategies import commands, days, histories, joins, notices, withdrawals
from properties import examples

CLERK = "person-clerk"
RETRACTED_ON = date(2019, 1, 7)


def executed(commands: list[object]) -> tuple[EventLog, Partnership]:
    """A fresh partnership given ``commands`` (after its formation) in turn; each one refused
    is checked to append nothing."""
    log, hom = new_partnership()
    for command in commands:
        head = log.head()
        try:
            hom.execute(command)
        except RuleViolation:
            assert log.head() == head
    return log, hom


def without_corrections(state: PartnershipState) -> PartnershipState:
    return state._replace(corrections=CorrectionsState())


def folded(records: list[RecordedEvent[object]], day: date) -> PartnershipState:
    """The state on ``day`` of ``records`` folded by the rules alone, in the order recorded."""
    events = (r.event for r in records if r.effective_date <= day)
    return without_corrections(reduce(PARTNERSHIP.evolve, events, PartnershipState()))


def assert_every_fact_holds(log: EventLog, hom: Partnership) -> None:
    """R2, by hand: the stream without its retracted facts, read in effective-date order (same
    day: in the order recorded), keeps every rule: each fact's check passes against the state
    before it."""
    records = list(log.read_stream(hom.stream_id))
    retracted = {r.event.position for r in records if hasattr(r.event, "replaced")}
    timeline = sorted(
        (r for r in records if r.position not in retracted),
        key=lambda r: (r.effective_date, r.position),
    )
    state = PARTNERSHIP.initial()
    for recorded in timeline:
        PARTNERSHIP.check(recorded.event, state)
        state = PARTNERSHIP.evolve(state, recorded.event)


@settings(max_examples=examples(40))
@given(histories(max_commands=15), st.data())
def test_r1_a_retraction_leaves_the_history_as_if_the_fact_was_never_recorded(
    history: list[object], data: st.DataObject
) -> None:
    """R1: once a random fact is retracted (if the rest of the history allows it, R2), the state
    as of any day is that of the same history without the fact, and the state as known before
    the retraction is unchanged; a refused retraction appends nothing."""
    log, hom = executed(history[1:])
    records = list(log.read_stream(hom.stream_id))
    target = data.draw(st.sampled_from(records[1:] or records))
    some_days = data.draw(st.lists(days, min_size=1, max_size=4))
    before = {day: hom.as_of(day).state for day in some_days}
    head = log.head()
    try:
        hom.execute(RetractFact(target.position, "a mistake", CLERK, RETRACTED_ON))
    except RuleViolation:
        assert log.head() == head
        return
    rest = [r for r in records if r.position != target.position]
    for day in some_days:
        assert without_corrections(hom.as_of(day).state) == folded(rest, day)
        assert hom.as_known_at(head[0], day).state == before[day]
    assert_every_fact_holds(log, hom)


late_commands = st.lists(st.one_of(joins, notices, withdrawals), max_size=8)


@settings(max_examples=examples(40))
@given(histories(max_commands=15), late_commands)
def test_r2_no_accepted_history_breaks_a_rule_on_any_day(
    history: list[object], late: list[object]
) -> None:
    """R2: whatever is recorded, back-dated or not, the history read again in effective-date
    order keeps every rule; each refused command appended nothing (``executed``)."""
    log, hom = executed([*history[1:], *late])
    assert_every_fact_holds(log, hom)


@settings(max_examples=examples(15))
@given(
    histories(max_commands=10),
    st.lists(commands(), max_size=5),
    st.lists(st.integers(min_value=0), max_size=2),
)
def test_r2_no_command_of_any_kind_nor_retraction_breaks_a_rule_on_any_day(
    history: list[object], late: list[object], retractions: list[int]
) -> None:
    """R2: commands of every type of the core, on any day of the pool (most of them dated before
    facts already recorded: meetings, chair rotations, groups closed, training days, calls,
    rates, spending...), then retractions of random facts: whatever is accepted, the history
    read again in effective-date order keeps every rule; each refusal appended nothing."""
    log, hom = executed(history[1:])
    for command in late:
        executed_once(log, hom, command)
    for pick in retractions:
        records = [r for r in log.read_stream(hom.stream_id) if r.position > 2]
        if records:
            target = records[pick % len(records)].position
            executed_once(log, hom, RetractFact(target, "a mistake", CLERK, RETRACTED_ON))
    assert_every_fact_holds(log, hom)


def executed_once(log: EventLog, hom: Partnership, command: object) -> None:
    """``command`` recorded, or refused (a rule, or a value out of bounds) with nothing
    appended."""
    head = log.head()
    try:
        hom.execute(command)
    except HomError:
        assert log.head() == head
