"""The checks governance decisions share: the partnership is formed, a member is one that day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hom_core.domain.checks import member_on
from hom_core.domain.membership.state import Member
from hom_core.errors import RuleViolation

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


def _require_formed(state: PartnershipState, rule: str, day: date) -> None:
    formed_on = state.framework.formed_on
    if formed_on is None:
        raise RuleViolation(
            rule, "the partnership has not been formed yet: give FormPartnership first"
        )
    if day < formed_on:
        raise RuleViolation(
            rule, f"{day} is before the partnership was formed on {formed_on}: check the date"
        )


def _member_on(state: PartnershipState, member_id: str, day: date, rule: str) -> Member:
    return member_on(state, member_id, day, rule, then=None)
