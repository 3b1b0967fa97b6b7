"""hom: the record of a partnership of schools as an append-only log of events.

The public API is what this module exports; everything else may move between releases.
Each name is imported from its module when first used (:mod:`hom_core.lazy`), so importing
the package costs next to nothing: the ``hom`` pytest plugin, which pytest loads in every
project where hom is installed, imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hom_core.lazy import lazy_exports

if TYPE_CHECKING:
    from hom_core.chain import GENESIS_HASH, ChainReport
    from hom_core.codec import Codec, make_converter
    from hom_core.connect import DEFAULT_URL, open_log, open_people
    from hom_core.delivery import Backoff, Deliveries, DeliveryStatus, Notification
    from hom_core.envelope import AppendResult, Pending, RecordedEvent
    from hom_core.errors import (
        CodecError,
        ConcurrencyError,
        CorruptLogError,
        CorruptRecordError,
        EventTypeError,
        HomError,
        IdempotencyConflictError,
        InvalidValueError,
        PluginError,
        RuleViolation,
        StoreError,
        UnknownEventTypeError,
        UnknownPartnershipError,
        UsageError,
    )
    from hom_core.events import EventType, EventTypes, Payload, Upcaster
    from hom_core.hookspecs import hookimpl
    from hom_core.log import Clock, EventLog, Subscription, utc_now
    from hom_core.memory import MemoryStore
    from hom_core.plugins import DISABLE_ENV, BrokenPlugin, PluginInfo, Plugins
    from hom_core.projections import WHOLE_LOG, Loaded, Projection, ProjectionRunner
    from hom_core.registrations import (
        DomainPack,
        Exporter,
        Notifier,
        ReportSection,
        StorageBackend,
    )
    from hom_core.store import NewRecord, Snapshot, Store, StoredRecord

__all__ = [
    "DEFAULT_URL",
    "DISABLE_ENV",
    "GENESIS_HASH",
    "WHOLE_LOG",
    "AppendResult",
    "Backoff",
    "BrokenPlugin",
    "ChainReport",
    "Clock",
    "Codec",
    "CodecError",
    "ConcurrencyError",
    "CorruptLogError",
    "CorruptRecordError",
    "Deliveries",
    "DeliveryStatus",
    "DomainPack",
    "EventLog",
    "EventType",
    "EventTypeError",
    "EventTypes",
    "Exporter",
    "HomError",
    "IdempotencyConflictError",
    "InvalidValueError",
    "Loaded",
    "MemoryStore",
    "NewRecord",
    "Notification",
    "Notifier",
    "Payload",
    "Pending",
    "PluginError",
    "PluginInfo",
    "Plugins",
    "Projection",
    "ProjectionRunner",
    "RecordedEvent",
    "ReportSection",
    "RuleViolation",
    "Snapshot",
    "StorageBackend",
    "Store",
    "StoreError",
    "StoredRecord",
    "Subscription",
    "UnknownEventTypeError",
    "UnknownPartnershipError",
    "Upcaster",
    "UsageError",
    "hookimpl",
    "make_converter",
    "open_log",
    "open_people",
    "utc_now",
]

_HOMES = {
    "hom_core.chain": ("GENESIS_HASH", "ChainReport"),
    "hom_core.codec": ("Codec", "make_converter"),
    "hom_core.connect": ("DEFAULT_URL", "open_log", "open_people"),
    "hom_core.delivery": ("Backoff", "Deliveries", "DeliveryStatus", "Notification"),
    "hom_core.envelope": ("AppendResult", "Pending", "RecordedEvent"),
    "hom_core.errors": (
        "CodecError",
        "ConcurrencyError",
        "CorruptLogError",
        "CorruptRecordError",
        "EventTypeError",
        "HomError",
        "IdempotencyConflictError",
        "InvalidValueError",
        "PluginError",
        "RuleViolation",
        "StoreError",
        "UnknownEventTypeError",
        "UnknownPartnershipError",
        "UsageError",
    ),
    "hom_core.events": ("EventType", "EventTypes", "Payload", "Upcaster"),
    "hom_core.hookspecs": ("hookimpl",),
    "hom_core.log": ("Clock", "EventLog", "Subscription", "utc_now"),
    "hom_core.memory": ("MemoryStore",),
    "hom_core.plugins": ("DISABLE_ENV", "BrokenPlugin", "PluginInfo", "Plugins"),
    "hom_core.projections": ("WHOLE_LOG", "Loaded", "Projection", "ProjectionRunner"),
    "hom_core.registrations": (
        "DomainPack",
        "Exporter",
        "Notifier",
        "ReportSection",
        "StorageBackend",
    ),
    "hom_core.store": ("NewRecord", "Snapshot", "Store", "StoredRecord"),
}
"""The module each public name is imported from, by module."""

if not TYPE_CHECKING:  # a __getattr__ mypy can see would let any name through
    __getattr__, __dir__ = lazy_exports(globals(), _HOMES)
