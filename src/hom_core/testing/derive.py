"""Hypothesis strategies derived from type annotations, for events and commands of any plugin.

:func:`strategy_for` turns a field's type into a strategy: attrs classes field by field (a value
their validators refuse is not drawn), ``Optional``, unions, tuples, lists, sets, dicts, enums,
``Literal``, and the primitives the codec stores. Values of other types come from
``st.from_type``, kept only when they come back equal through the converter and the JSON text
the codec stores, so every value drawn encodes and decodes. A ``values`` mapping (type ->
strategy) takes precedence at every depth: that is how validated value types (a URN of six
digits) get drawn well.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any
from uuid import UUID

import attrs
import cattrs
from hypothesis import strategies as st

from hom_core.errors import HomError, UsageError
from hom_core.jsontext import compact

__all__ = ["Values", "strategy_for"]

Values = Mapping[Any, st.SearchStrategy[Any]]
"""Strategies for particular types, used before any derivation (``{Urn: urns}``)."""

_NO_VALUES: Values = MappingProxyType({})

text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
"""Text every store keeps: no lone surrogates (not UTF-8) and no NUL (PostgreSQL refuses it)."""

_PRIMITIVES: dict[Any, st.SearchStrategy[Any]] = {
    type(None): st.none(),
    bool: st.booleans(),
    int: st.integers(-(2**63), 2**63 - 1),
    float: st.floats(allow_nan=False, allow_infinity=False),
    Decimal: st.decimals(allow_nan=False, allow_infinity=False),
    str: text,
    date: st.dates(),
    datetime: st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.replace(fold=0)),
    UUID: st.uuids(),
}
"""The field types the codec stores natively, over the whole domain it stores exactly (aware
UTC datetimes, finite numbers)."""

_REFUSED = object()
"""What :func:`_construct` returns for arguments the class's validators refuse."""


def strategy_for(
    annotation: Any, values: Values = _NO_VALUES, converter: cattrs.Converter | None = None
) -> st.SearchStrategy[Any]:
    """A strategy for values of ``annotation``, drawing ``values[t]`` for a type ``t`` at any
    depth; with a ``converter``, only values that it encodes and decodes exactly."""
    if annotation in values:
        return values[annotation]
    if annotation in _PRIMITIVES:
        return _PRIMITIVES[annotation]
    supertype = getattr(annotation, "__supertype__", None)  # a typing.NewType
    if supertype is not None:
        return strategy_for(supertype, values, converter)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from(annotation)
    if isinstance(annotation, type) and attrs.has(annotation):
        return _attrs_instances(annotation, values, converter)
    derived = _generic(annotation, values, converter)
    if derived is not None:
        return derived
    drawn = st.from_type(annotation)
    return drawn if converter is None else drawn.filter(_round_trips(annotation, converter))


def _generic(
    annotation: Any, values: Values, converter: cattrs.Converter | None
) -> st.SearchStrategy[Any] | None:
    """Strategies for the parameterised types (unions, tuples, collections, literals)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([strategy_for(arg, values, converter) for arg in args])

    def each(arg: Any) -> st.SearchStrategy[Any]:
        return strategy_for(arg, values, converter)

    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(each(args[0]), max_size=3).map(tuple)
        return st.tuples(*map(each, args))
    if origin is list:
        return st.lists(each(args[0]), max_size=3)
    if origin in (set, frozenset):
        return st.frozensets(each(args[0]), max_size=3).map(origin)
    if origin is dict:
        return st.dictionaries(each(args[0]), each(args[1]), max_size=3)
    return None


def _attrs_instances(
    cls: type, values: Values, converter: cattrs.Converter | None
) -> st.SearchStrategy[Any]:
    try:
        hints = typing.get_type_hints(cls)
    except Exception as error:  # an annotation that does not resolve at run time
        raise UsageError(
            f"cannot read the field types of {cls.__qualname__} ({error}): give a strategy for "
            "it in values={...}"
        ) from error

    def drawn(hint: Any) -> st.SearchStrategy[Any]:  # deferred: a class may hold itself
        return st.deferred(lambda: strategy_for(hint, values, converter))

    fields = {field.alias: drawn(hints[field.name]) for field in attrs.fields(cls) if field.init}
    return (
        st.fixed_dictionaries(fields)
        .map(lambda arguments: _construct(cls, arguments))
        .filter(lambda built: built is not _REFUSED)
    )


def _construct(cls: type, arguments: dict[str, Any]) -> Any:
    try:
        return cls(**arguments)
    except (HomError, ValueError, TypeError):  # its validators refuse these arguments
        return _REFUSED


def _round_trips(annotation: Any, converter: cattrs.Converter) -> Callable[[Any], bool]:
    """Does a value come back equal from ``converter`` and the JSON text the codec stores?"""

    def check(value: Any) -> bool:
        try:
            text = compact(converter.unstructure(value, annotation))
            again = converter.structure(json.loads(text), annotation)
        except Exception:  # the codec cannot store this value: it is not drawn
            return False
        return bool(again == value)

    return check
