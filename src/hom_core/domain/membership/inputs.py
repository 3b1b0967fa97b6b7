"""What the membership rules read: the framework (formation, policies, calendar) and the
members."""

from __future__ import annotations

import attrs

from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.membership.state import MembershipState

__all__ = ["MembershipInputs"]


@attrs.frozen
class MembershipInputs:
    """What the membership rules read: the framework (formation, policies, calendar) and the
    members."""

    framework: FrameworkState
    membership: MembershipState
