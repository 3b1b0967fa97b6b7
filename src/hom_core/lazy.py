"""Names a package exports but imports only when first used (PEP 562).

A package lists its public names in ``__all__``, imports them under ``if TYPE_CHECKING:`` for
type checkers and IDEs, and hands the rest to :func:`lazy_exports`::

    if not TYPE_CHECKING:
        __getattr__, __dir__ = lazy_exports(globals(), {"hom_core.log": ("EventLog",)})

Keep the assignment out of type checkers' sight: a module ``__getattr__`` they can see makes
them accept any attribute of the package, misspellings included.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_exports(
    namespace: dict[str, Any], homes: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of the module whose ``globals()`` is ``namespace``.

    ``homes`` maps the name of each module to the names the package exports from it. A name is
    imported from its home the first time it is used, then kept in ``namespace``, so later uses
    cost what any other global does. ``dir()`` lists every exported name from the start.
    """
    home_of = {name: module for module, names in homes.items() for name in names}
    package = namespace["__name__"]

    def module_getattr(name: str) -> Any:
        """Import ``name`` from its home module the first time it is used."""
        home = home_of.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def module_dir() -> list[str]:
        """The module's names, the exported ones included before their first use."""
        return sorted(namespace.keys() | home_of.keys())

    return module_getattr, module_dir
