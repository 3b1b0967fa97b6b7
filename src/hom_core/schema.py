"""JSON Schemas of the event types, generated from their attrs classes.

An event's payload is its attrs fields as the codec writes them (:mod:`hom_core.codec`): dates
as ``YYYY-MM-DD`` strings, money and FTE as exact decimal strings, enums by value, no unknown
keys. :func:`event_schema` turns one registered :class:`~hom_core.events.EventType` into a JSON
Schema (draft 2020-12) of that payload; :func:`event_schemas` gives every registered type in one
document, under ``$defs`` by type name. ``hom schema`` prints them; a receiver of the webhook
(whose body carries the payload) validates against them.

Value types the codec writes as strings are described by :data:`VALUE_SCHEMAS`; a plugin's own
value type can describe itself with a ``__json_schema__`` class attribute (a dict). A type this
module cannot describe is a :class:`~hom_core.errors.UsageError` naming the field, so a schema
never silently says less than the codec checks.
"""

from __future__ import annotations

import enum
import inspect
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from hom_core.domain import AcademicYear, Calendar, FinancialYear, Fte, Money, Term, Ukprn, Urn
from hom_core.errors import UsageError
from hom_core.events import EventType, EventTypes

__all__ = ["DIALECT", "VALUE_SCHEMAS", "event_schema", "event_schemas", "notification_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the schemas."""

Schema = dict[str, Any]


def _pattern(pattern: str, example: str) -> Schema:
    return {"type": "string", "pattern": pattern, "examples": [example]}


VALUE_SCHEMAS: Mapping[type, Schema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
    Decimal: _pattern(r"^-?[0-9]+(\.[0-9]+)?$", "412.5"),
    UUID: {"type": "string", "format": "uuid"},
    Money: _pattern(r"^-?[0-9]+\.[0-9]{2}$", "412.50"),
    Fte: _pattern(r"^[0-9]+(\.5)?$", "201.5"),
    Urn: _pattern(r"^[0-9]{6}$", "105430"),
    Ukprn: _pattern(r"^[0-9]{8}$", "10012345"),
    AcademicYear: _pattern(r"^[0-9]{4}/[0-9]{2}$", "2014/15"),
    FinancialYear: _pattern(
        r"^[0-9]{4}(-[0-9]{2})?( \((Jan|Feb|Mar|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\))?$", "2014-15"
    ),
    Term: {"enum": [term.value for term in Term]},
}
"""How the codec writes each value type that is not an attrs class (the domain's values as
strings: pounds with two places, FTE in halves, URNs as digits, years as ``2014/15`` and
``2014-15``, or ``2014-15 (Sep)`` for a financial year that does not start in April)."""


def _described(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n")[0].split()).replace("``", "`")


def _schema(annotation: Any, where: str, defs: dict[str, Schema]) -> Schema:
    """The schema of a value of ``annotation`` (``where`` names the field, for errors)."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is type(None):
        return {"type": "null"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(argument, where, defs) for argument in arguments]}
    if origin is typing.Literal:
        return {"enum": list(arguments)}
    if origin in (tuple, list, set, frozenset) or annotation in (tuple, list, set, frozenset):
        if origin is tuple and arguments and arguments[-1] is not Ellipsis:
            items = [_schema(argument, where, defs) for argument in arguments]
            return {"type": "array", "prefixItems": items, "items": False}
        item = arguments[0] if arguments else Any
        return {"type": "array", "items": _schema(item, f"{where}[]", defs)}
    if origin in (dict, Mapping) or annotation is dict:
        value = arguments[1] if arguments else Any
        return {"type": "object", "additionalProperties": _schema(value, f"{where}{{}}", defs)}
    if annotation is Any:
        return {}
    if annotation is Calendar:
        return {"type": "array", "items": _schema(_term_dates(), f"{where}[]", defs)}
    if isinstance(annotation, type):
        return _class_schema(annotation, where, defs)
    raise UsageError(f"{where}: cannot describe {annotation!r} in JSON Schema")


def _term_dates() -> type:
    from hom_core.domain import TermDates

    return TermDates


def _class_schema(cls: type, where: str, defs: dict[str, Schema]) -> Schema:
    if cls in VALUE_SCHEMAS:
        return dict(VALUE_SCHEMAS[cls])
    own = getattr(cls, "__json_schema__", None)
    if isinstance(own, dict):
        return dict(own)
    if issubclass(cls, enum.Enum):
        return {"enum": [member.value for member in cls]}
    if attrs.has(cls):
        name = cls.__name__
        if name not in defs:
            defs[name] = {}  # a placeholder: a class that contains itself refers to itself
            defs[name] = _object(cls, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise UsageError(
        f"{where}: cannot describe {cls.__module__}.{cls.__qualname__} in JSON Schema: give it a "
        "__json_schema__ class attribute (a dict), as a plugin's value type"
    )


def _object(cls: type, defs: dict[str, Schema]) -> Schema:
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    properties = {
        field.name: _schema(hints[field.name], f"{cls.__name__}.{field.name}", defs)
        for field in fields
    }
    schema: Schema = {"type": "object", "title": cls.__name__}
    description = _described(cls)
    if description:
        schema["description"] = description
    schema["properties"] = properties
    schema["required"] = [field.name for field in fields if field.default is attrs.NOTHING]
    schema["additionalProperties"] = False
    return schema


def event_schema(event_type: EventType) -> Schema:
    """The JSON Schema of the payload of ``event_type`` at its current version."""
    defs: dict[str, Schema] = {}
    body = _object(event_type.cls, defs)
    schema: Schema = {
        "$schema": DIALECT,
        "$id": f"urn:hom:event:{event_type.name}:{event_type.version}",
        **body,
        "title": event_type.name,
        "x-hom-class": f"{event_type.cls.__module__}.{event_type.cls.__qualname__}",
        "x-hom-schema-version": event_type.version,
    }
    if defs:
        schema["$defs"] = defs
    return schema


def event_schemas(types_: EventTypes) -> Schema:
    """Every registered event type's schema in one document, under ``$defs`` by type name."""
    schemas = {
        event_type.name: event_schema(event_type)
        for event_type in sorted(types_, key=lambda t: t.name)
    }
    return {
        "$schema": DIALECT,
        "$id": "urn:hom:events",
        "title": "The payloads of hom's events, by event type",
        "$defs": schemas,
    }


def notification_schema(types_: EventTypes) -> Schema:
    """The JSON Schema of the body the webhook posts for each event (its ``version`` 1): the
    record's envelope, and under ``data`` the payload, valid against its type's schema."""
    events = event_schemas(types_)
    cases = [
        {
            "if": {"properties": {"type": {"const": name}}},
            "then": {"properties": {"data": {"$ref": f"#/$defs/{name}"}}},
        }
        for name in events["$defs"]
    ]
    text: Schema = {"type": "string"}
    return {
        "$schema": DIALECT,
        "$id": "urn:hom:notification:1",
        "title": "The body of a webhook notification (version 1)",
        "type": "object",
        "properties": {
            "version": {"const": 1},
            "idempotency_key": {**text, "pattern": r"^hom\.[a-z0-9_.-]+\.[0-9]+\.[0-9a-f]{16}$"},
            "event": {
                "type": "object",
                "properties": {
                    "position": {"type": "integer", "minimum": 1},
                    "stream_id": text,
                    "stream_version": {"type": "integer", "minimum": 1},
                    "type": {"enum": list(events["$defs"])},
                    "schema_version": {"type": "integer", "minimum": 1},
                    "recorded_at": {**text, "format": "date-time"},
                    "effective_date": {**text, "format": "date"},
                    "actor": {"type": ["string", "null"]},
                    "correlation_id": {"type": ["string", "null"]},
                    "causation_id": {"type": ["string", "null"]},
                    "hash": {**text, "pattern": "^[0-9a-f]{64}$"},
                    "data": {"type": "object"},
                },
                "required": [
                    "position",
                    "stream_id",
                    "stream_version",
                    "type",
                    "schema_version",
                    "recorded_at",
                    "effective_date",
                    "hash",
                    "data",
                ],
                "allOf": cases,
            },
        },
        "required": ["version", "idempotency_key", "event"],
        "$defs": events["$defs"],
    }
