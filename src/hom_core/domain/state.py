"""The partnership's state, and the one ``decide`` and ``evolve`` that route to the rule families.

Each rule family (framework, membership, funding, governance, joint work) is a decider; the
partnership is their composition (:data:`PARTNERSHIP`).

``evolve`` is pure and total: an event of a type no family knows (a plugin's, in the same
stream) leaves the state as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

import attrs

from hom_core.composition import compose
from hom_core.decider import Decider, unknown_command
from hom_core.domain import joint_work
from hom_core.domain.framework import decide as framework_decide
from hom_core.domain.framework import state as framework_state
from hom_core.domain.framework.decide import FrameworkInputs
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.funding import banker as funding_banker
from hom_core.domain.funding import contributions as funding_contributions
from hom_core.domain.funding import state as funding_state
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.domain.funding.state import FundingState
from hom_core.domain.governance import chair as governance_chair
from hom_core.domain.governance import decisions as governance_decisions
from hom_core.domain.governance import governors as governance_governors
from hom_core.domain.governance import groups as governance_groups
from hom_core.domain.governance import state as governance_state
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.governance.state import GovernanceState
from hom_core.domain.joint_work import JointWorkState
from hom_core.domain.membership import decide as membership_decide
from hom_core.domain.membership import state as membership_state
from hom_core.domain.membership.decide import MembershipInputs
from hom_core.domain.membership.state import MembershipState
from hom_core.envelope import RecordedEvent
from hom_core.events import EventType
from hom_core.projections import Projection

__all__ = [
    "COMMAND_TYPES",
    "EVENT_TYPES",
    "PARTNERSHIP",
    "PROJECTION",
    "PartnershipState",
    "decide",
    "evolve",
]


class PartnershipState(NamedTuple):
    """Everything the rules decide against, one part per rule family."""

    framework: FrameworkState = FrameworkState()
    membership: MembershipState = MembershipState()
    funding: FundingState = FundingState()
    governance: GovernanceState = GovernanceState()
    joint_work: JointWorkState = JointWorkState()


@attrs.frozen
class _Whole:
    framework: FrameworkState
    membership: MembershipState
    funding: FundingState
    governance: GovernanceState
    joint_work: JointWorkState


def _legacy(name: str, family: ModuleType, initial: Callable[[], Any]) -> Decider[Any]:
    evolvers = family.EVOLVERS
    deciders = family.DECIDERS

    def evolve_part(state: Any, event: object) -> Any:
        case = evolvers.get(type(event))
        return state if case is None else case(state, event)

    def decide_part(command: object, whole: Any) -> list[object]:
        case = deciders.get(type(command))
        if case is None:
            raise unknown_command(name, command, deciders)
        result: list[object] = case(command, whole)
        return result

    return Decider(
        name,
        initial,
        evolve_part,
        decide_part,
        tuple(family.EVENT_TYPES),
        tuple(deciders),
        _Whole,
        state_type=initial,
    )


FRAMEWORK = Decider.of_cases(
    "framework", FrameworkState, framework_state, framework_decide, reads=FrameworkInputs
)
MEMBERSHIP = Decider.of_cases(
    "membership", MembershipState, membership_state, membership_decide, reads=MembershipInputs
)

FUNDING = Decider.of_cases(
    "funding",
    FundingState,
    funding_state,
    funding_contributions,
    funding_banker,
    reads=FundingInputs,
    version=2,  # 2: contributions by year
)

GOVERNANCE = Decider.of_cases(
    "governance",
    GovernanceState,
    governance_state,
    governance_groups,
    governance_chair,
    governance_decisions,
    governance_governors,
    reads=GovernanceInputs,
    version=2,  # 2: reports to governors by member
)

PARTNERSHIP: Decider[PartnershipState] = compose(
    "partnership",
    FRAMEWORK,
    MEMBERSHIP,
    FUNDING,
    GOVERNANCE,
    _legacy("joint_work", joint_work, JointWorkState),
    state=PartnershipState,
)

EVENT_TYPES: tuple[EventType, ...] = PARTNERSHIP.event_types
COMMAND_TYPES: tuple[type, ...] = tuple(sorted(PARTNERSHIP.command_types, key=lambda c: c.__name__))
evolve = PARTNERSHIP.evolve
decide = PARTNERSHIP.decide


def _evolve_recorded(state: PartnershipState, recorded: RecordedEvent[Any]) -> PartnershipState:
    return evolve(state, recorded.event)


PROJECTION: Projection[PartnershipState] = Projection(
    "hom.partnership",
    PartnershipState,
    _evolve_recorded,
    version=PARTNERSHIP.version,
    state_type=PartnershipState,
    snapshot_every=500,
    keep_latest=True,
)
