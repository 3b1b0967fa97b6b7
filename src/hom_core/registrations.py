"""The small frozen records plugins return from registration hooks; each validates itself.

A record that is wrong (an empty name, a scheme with a colon, an opener that is not callable)
raises :class:`~hom_core.errors.PluginError` when the plugin builds it, so the mistake is reported
against the plugin that made it, not later when the host uses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from hom_core.errors import PluginError

if TYPE_CHECKING:
    from hom_core.delivery import Notification
    from hom_core.domain.partnership import Partnership, PartnershipView
    from hom_core.domain.people import PeopleStore
    from hom_core.domain.state import PartnershipState
    from hom_core.report import Block
    from hom_core.store import Store

__all__ = ["DomainPack", "Exporter", "Notifier", "ReportSection", "StorageBackend"]

_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*$")
_MEDIA_TYPE = re.compile(r"^[\w!#$&^.+-]+/[\w!#$&^.+-]+(\s*;.*)?$")
_SUFFIX = re.compile(r"^\.[A-Za-z0-9][A-Za-z0-9._-]*$")


def _named(kind: str, pattern: re.Pattern[str], hint: str) -> Callable[[Any, Any, str], None]:
    def check(_: object, __: object, value: str) -> None:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise PluginError(f"{kind} {value!r} is not valid: {hint}")

    return check


def _callable(kind: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not callable(value):
            raise PluginError(f"{kind}.{attribute.name} must be callable, got {value!r}")

    return check


def _text(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise PluginError(f"{attribute.name} must be a string, got {value!r}")


_plugin_name = _named(
    "name", _NAME, "start with a lower-case letter; use lower-case letters, digits, '-' and '_'"
)


@attrs.frozen
class StorageBackend:
    """A storage backend, chosen by the scheme of a log URL (``sqlite`` for ``sqlite:///x.db``).

    ``open`` receives the whole URL and returns a :class:`~hom_core.store.Store`;
    ``open_people`` (optional) receives the same URL and returns the erasable
    :class:`~hom_core.domain.people.PeopleStore` kept beside that log.
    """

    scheme: str = attrs.field(
        validator=_named("scheme", _SCHEME, "use a URL scheme such as 'sqlite', without ':'")
    )
    open: Callable[[str], Store] = attrs.field(validator=_callable("StorageBackend"))
    description: str = attrs.field(default="", validator=_text)
    open_people: Callable[[str], PeopleStore] | None = attrs.field(
        default=None, validator=attrs.validators.optional(_callable("StorageBackend"))
    )


@attrs.frozen
class Exporter:
    """An output format: ``write(partnership, out, day)`` writes the partnership as of ``day``.

    ``out`` is a binary file; ``partnership.as_of(day)`` gives the state to write,
    ``partnership.log`` the raw events and ``partnership.people`` the names (forgotten people
    must appear as forgotten). ``media_type`` (``text/csv``) and ``suffix`` (``.csv``) tell a
    caller how to name the file.
    """

    name: str = attrs.field(validator=_plugin_name)
    media_type: str = attrs.field(
        validator=_named("media type", _MEDIA_TYPE, "use a MIME type such as 'text/csv'")
    )
    suffix: str = attrs.field(
        validator=_named("suffix", _SUFFIX, "use a file suffix with its dot, such as '.csv'")
    )
    write: Callable[[Partnership, BinaryIO, date], None] = attrs.field(
        validator=_callable("Exporter")
    )
    description: str = attrs.field(default="", validator=_text)


def _event_type_names(value: Any) -> frozenset[str] | None:
    """``Notifier.event_types`` as a frozen set of names (``None``: every event)."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise PluginError(
            f"Notifier.event_types must be a collection of event type names, such as "
            f"{{'hom.notice_given'}}, or None for every event; got {value!r}"
        )
    names = frozenset(value)
    if not all(isinstance(name, str) and name for name in names):
        raise PluginError(f"Notifier.event_types holds something that is not a name: {value!r}")
    return names


@attrs.frozen
class Notifier:
    """A channel told of recorded events: ``deliver(notification)`` sends one message.

    :class:`~hom_core.delivery.Deliveries` calls ``deliver`` after the append has committed, in
    a thread of its own, with a :class:`~hom_core.delivery.Notification` (the event, its
    idempotency key, the log and the people store): at least once per event, in log order.
    ``deliver`` returns once the receiver has accepted the message and raises when it has not;
    the same event is then retried with backoff, never dropped, and the append is never undone.
    ``event_types`` (names such as ``{"hom.notice_given"}``) limits the events it is given;
    ``None`` gives it every event.
    """

    name: str = attrs.field(validator=_plugin_name)
    deliver: Callable[[Notification], None] = attrs.field(validator=_callable("Notifier"))
    description: str = attrs.field(default="", validator=_text)
    event_types: frozenset[str] | None = attrs.field(default=None, converter=_event_type_names)


@attrs.frozen
class ReportSection:
    """A section of the governors' report: ``build(view)`` gives its blocks as of the view's day.

    Sections are printed in ``order`` (then by name): the builtin ones use 10, 20, ... 90, so a
    plugin can place its own between them. A section whose ``build`` returns no blocks (nothing
    to say for this partnership) is left out of the report.
    """

    name: str = attrs.field(validator=_plugin_name)
    title: str = attrs.field(validator=_text)
    build: Callable[[PartnershipView], Iterable[Block]] = attrs.field(
        validator=_callable("ReportSection")
    )
    order: int = 100
    description: str = attrs.field(default="", validator=_text)


def _deciders(
    deciders: Mapping[type, Callable[..., list[object]]],
) -> Mapping[type, Callable[..., list[object]]]:
    for command, decide in dict(deciders).items():
        if not isinstance(command, type) or not callable(decide):
            raise PluginError(
                f"DomainPack.deciders maps command classes to decide functions, got "
                f"{command!r}: {decide!r}"
            )
    return MappingProxyType(dict(deciders))


@attrs.frozen(eq=False)
class DomainPack:
    """A plugin's own rules over a partnership's stream: its state, commands and questions.

    A pack's events live in the partnership's stream beside the core's (register their types
    with ``hom_event_types``); the core's state ignores them, and the pack's state sees every
    event of the stream, the core's included:

    - ``initial()``: the pack's state before any event;
    - ``evolve(state, event)``: the state after one more event (pure and total: return the
      state unchanged for events the pack does not know; never change a state in place, the
      log keeps the latest state of a stream and builds on it at the next command);
    - ``deciders``: command class -> ``decide(command, partnership_state, pack_state)``, the
      events the command produces, or a :class:`~hom_core.errors.RuleViolation`;
      :meth:`Partnership.execute <hom_core.domain.Partnership.execute>` routes the pack's
      commands here;
    - ``view(partnership_view, pack_state)``: what ``PartnershipView.pack(name)`` returns, the
      pack's questions as of the view's day;
    - ``version``: bump it when ``evolve`` or the state's shape changes (snapshots of the
      pack's state are then rebuilt); ``state_type`` enables those snapshots (``None``: none).
    """

    name: str = attrs.field(validator=_plugin_name)
    initial: Callable[[], Any] = attrs.field(validator=_callable("DomainPack"))
    evolve: Callable[[Any, object], Any] = attrs.field(validator=_callable("DomainPack"))
    deciders: Mapping[type, Callable[[Any, PartnershipState, Any], list[object]]] = attrs.field(
        converter=_deciders
    )
    view: Callable[[PartnershipView, Any], Any] = attrs.field(validator=_callable("DomainPack"))
    version: int = 1
    state_type: Any = None
    description: str = attrs.field(default="", validator=_text)
