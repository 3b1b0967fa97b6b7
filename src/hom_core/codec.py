"""The codec: events to JSON text and back, through one cattrs converter.

Rules of the encoding, for every registered event type:

- dates and datetimes are ISO 8601 strings (datetimes must be timezone-aware);
- :class:`~decimal.Decimal` (money, FTE) is a JSON *string* such as ``"412.5"``: exact, never a
  float; a float in a payload is rejected;
- primitives are strict: ``"12"`` is not an ``int``, ``1`` is not a ``bool``;
- unknown keys are rejected, so a typo or a record of a newer schema never decodes silently.

The round trip ``decode(encode(event)) == event`` is exact for every registered type (the test
suite checks it with hypothesis). A record that cannot be decoded raises
:class:`~hom_core.errors.CorruptRecordError` naming its position and the offending field.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

import attrs
import cattrs
from cattrs.cols import (
    is_namedtuple,
    namedtuple_dict_structure_factory,
    namedtuple_dict_unstructure_factory,
)
from cattrs.fns import identity

from hom_core.decode_errors import described
from hom_core.direct_codec import DirectDecoder, DirectEncoder, direct_decoder, direct_encoder
from hom_core.envelope import RecordedEvent
from hom_core.errors import (
    CodecError,
    CorruptRecordError,
    EventTypeError,
    UnknownEventTypeError,
)
from hom_core.events import EventType, EventTypes
from hom_core.jsontext import compact, not_unicode, shown
from hom_core.store import StoredRecord

__all__ = ["Codec", "make_converter", "parse_payload"]

T = TypeVar("T")

_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner: json.loads without its wrappers

try:  # the ``fast`` extra: msgspec parses a payload about twice as fast as the C scanner
    from msgspec import DecodeError as _FastError
    from msgspec.json import Decoder as _FastDecoder
except ImportError:  # pragma: no cover - exercised by monkeypatching _fast_decode
    _fast_decode: Callable[[str], Any] | None = None
else:
    _fast_decode = _FastDecoder().decode


def _scanned(text: str) -> Any:
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("no JSON value at character 0") from None
    if end != len(text):
        raise ValueError(f"extra data after the JSON value at character {end}")
    return value


def parse_payload(text: str) -> Any:
    """The JSON value of a stored payload, exactly as ``json.loads`` reads it.

    With msgspec installed (``pip install 'hom[fast]'``) an object is parsed by msgspec; what
    msgspec refuses and ``json`` reads (``NaN``, ``1e400``, an escaped lone surrogate) and
    anything that is not one object without surrounding space goes through the C scanner,
    which decides, so the value and the errors are the same with or without msgspec.
    """
    if _fast_decode is not None and text[:1] == "{" and text[-1:] == "}":
        try:
            return _fast_decode(text)
        except _FastError:
            pass
    return _scanned(text)


_to_datetime = datetime.fromisoformat
_to_date = date.fromisoformat
_new_recorded = tuple.__new__


def _strict(kind: type[T]) -> Callable[[Any, type], T]:
    def structure(value: Any, _: type) -> T:
        if type(value) is kind:
            return value
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__} {shown(value)}")

    return structure


def _structure_float(value: Any, _: type) -> float:
    if type(value) is float or type(value) is int:
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")


def _structure_decimal(value: Any, _: type) -> Decimal:
    if type(value) is int:
        return Decimal(value)
    if type(value) is not str:
        raise TypeError(
            f"expected an exact decimal as a string, got {type(value).__name__} {value!r}"
        )
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite decimal")
    return number


def _structure_datetime(value: Any, _: type) -> datetime:
    if type(value) is not str:
        raise TypeError(f"expected an ISO 8601 datetime string, got {value!r}")
    moment = _to_datetime(value)
    if moment.tzinfo is None:
        raise ValueError(f"datetime {value!r} has no timezone: store UTC, e.g. '...+00:00'")
    return moment


def _structure_date(value: Any, _: type) -> date:
    # YYYY-MM-DD only: Python also reads week dates ("2015-W10-1") in ten characters
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise TypeError(f"expected an ISO 8601 date string YYYY-MM-DD, got {shown(value)}")
    try:
        return _to_date(value)
    except ValueError as error:  # digits that are not ASCII, or no such day
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD ({error})") from None


_STANDARD: dict[type, Callable[[Any, type], Any]] = {
    str: _strict(str),
    int: _strict(int),
    bool: _strict(bool),
    Decimal: _structure_decimal,
    date: _structure_date,
}
"""The codec's own hooks for the types an event can be decoded into directly."""


