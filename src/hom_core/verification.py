"""Verifying a log: its hash chain, an anchor kept elsewhere, and what lies outside the chain.

:func:`verify_log` never raises for damage, it reports it: a store error met while reading the
records ends the walk as a break at the next position; then, for a store that is
:class:`~hom_core.store.Inspectable`, the store's own integrity check, the snapshots (each must
be bound to the record it was folded to, see :func:`hom_core.projections.dump_state`) and the
checkpoints (none may lie beyond the head) are looked at, and what is wrong is listed in
:attr:`ChainReport.problems <hom_core.chain.ChainReport.problems>`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from hom_core.chain import ChainReport, verify
from hom_core.errors import HomError, UsageError
from hom_core.projections import unbound
from hom_core.snapshots import is_folded_state
from hom_core.store import Inspectable, StoredRecord

if TYPE_CHECKING:
    from hom_core.projections import LogReader

__all__ = ["parse_anchor", "verify_log"]


def parse_anchor(text: str) -> tuple[int, str]:
    """``POSITION:HASH`` (as ``hom head`` prints it) as a position and a hash.

    Raises :class:`~hom_core.errors.UsageError` when it is not one.
    """
    position, _, digest = text.strip().partition(":")
    if not (position.isdecimal() and len(digest) == 64 and _hex(digest)):
        raise UsageError(
            f"{text!r} is not a head: give POSITION:HASH as hom head prints it, such as "
            f"12:{'0' * 64}"
        )
    return int(position), digest.lower()


def _hex(text: str) -> bool:
    return all(character in "0123456789abcdefABCDEF" for character in text)


def verify_log(log: LogReader, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk the whole log and report the first broken link, and what else is wrong."""
    damage: list[str] = []
    report = verify(_guarded(log.store.read_all(), damage), anchor)
    if damage and report.first_bad_position is None:
        report = attrs.evolve(report, first_bad_position=report.head_position + 1, reason=damage[0])
    problems = list(_outside_the_chain(log, report.head_position))
    return attrs.evolve(report, problems=tuple(problems)) if problems else report


def _guarded(records: Iterator[StoredRecord], damage: list[str]) -> Iterator[StoredRecord]:
    """``records``, ending at the first error the store raises (noted in ``damage``)."""
    try:
        yield from records
    except HomError as error:
        damage.append(str(error))


def _outside_the_chain(log: LogReader, head: int) -> Iterator[str]:
    store = log.store
    if not isinstance(store, Inspectable):
        return
    yield from store.check_integrity()
    try:
        for snapshot in store.snapshots():
            # a snapshot that holds no binding is not a folded state (a notifier's stuck
            # state) or one of an older hom: loading ignores it, as it ignores a mismatch
            if is_folded_state(snapshot):
                problem = unbound(log, snapshot)
                if problem is not None:
                    yield (
                        f"snapshot {snapshot.name!r} of {snapshot.key!r} at version "
                        f"{snapshot.version} does not match the log and is ignored: {problem}"
                    )
        for name, position in store.checkpoints():
            if store.load_checkpoint(name) != position:
                yield (
                    f"checkpoint {name!r} at position {position} was saved at a record the log "
                    "no longer holds there (restored from a backup, rewritten, or edited): it "
                    "is ignored and its consumer starts again from the beginning"
                )
            elif position > head:
                yield (
                    f"checkpoint {name!r} is at position {position}, beyond the head {head}: "
                    "the log was cut short, or the checkpoint edited; its consumer starts again "
                    "from the head's records"
                )
    except HomError as error:
        yield str(error)
