"""hom: the record of a partnership of schools as an append-only log of events.

The public API is what this module exports, each name written once, below; everything else may
move between releases. Each name is imported from its module when first used
(:mod:`hom_core.lazy`), so importing the package costs next to nothing: the ``hom`` pytest
plugin, which pytest loads in every project where hom is installed, imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hom_core.lazy import lazy_exports

if TYPE_CHECKING:
    from hom_core.application import Runner as Runner
    from hom_core.chain import GENESIS_HASH as GENESIS_HASH, ChainReport as ChainReport
    from hom_core.codec import Codec as Codec, make_converter as make_converter
    from hom_core.composition import compose as compose
    from hom_core.connect import (
        DEFAULT_URL as DEFAULT_URL,
        open_log as open_log,
        open_people as open_people,
    )
    from hom_core.decider import Decider as Decider, decides as decides, evolves as evolves
    from hom_core.delivery import (
        Backoff as Backoff,
        Deliveries as Deliveries,
        DeliveryStatus as DeliveryStatus,
        Notification as Notification,
    )
    from hom_core.envelope import (
        AppendResult as AppendResult,
        Pending as Pending,
        RecordedEvent as RecordedEvent,
    )
    from hom_core.errors import (
        CodecError as CodecError,
        ConcurrencyError as ConcurrencyError,
        CorruptLogError as CorruptLogError,
        CorruptRecordError as CorruptRecordError,
        DamagedLogError as DamagedLogError,
        EventTypeError as EventTypeError,
        HomError as HomError,
        IdempotencyConflictError as IdempotencyConflictError,
        InvalidValueError as InvalidValueError,
        LogNotFoundError as LogNotFoundError,
        NotAHomLogError as NotAHomLogError,
        PluginError as PluginError,
        RuleViolation as RuleViolation,
        StoreError as StoreError,
        TimelineViolation as TimelineViolation,
        UnknownEventTypeError as UnknownEventTypeError,
        UnknownPartnershipError as UnknownPartnershipError,
        UsageError as UsageError,
    )
    from hom_core.events import (
        EventType as EventType,
        EventTypes as EventTypes,
        Payload as Payload,
        Upcaster as Upcaster,
    )
    from hom_core.hookspecs import hookimpl as hookimpl
    from hom_core.log import (
        Clock as Clock,
        EventLog as EventLog,
        Subscription as Subscription,
        utc_now as utc_now,
    )
    from hom_core.memory import MemoryStore as MemoryStore
    from hom_core.plugins import (
        DISABLE_ENV as DISABLE_ENV,
        BrokenPlugin as BrokenPlugin,
        PluginInfo as PluginInfo,
        Plugins as Plugins,
    )
    from hom_core.projections import (
        WHOLE_LOG as WHOLE_LOG,
        Loaded as Loaded,
        Projection as Projection,
        ProjectionRunner as ProjectionRunner,
    )
    from hom_core.registrations import (
        DomainPack as DomainPack,
        Exporter as Exporter,
        Notifier as Notifier,
        ReportSection as ReportSection,
        StorageBackend as StorageBackend,
    )
    from hom_core.store import (
        NewRecord as NewRecord,
        Snapshot as Snapshot,
        Store as Store,
        StoredRecord as StoredRecord,
    )

if not TYPE_CHECKING:  # a __getattr__ mypy can see would let any name through
    __getattr__, __dir__ = lazy_exports(globals())
