"""Benchmark the outputs, notifications and ``hom import`` against their floors, in one run.

    python benchmarks/outputs.py [--events 10000] [--lines 20000] [--appends 500] [--rounds 3]

Three comparisons on SQLite, every measurement interleaved with the others, best of ``--rounds``:

- **exports**: each builtin exporter writing a partnership as of its last day, against the floor
  of one replay (``partnership.as_of(day)``), which every export pays at least once; on a
  synthetic history of ``--events`` events and on the Heart of Manchester example's;
- **notifiers**: single-event durable appends with no notifier, with a webhook delivering to a
  local HTTP server (``Deliveries.start()``), and with a webhook whose server is down;
- **import**: ``import_history`` (what ``hom import`` runs) of a ``--lines``-line JSON-lines
  file, resumable in batches of 500 and ``--atomic``, against ``log.append`` of the same events
  in the same batches, no parsing.

The ratios are printed after the table; benchmarks/README.md holds the results and the method.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import logging
import multiprocessing
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from domain import CENSUS, census
from hom_core import Deliveries, EventLog, Notifier, open_log, open_people
from hom_core.application import Partnership, PartnershipView
from hom_core.cli.history import BATCH_SIZE, import_history
from hom_core.domain import (
    PARTNERSHIP,
    AcademicYear,
    AgreeTrainingDays,
    AppointBanker,
    AppointRoleHolder,
    CallContributions,
    FinancialYear,
    FormPartnership,
    GiveNotice,
    HoldConference,
    HoldMeeting,
    HoldTrainingDay,
    JoinPartnership,
    MemoryPeople,
    OrganisationKind,
    PartnershipState,
    Person,
    RecordPayment,
    ReportToGovernors,
    ReviewFramework,
    Role,
    RotateChair,
    SubmitCensus,
    agreement_standing_groups,
)
from hom_core.envelope import Pending
from hom_plugins.notifiers.webhook import webhook_notifier
from measure import FIGURES, Figure, Run, compare, stopwatch

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXPORTERS = ("json", "members-csv", "contributions-csv", "report-md", "report-html", "ical")
HISTORIES = ("synthetic", "manchester")
SYNTHETIC_SCHOOLS = 60
NOTIFY = {
    "none": "no notifier",
    "noop": "a no-op notifier",
    "webhook": "webhook, server up",
    "down": "webhook, server down",
}

FIGURES.update(
    {f"{history}.replay": ("one replay: partnership.as_of(day)", "ms") for history in HISTORIES}
    | {f"{history}.{name}": (f"export {name}", "ms") for history in HISTORIES
       for name in EXPORTERS}
    | {f"notify.{side}": (f"append 1 event, {label}", "events/s") for side, label in
       NOTIFY.items()}
    | {"import.floor_batches": (f"log.append, {BATCH_SIZE} events per append", "events/s"),
       "import.resumable": (f"import_history, batches of {BATCH_SIZE}", "events/s"),
       "import.floor_one": ("log.append, every event in one append", "events/s"),
       "import.atomic": ("import_history --atomic", "events/s")}
)  # fmt: skip

# -- the synthetic history ---------------------------------------------------------------------


class Decided:
    """Commands decided against a running state, their events kept to append in batches."""

    def __init__(self) -> None:
        self.state = PartnershipState()
        self.events: list[Pending[Any]] = []

    def __call__(self, command: object) -> None:
        for event in PARTNERSHIP.decide(command, self.state):
            self.state = PARTNERSHIP.evolve(self.state, event)
            self.events.append(Pending(event, event.effective_date))  # type: ignore[attr-defined]

    def view(self, day: date) -> PartnershipView:
        return PartnershipView(self.state, day, MemoryPeople())

    def members(self, day: date) -> list[str]:
        return [member.member_id for member in self.state.membership.on(day)]


def person(school: int, role: Role) -> str:
    return f"person-{school}-{role.value}"


def join(record: Decided, school: int, signed_on: date) -> None:
    member_id = f"school-{school}"
    record(JoinPartnership(member_id, f"School {school}", OrganisationKind.PRIMARY,
                           person(school, Role.HEAD), person(school, Role.CHAIR_OF_GOVERNORS),
                           "person-chair", signed_on))  # fmt: skip
    for role in (Role.DEPUTY_HEAD, Role.EYFS_REPRESENTATIVE, Role.BUSINESS_REPRESENTATIVE):
        record(AppointRoleHolder(member_id, role, person(school, role), signed_on))


def synthetic_history(events: int) -> tuple[list[Pending[Any]], int, date]:
    """At least ``events`` events of a partnership of 60 schools, one school leaving and one
    joining a year; the schools that ever joined and the last day of the history."""
    record = Decided()
    record(FormPartnership("Synthetic Partnership", date(2013, 7, 1)))
    for school in range(SYNTHETIC_SCHOOLS):
        join(record, school, date(2013, 7, 10))
    record(AppointBanker("school-0", date(2013, 7, 10)))
    for command in agreement_standing_groups(date(2013, 7, 10)):
        record(command)
    year, schools = 2013, SYNTHETIC_SCHOOLS
    while len(record.events) < events:
        record(AgreeTrainingDays(AcademicYear(year), date(year, 7, 1), joint_days=1))
        members = record.members(date(year, 9, 1))
        record(RotateChair(date(year, 9, 1)))
        for offset, group in enumerate(("deputies", "eyfs", "business")):
            for month in (9, 11, 1, 3, 5, 7):
                held_on = date(year + (month < 9), month, 10 + offset)
                record(HoldMeeting(group, held_on, host_member_id=members[month % len(members)]))
        census_day, financial_year = date(year + 1, 1, 16), FinancialYear(year + 1)
        for number, member_id in enumerate(record.members(census_day)):
            record(SubmitCensus(member_id, census_day, 200 + number % 200, number % 30))
        record(CallContributions(financial_year, date(year + 1, 4, 1)))
        paid_on = date(year + 1, 4, 28)
        for row in record.view(paid_on).funding.contributions(financial_year):
            record(RecordPayment(row.member_id, financial_year, row.owed, paid_on))
        record(HoldTrainingDay(date(year + 1, 1, 5), "Moderation", tuple(members)))
        record(HoldConference(date(year + 1, 6, 19), f"Conference {year + 1}"))
        for member_id in record.members(date(year + 1, 6, 24)):
            record(ReportToGovernors(member_id, date(year + 1, 6, 24)))
        record(ReviewFramework(date(year + 1, 7, 10), "Annual review"))
        record(GiveNotice(members[1], date(year + 1, 3, 2)))
        join(record, schools, date(year + 1, 7, 10))
        year, schools = year + 1, schools + 1
    return record.events, schools, date(year, 8, 31)


def append_batches(log: EventLog, stream_id: str, events: list[Pending[Any]], size: int) -> None:
    for start in range(0, len(events), size):
        log.append(stream_id, events[start : start + size], start)


# -- exports -----------------------------------------------------------------------------------


def export_runs(partnership: Partnership, day: date, history: str, repeat: int) -> dict[str, Any]:
    """Each round: ``repeat`` replays, then ``repeat`` of each export; seconds per one."""
    exporters = partnership.log.plugins.exporters()  # type: ignore[union-attr]

    def timed(action: Callable[[], object]) -> Run:
        return lambda _: sum(stopwatch(action) for _ in range(repeat)) / repeat

    runs = {f"{history}.replay": (timed(lambda: partnership.as_of(day)), 1)}
    for name in EXPORTERS:
        write = exporters[name].write
        runs[f"{history}.{name}"] = (timed(lambda w=write: w(partnership, io.BytesIO(), day)), 1)
    return runs


def synthetic_partnership(workdir: Path, events: int) -> tuple[Partnership, date]:
    url = f"sqlite:///{workdir / 'synthetic.db'}?synchronous=normal"
    history, schools, last_day = synthetic_history(events)
    people = open_people(url)
    people.put(Person("person-chair", "Chair of the partnership"))
    for school in range(schools):
        for role in Role:
            people.put(Person(person(school, role), f"{role.value}, School {school}"))
    partnership = Partnership(open_log(url), "synthetic", people=people)
    append_batches(partnership.log, partnership.stream_id, history, BATCH_SIZE)
    return partnership, last_day


def manchester_partnership(workdir: Path) -> tuple[Partnership, date]:
    sys.path.insert(0, str(EXAMPLES))
    import heart_of_manchester as example  # the example's own history, recorded as it records it

    url = f"sqlite:///{workdir / 'manchester.db'}?synchronous=normal"
    partnership = Partnership(open_log(url), example.PARTNERSHIP, people=open_people(url))
    example.record(partnership)
    return partnership, date(2017, 7, 20)


# -- notifiers ---------------------------------------------------------------------------------


class Accepting(BaseHTTPRequestHandler):
    """Answers every POST with 200, quietly."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


