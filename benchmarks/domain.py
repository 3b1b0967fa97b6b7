"""The benchmark's domain: one school's census stream, for hom and for eventsourcing.

Every side writes the same events: ``census(index, version)`` is the ``version``-th census of
school ``index``, 100 per stream. hom folds them with the projections below; eventsourcing's
``School`` aggregate carries the same fields and the same state.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from hom_core import EventType, Projection, RecordedEvent, open_log
from hom_core.jsontext import compact

try:
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event
    from eventsourcing.persistence import JSONTranscoder, Transcoding
except ImportError:  # the bench extra is not installed: only the floor and hom are measured
    HAVE_EVENTSOURCING = False
else:
    HAVE_EVENTSOURCING = True

EVENTS_PER_STREAM = 100
EVENT_TYPE = "bench.census_submitted"
ACTOR = "bench"
ZERO = Decimal(0)
FIRST_CENSUS = date(2000, 1, 3)

# -- the domain: one school's census stream -------------------------------------------------


@attrs.frozen
class CensusSubmitted:
    """A school's census return: head counts and full-time equivalent pupils."""

    school: str
    census_date: date
    full_time: int
    part_time: int
    fte: Decimal


CENSUS = EventType(EVENT_TYPE, CensusSubmitted)


def school_id(index: int) -> str:
    return f"school-{index:05d}"


def census(index: int, version: int) -> CensusSubmitted:
    """The ``version``-th census (from 1) of school ``index``: deterministic, varied payloads."""
    full_time = 80 + (index * 7 + version * 13) % 1900
    part_time = (index + version * 3) % 90
    return CensusSubmitted(
        school=school_id(index),
        census_date=FIRST_CENSUS + timedelta(days=(version * 7) % 3000),
        full_time=full_time,
        part_time=part_time,
        fte=Decimal(full_time) + Decimal(part_time * 5) / 10,
    )


def census_payload(event: CensusSubmitted) -> dict[str, Any]:
    """The JSON-ready payload of ``event``, field for field what hom's codec stores."""
    return {
        "school": event.school,
        "census_date": event.census_date.isoformat(),
        "full_time": event.full_time,
        "part_time": event.part_time,
        "fte": str(event.fte),
    }


dumps = compact
"""The floor's encoder: the standard library's C encoder built once, as hom encodes (the same
text as ``json.dumps(payload, ensure_ascii=False, separators=(",", ":"))``, without building an
encoder per call). orjson and msgspec encode faster but not always to the same text (see
``codec.py``), and the floor's rows must hold exactly hom's payloads."""


def fastest_loads() -> tuple[str, Callable[[str], Any]]:
    """The fastest JSON reader plain code has here: msgspec when installed (what hom's codec
    uses then), else the C scanner without ``json.loads``'s wrappers (what hom uses without it)."""
    try:
        from msgspec.json import Decoder
    except ImportError:
        scan = json.JSONDecoder().scan_once

        def scanned(text: str) -> Any:
            return scan(text, 0)[0]

        return "C scanner", scanned
    return "msgspec", Decoder().decode


FLOOR_JSON, loads = fastest_loads()
"""The floor's JSON reader and its name."""


def next_census(school: str, censuses: int, last: date | None) -> dict[str, Any]:
    """The fields of the census a command records after ``censuses`` earlier ones."""
    when = (last or FIRST_CENSUS) + timedelta(days=1)
    return {
        "school": school,
        "census_date": when,
        "full_time": 100 + censuses,
        "part_time": censuses % 40,
        "fte": Decimal(100 + censuses) + Decimal(censuses % 40) / 2,
    }


@attrs.frozen
class SchoolState:
    """hom's read model of one school stream (what a command decides on)."""

    school: str = ""
    censuses: int = 0
    fte_total: Decimal = ZERO
    last_census: date | None = None


def evolve_school(state: SchoolState, recorded: RecordedEvent[CensusSubmitted]) -> SchoolState:
    event = recorded.event
    return SchoolState(
        event.school, state.censuses + 1, state.fte_total + event.fte, event.census_date
    )


def decide_census(state: SchoolState) -> list[CensusSubmitted]:
    return [CensusSubmitted(**next_census(state.school, state.censuses, state.last_census))]


def add_fte(
    totals: dict[str, Decimal], recorded: RecordedEvent[CensusSubmitted]
) -> dict[str, Decimal]:
    event = recorded.event
    totals[event.school] = totals.get(event.school, ZERO) + event.fte
    return totals


SCHOOL = Projection("bench.school", SchoolState, evolve_school, state_type=SchoolState)
# The same fold under another name, so that its snapshots never serve the snapshot-less commands.
SCHOOL_SNAPSHOTTED = attrs.evolve(SCHOOL, name="bench.school_snapshotted")
# The same fold kept by the log between commands (as a Runner's is), under a name of its own.
SCHOOL_KEPT = attrs.evolve(SCHOOL, name="bench.school_kept", keep_latest=True)
KEPT_STREAMS = 16
"""How many streams the kept-state commands cycle over (fewer than the log keeps)."""
FTE_TOTALS: Projection[dict[str, Decimal]] = Projection("bench.fte_totals", dict, add_fte)


# The same domain for the peer: the created event carries the first census, so that every
# aggregate holds exactly 100 events with the fields of CensusSubmitted.
if HAVE_EVENTSOURCING:
    SCHOOL_NAMESPACE = uuid.UUID("5b0c7e58-3f8a-4c36-9c55-3d6a1f0e2b11")

    class DateAsISO(Transcoding):
        type = date
        name = "date_iso"

        def encode(self, obj: date) -> str:
            return obj.isoformat()

        def decode(self, data: str) -> date:
            return date.fromisoformat(data)

    class School(Aggregate):
        """eventsourcing's aggregate of one school's censuses (its state is SchoolState's)."""

        @staticmethod
        def create_id(school: str, **_: object) -> uuid.UUID:
            return uuid.uuid5(SCHOOL_NAMESPACE, school)

        @event("FirstCensusSubmitted")
        def __init__(
            self, school: str, census_date: date, full_time: int, part_time: int, fte: Decimal
        ) -> None:
            self.school = school
            self.censuses = 1
            self.fte_total = fte
            self.last_census = census_date

        @event("CensusSubmitted")
        def submit_census(
            self, school: str, census_date: date, full_time: int, part_time: int, fte: Decimal
        ) -> None:
            self.censuses += 1
            self.fte_total += fte
            self.last_census = census_date

    class CensusApplication(Application[uuid.UUID]):
        def register_transcodings(self, transcoder: JSONTranscoder) -> None:
            super().register_transcodings(transcoder)
            transcoder.register(DateAsISO())


def check_same_payload() -> None:
    """hom's codec must store exactly the text the floor stores, or the comparison is unfair."""
    with open_log("memory://", event_types=[CENSUS]) as log:
        for version in (1, 2, 99):
            one = census(7, version)
            stored = log.codec.encode(one)[2]
            assert stored == dumps(census_payload(one)), (stored, census_payload(one))
