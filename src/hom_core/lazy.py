"""Names a package exports but imports only when first used (PEP 562), each written once.

A package lists its public names once, as explicit re-exports under ``if TYPE_CHECKING:``, and
hands the rest to :func:`lazy_exports`::

    if TYPE_CHECKING:
        from hom_core.log import EventLog as EventLog

    if not TYPE_CHECKING:
        __getattr__, __dir__ = lazy_exports(globals())

Type checkers and IDEs read the imports (``X as X`` is how a package re-exports a name to them);
at run time nothing is imported until a name is used: then the package's own source is read,
once, to learn where each name lives, and ``__all__`` is the names in the order written. Keep the
assignment out of type checkers' sight: a module ``__getattr__`` they can see makes them accept
any attribute of the package, misspellings included.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["declared_exports", "lazy_exports"]


def declared_exports(source: str) -> dict[str, str]:
    """Each name ``source`` imports under ``if TYPE_CHECKING:``, with the module it is from, in
    the order written."""
    homes: dict[str, str] = {}
    for block in ast.parse(source).body:
        if not (isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"):
            continue
        for statement in block.body:
            if isinstance(statement, ast.ImportFrom) and statement.module:
                homes.update((alias.name, statement.module) for alias in statement.names)
    return homes


def lazy_exports(
    namespace: dict[str, Any],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of the package whose ``globals()`` is ``namespace``
    (its ``__init__.py`` is read where it is installed, in a directory or a zip file).

    A name is imported from its module the first time it is used, then kept in ``namespace``,
    so later uses cost what any other global does; ``__all__`` is made the same way. ``dir()``
    lists every exported name from the start.
    """
    package = namespace["__name__"]
    known: dict[str, str] = {}

    def homes() -> dict[str, str]:
        if not known:
            known.update(declared_exports(_source(package, namespace.get("__file__"))))
        return known

    def module_getattr(name: str) -> Any:
        """Import ``name`` from its module the first time it is used."""
        if name == "__all__":
            value: Any = list(homes())
        else:
            home = homes().get(name)
            if home is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def module_dir() -> list[str]:
        """The package's names, the exported ones included before their first use."""
        return sorted(namespace.keys() | homes().keys())

    return module_getattr, module_dir


def _source(package: str, path: str | None) -> str:
    """The text of ``package``'s ``__init__.py``: read from ``path`` when it is a file, else
    through :mod:`importlib.resources` (a zip file, which costs that module's imports)."""
    if path is not None and path.endswith(".py"):
        try:
            with open(path, encoding="utf-8") as file:
                return file.read()
        except OSError:
            pass
    from importlib import resources

    return resources.files(package).joinpath("__init__.py").read_text("utf-8")
