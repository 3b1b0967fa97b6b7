"""The city-wide read model: what it answers, what a table behind it must do, and the in-memory one.

A model keeps the counted facts (:class:`~hom_core.city.facts.Fact`) of every partnership in
every source log, and per source the checkpoint: the position of the last record it has taken
in. :meth:`CityModel.apply` takes a batch of one source's changes and moves that source's
checkpoint in one step (one transaction for the PostgreSQL table), so a feed stopped anywhere
resumes from the checkpoint and takes every record in exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from hom_core.city.facts import Change, Fact, FactKind, Retraction
from hom_core.domain.money import Money
from hom_core.errors import ConcurrencyError

__all__ = ["CityModel", "CityTotals", "MemoryCity", "PartnershipTotals", "totals_of"]


@attrs.frozen
class PartnershipTotals:
    """One partnership's figures: the schools it reached and the money owed to it."""

    schools: int
    owed: Money


@attrs.frozen
class CityTotals:
    """The city's figures: ``schools_reached`` (each school counted once, by URN where one is
    recorded), ``owed`` (contributions called and adjusted less payments, every partnership),
    and the same per partnership."""

    schools_reached: int
    owed: Money
    partnerships: Mapping[str, PartnershipTotals]


def totals_of(facts: Iterable[Fact]) -> CityTotals:
    """The figures of ``facts`` (the in-memory model's answer, and what tests fold from
    scratch)."""
    city_schools: set[str] = set()
    schools: dict[str, set[str]] = {}
    pence: dict[str, int] = {}
    for fact in facts:
        schools.setdefault(fact.partnership, set())
        pence[fact.partnership] = pence.get(fact.partnership, 0) + fact.pence
        if fact.kind is FactKind.JOINED:
            city_schools.add(fact.school)
            schools[fact.partnership].add(fact.school)
    return CityTotals(
        len(city_schools),
        Money(sum(pence.values())),
        {
            name: PartnershipTotals(len(schools[name]), Money(pence[name]))
            for name in sorted(schools)
        },
    )


class CityModel(Protocol):
    """Where the read model is kept: :class:`MemoryCity`, or the PostgreSQL table
    (:class:`hom_core.city.postgres.PostgresCity`)."""

    def checkpoint(self, source: str) -> int:
        """The position of the last record of ``source`` taken in (0: none yet)."""
        ...

    def apply(self, source: str, after: int, changes: Sequence[Change], position: int) -> None:
        """Take in ``changes`` (in log order), read from ``source`` after position ``after`` up
        to ``position``, and move the checkpoint to ``position``: all of it or none.

        Raises :class:`~hom_core.errors.ConcurrencyError` when the checkpoint is no longer
        ``after`` (another feed moved it): nothing is applied, read again from the checkpoint.
        """
        ...

    def clear(self) -> None:
        """Forget every fact and checkpoint (a rebuild starts from here)."""
        ...

    def totals(self) -> CityTotals:
        """The city's figures now."""
        ...

    def facts(self) -> list[Fact]:
        """Every fact kept, by source and position."""
        ...


class MemoryCity:
    """The read model in memory (for tests, and ``hom city`` without ``--into``)."""

    def __init__(self) -> None:
        self._facts: dict[tuple[str, int], Fact] = {}
        self._checkpoints: dict[str, int] = {}

    def checkpoint(self, source: str) -> int:
        return self._checkpoints.get(source, 0)

    def apply(self, source: str, after: int, changes: Sequence[Change], position: int) -> None:
        moved_to(self.checkpoint(source), after, source)
        for change in changes:
            if isinstance(change, Retraction):
                self._facts.pop((change.source, change.position), None)
            else:
                self._facts[(change.source, change.position)] = change
        self._checkpoints[source] = position

    def clear(self) -> None:
        self._facts.clear()
        self._checkpoints.clear()

    def totals(self) -> CityTotals:
        return totals_of(self._facts.values())

    def facts(self) -> list[Fact]:
        return [self._facts[key] for key in sorted(self._facts)]


def moved_to(checkpoint: int, after: int, source: str) -> None:
    """Refuse a batch read after ``after`` when the checkpoint of ``source`` is elsewhere."""
    if checkpoint != after:
        # another feed took those records in: the feed reads again from the checkpoint
        raise ConcurrencyError(f"city checkpoint of {source}", after, checkpoint)
