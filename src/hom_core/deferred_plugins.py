"""Plugins imported the first time one of their hooks is called, not when they are discovered.

A distribution may say, in the top-level package of its plugin modules, which hooks each module
implements (the ``hom`` entry-point value, a module, as the key)::

    HOM_PLUGIN_HOOKS = {"acme_hom.store": ("hom_storage_backends",)}

A plugin declared there is not imported when :class:`~hom_core.plugins.Plugins` discovers it: a
:class:`StandIn` is registered under its name instead, with one implementation of each declared
hook. The first call of any of them imports the module and checks it as a plugin loaded at once
is checked (its hooks, and that they are the ones declared); every call then goes to the module's
own implementations. So ``hom status`` imports the storage backends it may open and the
partnership's rules, never the exporters, notifiers or domain packs it does not use. A module
that fails to import, or is not the plugin it was declared to be, is reported as broken then and
contributes nothing, as if it had failed at discovery.
"""

from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

from hom_core import hookspecs

if TYPE_CHECKING:
    from hom_core.entry_points import PluginEntryPoint

__all__ = ["HOOKS_DECLARATION", "DeferredPlugin", "StandIn", "declared_hooks"]

HOOKS_DECLARATION = "HOM_PLUGIN_HOOKS"
"""The name of the mapping, in a plugin module's top-level package, from module to hooks."""

_SPEC = f"{hookspecs.PROJECT}_spec"
"""The attribute pluggy's marker puts on a hookspec."""

Check = Callable[[object, str], "dict[str, pluggy.HookImpl] | str"]
"""Registers a plugin on a scratch manager: its implementations by hook, or what is wrong."""


def declared_hooks(entry_point: PluginEntryPoint) -> tuple[str, ...] | None:
    """The hooks declared for ``entry_point``'s module in its top-level package, or ``None``
    when none are (an object in a module, a top-level module, an undeclared one)."""
    package, dot, _ = entry_point.module.partition(".")
    if not dot or entry_point.attr:
        return None
    try:
        declaration = getattr(importlib.import_module(package), HOOKS_DECLARATION, None)
    except Exception:  # the plugin is then loaded at once, which reports why it fails
        return None
    hooks = declaration.get(entry_point.module) if isinstance(declaration, Mapping) else None
    if hooks is None or isinstance(hooks, str):
        return None
    if not all(_is_hook(hook) for hook in hooks):
        return None  # a hook hom does not know: loaded at once, which reports it
    return tuple(hooks)


class StandIn:
    """What is registered in place of a deferred plugin: one implementation of each declared
    hook, taking the hook's arguments and passing them to the module's own implementation."""

    def __init__(self, deferred: DeferredPlugin) -> None:
        self.deferred = deferred
        for hook in deferred.hooks:
            setattr(self, hook, _forwarding(deferred, hook))

    def __dir__(self) -> list[str]:
        """Only the hooks: what pluggy looks through when it registers the stand-in."""
        return list(self.deferred.hooks)

    def __repr__(self) -> str:
        return f"<hom plugin {self.deferred.name!r} from {self.deferred.entry_point.value}>"


def _is_hook(name: object) -> bool:
    """Whether ``name`` is one of hom's hooks (one of :mod:`hom_core.hookspecs`)."""
    return isinstance(name, str) and hasattr(getattr(hookspecs, name, None), _SPEC)


def _forwarding(deferred: DeferredPlugin, hook: str) -> Callable[..., Any]:
    spec = getattr(hookspecs, hook)
    names = tuple(inspect.signature(spec).parameters)

    def forward(*arguments: Any) -> Any:
        implementations = deferred.resolve()
        if implementations is None:
            return None  # broken: it contributes nothing, as a plugin skipped at discovery
        implementation = implementations[hook]
        given = dict(zip(names, arguments, strict=True))
        return implementation.function(*(given[name] for name in implementation.argnames))

    forward.__name__ = hook
    forward.__wrapped__ = spec  # type: ignore[attr-defined]  # pluggy reads its arguments there
    return hookspecs.hookimpl(forward)


class DeferredPlugin:
    """A plugin discovered through ``entry_point``, declared to implement ``hooks``, imported
    by :meth:`resolve` (once, whichever thread asks first)."""

    def __init__(
        self,
        name: str,
        entry_point: PluginEntryPoint,
        hooks: tuple[str, ...],
        check: Check,
        report: Callable[[str, str], None],
    ) -> None:
        self.name = name
        self.entry_point = entry_point
        self.hooks = hooks
        self._check = check
        self._report = report
        self._lock = threading.Lock()
        self._resolved = False
        self._implementations: dict[str, pluggy.HookImpl] | None = None
        self.stand_in = StandIn(self)

    def resolve(self) -> dict[str, pluggy.HookImpl] | None:
        """The module's implementations by hook, importing and checking it the first time;
        ``None`` when it is broken (reported once, through ``report(name, error)``)."""
        with self._lock:
            if not self._resolved:
                self._implementations = self._load()
                self._resolved = True
            return self._implementations

    def _load(self) -> dict[str, pluggy.HookImpl] | None:
        try:
            plugin = self.entry_point.load()
        except Exception as error:  # a broken plugin must never break the host
            self._report(self.name, f"import failed: {type(error).__name__}: {error}")
            return None
        checked = self._check(plugin, self.name)
        if isinstance(checked, str):
            self._report(self.name, f"invalid: {checked}")
            return None
        implemented = {hook for hook in checked if _is_hook(hook)}  # not optional ones of later hom
        if implemented != set(self.hooks):
            self._report(
                self.name,
                f"invalid: {HOOKS_DECLARATION} declares {', '.join(sorted(self.hooks))} for "
                f"{self.entry_point.module}, which implements "
                f"{', '.join(sorted(implemented)) or 'no hook'}: "
                "make the declaration name its hooks",
            )
            return None
        return {hook: checked[hook] for hook in implemented}
