"""What the PostgreSQL tests share: the server to use, throw-away schemas, and process workers.

The server is ``HOM_POSTGRES_DSN`` (default :data:`DEFAULT_DSN`). Where none is reachable (or
psycopg is not installed) the tests that need one skip, saying why; when the ``CI`` environment
variable is set they fail instead, because CI must run them (``.ci/run`` starts the server).
Every test works in a schema of its own (:func:`schema_url`), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

DSN_ENV = "HOM_POSTGRES_DSN"
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def require_psycopg() -> None:
    """Skip the calling test module when psycopg is missing (fail when ``CI`` is set)."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError as error:
        message = f"psycopg is not installed ({error}): pip install -e '.[postgres]'"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set, so the PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message, allow_module_level=True)


def configured_dsn() -> str:
    return os.environ.get(DSN_ENV) or DEFAULT_DSN


def reachable_dsn() -> str:
    """The DSN of a server that answers; skips (fails under ``CI``) when there is none."""
    dsn = configured_dsn()
    try:
        import psycopg

        with psycopg.connect(dsn, connect_timeout=3, autocommit=True) as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # ImportError, or any way of not reaching the server
        reason = " ".join(str(error).split()) or type(error).__name__
        message = (
            f"PostgreSQL not reachable at {dsn}: {reason}; start it or set {DSN_ENV}"
            if not isinstance(error, ImportError)
            else f"psycopg is not installed ({reason}): pip install -e '.[postgres]'"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set, so the PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message)
    return dsn


def new_schema() -> str:
    """A fresh schema name for one test."""
    return f"hom_test_{uuid.uuid4().hex[:12]}"


def schema_url(dsn: str, schema: str, **options: object) -> str:
    """``dsn`` with hom's ``schema`` option (and any others) added to its query string."""
    extra = "&".join(f"{key}={value}" for key, value in {"schema": schema, **options}.items())
    return f"{dsn}{'&' if '?' in dsn else '?'}{extra}"


def execute(dsn: str, query: Any, params: Any = None) -> list[tuple[Any, ...]]:
    """Run one statement on a connection of its own (autocommit); its rows, if any."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description is not None else []


def drop_schema(dsn: str, schema: str) -> None:
    from psycopg import sql

    execute(dsn, sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


# -- process workers (run in spawned processes: importable, and only picklable arguments) -------


def append_with_retries(
    url: str, worker: int, shared: int, own: int, barrier: Any, results: Any
) -> None:
    """Append ``shared`` records to the stream ``shared`` with expected versions, retrying on
    ConcurrencyError, and ``own`` records to a stream of this worker's; report the counts."""
    from hom_core.errors import ConcurrencyError
    from hom_core.testing.storage import new_record
    from hom_plugins.postgres import PostgresStore

    successes = conflicts = 0
    store = None
    try:
        store = PostgresStore(url)
        barrier.wait(timeout=30)
        for n in range(max(shared, own)):
            if n < shared:
                while True:
                    version = store.stream_version("shared")
                    record = new_record(worker * 100_000 + n, actor=f"worker-{worker}")
                    try:
                        store.append("shared", [record], version)
                    except ConcurrencyError:
                        conflicts += 1
                        continue
                    successes += 1
                    break
            if n < own:
                record = new_record(worker * 100_000 + 50_000 + n, actor=f"worker-{worker}")
                store.append(f"own-{worker}", [record], n)
        results.put((worker, successes, conflicts, None))
    except BaseException as error:
        barrier.abort()  # nobody waits for a worker that will not come
        results.put((worker, successes, conflicts, repr(error)))
    finally:
        if store is not None:
            store.close()
