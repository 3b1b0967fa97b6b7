"""What an import will do, row by row, before it does it: a :class:`Plan`.

An import reads its whole file into a plan first: for each row (or group of rows), what it is
about, the action (``join as primary``, ``already a member``, ``skip: closed``) and the commands
to decide. The CLI shows the plan as the dry-run table; :func:`record_plan` decides and records
its commands (atomically, in batches that resume, or as a dry run that records nothing), and
:func:`store_people` then puts the people it holds in the people store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from hom_core.application import Partnership
from hom_core.domain import PeopleStore, Person
from hom_core.domain.bounds import check_entry
from hom_core.errors import HomError, UsageError
from hom_core.imports.batches import BATCH_SIZE, ImportReport, Line, record_lines

__all__ = ["Plan", "PlannedRow", "record_plan", "store_people"]


@attrs.frozen
class PlannedRow:
    """One row of a plan: the ``line`` it starts on, what it is ``about``, the ``action``, the
    ``commands`` to decide for it, and its ``text`` (its cells, which key a resumable batch)."""

    line: int
    about: str
    action: str
    commands: tuple[object, ...] = ()
    text: str = ""


@attrs.frozen
class Plan:
    """What an import of ``source`` will record: its rows, and the people it will store."""

    source: str
    rows: tuple[PlannedRow, ...]
    people: tuple[Person, ...] = ()

    @property
    def commands(self) -> int:
        """How many commands the plan decides."""
        return sum(len(row.commands) for row in self.rows)

    def lines(self, stream_id: str) -> Iterator[Line]:
        """The plan's commands as lines to record in the stream ``stream_id``."""
        for row in self.rows:
            for command in row.commands:
                yield Line(row.line, row.text.encode(), stream_id, command=command)


def record_plan(
    partnership: Partnership,
    plan: Plan,
    *,
    atomic: bool = True,
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
    after_batch: Callable[[], None] | None = None,
) -> ImportReport:
    """Decide the plan's commands against ``partnership`` in order and record their events
    (see :func:`~hom_core.imports.batches.record_lines`); a refused command is a
    :class:`~hom_core.errors.UsageError` naming ``source:line``."""
    for row in plan.rows:  # the bounds every command entering the record keeps
        for command in row.commands:
            try:
                check_entry(command, type(command).__name__)
            except HomError as error:
                raise UsageError(f"{plan.source}:{row.line}: {error}") from None
    return record_lines(
        partnership.log,
        partnership,
        plan.lines(partnership.stream_id),
        plan.source,
        atomic=atomic,
        batch_size=batch_size,
        after_batch=after_batch,
        dry_run=dry_run,
    )


def store_people(people: PeopleStore, plan: Plan) -> int:
    """Put the plan's people in the store (again, harmlessly, on a second run); how many."""
    for person in plan.people:
        people.put(person)
    return len(plan.people)
