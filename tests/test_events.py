"""Event types and their registry (hom_core.events): validation, upcasting, name clashes."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from hom_core.errors import EventTypeError, PluginError
from hom_core.events import EventType, EventTypes, Payload
from samples import CensusSubmitted, NoticeGiven, SchoolJoined, joined


@attrs.frozen
class Renamed:
    school: str


# -- EventType validation --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hom.school_joined", "acme.finance.census_v2", "a.b"])
def test_valid_names(name: str) -> None:
    assert EventType(name, SchoolJoined).name == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "school_joined",  # no namespace
        "Hom.school_joined",
        "hom.SchoolJoined",
        "hom.school joined",
        "hom.",
        ".school_joined",
        "hom..school_joined",
        "1hom.school_joined",
        "hom.school-joined",
        "hom.school_joined\n",
        None,
        42,
    ],
)
def test_invalid_names_are_plugin_errors(name: Any) -> None:
    with pytest.raises(PluginError):
        EventType(name, SchoolJoined)


@pytest.mark.parametrize(
    "cls",
    [
        type("Plain", (), {}),
        joined("Webster"),  # an instance, not a class
        dict,
        lambda: None,
        "tests.samples.SchoolJoined",
    ],
)
def test_event_class_must_be_an_attrs_class(cls: Any) -> None:
    with pytest.raises(PluginError, match="attrs"):
        EventType("hom.thing_happened", cls)


@pytest.mark.parametrize("version", [0, -1])
def test_schema_version_starts_at_one(version: int) -> None:
    with pytest.raises(PluginError, match="version"):
        EventType("hom.school_joined", SchoolJoined, version=version)


@pytest.mark.parametrize(
    ("version", "upcasters"),
    [
        (1, {1: dict}),  # version 1 has nothing to upcast from
        (3, {0: dict}),
        (3, {3: dict}),  # the current version is not upcast
        (3, {4: dict}),
        (3, {-1: dict}),
        (3, {"1": dict}),  # keys are versions, not strings
        (3, {1.0: dict}),
        (3, {1: "not callable"}),
        (3, {1: dict, 2: None}),
    ],
)
def test_bad_upcasters_are_plugin_errors(version: int, upcasters: dict[Any, Any]) -> None:
    with pytest.raises(PluginError):
        EventType("hom.school_joined", SchoolJoined, version=version, upcasters=upcasters)


def test_upcasters_are_copied() -> None:
    upcasters = {1: dict}
    event_type = EventType("hom.school_joined", SchoolJoined, version=2, upcasters=upcasters)
    upcasters[5] = dict
    assert dict(event_type.upcasters) == {1: dict}


# -- upcasting -------------------------------------------------------------------------------


def _v3() -> EventType:
    def one_to_two(old: Payload) -> Payload:
        return {"school": old["name"], "trail": [*old.get("trail", []), "1->2"]}

    def two_to_three(old: Payload) -> Payload:
        return {**old, "trail": [*old["trail"], "2->3"]}

    return EventType("hom.renamed", Renamed, version=3, upcasters={1: one_to_two, 2: two_to_three})


def test_upcast_applies_each_step_in_order() -> None:
    event_type = _v3()
    assert event_type.upcast({"name": "Webster"}, 1) == {
        "school": "Webster",
        "trail": ["1->2", "2->3"],
    }
    assert event_type.upcast({"school": "Webster", "trail": []}, 2) == {
        "school": "Webster",
        "trail": ["2->3"],
    }
    current = {"school": "Webster"}
    assert event_type.upcast(current, 3) is current


def test_upcast_without_a_step_raises_event_type_error() -> None:
    event_type = EventType("hom.renamed", Renamed, version=3, upcasters={2: dict})
    with pytest.raises(EventTypeError, match="no upcaster from schema version 1 to 2"):
        event_type.upcast({"name": "Webster"}, 1)


# -- the registry ----------------------------------------------------------------------------


def test_registry_looks_up_by_name_and_by_instance() -> None:
    school = EventType("test.school_joined", SchoolJoined)
    notice = EventType("test.notice_given", NoticeGiven)
    types = EventTypes([school, notice])
    assert types.by_name("test.notice_given") is notice
    assert types.of(joined("Webster")) is school
    assert "test.school_joined" in types
    assert "test.census_submitted" not in types
    assert len(types) == 2
    assert list(types) == [school, notice]


def test_registering_the_same_record_twice_is_harmless() -> None:
    school = EventType("test.school_joined", SchoolJoined)
    types = EventTypes([school])
    types.register(school, EventType("test.school_joined", SchoolJoined))
    assert len(types) == 1


def test_a_taken_name_with_another_class_is_a_plugin_error() -> None:
    types = EventTypes([EventType("test.school_joined", SchoolJoined)])
    with pytest.raises(PluginError, match="registered twice"):
        types.register(EventType("test.school_joined", CensusSubmitted))
    assert types.by_name("test.school_joined").cls is SchoolJoined


def test_a_taken_name_with_another_version_is_a_plugin_error() -> None:
    types = EventTypes([EventType("test.school_joined", SchoolJoined)])
    with pytest.raises(PluginError, match="registered twice"):
        types.register(
            EventType("test.school_joined", SchoolJoined, version=2, upcasters={1: dict})
        )


def test_one_class_under_two_names_is_a_plugin_error() -> None:
    types = EventTypes([EventType("test.school_joined", SchoolJoined)])
    with pytest.raises(PluginError, match="two names"):
        types.register(EventType("test.school_admitted", SchoolJoined))
    assert "test.school_admitted" not in types


def test_only_event_type_records_can_be_registered() -> None:
    with pytest.raises(PluginError, match="EventType"):
        EventTypes([SchoolJoined])  # type: ignore[list-item]


def test_unknown_lookups_raise_event_type_error() -> None:
    types = EventTypes()
    with pytest.raises(EventTypeError, match=r"'test\.school_joined'"):
        types.by_name("test.school_joined")
    with pytest.raises(EventTypeError, match="SchoolJoined is not a registered event type"):
        types.of(joined("Webster"))


@pytest.mark.parametrize("version", ["2", 1.5, None])
def test_schema_version_must_be_an_int(version: Any) -> None:
    with pytest.raises(PluginError, match="version"):
        EventType("hom.school_joined", SchoolJoined, version=version)
