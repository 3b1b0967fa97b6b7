"""Event types: what an event class is called in the log, its schema version and its upcasters.

An event is any frozen attrs class named in the past tense (``SchoolJoined``). It knows nothing of
the log; an :class:`EventType` record ties it to a stable name and a schema version, and an
:class:`EventTypes` registry holds the records the core and the plugins contribute (through the
``hom_event_types`` hook).

When an event class changes shape, bump ``version`` and add an upcaster that turns a payload of the
old version into the next one. Stored records are never rewritten: they are upcast on read.

    >>> import attrs
    >>> @attrs.frozen
    ... class CensusSubmitted:
    ...     school: str
    ...     fte: str
    >>> census = EventType("hom.census_submitted", CensusSubmitted, version=2,
    ...                    upcasters={1: lambda old: {**old, "fte": str(old["pupils"])}})
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from hom_core.errors import EventTypeError, PluginError

__all__ = ["EventType", "EventTypes", "Payload", "Upcaster"]

Payload = dict[str, Any]
"""An event's fields as JSON-compatible data, before structuring into its class."""

Upcaster = Callable[[Payload], Payload]
"""Turns the payload of schema version ``v`` into the payload of version ``v + 1``."""

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _check_name(_: object, __: object, name: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise PluginError(
            f"event type name {name!r} is not valid: use a dotted lower-case name with a "
            "namespace, such as 'hom.school_joined'"
        )


def _check_class(_: object, __: object, cls: type) -> None:
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise PluginError(
            f"event class {cls!r} is not an attrs class: decorate it with @attrs.frozen"
        )


def _check_version(instance: EventType, _: object, version: int) -> None:
    if not isinstance(version, int) or version < 1:
        raise PluginError(
            f"event type {instance.name!r}: schema version must be >= 1, not {version}"
        )


def _check_upcasters(instance: EventType, _: object, upcasters: Mapping[int, Upcaster]) -> None:
    for old in upcasters:
        if not isinstance(old, int) or not 1 <= old < instance.version:
            raise PluginError(
                f"event type {instance.name!r}: an upcaster from version {old} makes no sense at "
                f"schema version {instance.version}; key upcasters by the version they read "
                f"(1 to {instance.version - 1})"
            )
        if not callable(upcasters[old]):
            raise PluginError(
                f"event type {instance.name!r}: upcaster for version {old} is not callable"
            )


def _upcasters(upcasters: Mapping[int, Upcaster]) -> dict[int, Upcaster]:
    return dict(upcasters)


@attrs.frozen
class EventType:
    """Registration record of one event class.

    ``name`` is stable forever once events of the type are stored; ``version`` is the schema
    version the class writes; ``upcasters[v]`` turns a stored payload of version ``v`` into
    version ``v + 1``.
    """

    name: str = attrs.field(validator=_check_name)
    cls: type = attrs.field(validator=_check_class)
    version: int = attrs.field(default=1, validator=_check_version)
    upcasters: Mapping[int, Upcaster] = attrs.field(
        factory=dict, converter=_upcasters, validator=_check_upcasters, hash=False
    )

    def upcast(self, payload: Payload, stored_version: int) -> Payload:
        """Bring ``payload`` stored at ``stored_version`` up to this type's current version."""
        for old in range(stored_version, self.version):
            upcaster = self.upcasters.get(old)
            if upcaster is None:
                raise EventTypeError(
                    f"event type {self.name!r} has no upcaster from schema version {old} to "
                    f"{old + 1}: add one to its EventType(upcasters=...) to read these records"
                )
            payload = upcaster(payload)
        return payload


class EventTypes:
    """A registry of event types, looked up by name (reading) and by class (writing).

    Types may also be registered later (:meth:`defer`): when a name or class is first missed, or
    the registry is listed, so that a log opens without importing every plugin's events.
    """

    def __init__(self, types: Iterable[EventType] = ()) -> None:
        self._by_name: dict[str, EventType] = {}
        self._by_class: dict[type, EventType] = {}
        self._deferred: list[Callable[[EventTypes], None]] = []
        self._lock = threading.Lock()
        self.register(*types)

    def register(self, *types: EventType) -> None:
        """Add event types; registering the same record twice is harmless, a clash is not."""
        for event_type in types:
            if not isinstance(event_type, EventType):
                raise PluginError(f"expected an EventType record, got {event_type!r}")
            known = self._by_name.get(event_type.name)
            if known is not None and known != event_type:
                raise PluginError(
                    f"event type {event_type.name!r} is registered twice, by "
                    f"{known.cls.__module__}.{known.cls.__qualname__} and "
                    f"{event_type.cls.__module__}.{event_type.cls.__qualname__}: "
                    "disable one of the plugins or rename one type"
                )
            other = self._by_class.get(event_type.cls)
            if other is not None and other.name != event_type.name:
                raise PluginError(
                    f"class {event_type.cls.__qualname__} is registered under two names, "
                    f"{other.name!r} and {event_type.name!r}: register each class once"
                )
            self._by_name[event_type.name] = event_type
            self._by_class[event_type.cls] = event_type

    def defer(self, register: Callable[[EventTypes], None]) -> None:
        """Call ``register(self)`` (which registers more types) only when a name or class is
        first missed, or the registry is listed; until it succeeds, each miss calls it again."""
        self._deferred.append(register)

    def _registered_deferred(self) -> bool:
        """Register what was deferred; whether there was anything to register."""
        if not self._deferred:
            return False
        with self._lock:
            while self._deferred:
                self._deferred[0](self)
                del self._deferred[0]
        return True

    def by_name(self, name: str) -> EventType:
        """The event type stored under ``name``; raises :class:`EventTypeError` if unknown."""
        found = self._by_name.get(name)
        if found is None and self._registered_deferred():
            found = self._by_name.get(name)
        if found is None:
            raise EventTypeError(
                f"unknown event type {name!r}: install or enable the plugin that defines it "
                "(see `hom plugins`), or register it with EventTypes.register"
            )
        return found

    def of(self, event: object) -> EventType:
        """The event type of an event instance; raises :class:`EventTypeError` if unregistered."""
        found = self._by_class.get(type(event))
        if found is None and self._registered_deferred():
            found = self._by_class.get(type(event))
        if found is None:
            raise EventTypeError(
                f"{type(event).__qualname__} is not a registered event type: register it with "
                "an EventType record (from a plugin's hom_event_types hook or EventTypes.register)"
            )
        return found

    def __iter__(self) -> Iterator[EventType]:
        self._registered_deferred()
        return iter(self._by_name.values())

    def __len__(self) -> int:
        self._registered_deferred()
        return len(self._by_name)

    def __contains__(self, name: object) -> bool:
        if name not in self._by_name:
            self._registered_deferred()
        return name in self._by_name
