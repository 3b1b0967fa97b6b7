"""The codec (hom_core.codec): exact round trips, the encoding rules, and errors that name the
position and field of a bad record."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import cattrs
import pytest
from hypothesis import given, settings, strategies as st

from hom_core import GENESIS_HASH
from hom_core.codec import Codec, make_converter
from hom_core.errors import CodecError, CorruptRecordError, EventTypeError, UnknownEventTypeError
from hom_core.events import EventType, EventTypes, Payload
from hom_core.store import StoredRecord
from properties import examples
from samples import (
    SAMPLE_TYPES,
    ChairRotated,
    Contact,
    ContributionPaid,
    Money,
    NeverRegistered,
    SchoolJoined,
    census,
    events,
    joined,
    strategies,
)

CODEC = Codec(EventTypes(SAMPLE_TYPES))


def _stored(event: object, position: int = 7) -> StoredRecord:
    name, version, payload = CODEC.encode(event)
    return StoredRecord(
        position, "s", 3, name, version, payload, "2024-09-02T08:30:00+00:00", "2024-09-01",
        "clerk", "corr", "cause", GENESIS_HASH,
    )  # fmt: skip


# -- round trip ------------------------------------------------------------------------------


def test_every_registered_sample_type_has_a_strategy() -> None:
    assert set(strategies) == {event_type.cls for event_type in SAMPLE_TYPES}


@pytest.mark.parametrize("event_type", SAMPLE_TYPES, ids=lambda t: t.name)
@settings(max_examples=examples(60))
@given(data=st.data())
def test_round_trip_is_exact_for_every_registered_type(
    event_type: EventType, data: st.DataObject
) -> None:
    """Property (issue): decode(encode(e)) == e for every registered type, with an identical
    repr too (so Decimal('412.50') keeps its trailing zero, not just its value)."""
    event = data.draw(strategies[event_type.cls])
    name, version, payload = CODEC.encode(event)
    assert (name, version) == (event_type.name, event_type.version)
    decoded = CODEC.decode_event(name, version, payload)
    assert decoded == event
    assert repr(decoded) == repr(event)
    assert CODEC.encode(decoded) == (name, version, payload)  # encoding is deterministic


@settings(max_examples=examples(50))
@given(event=events, position=st.integers(1, 2**62))
def test_decode_rebuilds_the_whole_envelope(event: object, position: int) -> None:
    recorded = CODEC.decode(_stored(event, position))
    assert recorded.event == event
    assert recorded.position == position
    assert (recorded.stream_id, recorded.stream_version) == ("s", 3)
    assert recorded.recorded_at == datetime(2024, 9, 2, 8, 30, tzinfo=UTC)
    assert recorded.effective_date == date(2024, 9, 1)
    assert (recorded.actor, recorded.correlation_id, recorded.causation_id) == (
        "clerk",
        "corr",
        "cause",
    )
    assert recorded.event_type == CODEC.types.of(event).name
    assert (recorded.schema_version, recorded.hash) == (1, GENESIS_HASH)


# -- the encoding rules ----------------------------------------------------------------------


def test_encoding_rules() -> None:
    """Decimals are exact strings, dates and datetimes ISO 8601, enums their value, tuples
    arrays, text unescaped; the JSON is compact."""
    event = ContributionPaid("St Philip\u2019s", Money(Decimal("816.00")), date(2024, 4, 1), True)
    name, version, payload = CODEC.encode(event)
    assert (name, version) == ("test.contribution_paid", 1)
    assert payload == (
        '{"school":"St Philip\u2019s","amount":{"amount":"816.00","currency":"GBP"},'
        '"paid_on":"2024-04-01","late":true,"reference":null}'
    )
    chair = ChairRotated((Contact("A"),), (date(2024, 9, 1), date(2025, 8, 31)), 0.5, UUID(int=1))
    assert json.loads(CODEC.encode(chair)[2]) == {
        "chairs": [{"name": "A", "email": None}],
        "term": ["2024-09-01", "2025-08-31"],
        "vote_share": 0.5,
        "meeting": "00000000-0000-0000-0000-000000000001",
    }
    assert json.loads(CODEC.encode(census("X"))[2])["submitted_at"] == "2024-01-19T09:30:00+00:00"
    assert json.loads(CODEC.encode(joined("X"))[2])["phase"] == "primary"


@pytest.mark.parametrize(
    "event",
    [
        census("X").__class__("X", date(2024, 1, 1), Decimal("1"), datetime(2024, 1, 1)),
        census("X", "NaN"),
        census("X", "Infinity"),
        ChairRotated((), (date(2024, 1, 1), date(2024, 1, 2)), float("nan"), UUID(int=0)),
        ChairRotated((), (date(2024, 1, 1), date(2024, 1, 2)), float("inf"), UUID(int=0)),
    ],
    ids=["naive-datetime", "decimal-nan", "decimal-infinity", "float-nan", "float-inf"],
)
def test_values_that_cannot_be_stored_are_codec_errors(event: object) -> None:
    with pytest.raises(CodecError):
        CODEC.encode(event)


def test_encoding_an_unregistered_event_is_an_event_type_error() -> None:
    with pytest.raises(EventTypeError, match="NeverRegistered"):
        CODEC.encode(NeverRegistered("x"))


def test_an_aware_non_utc_datetime_round_trips_to_the_same_instant() -> None:
    moment = datetime(2024, 1, 19, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    event = census("X").__class__("X", date(2024, 1, 1), Decimal(1), moment)
    decoded = CODEC.decode_event(*CODEC.encode(event))
    assert decoded == event
    assert decoded.submitted_at.utcoffset() == timedelta(hours=1)


def test_an_integer_is_an_exact_decimal() -> None:
    payload = json.loads(CODEC.encode(census("X"))[2])
    decoded = CODEC.decode_event("test.census_submitted", 1, json.dumps({**payload, "fte": 412}))
    assert decoded.fte == Decimal(412)


# -- decoding errors -------------------------------------------------------------------------


def _payload(event: object) -> dict[str, Any]:
    return dict(json.loads(CODEC.encode(event)[2]))


def _decode(name: str, data: object, position: int | None = 41) -> object:
    text = data if isinstance(data, str) else json.dumps(data)
    return CODEC.decode_event(name, 1, text, position)


JOINED = _payload(joined("Webster"))
CENSUS = _payload(census("Webster"))
PAID = _payload(ContributionPaid("Webster", Money(Decimal("816.00")), date(2024, 4, 1), False))


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("test.school_joined", {k: v for k, v in JOINED.items() if k != "urn"}, "urn"),
        ("test.school_joined", {**JOINED, "urn": "12"}, "urn"),  # "12" is not an int
        ("test.school_joined", {**JOINED, "urn": True}, "urn"),  # True is not an int
        ("test.school_joined", {**JOINED, "urn": 12.0}, "urn"),
        ("test.school_joined", {**JOINED, "school": 5}, "school"),
        ("test.school_joined", {**JOINED, "phase": "nursery"}, "phase"),
        ("test.school_joined", {**JOINED, "joined_on": "2013-02-30"}, "joined_on"),
        ("test.school_joined", {**JOINED, "joined_on": "2013-07-10T00:00"}, "joined_on"),
        ("test.school_joined", {**JOINED, "joined_on": 20130710}, "joined_on"),
        ("test.school_joined", {**JOINED, "head": {"name": 5, "email": None}}, "head.name"),
        ("test.school_joined", {**JOINED, "head": "Ms Adams"}, "head"),
        ("test.school_joined", {**JOINED, "typo": 1}, "typo"),  # an extra key
        ("test.census_submitted", {**CENSUS, "fte": 1.5}, "fte"),  # a float is not a Decimal
        ("test.census_submitted", {**CENSUS, "fte": "1,5"}, "fte"),
        ("test.census_submitted", {**CENSUS, "fte": "NaN"}, "fte"),
        ("test.census_submitted", {**CENSUS, "submitted_at": "2024-01-19T09:30"}, "submitted_at"),
        ("test.census_submitted", {**CENSUS, "counts": [1, "2"]}, "counts[1]"),
        ("test.census_submitted", {**CENSUS, "counts": 3}, "counts"),
        ("test.contribution_paid", {**PAID, "late": 1}, "late"),  # 1 is not a bool
        ("test.contribution_paid", {**PAID, "late": "false"}, "late"),
        ("test.contribution_paid", {**PAID, "amount": {"amount": 816.0}}, "amount.amount"),
        ("test.contribution_paid", {**PAID, "amount": {"amount": "1", "cents": 5}}, "amount.cents"),
        ("test.contribution_paid", {**PAID, "reference": 5}, "reference"),
    ],
)
def test_bad_field_names_position_and_field(name: str, data: object, field: str) -> None:
    with pytest.raises(CorruptRecordError) as raised:
        _decode(name, data, 41)
    assert raised.value.position == 41
    assert raised.value.field == field
    assert "position 41" in str(raised.value)
    assert f"field {field!r}" in str(raised.value)


@pytest.mark.parametrize(
    "text",
    ['{"school": "Webster"', "", "{'school': 'Webster'}", '{"a": 1} trailing', "nul"],
)
def test_bad_json_is_a_corrupt_record(text: str) -> None:
    with pytest.raises(CorruptRecordError, match="not valid JSON") as raised:
        _decode("test.school_joined", text, 3)
    assert (raised.value.position, raised.value.field) == (3, None)


@pytest.mark.parametrize(
    "text", ["[]", '"Webster"', "12", "NaN", "null", "true", '[{"school": 1}]']
)
def test_a_payload_that_is_not_an_object_is_a_corrupt_record(text: str) -> None:
    with pytest.raises(CorruptRecordError, match="not a JSON object") as raised:
        _decode("test.school_joined", text, 3)
    assert raised.value.position == 3


def test_an_unknown_type_names_the_type_and_position() -> None:
    with pytest.raises(UnknownEventTypeError) as raised:
        _decode("acme.school_merged", JOINED, 99)
    error = raised.value
    assert isinstance(error, CorruptRecordError)
    assert (error.position, error.event_type) == (99, "acme.school_merged")
    assert "position 99" in str(error)
    assert "'acme.school_merged'" in str(error)


def test_a_record_newer_than_the_code_is_a_corrupt_record() -> None:
    _, _, payload = CODEC.encode(joined("Webster"))
    with pytest.raises(CorruptRecordError, match="schema version 2") as raised:
        CODEC.decode_event("test.school_joined", 2, payload, 5)
    assert raised.value.position == 5


def test_a_bad_envelope_field_is_a_corrupt_record() -> None:
    record = _stored(joined("Webster"))._replace(recorded_at="yesterday")
    with pytest.raises(CorruptRecordError) as raised:
        CODEC.decode(record)
    assert raised.value.position == 7
    assert raised.value.field == "recorded_at/effective_date"


def test_without_a_position_the_error_says_record() -> None:
    with pytest.raises(CorruptRecordError) as raised:
        CODEC.decode_event("test.school_joined", 1, json.dumps({**JOINED, "urn": "12"}))
    assert raised.value.position is None
    assert str(raised.value).startswith("record cannot be decoded: field 'urn'")


# -- upcasting -------------------------------------------------------------------------------


@attrs.frozen
class Census3:
    school: str
    fte: Decimal
    source: str


def _census_v1_to_v2(old: Payload) -> Payload:
    return {"school": old["school"], "fte": str(old["pupils"])}


def _census_v2_to_v3(old: Payload) -> Payload:
    return {**old, "source": "upcast from v2"}


def _codec_v3(upcasters: dict[int, Any]) -> Codec:
    return Codec(EventTypes([EventType("test.census", Census3, version=3, upcasters=upcasters)]))


def test_upcasters_read_every_older_schema_version() -> None:
    codec = _codec_v3({1: _census_v1_to_v2, 2: _census_v2_to_v3})
    v1 = json.dumps({"school": "Webster", "pupils": 412})
    v2 = json.dumps({"school": "Webster", "fte": "412.5"})
    v3 = json.dumps({"school": "Webster", "fte": "1", "source": "census"})
    assert codec.decode_event("test.census", 1, v1) == Census3(
        "Webster", Decimal(412), "upcast from v2"
    )
    assert codec.decode_event("test.census", 2, v2) == Census3(
        "Webster", Decimal("412.5"), "upcast from v2"
    )
    assert codec.decode_event("test.census", 3, v3) == Census3("Webster", Decimal(1), "census")
    assert codec.encode(Census3("W", Decimal(1), "x"))[:2] == ("test.census", 3)


def test_a_missing_upcaster_is_a_corrupt_record() -> None:
    codec = _codec_v3({2: _census_v2_to_v3})
    with pytest.raises(CorruptRecordError, match="no upcaster from schema version 1") as raised:
        codec.decode_event("test.census", 1, json.dumps({"school": "W", "pupils": 1}), 8)
    assert raised.value.position == 8


def test_an_upcast_payload_is_checked_like_any_other() -> None:
    codec = _codec_v3({1: _census_v1_to_v2, 2: lambda old: {**old, "source": 3}})
    with pytest.raises(CorruptRecordError) as raised:
        codec.decode_event("test.census", 1, json.dumps({"school": "W", "pupils": 1}), 8)
    assert (raised.value.position, raised.value.field) == (8, "source")


class Urn(int):
    """A value type the base converter does not know."""


@attrs.frozen
class Tagged:
    urn: Urn


def test_a_plugin_can_teach_the_converter_a_value_type() -> None:
    """make_converter() is the base a plugin's hom_configure_converter hook extends."""
    converter = make_converter()
    converter.register_structure_hook(Urn, lambda value, _: Urn(value))
    codec = Codec(EventTypes([EventType("test.tagged", Tagged)]), converter)
    decoded = codec.decode_event(*codec.encode(Tagged(Urn(105432))))
    assert decoded == Tagged(Urn(105432))
    assert type(decoded.urn) is Urn


