"""Events straight to and from payload text with msgspec (the ``fast`` extra), for the event
classes msgspec reads and writes exactly as the codec's rules do.

Decoding. The codec's own path parses a payload into a dict and structures it with cattrs:
about two microseconds an event, most of it calling a Python hook per field and the class's
``__init__``. msgspec can build the event from the text in C, but it reads some values more
leniently than the codec's rules: a float or ``"NaN"`` for a :class:`~decimal.Decimal`, and an
unknown key, which it ignores. So a payload is first checked against a *mirror* of the class
(a msgspec struct refusing unknown keys, whose decimal fields take only a string or an
integer; the text one object without surrounding space, as the codec reads it), then decoded
into the class, and its decimals are checked to be finite. Whatever a step refuses goes to the
codec's own path, which decides (and names the offending field): the direct path never accepts
a payload the codec's path would refuse, and gives an equal event when both accept.

Encoding. msgspec writes the fields' values as the codec does (strings escaped alike, dates and
decimals as their text; given as a dict, in the fields' order, since it writes an attrs
instance's fields sorted), provided every value is of its field's type exactly:
that is checked first (with the decimals finite), and an event that fails the check, or that
msgspec refuses (text that is not Unicode), goes to the codec's own path, which raises.

A class qualifies when every field is required, keeps its name as its key, has no converter,
and holds only ``str``, ``int``, ``bool``, ``date``, ``Decimal``, ``X | None`` or
``tuple[X, ...]`` of these (a decimal only as the field's type, or with ``None``), each
handled by the codec's own hooks (a plugin's hook for one of them, or for the class,
disqualifies it); and when the class caches no hash (msgspec sets the fields without running
``__init__``; it does run validators and ``__attrs_post_init__``).
"""

from __future__ import annotations

import operator
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

try:
    import msgspec
except ImportError:  # pragma: no cover - without the fast extra every class takes the codec's path
    msgspec = None  # type: ignore[assignment]

__all__ = ["DirectDecoder", "DirectEncoder", "direct_decoder", "direct_encoder"]

DirectDecoder = Callable[[str], object]
"""The event a payload holds; raises when the codec's own path must decide."""

DirectEncoder = Callable[[object], str]
"""The payload of an event; raises when the codec's own path must decide."""


Hooks = Callable[[Any], Any]
"""The codec's structure (or unstructure) hook for a type."""


def direct_decoder(
    cls: type, hooks: Hooks, standard: Mapping[type, object]
) -> DirectDecoder | None:
    """The direct decoder of ``cls``, or ``None`` when it does not qualify (module docstring).

    ``hooks(kind)`` is the codec's structure hook for ``kind``; ``standard`` maps each leaf type
    to the hook the codec registers for it.
    """
    fields = _plain_fields(cls, hooks, standard, "<cattrs generated structure")
    if fields is None:
        return None
    mirror: list[tuple[str, Any]] = []
    decimals = []
    for name, hint in fields:
        if hint in _DECIMALS:
            decimals.append(name)
            mirror.append((name, str | int if hint is Decimal else str | int | None))
        else:
            mirror.append((name, hint))
    try:
        struct = msgspec.defstruct(
            f"{cls.__name__}Payload", mirror, forbid_unknown_fields=True, gc=False
        )
        check: Callable[[str], object] = msgspec.json.Decoder(struct).decode
        typed: Callable[[str], object] = msgspec.json.Decoder(cls).decode
    except TypeError:  # a class msgspec cannot decode into
        return None

    def decode(payload: str) -> object:
        if payload[-1:] != "}" or payload[:1] != "{":
            raise ValueError("not one object without surrounding space")
        check(payload)
        return typed(payload)

    if not decimals:
        return decode
    numbers = operator.attrgetter(*decimals)
    one = len(decimals) == 1

    def decode_finite(payload: str) -> object:
        if payload[-1:] != "}" or payload[:1] != "{":
            raise ValueError("not one object without surrounding space")
        check(payload)
        event = typed(payload)
        values = (numbers(event),) if one else numbers(event)
        for value in values:
            if value is not None and not value.is_finite():
                raise ValueError("not a finite decimal")
        return event

    return decode_finite


