"""Builtin plugin: the ``postgresql://`` (and ``postgres://``) schemes.

The backend itself (:mod:`hom_plugins.storage.postgres`) needs psycopg, which comes with the
``postgres`` extra. This module imports it only when a PostgreSQL URL is opened, so an install
without the extra loads every plugin quietly, and opening a PostgreSQL log says what to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hom_core import StorageBackend, hookimpl
from hom_core.errors import StoreError

if TYPE_CHECKING:
    from hom_plugins.storage.postgres import PostgresStore
    from hom_plugins.storage.postgres_people import PostgresPeople


def _missing(error: ImportError) -> StoreError:
    return StoreError(f"{error}; then open the PostgreSQL log again")


def _store_class() -> type[PostgresStore]:
    try:
        from hom_plugins.storage.postgres import PostgresStore
    except ImportError as error:
        raise _missing(error) from error
    return PostgresStore


def open_store(url: str) -> PostgresStore:
    """Open the log at a ``postgresql://`` URL, creating its tables (psycopg imported now)."""
    return _store_class().from_url(url)


def open_existing(url: str) -> PostgresStore:
    """Open the log at a ``postgresql://`` URL only if it exists, creating nothing."""
    return _store_class().open_existing(url)


def open_people(url: str) -> PostgresPeople:
    """Open the people store beside the log at a ``postgresql://`` URL."""
    try:
        from hom_plugins.storage.postgres_people import PostgresPeople
    except ImportError as error:
        raise _missing(error) from error
    return PostgresPeople.from_url(url)


@contextmanager
def fresh_url(_: Path) -> Iterator[str]:
    """A log in a schema of its own on the server ``HOM_POSTGRES_DSN`` names, dropped on exit
    (for the ``hom`` pytest plugin; a :class:`HomError` says why when there is no server)."""
    from hom_core.testing.postgres import configured_dsn, fresh_schema_url

    with fresh_schema_url(configured_dsn()) as url:
        yield url


@hookimpl
def hom_storage_backends() -> list[StorageBackend]:
    """Claim ``postgresql://`` and ``postgres://``: a log shared through a PostgreSQL server."""
    return [
        StorageBackend(
            scheme,
            open_store,
            "PostgreSQL (psycopg 3, pooled); for logs shared by many processes and machines",
            open_people=open_people,
            open_existing=open_existing,
            fresh_url=fresh_url,
        )
        for scheme in ("postgresql", "postgres")
    ]
