"""Decoding straight into the event class (hom_core.direct_codec): the same events and the
same refusals as the codec's own path, for any payload text."""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings, strategies as st

from hom_core import codec as codec_module
from hom_core.codec import Codec, make_converter
from hom_core.direct_codec import direct_decoder, direct_encoder
from hom_core.errors import CorruptRecordError
from hom_core.events import EventType, EventTypes
from hom_core.store import StoredRecord
from properties import examples

pytest.importorskip("msgspec")


@attrs.frozen
class Census:
    school: str
    census_date: date
    full_time: int
    boarding: bool
    fte: Decimal
    note: str | None
    tags: tuple[str, ...]
    budget: Decimal | None


@attrs.frozen
class Checked:
    pupils: int = attrs.field(validator=attrs.validators.ge(0))


@attrs.frozen
class WithDefault:
    school: str
    note: str = ""


@attrs.frozen(cache_hash=True)
class CachedHash:
    school: str


@attrs.frozen
class Held:
    census: Census


class Urn(str):
    """A value type with a hook of its own, as a plugin registers."""


@attrs.frozen
class WithUrn:
    urn: Urn


TYPES = EventTypes([EventType("test.census", Census), EventType("test.checked", Checked)])


def _codecs(monkeypatch: pytest.MonkeyPatch) -> tuple[Codec, Codec]:
    """A codec decoding directly, and one whose every class takes the codec's own path."""
    direct = Codec(TYPES)
    direct.decode_event("test.census", 1, json.dumps(GOOD))  # each type's decoder is made
    direct.decode_event("test.checked", 1, '{"pupils":1}')  # on first use
    direct.encode(Checked(1))
    direct.encode(Census("W", date(2024, 1, 1), 1, False, Decimal(1), None, (), None))
    monkeypatch.setattr(codec_module, "direct_decoder", lambda *_: None)
    monkeypatch.setattr(codec_module, "direct_encoder", lambda *_: None)
    return direct, Codec(TYPES)


def _outcome(codec: Codec, name: str, payload: str) -> object:
    try:
        return codec.decode_event(name, 1, payload, 9)
    except CorruptRecordError as error:
        return ("refused", str(error))


def _many(codec: Codec, name: str, payload: str) -> object:
    record = StoredRecord(
        9, "s", 1, name, 1, payload, "2024-09-02T08:30:00+00:00", "2024-09-01", "clerk", "c",
        None, "0" * 64,
    )  # fmt: skip
    try:
        return next(codec.decode_many([record])).event
    except CorruptRecordError as error:
        return ("refused", str(error))


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False),
    st.text(max_size=6), st.dates().map(date.isoformat),
    st.sampled_from(["1.5", "NaN", "-Infinity", "inf", "sNaN", " 2.50 ", "1_0", "1e3", "x",
                     "2024-02-30", "2024-W10-1", "20240101", "١٢٣"]),
    st.lists(st.text(max_size=3), max_size=3),
)  # fmt: skip
GOOD = {
    "school": "Webster",
    "census_date": "2024-10-03",
    "full_time": 412,
    "boarding": False,
    "fte": "412.5",
    "note": None,
    "tags": ["a"],
    "budget": "100",
}


