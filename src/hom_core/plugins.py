"""The plugin manager: one per application instance, never a global.

:class:`Plugins` discovers plugins in the ``hom`` entry-point group (builtins and third parties
alike), skips and reports the ones that fail to import, honours disabled names, and wraps every
hook call in a typed method so the host never calls ``pm.hook.x`` untyped.

Disable plugins by name with ``Plugins(disabled=[...])``, :meth:`Plugins.disable`, or the
environment variable ``HOM_DISABLE_PLUGINS`` (comma-separated names; ``*`` disables every
entry-point plugin, leaving only those registered by hand).
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs
import pluggy

from hom_core import hookspecs
from hom_core.errors import PluginError
from hom_core.events import EventType, EventTypes
from hom_core.registrations import Exporter, Notifier, StorageBackend

if TYPE_CHECKING:
    from hom_core.envelope import AppendResult
    from hom_core.log import EventLog

__all__ = ["DISABLE_ENV", "BrokenPlugin", "PluginInfo", "Plugins"]

DISABLE_ENV = "HOM_DISABLE_PLUGINS"
"""Environment variable with comma-separated plugin names to disable (``*`` for all)."""

logger = logging.getLogger("hom.plugins")

R = TypeVar("R")


@attrs.frozen
class BrokenPlugin:
    """A plugin that could not be loaded, and why."""

    name: str
    error: str


@attrs.frozen
class PluginInfo:
    """What ``hom plugins`` shows of one plugin."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    status: str  # "loaded", "disabled" or "broken: <reason>"


class Plugins:
    """The plugins of one application instance.

    ``entry_points=False`` loads nothing automatically (tests register plugins by hand);
    ``disabled`` names plugins never to load, added to those in :data:`DISABLE_ENV`.
    """

    def __init__(
        self,
        *,
        entry_points: bool = True,
        disabled: Iterable[str] = (),
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        env = os.environ if environ is None else environ
        from_env = {name.strip() for name in env.get(DISABLE_ENV, "").split(",") if name.strip()}
        self.disabled: set[str] = set(disabled) | from_env
        self.broken: list[BrokenPlugin] = []
        self._distributions: dict[str, tuple[str | None, str | None]] = {}
        if entry_points:
            self.load_entry_points()

    # -- loading -------------------------------------------------------------------------

    def load_entry_points(self) -> None:
        """Load every plugin of the ``hom`` entry-point group that is not disabled or loaded."""
        for entry_point in importlib.metadata.entry_points(group=hookspecs.PROJECT):
            name = entry_point.name
            if "*" in self.disabled or name in self.disabled:
                self.manager.set_blocked(name)
                continue
            if self.manager.has_plugin(name) or self.manager.is_blocked(name):
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:  # a broken plugin must never break the host
                self._report(name, f"import failed: {type(error).__name__}: {error}")
                continue
            dist = entry_point.dist
            self._distributions[name] = (
                dist.name if dist else None,
                dist.version if dist else None,
            )
            self.register(plugin, name)

    def register(self, plugin: object, name: str | None = None) -> None:
        """Register a plugin object or module by hand; it is checked against the hookspecs."""
        if name is not None and name in self.disabled:
            self.manager.set_blocked(name)
            return
        try:
            self.manager.register(plugin, name)
            self.manager.check_pending()
        except (ValueError, pluggy.PluginValidationError) as error:
            registered = (
                self.manager.get_name(plugin) if self.manager.is_registered(plugin) else None
            )
            if registered is not None:
                self.manager.unregister(plugin)
            self._report(name or repr(plugin), f"invalid: {error}")

    def disable(self, name: str) -> None:
        """Unregister the plugin ``name`` (if loaded) and block it from loading again."""
        self.disabled.add(name)
        if self.manager.has_plugin(name):
            self.manager.unregister(name=name)
        self.manager.set_blocked(name)

    def _report(self, name: str, error: str) -> None:
        logger.warning(
            "hom plugin %r skipped, %s; fix or disable it (%s=%s)", name, error, DISABLE_ENV, name
        )
        self.broken.append(BrokenPlugin(name, error))

    def info(self) -> list[PluginInfo]:
        """Every plugin known: loaded ones with their hooks, then disabled and broken ones."""
        rows = []
        for name, plugin in sorted(self.manager.list_name_plugin()):
            if plugin is None:
                continue
            hooks = tuple(
                sorted(caller.name for caller in self.manager.get_hookcallers(plugin) or ())
            )
            dist, version = self._distributions.get(name, (None, None))
            rows.append(PluginInfo(name, dist, version, hooks, "loaded"))
        for name in sorted(self.disabled):
            rows.append(PluginInfo(name, None, None, (), "disabled"))
        for broken in self.broken:
            rows.append(PluginInfo(broken.name, None, None, (), f"broken: {broken.error}"))
        return rows

    # -- typed hook calls ----------------------------------------------------------------

    def storage_backends(self) -> dict[str, StorageBackend]:
        """Backends by URL scheme; two plugins claiming one scheme is a :class:`PluginError`."""
        backends: dict[str, StorageBackend] = {}
        for backend in self._collect("hom_storage_backends", StorageBackend):
            if backend.scheme in backends and backends[backend.scheme] != backend:
                raise PluginError(
                    f"two plugins claim the URL scheme {backend.scheme!r}: disable one of them "
                    f"({DISABLE_ENV})"
                )
            backends[backend.scheme] = backend
        return backends

    def event_types(self, builtin: Iterable[EventType] = ()) -> EventTypes:
        """A registry of ``builtin`` types plus every type the plugins register."""
        registry = EventTypes(builtin)
        registry.register(*self._collect("hom_event_types", EventType))
        return registry

    def configure_converter(self, converter: cattrs.Converter) -> None:
        """Let every plugin add its value types to the codec's converter."""
        self.manager.hook.hom_configure_converter(converter=converter)

    def exporters(self) -> dict[str, Exporter]:
        """Exporters by name."""
        return _by_name(self._collect("hom_exporters", Exporter), "exporter")

    def notifiers(self) -> dict[str, Notifier]:
        """Notifiers by name."""
        return _by_name(self._collect("hom_notifiers", Notifier), "notifier")

    def after_append(self, log: EventLog, result: AppendResult) -> None:
        """Tell every ``hom_after_append`` implementation; one that raises is logged and skipped."""
        for impl in self.manager.hook.hom_after_append.get_hookimpls():
            try:
                impl.function(log=log, result=result)
            except Exception:
                logger.exception(
                    "hom plugin %r failed in hom_after_append; the append at positions %d-%d "
                    "is recorded and kept",
                    impl.plugin_name,
                    result.first_position,
                    result.last_position,
                )

    def _collect(self, hook: str, kind: type[R]) -> list[R]:
        records: list[R] = []
        for impl in getattr(self.manager.hook, hook).get_hookimpls():
            try:
                batch = impl.function()
            except Exception as error:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} failed in {hook}: {type(error).__name__}: "
                    f"{error}; fix it or disable it ({DISABLE_ENV}={impl.plugin_name})"
                ) from error
            for record in batch or ():
                if not isinstance(record, kind):
                    raise PluginError(
                        f"plugin {impl.plugin_name!r} returned {record!r} from {hook} where a "
                        f"{kind.__name__} record was expected: return {kind.__name__}(...) records"
                    )
                records.append(record)
        return records


def _by_name(records: Iterable[Exporter | Notifier], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in records:
        if record.name in found:
            raise PluginError(
                f"two plugins register the {kind} {record.name!r}: disable one ({DISABLE_ENV})"
            )
        found[record.name] = record
    return found
