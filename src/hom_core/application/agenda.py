"""The agenda: what falls due, as of a day, from the partnership's rules and its domain packs.

Every rule family and domain pack says what its rules ask by a date (its decider's
``obligations``, see :mod:`hom_core.obligations`); :func:`obligations` gathers them for a
:class:`~hom_core.application.PartnershipView`, so the answer is as of the view's day and as
the log stood when the view was asked (:meth:`~hom_core.application.Partnership.as_known_at`).
:func:`agenda` keeps what someone should look at: everything overdue or due, what falls due
within a horizon, and what was done lately. :func:`holders` says who holds the role an obligation
asks on the view's day, and an :class:`Audience` keeps one person's or one role's obligations
(a head's feed of deadlines).

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
from hom_core.domain.governance.vocabulary import ChairRule
from hom_core.domain.membership.vocabulary import Role
from hom_core.domain.partnership import PARTNERSHIP
from hom_core.errors import UsageError
from hom_core.obligations import (
    BANKER,
    CHAIR,
    GROUP_CHAIR,
    HEAD,
    ROLES,
    STRATEGIC_GROUP,
    WINDOW,
    Obligation,
    Responsibility,
    Status,
    ordered,
)
from hom_core.people import PersonId
from hom_core.registrations import DomainPack

__all__ = ["CORE", "HORIZON", "AgendaItem", "Audience", "agenda", "holders", "obligations"]

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


def _head(view: PartnershipView, member_id: str | None) -> frozenset[PersonId]:
    member = None if member_id is None else view.state.membership.members.get(member_id)
    head = None if member is None else member.holder_on(Role.HEAD, view.day)
    return frozenset() if head is None else frozenset({head})


def _group_chair(view: PartnershipView, group_id: str | None) -> frozenset[PersonId]:
    """G3: the deputy head of the chair's school for the deputies' group; otherwise (G4 and a
    recorded chair) whoever chaired the group's last meeting by the day."""
    group = None if group_id is None else view.state.governance.groups.get(group_id)
    if group is None:
        return frozenset()
    if group.chair_rule is ChairRule.DEPUTY_OF_CHAIRS_SCHOOL:
        deputies = view.governance.deputies_chair()
        chair = None if deputies is None else deputies.deputy
    else:
        last = group.last_meeting_by(view.day)
        chair = None if last is None else last.chair
    return frozenset() if chair is None else frozenset({chair})


def holders(view: PartnershipView, responsibility: Responsibility) -> frozenset[PersonId]:
    """The people who hold ``responsibility`` on the view's day: the head of the member school
    (:data:`~hom_core.obligations.HEAD`), the head of the banker school (``BANKER``), the head
    who chairs the strategic group (``CHAIR``), the heads of every member school
    (``STRATEGIC_GROUP``) or a group's chair (``GROUP_CHAIR``, :func:`_group_chair`); nobody
    for a role no one holds that day, or for a pack's own role (an organisation, not a person).
    """
    role = responsibility.role
    if role == HEAD:
        return _head(view, responsibility.of)
    if role == BANKER:
        banker = view.funding.banker()
        return _head(view, None if banker is None else banker.member_id)
    if role == CHAIR:
        chair = view.governance.chair()
        return frozenset() if chair is None or chair.head is None else frozenset({chair.head})
    if role == STRATEGIC_GROUP:
        schools = (member for member in view.members() if member.kind.is_school)
        return frozenset().union(*(_head(view, member.member_id) for member in schools))
    if role == GROUP_CHAIR:
        return _group_chair(view, responsibility.of)
    return frozenset()


@attrs.frozen
class Audience:
    """Whose obligations: those whose role ``person`` holds on the day (:func:`holders`), those
    that name ``role`` (one of :data:`~hom_core.obligations.ROLES` or a pack's), or, given
    both, those that name ``role`` and that ``person`` holds. Given neither: everyone's."""

    person: PersonId | None = None
    role: str | None = None

    def concerns(self, view: PartnershipView, obligation: Obligation) -> bool:
        """Whether ``obligation`` is this audience's on the view's day."""
        responsibility = obligation.responsibility
        if self.role is not None and responsibility.role != self.role:
            return False
        return self.person is None or self.person in holders(view, responsibility)

    def check(self, view: PartnershipView) -> None:
        """Raise :class:`~hom_core.errors.UsageError` when ``person`` never held a role at a
        member of the partnership by the view's day, or ``role`` is neither the core's nor
        named by an obligation of the day (so a typo is not taken for an empty feed)."""
        if self.person is not None and not any(
            held.person == self.person
            for member in view.state.membership.members.values()
            for held in member.roles
            if held.from_date <= view.day
        ):
            raise UsageError(
                f"no one with the id {self.person!r} has held a role at a member school by "
                f"{view.day}: give the id of a head (or another role holder) of the partnership"
            )
        named = set(ROLES) | {each.responsibility.role for _, each in obligations(view)}
        if self.role is not None and self.role not in named:
            raise UsageError(
                f"no obligation names the role {self.role!r}: the roles are "
                f"{', '.join(sorted(named))}"
            )
