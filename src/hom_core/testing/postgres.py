"""Throw-away PostgreSQL schemas for tests: each test's log in a schema of its own::

    from hom_core.testing.postgres import fresh_schema_url, unreachable

    @pytest.fixture
    def log_url():
        dsn = os.environ["HOM_POSTGRES_DSN"]
        if (reason := unreachable(dsn)) is not None:
            pytest.skip(reason)
        with fresh_schema_url(dsn) as url:  # dropped when the test is over
            yield url

The ``hom`` pytest plugin's ``postgres`` backend uses these, and so may a suite's own fixtures.
Nothing is imported from psycopg or :mod:`hom_plugins` until a function is called.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = [
    "configured_dsn",
    "drop_schema",
    "fresh_schema_url",
    "new_schema",
    "schema_url",
    "unreachable",
]


def configured_dsn() -> str:
    """The server ``HOM_POSTGRES_DSN`` names, once it answers (asked once per process).

    Raises :class:`~hom_core.errors.UsageError` when the variable is not set and
    :class:`~hom_core.errors.StoreError` saying why when no server answers there: the reasons
    the ``hom`` pytest plugin skips its PostgreSQL tests with.
    """
    from hom_core.errors import StoreError, UsageError
    from hom_core.testing.pytest_plugin import POSTGRES_DSN_ENV

    dsn = os.environ.get(POSTGRES_DSN_ENV, "")
    if not dsn:
        raise UsageError(f"{POSTGRES_DSN_ENV} is not set: set it to a PostgreSQL URL to run there")
    reason = _unreachable_once(dsn)
    if reason is not None:
        raise StoreError(reason)
    return dsn


@functools.cache
def _unreachable_once(dsn: str) -> str | None:
    return unreachable(dsn)


def unreachable(dsn: str) -> str | None:
    """Why no PostgreSQL server answers at ``dsn`` (psycopg is missing, the URL is wrong, the
    connection fails), in words to show a skipped test; ``None`` when one answers."""
    try:
        from hom_plugins.storage.postgres_base import connect, parse_url
    except ImportError as error:  # its message says what to install
        return str(error)
    from hom_core.errors import StoreError

    try:
        connect(parse_url(dsn)).close()
    except StoreError as error:  # it says why the server cannot be reached
        return str(error)
    return None


def new_schema() -> str:
    """A fresh schema name, ``hom_test_`` and 12 random hex digits."""
    return f"hom_test_{uuid.uuid4().hex[:12]}"


def schema_url(dsn: str, schema: str) -> str:
    """``dsn`` with hom's ``schema`` option added to its query string."""
    return f"{dsn}{'&' if '?' in dsn else '?'}schema={schema}"


def drop_schema(dsn: str, schema: str) -> None:
    """Drop ``schema`` and everything in it from the server at ``dsn``, if it is there."""
    from psycopg import sql

    from hom_plugins.storage.postgres_base import connect, parse_url

    with connect(parse_url(dsn)) as connection:
        drop = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
        connection.execute(drop.format(sql.Identifier(schema)))


@contextmanager
def fresh_schema_url(dsn: str) -> Iterator[str]:
    """The URL of a log in a new schema (:func:`new_schema`) on the server at ``dsn``; the
    schema is dropped on leaving the block, whether or not a log was opened there."""
    schema = new_schema()
    try:
        yield schema_url(dsn, schema)
    finally:
        drop_schema(dsn, schema)
