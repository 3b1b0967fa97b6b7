"""What the framework's rules read: the framework, and the members (whose notice a new notice
policy must not move, M2)."""

from __future__ import annotations

import attrs

from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.membership.state import MembershipState

__all__ = ["FrameworkInputs"]


@attrs.frozen
class FrameworkInputs:
    """What the framework's rules read: the framework, and the members (whose notice a new
    notice policy must not move, M2)."""

    framework: FrameworkState
    membership: MembershipState
