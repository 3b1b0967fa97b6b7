"""Deciders side by side: :func:`compose`, and what a composition reads.

A composition is itself a :class:`~hom_core.decider.Decider`: its state is a tuple of its parts'
states, its ``evolve`` routes each event to the part owning its type and its ``decide`` each
command to the part deciding it, with the inputs that part reads built from the composed state.
Compositions nest (a partnership's rules, then a domain pack beside them): a part may read any
decider composed around it, however deep.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from operator import itemgetter
from types import GenericAlias
from typing import Any
from weakref import WeakKeyDictionary

from hom_core.decider import Check, Decide, Decider, Evolve, no_obligations, unknown_command
from hom_core.errors import PluginError, UsageError
from hom_core.obligations import Obligation

__all__ = ["compose", "inputs", "obligations", "unread"]

Getter = Callable[[Any], Any]
"""Gets a part's state (or its inputs) from a composed state."""

Readers = Mapping[str, tuple[Decider[Any], Getter]]
"""The deciders a composition is made of, however deep, by name, with how to get the state of
each from the composed state."""


def compose(
    name: str, *parts: Decider[Any], state: type[tuple[Any, ...]] | None = None
) -> Decider[Any]:
    """The deciders ``parts`` side by side, as one decider named ``name``.

    Its state is a tuple of the parts' states, in order; a ``state`` class, a
    :class:`typing.NamedTuple` whose fields are named after the parts, names them. Each event
    goes to the part that owns its type (any other event leaves the state unchanged) and each
    command to the part that decides it, with the inputs that part reads. Two parts owning one
    event type or deciding one command type, two parts of one name, or a part reading another
    as a type that is not its state, is a :class:`~hom_core.errors.PluginError`; a part may read
    deciders composed only further out (:func:`unread`). Its version is the sum of its parts',
    so a new version of any part drops the composition's snapshots. Its ``obligations(state,
    day)`` are its parts', each given the inputs it reads.
    """
    if not parts:
        raise PluginError(f"compose {name!r} of at least one decider")
    _readers(name, parts)  # two parts of one name are refused first
    names = tuple(part.name for part in parts)
    if state is not None and getattr(state, "_fields", None) != names:
        raise PluginError(
            f"{getattr(state, '__qualname__', state)!r} names the parts of {name!r}: give it the "
            f"fields {', '.join(names)}, in that order"
        )
    kind: type[tuple[Any, ...]] = tuple if state is None else state
    make = tuple.__new__
    routes: dict[type, tuple[int, Evolve]] = {}
    for index, part in enumerate(parts):
        for event_type in part.event_types:
            claimed = routes.get(event_type.cls)
            if claimed is not None:
                raise PluginError(
                    f"{event_type.cls.__qualname__} is evolved by {parts[claimed[0]].name!r} and "
                    f"{part.name!r}: an event type belongs to one decider"
                )
            routes[event_type.cls] = index, part.evolve
    get_route = routes.get

    def evolve(composed: Any, event: object) -> Any:
        route = get_route(type(event))  # one dict lookup, then the part's own
        if route is None:
            return composed
        index, evolve_part = route
        updated = evolve_part(composed[index], event)
        return make(kind, (*composed[:index], updated, *composed[index + 1 :]))

    def initial() -> Any:
        return make(kind, [part.initial() for part in parts])

    return Decider(
        name,
        initial,
        evolve,
        _routed(name, parts),
        tuple(event_type for part in parts for event_type in part.event_types),
        tuple(command for part in parts for command in part.command_types),
        None,
        sum(part.version for part in parts),
        state if state is not None else _tuple_of(parts),
        parts,
        _obliged(name, parts),
        _routed_checks(name, parts),
        tuple(checked for part in parts for checked in part.checked_types),
    )


def unread(decider: Decider[Any]) -> frozenset[str]:
    """The deciders ``decider`` (or a part of it) reads that are not composed in it: it can
    decide only once composed with them."""
    if not decider.parts:
        return frozenset(decider.reading) - {decider.name}
    composed = _readers(decider.name, decider.parts)
    return frozenset(name for part in decider.parts for name in unread(part) - composed.keys())


def inputs(decider: Decider[Any], part: str, state: Any) -> Any:
    """What the decider named ``part``, in ``decider``, decides against when ``decider``'s state
    is ``state``: its inputs, or its own state when it reads nothing else."""
    build = _inputs(decider).get(part)
    if build is None:
        known = ", ".join(sorted(_readers(decider.name, decider.parts)))
        raise UsageError(f"{decider.name} has no part {part!r}: it is made of {known}")
    return build(state)


def obligations(decider: Decider[Any], part: str, state: Any, day: date) -> list[Obligation]:
    """What the part named ``part`` of ``decider`` (one decider, or a composition within it)
    asks by a date, on ``day``, when ``decider``'s state is ``state``: a domain pack's
    obligations, without those of the rules composed beside it."""
    if part == decider.name:
        return list(decider.obligations(state, day))
    found = _readers(decider.name, decider.parts).get(part)
    if found is None:
        inputs(decider, part, state)  # the error naming the parts there are
    assert found is not None
    leaves = [found[0]] if not found[0].parts else [leaf for leaf, _ in _leaves(found[0].parts)]
    builders = _inputs(decider)
    return [each for leaf in leaves for each in leaf.obligations(builders[leaf.name](state), day)]


