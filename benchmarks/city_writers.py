"""The writer processes of ``city.py``: each issues durable commands on partnerships of its own.

A writer opens the logs of its partnerships (the shared log once, or each partnership's own
schema), executes one command on each untimed (loading its state), waits at a barrier for the
others, then executes ``commands`` ``HoldMeeting`` commands through ``Partnership.execute``
(decide against the kept state, append with the expected version, durable commit), in turn on
its partnerships, timing each.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from commands import SCHOOLS
from hom_core import EventLog, open_log
from hom_core.application import Partnership
from hom_core.domain import HoldMeeting
from hom_core.plugins import Plugins

__all__ = ["MEETINGS_FROM", "write"]

MEETINGS_FROM = date(1990, 1, 1)
"""The first meeting the writers record: after any history the city holds."""


def meeting(group: str, day: int) -> HoldMeeting:
    """The network ``group`` meeting on day ``day`` after :data:`MEETINGS_FROM`."""
    return HoldMeeting(group, MEETINGS_FROM + timedelta(days=day), SCHOOLS[0])


def write(
    assigned: list[tuple[str, str]],
    commands: int,
    first_day: int,
    barrier: Any,
    results: Any,
) -> None:
    """Execute ``commands`` commands on the partnerships ``assigned`` (``(url, id)`` pairs),
    from meeting day ``first_day``; put ``(latencies, start, end, error)`` on ``results``."""
    logs: dict[str, EventLog] = {}
    try:
        plugins = Plugins()
        for url, _ in assigned:
            if url not in logs:
                logs[url] = open_log(url, plugins=plugins, create=False)
        partnerships = [Partnership(logs[url], pid) for url, pid in assigned]
        for hom in partnerships:  # untimed: loads each partnership's state
            hom.execute(meeting("network-0", first_day))
        latencies: list[float] = []
        barrier.wait(timeout=600)
        start = time.perf_counter()
        for number in range(commands):
            hom = partnerships[number % len(partnerships)]
            command = meeting("network-0", first_day + 1 + number)
            began = time.perf_counter()
            hom.execute(command)
            latencies.append(time.perf_counter() - began)
        end = time.perf_counter()
        results.put((latencies, start, end, None))
    except BaseException as error:
        barrier.abort()
        results.put(([], 0.0, 0.0, repr(error)))
    finally:
        for log in logs.values():
            log.close()