def serve(server: ThreadingHTTPServer) -> None:
    """The receiving server, in a process of its own, as a real receiver would be."""
    server.serve_forever()


def notify_runs(
    workdir: Path, appends: int, server: ThreadingHTTPServer
) -> tuple[dict[str, tuple[Run, int]], list[Deliveries]]:
    """A log per side, each round ``appends`` single-event appends to one stream; the notifiers
    deliver in the background, and are let catch up (but the down one) between rounds."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        down = probe.getsockname()[1]
    notifiers = {
        "none": [],
        "noop": [Notifier("noop", deliver=lambda _: None)],
        "webhook": [webhook_notifier(f"http://127.0.0.1:{server.server_address[1]}/hom")],
        "down": [webhook_notifier(f"http://127.0.0.1:{down}/hom")],
    }
    runs: dict[str, tuple[Run, int]] = {}
    deliveries = []
    for side in NOTIFY:
        log = open_log(f"sqlite:///{workdir / f'notify-{side}.db'}", event_types=[CENSUS])
        delivery = Deliveries(log, notifiers[side])
        delivery.start()
        deliveries.append(delivery)

        def run(number: int, log: EventLog = log, delivery: Deliveries = delivery) -> float:
            first = number * appends

            def append_each() -> None:
                for version in range(first, first + appends):
                    log.append("school", [census(0, version + 1)], version)

            seconds = stopwatch(append_each)
            caught_up(delivery, log)
            return seconds

        runs[f"notify.{side}"] = (run, appends)
    return runs, deliveries


def caught_up(delivery: Deliveries, log: EventLog, timeout: float = 60.0) -> None:
    """Wait until every notifier that can deliver has delivered the whole log."""
    head = log.head()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(s.acknowledged >= head or s.failing is not None for s in delivery.status()):
            return
        time.sleep(0.05)


# -- import ------------------------------------------------------------------------------------


def import_runs(workdir: Path, lines: int) -> dict[str, tuple[Run, int]]:
    """Each round imports (or appends) into a new log: the file's events, all the partnership's."""
    events, _, _ = synthetic_history(lines)
    events = events[:lines]
    path = workdir / "history.jsonl"
    codec = open_log("memory://").codec
    with path.open("w") as out:
        for pending in events:
            name, _, payload = codec.encode(pending.event)
            out.write(json.dumps({"event": name, "payload": json.loads(payload)}) + "\n")

    logs = itertools.count()

    def fresh() -> Partnership:
        """A partnership on a new log: every round of every side writes into an empty one."""
        log = open_log(f"sqlite:///{workdir / f'import-{next(logs)}.db'}")
        return Partnership(log, "imported")

    def importing(atomic: bool) -> Run:
        def run(_: int) -> float:
            partnership = fresh()
            with partnership.log:
                return stopwatch(lambda: import_history(partnership.log, partnership, path,
                                                        atomic=atomic))  # fmt: skip

        return run

    def appending(size: int) -> Run:
        def run(_: int) -> float:
            partnership = fresh()
            with partnership.log:
                return stopwatch(lambda: append_batches(partnership.log, partnership.stream_id,
                                                        events, size))  # fmt: skip

        return run

    count = len(events)
    return {
        "import.floor_batches": (appending(BATCH_SIZE), count),
        "import.resumable": (importing(False), count),
        "import.floor_one": (appending(count), count),
        "import.atomic": (importing(True), count),
    }


# -- the run -----------------------------------------------------------------------------------


def ratios(by_key: dict[str, Figure]) -> dict[str, float]:
    """Each export's time over its history's replay (lower is better), each notifier side's
    and import's rate over its floor's (higher is better)."""
    result = {}
    for history in HISTORIES:
        replay = by_key[f"{history}.replay"].value
        for name in EXPORTERS:
            result[f"{history} {name} / replay"] = by_key[f"{history}.{name}"].value / replay
    for side in ("noop", "webhook", "down"):
        result[f"append, {NOTIFY[side]} / no notifier"] = (
            by_key[f"notify.{side}"].value / by_key["notify.none"].value
        )
    for name, floor in (("resumable", "floor_batches"), ("atomic", "floor_one")):
        result[f"import {name} / its log.append floor"] = (
            by_key[f"import.{name}"].value / by_key[f"import.{floor}"].value
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="synthetic history's events")
    parser.add_argument("--lines", type=int, default=20_000, help="lines of the imported file")
    parser.add_argument("--appends", type=int, default=2000, help="single appends per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is reported")
    args = parser.parse_args(argv)
    logging.getLogger("hom.notify").setLevel(logging.CRITICAL)  # the down server's retries
    workdir = Path(tempfile.mkdtemp(prefix="hom-outputs-"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Accepting)
    receiver = multiprocessing.get_context("fork").Process(target=serve, args=(server,))
    receiver.start()
    deliveries: list[Deliveries] = []
    try:
        synthetic, synthetic_day = synthetic_partnership(workdir, args.events)
        manchester, manchester_day = manchester_partnership(workdir)
        runs = export_runs(synthetic, synthetic_day, "synthetic", 3)
        runs |= export_runs(manchester, manchester_day, "manchester", 20)
        notify, deliveries = notify_runs(workdir, args.appends, server)
        runs |= notify | import_runs(workdir, args.lines)
        synthetic_events = synthetic.log.head()[0]
        figures = compare(args.rounds, runs)
    finally:
        for delivery in deliveries:
            delivery.stop()
        receiver.terminate()
        receiver.join()
        server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nhom outputs: synthetic history of {synthetic_events:,} events, best of "
          f"{args.rounds} interleaved round(s); exports in ms per export")  # fmt: skip
    print(f"{'side':<24}{'measurement':<46}{'best':>12}")
    for figure in figures:
        print(figure)
    print("\nratios")
    for name, value in ratios({figure.key: figure for figure in figures}).items():
        print(f"  {name:<58}{value:>8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
