"""The membership commands and how each is decided (M1-M3, C3, C4)."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.checks import formed, known_member, member_on
from hom_core.domain.membership.events import (
    MemberJoined,
    NoticeGiven,
    NoticeWithdrawn,
    OfstedOutcomePublished,
    RoleHolderAppointed,
    UrnChanged,
)
from hom_core.domain.membership.inputs import MembershipInputs
from hom_core.domain.membership.vocabulary import OfstedOutcome, OrganisationKind, Role
from hom_core.domain.values import Urn
from hom_core.errors import RuleViolation
from hom_core.people import PersonId

__all__ = [
    "AppointRoleHolder",
    "ChangeUrn",
    "GiveNotice",
    "JoinPartnership",
    "RecordOfstedOutcome",
    "WithdrawNotice",
]


@attrs.frozen
class JoinPartnership:
    """M1: sign the agreement: for the school its head and chair of governors, for the
    partnership its chairperson, on ``signed_on``. Also used to rejoin after leaving (M3).

    A member that is not a school (``kind.is_school`` is false: the council, a business, a
    college, a partnership...) gives ``head=None, chair_of_governors=None``, or either person
    if it has one to record; a school must give both.
    """

    member_id: str
    name: str
    kind: OrganisationKind
    head: PersonId | None
    chair_of_governors: PersonId | None
    partnership_chair: PersonId
    signed_on: date
    urn: Urn | None = None


def _missing_signature(command: JoinPartnership) -> str | None:
    """M1: whose signature the agreement lacks, if anyone's: the partnership's chairperson's
    for every member, the headteacher's and chair of governors' for a school."""
    school = (("headteacher", command.head), ("chair of governors", command.chair_of_governors))
    signatures = (
        *(school if command.kind.is_school else ()),
        ("partnership chairperson", command.partnership_chair),
    )
    return next((role for role, person in signatures if not person), None)


@decides(JoinPartnership)
def decide_join(command: JoinPartnership, inputs: MembershipInputs) -> list[object]:
    """M1 (and M3 for a rejoin): the signatures (three for a school, the partnership
    chairperson's for another kind of member), a date, and not a member already."""
    formed(inputs, "M1")
    if not isinstance(command.signed_on, date) or isinstance(command.signed_on, datetime):
        raise RuleViolation(
            "M1",
            f"the agreement for {command.name} needs the date it was signed, as a date such as "
            f"date(2013, 7, 10), not {command.signed_on!r}",
        )
    formed(inputs, "M1", command.signed_on, f"{command.name}'s signature")
    missing = _missing_signature(command)
    if missing is not None:
        raise RuleViolation(
            "M1",
            f"the agreement for {command.name} lacks the signature of the {missing}: a school "
            "signs by its headteacher and chair of governors, and every member's agreement by "
            "the partnership's chairperson",
        )
    if not command.member_id or not command.name.strip():
        raise RuleViolation("M1", "a member needs a member_id and a name")
    member = inputs.membership.members.get(command.member_id)
    if member is not None:
        for membership in member.memberships:
            if membership.leaves_on is None or membership.leaves_on >= command.signed_on:
                raise RuleViolation(
                    "M1",
                    f"{member.name} joined on {membership.joined_on} and is still a member on "
                    f"{command.signed_on}: joining twice is an error (a school may rejoin only "
                    "after its leaving date, M3)",
                )
    return [
        MemberJoined(
            command.member_id,
            command.name.strip(),
            command.kind,
            command.urn,
            command.head or None,
            command.chair_of_governors or None,
            command.partnership_chair,
            command.signed_on,
        )
    ]


@attrs.frozen
class GiveNotice:
    """M2: formal written notice to leave, received by the strategic group on ``received_on``."""

    member_id: str
    received_on: date


@decides(GiveNotice)
def decide_notice(command: GiveNotice, inputs: MembershipInputs) -> list[object]:
    """M2: a member gives notice once; the leaving date follows the notice policy in force."""
    member = member_on(inputs, command.member_id, command.received_on, "M2")
    membership = member.membership_on(command.received_on)
    assert membership is not None
    if membership.leaves_on is not None:
        raise RuleViolation(
            "M2",
            f"{member.name} already gave notice on {membership.notice_received_on} and leaves "
            f"on {membership.leaves_on}: withdraw that notice first to give it again",
        )
    framework = inputs.framework
    policy = framework.policies_on(command.received_on).notice
    leaves_on = policy.leaving_date(framework.calendar, command.received_on)
    return [NoticeGiven(command.member_id, command.received_on, leaves_on)]


@attrs.frozen
class WithdrawNotice:
    """M2: withdraw notice before it takes effect (when the notice policy allows)."""

    member_id: str
    withdrawn_on: date


@decides(WithdrawNotice)
def decide_withdraw(command: WithdrawNotice, inputs: MembershipInputs) -> list[object]:
    """M2: notice can be withdrawn before it takes effect, if the notice policy in force when
    the notice was received allows it (a policy adopted later does not change the terms on
    which notice was given)."""
    member = member_on(inputs, command.member_id, command.withdrawn_on, "M2")
    membership = member.membership_on(command.withdrawn_on)
    assert membership is not None
    if (
        membership.notice_received_on is None
        or membership.notice_received_on > command.withdrawn_on
    ):
        raise RuleViolation(
            "M2", f"{member.name} has no notice to withdraw on {command.withdrawn_on}"
        )
    if membership is not member.memberships[-1]:
        raise RuleViolation(
            "M2",
            f"{member.name}'s notice took effect on {membership.leaves_on} and it has rejoined "
            "since (M3): a notice cannot be withdrawn after it took effect",
        )
    policy = inputs.framework.policies_on(membership.notice_received_on).notice
    if not policy.withdrawable:
        raise RuleViolation(
            "M2",
            f"the notice policy in force when {member.name}'s notice was received, on "
            f"{membership.notice_received_on}, was not withdrawable (withdrawable=False): the "
            "notice stands; let the school rejoin after it leaves (M3)",
        )
    return [NoticeWithdrawn(command.member_id, command.withdrawn_on)]


@attrs.frozen
class ChangeUrn:
    """C3: the school has a new URN from ``from_date``."""

    member_id: str
    urn: Urn
    from_date: date


@decides(ChangeUrn)
def decide_urn(command: ChangeUrn, inputs: MembershipInputs) -> list[object]:
    """C3: a new URN for the same member, from a date after its last change."""
    member = known_member(inputs, command.member_id, "C3")
    if member.urn_on(command.from_date) == command.urn:
        raise RuleViolation("C3", f"{member.name} already has URN {command.urn} then")
    if member.urns and command.from_date <= member.urns[-1][0]:
        raise RuleViolation(
            "C3",
            f"{member.name}'s URN last changed on {member.urns[-1][0]}: a new URN must take "
            "effect after that",
        )
    return [UrnChanged(command.member_id, command.urn, command.from_date)]


@attrs.frozen
class AppointRoleHolder:
    """G3: record who holds a role (deputy head, staff representative...) at a member school."""

    member_id: str
    role: Role
    person: PersonId
    from_date: date


@decides(AppointRoleHolder)
def decide_role(command: AppointRoleHolder, inputs: MembershipInputs) -> list[object]:
    """G3: role holders are recorded for members only, by their person id."""
    member_on(inputs, command.member_id, command.from_date, "G3")
    if not command.person:
        raise RuleViolation("G3", "give the person id of the role holder")
    return [RoleHolderAppointed(command.member_id, command.role, command.person, command.from_date)]


@attrs.frozen
class RecordOfstedOutcome:
    """C4: record an Ofsted outcome as published."""

    member_id: str
    outcome: OfstedOutcome


@decides(RecordOfstedOutcome)
def decide_ofsted(command: RecordOfstedOutcome, inputs: MembershipInputs) -> list[object]:
    """C4: store what was published, with its date and scale."""
    known_member(inputs, command.member_id, "C4")
    if not command.outcome.scale or not command.outcome.grades:
        raise RuleViolation("C4", "an Ofsted outcome needs its scale and what was published")
    return [OfstedOutcomePublished(command.member_id, command.outcome)]


# -- checks of recorded facts, read in effective-date order (R2) -----------------------------


@checks(MemberJoined)
def check_joined(event: MemberJoined, inputs: MembershipInputs) -> None:
    """M1, R2: the member still joins a formed partnership once, on the day it signed."""
    decide_join(
        JoinPartnership(
            event.member_id,
            event.name,
            event.kind,
            event.head,
            event.chair_of_governors,
            event.partnership_chair,
            event.signed_on,
            event.urn,
        ),
        inputs,
    )


@checks(NoticeGiven)
def check_notice(event: NoticeGiven, inputs: MembershipInputs) -> None:
    """M2, R2: the notice still comes from a member not already under notice. Its leaving date
    is the one fixed when it was received: it is not worked out again."""
    decide_notice(GiveNotice(event.member_id, event.received_on), inputs)


@checks(NoticeWithdrawn)
def check_withdrawn(event: NoticeWithdrawn, inputs: MembershipInputs) -> None:
    """M2, R2: there is still a notice to withdraw, under the policy it was received on."""
    decide_withdraw(WithdrawNotice(event.member_id, event.withdrawn_on), inputs)


@checks(RoleHolderAppointed)
def check_role(event: RoleHolderAppointed, inputs: MembershipInputs) -> None:
    """G3, R2: the role is still held at a member on the day."""
    decide_role(
        AppointRoleHolder(event.member_id, event.role, event.person, event.from_date), inputs
    )
