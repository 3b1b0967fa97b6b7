"""Time ``Partnership.execute`` on a long partnership history.

    python benchmarks/commands.py --lengths 1000 5000 10000 20000 --commands 50
    python benchmarks/commands.py --lengths 10000 --profile commands.prof

For each history length and store (``memory://``, SQLite) the script records a synthetic
partnership (eight schools, three standing groups and seven networks; every year: the chair's
rotation, about sixty meetings, censuses, the call for contributions and the payments, a training
day, a conference, reports to governors, a decision, a review), deciding each year's commands
against the state in memory and appending the year's events in one ``log.append``. It snapshots
the stream ``TAIL`` events before the end, as ``execute`` would have (every 500 events), so
that a command loads a snapshot and replays a tail of average length. Then, on a new
``EventLog`` over the same store (nothing loaded yet), it times one ``HoldMeeting`` command
through ``Partnership.execute`` (the first: a process that executes one command and exits),
then ``--commands`` more, one at a time (a process recording many).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hom_core import EventLog, Pending, open_log
from hom_core.application import Partnership, Runner
from hom_core.domain import (
    PARTNERSHIP,
    AppointRoleHolder,
    CallContributions,
    EstablishGroup,
    FinancialYear,
    FormPartnership,
    GroupKind,
    HoldConference,
    HoldMeeting,
    HoldTrainingDay,
    JoinPartnership,
    OrganisationKind,
    PartnershipState,
    RecordPayment,
    ReportToGovernors,
    ReviewFramework,
    Role,
    RotateChair,
    SubmitCensus,
    TakeDecision,
    Vote,
    agreement_standing_groups,
)
from measure import stopwatch

PARTNERSHIP_ID = "bench"
SCHOOLS = tuple(f"school-{number}" for number in range(8))
NETWORKS = tuple(f"network-{number}" for number in range(7))
STANDING = ("deputies", "eyfs", "business")
FIRST_YEAR = 1950
"""Early enough that a history of 20,000 events (about 100 a year) and the timed meetings after
it all fall within the dates a partnership's record holds (1900-2199)."""
MEETINGS_FROM = date(2190, 1, 1)
"""The first timed meeting: after any history of up to 24,000 events."""
TAIL = 250
"""Events after the last snapshot when the timed commands start: half of ``snapshot_every``."""


def network_ids(count: int) -> tuple[str, ...]:
    """The ids of ``count`` networks (the first seven are :data:`NETWORKS`)."""
    return tuple(f"network-{number}" for number in range(count))


def founding(
    networks: tuple[str, ...] = NETWORKS, first_year: int = FIRST_YEAR
) -> Iterator[object]:
    """Formation, the schools joining, and the groups."""
    yield FormPartnership("Benchmark Partnership", date(first_year, 7, 1))
    for member_id in SCHOOLS:
        yield JoinPartnership(
            member_id,
            f"{member_id} Primary",
            OrganisationKind.PRIMARY,
            head=f"{member_id}-head",
            chair_of_governors=f"{member_id}-governors",
            partnership_chair="chair",
            signed_on=date(first_year, 7, 10),
        )
        for role in (Role.DEPUTY_HEAD, Role.EYFS_REPRESENTATIVE, Role.BUSINESS_REPRESENTATIVE):
            yield AppointRoleHolder(
                member_id, role, f"{member_id}-{role.value}", date(first_year, 7, 10)
            )
    yield from agreement_standing_groups(date(first_year, 7, 10))
    for group_id in networks:
        yield EstablishGroup(group_id, group_id, GroupKind.NETWORK, date(first_year, 7, 11))


def school_year(
    year: int, state: PartnershipState, networks: tuple[str, ...] = NETWORKS
) -> Iterator[object]:
    """One academic year from September ``year``: 48 events and six meetings per network (90
    with the seven :data:`NETWORKS`)."""
    yield RotateChair(date(year, 9, 1))
    for offset, group_id in enumerate(STANDING):
        for month in (9, 11, 1, 3, 5, 7):
            host = SCHOOLS[month % len(SCHOOLS)]
            yield HoldMeeting(group_id, date(year + (month < 9), month, 10 + offset), host)
    for number, group_id in enumerate(networks):
        for month in (10, 12, 2, 4, 6, 7):
            held_on = date(year + (month < 9), month, 3 + number % 26)
            yield HoldMeeting(group_id, held_on, SCHOOLS[0], chair=f"{SCHOOLS[0]}-deputy")
    for member_id in SCHOOLS:
        census_day = date(year + 1, 1, 16)
        yield SubmitCensus(member_id, census_day, 300 + year % 50, 20, census_day)
    financial_year = FinancialYear(year + 1)
    yield CallContributions(financial_year, date(year + 1, 4, 1))
    yield HoldTrainingDay(date(year + 1, 1, 5), "Moderation", SCHOOLS)
    yield HoldConference(date(year + 1, 6, 19), f"Conference {year + 1}")
    for member_id in SCHOOLS:
        yield ReportToGovernors(member_id, date(year + 1, 6, 24))
    votes = tuple((member_id, Vote.FOR) for member_id in SCHOOLS)
    yield TakeDecision(f"decision-{year}", "Next year's theme", date(year + 1, 6, 26), votes)
    yield ReviewFramework(date(year + 1, 7, 10), "Annual review")


