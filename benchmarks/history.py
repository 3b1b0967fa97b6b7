"""Work that should not grow with the history: commands, status and the HTML report, 10k vs 100k.

    python benchmarks/history.py [--lengths 10000 100000] [--commands 300] [--rounds 5]
                                 [--json history.json] [--profile DIR]

For each length the script records ``commands.py``'s synthetic partnership with 60 networks
(about 410 events a year from 1901, so 100,000 events fit the dates a record holds) into a
SQLite file, snapshotted ``TAIL`` events before the end as ``execute`` would have. Then:

- **first command**: on a new ``EventLog`` over the file (nothing loaded), one ``HoldMeeting``
  through ``Partnership.execute``, the open included (ms; a process that runs one command);
- **commands**: ``--commands`` more meetings on a ``memory://`` copy of the stream (so the rate
  is hom's work, not the disk's), commands per second: through ``Partnership.execute``, which
  saves a snapshot of the whole state now and then (every 500 events, or every 2,000 on
  100,000 events: see ``SNAPSHOT_SHARE``), and through a runner that saves none (what the rest
  of a command costs), on a copy of its own: on the same copy its meetings, dated as the
  first run's, would come before that run's and be re-checked under R2 as back-dated
  commands (the whole stream read at each);
- **snapshot**: saving one snapshot of the partnership's state (ms);
- **status** and **report**: ``hom status`` and ``hom export report-html`` on the file, each a
  fresh process (ms, wall clock);

each repeated ``--rounds`` times, the lengths interleaved within a round; medians are reported.
The ratios are the 100k figure over the 10k one (commands: the 10k rate over the 100k rate), so
1.0 means no growth; the targets are within 1.5x for commands and under 500 ms (status, report)
and 50 ms (first command) at the longest history. ``--profile DIR`` writes a cProfile of one
in-process status, report and command batch per length there.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from commands import PARTNERSHIP_ID, meetings, network_ids, record_history
from hom_core import EventLog, open_log
from hom_core.application import Partnership, Runner, projection_of
from hom_core.domain import PARTNERSHIP
from hom_core.envelope import Pending
from measure import stopwatch

NETWORKS = network_ids(60)
FIRST_YEAR = 1901
STREAM = f"partnership/{PARTNERSHIP_ID}"
MEETINGS_FROM = date(2150, 1, 1)
"""The first timed meeting: after the 100,000 events of the history (which end in 2146), with
room for six rounds of 2,000 meetings a day apart before 2199."""
AS_OF = date(2149, 12, 31)
"""The day status and the report answer for: after every event of the history."""
LIMITS = {"first_ms": 50.0, "status_ms": 500.0, "report_ms": 500.0}


def record(path: Path, length: int) -> int:
    with open_log(f"sqlite:///{path}?synchronous=normal") as log:
        return record_history(log, STREAM, length, NETWORKS, FIRST_YEAR)


def memory_copy(path: Path) -> tuple[EventLog, int]:
    """A ``memory://`` log holding the file's stream (appended in batches of 1,000), and its
    length."""
    memory = open_log("memory://")
    version = 0
    with open_log(f"sqlite:///{path}") as log:
        batch: list[Pending[Any]] = []
        for recorded in log.read_stream(STREAM):
            batch.append(Pending(recorded.event, effective_date=recorded.effective_date))
            if len(batch) == 1000:
                memory.append(STREAM, batch, version)
                version, batch = version + len(batch), []
        if batch:
            memory.append(STREAM, batch, version)
    return memory, version + len(batch)


def first_command(path: Path) -> float:
    """ms to open a copy of the file (copied untimed) and execute one command on it."""
    scratch = path.with_suffix(".scratch.db")
    shutil.copyfile(path, scratch)
    meeting = next(meetings(1, NETWORKS[0], MEETINGS_FROM))
    try:
        start = time.perf_counter()
        with open_log(f"sqlite:///{scratch}?synchronous=normal") as log:
            Partnership(log, PARTNERSHIP_ID).execute(meeting)
        return (time.perf_counter() - start) * 1000
    finally:
        for leftover in scratch.parent.glob(f"{scratch.name}*"):
            leftover.unlink()


def command_rate(memory: EventLog, count: int, round_number: int, *, snapshots: bool) -> float:
    """Commands per second of ``count`` meetings on the in-memory copy (state kept): through
    ``Partnership.execute``, which saves a snapshot of the state every ``SNAPSHOT_EVERY``
    events, or (``snapshots=False``) through a runner that saves none, on another network."""
    log = EventLog(memory.store, memory.codec)
    if snapshots:
        run = Partnership(log, PARTNERSHIP_ID).execute
        group = NETWORKS[0]
    else:
        run = Runner(log, STREAM, PARTNERSHIP, snapshot_every=None).execute
        group = NETWORKS[1]
    first, *rest = list(meetings((round_number + 1) * (count + 1), group, MEETINGS_FROM))[
        round_number * (count + 1) :
    ]
    run(first)  # loads the state: the first command is timed on its own
    gc.collect()
    return count / stopwatch(lambda: [run(command) for command in rest])


def snapshot_ms(memory: EventLog) -> float:
    """ms to save a snapshot of the partnership's state (what a command pays every
    ``SNAPSHOT_EVERY`` events)."""
    log = EventLog(memory.store, memory.codec)
    projection = projection_of(PARTNERSHIP)
    log.load(STREAM, projection)
    gc.collect()
    return stopwatch(lambda: log.snapshot(STREAM, projection)) * 1000


def hom_arguments(path: Path, *argv: str) -> list[str]:
    """``hom`` arguments running ``argv`` on the log at ``path``, as of :data:`AS_OF`."""
    options = ["--url", f"sqlite:///{path}", "--partnership", PARTNERSHIP_ID]
    return [*argv, *options, "--as-of", str(AS_OF)]


def hom_process(arguments: list[str]) -> list[str]:
    """The command line running the installed ``hom`` with ``arguments``."""
    script = Path(sys.executable).with_name("hom")
    return [*([str(script)] if script.exists() else [sys.executable, "-m", "hom_core"]), *arguments]


def wall_ms(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def workdir_report(path: Path) -> list[str]:
    """The export of the HTML report into a file beside the log."""
    return ["export", "report-html", "--output", str(path.with_suffix(".html"))]


def profile(
    path: Path, memory: EventLog, out: Path, length: int, round_number: int, count: int
) -> None:
    """cProfile status, the report and ``count`` commands in this process, one file each."""
    from click.testing import CliRunner

    from hom_core.cli.app import hom

    report = workdir_report(path)
    runs: dict[str, Callable[[], object]] = {
        "status": lambda: CliRunner().invoke(hom, hom_arguments(path, "status")),
        "report": lambda: CliRunner().invoke(hom, hom_arguments(path, *report)),
        "commands": lambda: command_rate(memory, count, round_number, snapshots=True),
    }
    for name, run in runs.items():
        profiler = cProfile.Profile()
        profiler.enable()
        run()
        profiler.disable()
        profiler.dump_stats(out / f"{name}-{length}.prof")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--commands", type=int, default=2000, help="per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--profile", type=Path, help="write cProfile files to this folder")
    parser.add_argument("--workdir", type=Path, help="keep the logs here (default: temporary)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hom-history-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        paths, copies, unsnapshotted, events = {}, {}, {}, {}
        for length in args.lengths:
            paths[length] = workdir / f"history-{length}.db"
            if not paths[length].exists():
                print(f"recording {length:,} events", flush=True)
                record(paths[length], length)
            copies[length], events[length] = memory_copy(paths[length])
            unsnapshotted[length], _ = memory_copy(paths[length])
        figures: dict[str, dict[int, list[float]]] = {
            name: {length: [] for length in args.lengths}
            for name in (
                "first_ms",
                "commands_per_s",
                "commands_per_s_no_snapshots",
                "snapshot_ms",
                "status_ms",
                "report_ms",
            )
        }
        for number in range(args.rounds):
            for length in args.lengths:
                path = paths[length]
                figures["first_ms"][length].append(first_command(path))
                copy = copies[length]
                rate = command_rate(copy, args.commands, number, snapshots=True)
                figures["commands_per_s"][length].append(rate)
                rate = command_rate(unsnapshotted[length], args.commands, number, snapshots=False)
                figures["commands_per_s_no_snapshots"][length].append(rate)
                figures["snapshot_ms"][length].append(snapshot_ms(copy))
                status = hom_arguments(path, "status")
                figures["status_ms"][length].append(wall_ms(hom_process(status)))
                report = hom_arguments(path, *workdir_report(path))
                figures["report_ms"][length].append(wall_ms(hom_process(report)))
                print(f"round {number + 1}/{args.rounds} {length:,}: " + ", ".join(
                    f"{name} {values[length][-1]:,.0f}" for name, values in figures.items()
                ), flush=True)  # fmt: skip
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            for length in args.lengths:
                profile(
                    paths[length], copies[length], args.profile, length, args.rounds, args.commands
                )
    medians = {
        name: {str(length): statistics.median(values) for length, values in by_length.items()}
        for name, by_length in figures.items()
    }
    short, long = (str(length) for length in (min(args.lengths), max(args.lengths)))
    ratios = {
        "commands_slowdown": medians["commands_per_s"][short] / medians["commands_per_s"][long],
        "commands_slowdown_no_snapshots": medians["commands_per_s_no_snapshots"][short]
        / medians["commands_per_s_no_snapshots"][long],
        "snapshot_growth": medians["snapshot_ms"][long] / medians["snapshot_ms"][short],
        "status_growth": medians["status_ms"][long] / medians["status_ms"][short],
        "report_growth": medians["report_ms"][long] / medians["report_ms"][short],
        "first_growth": medians["first_ms"][long] / medians["first_ms"][short],
    }
    targets = [
        {"name": "commands_slowdown", "measured": ratios["commands_slowdown"], "threshold": 1.5,
         "status": "PASS" if ratios["commands_slowdown"] <= 1.5 else "MISS"},
    ] + [
        {"name": f"{name}_at_{long}", "measured": medians[name][long], "threshold": limit,
         "status": "PASS" if medians[name][long] < limit else "MISS"}
        for name, limit in LIMITS.items()
    ]  # fmt: skip
    result = {
        "rounds": args.rounds,
        "events": {str(length): count for length, count in events.items()},
        "median": medians,
        "ratios": ratios,
        "targets": targets,
        "figures": {
            name: {str(length): values for length, values in by_length.items()}
            for name, by_length in figures.items()
        },
    }
    print(json.dumps({"median": medians, "ratios": ratios}, indent=2))
    for target in targets:
        print(f"{target['status']}  {target['name']} {target['measured']:,.2f} "
              f"(limit {target['threshold']})")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
