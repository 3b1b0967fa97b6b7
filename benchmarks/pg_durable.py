"""Durable writes in paired rounds: hom's single append and commands against the floor, on
PostgreSQL (or SQLite with ``--sqlite``).

    python benchmarks/pg_durable.py --rounds 15 --json pg-durable.json
    python benchmarks/pg_durable.py --sqlite --rounds 15 --json sqlite-durable.json

The durable figures of ``bench.py --postgres`` are each the best of a few rounds, taken minutes
apart; a commit waits for the WAL flush, whose cost on a shared disk drifts by 2-4x within
minutes, so their ratios move with the disk more than with hom. Here each round runs the
floor's commit-per-row, hom's durable single append, hom's command (load 100 + decide +
append) and the same command with the state kept between commands back to back, in an order
that alternates, and takes the ratios *within the round*; the medians of those ratios (with
their ranges) are what to compare before and after a change.
The work of each figure is exactly ``bench.py``'s (the same ``sides.py`` code, the same
schemas per side, ``sides_postgres.py``); the log holds ``--streams`` streams of 100 events
for the commands to load. Run it once with each installation to compare, alternating.

``--no-flush-wait`` is not durable and not a target's figure: both sides' sessions set
``synchronous_commit=off``, so the ratios show what a server whose flush is cheap (a fast disk)
would show: the exchanges with the server and its own work. With ``--sqlite`` the sides write
files of their own in a temporary directory at ``synchronous=FULL`` (``bench.py``'s durable
figures), or ``NORMAL`` with ``--no-flush-wait`` (no fsync per commit: the CPU's work).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import statistics
import sys
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from domain import EVENTS_PER_STREAM
from hom_core import EventLog
from measure import Config
from sides import Backend, Floor, Hom
from sides_postgres import PostgreSQL
from sides_sqlite import SQLite, SQLiteFloor

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


class Unflushed(SQLite):
    """SQLite whose single-row writes and commands run at ``NORMAL`` on every side."""

    def floor(self, *, batch: bool = False) -> AbstractContextManager[SQLiteFloor]:
        return super().floor(batch=True)

    def hom(self, *, batch: bool = False) -> EventLog:
        return super().hom(batch=True)


def paired_rounds(backend: Backend, config: Config) -> dict[str, list[float]]:
    """Seconds per operation of each figure, one entry per round."""
    floor, hom = Floor(backend, config), Hom(backend, config)
    floor.batch_insert(0)  # the streams the commands load, on both sides
    hom.batch_append(0)
    runs = {
        "floor.commit_per_row": (floor.commit_per_row, config.appends),
        "hom.durable_append": (hom.durable_append, config.appends),
        "hom.command": (hom.command, config.commands),
        "hom.command_kept": (hom.command_kept, config.commands),
    }
    seconds: dict[str, list[float]] = {key: [] for key in runs}
    for number in range(config.rounds):
        order = list(runs) if number % 2 == 0 else list(reversed(runs))
        for key in order:
            run, count = runs[key]
            gc.collect()
            seconds[key].append(run(number) / count)
        shown = ", ".join(f"{key} {1 / seconds[key][-1]:,.0f}/s" for key in runs)
        print(f"  round {number + 1}/{config.rounds}: {shown}", flush=True)
    return seconds


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="paired rounds (default 15)")
    parser.add_argument("--appends", type=int, default=200, help="appends per round (200)")
    parser.add_argument("--commands", type=int, default=100, help="commands per round (100)")
    parser.add_argument("--streams", type=int, default=20, help="streams of 100 events (20)")
    parser.add_argument("--json", type=Path, help="write the figures and ratios here")
    parser.add_argument(
        "--no-flush-wait",
        action="store_true",
        help="not durable: both sides' sessions set synchronous_commit=off, so a commit does "
        "not wait for the WAL flush and the figures show the exchanges and the server's work",
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--postgres-dsn", default=os.environ.get("HOM_POSTGRES_DSN", DEFAULT_DSN))
    args = parser.parse_args(argv)
    if min(args.rounds, args.appends, args.commands, args.streams) < 1:
        parser.error("--rounds, --appends, --commands and --streams must be positive")
    config = Config(
        events=args.streams * EVENTS_PER_STREAM, streams=args.streams, rounds=args.rounds,
        appends=args.appends, commands=args.commands, long_stream=0, eventsourcing=False,
        sqlite=args.sqlite, postgres=not args.sqlite,
    )  # fmt: skip
    if args.sqlite:
        with tempfile.TemporaryDirectory(prefix="hom-durable-") as folder:
            sqlite = (Unflushed if args.no_flush_wait else SQLite)(Path(folder))
            seconds = paired_rounds(sqlite, config)
        server = f"SQLite {sqlite3.sqlite_version}"
    else:
        session = "-c synchronous_commit=off" if args.no_flush_wait else ""
        backend = PostgreSQL(args.postgres_dsn, session)
        try:
            seconds = paired_rounds(backend, config)
        finally:
            backend.drop_all()
        server = backend.server
    floor = seconds["floor.commit_per_row"]
    per_round = {
        name: [f / h for f, h in zip(floor, seconds[key], strict=True)]
        for name, key in (
            ("durable_append_vs_floor", "hom.durable_append"),
            ("command_vs_floor", "hom.command"),
            ("command_kept_vs_floor", "hom.command_kept"),
        )
    }
    result: dict[str, Any] = {
        "server": server,
        "durable": not args.no_flush_wait,
        "rounds": args.rounds,
        "rates_per_second": {
            key: summary([1 / s for s in values]) for key, values in seconds.items()
        },
        "per_round_ratios": per_round,
        "ratios": {key: statistics.median(values) for key, values in per_round.items()},
        "ratio_ranges": {key: [min(values), max(values)] for key, values in per_round.items()},
    }
    for key, values in per_round.items():
        print(f"{key}: median {statistics.median(values):.2f}x "
              f"[{min(values):.2f}..{max(values):.2f}]")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
