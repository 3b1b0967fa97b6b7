"""Decoding a payload straight into its event class, for the classes msgspec reads exactly as
the codec's rules read them (the ``fast`` extra).

The codec's own path parses a payload into a dict and structures it with cattrs: about two
microseconds an event, most of it calling a Python hook per field and the class's
``__init__``. msgspec can build the event from the text in C, but it reads some values more
leniently than the codec's rules: a float or ``"NaN"`` for a :class:`~decimal.Decimal`, and an
unknown key, which it ignores. So a payload is first checked against a *mirror* of the class
(a msgspec struct refusing unknown keys, whose decimal fields take only a string or an
integer; the text one object without surrounding space, as the codec reads it), then decoded
into the class, and its decimals are checked to be finite. Whatever a
step refuses goes to the codec's own path, which decides (and names the offending field): the
direct path never accepts a payload the codec's path would refuse, and gives an equal event
when both accept.

A class qualifies when every field is required, keeps its name as its key, has no converter,
and holds only ``str``, ``int``, ``bool``, ``date``, ``Decimal``, ``X | None`` or
``tuple[X, ...]`` of these (a decimal only as the field's type, or with ``None``), each
structured by the codec's own hook (a plugin's hook for one of them disqualifies the class);
and when the class caches no hash (msgspec sets the fields without running ``__init__``; it
does run validators and ``__attrs_post_init__``).
"""

from __future__ import annotations

import operator
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

try:
    import msgspec
except ImportError:  # pragma: no cover - without the fast extra every class takes the codec's path
    msgspec = None  # type: ignore[assignment]

__all__ = ["DirectDecoder", "direct_decoder"]

DirectDecoder = Callable[[str], object]
"""The event a payload holds; raises when the codec's own path must decide."""


def direct_decoder(
    cls: type, hooks: Callable[[Any], object], standard: Mapping[type, object]
) -> DirectDecoder | None:
    """The direct decoder of ``cls``, or ``None`` when it does not qualify (module docstring).

    ``hooks(kind)`` is the codec's structure hook for ``kind``; ``standard`` maps each leaf type
    to the hook the codec registers for it, so a class holding a type with another hook (a
    plugin's) is left to the codec's path.
    """
    if msgspec is None or not attrs.has(cls) or _caches_hash(cls):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that does not resolve
        return None
    mirror, decimals = [], []
    for field in attrs.fields(cls):
        if (
            field.default is not attrs.NOTHING
            or not field.init
            or field.converter is not None
            or field.alias != field.name
        ):
            return None
        hint = hints.get(field.name)
        if hint in (Decimal, Decimal | None, typing.Optional[Decimal]):  # noqa: UP045
            if hooks(Decimal) is not standard.get(Decimal):
                return None
            decimals.append(field.name)
            kind: Any = str | int if hint is Decimal else str | int | None
        else:
            kind = _mirror(hint, hooks, standard)
        if kind is None:
            return None
        mirror.append((field.name, kind))
    try:
        struct = msgspec.defstruct(
            f"{cls.__name__}Payload", mirror, forbid_unknown_fields=True, gc=False
        )
        check, typed = msgspec.json.Decoder(struct).decode, msgspec.json.Decoder(cls).decode
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
