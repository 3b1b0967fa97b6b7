"""Builtin plugin: the ``memory://`` scheme, backed by the core's :class:`MemoryStore`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hom_core import StorageBackend, hookimpl
from hom_core.memory import MemoryStore
from hom_core.people import MemoryPeople


def _open(_: str) -> MemoryStore:
    return MemoryStore()


def _open_people(_: str) -> MemoryPeople:
    return MemoryPeople()


@contextmanager
def _fresh_url(_: Path) -> Iterator[str]:
    yield "memory://"


@hookimpl
def hom_storage_backends() -> list[StorageBackend]:
    """Claim ``memory://``: a fresh, empty in-memory store per open."""
    return [
        StorageBackend(
            "memory",
            _open,
            "in-memory; nothing survives the process",
            open_people=_open_people,
            fresh_url=_fresh_url,
        )
    ]
