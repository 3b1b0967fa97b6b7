"""The rotating chair of the strategic group (G2): who may take it, who is next, a rotation."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hom_core.domain.calendar import end_after_terms
from hom_core.domain.governance.checks import _require_formed
from hom_core.domain.governance.commands import RotateChair
from hom_core.domain.governance.events import ChairTookOffice
from hom_core.domain.membership.state import Member
from hom_core.domain.membership.vocabulary import Role
from hom_core.errors import RuleViolation

if TYPE_CHECKING:
    from hom_core.domain.state import PartnershipState


def chair_candidates(state: PartnershipState, day: date) -> list[Member]:
    """G2: the schools that may take the chair on ``day``, in rotation order.

    Member schools (not other kinds of member), not under notice on ``day``. The order is the
    policy's ``chair_order`` where it lists them, then the others in order of joining (the
    default order when the policy lists none).
    """
    candidates = []
    for member in state.membership.on(day):
        membership = member.membership_on(day)
        if member.kind.is_school and membership is not None and not membership.under_notice_on(day):
            candidates.append(member)
    candidates.sort(key=lambda member: _rotation_key(state, member, day))
    return candidates


def _rotation_key(state: PartnershipState, member: Member, day: date) -> tuple[int, int, date, int]:
    """Where ``member`` stands in the rotation on ``day`` (also for a school that has left)."""
    order = state.framework.policies_on(day).chair_order
    first_joined = list(state.membership.members).index(member.member_id)
    if member.member_id in order:
        return 0, order.index(member.member_id), date.min, first_joined
    joined = max(
        (period.joined_on for period in member.memberships if period.joined_on <= day),
        default=date.max,
    )
    return 1, 0, joined, first_joined


def pick_chair(state: PartnershipState, day: date) -> Member | None:
    """G2: the school a rotation on ``day`` passes the chair to, or ``None`` if none can take it.

    The next candidate after the current chair's school in rotation order, wrapping round;
    the first candidate when nobody has chaired yet.
    """
    candidates = chair_candidates(state, day)
    if not candidates:
        return None
    office = state.governance.office_on(day)
    previous = None if office is None else state.membership.members.get(office.member_id)
    if previous is None:
        return candidates[0]
    after = _rotation_key(state, previous, day)
    for member in candidates:
        if _rotation_key(state, member, day) > after:
            return member
    return candidates[0]


def decide_rotate(command: RotateChair, state: PartnershipState) -> list[object]:
    """G2: the next school in turn takes the chair for the policy's term of office."""
    _require_formed(state, "G2", command.on)
    chairs = state.governance.chairs
    last = chairs[-1] if chairs else None
    if last is not None and command.on <= last.from_date:
        raise RuleViolation(
            "G2",
            f"the chair last rotated on {last.from_date}: a rotation must come after it",
        )
    if last is not None and command.on <= last.until and not command.early:
        candidates = {member.member_id: member for member in chair_candidates(state, command.on)}
        school = candidates.get(last.member_id)
        if school is not None:
            raise RuleViolation(
                "G2",
                f"the head of {school.name} chairs until {last.until}: rotate after that, or "
                "give early=True for an early handover the strategic group agreed",
            )
    chosen = pick_chair(state, command.on)
    if chosen is None:
        raise RuleViolation(
            "G2",
            f"no member school can take the chair on {command.on}: every school is under notice "
            "or there are none",
        )
    head = chosen.holder_on(Role.HEAD, command.on)
    if head is None:
        raise RuleViolation(
            "G2",
            f"{chosen.name} has no headteacher recorded on {command.on}: record one with "
            "AppointRoleHolder(..., Role.HEAD, ...) first",
        )
    framework = state.framework
    terms = framework.policies_on(command.on).chair_term_terms
    until = end_after_terms(framework.calendar, command.on, terms)
    return [ChairTookOffice(chosen.member_id, head, command.on, until)]
