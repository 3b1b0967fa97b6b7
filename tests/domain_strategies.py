"""Builders for the partnership domain's tests (hom_core.domain): a formed partnership in a fresh
log, the check that a command is refused citing its rule and appends nothing, the day a command
is about, and the state as of a day folded by hand.

The hypothesis strategies of the domain (histories, commands, the small world of schools and days
they are drawn from) are public, for users' suites too: :mod:`hom_core.testing.strategies`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import reduce

import attrs
import pytest

from hom_core import EventLog, RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.domain import PARTNERSHIP, FormPartnership, PartnershipState, Policies
from hom_core.testing.strategies import FORMED_ON

evolve = PARTNERSHIP.evolve


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


def command_day(command: object) -> date:
    """The day a command is about: its first date, looking into its values too (the day an
    Ofsted outcome was published)."""

    def dates(value: object) -> Iterator[date]:
        if type(value) is date:
            yield value
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                yield from dates(getattr(value, field.name))

    return next(dates(command))
