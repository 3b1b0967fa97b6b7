"""The partnership's rules: each family's cases gathered into its decider, the five composed.

Each rule family (framework, membership, funding, governance, joint work) is a decider of
cases, reading the parts of the state it needs through its inputs; :data:`PARTNERSHIP` puts them
side by side, its state a :class:`PartnershipState`. Its ``evolve`` is pure and total: an event
of a type no family owns (a plugin's, in the same stream) leaves the state as it is.
"""

from __future__ import annotations

from typing import NamedTuple

from hom_core.composition import compose
from hom_core.decider import Decider
from hom_core.domain import corrections, joint_work, joint_work_obligations
from hom_core.domain.corrections import CorrectionsState
from hom_core.domain.framework import decide as framework_decide, state as framework_state
from hom_core.domain.framework.inputs import FrameworkInputs
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.funding import (
    banker,
    contributions,
    obligations as funding_obligations,
    rechecks as funding_rechecks,
    state as funding_state,
)
from hom_core.domain.funding.inputs import FundingInputs
from hom_core.domain.funding.state import FundingState
from hom_core.domain.governance import (
    chair,
    cycles,
    decisions,
    governors,
    groups,
    obligations as governance_obligations,
    state as governance_state,
)
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.governance.state import GovernanceState
from hom_core.domain.joint_work import JointWorkInputs, JointWorkState
from hom_core.domain.membership import (
    decide as membership_decide,
    obligations as membership_obligations,
    state as membership_state,
)
from hom_core.domain.membership.inputs import MembershipInputs
from hom_core.domain.membership.state import MembershipState

__all__ = [
    "CORRECTIONS",
    "FRAMEWORK",
    "FUNDING",
    "GOVERNANCE",
    "JOINT_WORK",
    "MEMBERSHIP",
    "PARTNERSHIP",
    "PartnershipState",
]


class PartnershipState(NamedTuple):
    """Everything the rules decide against, one part per rule family.

    A named tuple, as every composed state is (:func:`~hom_core.composition.compose`): a new
    state is built at every event of a replay, and a tuple is nearly three times cheaper to
    build than a frozen attrs instance (see benchmarks/README.md).
    """

    framework: FrameworkState = FrameworkState()
    membership: MembershipState = MembershipState()
    funding: FundingState = FundingState()
    governance: GovernanceState = GovernanceState()
    joint_work: JointWorkState = JointWorkState()
    corrections: CorrectionsState = CorrectionsState()


FRAMEWORK = Decider.of_cases(
    "framework", FrameworkState, framework_state, framework_decide, reads=FrameworkInputs
)
"""Forming the partnership, its policies, term dates (C1) and reviews (G8)."""

MEMBERSHIP = Decider.of_cases(
    "membership",
    MembershipState,
    membership_state,
    membership_decide,
    membership_obligations,
    reads=MembershipInputs,
    version=2,  # 2: with the URNs and Ofsted outcomes read before the member joined
)
"""Joining, notice and leaving (M1-M4), URNs (C3), role holders, Ofsted outcomes (C4)."""

FUNDING = Decider.of_cases(
    "funding",
    FundingState,
    funding_state,
    contributions,
    funding_rechecks,
    banker,
    funding_obligations,
    reads=FundingInputs,
    version=3,  # 2: contributions kept by year; 3: with each year's totals
)
"""Censuses, contributions and payments, the banker and its holding (C2, F1-F6)."""

GOVERNANCE = Decider.of_cases(
    "governance",
    GovernanceState,
    governance_state,
    groups,
    chair,
    decisions,
    governors,
    governance_obligations,
    cycles,
    reads=GovernanceInputs,
    version=2,  # 2: reports to governors kept by member
)
"""Groups and meetings, the rotating chair, decisions, reports to governors (G1-G7)."""

JOINT_WORK = Decider.of_cases(
    "joint_work", JointWorkState, joint_work, joint_work_obligations, reads=JointWorkInputs
)
"""Joint training days and the annual conference (T1)."""

CORRECTIONS = Decider.of_cases("corrections", CorrectionsState, corrections)
"""Retractions of facts recorded by mistake (R1)."""

PARTNERSHIP: Decider[PartnershipState] = compose(
    "partnership",
    FRAMEWORK,
    MEMBERSHIP,
    FUNDING,
    GOVERNANCE,
    JOINT_WORK,
    CORRECTIONS,
    state=PartnershipState,
)
"""The partnership's rules: the five families side by side, and the record's corrections."""
