"""Building the city of ``city.py``: partnerships of about 1,000 events each, in one shared log
and in a log (a PostgreSQL schema) each.

Each partnership's history is decided once through the partnership's rules
(``commands.py``'s synthetic year: censuses, contributions called and paid, meetings of the
standing groups and networks, training days, reports, decisions, reviews), then appended in
one batch to its stream in the shared log and in its own schema's log.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg import sql

from commands import founding, network_ids, payments, school_year
from hom_core import EventLog, Pending, open_log
from hom_core.domain import PARTNERSHIP, PartnershipState
from hom_core.plugins import Plugins

__all__ = [
    "FIRST_YEAR",
    "NETWORKS",
    "City",
    "build",
    "drop_schemas",
    "history",
    "schema_url",
]

FIRST_YEAR = 1950
NETWORKS = network_ids(7)
"""Seven networks: about 95 events a year, so 1,000 events are about ten years."""


def partnership_id(number: int) -> str:
    """The id of partnership ``number``."""
    return f"p{number:04d}"


def schema_url(dsn: str, schema: str, **options: object) -> str:
    """``dsn`` with hom's ``schema`` option (and any other) in its query string."""
    query = "&".join(f"{key}={value}" for key, value in {"schema": schema, **options}.items())
    return f"{dsn}{'&' if '?' in dsn else '?'}{query}"


def history(length: int) -> list[Pending[object]]:
    """About ``length`` events of one partnership, decided by its rules, in order."""
    state = PartnershipState()
    pending: list[Pending[object]] = []

    def years() -> Iterator[Iterator[object]]:
        yield founding(NETWORKS, FIRST_YEAR)
        year = FIRST_YEAR
        while True:
            yield school_year(year, state, NETWORKS)
            yield payments(year, state)
            year += 1

    for commands in years():
        for command in commands:
            for event in PARTNERSHIP.decide(command, state):
                state = PARTNERSHIP.evolve(state, event)
                pending.append(Pending(event, effective_date=event.effective_date))  # type: ignore[attr-defined]
        if len(pending) >= length:
            return pending
    raise AssertionError("unreachable")  # pragma: no cover


class City:
    """The schemas of one run: ``<prefix>_shared`` (every partnership), ``<prefix>_small``
    (the first ten), ``<prefix>_p0000``... (one each) and ``<prefix>_model`` (the read model)."""

    def __init__(self, dsn: str, prefix: str, partnerships: int) -> None:
        self.dsn = dsn
        self.prefix = prefix
        self.count = partnerships
        self.ids = [partnership_id(number) for number in range(partnerships)]

    def url(self, name: str, **options: object) -> str:
        """The URL of the log in schema ``<prefix>_<name>``."""
        return schema_url(self.dsn, f"{self.prefix}_{name}", **options)

    @property
    def shared(self) -> str:
        """The shared log's URL."""
        return self.url("shared")

    @property
    def small(self) -> str:
        """The URL of the shared log of ten partnerships."""
        return self.url("small")

    def own(self, partnership: str, **options: object) -> str:
        """The URL of the log of ``partnership``'s own schema."""
        return self.url(partnership, **options)

    def schemas(self) -> list[str]:
        """Every schema of the run."""
        names = ["shared", "small", "model", *self.ids]
        return [f"{self.prefix}_{name}" for name in names]


def build(city: City, length: int, plugins: Plugins, progress: Any) -> dict[str, float]:
    """Record every partnership's history in the shared log, its own schema and (for the
    first ten) the small shared log; seconds spent deciding, and appending to each."""
    spent = {"decide": 0.0, "shared": 0.0, "own": 0.0, "own_create": 0.0, "small": 0.0}
    with (
        open_log(city.shared, plugins=plugins) as shared,
        open_log(city.small, plugins=plugins) as small,
    ):
        for number, partnership in enumerate(city.ids):
            started = time.perf_counter()
            events = history(length)
            spent["decide"] += time.perf_counter() - started
            stream = f"partnership/{partnership}"
            spent["shared"] += _append(shared, stream, events)
            if number < 10:
                spent["small"] += _append(small, stream, events)
            started = time.perf_counter()
            with open_log(city.own(partnership, pool_size=1), plugins=plugins) as own:
                spent["own_create"] += time.perf_counter() - started
                spent["own"] += _append(own, stream, events)
            if (number + 1) % 100 == 0:
                progress(f"  built {number + 1} partnerships ({shared.head()[0]:,} events)")
    return spent


def _append(log: EventLog, stream: str, events: list[Pending[object]]) -> float:
    started = time.perf_counter()
    log.append(stream, events, 0)
    return time.perf_counter() - started


def drop_schemas(city: City) -> None:
    """Drop every schema of the run (a hundred at a time)."""
    names = city.schemas()
    with psycopg.connect(city.dsn, autocommit=True) as connection:
        for start in range(0, len(names), 100):
            chunk = [sql.Identifier(name) for name in names[start : start + 100]]
            connection.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.SQL(", ").join(chunk))
            )
