"""The hooks a hom plugin can implement. Every hook is prefixed ``hom_``.

A plugin is a module (or object) with functions marked by :data:`hom_core.hookimpl`, declared in
the ``hom`` entry-point group of its distribution::

    # pyproject.toml of a third-party plugin
    [project.entry-points.hom]
    parquet = "hom_parquet.plugin"

The builtins in :mod:`hom_plugins` are declared the same way, so they are listed, disabled and
reported exactly like a third party's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import cattrs
import pluggy

if TYPE_CHECKING:
    from hom_core.envelope import AppendResult
    from hom_core.events import EventType
    from hom_core.registrations import (
        DomainPack,
        Exporter,
        Notifier,
        ReportSection,
        StorageBackend,
    )

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "hom"
"""The pluggy project name, and the entry-point group plugins are declared in."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
"""The marker plugin authors put on their hook implementations: ``@hom_core.hookimpl``."""


@hookspec
def hom_storage_backends() -> Sequence[StorageBackend]:  # type: ignore[empty-body]
    """Storage backends this plugin provides, one per URL scheme.

    Example::

        @hom_core.hookimpl
        def hom_storage_backends():
            return [StorageBackend("redis", open=RedisStore.from_url)]
    """


@hookspec
def hom_event_types() -> Sequence[EventType]:  # type: ignore[empty-body]
    """Event types this plugin adds to the registry (a domain pack's come with its decider,
    from ``hom_domain_packs``: register them here only for events no pack owns).

    Example::

        @hom_core.hookimpl
        def hom_event_types():
            return [EventType("camden.enquiry_held", EnquiryHeld)]
    """


@hookspec
def hom_domain_packs() -> Sequence[DomainPack]:  # type: ignore[empty-body]
    """Domain packs this plugin adds: each its rules (a decider, whose event types are
    registered with it), its questions on a partnership and its sections of the report.

    Example::

        @hom_core.hookimpl
        def hom_domain_packs():
            rules = Decider.of_cases("camden", CamdenState, state, decide, reads=CamdenInputs)
            return [DomainPack(rules, view=CamdenView, sections=SECTIONS)]
    """


@hookspec
def hom_configure_converter(converter: cattrs.Converter) -> None:
    """Teach the codec's converter the plugin's value types (hooks for structure/unstructure).

    Example::

        @hom_core.hookimpl
        def hom_configure_converter(converter):
            converter.register_unstructure_hook(Urn, str)
            converter.register_structure_hook(Urn, lambda value, _: Urn(value))
    """


@hookspec
def hom_exporters() -> Sequence[Exporter]:  # type: ignore[empty-body]
    """Output formats this plugin provides.

    Example::

        @hom_core.hookimpl
        def hom_exporters():
            return [Exporter("members-txt", "text/plain", ".txt", write=write_members)]
    """


@hookspec
def hom_report_sections() -> Sequence[ReportSection]:  # type: ignore[empty-body]
    """Sections this plugin adds to the governors' report (blocks of :mod:`hom_core.report`);
    a domain pack's come with it, from ``hom_domain_packs``.

    Example::

        @hom_core.hookimpl
        def hom_report_sections():
            return [ReportSection("enquiries", "Collaborative enquiries", build=enquiry_blocks)]
    """


@hookspec
def hom_notifiers() -> Sequence[Notifier]:  # type: ignore[empty-body]
    """Notification channels this plugin provides; return ``[]`` when it is not configured.

    :class:`hom_core.Deliveries` gives each ``deliver(notification)`` every recorded event (of
    its ``event_types``, or all) at least once, in log order, after the append committed and
    in a thread of its own. Return when the receiver accepted the message and raise otherwise:
    the event is then retried with backoff. Put ``notification.key`` in the message so the
    receiver can drop duplicates.

    Example::

        @hom_core.hookimpl
        def hom_notifiers():
            return [Notifier("slack", deliver=post_to_slack, event_types={"hom.notice_given"})]
    """


@hookspec
def hom_after_append(log: Any, result: AppendResult) -> None:
    """Called after each append has committed to ``log`` (the :class:`~hom_core.log.EventLog`,
    which holds the plugin manager: typed ``Any`` here so that the hooks depend on nothing above
    them), with what it wrote.

    Read the new events with ``log.read_all(result.first_position - 1, result.last_position)``.
    An implementation that raises is reported in the log (logger ``hom.plugins``) and does not
    undo the append nor stop the other implementations. Keep it quick: it runs in the writer's
    thread.

    Example::

        @hom_core.hookimpl
        def hom_after_append(log, result):
            metrics.counter("hom.appended").inc(result.count)
    """
