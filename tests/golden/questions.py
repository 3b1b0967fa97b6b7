"""The fixed questions asked of the golden log (``history.jsonl``), as plain data.

For each partnership, on fixed days: the ``json`` export (the core's answers: members, notices,
contributions, the banker's holding, the chair, groups, decisions, reviews, joint work) and the
``report-md`` export (the governors' report, with each domain pack's sections); and, as the log
stood at fixed positions, who the members were. The answers are what ``build.py`` stored in
``answers.json``; ``tests/test_golden.py`` asks again and compares.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from hom_core import EventLog
from hom_core.application import Partnership
from hom_core.domain import PeopleStore

PARTNERSHIPS = {
    "manchester_alliance": "manchester-schools-alliance",
    "camden_cluster": "camden-135",
    "harmony_support": "harmony-trust-tsa",
}
"""The example whose history each partnership of the golden log is (by example module)."""

EXTRAS = "golden-extras"
"""The partnership recording the event types no example records."""

DAYS = (date(2013, 9, 2), date(2014, 1, 15), date(2015, 4, 2), date(2017, 7, 20), date(2022, 2, 1))
POSITIONS = (1, 100, 400, 700, 1000)


def partnership_ids(log: EventLog) -> list[str]:
    """Every partnership in the log, by id."""
    streams = {recorded.stream_id for recorded in log.read_all()}
    return sorted(s.removeprefix("partnership/") for s in streams if s.startswith("partnership/"))


def export(partnership: Partnership, exporter: str, day: date) -> str:
    """What the installed exporter ``exporter`` writes of ``partnership`` as of ``day``."""
    assert partnership.log.plugins is not None
    out = io.BytesIO()
    partnership.log.plugins.exporters()[exporter].write(partnership, out, day)
    return out.getvalue().decode("utf-8")


def answers_of(log: EventLog, people: PeopleStore) -> dict[str, Any]:
    """The answers to the fixed questions, for every partnership of ``log``."""
    answers: dict[str, Any] = {"head": list(log.head())}
    for partnership_id in partnership_ids(log):
        partnership = Partnership(log, partnership_id, people=people)
        answers[partnership_id] = {
            "as_of": {
                day.isoformat(): {
                    "json": json.loads(export(partnership, "json", day)),
                    "report-md": export(partnership, "report-md", day).splitlines(),
                }
                for day in DAYS
            },
            "as_known_at": {
                str(position): [
                    member.member_id
                    for member in partnership.as_known_at(position, date(2017, 7, 20)).members()
                ]
                for position in POSITIONS
            },
        }
    return answers
