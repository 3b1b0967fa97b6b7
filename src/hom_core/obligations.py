"""Obligations: what falls due, derived from the record.

An :class:`Obligation` is something the agreement asks of someone by a date: call the year's
contributions (F1), rotate the chair (G2), review the framework (G8). Each rule family and
domain pack contributes its own through its :class:`~hom_core.decider.Decider`: functions marked
:func:`~hom_core.decider.obliges` take the decider's inputs and a day and return the obligations
the record implies on that day. They are pure (a function of the events counted, the calendar
and the policies in force), so an obligation's :meth:`~Obligation.status_on` a day depends only
on the log and that day, and the same question can be asked as the log stood at any position.

The window of an obligation runs from ``opens_on`` (it can be acted on) to ``due_on`` (the last
day it is on time): before the window it is *upcoming*, in it *due*, after it *overdue*, and it
is *done* once the record holds what discharges it (``done_on``).

Who is asked is a role (:class:`Responsibility`): the head of a member school, the banker
school, the strategic group's chair, the strategic group, a group's chair, or a pack's own role.
Who holds the role on a day is the application's question
(:func:`hom_core.application.agenda.holders`), so a head's feed of deadlines follows the record.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta

import attrs

__all__ = [
    "BANKER",
    "CHAIR",
    "GROUP_CHAIR",
    "HEAD",
    "ROLES",
    "STRATEGIC_GROUP",
    "WINDOW",
    "Obligation",
    "Responsibility",
    "Status",
    "ordered",
]

WINDOW = timedelta(days=28)
"""How long before its due date an obligation with no earlier opening can be acted on (four
weeks: one item of the agenda a month ahead)."""


HEAD = "head"
"""The role of the head of a member school (:attr:`Responsibility.of`: the member's id)."""

BANKER = "banker"
"""The role of the banker school (F4): its head acts for it."""

CHAIR = "chair"
"""The role of the chair of the strategic group (G2): the head of the chair's school."""

STRATEGIC_GROUP = "strategic-group"
"""The role of the strategic group (G1): the heads of the member schools together."""

GROUP_CHAIR = "group-chair"
"""The role of the chair of a group (G1, G3, G4; :attr:`Responsibility.of`: the group's id)."""

ROLES = (HEAD, BANKER, CHAIR, STRATEGIC_GROUP, GROUP_CHAIR)
"""The roles of the partnership's own rules; a pack may name others."""


@attrs.frozen
class Responsibility:
    """Who an obligation asks, by role: one of :data:`ROLES` or a pack's own (such as
    ``"teaching-school-alliance"``), and ``of``, the member or group the role is of (the
    school whose head, the group whose chair; ``None`` for a role of the partnership)."""

    role: str
    of: str | None = None


class Status(enum.Enum):
    """Where an obligation stands on a day."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


def _check_window(instance: Obligation, _: object, due_on: date) -> None:
    if due_on < instance.opens_on:
        raise ValueError(f"an obligation due on {due_on} cannot open on {instance.opens_on}")


@attrs.frozen
class Obligation:
    """Something the agreement asks of ``responsible`` (a role) by ``due_on``.

    ``rule`` is the rule id it comes from, ``subject`` says what is to be done, ``topic`` (a
    short stable slug, such as ``"call/2015-16"``) tells it from the rule's other obligations,
    and ``command`` names the command that discharges it (``None`` for a date that passes on
    its own, such as notice taking effect, M2). ``done_on`` is the day the record shows it
    discharged (``None``: not yet). ``responsible`` says who in words (``"head of St
    Philip's"``); ``role`` says it as a :class:`Responsibility` (see :attr:`responsibility`).
    """

    rule: str
    topic: str
    subject: str
    opens_on: date
    due_on: date = attrs.field(validator=_check_window)
    responsible: str
    command: str | None
    done_on: date | None = None
    role: Responsibility | None = attrs.field(default=None, kw_only=True)

    @property
    def responsibility(self) -> Responsibility:
        """Who is asked, by role: :attr:`role`, or for an obligation that names none, the
        words of ``responsible`` taken as a role of its own."""
        return self.role if self.role is not None else Responsibility(self.responsible)

    @property
    def key(self) -> str:
        """A stable identity: the rule, the topic and the due date (a reminder is sent once per
        key)."""
        return f"{self.rule}/{self.topic}/{self.due_on.isoformat()}"

    def status_on(self, day: date) -> Status:
        """Upcoming before ``opens_on``, due to ``due_on``, overdue after; done once
        discharged on or before ``day``."""
        if self.done_on is not None and self.done_on <= day:
            return Status.DONE
        if day < self.opens_on:
            return Status.UPCOMING
        return Status.DUE if day <= self.due_on else Status.OVERDUE


def ordered(obligations: Iterable[Obligation]) -> list[Obligation]:
    """``obligations`` by due date, then rule and topic (the agenda's order)."""
    return sorted(obligations, key=lambda each: (each.due_on, each.rule, each.topic))
