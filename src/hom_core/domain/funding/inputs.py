"""What the funding rules and questions read: the framework (policies, financial years), the
members, and the funding part of the state."""

from __future__ import annotations

import attrs

from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.funding.state import FundingState
from hom_core.domain.membership.state import MembershipState

__all__ = ["FundingInputs"]


@attrs.frozen
class FundingInputs:
    """The parts of a partnership's state the funding rules read."""

    framework: FrameworkState
    membership: MembershipState
    funding: FundingState
