"""Test support for hom's users and plugin authors; imported by test suites only.

- :class:`PartnershipScenario` (:mod:`hom_core.testing.scenario`): given these events (or
  commands), when this command, then these events, or then this error;
- :mod:`hom_core.testing.strategies`: hypothesis strategies for valid histories, arbitrary
  commands and events of every registered type;
- :mod:`hom_core.testing.pytest_plugin`: the ``hom`` pytest plugin (fixtures ``hom_log``,
  ``hom_scenario``... on every installed backend), loaded by pytest through its ``pytest11``
  entry point; ``-p no:hom`` switches it off;
- :mod:`hom_core.testing.storage`: the conformance suite every storage backend must pass;
- :mod:`hom_core.testing.postgres`: throw-away PostgreSQL schemas (a fresh schema per test,
  dropped afterwards) and why a server does not answer.

Nothing in :mod:`hom_core` imports this package, so its test dependencies (pytest, hypothesis:
the ``testing`` extra) stay out of an application's way. Its names are imported when first
used, so loading the pytest plugin imports none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hom_core.lazy import lazy_exports

if TYPE_CHECKING:
    from hom_core.testing.pools import join as join
    from hom_core.testing.scenario import (
        Outcome as Outcome,
        PartnershipScenario as PartnershipScenario,
    )

if not TYPE_CHECKING:  # a __getattr__ mypy can see would let any name through
    __getattr__, __dir__ = lazy_exports(globals())
