"""A small built-in history to replay: the Heart of Manchester Partnership's first two years.

It exists so that ``hom demo`` shows the log working end to end (append, replay as of a date,
verify) before the full partnership domain lands. Its event types live in the ``demo``
namespace so they never collide with the domain's. Dates and FTEs are invented; the eight
schools and the banker are those of the partnership's agreement.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from hom_core.envelope import AppendResult, Pending, RecordedEvent
from hom_core.events import EventType
from hom_core.log import EventLog
from hom_core.projections import Projection

__all__ = [
    "EVENT_TYPES",
    "CensusSubmitted",
    "Membership",
    "NoticeGiven",
    "SchoolJoined",
    "membership",
    "record_history",
]


@attrs.frozen
class SchoolJoined:
    """A school signed the partnership agreement."""

    school: str
    joined_on: date


@attrs.frozen
class CensusSubmitted:
    """A school's January census: full-time and part-time pupils (FTE = full + half of part)."""

    school: str
    census_date: date
    full_time: int
    part_time: int

    @property
    def fte(self) -> Decimal:
        """Full-time equivalent pupils, exact."""
        return self.full_time + Decimal(self.part_time) / 2


@attrs.frozen
class NoticeGiven:
    """A school gave written notice to leave; it leaves on ``leaves_on``."""

    school: str
    received_on: date
    leaves_on: date


EVENT_TYPES = (
    EventType("demo.school_joined", SchoolJoined),
    EventType("demo.census_submitted", CensusSubmitted),
    EventType("demo.notice_given", NoticeGiven),
)
"""The demo's event types, for ``open_log(..., event_types=EVENT_TYPES)``."""

STREAM = "partnership/heart-of-manchester"

_SCHOOLS = {
    "Claremont": 402,
    "St Philip's": 198,
    "St Margaret's": 236,
    "Webster": 415,
    "Martenscroft": 88,
    "Divine Mercy": 204,
    "Rolls Crescent": 221,
    "St Mary's": 230,
}


def _history() -> Iterator[Pending[Any]]:
    signed = date(2013, 7, 10)
    for school in _SCHOOLS:
        yield Pending(SchoolJoined(school, signed), effective_date=signed)
    for year, census_day in ((2014, date(2014, 1, 16)), (2015, date(2015, 1, 15))):
        for school, pupils in _SCHOOLS.items():
            part_time = 26 if school == "Martenscroft" else 0
            event = CensusSubmitted(school, census_day, pupils + (year - 2014) * 6, part_time)
            yield Pending(event, effective_date=census_day)
    for school, received in (
        ("St Philip's", date(2015, 3, 2)),
        ("Rolls Crescent", date(2015, 6, 1)),
    ):
        leaves = date(2015, 4, 30) if received.month < 5 else date(2015, 8, 31)
        yield Pending(NoticeGiven(school, received, leaves), effective_date=received)


def record_history(log: EventLog) -> AppendResult:
    """Append the demo history in one atomic batch; running it again records nothing new."""
    return log.append(
        STREAM, list(_history()), None, actor="demo", idempotency_key="demo-history-v1"
    )


@attrs.frozen
class Membership:
    """Who is a member on a date, who is leaving and when, and each school's latest FTE."""

    members: tuple[str, ...] = ()
    leaving: tuple[tuple[str, date], ...] = ()
    fte: tuple[tuple[str, Decimal], ...] = ()


def _evolve_as_of(day: date) -> Any:
    def evolve(state: Membership, recorded: RecordedEvent[Any]) -> Membership:
        if recorded.effective_date > day:
            return state
        match recorded.event:
            case SchoolJoined(school=school):
                return attrs.evolve(state, members=(*state.members, school))
            case CensusSubmitted(school=school) as census:
                fte = dict(state.fte) | {school: census.fte}
                return attrs.evolve(state, fte=tuple(fte.items()))
            case NoticeGiven(school=school, leaves_on=leaves_on) if leaves_on < day:
                members = tuple(member for member in state.members if member != school)
                return attrs.evolve(state, members=members)
            case NoticeGiven(school=school, leaves_on=leaves_on):
                return attrs.evolve(state, leaving=(*state.leaving, (school, leaves_on)))
        return state

    return evolve


def membership(day: date) -> Projection[Membership]:
    """The membership projection as of ``day``: events effective after it are ignored."""
    return Projection(f"demo.membership@{day}", Membership, _evolve_as_of(day))
