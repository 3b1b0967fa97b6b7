"""The Strategic Education Partnership (MAN10, MAN11): led by the city council, chaired by the
Leader of the Council; its events, state, decisions and view.

The core's roles (:class:`~hom_core.domain.Role`) are those of a school, so the pack records who
is the Leader of a council member itself (:class:`RecordCouncilLeader`).
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.application import PartnershipView
from hom_core.decider import decides, evolves, obliges
from hom_core.domain import OrganisationKind
from hom_core.domain.checks import ReadsMembership
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.history import in_order
from hom_core.domain.membership.state import Member, MembershipState
from hom_core.errors import RuleViolation
from hom_core.obligations import WINDOW, Obligation, Responsibility
from hom_core.people import PersonId
from hom_plugins.packs.manchester.checks import after, member_on, named, on_day

__all__ = [
    "AppointSepChair",
    "CouncilLeaderRecorded",
    "EstablishSep",
    "RecordCouncilLeader",
    "SepChairAppointed",
    "SepEstablished",
    "SepInputs",
    "SepView",
    "StrategicEducationPartnership",
    "chair_is_the_leader",
]


# -- events ----------------------------------------------------------------------------------


@attrs.frozen
class SepEstablished:
    """MAN10: the SEP was established, led by the council member ``council_member_id``."""

    council_member_id: str
    established_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.established_on


@attrs.frozen
class CouncilLeaderRecorded:
    """MAN11: ``person`` is the Leader of the council member ``member_id`` from ``from_date``."""

    member_id: str
    person: PersonId
    from_date: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.from_date


@attrs.frozen
class SepChairAppointed:
    """MAN11: ``person``, the Leader of the Council, chairs the SEP from ``from_date``."""

    person: PersonId
    from_date: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.from_date


# -- state -----------------------------------------------------------------------------------


@attrs.frozen
class StrategicEducationPartnership:
    """The SEP's establishment, the Leaders of council members and the SEP's chairs, in date
    order."""

    established: SepEstablished | None = None
    leaders: tuple[CouncilLeaderRecorded, ...] = ()
    chairs: tuple[SepChairAppointed, ...] = ()

    def leader_on(self, member_id: str, day: date) -> CouncilLeaderRecorded | None:
        """MAN11: the Leader of the council member ``member_id`` on ``day``."""
        current = None
        for record in self.leaders:
            if record.member_id == member_id and record.from_date <= day:
                current = record
        return current

    def leader_settled_on(self, member_id: str) -> date | None:
        """The last day the Leader of council member ``member_id`` was settled: its latest
        Leader record or, for the SEP's council, the latest appointment of the SEP's chair
        (checked against the Leader of that day). A new Leader takes office after it."""
        days = [record.from_date for record in self.leaders if record.member_id == member_id]
        if self.established is not None and self.established.council_member_id == member_id:
            days += [chair.from_date for chair in self.chairs]
        return max(days, default=None)

    def chair_on(self, day: date) -> SepChairAppointed | None:
        """MAN11: who chairs the SEP on ``day``."""
        current = None
        for chair in self.chairs:
            if chair.from_date <= day:
                current = chair
        return current


@attrs.frozen
class SepInputs:
    """What the rules of the SEP (MAN10, MAN11) read: the framework (formation), the
    alliance's members and the SEP."""

    framework: FrameworkState
    membership: MembershipState
    sep: StrategicEducationPartnership


@evolves(SepEstablished, "manchester.sep_established")
def _established(
    sep: StrategicEducationPartnership, event: SepEstablished
) -> StrategicEducationPartnership:
    return attrs.evolve(sep, established=event)


@evolves(CouncilLeaderRecorded, "manchester.council_leader_recorded")
def _leader(
    sep: StrategicEducationPartnership, event: CouncilLeaderRecorded
) -> StrategicEducationPartnership:
    leaders = in_order(
        sep.leaders, event, lambda r: r.from_date, lambda r: (r.member_id, r.from_date)
    )
    return attrs.evolve(sep, leaders=leaders)


@evolves(SepChairAppointed, "manchester.sep_chair_appointed")
def _chair(
    sep: StrategicEducationPartnership, event: SepChairAppointed
) -> StrategicEducationPartnership:
    return attrs.evolve(sep, chairs=in_order(sep.chairs, event, lambda c: c.from_date))


# -- commands, and how each is decided -----------------------------------------------------


def _council(given: ReadsMembership, member_id: str, day: date, rule: str) -> Member:
    member = member_on(given, member_id, day, rule)
    if member.kind is not OrganisationKind.COUNCIL:
        raise RuleViolation(rule, f"{member.name} is a {member.kind.value} member, not the council")
    return member


@attrs.frozen
class EstablishSep:
    """MAN10: establish the SEP, led by the council member ``council_member_id`` (once)."""

    council_member_id: str
    established_on: date


@decides(EstablishSep)
def decide_establish(command: EstablishSep, inputs: SepInputs) -> list[object]:
    """MAN10: one SEP, led by a council that is a member of the alliance."""
    day = on_day(inputs, command.established_on, "MAN10", "the SEP")
    if inputs.sep.established is not None:
        raise RuleViolation(
            "MAN10", f"the SEP was established already, on {inputs.sep.established.established_on}"
        )
    council = _council(inputs, command.council_member_id, day, "MAN10")
    return [SepEstablished(council.member_id, day)]


