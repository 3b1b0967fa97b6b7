"""What the city read model's tests share: random histories of several partnerships in several
logs, written straight to the logs, and the from-scratch fold the model must equal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from hypothesis import strategies as st

from hom_core import EventLog, Pending
from hom_core.city import Fact, FactKind, school_identity
from hom_core.domain import FinancialYear, Fte, Money, OrganisationKind, Urn
from hom_core.domain.corrections import FactRetracted
from hom_core.domain.funding.events import (
    CensusSubmitted,
    ContributionAdjusted,
    ContributionDue,
    ContributionPaid,
)
from hom_core.domain.membership.events import MemberJoined

__all__ = ["Step", "append_steps", "fold_from_scratch", "steps"]

YEAR = FinancialYear(2020)
DAY = date(2020, 4, 1)
KINDS = (OrganisationKind.PRIMARY, OrganisationKind.SECONDARY, OrganisationKind.COUNCIL)

Step = tuple[int, int, str, int]
"""``(source, partnership, what, number)``: what one append records, in which log and stream."""


def steps(sources: int = 2) -> st.SearchStrategy[list[Step]]:
    """Random histories: joins (some schools sharing a URN across partnerships), money called,
    adjusted and paid, censuses (counted by nothing) and retractions of earlier records."""
    what = st.sampled_from(["join", "due", "adjust", "paid", "census", "retract", "retract"])
    step = st.tuples(st.integers(0, sources - 1), st.integers(0, 2), what, st.integers(0, 10_000))
    return st.lists(step, max_size=40)


def _event(what: str, number: int, earlier: list[int]) -> object | None:
    member = f"school-{number % 4}"
    pounds = Money(100 * (1 + number % 500))
    if what == "join":
        urn = Urn(f"{100000 + number % 3:06d}") if number % 2 else None
        kind = KINDS[number % 3]
        return MemberJoined(member, member, kind, urn, "head", "chair", "chair", DAY)
    if what == "due":
        fte = Fte.of(number % 300, 0)
        return ContributionDue(member, YEAR, DAY, fte, Money(200), 12, pounds, DAY, DAY)
    if what == "adjust":
        amount = -pounds if number % 2 else pounds
        return ContributionAdjusted(member, YEAR, amount, Fte.of(1, 0), "census", DAY)
    if what == "paid":
        return ContributionPaid(member, YEAR, pounds, DAY)
    if what == "census":
        return CensusSubmitted(member, date(2020, 1, 16), number % 300, 0, DAY)
    if not earlier:
        return None
    return FactRetracted(earlier[number % len(earlier)], "a mistake", "clerk", DAY)


def append_steps(logs: list[EventLog], steps: Iterable[Step]) -> None:
    """Append each step's event to its log's partnership stream (``partnership/p<n>``); a
    retraction names an earlier position of the same log (a step with none is skipped)."""
    for source, partnership, what, number in steps:
        log = logs[source]
        earlier = list(range(1, log.head()[0] + 1))
        event = _event(what, number, earlier)
        if event is not None:
            stream = f"partnership/p{partnership}"
            log.append(stream, [Pending(event, effective_date=DAY)], None)


def fold_from_scratch(logs: Mapping[str, EventLog]) -> list[Fact]:
    """The facts the model must hold, folded from every event of every log at once: the
    events decoded by the log, every retraction gathered first, then the facts not retracted."""
    facts: list[Fact] = []
    for name, log in logs.items():
        records = list(log.read_all())
        retracted = {
            r.event.position
            for r in records
            if isinstance(r.event, FactRetracted) and r.event.position < r.position
        }
        for record in records:
            if record.position not in retracted:
                fact = _fact(name, record.position, record.stream_id, record.event)
                if fact is not None:
                    facts.append(fact)
    return sorted(facts, key=lambda fact: (fact.source, fact.position))


def _fact(source: str, position: int, stream: str, event: Any) -> Fact | None:
    partnership = stream.removeprefix("partnership/")
    if isinstance(event, MemberJoined):
        if not event.kind.is_school:
            return None
        school = school_identity(partnership, event.member_id, event.urn)
        return Fact(source, position, partnership, FactKind.JOINED, school, 0)
    kinds = {
        ContributionDue: (FactKind.CALLED, 1),
        ContributionAdjusted: (FactKind.ADJUSTED, 1),
        ContributionPaid: (FactKind.PAID, -1),
    }
    if type(event) not in kinds:
        return None
    kind, sign = kinds[type(event)]
    school = f"{partnership}/{event.member_id}"
    return Fact(source, position, partnership, kind, school, sign * event.amount.pence)
