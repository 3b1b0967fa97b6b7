"""What falls due in the domain packs (CAM1, HAR3, HAR5, HAR6, MAN11), each contributed by the
pack's decider beside the core's: the day it becomes due, the day it is overdue, and the command
that discharges it."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from domain_strategies import new_partnership
from hom_core import Decider, DomainPack
from hom_core.application import Partnership
from hom_core.application.agenda import agenda, obligations
from hom_core.decider import obliges
from hom_core.obligations import Obligation, Status
from hom_plugins.packs.harmony import AgreeFollowUp, MeasureImpact
from hom_plugins.packs.manchester import AppointSepChair, RecordCouncilLeader
from test_camden import cluster, enquiry, focused
from test_harmony import supported
from test_manchester import NEW_LEADER_DAY, sep


def find(hom: Partnership, day: date, source: str, key_start: str) -> Obligation | None:
    """The obligation of ``source`` whose key starts with ``key_start``, as of ``day``."""
    found = [
        o for s, o in obligations(hom.as_of(day)) if s == source and o.key.startswith(key_start)
    ]
    assert len(found) <= 1, found
    return found[0] if found else None


def status(hom: Partnership, day: date, source: str, key_start: str) -> Status | None:
    found = find(hom, day, source, key_start)
    return None if found is None else found.status_on(day)


def test_cam1_each_school_has_its_enquiry_in_the_academic_year() -> None:
    hom = cluster()
    assert find(hom, date(2014, 9, 15), "camden", "CAM1/") is None  # not using the pack yet
    focused(hom, "fleet")
    fleet, rhyl = "CAM1/enquiry/fleet/2014/15", "CAM1/enquiry/rhyl/2014/15"
    assert status(hom, date(2014, 9, 15), "camden", fleet) is Status.DUE
    hom.execute(enquiry("fleet", "rhyl"))
    assert status(hom, date(2014, 11, 5), "camden", fleet) is Status.DONE
    assert status(hom, date(2015, 9, 10), "camden", rhyl) is Status.OVERDUE
    obligation = find(hom, date(2015, 9, 10), "camden", rhyl)
    assert obligation is not None
    assert obligation.command == "HoldEnquiry"
    assert obligation.responsible == "head of Rhyl"


def test_har3_the_five_terms_end_by_the_calendar() -> None:
    _, hom = supported()  # five terms to 30 April 2016
    key = "HAR3/ends/hb-1/2016-04-30"
    assert status(hom, date(2016, 3, 1), "harmony", key) is Status.UPCOMING
    assert status(hom, date(2016, 4, 10), "harmony", key) is Status.DUE
    assert status(hom, date(2016, 5, 1), "harmony", key) is Status.DONE


def test_har5_each_expected_outcome_is_measured_by_the_end_of_the_five_terms() -> None:
    _, hom = supported()
    key = "HAR5/outcome/hb-1/y6-rwm/"
    assert status(hom, date(2016, 4, 10), "harmony", key) is Status.DUE
    assert status(hom, date(2016, 5, 5), "harmony", key) is Status.OVERDUE
    hom.execute(MeasureImpact("hb-1", "y6-rwm", date(2016, 5, 6), "met", "62%"))
    assert status(hom, date(2016, 5, 6), "harmony", key) is Status.DONE
    assert status(hom, date(2016, 5, 6), "harmony", "HAR5/outcome/hb-1/eyfs-gld/") is (
        Status.OVERDUE
    )


def test_har6_follow_up_is_agreed_before_the_support_ends() -> None:
    _, hom = supported()
    key = "HAR6/follow-up/hb-1/"
    assert status(hom, date(2016, 4, 10), "harmony", key) is Status.DUE
    assert status(hom, date(2016, 5, 5), "harmony", key) is Status.OVERDUE
    hom.execute(AgreeFollowUp("hb-1", date(2016, 5, 6)))
    assert status(hom, date(2016, 5, 6), "harmony", key) is Status.DONE


def test_man11_a_new_leader_of_the_council_is_appointed_the_seps_chair() -> None:
    alliance = sep()
    assert find(alliance, date(2015, 1, 1), "manchester", "MAN11/") is None  # the Leader chairs
    alliance.execute(RecordCouncilLeader("council", "new-leader", NEW_LEADER_DAY))
    key = f"MAN11/sep-chair/{NEW_LEADER_DAY}"
    assert status(alliance, date(2021, 12, 10), "manchester", key) is Status.DUE
    assert status(alliance, date(2022, 1, 5), "manchester", key) is Status.OVERDUE
    alliance.execute(AppointSepChair("new-leader", date(2022, 1, 17)))
    assert status(alliance, date(2022, 1, 17), "manchester", key) is Status.DONE


def test_a_packs_obligations_come_with_its_name_on_the_agenda() -> None:
    _, hom = supported()
    sources = {item.source for item in agenda(hom.as_of(date(2016, 4, 10)))}
    assert sources == {"partnership", "harmony"}


@attrs.frozen
class Boiler:
    """A third party's pack: a school's boiler, serviced each January."""


@obliges
def boiler_service(state: Boiler, day: date) -> list[Obligation]:
    """BOIL1: the boiler is serviced in January."""
    january = date(day.year, 1, 1)
    return [
        Obligation(
            "BOIL1",
            f"service/{day.year}",
            "Service the boiler",
            january,
            date(day.year, 1, 31),
            "school business manager",
            "ServiceBoiler",
        )
    ]


BOILER = Decider.of_cases("boiler", Boiler, globals())


def _boiler_view(view: Any, state: Boiler) -> Boiler:
    return state


def test_a_third_party_pack_adds_its_own_obligations_through_its_decider() -> None:
    log, _ = new_partnership()
    hom = Partnership(log, "hom", packs=[DomainPack(BOILER, view=_boiler_view)])
    items = [item for item in agenda(hom.as_of(date(2015, 2, 3))) if item.source == "boiler"]
    assert [(item.obligation.key, item.status) for item in items] == [
        ("BOIL1/service/2015/2015-01-31", Status.OVERDUE)
    ]
