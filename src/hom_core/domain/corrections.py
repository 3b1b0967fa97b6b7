"""Corrections (R1): a recorded fact is put right by another fact, never by rewriting the log.

A fact recorded by mistake (a wrong joining date, a payment typed as £4,200 instead of £420, a
meeting recorded twice, a fact recorded under the wrong school) is *retracted*: a
:class:`FactRetracted` event names the position of the fact in the log, why it is retracted and
who retracted it. A fact is *corrected* by retracting it and recording its replacement in the
same append (:class:`CorrectFact`). The original stays in the log and in its hash chain: the
partnership as known before the retraction still shows it, and every question asked after it,
as of any day, is answered as if it had never been recorded.

A retraction is not an undoing in the world: a retracted payment was never made (it is not a
refund, F5), a retracted notice was never given. A retraction is itself never retracted (record
the fact again instead), and a fact is retracted once.

Which position names a fact of the partnership's stream is known to the application, which reads
the log (:mod:`hom_core.application.corrections`); the rules here are what a retraction must
say. Events are removed from the state by replaying the stream without them
(:class:`~hom_core.application.Runner`): :data:`CORRECTIONS`' own state is the list of
retractions, for the record's readers (what changed since the last report).
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import decides, evolves
from hom_core.errors import RuleViolation
from hom_core.people import PersonId

__all__ = [
    "CorrectFact",
    "CorrectionsState",
    "FactRetracted",
    "RetractFact",
    "check_retraction",
    "retraction_of",
]


@attrs.frozen
class FactRetracted:
    """R1: the fact recorded at ``position`` was a mistake; ``reason`` says why, ``by`` who
    retracted it, on ``retracted_on``. ``replaced``: its replacement follows in the same
    append (a correction)."""

    position: int
    reason: str
    by: PersonId
    retracted_on: date
    replaced: bool = False

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.retracted_on


@attrs.frozen
class CorrectionsState:
    """Every retraction recorded, in the order recorded."""

    retractions: tuple[FactRetracted, ...] = ()

    @property
    def retracted(self) -> frozenset[int]:
        """The positions of the facts retracted."""
        return frozenset(each.position for each in self.retractions)

    def since(self, day: date) -> tuple[FactRetracted, ...]:
        """The retractions and corrections made on or after ``day`` (what changed since a
        report of that day)."""
        return tuple(each for each in self.retractions if each.retracted_on >= day)


@attrs.frozen
class RetractFact:
    """R1: retract the fact recorded at ``position`` of the partnership's stream, for
    ``reason``, by ``by``, on ``retracted_on``."""

    position: int
    reason: str
    by: PersonId
    retracted_on: date


@attrs.frozen
class CorrectFact:
    """R1: retract the fact at ``position`` and record ``replacement`` (a command) in its place,
    in one append, for ``reason``, by ``by``, on ``corrected_on``. The replacement is decided
    against the partnership without the retracted fact."""

    position: int
    replacement: object
    reason: str
    by: PersonId
    corrected_on: date

    @property
    def retraction(self) -> RetractFact:
        """The retraction that comes first."""
        return RetractFact(self.position, self.reason, self.by, self.corrected_on)


def check_retraction(command: RetractFact, state: CorrectionsState) -> None:
    """R1: a retraction names a position, a reason and who made it, and retracts a fact not
    retracted already."""
    if type(command.position) is not int or command.position < 1:
        raise RuleViolation(
            "R1", f"give the position of the fact to retract (1 or more), not {command.position!r}"
        )
    if not isinstance(command.reason, str) or not command.reason.strip():
        raise RuleViolation("R1", "say why the fact is retracted: give a reason")
    if not isinstance(command.by, str) or not command.by.strip():
        raise RuleViolation("R1", "say who retracts the fact: give their person id")
    if command.position in state.retracted:
        raise RuleViolation(
            "R1",
            f"the fact at position {command.position} is retracted already: a fact is "
            "retracted once (record it again if it was right after all)",
        )


def retraction_of(command: RetractFact, *, replaced: bool = False) -> FactRetracted:
    """R1: the event recording ``command`` (``replaced`` when it is a correction's)."""
    return FactRetracted(
        command.position, command.reason.strip(), command.by, command.retracted_on, replaced
    )


@decides(RetractFact)
def decide_retraction(command: RetractFact, state: CorrectionsState) -> list[object]:
    """R1: the retraction of a fact, with its reason and who made it."""
    check_retraction(command, state)
    return [retraction_of(command)]


@evolves(FactRetracted, "hom.fact_retracted")
def _retracted(state: CorrectionsState, event: FactRetracted) -> CorrectionsState:
    return CorrectionsState((*state.retractions, event))
