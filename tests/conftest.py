"""Shared fixtures: sample event types, a fixed clock, and a log over each storage backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import properties  # noqa: F401  (loads the hypothesis profile)
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
