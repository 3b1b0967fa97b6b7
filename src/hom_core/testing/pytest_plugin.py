"""The ``hom`` pytest plugin: a fresh log on every storage backend, and partnership scenarios.

pytest loads it through the ``pytest11`` entry point ``hom`` wherever hom is installed; its
fixtures, all named ``hom_*``, are there for any test that asks for one:

- ``hom_backend``: the name of each installed storage plugin whose backend says how to make a
  fresh log (``StorageBackend.fresh_url``): ``"memory"``, ``"sqlite"``, ``"jsonl"`` and
  ``"postgres"``, then any third party's, one parameter each, so a test asking for a log runs
  on every backend. A backend that is disabled skips; PostgreSQL runs where
  ``HOM_POSTGRES_DSN`` names a server that answers (each test in a schema of its own, dropped
  afterwards: :mod:`hom_core.testing.postgres`) and skips, saying why, elsewhere. To run on
  fewer backends, override it in your ``conftest.py``:
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

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from hom_core.application import Partnership
    from hom_core.log import EventLog
    from hom_core.registrations import StorageBackend
    from hom_core.testing.scenario import PartnershipScenario

POSTGRES_DSN_ENV = "HOM_POSTGRES_DSN"
"""The environment variable naming the PostgreSQL server the ``postgres`` parameter uses."""

FIRST = ("memory", "sqlite", "jsonl", "postgres")
"""The builtin backends, cheapest first: ``hom_backend`` runs on them in this order, then on any
other installed backend by name."""


def _backends() -> dict[str, StorageBackend]:
    """Each installed plugin's storage backend that says how to make a fresh log
    (``StorageBackend.fresh_url``), by plugin name, disabled ones included (they skip)."""
    from hom_core.plugins import Plugins

    found: dict[str, StorageBackend] = {}
    for plugin, backend in Plugins(environ={}).storage_backends_by_plugin():
        if backend.fresh_url is not None:
            found.setdefault(plugin, backend)
    order = {name: index for index, name in enumerate(FIRST)}
    return dict(sorted(found.items(), key=lambda item: (order.get(item[0], len(FIRST)), item[0])))


_BACKENDS: dict[str, StorageBackend] = {}


def _installed_backends() -> dict[str, StorageBackend]:
    if not _BACKENDS:
        _BACKENDS.update(_backends())
    return _BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test that asks for ``hom_backend`` on every installed backend, unless a
    ``conftest.py`` chose its own ``hom_backend``."""
    definitions = metafunc._arg2fixturedefs.get("hom_backend")
    if definitions and definitions[-1].func.__module__ == __name__:
        metafunc.parametrize("hom_backend", list(_installed_backends()), indirect=True)


@pytest.fixture(scope="session")
def _hom_installed_schemes() -> frozenset[str]:
    """The URL schemes the installed (and enabled) storage backends claim."""
    from hom_core.plugins import Plugins

    return frozenset(Plugins().storage_backends())


@pytest.fixture(scope="session")
def hom_postgres_dsn() -> str:
    """``HOM_POSTGRES_DSN``, once a server answers there; skips (saying why) otherwise."""
    from hom_core.errors import HomError
    from hom_core.testing.postgres import configured_dsn

    try:
        return configured_dsn()
    except HomError as error:
        pytest.skip(str(error))


@pytest.fixture
def hom_backend(request: pytest.FixtureRequest) -> str:
    """The name of a storage backend: each test that asks runs once on each installed one."""
    backend: str = request.param
    return backend


@pytest.fixture
def hom_log_url(
    hom_backend: str, tmp_path: Path, _hom_installed_schemes: frozenset[str]
) -> Iterator[str]:
    """The URL of a fresh, empty log on ``hom_backend`` (skipped when it is not installed, or
    cannot make a log here)."""
    from hom_core.errors import HomError

    backends = _installed_backends()
    backend = backends.get(hom_backend)
    if backend is None or backend.fresh_url is None:
        known = ", ".join(backends)
        pytest.fail(f"hom_backend {hom_backend!r}: use one of {known}", pytrace=False)
    if backend.scheme not in _hom_installed_schemes:
        pytest.skip(f"the {backend.scheme}:// storage backend is not installed (or is disabled)")
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(backend.fresh_url(tmp_path))
        except HomError as error:
            pytest.skip(str(error))
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
