"""The plugin manager: one per application instance, never a global.

:class:`Plugins` discovers plugins in the ``hom`` entry-point group (builtins and third parties
alike), skips and reports the ones that fail to import, honours disabled names, and wraps every
hook call in a typed method so the host never calls ``pm.hook.x`` untyped.

Disable plugins by name with ``Plugins(disabled=[...])``, :meth:`Plugins.disable`, or the
environment variable ``HOM_DISABLE_PLUGINS`` (comma-separated names; ``*`` disables every
entry-point plugin, leaving only those registered by hand).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs
import pluggy

from hom_core import hookspecs
from hom_core.deferred_plugins import DeferredPlugin, declared_hooks
from hom_core.entry_points import PluginEntryPoint, entry_points
from hom_core.errors import PluginError
from hom_core.events import EventType, EventTypes
from hom_core.plugin_checks import registered_checked
from hom_core.registrations import (
    DomainPack,
    Exporter,
    Notifier,
    ReportSection,
    StorageBackend,
)

if TYPE_CHECKING:
    from hom_core.envelope import AppendResult

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
        self._entry_points: dict[str, PluginEntryPoint] = {}
        self._deferred: dict[str, DeferredPlugin] = {}
        if entry_points:
            self.load_entry_points()

    # -- loading -------------------------------------------------------------------------

    def load_entry_points(self) -> None:
        """Load every plugin of the ``hom`` entry-point group that is not disabled or loaded.

        A plugin whose hooks its distribution declares (:mod:`hom_core.deferred_plugins`) is
        registered as a stand-in and imported when one of its hooks is first called."""
        for entry_point in entry_points(hookspecs.PROJECT):
            name = entry_point.name
            if "*" in self.disabled or name in self.disabled:
                self.manager.set_blocked(name)
                continue
            if self.manager.has_plugin(name) or self.manager.is_blocked(name):
                continue
            if any(broken.name == name for broken in self.broken):
                continue  # reported once is enough
            self._entry_points[name] = entry_point
            hooks = declared_hooks(entry_point)
            if hooks is not None:
                deferred = DeferredPlugin(name, entry_point, hooks, self._checked, self._dropped)
                self._deferred[name] = deferred
                self.manager.register(deferred.stand_in, name)
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:  # a broken plugin must never break the host
                self._report(name, f"import failed: {type(error).__name__}: {error}")
                continue
            self.register(plugin, name)

    def register(self, plugin: object, name: str | None = None) -> None:
        """Register a plugin object or module by hand; it is checked against the hookspecs.

        A plugin that cannot be registered (an unknown ``hom_`` hook, a hook whose arguments are
        not the spec's, a wrapper, a name or object registered already) is not registered: it is
        logged and added to :attr:`broken`, like a plugin that fails to import.
        """
        if name is not None and name in self.disabled:
            self.manager.set_blocked(name)
            return
        label = name or repr(plugin)
        if name is not None and self.manager.has_plugin(name):
            self._report(label, "invalid: another plugin is registered under this name")
            return
        if self.manager.is_registered(plugin):
            known = self.manager.get_name(plugin)
            self._report(label, f"invalid: the same plugin is registered already as {known!r}")
            return
        problem = registered_checked(self.manager, plugin, name)
        if problem is not None:
            self._report(label, f"invalid: {problem}")

    def _checked(self, plugin: object, name: str) -> dict[str, pluggy.HookImpl] | str:
        """``plugin``'s implementations by hook, checked as :meth:`register` checks it (on a
        scratch manager), or what is wrong with it: how a deferred plugin is checked."""
        scratch = pluggy.PluginManager(hookspecs.PROJECT)
        scratch.add_hookspecs(hookspecs)
        problem = registered_checked(scratch, plugin, name)
        if problem is not None:
            return problem
        return {
            caller.name: impl
            for caller in scratch.get_hookcallers(plugin) or ()
            for impl in caller.get_hookimpls()
        }

    def _dropped(self, name: str, error: str) -> None:
        """Report the deferred plugin ``name`` as broken and take its stand-in out."""
        self._deferred.pop(name, None)
        if self.manager.has_plugin(name):
            self.manager.unregister(name=name)
        self._report(name, error)

    def disable(self, name: str) -> None:
        """Unregister the plugin ``name`` (if loaded) and block it from loading again."""
        self.disabled.add(name)
        self._deferred.pop(name, None)
        if self.manager.has_plugin(name):
            self.manager.unregister(name=name)
        self.manager.set_blocked(name)

    def _report(self, name: str, error: str) -> None:
        logger.warning(
            "hom plugin %r skipped, %s; fix or disable it (%s=%s)", name, error, DISABLE_ENV, name
        )
        self.broken.append(BrokenPlugin(name, error))

    def info(self) -> list[PluginInfo]:
        """Every plugin known: loaded ones with their hooks, then disabled and broken ones
        (deferred plugins are imported first, so that broken ones show)."""
        for deferred in list(self._deferred.values()):
            deferred.resolve()
        rows = []
        for name, plugin in sorted(self.manager.list_name_plugin()):
            if plugin is None:
                continue
            hooks = tuple(
                sorted(caller.name for caller in self.manager.get_hookcallers(plugin) or ())
            )
            rows.append(PluginInfo(name, *self._distribution(name), hooks, "loaded"))
        for name in sorted(self.disabled):
            rows.append(PluginInfo(name, None, None, (), "disabled"))
        for broken in self.broken:
            distribution = self._distribution(broken.name)
            rows.append(PluginInfo(broken.name, *distribution, (), f"broken: {broken.error}"))
        return rows

    def _distribution(self, name: str) -> tuple[str | None, str | None]:
        """The name and version of the distribution that declares plugin ``name`` (read from
        its metadata only when asked: parsing it for every plugin slows every command)."""
        entry_point = self._entry_points.get(name)
        dist = None if entry_point is None else entry_point.dist
        return (dist.name, dist.version) if dist is not None else (None, None)

    # -- typed hook calls ----------------------------------------------------------------

    def storage_backends(self) -> dict[str, StorageBackend]:
        """Backends by URL scheme; two plugins claiming one scheme is a :class:`PluginError`."""
        backends: dict[str, StorageBackend] = {}
        owners: dict[str, str] = {}
        for plugin, backend in self.storage_backends_by_plugin():
            scheme = backend.scheme
            if scheme in backends and backends[scheme] != backend:
                raise PluginError(
                    f"plugins {owners[scheme]!r} and {plugin!r} both claim the URL scheme "
                    f"{scheme!r}: disable one of them ({DISABLE_ENV}={plugin})"
                )
            backends[scheme] = backend
            owners[scheme] = plugin
        return backends

    def storage_backends_by_plugin(self) -> list[tuple[str, StorageBackend]]:
        """Each storage backend with the name of the plugin that registers it, in load order."""
        return self._collect("hom_storage_backends", StorageBackend)

    def event_types(self, builtin: Iterable[EventType] = ()) -> EventTypes:
        """A registry of ``builtin`` types plus every type the plugins register: through
        ``hom_event_types``, and the events of their domain packs' deciders (registered when
        first needed, :meth:`EventTypes.defer`, so that opening a log imports no pack)."""
        registry = EventTypes(builtin)
        _register(registry, "hom_event_types", self._collect("hom_event_types", EventType))
        registry.defer(self._register_pack_events)
        return registry

    def _register_pack_events(self, registry: EventTypes) -> None:
        packs = self._collect("hom_domain_packs", DomainPack)
        events = [(plugin, each) for plugin, pack in packs for each in pack.decider.event_types]
        _register(registry, "hom_domain_packs", events)

    def configure_converter(self, converter: cattrs.Converter) -> None:
        """Let every plugin add its value types to the codec's converter."""
        for impl in self._impls("hom_configure_converter"):
            try:
                _call(impl, converter=converter)
            except Exception as error:
                raise _failed(impl, "hom_configure_converter", error) from error

    def exporters(self) -> dict[str, Exporter]:
        """Exporters by name."""
        return _by_name(self._collect("hom_exporters", Exporter), "exporter")

    def notifiers(self) -> dict[str, Notifier]:
        """Notifiers by name: :class:`~hom_core.delivery.Deliveries` delivers to them."""
        return _by_name(self._collect("hom_notifiers", Notifier), "notifier")

    def domain_packs(self) -> dict[str, DomainPack]:
        """Domain packs by name."""
        return _by_name(self._collect("hom_domain_packs", DomainPack), "domain pack")

    def report_sections(self) -> list[ReportSection]:
        """Report sections in the order they are printed (``order``, then name): through
        ``hom_report_sections``, and those of the domain packs."""
        registered = [
            *self._collect("hom_report_sections", ReportSection),
            *(
                (plugin, section)
                for plugin, pack in self._collect("hom_domain_packs", DomainPack)
                for section in pack.sections
            ),
        ]
        sections = _by_name(registered, "report section")
        return sorted(sections.values(), key=lambda section: (section.order, section.name))

    def after_append(self, log: Any, result: AppendResult) -> None:
        """Tell every ``hom_after_append`` implementation that the log ``log`` (an
        :class:`~hom_core.log.EventLog`, which holds this manager) appended ``result``; one that
        raises is logged and skipped."""
        for impl in self._impls("hom_after_append"):
            try:
                _call(impl, log=log, result=result)
            except Exception:
                logger.exception(
                    "hom plugin %r failed in hom_after_append; the append at positions %d-%d "
                    "is recorded and kept",
                    impl.plugin_name,
                    result.first_position,
                    result.last_position,
                )

    def _impls(self, hook: str) -> list[pluggy.HookImpl]:
        """The implementations of ``hook`` in the order pluggy would call them."""
        caller: pluggy.HookCaller = getattr(self.manager.hook, hook)
        return list(reversed(caller.get_hookimpls()))

    def _collect(self, hook: str, kind: type[R]) -> list[tuple[str, R]]:
        """Every record the plugins return from ``hook``, with the name of the plugin."""
        records: list[tuple[str, R]] = []
        for impl in self._impls(hook):
            try:
                batch = _call(impl)
                items = None if _not_a_list(batch) else list(batch or ())
            except Exception as error:
                raise _failed(impl, hook, error) from error
            if items is None:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} returned {batch!r} from {hook} where a list of "
                    f"{kind.__name__} records was expected: return [{kind.__name__}(...), ...]"
                )
            for record in items:
                if not isinstance(record, kind):
                    raise PluginError(
                        f"plugin {impl.plugin_name!r} returned {record!r} from {hook} where a "
                        f"{kind.__name__} record was expected: return {kind.__name__}(...) records"
                    )
                records.append((impl.plugin_name, record))
        return records