def payments(year: int, state: PartnershipState) -> Iterator[object]:
    """Each school paying what it owes for the financial year from April ``year + 1``."""
    financial_year = FinancialYear(year + 1)
    for member_id in SCHOOLS:
        contribution = state.funding.contribution(member_id, financial_year)
        assert contribution is not None
        yield RecordPayment(member_id, financial_year, contribution.owed, date(year + 1, 4, 28))


def record_history(
    log: EventLog,
    stream_id: str,
    length: int,
    networks: tuple[str, ...] = NETWORKS,
    first_year: int = FIRST_YEAR,
) -> int:
    """Append about ``length`` events of history from ``first_year``; snapshot the state and its
    latest effective date ``TAIL`` events before the end."""
    state = PartnershipState()
    version = 0
    year = first_year
    snapshot_at = length - TAIL

    def batches() -> Iterator[Iterator[object]]:
        nonlocal year
        yield founding(networks, first_year)
        while True:
            yield school_year(year, state, networks)
            yield payments(year, state)
            year += 1

    for commands in batches():
        pending: list[Pending[object]] = []
        for command in commands:
            for event in PARTNERSHIP.decide(command, state):
                state = PARTNERSHIP.evolve(state, event)
                pending.append(Pending(event, effective_date=event.effective_date))  # type: ignore[attr-defined]
        log.append(stream_id, pending, version)
        before, version = version, version + len(pending)
        if before < snapshot_at <= version:  # both snapshots execute keeps (R2's is a date)
            runner = Runner(log, stream_id, PARTNERSHIP)
            runner.snapshot()
            runner.snapshot_latest_effective_date()
        if version >= length:
            return version
    raise AssertionError("unreachable")  # pragma: no cover


def meetings(
    count: int, group_id: str = NETWORKS[0], first: date = MEETINGS_FROM
) -> Iterator[HoldMeeting]:
    """``count`` meetings of a network, a day apart from ``first`` (after any the history
    holds)."""
    for number in range(count):
        yield HoldMeeting(group_id, first + timedelta(days=number), SCHOOLS[0])


def measure(url: str, length: int, commands: int, profile: Path | None) -> dict[str, Any]:
    """Record a history of ``length`` events at ``url``, then time ``commands`` commands."""
    with open_log(url) as log:
        recorded = record_history(log, f"partnership/{PARTNERSHIP_ID}", length)
        # a log of its own over the same store: nothing the recording loaded is in memory
        hom = Partnership(EventLog(log.store, log.codec, clock=log.clock), PARTNERSHIP_ID)
        first, *rest = meetings(commands + 1)
        gc.collect()
        profiler = cProfile.Profile() if profile else None
        if profiler is not None:
            profiler.enable()
        first_seconds = stopwatch(lambda: hom.execute(first))
        seconds = stopwatch(lambda: [hom.execute(command) for command in rest])
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
    return {
        "events": recorded,
        "first_ms": first_seconds * 1000,
        "commands": commands,
        "per_second": commands / seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[1000, 5000, 10000, 20000])
    parser.add_argument("--commands", type=int, default=50, help="timed commands per length")
    parser.add_argument("--stores", nargs="+", default=["memory", "sqlite"])
    parser.add_argument("--profile", type=Path, help="cProfile the timed commands (last run)")
    parser.add_argument("--json", action="store_true", help="print one JSON line per run")
    args = parser.parse_args(argv)
    if max(args.lengths) > 24_000 or args.commands > 3_000:
        parser.error("at most 24,000 events and 3,000 commands: the dates must stay in 1900-2199")
    with tempfile.TemporaryDirectory(prefix="hom-commands-") as workdir:
        for length in args.lengths:
            for store in args.stores:
                url = "memory://" if store == "memory" else f"sqlite:///{workdir}/{length}.db"
                result = {"store": store, **measure(url, length, args.commands, args.profile)}
                if args.json:
                    print(json.dumps(result), flush=True)
                else:
                    print(f"{store:<8}{result['events']:>8,} events  first command "
                          f"{result['first_ms']:>7,.1f} ms, then {result['per_second']:>9,.1f} "
                          "commands/s", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
