"""M5: no partnership inside itself, a rule that reads across the streams of a log.

A partnership can be a member of another (kind
:attr:`~hom_core.domain.OrganisationKind.PARTNERSHIP`, its member id the other's partnership
id, its own record the stream ``partnership/<id>`` of the same log). A partnership *contains*
every partnership that is or ever was its member, and every partnership those contain, at any
depth. A partnership cannot join itself, nor any partnership that it contains: a cycle would make
"which schools does it reach?" have no answer. The rule holds whatever the days: a partnership
that contained another on any day may not be joined by it on any other (membership can be
back-dated, and a correction can move a joining date).

A single stream cannot see this, so the application checks it (:func:`check_not_inside_itself`)
before a command is decided; a log recorded before the rule may hold a cycle, and the questions
that walk member partnerships still end on one.
"""

from __future__ import annotations

from hom_core.application.runner import Runner
from hom_core.domain.membership.decide import JoinPartnership
from hom_core.domain.membership.vocabulary import OrganisationKind
from hom_core.domain.partnership import PARTNERSHIP
from hom_core.errors import RuleViolation
from hom_core.log import EventLog

__all__ = ["STREAM_PREFIX", "check_not_inside_itself", "member_partnerships"]

STREAM_PREFIX = "partnership/"
"""A partnership's stream is ``partnership/<its id>``."""


def member_partnerships(log: EventLog, partnership_id: str) -> tuple[str, ...]:
    """The ids of the partnerships that are or ever were members of ``partnership_id`` in
    ``log``, in order of first joining (none for a partnership with no record)."""
    state = Runner(log, f"{STREAM_PREFIX}{partnership_id}", PARTNERSHIP).state()
    return tuple(
        member.member_id
        for member in state.membership.members.values()
        if member.kind is OrganisationKind.PARTNERSHIP
    )


def _route_to(log: EventLog, start: str, target: str) -> tuple[str, ...] | None:
    """The partnerships from ``start`` down to ``target`` when ``start`` contains ``target`` (or
    is it), at any depth, else ``None``: a walk of member partnerships, each entered once."""
    routes: dict[str, tuple[str, ...]] = {start: (start,)}
    waiting = [start]
    while waiting:
        current = waiting.pop()
        if current == target:
            return routes[current]
        for inner in member_partnerships(log, current):
            if inner not in routes:
                routes[inner] = (*routes[current], inner)
                waiting.append(inner)
    return None


def check_not_inside_itself(log: EventLog, partnership_id: str, command: object) -> None:
    """M5: refuse ``command`` when it makes a partnership a member of itself or of a partnership
    that it contains, at any depth, on any day (a :class:`~hom_core.errors.RuleViolation`);
    any other command passes."""
    if type(command) is not JoinPartnership or command.kind is not OrganisationKind.PARTNERSHIP:
        return
    joining = command.member_id
    if joining == partnership_id:
        raise RuleViolation(
            "M5",
            f"{command.name} cannot join itself: a partnership is a member of other partnerships, "
            "never of its own",
        )
    route = _route_to(log, joining, partnership_id)
    if route is not None:
        path = " > ".join(route)
        raise RuleViolation(
            "M5",
            f"{command.name} ({joining}) contains {partnership_id} ({path}): it cannot also be "
            f"a member of {partnership_id} on any day, or a partnership would be inside itself "
            "(if the other membership was recorded by mistake, retract it first)",
        )
