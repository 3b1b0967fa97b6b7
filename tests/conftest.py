"""Shared fixtures: sample event types, a fixed clock, and a log over each storage backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hom_core import EventLog
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
