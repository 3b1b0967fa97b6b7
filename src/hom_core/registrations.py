"""The small frozen records plugins return from registration hooks; each validates itself.

A record that is wrong (an empty name, a scheme with a colon, an opener that is not callable)
raises :class:`~hom_core.errors.PluginError` when the plugin builds it, so the mistake is reported
against the plugin that made it, not later when the host uses it.

The records sit below everything they describe: the log and the plugin manager read them, so a
callback the host calls with an object of a higher layer (a
:class:`~hom_core.application.Partnership`, a :class:`~hom_core.application.PartnershipView`, a
:class:`~hom_core.delivery.Notification`) takes it as ``Any`` here, and its docstring names it.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from hom_core.decider import Decider
from hom_core.errors import PluginError

if TYPE_CHECKING:
    from hom_core.people import PeopleStore
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

    ``open`` receives the whole URL and returns a :class:`~hom_core.store.Store`, creating the
    log when there is none yet (what ``hom init`` and the writers use). ``open_existing``
    (optional) opens a log only if it exists, creating and changing nothing: it raises
    :class:`~hom_core.errors.LogNotFoundError` when no log is there and
    :class:`~hom_core.errors.NotAHomLogError` when something else is; reads use it (a backend
    without one, such as ``memory://``, is opened with ``open``). ``open_people`` (optional)
    receives the same URL and returns the erasable
    :class:`~hom_core.people.PeopleStore` kept beside that log. ``fresh_url`` (optional) is
    what the ``hom`` pytest plugin runs its tests on: given a folder for the log's files, a
    context manager giving the URL of a fresh, empty log (removing what it made on exit), or
    raising a :class:`~hom_core.errors.HomError` saying why it cannot make one here (the test
    is then skipped with that reason). A backend with one gets the plugin's fixtures.
    """

    scheme: str = attrs.field(
        validator=_named("scheme", _SCHEME, "use a URL scheme such as 'sqlite', without ':'")
    )
    open: Callable[[str], Store] = attrs.field(validator=_callable("StorageBackend"))
    description: str = attrs.field(default="", validator=_text)
    open_people: Callable[[str], PeopleStore] | None = attrs.field(
        default=None, validator=attrs.validators.optional(_callable("StorageBackend"))
    )
    open_existing: Callable[[str], Store] | None = attrs.field(
        default=None, validator=attrs.validators.optional(_callable("StorageBackend"))
    )
    # typing.ContextManager: the API reference resolves it (contextlib's class it does not)
    fresh_url: Callable[[Path], typing.ContextManager[str]] | None = attrs.field(
        default=None, validator=attrs.validators.optional(_callable("StorageBackend"))
    )


@attrs.frozen
class Exporter:
    """An output format: ``write(partnership, out, day)`` writes the partnership as of ``day``.

    ``out`` is a binary file; ``partnership.as_of(day)`` gives the state to write,
    ``partnership.log`` the raw events and ``partnership.people`` the names (forgotten people
    must appear as forgotten). ``media_type`` (``text/csv``) and ``suffix`` (``.csv``) tell a
    caller how to name the file.

    An exporter that can write one person's or one role's part (a head's deadlines) also gives
    ``write_for(partnership, out, day, audience)``, where ``audience`` is a
    :class:`~hom_core.application.agenda.Audience`; ``hom export --for`` and ``--role`` use it.
    """

    name: str = attrs.field(validator=_plugin_name)
    media_type: str = attrs.field(
        validator=_named("media type", _MEDIA_TYPE, "use a MIME type such as 'text/csv'")
    )
    suffix: str = attrs.field(
        validator=_named("suffix", _SUFFIX, "use a file suffix with its dot, such as '.csv'")
    )
    write: Callable[[Any, BinaryIO, date], None] = attrs.field(  # Any: a Partnership
        validator=_callable("Exporter")
    )
    description: str = attrs.field(default="", validator=_text)
    write_for: Callable[[Any, BinaryIO, date, Any], None] | None = attrs.field(  # Any: Audience
        default=None, validator=attrs.validators.optional(_callable("Exporter"))
    )


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

    ``remind(reminder)`` (optional) sends a reminder that an obligation has fallen due: the
    :class:`~hom_core.delivery.Reminders` worker calls it with a
    :class:`~hom_core.delivery.Reminder`, once per obligation and due date (its ``key``), when
    the day comes and the obligation is not yet done; it raises when the receiver did not
    accept it (it is tried again on the next run).
    """

    name: str = attrs.field(validator=_plugin_name)
    deliver: Callable[[Any], None] = attrs.field(  # Any: a Notification
        validator=_callable("Notifier")
    )
    description: str = attrs.field(default="", validator=_text)
    event_types: frozenset[str] | None = attrs.field(default=None, converter=_event_type_names)
    remind: Callable[[Any], None] | None = attrs.field(  # Any: a Reminder
        default=None, validator=attrs.validators.optional(_callable("Notifier"))
    )


@attrs.frozen
class ReportSection:
    """A section of the governors' report: ``build(view)`` gives its blocks as of the view's day.

    Sections are printed in ``order`` (then by name): the builtin ones use 10, 20, ... 90, so a
    plugin can place its own between them. A section whose ``build`` returns no blocks (nothing
    to say for this partnership) is left out of the report.
    """

    name: str = attrs.field(validator=_plugin_name)
    title: str = attrs.field(validator=_text)
    build: Callable[[Any], Iterable[Block]] = attrs.field(  # Any: a PartnershipView
        validator=_callable("ReportSection")
    )
    order: int = 100
    description: str = attrs.field(default="", validator=_text)


def _decider(_: object, __: object, value: Any) -> None:
    if not isinstance(value, Decider):
        raise PluginError(
            f"DomainPack.decider must be a Decider (its rules: Decider.of_cases(...)), got "
            f"{value!r}"
        )
    _plugin_name(value, None, value.name)


def _sections(_: object, __: object, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(item, ReportSection) for item in value):
        raise PluginError(
            f"DomainPack.sections must be a tuple of ReportSection records, got {value!r}"
        )


@attrs.frozen(eq=False)
class DomainPack:
    """A plugin's own rules over a partnership's stream: a decider, its view and its sections.

    - ``decider``: the pack's rules, a :class:`~hom_core.decider.Decider` named after the pack.
      :class:`~hom_core.application.Partnership` composes it beside the partnership's own
      (:data:`~hom_core.domain.PARTNERSHIP`) and decides the pack's commands there: its cases
      read the core's parts through their inputs (``CamdenInputs(framework: FrameworkState,
      membership: MembershipState, camden: CamdenState)``). Its events live in the
      partnership's stream beside the core's and are registered with the pack (no
      ``hom_event_types`` for them). Its ``evolve`` is pure and total: every event of the
      stream passes through it when a view folds the pack, and leaves the state unchanged
      unless the pack owns it. Bump its ``version`` when ``evolve`` or the state's shape
      changes: the snapshots of the pack's state are rebuilt;
    - ``view(partnership_view, pack_state)``: what ``PartnershipView.pack(name)`` returns, the
      pack's questions as of the view's day;
    - ``sections``: the pack's sections of the governors' report (registered with the pack:
      no ``hom_report_sections`` for them).
    """

    decider: Decider[Any] = attrs.field(validator=_decider)
    view: Callable[[Any, Any], Any] = attrs.field(  # a PartnershipView, the pack's state
        validator=_callable("DomainPack")
    )
    sections: tuple[ReportSection, ...] = attrs.field(default=(), validator=_sections)
    description: str = attrs.field(default="", validator=_text)

    @property
    def name(self) -> str:
        """The pack's name: its decider's."""
        return self.decider.name