@settings(max_examples=examples(300))
@given(
    changes=st.dictionaries(
        st.sampled_from([*GOOD, "extra", "Fte"]), VALUES | st.just("__missing__"), max_size=4
    )
)
def test_any_payload_decodes_as_the_codecs_own_path_decodes_it(changes: dict[str, Any]) -> None:
    """Property: with a direct decoder, every payload gives the same event, or the same
    refusal naming the same field, as the codec's own path (floats, non-finite decimals,
    unknown and missing keys, wrong types, impossible dates)."""
    payload = {**GOOD, **changes}
    payload = {key: value for key, value in payload.items() if value != "__missing__"}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    with pytest.MonkeyPatch.context() as monkeypatch:
        direct, own = _codecs(monkeypatch)
        expected = _outcome(own, "test.census", text)
        assert _outcome(direct, "test.census", text) == expected
        assert _many(direct, "test.census", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '{"pupils":3}',
        '{"pupils":-1}',  # the validator refuses it on both paths
        '{"pupils":1.0}',
        '{"pupils":3,"x":1}',
        '{"pupils":3} ',
        '{"pupils":"\\ud800"}',
    ],
)
def test_validators_and_odd_text_are_decided_alike(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    direct, own = _codecs(monkeypatch)
    assert _outcome(direct, "test.checked", text) == _outcome(own, "test.checked", text)


def test_a_plain_event_class_is_decoded_directly() -> None:
    converter = make_converter()
    decode = direct_decoder(Census, converter.get_structure_hook, codec_module._STANDARD)
    assert decode is not None
    text = json.dumps(GOOD)
    assert decode(text) == Codec(TYPES).converter.structure(json.loads(text), Census)


@pytest.mark.parametrize("cls", [WithDefault, CachedHash, Held, WithUrn])
def test_classes_msgspec_would_read_otherwise_take_the_codecs_path(cls: type) -> None:
    """A default, a cached hash, a nested class and a value type with its own hook (a
    plugin's) are left to cattrs."""
    converter = make_converter()
    converter.register_structure_hook(Urn, lambda value, _: Urn(value))
    assert direct_decoder(cls, converter.get_structure_hook, codec_module._STANDARD) is None


def test_a_plugin_hook_for_a_standard_type_disqualifies_the_class() -> None:
    converter = make_converter()
    converter.register_structure_hook(str, lambda value, _: str(value).strip())
    assert direct_decoder(Census, converter.get_structure_hook, codec_module._STANDARD) is None


def test_an_older_schema_version_is_upcast_on_the_codecs_path() -> None:
    types = EventTypes(
        [EventType("test.checked", Checked, version=2, upcasters={1: lambda d: {"pupils": 1}})]
    )
    codec = Codec(types)
    assert codec.decode_event("test.checked", 1, '{"old":true}') == Checked(1)
    assert codec.decode_event("test.checked", 2, '{"pupils":4}') == Checked(4)


class Level(enum.IntEnum):
    ONE = 1


class Name(str):
    """A str subclass, as a value type may be."""


FIELD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), st.text(max_size=6),
    st.dates(), st.datetimes(timezones=st.just(UTC)), st.decimals(), st.just(Level.ONE),
    st.text(max_size=3).map(Name), st.lists(st.text(max_size=3), max_size=2).map(tuple),
    st.lists(st.integers(), max_size=2), st.just("\ud800"),
)  # fmt: skip


def _encoded(codec: Codec, event: object) -> object:
    try:
        return codec.encode(event)
    except Exception as error:  # the same refusal, whatever it is
        return (type(error).__name__, str(error))


@settings(max_examples=examples(300))
@given(changes=st.dictionaries(st.sampled_from(list(GOOD)), FIELD_VALUES, max_size=3))
@example(changes={"tags": ""})  # text where a tuple of text belongs
@example(changes={"census_date": datetime(2024, 1, 1, tzinfo=UTC), "fte": Decimal("NaN")})
def test_any_event_encodes_as_the_codecs_own_path_encodes_it(changes: dict[str, Any]) -> None:
    """Property: with a direct encoder, every event gives the same payload text, or the same
    refusal, as the codec's own path: values of other types than their fields' (datetimes
    for dates, floats, bools for ints, str subclasses, enums), non-finite decimals, text that
    is not Unicode."""
    good = Codec(TYPES).converter.structure(GOOD, Census)
    event = attrs.evolve(good, **changes)
    with pytest.MonkeyPatch.context() as monkeypatch:
        direct, own = _codecs(monkeypatch)
        assert _encoded(direct, event) == _encoded(own, event)
        assert _encoded(direct, Checked(len(changes))) == _encoded(own, Checked(len(changes)))


def test_a_plain_event_class_is_encoded_directly() -> None:
    converter = make_converter()
    encode = direct_encoder(Census, converter.get_unstructure_hook, codec_module._STANDARD_OUT)
    assert encode is not None
    event = converter.structure(GOOD, Census)
    assert encode(event) == json.dumps(GOOD, separators=(",", ":"))
    assert direct_encoder(Held, converter.get_unstructure_hook, codec_module._STANDARD_OUT) is None
