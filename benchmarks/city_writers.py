"""The writer processes of ``city.py``: each issues durable commands on partnerships of its own.

A writer opens the logs of its partnerships (the shared log once, or each partnership's own
schema), executes one command on each untimed (loading its state), waits at a barrier for the
others, then, in turn on its partnerships, timing each:

- ``commands``: executes ``HoldMeeting`` commands through ``Partnership.execute`` (decide
  against the kept state, append with the expected version, durable commit);
- ``appends``: appends the events of one such meeting, decided once, with the expected version
  to a stream of its own beside each partnership's (``city-bench/<id>``, which no partnership
  reads): the store alone, so that the write lock is what the writers share;
- ``floor``: inserts one row of 300 characters into a plain table and commits (psycopg,
  autocommit): what a durable write costs this server, with nothing of hom;
- ``floor_notify``: the same insert and a ``NOTIFY`` in one statement, as each of hom's appends
  sends one to wake subscribers: PostgreSQL serialises the commits of transactions that
  notified on one lock for the whole server, whichever table or schema they wrote.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import psycopg
from psycopg import sql

from commands import SCHOOLS
from hom_core import EventLog, Pending, open_log
from hom_core.application import Partnership
from hom_core.domain import HoldMeeting
from hom_core.plugins import Plugins
from hom_plugins.storage.postgres_base import parse_url

__all__ = ["MEETINGS_FROM", "write"]

MEETINGS_FROM = date(1990, 1, 1)
"""The first meeting the writers record: after any history the city holds."""


def meeting(group: str, day: int) -> HoldMeeting:
    """The network ``group`` meeting on day ``day`` after :data:`MEETINGS_FROM`."""
    return HoldMeeting(group, MEETINGS_FROM + timedelta(days=day), SCHOOLS[0])


def write(
    kind: str,
    assigned: list[tuple[str, str]],
    commands: int,
    first_day: int,
    barrier: Any,
    results: Any,
) -> None:
    """Execute ``commands`` commands (or appends, ``kind``) on the partnerships ``assigned``
    (``(url, id)`` pairs), from meeting day ``first_day``; put ``(latencies, start, end,
    error)`` on ``results``."""
    logs: dict[str, EventLog] = {}
    try:
        plugins = Plugins()
        for url, _ in assigned:
            if url not in logs:
                logs[url] = open_log(url, plugins=plugins, create=False)
        partnerships = [Partnership(logs[url], pid) for url, pid in assigned]
        if kind.startswith("floor"):
            run = _floor(assigned[0][0], notify=kind == "floor_notify")
        else:
            for hom in partnerships:  # untimed: loads each partnership's state
                hom.execute(meeting("network-0", first_day))
            timed = _appends if kind == "appends" else _commands
            run = timed(partnerships, first_day)
        barrier.wait(timeout=600)
        start = time.perf_counter()
        latencies = [run(number) for number in range(commands)]
        end = time.perf_counter()
        results.put((latencies, start, end, None))
    except BaseException as error:
        barrier.abort()
        results.put(([], 0.0, 0.0, repr(error)))
    finally:
        for log in logs.values():
            log.close()


def _commands(partnerships: list[Partnership], first_day: int) -> Callable[[int], float]:
    def run(number: int) -> float:
        hom = partnerships[number % len(partnerships)]
        command = meeting("network-0", first_day + 1 + number)
        began = time.perf_counter()
        hom.execute(command)
        return time.perf_counter() - began

    return run


def _appends(partnerships: list[Partnership], first_day: int) -> Callable[[int], float]:
    events = [
        Pending(event, effective_date=event.effective_date)  # type: ignore[attr-defined]
        for event in partnerships[0].decide(meeting("network-0", first_day + 1))
    ]
    streams = [f"city-bench/{hom.partnership_id}" for hom in partnerships]
    versions = [hom.log.stream_version(f"city-bench/{hom.partnership_id}") for hom in partnerships]

    def run(number: int) -> float:
        which = number % len(partnerships)
        began = time.perf_counter()
        partnerships[which].log.append(streams[which], events, versions[which])
        elapsed = time.perf_counter() - began
        versions[which] += len(events)
        return elapsed

    return run


def _floor(url: str, *, notify: bool) -> Callable[[int], float]:
    parsed = parse_url(url)
    connection = psycopg.connect(parsed.conninfo, autocommit=True)
    text = "INSERT INTO {}.city_floor (payload) VALUES (%s)"
    if notify:
        text = (
            f"WITH row AS ({text} RETURNING id) SELECT pg_notify('city_floor', id::text) FROM row"
        )
    insert = sql.SQL(text).format(sql.Identifier(parsed.schema))
    payload = "x" * 300

    def run(_: int) -> float:
        began = time.perf_counter()
        connection.execute(insert, (payload,))
        return time.perf_counter() - began

    return run