def _obliged(name: str, parts: tuple[Decider[Any], ...]) -> Callable[[Any, date], list[Obligation]]:
    """``obligations`` of a composition: each leaf's, given the inputs it reads."""
    builders = _builders(name, parts)
    leaves = [
        (leaf.obligations, builders[leaf.name])
        for leaf, _ in _leaves(parts)
        if leaf.obligations is not no_obligations
    ]
    if not leaves:
        return no_obligations

    def obliged(state: Any, day: date) -> list[Obligation]:
        return [each for oblige, build in leaves for each in oblige(build(state), day)]

    return obliged


def _readers(name: str, parts: Iterable[Decider[Any]]) -> dict[str, tuple[Decider[Any], Getter]]:
    """The readers of the composition ``name`` of ``parts`` (its own entry is left out)."""
    found: dict[str, tuple[Decider[Any], Getter]] = {}
    for index, part in enumerate(parts):
        inner = {part.name: (part, _same), **_readers(part.name, part.parts)}
        for each, (decider, get) in inner.items():
            if each in found or each == name:
                raise PluginError(
                    f"two deciders are named {each!r} in {name!r}: give each its own name"
                )
            found[each] = decider, _then(itemgetter(index), get)
    return found


def _same(state: Any) -> Any:
    return state


def _then(first: Getter, second: Getter) -> Getter:
    if first is _same:
        return second
    return first if second is _same else lambda state: second(first(state))


def _leaves(
    parts: Iterable[Decider[Any]], at: Getter = _same
) -> Iterable[tuple[Decider[Any], Getter]]:
    """Each decider without parts among ``parts`` (however deep), with how to get its state."""
    for index, part in enumerate(parts):
        here = _then(at, itemgetter(index))
        if part.parts:
            yield from _leaves(part.parts, here)
        else:
            yield part, here


def _builders(name: str, parts: tuple[Decider[Any], ...]) -> dict[str, Getter]:
    """How the inputs of each leaf of the composition are built from its state, by name."""
    readers = _readers(name, parts)
    return {leaf.name: _builder(leaf, readers, own) for leaf, own in _leaves(parts)}


_INPUTS: WeakKeyDictionary[Decider[Any], dict[str, Getter]] = WeakKeyDictionary()


def _inputs(decider: Decider[Any]) -> dict[str, Getter]:
    """:func:`_builders` of ``decider``, worked out once per decider (a leaf: its own state)."""
    known = _INPUTS.get(decider)
    if known is None:
        if decider.parts:
            known = _builders(decider.name, decider.parts)
        else:
            known = {decider.name: _builder(decider, {decider.name: (decider, _same)}, _same)}
        _INPUTS[decider] = known
    return known


def _builder(leaf: Decider[Any], readers: Readers, own: Getter) -> Getter:
    """How ``leaf``'s inputs are built from the composed state; a field of its ``reads`` whose
    type is not the state of the decider of its name is refused."""
    reads, names = leaf.reads, leaf.reading
    if reads is None:
        return own
    missing = [name for name in names if name not in readers]
    if missing:
        return _refuse(leaf.name, ", ".join(missing))
    hints = typing.get_type_hints(reads)
    for name in names:
        state_type = readers[name][0].state_type
        if state_type is not None and hints.get(name, state_type) != state_type:
            raise PluginError(
                f"{leaf.name} reads {name} as {_shown(hints[name])}, but the decider named "
                f"{name} holds {_shown(state_type)}: give {reads.__name__}.{name} that type"
            )
    getters = [readers[name][1] for name in names]
    return lambda state: reads(*[get(state) for get in getters])


def _shown(kind: Any) -> str:
    return kind.__qualname__ if isinstance(kind, type) else repr(kind)


def _refuse(name: str, missing: str) -> Getter:
    def refuse(_: Any) -> Any:
        raise UsageError(
            f"{name} reads {missing}, which are not composed beside it: compose it with the "
            f"deciders named {missing}"
        )

    return refuse


def _tuple_of(parts: tuple[Decider[Any], ...]) -> Any:
    """``tuple[A, B]`` of the parts' state types, for snapshots (``None`` if one has none)."""
    types = tuple(part.state_type for part in parts)
    return None if None in types else GenericAlias(tuple, types)


def _routed(name: str, parts: tuple[Decider[Any], ...]) -> Decide:
    """``decide`` of a composition: each command to the part that decides it."""
    builders = _builders(name, parts)
    routes: dict[type, tuple[Decide, Getter]] = {}
    owners: dict[type, str] = {}
    for leaf, _ in _leaves(parts):
        for command in leaf.command_types:
            if command in routes:
                raise PluginError(
                    f"{command.__qualname__} is decided by {owners[command]!r} and "
                    f"{leaf.name!r}: a command type belongs to one decider"
                )
            routes[command] = leaf.decide, builders[leaf.name]
            owners[command] = leaf.name

    def decide(command: object, state: Any) -> list[object]:
        route = routes.get(type(command))
        if route is None:
            raise unknown_command(name, command, routes)
        decide_part, build = route
        return decide_part(command, build(state))

    return decide


def _routed_checks(name: str, parts: tuple[Decider[Any], ...]) -> Check:
    """``check`` of a composition: each event to the leaf that checks it, with its inputs."""
    builders = _builders(name, parts)
    routes: dict[type, tuple[Check, Getter]] = {}
    for leaf, _ in _leaves(parts):
        for checked in leaf.checked_types:
            routes[checked] = leaf.check, builders[leaf.name]
    get = routes.get

    def check(event: object, state: Any) -> None:
        route = get(type(event))
        if route is not None:
            check_part, build = route
            check_part(event, build(state))

    return check
