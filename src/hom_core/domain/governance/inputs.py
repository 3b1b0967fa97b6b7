"""What the governance rules and questions read: the framework (formation, calendar, policies,
reviews), the members, and the governance part of the state."""

from __future__ import annotations

import attrs

from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.governance.state import GovernanceState
from hom_core.domain.membership.state import MembershipState

__all__ = ["GovernanceInputs"]


@attrs.frozen
class GovernanceInputs:
    """The parts of a partnership's state the governance rules read."""

    framework: FrameworkState
    membership: MembershipState
    governance: GovernanceState
