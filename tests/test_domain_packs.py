"""Domain packs (hom_core.DomainPack): a plugin's own events, commands, state and questions on a
partnership's stream, routed by Partnership.execute and asked through PartnershipView.pack.

The pack here is a small one written as a third party would: visits to member schools.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import reduce
from pathlib import Path
from typing import Any

import attrs
import pytest

from hom_core import (
    Decider,
    DomainPack,
    EventType,
    PluginError,
    Plugins,
    RuleViolation,
    UsageError,
    decides,
    evolves,
    hookimpl,
    open_log,
)
from hom_core.application import Partnership, PartnershipView
from hom_core.domain import FormPartnership, GiveNotice, Policies, RetractFact
from hom_core.domain.membership.state import MembershipState
from hom_core.envelope import RecordedEvent
from hom_core.projections import load_state
from hom_core.store import StoredRecord
from hom_core.testing.strategies import join
from hom_plugins.packs import partnership
from hom_plugins.storage import memory, sqlite


@attrs.frozen
class RecordVisit:
    member_id: str
    on: date


@attrs.frozen
class VisitRecorded:
    member_id: str
    on: date

    @property
    def effective_date(self) -> date:
        return self.on


@attrs.frozen
class Visits:
    by_member: dict[str, int] = attrs.field(factory=dict)


@attrs.frozen
class VisitsInputs:
    membership: MembershipState
    visits: Visits


@evolves(VisitRecorded, "visits.recorded")
def evolve_visits(state: Visits, event: VisitRecorded) -> Visits:
    count = state.by_member.get(event.member_id, 0) + 1
    return Visits({**state.by_member, event.member_id: count})


@decides(RecordVisit)
def decide_visit(command: RecordVisit, core: VisitsInputs) -> list[object]:
    member = core.membership.members.get(command.member_id)
    if member is None or not member.is_member_on(command.on):
        raise RuleViolation("M4", f"{command.member_id} is not a member on {command.on}")
    return [VisitRecorded(command.member_id, command.on)]


@attrs.frozen
class VisitsView:
    view: PartnershipView
    state: Visits

    def unvisited(self) -> list[str]:
        return [m.member_id for m in self.view.members() if m.member_id not in self.state.by_member]


VISITS = DomainPack(
    Decider.of_cases("visits", Visits, globals(), reads=VisitsInputs), view=VisitsView
)


def pack_deciding(command: type, name: str = "visits") -> DomainPack:
    """The visits pack, named ``name``, deciding ``command`` with ``decide_visit``."""
    decider = attrs.evolve(VISITS.decider, name=name, command_types=(command,))
    return attrs.evolve(VISITS, decider=decider)


class VisitsPlugin:
    @hookimpl
    def hom_domain_packs(self) -> list[DomainPack]:
        return [VISITS]


def plugins(*extra: object) -> Plugins:
    manager = Plugins(entry_points=False)
    for module in (memory, sqlite, partnership, VisitsPlugin(), *extra):
        manager.register(module)
    return manager


def formed(url: str = "memory://", manager: Plugins | None = None) -> Partnership:
    log = open_log(url, plugins=manager or plugins())
    hom = Partnership(log, "hom")
    hom.execute(FormPartnership("Heart of Manchester", date(2013, 7, 1), Policies()))
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(join("rolls-crescent", date(2013, 7, 11)))
    return hom


def test_a_pack_command_is_decided_against_the_core_state_and_recorded_in_the_stream() -> None:
    hom = formed()
    hom.execute(RecordVisit("st-marys", date(2014, 1, 20)))
    last = list(hom.log.read_stream(hom.stream_id))[-1]
    assert (last.event_type, last.event) == (
        "visits.recorded",
        VisitRecorded("st-marys", date(2014, 1, 20)),
    )


def test_a_pack_command_that_breaks_a_rule_appends_nothing() -> None:
    hom = formed()
    head = hom.log.head()
    with pytest.raises(RuleViolation, match="never-joined is not a member") as raised:
        hom.execute(RecordVisit("never-joined", date(2014, 1, 20)))
    assert raised.value.rule == "M4"
    assert hom.log.head() == head


def test_the_pack_sees_the_core_events_and_answers_as_of_a_day() -> None:
    hom = formed()
    hom.execute(RecordVisit("st-marys", date(2014, 1, 20)))
    assert hom.as_of(date(2014, 1, 19)).pack("visits").unvisited() == ["st-marys", "rolls-crescent"]
    assert hom.as_of(date(2014, 1, 20)).pack("visits").unvisited() == ["rolls-crescent"]
    hom.execute(GiveNotice("rolls-crescent", received_on=date(2014, 2, 1)))
    assert hom.as_of(date(2015, 1, 1)).pack("visits").unvisited() == []


def test_the_core_state_ignores_the_pack_events() -> None:
    hom = formed()
    before = hom.state()
    hom.execute(RecordVisit("st-marys", date(2014, 1, 20)))
    assert hom.state() == before


def test_command_types_include_the_packs_commands() -> None:
    commands = formed().command_types()
    assert commands["RecordVisit"] is RecordVisit
    assert commands["GiveNotice"] is GiveNotice


def test_an_unknown_pack_is_a_usage_error_naming_the_installed_ones() -> None:
    with pytest.raises(UsageError, match=r"no domain pack 'camden' \(installed: visits\)"):
        formed().today().pack("camden")


def test_packs_can_be_given_by_hand_without_plugins() -> None:
    bare = Plugins(entry_points=False)
    bare.register(memory)
    bare.register(partnership)
    log = open_log(
        "memory://", plugins=bare, event_types=[EventType("visits.recorded", VisitRecorded)]
    )
    hom = Partnership(log, "hom", packs=[VISITS])
    hom.execute(FormPartnership("Heart of Manchester", date(2013, 7, 1), Policies()))
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(RecordVisit("st-marys", date(2014, 1, 20)))
    assert hom.as_of(date(2014, 2, 1)).pack("visits").unvisited() == []
    assert Partnership(log, "hom").packs == {}  # no pack among this log's plugins


def test_a_pack_that_claims_a_core_command_is_a_plugin_error() -> None:
    rogue = pack_deciding(GiveNotice, "rogue")
    with pytest.raises(PluginError, match="GiveNotice, which the core already decides"):
        Partnership(open_log("memory://"), "hom", packs=[rogue])


def test_two_packs_claiming_one_command_is_a_plugin_error() -> None:
    twin = pack_deciding(RecordVisit, "twin")
    with pytest.raises(PluginError, match="RecordVisit, which pack 'visits' already decides"):
        Partnership(open_log("memory://"), "hom", packs=[VISITS, twin])


def test_deciders_must_map_command_classes_to_functions() -> None:
    with pytest.raises(PluginError, match="maps command classes to decide functions"):
        decides("RecordVisit")(decide_visit)  # type: ignore[arg-type]


def test_the_core_and_pack_state_are_snapshotted_together(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hom.sqlite3'}"
    hom = formed(url)
    for day in range(1, 11):
        hom.execute(RecordVisit("st-marys", date(2014, 1, day)))
    projection = hom.runners[VISITS.name].projection
    assert projection.name == "hom.partnership+visits.v1"
    hom.log.snapshot(hom.stream_id, projection)
    loaded = load_state(hom.log, projection, hom.stream_id)
    assert loaded is not None
    core, visits = loaded.state
    assert visits == Visits({"st-marys": 10})
    assert core == hom.state()


def test_a_view_folds_a_pack_once_however_often_it_is_asked() -> None:
    folds: list[object] = []

    def counting(state: Visits, event: object) -> Visits:
        folds.append(event)
        return VISITS.decider.evolve(state, event)

    hom = formed()
    hom.execute(RecordVisit("st-marys", date(2013, 9, 2)))
    decider = attrs.evolve(VISITS.decider, evolve=counting)
    counted = Partnership(hom.log, "hom", packs=[attrs.evolve(VISITS, decider=decider)])
    view = counted.as_of(date(2014, 1, 1))
    assert view.pack("visits").unvisited() == view.pack("visits").unvisited()
    assert folds == [event for event in view.events if type(event) is VisitRecorded]


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_r1_a_pack_folds_its_own_events_that_count_and_no_retracted_one(
    backend: str, tmp_path: Path
) -> None:
    """A pack's state on a day that is the current one folds only the pack's events (its
    evolve leaves the state as it is for any other), read without the rest of the stream
    (SQLite in its query, the memory store in Python), and equals the fold of every
    event the view counts; a retracted visit does not count."""
    hom = formed("memory://" if backend == "memory" else f"sqlite:///{tmp_path / 'hom.sqlite3'}")
    for day in (2, 3, 4):
        hom.execute(RecordVisit("st-marys", date(2013, 9, day)))
    hom.execute(RecordVisit("rolls-crescent", date(2013, 9, 5)))
    second = [r for r in hom.log.read_stream(hom.stream_id) if type(r.event) is VisitRecorded][1]
    hom.execute(RetractFact(second.position, "recorded twice", "clerk", date(2013, 9, 6)))
    view = hom.as_of(date(2014, 1, 1))
    decoded: list[str] = []
    read = hom.log.codec.decode_many

    def counting(records: Iterable[StoredRecord]) -> Iterator[RecordedEvent[Any]]:
        for recorded in read(records):
            decoded.append(recorded.event_type)
            yield recorded

    hom.log.codec.decode_many = counting  # type: ignore[method-assign]
    state = view.pack_state("visits")
    assert state == Visits({"st-marys": 2, "rolls-crescent": 1})
    assert set(decoded) == {"visits.recorded", "hom.fact_retracted"}
    assert state == reduce(VISITS.decider.evolve, view.events, VISITS.decider.initial())


def test_decide_is_a_dry_run_for_core_and_pack_commands() -> None:
    hom = formed()
    head = hom.log.head()
    assert hom.decide(RecordVisit("st-marys", date(2014, 1, 20))) == [
        VisitRecorded("st-marys", date(2014, 1, 20))
    ]
    (notice,) = hom.decide(GiveNotice("st-marys", received_on=date(2014, 2, 1)))
    assert type(notice).__name__ == "NoticeGiven"
    with pytest.raises(RuleViolation):
        hom.decide(RecordVisit("never-joined", date(2014, 1, 20)))
    assert hom.log.head() == head


def test_a_view_knows_its_partnership_for_questions_across_streams() -> None:
    hom = formed()
    assert hom.today().partnership is hom
