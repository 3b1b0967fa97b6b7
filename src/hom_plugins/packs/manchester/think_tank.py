"""The education think tank (MAN8, MAN9): one representative per sector at a time, each from a
member of the alliance, replaced over time; its events, state, decisions and view."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.application import PartnershipView
from hom_core.decider import checks, decides, evolves
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.history import in_order
from hom_core.domain.membership.state import Member, MembershipState
from hom_core.errors import RuleViolation
from hom_core.people import PersonId
from hom_plugins.packs.manchester.checks import after, member_on, named, on_day
from hom_plugins.packs.manchester.vocabulary import Sector

__all__ = [
    "AppointRepresentative",
    "Representative",
    "RepresentativeAppointed",
    "RepresentativeStoodDown",
    "Seat",
    "StandDownRepresentative",
    "ThinkTank",
    "ThinkTankInputs",
    "ThinkTankView",
]


# -- events ----------------------------------------------------------------------------------


@attrs.frozen
class RepresentativeAppointed:
    """MAN8, MAN9: ``person``, from member ``member_id``, represents ``sector`` from
    ``from_date`` (replacing whoever did before)."""

    sector: Sector
    person: PersonId
    member_id: str
    from_date: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.from_date


@attrs.frozen
class RepresentativeStoodDown:
    """MAN9: ``person`` stood down; ``sector`` has no representative from ``from_date``."""

    sector: Sector
    person: PersonId
    from_date: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.from_date


# -- state -----------------------------------------------------------------------------------


@attrs.frozen
class Seat:
    """From ``from_date`` the sector is represented by ``person`` of ``member_id`` (both
    ``None``: nobody represents it)."""

    sector: Sector
    from_date: date
    person: PersonId | None = None
    member_id: str | None = None


@attrs.frozen
class ThinkTank:
    """Every change of representative, in date order."""

    seats: tuple[Seat, ...] = ()

    def history(self, sector: Sector) -> list[Seat]:
        """Everyone who has represented ``sector`` and every vacancy, in date order."""
        return [seat for seat in self.seats if seat.sector is sector]

    def last_change(self, sector: Sector) -> date | None:
        """The date of the latest change of ``sector``'s representative, if any."""
        history = self.history(sector)
        return history[-1].from_date if history else None

    def seat_on(self, sector: Sector, day: date) -> Seat | None:
        """MAN9: the one seat in force for ``sector`` on ``day`` (vacant or not), if any."""
        current = None
        for seat in self.history(sector):
            if seat.from_date <= day:
                current = seat
        return current


def _seated(think_tank: ThinkTank, seat: Seat) -> ThinkTank:
    seats = in_order(
        think_tank.seats, seat, lambda s: s.from_date, lambda s: (s.sector, s.from_date)
    )
    return ThinkTank(seats)


@attrs.frozen
class ThinkTankInputs:
    """What the rules of the think tank (MAN8, MAN9) read: the framework (formation), the
    alliance's members and the think tank."""

    framework: FrameworkState
    membership: MembershipState
    think_tank: ThinkTank


@evolves(RepresentativeAppointed, "manchester.representative_appointed")
def _appointed(think_tank: ThinkTank, event: RepresentativeAppointed) -> ThinkTank:
    return _seated(think_tank, Seat(event.sector, event.from_date, event.person, event.member_id))


@evolves(RepresentativeStoodDown, "manchester.representative_stood_down")
def _stood_down(think_tank: ThinkTank, event: RepresentativeStoodDown) -> ThinkTank:
    return _seated(think_tank, Seat(event.sector, event.from_date))


# -- commands, and how each is decided -----------------------------------------------------


def _sector(value: object) -> Sector:
    if not isinstance(value, Sector):
        raise RuleViolation(
            "MAN8",
            f"{value!r} is not a sector of the think tank: use one of "
            f"{', '.join(f'Sector.{sector.name}' for sector in Sector)}",
        )
    return value


@attrs.frozen
class AppointRepresentative:
    """MAN8, MAN9: ``person`` from member ``member_id`` represents ``sector`` from
    ``from_date``; a current representative is replaced from that day."""

    sector: Sector
    person: PersonId
    member_id: str
    from_date: date


