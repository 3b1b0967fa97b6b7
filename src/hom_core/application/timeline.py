"""R2: one consistent timeline. A command is accepted only if the whole history, read in
effective-date order, still holds on every later day.

Facts are recorded in the order people learn of them, not in the order they happened: a notice
back-dated before a banker appointment, a joining date corrected, a payment retracted. Before
such a command is appended, the history is read again in effective-date order (same-day facts
in the order recorded) with the command's facts in their places and a retracted fact taken out,
and each fact from the first one moved onwards is checked against the state before it by its
decider's ``check`` case (:func:`~hom_core.decider.checks`). The first fact that no longer holds
refuses the command with a :class:`~hom_core.errors.TimelineViolation` naming that fact (its
date, position and type) and the rule it would break; nothing is appended.

What is checked and what is kept: a fact's check asks whether the rule that let it be recorded
still lets it be (a member on the day, not under notice, a payment towards a contribution due
that overpays nothing...). Values a rule fixed when the fact was recorded are kept as recorded
and are not worked out again: a notice's leaving date (fixed on the calendar and policy of the
day notice was received), a contribution's amount (fixed when called), a decision's count of
member schools and its outcome. Withdrawing notice is judged by the notice policy in force
when the notice was received.

The cost: a command dated on or after every fact of its stream (the usual case) is checked
against the current state alone, as before; one dated earlier, or a correction, re-reads the
stream once (its facts folded, those from the earliest date moved checked).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple, Protocol, TypeVar

from hom_core.decider import Decider
from hom_core.domain.corrections import FactRetracted
from hom_core.errors import RuleViolation, TimelineViolation

__all__ = ["Fact", "Placed", "check_timeline", "counted", "effective_date_of"]

S = TypeVar("S")


class Placed(Protocol):
    """A fact with its place in a stream: a :class:`~hom_core.envelope.RecordedEvent`, or a
    :class:`Fact`."""

    @property
    def position(self) -> int:
        """Its position in the log."""
        ...

    @property
    def effective_date(self) -> date:
        """The day it takes effect."""
        ...

    @property
    def event(self) -> Any:
        """The event."""
        ...


class Fact(NamedTuple):
    """A fact as R2 reads it, for a history kept without a log (a test's strategy)."""

    position: int
    effective_date: date
    event: object


P = TypeVar("P", bound=Placed)

_NEW = 1 << 62
"""The sort position of a fact not yet recorded: after every recorded fact of its day."""


def counted(records: Iterable[P]) -> list[P]:
    """``records`` (of one stream, in order) without the facts retracted among them (R1)."""
    kept = list(records)
    retracted = {r.event.position for r in kept if type(r.event) is FactRetracted}
    if not retracted:
        return kept
    return [r for r in kept if r.position not in retracted]


def effective_date_of(event: object, today: date) -> date:
    """The day ``event`` takes effect: its ``effective_date``, else the day it is recorded."""
    day = getattr(event, "effective_date", None)
    return day if isinstance(day, date) else today


def check_timeline(
    decider: Decider[S],
    records: Iterable[Placed],
    new: Sequence[object],
    today: date,
    *,
    retracting: Placed | None = None,
    type_of: Any = None,
) -> None:
    """R2: refuse (a :class:`~hom_core.errors.TimelineViolation`) appending ``new`` to the
    stream of ``records`` (in stream order), taking out ``retracting`` if given, when a fact
    from the earliest one moved onwards, read in effective-date order, no longer holds.

    ``type_of(event)`` names an event's type in the log for the message (default: its class).
    A command dated on or after every recorded fact, retracting nothing, is not re-read.
    """
    kept = counted(records)
    dated = [(effective_date_of(event, today), event) for event in new]
    starts = [(day, _NEW) for day, _ in dated]
    if retracting is not None:
        starts.append((retracting.effective_date, retracting.position))
        kept = [r for r in kept if r.position != retracting.position]
    if not starts:
        return
    start = min(starts)
    if not any((r.effective_date, r.position) > start for r in kept):
        return  # nothing recorded comes after: the command was decided against all of it
    timeline: list[tuple[date, int, int | None, object]] = [
        (r.effective_date, r.position, r.position, r.event) for r in kept
    ]
    timeline += [(day, _NEW + index, None, event) for index, (day, event) in enumerate(dated)]
    timeline.sort(key=lambda item: (item[0], item[1]))
    evolve, check = decider.evolve, decider.check
    state = decider.initial()
    for day, order, position, event in timeline:
        if (day, order) >= start:
            try:
                check(event, state)
            except RuleViolation as violation:
                raise _broken(violation, day, position, event, type_of) from None
        state = evolve(state, event)


def _broken(
    violation: RuleViolation, day: date, position: int | None, event: object, type_of: Any
) -> TimelineViolation:
    name = type_of(event) if type_of is not None else type(event).__name__
    which = (
        f"the fact recorded at position {position} ({name}, effective {day})"
        if position is not None
        else f"its own fact {name}, read on {day} after the facts dated before it"
    )
    detail = (
        f"this would break {which}: {violation.detail} (R2: the whole history, read in "
        "order of effective date, must keep every rule; correct or retract that fact first, "
        "or record this with another date)"
    )
    return TimelineViolation(violation.rule, detail, position, day, name)