def _register(registry: EventTypes, hook: str, registered: Iterable[tuple[str, EventType]]) -> None:
    """Register the event types the plugins gave through ``hook``, naming the plugin of any
    that clashes."""
    for plugin, event_type in registered:
        try:
            registry.register(event_type)
        except PluginError as error:
            raise PluginError(f"plugin {plugin!r}, {hook}: {error}") from None


def _call(impl: pluggy.HookImpl, **arguments: Any) -> Any:
    """Call one implementation with the arguments it declares (it may take fewer than the spec)."""
    return impl.function(*(arguments[name] for name in impl.argnames))


def _not_a_list(batch: object) -> bool:
    """Whether a registration hook's return value is not a sequence of records (``None`` is)."""
    if isinstance(batch, str | bytes | Mapping):
        return True
    return not isinstance(batch, Iterable | None)


def _failed(impl: pluggy.HookImpl, hook: str, error: Exception) -> PluginError:
    return PluginError(
        f"plugin {impl.plugin_name!r} failed in {hook}: {type(error).__name__}: {error}; "
        f"fix it or disable it ({DISABLE_ENV}={impl.plugin_name})"
    )


def _by_name(
    records: Iterable[tuple[str, DomainPack | Exporter | Notifier | ReportSection]], kind: str
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    owners: dict[str, str] = {}
    for plugin, record in records:
        if record.name in found:
            raise PluginError(
                f"plugins {owners[record.name]!r} and {plugin!r} both register the {kind} "
                f"{record.name!r}: disable one of them ({DISABLE_ENV}={plugin})"
            )
        found[record.name] = record
        owners[record.name] = plugin
    return found
