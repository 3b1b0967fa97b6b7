"""The rotating chair of the strategic group (G2): who may take it, who is next, a rotation."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.calendar import end_after_terms
from hom_core.domain.checks import formed
from hom_core.domain.governance.events import ChairTookOffice
from hom_core.domain.governance.inputs import GovernanceInputs
from hom_core.domain.membership.state import Member
from hom_core.domain.membership.vocabulary import Role
from hom_core.errors import RuleViolation
from hom_core.people import PersonId


def chair_candidates(inputs: GovernanceInputs, day: date) -> list[Member]:
    """G2: the schools that may take the chair on ``day``, in rotation order.

    Member schools (not other kinds of member), not under notice on ``day``. The order is the
    policy's ``chair_order`` where it lists them, then the others in order of joining (the
    default order when the policy lists none).
    """
    candidates = []
    for member in inputs.membership.on(day):
        membership = member.membership_on(day)
        if member.kind.is_school and membership is not None and not membership.under_notice_on(day):
            candidates.append(member)
    candidates.sort(key=lambda member: _rotation_key(inputs, member, day))
    return candidates


def _rotation_key(
    inputs: GovernanceInputs, member: Member, day: date
) -> tuple[int, int, date, int]:
    """Where ``member`` stands in the rotation on ``day`` (also for a school that has left)."""
    order = inputs.framework.policies_on(day).chair_order
    first_joined = list(inputs.membership.members).index(member.member_id)
    if member.member_id in order:
        return 0, order.index(member.member_id), date.min, first_joined
    joined = max(
        (period.joined_on for period in member.memberships if period.joined_on <= day),
        default=date.max,
    )
    return 1, 0, joined, first_joined


def pick_chair(inputs: GovernanceInputs, day: date) -> Member | None:
    """G2: the school a rotation on ``day`` passes the chair to, or ``None`` if none can take it.

    The next candidate after the current chair's school in rotation order, wrapping round;
    the first candidate when nobody has chaired yet.
    """
    candidates = chair_candidates(inputs, day)
    if not candidates:
        return None
    office = inputs.governance.office_on(day)
    previous = None if office is None else inputs.membership.members.get(office.member_id)
    if previous is None:
        return candidates[0]
    after = _rotation_key(inputs, previous, day)
    for member in candidates:
        if _rotation_key(inputs, member, day) > after:
            return member
    return candidates[0]


@attrs.frozen
class RotateChair:
    """G2: pass the chair of the strategic group to the next school in turn, from ``on``.

    The rotation waits for the chair's term of office to end; ``early=True`` records an early
    handover the strategic group agreed (a handover is never early when the chair's school is
    under notice or has left).
    """

    on: date
    early: bool = False


@decides(RotateChair)
def decide_rotate(command: RotateChair, inputs: GovernanceInputs) -> list[object]:
    """G2: the next school in turn takes the chair for the policy's term of office."""
    formed(inputs, "G2", command.on)
    chairs = inputs.governance.chairs
    last = chairs[-1] if chairs else None
    if last is not None and command.on <= last.from_date:
        raise RuleViolation(
            "G2",
            f"the chair last rotated on {last.from_date}: a rotation must come after it",
        )
    if last is not None and command.on <= last.until and not command.early:
        candidates = {member.member_id: member for member in chair_candidates(inputs, command.on)}
        school = candidates.get(last.member_id)
        if school is not None:
            raise RuleViolation(
                "G2",
                f"the head of {school.name} chairs until {last.until}: rotate after that, or "
                "give early=True for an early handover the strategic group agreed",
            )
    chosen = pick_chair(inputs, command.on)
    if chosen is None:
        raise RuleViolation(
            "G2",
            f"no member school can take the chair on {command.on}: every school is under notice "
            "or there are none",
        )
    framework = inputs.framework
    terms = framework.policies_on(command.on).chair_term_terms
    until = end_after_terms(framework.calendar, command.on, terms)
    return [ChairTookOffice(chosen.member_id, _head(chosen, command.on), command.on, until)]


def _head(school: Member, day: date) -> PersonId:
    """G2: the head of ``school`` on ``day``, who takes the chair."""
    head = school.holder_on(Role.HEAD, day)
    if head is None:
        raise RuleViolation(
            "G2",
            f"{school.name} has no headteacher recorded on {day}: record one with "
            "AppointRoleHolder(..., Role.HEAD, ...) first",
        )
    return head


@checks(ChairTookOffice)
def check_chair(event: ChairTookOffice, inputs: GovernanceInputs) -> None:
    """G2, R2: the school that took the chair could still take it on the day (a member school
    not under notice, in a formed partnership) and had a head then. Which school the rotation
    chose and the end of its term are kept as recorded: a rotation is not made again."""
    formed(inputs, "G2", event.from_date)
    school = next(
        (
            each
            for each in chair_candidates(inputs, event.from_date)
            if each.member_id == event.member_id
        ),
        None,
    )
    if school is None:
        raise RuleViolation(
            "G2",
            f"{event.member_id!r} cannot take the chair on {event.from_date}: only a member "
            "school not under notice takes the chair",
        )
    _head(school, event.from_date)
