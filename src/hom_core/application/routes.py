"""Which commands a partnership accepts and which domain pack decides each, and which
partnerships a log holds."""

from __future__ import annotations

from collections.abc import Iterable

from hom_core.application.containment import STREAM_PREFIX
from hom_core.domain.framework.events import PartnershipFormed
from hom_core.domain.partnership import PARTNERSHIP
from hom_core.errors import PluginError
from hom_core.log import EventLog
from hom_core.registrations import DomainPack

__all__ = ["command_types", "formed_partnerships", "pack_routes"]

_FORMED = next(each.name for each in PARTNERSHIP.event_types if each.cls is PartnershipFormed)


def pack_routes(packs: Iterable[DomainPack]) -> dict[type, DomainPack]:
    """Command class -> the pack that decides it; a command claimed twice is a PluginError."""
    routes: dict[type, DomainPack] = {}
    for pack in packs:
        for command in pack.decider.command_types:
            core = command in PARTNERSHIP.command_types
            claimed = routes.get(command) or (pack if core else None)
            if claimed is not None:
                owner = "the core" if core else f"pack {claimed.name!r}"
                raise PluginError(
                    f"domain pack {pack.name!r} decides {command.__qualname__}, which "
                    f"{owner} already decides: give the pack a command class of its own"
                )
            routes[command] = pack
    return routes


def command_types(packs: Iterable[DomainPack] = ()) -> dict[str, type]:
    """The commands a partnership with these domain packs accepts, sorted by class name."""
    commands = sorted(
        (*PARTNERSHIP.command_types, *pack_routes(packs)), key=lambda cls: cls.__name__
    )
    return {cls.__name__: cls for cls in commands}


def formed_partnerships(log: EventLog, after: int = 0) -> tuple[str, ...]:
    """The ids of the partnerships formed in ``log`` after position ``after``, sorted (a scan
    of the stored records from there: for messages, or from where the last scan ended)."""
    return tuple(
        sorted(
            record.stream_id.removeprefix(STREAM_PREFIX)
            for record in log.store.read_all(after, None)
            if record.event_type == _FORMED and record.stream_id.startswith(STREAM_PREFIX)
        )
    )
