"""The agenda: what falls due, as of a day, from the partnership's rules and its domain packs.

Every rule family and domain pack says what its rules ask by a date (its decider's
``obligations``, see :mod:`hom_core.obligations`); :func:`obligations` gathers them for a
:class:`~hom_core.application.PartnershipView`, so the answer is as of the view's day and as
the log stood when the view was asked (:meth:`~hom_core.application.Partnership.as_known_at`).
:func:`agenda` keeps what someone should look at: everything overdue or due, what falls due
within a horizon, and what was done lately.

    >>> for item in agenda(hom.as_of(date(2015, 3, 20))):     # doctest: +SKIP
    ...     print(item.status.value, item.obligation.due_on, item.obligation.subject)
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

import attrs

from hom_core.application.partnership import PartnershipView
from hom_core.composition import compose, obligations as part_obligations
from hom_core.decider import Decider
from hom_core.domain.partnership import PARTNERSHIP
from hom_core.obligations import WINDOW, Obligation, Status, ordered
from hom_core.registrations import DomainPack

__all__ = ["CORE", "HORIZON", "AgendaItem", "agenda", "obligations"]

HORIZON = timedelta(weeks=8)
"""How far ahead the agenda looks by default."""

CORE = "partnership"
"""The source of the obligations of the partnership's own rules (a pack's is its name)."""


@attrs.frozen
class AgendaItem:
    """One obligation on the agenda, where it stands on the day, and where it comes from (the
    partnership's rules, :data:`CORE`, or a domain pack's name)."""

    obligation: Obligation
    status: Status
    source: str = CORE


@cache
def _beside_core(pack: DomainPack) -> Decider[Any]:
    return compose(f"{PARTNERSHIP.name}+{pack.name}", PARTNERSHIP, pack.decider)


def obligations(view: PartnershipView) -> list[tuple[str, Obligation]]:
    """Every obligation the record implies on the view's day, with its source (:data:`CORE`
    or a pack's name), in the agenda's order."""
    found = [(CORE, each) for each in PARTNERSHIP.obligations(view.state, view.day)]
    for name, pack in sorted(view.packs.items()):
        state = (view.state, view.pack_state(name))
        found += [
            (name, each)
            for each in part_obligations(_beside_core(pack), pack.name, state, view.day)
        ]
    order = {id(each): index for index, each in enumerate(ordered(o for _, o in found))}
    return sorted(found, key=lambda pair: order[id(pair[1])])


def shown(obligation: Obligation, day: date, horizon: timedelta) -> bool:
    """Whether the agenda of ``day`` shows ``obligation``: due or overdue, upcoming and due by
    ``day + horizon``, or done within :data:`~hom_core.obligations.WINDOW` before ``day``."""
    status = obligation.status_on(day)
    if status is Status.DONE:
        assert obligation.done_on is not None
        return day - WINDOW <= obligation.done_on
    return status is not Status.UPCOMING or obligation.due_on <= day + horizon


def agenda(view: PartnershipView, horizon: timedelta = HORIZON) -> list[AgendaItem]:
    """What the partnership should look at on the view's day: each obligation overdue or due,
    those upcoming that fall due within ``horizon``, and those done in the last four weeks, by
    due date."""
    return [
        AgendaItem(each, each.status_on(view.day), source)
        for source, each in obligations(view)
        if shown(each, view.day, horizon)
    ]
