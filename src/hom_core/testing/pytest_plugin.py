"""The ``hom`` pytest plugin: a fresh log on every storage backend, and partnership scenarios.

pytest loads it through the ``pytest11`` entry point ``hom`` wherever hom is installed; its
fixtures, all named ``hom_*``, are there for any test that asks for one:

- ``hom_backend``: ``"memory"``, ``"sqlite"``, ``"jsonl"`` and ``"postgres"``, one parameter
  each, so a test asking for a log runs on every backend. A backend that is not installed
  skips; PostgreSQL runs where ``HOM_POSTGRES_DSN`` names a server that answers (each test in a
  schema of its own, dropped afterwards: :mod:`hom_core.testing.postgres`) and skips, saying
  why, elsewhere. To run on fewer backends, override it in your ``conftest.py``:
  ``@pytest.fixture def hom_backend(): return "memory"``;
- ``hom_log_url``: the URL of a fresh, empty log on that backend (files in ``tmp_path``);
- ``hom_log``: the log at that URL, opened with the installed plugins, closed afterwards;
- ``hom_partnership``: a :class:`~hom_core.application.Partnership` (``"test"``) on that log;
- ``hom_scenario``: a :class:`~hom_core.testing.PartnershipScenario` on that log.

The plugin imports nothing of hom until a test asks for one of its fixtures, so suites that do
not use it pay nothing but the import of the ``hom_core`` package itself. Switch it off with
``pytest -p no:hom`` (or ``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1``, which switches off every plugin
installed through an entry point).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from hom_core.application import Partnership
    from hom_core.log import EventLog
    from hom_core.testing.scenario import PartnershipScenario

POSTGRES_DSN_ENV = "HOM_POSTGRES_DSN"
"""The environment variable naming the PostgreSQL server the ``postgres`` parameter uses."""

SCHEMES = {"memory": "memory", "sqlite": "sqlite", "jsonl": "jsonl", "postgres": "postgresql"}
"""The backends ``hom_backend`` runs on, and the URL scheme of each."""


@pytest.fixture(scope="session")
def _hom_installed_schemes() -> frozenset[str]:
    """The URL schemes the installed (and enabled) storage backends claim."""
    from hom_core.plugins import Plugins

    return frozenset(Plugins().storage_backends())


@pytest.fixture(scope="session")
def hom_postgres_dsn() -> str:
    """``HOM_POSTGRES_DSN``, once a server answers there; skips (saying why) otherwise."""
    dsn = os.environ.get(POSTGRES_DSN_ENV, "")
    if not dsn:
        pytest.skip(f"{POSTGRES_DSN_ENV} is not set: set it to a PostgreSQL URL to run there")
    from hom_core.testing.postgres import unreachable

    reason = unreachable(dsn)
    if reason is not None:
        pytest.skip(reason)
    return dsn


@pytest.fixture(params=list(SCHEMES))
def hom_backend(request: pytest.FixtureRequest) -> str:
    """The name of a storage backend: each test that asks runs once on each of them."""
    backend: str = request.param
    return backend


@pytest.fixture
def hom_log_url(
    hom_backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    _hom_installed_schemes: frozenset[str],
) -> Iterator[str]:
    """The URL of a fresh, empty log on ``hom_backend`` (skipped when it is not installed)."""
    scheme = SCHEMES.get(hom_backend)
    if scheme is None:
        pytest.fail(f"hom_backend {hom_backend!r}: use one of {', '.join(SCHEMES)}", pytrace=False)
    if scheme not in _hom_installed_schemes:
        pytest.skip(f"the {scheme}:// storage backend is not installed (or is disabled)")
    if hom_backend == "memory":
        yield "memory://"
    elif hom_backend != "postgres":
        yield f"{scheme}:///{tmp_path / f'hom.{hom_backend}'}"
    else:
        from hom_core.testing.postgres import fresh_schema_url

        with fresh_schema_url(request.getfixturevalue("hom_postgres_dsn")) as url:
            yield url


@pytest.fixture
def hom_log(hom_log_url: str) -> Iterator[EventLog]:
    """A fresh log at ``hom_log_url`` with the installed plugins; closed after the test."""
    from hom_core.connect import open_log

    with open_log(hom_log_url) as log:
        yield log


@pytest.fixture
def hom_partnership(hom_log: EventLog) -> Partnership:
    """The partnership ``"test"`` on ``hom_log``, not yet formed."""
    from hom_core.application import Partnership

    return Partnership(hom_log, "test")


@pytest.fixture
def hom_scenario(hom_log: EventLog) -> PartnershipScenario:
    """A given/when/then scenario of a partnership on ``hom_log``."""
    from hom_core.testing.scenario import PartnershipScenario

    return PartnershipScenario(hom_log, "test")