def direct_encoder(
    cls: type, hooks: Hooks, standard: Mapping[type, object]
) -> DirectEncoder | None:
    """The direct encoder of ``cls``, or ``None`` when it does not qualify (module docstring).

    ``hooks(kind)`` is the codec's unstructure hook for ``kind``; ``standard`` maps each leaf
    type to the codec's own.
    """
    fields = _plain_fields(cls, hooks, standard, "<cattrs generated unstructure")
    if fields is None:
        return None
    values = operator.attrgetter(*(name for name, _ in fields))
    kinds = [_exact_types(hint) for _, hint in fields]
    plain = (
        tuple(own[0] for own, items in kinds)
        if all(len(own) == 1 and not items for own, items in kinds)
        else None
    )
    finite = [index for index, (_, hint) in enumerate(fields) if hint in _DECIMALS]
    encode = msgspec.json.Encoder().encode

    names = [name for name, _ in fields]

    def direct(event: object) -> str:
        held = values(event)
        if len(names) == 1:
            held = (held,)
        if plain is not None:
            other = tuple(map(type, held)) != plain
        else:
            other = not all(map(_of_types, held, kinds))
        if other:
            raise TypeError("a value not of its field's type: the codec's path decides")
        for index in finite:
            if held[index] is not None and not held[index].is_finite():
                raise ValueError("not a finite decimal: the codec's path decides")
        return encode(dict(zip(names, held, strict=True))).decode()  # in the fields' order

    return direct


_DECIMALS = (Decimal, Decimal | None, typing.Optional[Decimal])  # noqa: UP045


def _plain_fields(
    cls: type, hooks: Hooks, standard: Mapping[type, object], generated: str
) -> list[tuple[str, Any]] | None:
    """``cls``'s fields with their types, when it qualifies (module docstring): its own hook
    is the one cattrs generates (its code's file name starts with ``generated``)."""
    if msgspec is None or not attrs.has(cls) or _caches_hash(cls):
        return None
    code = getattr(hooks(cls), "__code__", None)
    if code is None or not code.co_filename.startswith(generated):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that does not resolve
        return None
    fields = []
    for field in attrs.fields(cls):
        hint = hints.get(field.name)
        if hint in _DECIMALS:
            supported = hooks(Decimal) is standard.get(Decimal)
        else:
            supported = _mirror(hint, hooks, standard) is not None
        if (
            not supported
            or field.default is not attrs.NOTHING
            or not field.init
            or field.converter is not None
            or field.alias != field.name
        ):
            return None
        fields.append((field.name, hint))
    return fields


def _exact_types(hint: Any) -> tuple[tuple[type, ...], tuple[type, ...]]:
    """The types a value of a field of type ``hint`` may have, and those of a tuple's items."""
    if hint in (Decimal, str, int, bool, type(None)) or hint is date:
        return (hint,), ()
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        return (tuple,), _exact_types(args[0])[0]
    kinds = [_exact_types(arg) for arg in args]  # X | None
    return tuple(t for own, _ in kinds for t in own), tuple(t for _, items in kinds for t in items)


def _of_types(value: object, kinds: tuple[tuple[type, ...], tuple[type, ...]]) -> bool:
    own, items = kinds
    if type(value) not in own:
        return False
    return type(value) is not tuple or all(type(item) in items for item in value)


def _caches_hash(cls: type) -> bool:
    code = getattr(cls.__hash__, "__code__", None)
    return code is not None and "_attrs_cached_hash" in code.co_names


def _mirror(
    annotation: Any, hooks: Callable[[Any], object], standard: Mapping[type, object]
) -> Any:
    """The type the mirror checks for ``annotation`` (``None``: not supported)."""
    if annotation in standard and annotation is not Decimal:
        return annotation if hooks(annotation) is standard[annotation] else None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _mirror(next(arg for arg in args if arg is not type(None)), hooks, standard)
        return None if inner is None else inner | None
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        inner = _mirror(args[0], hooks, standard)
        return None if inner is None else tuple[inner, ...]  # type: ignore[valid-type]
    return None