@decides(AppointRepresentative)
def decide_appoint(command: AppointRepresentative, inputs: ThinkTankInputs) -> list[object]:
    """MAN8: a member of the alliance of a kind the sector draws on; MAN9: one representative
    per sector at a time, changes in date order."""
    sector = _sector(command.sector)
    day = on_day(inputs, command.from_date, "MAN8", "a think tank appointment")
    named(command.person, "MAN8", f"{sector.label} representative")
    member = member_on(inputs, command.member_id, day, "MAN8")
    if member.kind not in sector.kinds:
        kinds = ", ".join(sorted(kind.value for kind in sector.kinds))
        raise RuleViolation(
            "MAN8",
            f"{member.name} is a {member.kind.value} member: {sector.label} is represented from "
            f"a member of kind {kinds}",
        )
    after(inputs.think_tank.last_change(sector), day, "MAN9", f"the {sector.label} seat")
    current = inputs.think_tank.seat_on(sector, day)
    if current is not None and current.person == command.person:
        raise RuleViolation(
            "MAN9", f"that person represents {sector.label} already, since {current.from_date}"
        )
    return [RepresentativeAppointed(sector, command.person, member.member_id, day)]


@attrs.frozen
class StandDownRepresentative:
    """MAN9: the sector's representative stands down; nobody represents it from ``from_date``."""

    sector: Sector
    from_date: date


@decides(StandDownRepresentative)
def decide_stand_down(command: StandDownRepresentative, inputs: ThinkTankInputs) -> list[object]:
    """MAN9: the sector has a representative to stand down, and changes are in date order."""
    sector = _sector(command.sector)
    day = on_day(inputs, command.from_date, "MAN9", "standing down")
    after(inputs.think_tank.last_change(sector), day, "MAN9", f"the {sector.label} seat")
    current = inputs.think_tank.seat_on(sector, day)
    if current is None or current.person is None:
        raise RuleViolation("MAN9", f"nobody represents {sector.label} on {day}")
    return [RepresentativeStoodDown(sector, current.person, day)]


@checks(RepresentativeAppointed)
def check_appointed(event: RepresentativeAppointed, inputs: ThinkTankInputs) -> None:
    """MAN8, MAN9, R2: the representative still comes from a member of the alliance of a kind
    the sector draws on, on the day, after the seat's last change."""
    decide_appoint(
        AppointRepresentative(event.sector, event.person, event.member_id, event.from_date), inputs
    )


@checks(RepresentativeStoodDown)
def check_stood_down(event: RepresentativeStoodDown, inputs: ThinkTankInputs) -> None:
    """MAN9, R2: the sector still has a representative to stand down on the day."""
    decide_stand_down(StandDownRepresentative(event.sector, event.from_date), inputs)


# -- view ------------------------------------------------------------------------------------


@attrs.frozen
class Representative:
    """MAN8: who represents a sector on the day, for which member, since when."""

    sector: Sector
    person: PersonId
    member: Member
    since: date


@attrs.frozen
class ThinkTankView:
    """The think tank as of the view's day."""

    partnership: PartnershipView
    think_tank: ThinkTank

    def representative(self, sector: Sector) -> Representative | None:
        """MAN9: the sector's one representative on the day; ``None`` when the seat is vacant or
        the member they came from has left the alliance."""
        day = self.partnership.day
        seat = self.think_tank.seat_on(sector, day)
        if seat is None or seat.person is None or seat.member_id is None:
            return None
        member = self.partnership.state.membership.members[seat.member_id]
        if not member.is_member_on(day):
            return None
        return Representative(sector, seat.person, member, seat.from_date)

    def representatives(self) -> list[Representative]:
        """MAN8: the representatives on the day, in the document's order of sectors."""
        found = (self.representative(sector) for sector in Sector)
        return [representative for representative in found if representative is not None]

    def vacant(self) -> list[Sector]:
        """MAN8: the sectors nobody represents on the day."""
        return [sector for sector in Sector if self.representative(sector) is None]

    def in_use(self) -> bool:
        """Has anyone ever been appointed (by the day)?"""
        return bool(self.think_tank.seats)
