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
            if any(broken.name == name for broken in self.broken):
                continue  # reported once is enough
            dist = entry_point.dist
            self._distributions[name] = (
                dist.name if dist else None,
                dist.version if dist else None,
            )
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
        try:
            self.manager.register(plugin, name)
        except pluggy.PluginValidationError as error:
            if self.manager.is_registered(plugin):  # older pluggy registers part of it first
                self.manager.unregister(plugin)
            self._report(label, f"invalid: {error}")
            return
        problem = self._check(plugin)
        if problem is not None:
            self.manager.unregister(plugin)
            self._report(label, f"invalid: {problem}")

    def _check(self, plugin: object) -> str | None:
        """Why the just-registered ``plugin`` cannot stay, or ``None`` when it can."""
        callers = self.manager.get_hookcallers(plugin) or []
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as error:
            unknown = [
                caller.name
                for caller in callers
                for impl in caller.get_hookimpls()
                if impl.plugin is plugin and not caller.has_spec() and not impl.optionalhook
            ]
            return (
                f"unknown hook {', '.join(sorted(unknown)) or error}: hom's hooks are "
                f"{', '.join(_hook_names())}; fix the name, or mark the implementation "
                "@hom_core.hookimpl(optionalhook=True) if it is meant for a newer hom"
            )
        wrappers = sorted(
            caller.name
            for caller in callers
            for impl in caller.get_hookimpls()
            if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper)
        )
        if wrappers:
            return (
                f"{', '.join(wrappers)} is marked as a wrapper, which hom does not support: hom "
                "calls each implementation on its own; drop wrapper=True/hookwrapper=True"
            )
        return None

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
            dist, version = self._distributions.get(broken.name, (None, None))
            rows.append(PluginInfo(broken.name, dist, version, (), f"broken: {broken.error}"))
        return rows

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
        ``hom_event_types``, and the events of their domain packs' deciders."""
        registry = EventTypes(builtin)
        registered = [
            *(("hom_event_types", *each) for each in self._collect("hom_event_types", EventType)),
            *(
                ("hom_domain_packs", plugin, event_type)
                for plugin, pack in self._collect("hom_domain_packs", DomainPack)
                for event_type in pack.decider.event_types
            ),
        ]
        for hook, plugin, event_type in registered:
            try:
                registry.register(event_type)
            except PluginError as error:
                raise PluginError(f"plugin {plugin!r}, {hook}: {error}") from None
        return registry

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


def _hook_names() -> list[str]:
    """The names of every hookspec in :mod:`hom_core.hookspecs`."""
    marker = f"{hookspecs.PROJECT}_spec"
    return sorted(name for name, value in vars(hookspecs).items() if hasattr(value, marker))


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