def _unstructure_datetime(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise CodecError(
            f"datetime {moment!r} has no timezone: use an aware datetime (UTC) in events"
        )
    return moment.isoformat()


def _unstructure_decimal(number: Decimal) -> str:
    if not number.is_finite():
        raise CodecError(f"{number!r} cannot be stored: amounts must be finite decimals")
    return str(number)


_STANDARD_OUT: dict[type, Callable[[Any], Any]] = {
    **dict.fromkeys((str, int, bool), identity),
    date: date.isoformat,
    Decimal: _unstructure_decimal,
}
"""The codec's own unstructure hooks for the types an event can be encoded from directly."""


def make_converter() -> cattrs.Converter:
    """A fresh converter with hom's encoding rules; plugins add hooks for their own value types.

    It is built for speed (no detailed validation); when a payload fails, the codec re-runs it
    through a detailed copy to name the offending field.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=False)
    for kind, hook in _STANDARD.items():
        converter.register_structure_hook(kind, hook)
    converter.register_structure_hook(float, _structure_float)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, _unstructure_datetime)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(UUID, lambda value, _: UUID(_strict(str)(value, str)))
    converter.register_unstructure_hook(UUID, str)
    # named tuples (the state of composed deciders) as objects, keyed as attrs classes are
    converter.register_unstructure_hook_factory(is_namedtuple, namedtuple_dict_unstructure_factory)
    converter.register_structure_hook_factory(is_namedtuple, namedtuple_dict_structure_factory)
    return converter


_Structure = Callable[[Any, Any], Any]
_Decoder = tuple[EventType, _Structure, _Structure, int, DirectDecoder | None]
"""An event type with its strict hook, the hook used when no key can be unknown, the number of
keys that makes that so (-1: never), and its direct decoder (:mod:`hom_core.direct_codec`)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _flat_and_required(cls: type) -> bool:
    """True when every field of ``cls`` is required and holds no attrs class (at any depth),
    so a payload with as many keys as fields can hold no unknown key anywhere."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that does not resolve: take the strict path
        return False
    fields = attrs.fields(cls)
    if any(field.default is not attrs.NOTHING or not field.init for field in fields):
        return False
    return not any(_holds_attrs_class(hints.get(field.name)) for field in fields)


def _holds_attrs_class(annotation: Any) -> bool:
    if annotation is None or (isinstance(annotation, type) and attrs.has(annotation)):
        return True
    return any(_holds_attrs_class(arg) for arg in typing.get_args(annotation) if arg is not ...)


def _when_used(make: Callable[[], _Structure]) -> _Structure:
    """The structure hook ``make()`` returns, made the first time it is called."""
    hooks: list[_Structure] = []

    def structure(data: Any, kind: Any) -> Any:
        if not hooks:
            hooks.append(make())
        return hooks[0](data, kind)

    return structure


class Codec:
    """Encodes events into payload text and decodes stored records into :class:`RecordedEvent`."""

    def __init__(self, types: EventTypes, converter: cattrs.Converter | None = None) -> None:
        self.types = types
        self.converter = converter or make_converter()
        self._decoders: dict[str, _Decoder] = {}
        self._direct: dict[str, tuple[int, DirectDecoder]] = {}
        self._encoders: dict[type, DirectEncoder | None] = {}
        self._lenient: cattrs.Converter | None = None

    def encode(self, event: object) -> tuple[str, int, str]:
        """``(type name, schema version, payload JSON)`` of a registered event."""
        event_type = self.types.of(event)
        if event_type.cls not in self._encoders:
            hooks = self.converter.get_unstructure_hook
            self._encoders[event_type.cls] = direct_encoder(event_type.cls, hooks, _STANDARD_OUT)
        direct = self._encoders[event_type.cls]
        if direct is not None:
            try:
                return event_type.name, event_type.version, direct(event)
            except Exception:  # the codec's own path decides, and says what is wrong
                pass
        try:
            payload = compact(self.converter.unstructure(event, unstructure_as=event_type.cls))
        except CodecError:
            raise
        except (TypeError, ValueError) as error:
            raise CodecError(
                f"{event_type.name} event {event!r} cannot be encoded: {error}; "
                "use the field types the codec supports or register a hook for the value type"
            ) from error
        if not payload.isascii() and (problem := not_unicode(payload)) is not None:
            raise CodecError(
                f"{event_type.name} event cannot be stored: its payload holds {problem}"
            )
        return event_type.name, event_type.version, payload

    def decode_event(
        self, event_type: str, schema_version: int, payload: str, position: int | None = None
    ) -> object:
        """The event stored as ``payload`` at ``schema_version``, upcast to the current version."""
        decoder = self._decoders.get(event_type)
        if decoder is None:
            decoder = self._decoder(event_type, position)
        registered, strict, lenient, field_count, direct = decoder
        if direct is not None and schema_version == registered.version:
            try:
                return direct(payload)
            except Exception:  # the codec's own path decides, and says what is wrong
                pass
        try:
            data = parse_payload(payload)
        except (ValueError, TypeError, RecursionError) as error:
            raise CorruptRecordError(
                position, None, f"payload is not valid JSON ({error})"
            ) from None
        if type(data) is not dict:
            raise CorruptRecordError(position, None, "payload is not a JSON object")
        if schema_version != registered.version:
            data = self._upcast(registered, data, schema_version, position)
        # every field required and as many keys as fields: no key can be unknown, so the check
        # for unknown keys is skipped (a missing key still fails, and is then described)
        structure = lenient if len(data) == field_count else strict
        try:
            return structure(data, registered.cls)
        except Exception as error:  # cattrs raises many kinds; all mean a bad record
            raise described(self.converter, data, registered.cls, error, position) from None

    def decode(self, record: StoredRecord) -> RecordedEvent[Any]:
        """A stored record as the :class:`RecordedEvent` it stands for."""
        return next(self.decode_many((record,)))

    def decode_many(self, records: Iterable[StoredRecord]) -> Iterator[RecordedEvent[Any]]:
        """Decode ``records`` lazily, in order: the read path of every log query.

        The events of one append share their timestamps, so each distinct text is parsed once.
        """
        decode_event, direct = self.decode_event, self._direct
        last_at = last_effective = ""
        recorded_at = _EPOCH
        effective_date = _EPOCH.date()
        for record in records:
            (position, stream_id, version, name, schema, payload, at, effective, actor, corr,
             cause, h) = record  # fmt: skip
            entry = direct.get(name)
            if entry is not None and entry[0] == schema:
                try:
                    event = entry[1](payload)
                except Exception:  # the codec's own path decides
                    event = decode_event(name, schema, payload, position)
            else:
                event = decode_event(name, schema, payload, position)
            try:
                if at != last_at:
                    recorded_at, last_at = _to_datetime(at), at
                if effective != last_effective:
                    effective_date, last_effective = _to_date(effective), effective
            except (TypeError, ValueError) as error:
                raise CorruptRecordError(
                    position, "recorded_at/effective_date", str(error)
                ) from None
            yield _new_recorded(RecordedEvent, (
                position, stream_id, version, recorded_at, effective_date, actor, corr, cause,
                name, schema, event, h,
            ))  # fmt: skip

    def _decoder(self, event_type: str, position: int | None) -> _Decoder:
        if event_type not in self.types:
            raise UnknownEventTypeError(position, event_type)
        registered = self.types.by_name(event_type)
        cls = registered.cls
        fields = attrs.fields(cls)
        direct = direct_decoder(cls, self.converter.get_structure_hook, _STANDARD)
        if direct is not None:
            self._direct[event_type] = (registered.version, direct)
        eager = direct is None  # else the cattrs hooks serve only what it refuses: made when used
        if _flat_and_required(cls):  # the strict hook serves only a key too few or too many
            lenient = self._hook(cls, lenient=True, now=eager)
            decoder = (registered, self._hook(cls, now=False), lenient, len(fields), direct)
        else:
            strict = self._hook(cls, now=eager)
            decoder = (registered, strict, strict, -1, direct)
        self._decoders[event_type] = decoder
        return decoder

    def _hook(self, cls: type, *, lenient: bool = False, now: bool) -> _Structure:
        """The converter's structure hook for ``cls`` (its copy's that allows unknown keys, if
        ``lenient``), made ``now`` or the first time it is called."""

        def make() -> _Structure:
            if not lenient:
                return self.converter.get_structure_hook(cls)
            if self._lenient is None:
                self._lenient = self.converter.copy(forbid_extra_keys=False)
            return self._lenient.get_structure_hook(cls)

        return make() if now else _when_used(make)

    @staticmethod
    def _upcast(
        registered: EventType, data: dict[str, Any], schema_version: int, position: int | None
    ) -> dict[str, Any]:
        if schema_version > registered.version:
            raise CorruptRecordError(
                position,
                None,
                f"stored at schema version {schema_version} of {registered.name!r} but this code "
                f"knows only up to version {registered.version}: upgrade the plugin defining it",
            )
        try:
            return registered.upcast(data, schema_version)
        except EventTypeError as error:
            raise CorruptRecordError(position, None, str(error)) from None
        except Exception as error:  # an upcaster that cannot read this old payload
            raise CorruptRecordError(
                position,
                None,
                f"upcasting {registered.name!r} from schema version {schema_version} failed "
                f"({type(error).__name__}: {error})",
            ) from error
