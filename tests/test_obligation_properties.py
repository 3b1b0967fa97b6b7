"""Properties of what falls due: an obligation's status is a function of the log and the day
(as of any day, as known at any position), and discharging an obligation makes it done and never
makes another overdue (G1, G2, G7, G8, T1)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import reduce

from hypothesis import HealthCheck, given, settings, strategies as st

from hom_core import RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.application.agenda import obligations
from hom_core.domain import (
    PARTNERSHIP,
    HoldConference,
    HoldMeeting,
    HoldStrategicDirectionMeeting,
    PartnershipState,
    ReviewFramework,
    RotateChair,
)
from hom_core.obligations import Obligation, Status, ordered
from hom_core.testing.strategies import FORMED_ON, histories
from properties import examples

days = st.dates(FORMED_ON, FORMED_ON + timedelta(days=4 * 365))
_SETTINGS = settings(
    max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def recorded(history: list[object]) -> Partnership:
    hom = Partnership(open_log("memory://"), "hom")
    for command in history:
        hom.execute(command)
    return hom


def core(state: PartnershipState, day: date) -> list[Obligation]:
    return ordered(PARTNERSHIP.obligations(state, day))


@_SETTINGS
@given(histories(), days, st.floats(0, 1))
def test_an_obligations_status_depends_only_on_the_log_and_the_day(
    history: list[object], day: date, share: float
) -> None:
    hom = recorded(history)
    found = [o for _, o in obligations(hom.as_of(day))]
    records = list(hom.log.read_stream(hom.stream_id))
    counted = [r.event for r in records if r.effective_date <= day]
    assert found == core(reduce(PARTNERSHIP.evolve, counted, PartnershipState()), day)
    again = Partnership(hom.log, "hom")  # read again from the log alone
    assert [o for _, o in obligations(again.as_of(day))] == found
    position = records[int(share * (len(records) - 1))].position
    known = [r.event for r in records if r.position <= position and r.effective_date <= day]
    then = [o for _, o in obligations(hom.as_known_at(position, day))]
    assert then == core(reduce(PARTNERSHIP.evolve, known, PartnershipState()), day)


def discharge(obligation: Obligation, day: date) -> object | None:
    """The command that discharges ``obligation`` on ``day``, for the kinds a property can
    build one for (none for an obligation that no command discharges any more)."""
    if obligation.command is None:
        return None
    commands = {
        "G2": lambda: RotateChair(day, early=True),
        "G7": lambda: HoldStrategicDirectionMeeting(day),
        "G8": lambda: ReviewFramework(day),
        "T1": lambda: HoldConference(day, "Joint conference"),
    }
    if obligation.rule == "G1":
        return HoldMeeting(obligation.topic.split("/")[1], day)
    if obligation.rule == "T1" and not obligation.topic.startswith("conference/"):
        return None
    if obligation.rule == "G7" and obligation.topic != "direction-meeting":
        return None
    make = commands.get(obligation.rule)
    return None if make is None else make()


@_SETTINGS
@given(histories(), days, st.integers(0, 50))
def test_discharging_an_obligation_makes_it_done_and_no_other_overdue(
    history: list[object], day: date, pick: int
) -> None:
    hom = recorded(history)
    before = {o.key: o.status_on(day) for _, o in obligations(hom.as_of(day))}
    open_ones = [
        (o, command)
        for _, o in obligations(hom.as_of(day))
        if o.status_on(day) in (Status.DUE, Status.OVERDUE)
        and (command := discharge(o, day)) is not None
    ]
    if not open_ones:
        return
    obligation, command = open_ones[pick % len(open_ones)]
    try:
        hom.execute(command)
    except RuleViolation:
        return  # not a discharge the rules take on this day (a later record stands in its way)
    after = {o.key: o.status_on(day) for _, o in obligations(hom.as_of(day))}
    assert after[obligation.key] is Status.DONE
    newly_overdue = {
        key
        for key, status in after.items()
        if status is Status.OVERDUE and before.get(key) is not Status.OVERDUE
    }
    assert not newly_overdue
