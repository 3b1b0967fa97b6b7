"""The entry points of one group, found as :func:`importlib.metadata.entry_points` finds them,
without importing :mod:`importlib.metadata` when that is not needed.

Importing :mod:`importlib.metadata` brings in the email, zipfile and csv modules, and its
``entry_points`` makes an object for every distribution installed: together about a tenth of
``hom status``. Where every entry of ``sys.path`` is a directory (or absent) and no import
hook brings distributions of its own, :func:`entry_points` reads the ``entry_points.txt`` of
each ``*.dist-info`` and ``*.egg-info`` directory itself, by the same rules: the path's entries
in order, the first distribution of a (normalized) name hiding any later one, the same parsing.
Anywhere else (a zip file on the path, an ``.egg`` entry, a custom finder, a file it cannot
parse) it asks :mod:`importlib.metadata`, whose answer is then the answer.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import importlib.metadata

__all__ = ["EntryPoint", "PluginEntryPoint", "entry_points"]

_VALUE = r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"
"""An entry point's value, as :class:`importlib.metadata.EntryPoint` reads it (compiled when
first used: compiling it costs more than reading every entry point)."""

_METADATA_SUFFIXES = (".dist-info", ".egg-info")


class PluginEntryPoint(Protocol):
    """What hom uses of an entry point (:class:`EntryPoint` or importlib.metadata's)."""

    @property
    def name(self) -> str: ...

    @property
    def value(self) -> str: ...

    @property
    def module(self) -> str: ...

    @property
    def attr(self) -> str: ...

    @property
    def dist(self) -> importlib.metadata.Distribution | None: ...

    def load(self) -> Any: ...


class EntryPoint:
    """One entry point read from a distribution's ``entry_points.txt`` in the directory
    ``metadata``; used as :class:`importlib.metadata.EntryPoint` is."""

    __slots__ = ("group", "metadata", "name", "value")

    def __init__(self, name: str, value: str, group: str, metadata: str) -> None:
        self.name = name
        self.value = value
        self.group = group
        self.metadata = metadata

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"

    @property
    def module(self) -> str:
        """The module the value names."""
        return self._parts()["module"]

    @property
    def attr(self) -> str:
        """The object in the module the value names (``""`` for the module itself, as
        importlib.metadata gives ``None``)."""
        return self._parts()["attr"] or ""

    def _parts(self) -> dict[str, str]:
        found = re.match(_VALUE, self.value)
        if found is None:
            raise ValueError(f"entry point {self.name!r}: {self.value!r} names no module")
        return found.groupdict()

    def load(self) -> Any:
        """Import the module the value names and return it, or the object in it it names."""
        module = importlib.import_module(self.module)
        return functools.reduce(getattr, filter(None, self.attr.split(".")), module)

    @property
    def dist(self) -> importlib.metadata.Distribution | None:
        """The distribution that declares it (its metadata read now)."""
        import importlib.metadata
        import pathlib

        return importlib.metadata.PathDistribution(pathlib.Path(self.metadata))


def entry_points(group: str) -> list[PluginEntryPoint]:
    """The entry points of ``group`` of every installed distribution, in the order
    :func:`importlib.metadata.entry_points` gives them."""
    found = _read(group)
    if found is None:
        import importlib.metadata

        return list(importlib.metadata.entry_points(group=group))
    return list(found)


class _UnreadableError(Exception):
    """What :func:`_read` cannot read as importlib.metadata would: it is asked instead."""


def _read(group: str) -> list[EntryPoint] | None:
    if not _only_the_path_finder():
        return None
    seen: set[str] = set()
    found: list[EntryPoint] = []
    try:
        for name, metadata in _distributions():
            if name in seen:
                continue
            seen.add(name)
            found.extend(_group(metadata, group))
    except _UnreadableError:
        return None
    return found


def _only_the_path_finder() -> bool:
    """Whether the path finder is the only import hook that finds distributions."""
    import importlib.machinery

    return all(
        finder is importlib.machinery.PathFinder or not hasattr(finder, "find_distributions")
        for finder in sys.meta_path
    )


def _distributions() -> Iterator[tuple[str, str]]:
    """The normalized name and metadata directory of each distribution on the path, in the
    order importlib.metadata finds them (by path entry, then by name in the order met)."""
    for entry in sys.path:
        if not isinstance(entry, str) or entry.lower().endswith(".egg"):
            raise _UnreadableError
        root = entry or "."
        try:
            children = os.listdir(root)
        except OSError:
            if os.path.isfile(root):  # a zip file: importlib.metadata reads it
                raise _UnreadableError from None
            continue
        by_name: dict[str, list[str]] = {}
        for child in children:
            stem, suffix = os.path.splitext(child)
            if suffix.lower() not in _METADATA_SUFFIXES:
                continue
            if suffix not in _METADATA_SUFFIXES:  # importlib.metadata names it from its METADATA
                raise _UnreadableError
            by_name.setdefault(_normalized(stem.partition("-")[0]), []).append(
                os.path.join(root, child)
            )
        for name, paths in by_name.items():
            for path in paths:
                yield name, path


def _normalized(name: str) -> str:
    """A distribution's name as importlib.metadata compares them (PEP 503, ``_`` for ``-``)."""
    underscored = name.lower().replace("-", "_").replace(".", "_")
    while "__" in underscored:
        underscored = underscored.replace("__", "_")
    return underscored


def _group(metadata: str, group: str) -> Iterator[EntryPoint]:
    """The entry points of ``group`` in the ``entry_points.txt`` of ``metadata``."""
    try:
        with open(os.path.join(metadata, "entry_points.txt"), encoding="utf-8") as file:
            text = file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return
    except (OSError, UnicodeDecodeError):
        raise _UnreadableError from None
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section is None:
            continue
        name, equals, value = line.partition("=")
        if not equals:
            raise _UnreadableError  # importlib.metadata refuses it, and says so
        if section == group:
            yield EntryPoint(name.strip(), value.strip(), group, metadata)
