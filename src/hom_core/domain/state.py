"""The partnership's state, and the one ``decide`` and ``evolve`` that route to the rule families.

Each rule family (framework, membership, funding, governance, joint work) is a module with its
events (``EVENT_TYPES``), its part of the state, ``EVOLVERS`` (event class -> evolve of its part)
and ``DECIDERS`` (command class -> decide against the whole state). This module wires them: a
reader goes from a rule id to its family module, its test and its code in one hop.

``evolve`` is pure and total: an event of a type no family knows (a plugin's, in the same
stream) leaves the state as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import attrs

from hom_core.domain import framework, funding, governance, joint_work, membership
from hom_core.domain.framework import FrameworkState
from hom_core.domain.funding import FundingState
from hom_core.domain.governance import GovernanceState
from hom_core.domain.joint_work import JointWorkState
from hom_core.domain.membership import MembershipState
from hom_core.envelope import RecordedEvent
from hom_core.errors import UsageError
from hom_core.events import EventType
from hom_core.projections import Projection

__all__ = ["COMMAND_TYPES", "EVENT_TYPES", "PROJECTION", "PartnershipState", "decide", "evolve"]


@attrs.frozen
class PartnershipState:
    """Everything the rules decide against, one part per rule family."""

    framework: FrameworkState = attrs.field(factory=FrameworkState)
    membership: MembershipState = attrs.field(factory=MembershipState)
    funding: FundingState = attrs.field(factory=FundingState)
    governance: GovernanceState = attrs.field(factory=GovernanceState)
    joint_work: JointWorkState = attrs.field(factory=JointWorkState)


_FAMILIES: tuple[tuple[str, ModuleType], ...] = (
    ("framework", framework),
    ("membership", membership),
    ("funding", funding),
    ("governance", governance),
    ("joint_work", joint_work),
)

EVENT_TYPES: tuple[EventType, ...] = tuple(
    event_type for _, family in _FAMILIES for event_type in family.EVENT_TYPES
)
"""Every event type of the partnership domain."""

_EVOLVE: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    cls: (part, function) for part, family in _FAMILIES for cls, function in family.EVOLVERS.items()
}
_DECIDE: dict[type, Callable[[Any, PartnershipState], list[object]]] = {
    cls: function for _, family in _FAMILIES for cls, function in family.DECIDERS.items()
}

COMMAND_TYPES: tuple[type, ...] = tuple(sorted(_DECIDE, key=lambda cls: cls.__name__))
"""Every command of the partnership domain, by class name."""


def evolve(state: PartnershipState, event: object) -> PartnershipState:
    """The state after ``event``; unknown events change nothing."""
    route = _EVOLVE.get(type(event))
    if route is None:
        return state
    part, function = route
    return attrs.evolve(state, **{part: function(getattr(state, part), event)})


def _evolve_recorded(state: PartnershipState, recorded: RecordedEvent[Any]) -> PartnershipState:
    return evolve(state, recorded.event)


def decide(command: object, state: PartnershipState) -> list[object]:
    """The events ``command`` produces against ``state``, or a :class:`RuleViolation`."""
    function = _DECIDE.get(type(command))
    if function is None:
        raise UsageError(
            f"{type(command).__qualname__} is not a partnership command: use one of "
            f"{', '.join(sorted(cls.__name__ for cls in _DECIDE))}"
        )
    return function(command, state)


PROJECTION: Projection[PartnershipState] = Projection(
    "hom.partnership",
    PartnershipState,
    _evolve_recorded,
    version=2,  # 2: contributions by year, reports to governors by member
    state_type=PartnershipState,
    snapshot_every=500,
    keep_latest=True,
)
"""The partnership state as a projection of its stream, snapshotted every 500 events; the log
keeps the latest state in memory, so a command replays only the events since the last one."""
