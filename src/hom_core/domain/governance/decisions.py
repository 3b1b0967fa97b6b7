"""Democratic decisions of the strategic group (G6): one member school, one vote, a quorum."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from hom_core.domain.governance.checks import _member_on, _require_formed
from hom_core.domain.governance.commands import TakeDecision
from hom_core.domain.governance.events import DecisionTaken
from hom_core.domain.governance.vocabulary import Vote
from hom_core.domain.membership.state import Member
from hom_core.errors import RuleViolation

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


def member_schools(state: PartnershipState, day: date) -> list[Member]:
    """G6: the member schools on ``day`` (members of other kinds have no vote)."""
    return [member for member in state.membership.on(day) if member.kind.is_school]


def decide_decision(command: TakeDecision, state: PartnershipState) -> list[object]:
    """G6: only member schools vote, once each, and at least the quorum of them must vote."""
    _require_formed(state, "G6", command.taken_on)
    if not command.decision_id or not command.motion.strip():
        raise RuleViolation("G6", "a decision needs a decision_id and a motion")
    if any(taken.decision_id == command.decision_id for taken in state.governance.decisions):
        raise RuleViolation(
            "G6", f"decision {command.decision_id!r} is already recorded: use a new id"
        )
    day = command.taken_on
    seen: set[str] = set()
    for member_id, vote in command.votes:
        member = _member_on(state, member_id, day, "G6")
        if not member.kind.is_school:
            raise RuleViolation(
                "G6",
                f"{member.name} is a {member.kind.value} member, not a school: one member school, "
                "one vote",
            )
        if not isinstance(vote, Vote):
            raise RuleViolation(
                "G6", f"{member.name}'s vote {vote!r} is not a Vote (FOR, AGAINST or ABSTAIN)"
            )
        if member_id in seen:
            raise RuleViolation("G6", f"{member.name} voted twice: one member school, one vote")
        seen.add(member_id)
    schools = len(member_schools(state, day))
    quorum = state.framework.policies_on(day).quorum
    if schools == 0 or Decimal(len(seen)) < quorum * schools:
        raise RuleViolation(
            "G6",
            f"{len(seen)} of {schools} member schools voted on {day}, fewer than the quorum of "
            f"{quorum:%} of them: the decision does not stand without more votes",
        )
    votes = tuple((member_id, vote) for member_id, vote in command.votes)
    carried = sum(v is Vote.FOR for _, v in votes) > sum(v is Vote.AGAINST for _, v in votes)
    return [
        DecisionTaken(command.decision_id, command.motion.strip(), day, votes, schools, carried)
    ]