def test_decoding_is_independent_of_an_earlier_failure() -> None:
    """A failed decode leaves nothing behind: the same type decodes fine afterwards."""
    with pytest.raises(CorruptRecordError):
        _decode("test.school_joined", {**JOINED, "urn": "12"})
    assert _decode("test.school_joined", JOINED) == joined("Webster")
    assert isinstance(_decode("test.school_joined", JOINED), SchoolJoined)
    assert _decode("test.school_joined", JOINED) == joined("Webster")


def test_an_upcaster_that_cannot_read_an_old_payload_is_a_corrupt_record() -> None:
    """An old record missing what its upcaster needs names its position, like any bad record."""
    codec = _codec_v3({1: _census_v1_to_v2, 2: _census_v2_to_v3})
    with pytest.raises(CorruptRecordError, match="KeyError") as raised:
        codec.decode_event("test.census", 1, json.dumps({"school": "W"}), 8)  # no "pupils"
    assert raised.value.position == 8


@attrs.frozen
class _Flat:
    member_id: str
    on: date


def test_a_full_record_of_a_flat_event_makes_one_structure_hook_not_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The codec's strict hook and its lenient copy's: a record holding every field needs one
    (the lenient, or the strict one the direct decoder checks); a record with a key too many or
    too few makes the strict one when it first needs it."""
    codec = Codec(EventTypes([EventType("test.flat", _Flat)]))
    made: list[str] = []  # which converter was asked for _Flat's hook
    get_structure_hook = cattrs.Converter.get_structure_hook

    def counted(converter: cattrs.Converter, kind: Any, *args: Any, **options: Any) -> Any:
        if kind is _Flat:
            made.append("strict" if converter is codec.converter else "lenient")
        return get_structure_hook(converter, kind, *args, **options)

    monkeypatch.setattr(cattrs.Converter, "get_structure_hook", counted)
    full = {"member_id": "webster", "on": "2015-09-01"}
    decoded = codec.decode_event("test.flat", 1, json.dumps(full))
    assert decoded == _Flat("webster", date(2015, 9, 1))
    assert len(set(made)) == 1
    for bad, field in (({**full, "typo": 1}, "typo"), ({"member_id": "webster"}, "on")):
        with pytest.raises(CorruptRecordError) as raised:
            codec.decode_event("test.flat", 1, json.dumps(bad), 9)
        assert raised.value.field == field
    assert "strict" in made
