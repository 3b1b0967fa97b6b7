"""The pack's state and the one ``evolve`` and set of deciders that route to its three families
(the teaching school proposal, the think tank, the SEP), as the core's ``state`` module does."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType
from typing import Any

import attrs

from hom_core import EventType
from hom_core.domain import PartnershipState
from hom_plugins.manchester import sep, teaching_school, think_tank
from hom_plugins.manchester.sep import StrategicEducationPartnership
from hom_plugins.manchester.teaching_school import Proposal
from hom_plugins.manchester.think_tank import ThinkTank

__all__ = ["DECIDERS", "EVENT_TYPES", "ManchesterState", "evolve"]


@attrs.frozen
class ManchesterState:
    """What the alliance's stream says beyond the core's: one part per family."""

    proposal: Proposal | None = None
    think_tank: ThinkTank = attrs.field(factory=ThinkTank)
    sep: StrategicEducationPartnership = attrs.field(factory=StrategicEducationPartnership)

    def is_empty(self) -> bool:
        """True before any of the pack's events (the partnership does not use the pack)."""
        return self == ManchesterState()


_FAMILIES: tuple[tuple[str, ModuleType], ...] = (
    ("proposal", teaching_school),
    ("think_tank", think_tank),
    ("sep", sep),
)

EVENT_TYPES: tuple[EventType, ...] = (
    EventType("manchester.teaching_school_proposed", teaching_school.TeachingSchoolProposed),
    EventType("manchester.proposal_group_joined", teaching_school.ProposalGroupJoined),
    EventType("manchester.proposal_group_left", teaching_school.ProposalGroupLeft),
    EventType(
        "manchester.teaching_school_proposal_submitted",
        teaching_school.TeachingSchoolProposalSubmitted,
    ),
    EventType("manchester.representative_appointed", think_tank.RepresentativeAppointed),
    EventType("manchester.representative_stood_down", think_tank.RepresentativeStoodDown),
    EventType("manchester.sep_established", sep.SepEstablished),
    EventType("manchester.council_leader_recorded", sep.CouncilLeaderRecorded),
    EventType("manchester.sep_chair_appointed", sep.SepChairAppointed),
)
"""The pack's event types, named ``manchester.*``."""

_EVOLVE: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    cls: (part, function) for part, family in _FAMILIES for cls, function in family.EVOLVERS.items()
}


def evolve(state: ManchesterState, event: object) -> ManchesterState:
    """The state after ``event`` (pure and total: the core's events change nothing here)."""
    route = _EVOLVE.get(type(event))
    if route is None:
        return state
    part, function = route
    return attrs.evolve(state, **{part: function(getattr(state, part), event)})


def _decide_part(
    part: str,
    decide: Callable[[Any, PartnershipState, Any], list[object]],
    command: object,
    core: PartnershipState,
    state: ManchesterState,
) -> list[object]:
    return decide(command, core, getattr(state, part))


DECIDERS: dict[type, Callable[[Any, PartnershipState, ManchesterState], list[object]]] = {
    cls: partial(_decide_part, part, function)
    for part, family in _FAMILIES
    for cls, function in family.DECIDERS.items()
}
"""Command class -> ``decide(command, partnership_state, manchester_state)``."""
