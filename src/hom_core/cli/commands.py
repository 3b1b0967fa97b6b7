"""Commands from text: a command class by name, its fields from ``--field NAME=VALUE`` options
or a JSON object, structured by the log's converter so values read exactly as stored events do
(dates ``YYYY-MM-DD``, money ``"412.50"``, FTE ``"201.5"``, enums by value, URNs as digits).

A command as JSON, the shape of ``hom record --file`` and of a command line of ``hom import``::

    {"command": "GiveNotice", "fields": {"member_id": "st-philips", "received_on": "2015-03-02"}}
"""

from __future__ import annotations

import difflib
import enum
import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.v import format_exception

from hom_core.errors import HomError, InvalidValueError, UsageError
from hom_core.jsontext import loads

__all__ = ["CommandReader", "describe_fields", "field_list"]

_COLLECTIONS = (tuple, list, set, frozenset, dict)


class CommandReader:
    """Reads commands of ``types`` (class name -> class) with ``converter`` (the log's)."""

    def __init__(self, types: Mapping[str, type], converter: cattrs.Converter) -> None:
        self.types = dict(types)
        self.converter = converter

    def command_class(self, name: str) -> type:
        """The command class called ``name``; a :class:`UsageError` naming the known ones."""
        cls = self.types.get(name)
        if cls is not None:
            return cls
        close = difflib.get_close_matches(name, self.types, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UsageError(
            f"{name!r} is not a command: {hint}the commands are {', '.join(sorted(self.types))} "
            "(hom record with no command lists their fields)"
        )

    def from_options(self, name: str, pairs: Sequence[str]) -> object:
        """The command ``name`` with ``NAME=VALUE`` fields, each VALUE read as its field wants.

        A VALUE is taken as JSON when that gives a value of the field's type (``402`` for an
        int, ``true``, ``["a", "b"]``, ``{"...": ...}``, ``null``), else as text (dates, money,
        names); a JSON string such as ``'"402"'`` is always text.
        """
        cls = self.command_class(name)
        hints = _hints(cls)
        fields: dict[str, Any] = {}
        for pair in pairs:
            field, separator, text = pair.partition("=")
            if not separator:
                raise UsageError(
                    f"--field {pair!r} has no '=': write NAME=VALUE, such as received_on=2015-03-02"
                )
            if field not in hints:
                raise UsageError(f"{name} has no field {field!r}: {describe_fields(cls)}")
            if field in fields:
                raise UsageError(f"--field {field} is given twice: give each field once")
            fields[field] = self._value(field, text, hints[field])
        return self.structure(cls, fields)

    def from_json(self, document: Any) -> object:
        """The command a ``{"command": NAME, "fields": {...}}`` document describes."""
        if not isinstance(document, dict):
            raise UsageError(f"a command is a JSON object such as {_EXAMPLE}, not {document!r}")
        unknown = sorted(set(document) - {"command", "fields"})
        if unknown or not isinstance(document.get("command"), str):
            what = f"unknown key(s) {', '.join(unknown)}" if unknown else 'no "command" name'
            raise UsageError(f"{what}: write a command as {_EXAMPLE}")
        fields = document.get("fields", {})
        if not isinstance(fields, dict):
            raise UsageError(f'"fields" must be a JSON object, such as {_EXAMPLE}')
        return self.structure(self.command_class(document["command"]), fields)

    def structure(self, cls: type, fields: Mapping[str, Any]) -> object:
        """``cls`` built from JSON-like ``fields``; a one-line :class:`UsageError` naming the
        field that is wrong and the fields ``cls`` takes."""
        try:
            return self.converter.structure(dict(fields), cls)
        except Exception as error:  # cattrs raises many kinds; all mean bad input
            problem = _describe(self.converter, dict(fields), cls, error)
            raise UsageError(f"{cls.__name__}: {problem}; {describe_fields(cls)}") from None

    def _value(self, field: str, text: str, annotation: Any) -> Any:
        try:
            parsed = loads(text)
        except InvalidValueError as error:
            raise UsageError(f"--field {field}: {error}") from None
        except ValueError:  # not JSON: the text itself
            parsed = text
        if typing.get_origin(annotation) in _COLLECTIONS or annotation in _COLLECTIONS:
            if isinstance(parsed, str):
                raise UsageError(
                    f"--field {field}={text}: this field holds several values: write them as a "
                    'JSON list, such as \'["a", "b"]\''
                )
            return parsed
        if isinstance(parsed, str):
            return parsed
        try:
            self.converter.structure(parsed, annotation)
        except InvalidValueError:  # the field's type, but a value it refuses: say why
            return parsed
        except Exception:  # not a value of the field's type as JSON: take the text
            return text
        return parsed


_EXAMPLE = '{"command": "GiveNotice", "fields": {"member_id": "...", "received_on": "2015-03-02"}}'


def field_list(cls: type) -> str:
    """The fields ``cls`` takes, such as ``member_id: str, received_on: date``; a field with a
    default is shown as ``[name: type]``."""
    hints = _hints(cls)
    parts = []
    for field in attrs.fields(cls):
        text = f"{field.name}: {_type_name(hints[field.name])}"
        parts.append(text if field.default is attrs.NOTHING else f"[{text}]")
    return ", ".join(parts)


def describe_fields(cls: type) -> str:
    """What ``cls`` takes, such as ``GiveNotice(member_id: str, received_on: date)``."""
    return f"{cls.__name__}({field_list(cls)})"


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_MODULE_PATH = re.compile(r"\b(?:[a-z_][a-z0-9_]*\.)+(?=[A-Za-z_])")


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "|".join(str(member.value) for member in annotation)
    if isinstance(annotation, type) and not typing.get_args(annotation):
        return annotation.__name__
    return _MODULE_PATH.sub("", str(annotation))


def _describe(converter: cattrs.Converter, data: Any, cls: type, error: Exception) -> str:
    """Which field of ``data`` is wrong, found by structuring it again with detailed messages."""
    try:
        converter.copy(detailed_validation=True).structure(data, cls)
    except Exception as detailed:
        messages = cattrs.transform_error(detailed, path="", format_exception=_format)
        return "; ".join(_field_first(message) for message in messages)
    return f"{type(error).__name__}: {error}"


def _format(failure: BaseException, kind: type | None) -> str:
    if isinstance(failure, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(failure.extra_fields))}"
    if isinstance(failure, HomError):  # our value types say what is wrong and what to do
        return str(failure)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return f"use one of {_type_name(kind)}"
    if isinstance(failure, TypeError | ValueError) and str(failure):
        return f"{format_exception(failure, kind)} ({failure})"
    return format_exception(failure, kind)


def _field_first(message: str) -> str:
    """``'reason @ .a.b'`` as ``'a.b: reason'``."""
    reason, _, path = message.rpartition(" @ ")
    path = path.lstrip(".")
    return f"{path}: {reason}" if path else reason
