"""The checks the Manchester pack's decisions share: a real date, a formed alliance, a member on
the day, a person named, records kept in date order."""

from __future__ import annotations

from datetime import date, datetime

from hom_core.domain.checks import (
    ReadsFramework,
    ReadsMembership,
    formed,
    member_on as core_member_on,
)
from hom_core.domain.membership.state import Member
from hom_core.errors import RuleViolation

__all__ = ["after", "member_on", "named", "on_day"]


def on_day(given: ReadsFramework, day: object, rule: str, what: str) -> date:
    """``day`` as a date on or after the alliance was formed (what: "a think tank appointment")."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise RuleViolation(
            rule, f"{what} needs its date as a date such as date(2013, 9, 2), not {day!r}"
        )
    formed(given, rule, day, what, of="the alliance")
    return day


def member_on(given: ReadsMembership, member_id: str, day: date, rule: str) -> Member:
    """The alliance's member ``member_id``, which must be a member on ``day`` (the core's
    :func:`~hom_core.domain.checks.member_on`, in the alliance's words)."""
    return core_member_on(given, member_id, day, rule, of="the alliance", then="it must join first")


def named(person: object, rule: str, role: str) -> None:
    """Refuse a missing person id for ``role`` (people appear in the log as opaque ids)."""
    if not isinstance(person, str) or not person:
        raise RuleViolation(rule, f"give the person id of the {role}, not {person!r}")


def after(last: date | None, day: date, rule: str, what: str, *, same_day: bool = False) -> None:
    """Records of one kind are kept in date order: ``day`` must come after ``last`` (or be
    ``last`` itself, when ``same_day`` allows several changes on one day)."""
    if last is not None and (day < last or (day == last and not same_day)):
        later = "on or after" if same_day else "after"
        raise RuleViolation(
            rule,
            f"{what} last changed on {last}: a new record must take effect {later} that "
            "(record changes in date order)",
        )
