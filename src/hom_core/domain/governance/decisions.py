"""Democratic decisions of the strategic group (G6): one member school, one vote, a quorum."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.checks import formed, member_on
from hom_core.domain.governance.events import DecisionTaken
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.governance.vocabulary import Vote
from hom_core.domain.membership.state import Member
from hom_core.errors import RuleViolation


def member_schools(inputs: GovernanceInputs, day: date) -> list[Member]:
    """G6: the member schools on ``day`` (members of other kinds have no vote)."""
    return [member for member in inputs.membership.on(day) if member.kind.is_school]


@attrs.frozen
class TakeDecision:
    """G6: the strategic group decides on ``motion``, one member school one vote.

    ``votes`` holds ``(member_id, Vote)`` pairs, one per member school that voted.
    """

    decision_id: str
    motion: str
    taken_on: date
    votes: tuple[tuple[str, Vote], ...]


@decides(TakeDecision)
def decide_decision(command: TakeDecision, inputs: GovernanceInputs) -> list[object]:
    """G6: only member schools vote, once each, and at least the quorum of them must vote."""
    formed(inputs, "G6", command.taken_on)
    if not command.decision_id or not command.motion.strip():
        raise RuleViolation("G6", "a decision needs a decision_id and a motion")
    if any(taken.decision_id == command.decision_id for taken in inputs.governance.decisions):
        raise RuleViolation(
            "G6", f"decision {command.decision_id!r} is already recorded: use a new id"
        )
    day = command.taken_on
    seen: set[str] = set()
    for member_id, vote in command.votes:
        member = member_on(inputs, member_id, day, "G6", then=None)
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
    schools = len(member_schools(inputs, day))
    quorum = inputs.framework.policies_on(day).quorum
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


@checks(DecisionTaken)
def check_decision(event: DecisionTaken, inputs: GovernanceInputs) -> None:
    """G6, R2: every vote was still cast by a member on the day. The count of member schools
    and whether the motion carried are kept as recorded: a decision taken is not taken again."""
    for member_id, _ in event.votes:
        member_on(inputs, member_id, event.taken_on, "G6", then=None)
