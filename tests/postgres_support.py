"""What the PostgreSQL tests share: the server to use, throw-away schemas, and process workers.

The server is ``HOM_POSTGRES_DSN`` (default :data:`DEFAULT_DSN`). Where none is reachable (or
psycopg is not installed) the tests that need one skip, saying why; when the ``CI`` environment
variable is set they fail instead, because CI must run them (``.ci/run`` starts the server).
Every test works in a schema of its own, dropped afterwards: the throw-away schemas of the
``hom`` pytest plugin (:mod:`hom_core.testing.postgres`, re-exported here).
"""

from __future__ import annotations

import os
from typing import Any, NoReturn

import pytest

from hom_core.testing.postgres import (
    drop_schema,
    new_schema,
    schema_url,
    unreachable,
)
from hom_core.testing.pytest_plugin import POSTGRES_DSN_ENV

__all__ = [
    "DEFAULT_DSN",
    "append_with_retries",
    "drop_schema",
    "execute",
    "new_schema",
    "reachable_dsn",
    "require_psycopg",
    "schema_url",
]

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def _skip_or_fail(message: str, *, allow_module_level: bool = False) -> NoReturn:
    """Skip saying ``message``; fail instead when ``CI`` is set, as CI must run these tests."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so the PostgreSQL tests must run)", pytrace=False)
    pytest.skip(message, allow_module_level=allow_module_level)


def require_psycopg() -> None:
    """Skip the calling test module when psycopg is missing (fail when ``CI`` is set)."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError as error:
        _skip_or_fail(
            f"psycopg is not installed ({error}): pip install -e '.[postgres]'",
            allow_module_level=True,
        )


def reachable_dsn() -> str:
    """The DSN of a server that answers (``HOM_POSTGRES_DSN``, else :data:`DEFAULT_DSN`); skips,
    saying why, when there is none (fails under ``CI``)."""
    dsn = os.environ.get(POSTGRES_DSN_ENV) or DEFAULT_DSN
    reason = unreachable(dsn)
    if reason is not None:
        _skip_or_fail(reason)
    return dsn


def execute(dsn: str, query: Any, params: Any = None) -> list[tuple[Any, ...]]:
    """Run one statement on a connection of its own (autocommit); its rows, if any."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description is not None else []


# -- process workers (run in spawned processes: importable, and only picklable arguments) -------


def append_with_retries(
    url: str, worker: int, shared: int, own: int, barrier: Any, results: Any
) -> None:
    """Append ``shared`` records to the stream ``shared`` with expected versions, retrying on
    ConcurrencyError, and ``own`` records to a stream of this worker's; report the counts."""
    from hom_core.errors import ConcurrencyError
    from hom_core.testing.storage import new_record
    from hom_plugins.storage.postgres import PostgresStore

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
