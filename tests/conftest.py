"""Shared fixtures: sample event types, a fixed clock, and a log over each storage backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import properties  # noqa: F401  (loads the hypothesis profile)
from cli_support import copied_log, ok, quick, sqlite_url
from hom_core import EventLog
from hom_core.testing.postgres import fresh_schema_url
from notify_support import HttpServer
from postgres_support import reachable_dsn
from samples import BACKENDS, START, FixedClock, log_url, open_sample_log


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def log(backend: str, tmp_path: Path, clock: FixedClock) -> Iterator[EventLog]:
    """An empty log of the sample event types, on memory:// and on sqlite:/// in tmp_path."""
    with open_sample_log(log_url(backend, tmp_path), clock) as log:
        yield log


@pytest.fixture(scope="session")
def formed_log(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a SQLite log in which the partnership 'hom' (Hom) was formed on
    2013-07-01, made once per test process."""
    path = tmp_path_factory.mktemp("formed") / "hom.sqlite3"
    args = ("init", "-p", "hom", "--name", "Hom", "--formed-on", "2013-07-01")
    ok(quick(*args, "--url", sqlite_url(path)))
    return path.read_bytes()


@pytest.fixture
def hom_url(tmp_path: Path, formed_log: bytes) -> str:
    """The URL of a copy of :func:`formed_log` of the test's own."""
    return copied_log(tmp_path, formed_log)


@pytest.fixture
def http() -> Iterator[HttpServer]:
    """An HTTP server on 127.0.0.1 that keeps what is POSTed to it (notify_support)."""
    server = HttpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_dsn() -> str:
    """A PostgreSQL server that answers (``HOM_POSTGRES_DSN``); skips without one, fails in CI."""
    return reachable_dsn()


@pytest.fixture
def postgres_url(postgres_dsn: str) -> Iterator[str]:
    """The URL of a log in a fresh schema of its own on that server, dropped afterwards."""
    with fresh_schema_url(postgres_dsn) as url:
        yield url
