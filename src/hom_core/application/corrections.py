"""R1: retracting or correcting a recorded fact of a partnership, through the log.

The rules a retraction keeps are the domain's (:mod:`hom_core.domain.corrections`); what only
the log knows is checked here: the position names a fact of this partnership's stream (of the
core or of a pack), not a retraction, and the history without it (and with its replacement)
still holds on every day (R2, :mod:`hom_core.application.timeline`).

A correction's replacement is decided by the rules that decide its command (the core's, or a
pack's beside them) against the partnership as it would be without the retracted fact, and is
appended with the retraction in one append: both are recorded or neither. Recorded through
:func:`execute_change`, a retraction or correction is planned and appended again when another
writer moves the stream in between, and is recorded once under an idempotency key, as any
command is (:meth:`~hom_core.log.EventLog.handle`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import attrs

from hom_core.application.runner import Runner
from hom_core.application.timeline import counted, effective_date_of
from hom_core.domain.bounds import check_entry
from hom_core.domain.corrections import (
    CorrectFact,
    FactRetracted,
    RetractFact,
    check_retraction,
    retraction_of,
)
from hom_core.envelope import AppendResult, Pending, RecordedEvent
from hom_core.errors import RuleViolation
from hom_core.log import EventLog

__all__ = ["Change", "Corrected", "execute_change", "plan_change"]


class Corrected(Protocol):
    """What a correction reads of a partnership (a
    :class:`~hom_core.application.Partnership`)."""

    log: EventLog
    partnership_id: str
    stream_id: str
    runner: Runner[Any]

    def runner_for(self, command: object) -> Runner[Any]:
        """The runner whose rules decide ``command``."""
        ...


@attrs.frozen
class Change:
    """What a retraction or a correction records: the fact it ``retracts`` (as the log holds
    it) and the ``events`` it appends (the retraction, then any replacement), with the runner
    whose rules decided them."""

    retracts: RecordedEvent[Any]
    events: tuple[object, ...]
    runner: Runner[Any]


def _target(records: list[RecordedEvent[Any]], position: int, partnership_id: str) -> Any:
    """R1: the record at ``position`` of the stream, a fact that is not a retraction."""
    for record in records:
        if record.position == position:
            if type(record.event) is FactRetracted:
                raise RuleViolation(
                    "R1",
                    f"position {position} is itself a retraction, which is never retracted: "
                    "record the fact again instead",
                )
            return record
    raise RuleViolation(
        "R1",
        f"position {position} holds no fact of {partnership_id}: `hom log` lists the facts of a "
        "partnership with their positions",
    )


def plan_change(partnership: Corrected, command: RetractFact | CorrectFact) -> Change:
    """R1, R2: what ``command`` would record, or the violation that refuses it (nothing is
    recorded either way)."""
    check_entry(command, type(command).__name__)
    retraction = command if isinstance(command, RetractFact) else command.retraction
    records = list(partnership.log.read_stream(partnership.stream_id))
    target = _target(records, retraction.position, partnership.partnership_id)
    check_retraction(retraction, partnership.runner.fold(counted(records)).corrections)
    if isinstance(command, RetractFact):
        runner: Runner[Any] = partnership.runner
        events: list[object] = [retraction_of(retraction)]
    else:
        runner = partnership.runner_for(command.replacement)
        without = [r for r in counted(records) if r.position != target.position]
        replacement = runner.decider.decide(command.replacement, runner.fold(without))
        events = [retraction_of(retraction, replaced=True), *replacement]
    runner.check_timeline(events, retracting=target)
    return Change(target, tuple(events), runner)


def execute_change(
    partnership: Corrected,
    command: RetractFact | CorrectFact,
    *,
    actor: str | None = None,
    idempotency_key: str | None = None,
    retries: int = 2,
) -> AppendResult:
    """R1: plan ``command`` against the stream as it is and append what it records in one
    append; when another writer appends in between, plan and append again, up to ``retries``
    times (then the :class:`~hom_core.errors.ConcurrencyError` reaches the caller). An
    ``idempotency_key`` already recorded returns the first result (``retried`` set) without
    planning again, so a retried retraction is not refused as retracting a retracted fact."""

    def planned(_: object) -> list[Pending[Any]]:
        return _pending(partnership.log, plan_change(partnership, command).events)

    result = partnership.log.handle(
        partnership.stream_id,
        partnership.runner.projection,
        planned,
        retries=retries,
        actor=actor,
        idempotency_key=idempotency_key,
    )
    assert result is not None  # a retraction always records its fact
    return result


def _pending(log: EventLog, events: Iterable[object]) -> list[Pending[Any]]:
    today = log.clock().date()
    return [Pending(event, effective_date=effective_date_of(event, today)) for event in events]
