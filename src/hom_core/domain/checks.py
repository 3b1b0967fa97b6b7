"""The checks the rules share, for the core's families and domain packs alike: the partnership
is formed (by a day), a member exists or is one on a day, a command's fields have their types.

Each check takes whatever inputs its caller decides against, so long as they hold the part it
needs (``framework`` or ``membership``): a family's or a pack's inputs, or a partnership's whole
state. Each raises a :class:`~hom_core.errors.RuleViolation` of the caller's rule, in the
caller's words where it gives them (``of="the alliance"``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.membership.state import Member, MembershipState
from hom_core.domain.values import FinancialYear, Money
from hom_core.errors import RuleViolation

__all__ = ["ReadsFramework", "ReadsMembership", "formed", "known_member", "member_on", "typed"]


class ReadsFramework(Protocol):
    """Inputs that hold the framework."""

    @property
    def framework(self) -> FrameworkState:
        """The framework's state."""
        ...


class ReadsMembership(Protocol):
    """Inputs that hold the members."""

    @property
    def membership(self) -> MembershipState:
        """The membership's state."""
        ...


def formed(
    given: ReadsFramework,
    rule: str,
    day: date | None = None,
    what: str | None = None,
    *,
    of: str = "the partnership",
) -> date:
    """The day the partnership was formed, or a violation of ``rule``: it has not been formed,
    or ``day`` (when given) comes before that; ``what`` names what happens on ``day`` ("a
    review of the framework"), ``of`` the partnership as the caller calls it."""
    formed_on = given.framework.formed_on
    if formed_on is None:
        raise RuleViolation(rule, f"{of} has not been formed yet: give FormPartnership first")
    if day is not None and day < formed_on:
        if what is None:
            raise RuleViolation(
                rule, f"{day} is before {of} was formed on {formed_on}: check the date"
            )
        raise RuleViolation(rule, f"{what} on {day} comes before {of} was formed on {formed_on}")
    return formed_on


def known_member(
    given: ReadsMembership, member_id: str, rule: str, *, of: str = "the partnership"
) -> Member:
    """The member ``member_id``, member now or not, or a violation of ``rule`` if it never
    joined ``of`` (how the message names the partnership: a pack may say "the cluster")."""
    member = given.membership.members.get(member_id)
    if member is None:
        raise RuleViolation(rule, f"{member_id!r} has never joined {of}: check the member id")
    return member


def member_on(
    given: ReadsMembership,
    member_id: str,
    day: date,
    rule: str,
    *,
    of: str = "the partnership",
    then: str | None = "it must join (M1) before this",
) -> Member:
    """M4: the member ``member_id``, which must be a member on ``day``, or a violation of
    ``rule`` saying why not: it never joined ``of`` (:func:`known_member`), or is not a member
    that day (``then`` says what to do; ``None`` when the caller's rule has nothing to add)."""
    member = known_member(given, member_id, rule, of=of)
    if not member.is_member_on(day):
        advice = "" if then is None else f": {then}"
        raise RuleViolation(rule, f"{member.name} is not a member on {day}{advice}")
    return member


_EXAMPLES: dict[type, str] = {
    date: "date(2014, 4, 1)",
    int: "203",
    str: "'claremont'",
    Money: "Money.pounds('2.00')",
    FinancialYear: "FinancialYear(2014)",
}


def typed(rule: str, **fields: tuple[object, type]) -> None:
    """Refuse a command field of the wrong type (a datetime for a date, a float for money) as a
    violation of ``rule``: ``typed("F1", paid_on=(command.paid_on, date))``."""
    for name, (value, kind) in fields.items():
        wrong = (
            type(value) is not int
            if kind is int
            else not isinstance(value, kind) or isinstance(value, datetime)
        )
        if wrong:
            example = _EXAMPLES.get(kind, kind.__name__)
            raise RuleViolation(
                rule, f"{name} must be a {kind.__name__} such as {example}, not {value!r}"
            )
