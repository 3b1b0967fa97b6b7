"""Whether a plugin can be registered: its hooks are hom's (or marked optional), and none is a
wrapper. What :class:`~hom_core.plugins.Plugins` checks of every plugin it registers."""

from __future__ import annotations

import pluggy

from hom_core import hookspecs

__all__ = ["hook_names", "registered_checked"]


def registered_checked(
    manager: pluggy.PluginManager, plugin: object, name: str | None
) -> str | None:
    """Register ``plugin`` on ``manager``; why it cannot stay (it is then taken out again),
    or ``None`` when it can."""
    try:
        manager.register(plugin, name)
    except pluggy.PluginValidationError as error:
        if manager.is_registered(plugin):  # older pluggy registers part of it first
            manager.unregister(plugin)
        return str(error)
    problem = _problem(manager, plugin)
    if problem is not None:
        manager.unregister(plugin)
    return problem


def _problem(manager: pluggy.PluginManager, plugin: object) -> str | None:
    """Why the just-registered ``plugin`` cannot stay, or ``None`` when it can."""
    callers = manager.get_hookcallers(plugin) or []
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        unknown = [
            caller.name
            for caller in callers
            for impl in caller.get_hookimpls()
            if impl.plugin is plugin and not caller.has_spec() and not impl.optionalhook
        ]
        return (
            f"unknown hook {', '.join(sorted(unknown)) or error}: hom's hooks are "
            f"{', '.join(hook_names())}; fix the name, or mark the implementation "
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


def hook_names() -> list[str]:
    """The names of every hookspec in :mod:`hom_core.hookspecs`."""
    marker = f"{hookspecs.PROJECT}_spec"
    return sorted(name for name, value in vars(hookspecs).items() if hasattr(value, marker))