@attrs.frozen
class RecordCouncilLeader:
    """MAN11: record that ``person`` is the Leader of the council member from ``from_date``."""

    member_id: str
    person: PersonId
    from_date: date


@decides(RecordCouncilLeader)
def decide_leader(command: RecordCouncilLeader, inputs: SepInputs) -> list[object]:
    """MAN11: a council member's Leader, recorded in date order, a change of person each time;
    for the SEP's council, after its chair's appointment (checked against the Leader then)."""
    day = on_day(inputs, command.from_date, "MAN11", "a Leader of the Council")
    council = _council(inputs, command.member_id, day, "MAN11")
    named(command.person, "MAN11", "Leader of the Council")
    after(inputs.sep.leader_settled_on(council.member_id), day, "MAN11", f"{council.name}'s Leader")
    current = inputs.sep.leader_on(council.member_id, day)
    if current is not None and current.person == command.person:
        raise RuleViolation(
            "MAN11", f"that person leads {council.name} already, since {current.from_date}"
        )
    return [CouncilLeaderRecorded(council.member_id, command.person, day)]


@attrs.frozen
class AppointSepChair:
    """MAN11: ``person`` chairs the SEP from ``from_date``; they must be the Leader of the
    Council that leads it on that day."""

    person: PersonId
    from_date: date


@decides(AppointSepChair)
def decide_chair(command: AppointSepChair, inputs: SepInputs) -> list[object]:
    """MAN11: the SEP is chaired by the Leader of the Council that leads it, on the day."""
    day = on_day(inputs, command.from_date, "MAN11", "a chair of the SEP")
    named(command.person, "MAN11", "chair of the SEP")
    established = inputs.sep.established
    if established is None or established.established_on > day:
        raise RuleViolation("MAN11", f"there is no SEP on {day} to chair: give EstablishSep first")
    council = _council(inputs, established.council_member_id, day, "MAN11")
    after(
        inputs.sep.chairs[-1].from_date if inputs.sep.chairs else None,
        day,
        "MAN11",
        "the SEP's chair",
    )
    leader = inputs.sep.leader_on(council.member_id, day)
    if leader is None:
        raise RuleViolation(
            "MAN11",
            f"no Leader of {council.name} is recorded on {day}: the SEP is chaired by the Leader "
            "of the Council (give RecordCouncilLeader first)",
        )
    if leader.person != command.person:
        raise RuleViolation(
            "MAN11",
            f"the SEP is chaired by the Leader of the Council, who on {day} is {leader.person!r} "
            f"(since {leader.from_date}), not {command.person!r}",
        )
    chair = inputs.sep.chair_on(day)
    if chair is not None and chair.person == command.person:
        raise RuleViolation("MAN11", f"that person chairs the SEP already, since {chair.from_date}")
    return [SepChairAppointed(command.person, day)]


@obliges
def chair_is_the_leader(inputs: SepInputs, day: date) -> list[Obligation]:
    """MAN11: each new Leader of the SEP's council is appointed the SEP's chair (done: the day
    the appointment takes effect); a Leader who already chairs it asks nothing."""
    sep = inputs.sep
    if sep.established is None:
        return []
    council = inputs.membership.members.get(sep.established.council_member_id)
    name = sep.established.council_member_id if council is None else council.name
    found = []
    for leader in sep.leaders:
        if leader.member_id != sep.established.council_member_id:
            continue
        chair = sep.chair_on(leader.from_date)
        if chair is not None and chair.person == leader.person:
            continue
        appointed = [
            each.from_date
            for each in sep.chairs
            if each.person == leader.person and each.from_date >= leader.from_date
        ]
        found.append(
            Obligation(
                "MAN11",
                f"sep-chair/{leader.from_date}",
                f"Appoint the new Leader of {name} chair of the Strategic Education Partnership",
                leader.from_date,
                leader.from_date + WINDOW,
                "alliance",
                "AppointSepChair",
                min(appointed, default=None),
                role=Responsibility("alliance"),
            )
        )
    return found


# -- view ------------------------------------------------------------------------------------


@attrs.frozen
class SepView:
    """The SEP as of the view's day."""

    partnership: PartnershipView
    sep: StrategicEducationPartnership

    def council(self) -> Member | None:
        """MAN10: the council that leads the SEP, once it is established (by the day)."""
        established = self.sep.established
        if established is None or established.established_on > self.partnership.day:
            return None
        return self.partnership.state.membership.members[established.council_member_id]

    def leader(self) -> CouncilLeaderRecorded | None:
        """MAN11: the Leader of that council on the day, if recorded."""
        council = self.council()
        return (
            None if council is None else self.sep.leader_on(council.member_id, self.partnership.day)
        )

    def chair(self) -> SepChairAppointed | None:
        """MAN11: who chairs the SEP on the day."""
        return self.sep.chair_on(self.partnership.day)

    def chair_needs_replacing(self) -> str | None:
        """MAN11: why the chair on the day is not the Leader of the Council (a new Leader took
        office and has not been appointed chair, or no chair yet), or ``None`` when all is well
        or no Leader is recorded to compare with."""
        leader, chair = self.leader(), self.chair()
        if leader is None or (chair is not None and chair.person == leader.person):
            return None
        name = self.partnership.name_of
        if chair is None:
            return f"the SEP has no chair: appoint the Leader of the Council, {name(leader.person)}"
        return (
            f"{name(chair.person)} chairs the SEP, but the Leader of the Council is "
            f"{name(leader.person)}: appoint the Leader as chair"
        )
