"""Benchmark hom against a plain-driver floor and ``eventsourcing``, on SQLite and PostgreSQL.

    python benchmarks/bench.py --events 1000000 --json bench-1m.json
    python benchmarks/bench.py --events 100000 --postgres --json bench-pg.json

Three sides write and read the same school-census events (100 per stream, ``--events / 100``
streams): the *floor* (the plain database driver + json into hom's own ``events`` table layout,
no hashes, no version checks, no cattrs), *hom* (``open_log``) and the *peer* (the
``eventsourcing`` package on its own persistence for the same database). The SQLite section
always runs (unless ``--postgres-only``); ``--postgres`` adds the same comparison on PostgreSQL.
Every figure, the ratios between them and the targets are explained in benchmarks/README.md.
Misses are information: a completed run exits 0.

The modules beside this one: ``domain`` (the census events, for hom and eventsourcing),
``measure`` (figures, interleaved rounds, ratios), ``sides`` (the floor, hom and the peer,
written once), ``sides_sqlite`` and ``sides_postgres`` (what each database gives the sides).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from domain import EVENTS_PER_STREAM, FLOOR_JSON, HAVE_EVENTSOURCING, check_same_payload
from measure import Config, Figure, Target, compute_ratios
from sides import compare_sides
from sides_sqlite import LONG_STREAM_MAX, SQLite, hom_long_stream, replay_rss, replay_rss_child

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def run(config: Config, workdir: Path, dsn: str) -> tuple[list[Figure], dict[str, Any]]:
    check_same_payload()
    figures: list[Figure] = []
    result: dict[str, Any] = {"config": asdict(config), "machine": machine()}
    result["floor_json"] = {"encode": "C encoder built once", "decode": FLOOR_JSON}

    if config.sqlite:
        sqlite = SQLite(workdir)
        section = compare_sides(sqlite, config)
        figures += section
        result["payload_bytes"] = sqlite.payload_bytes(sides_of(section))
        result["replay_rss"] = replay_rss(sqlite.path("hom"), config.events)
        print(f"one stream of {config.long_stream:,} events", flush=True)
        figures += hom_long_stream(workdir / "long.db", config.long_stream, config.rounds)

    if config.postgres:
        from sides_postgres import PostgreSQL  # needs psycopg, which only this section uses

        postgres = PostgreSQL(dsn)
        result["machine"]["postgres"] = postgres.server
        try:
            section = compare_sides(postgres, config, hom=postgres.hom_works())
            figures += section
            result["postgres_payload_bytes"] = postgres.payload_bytes(sides_of(section))
        finally:
            postgres.drop_all()

    by_key = {figure.key: figure for figure in figures}
    ratios: dict[str, float | None] = {}
    if config.sqlite:
        ratios |= compute_ratios(by_key)
    if config.postgres:
        ratios |= compute_ratios(by_key, "postgres.")
    targets = compute_targets(ratios, by_key, result["replay_rss"]) if config.sqlite else []
    result["figures"] = {key: figure.as_json() for key, figure in by_key.items()}
    result["ratios"] = ratios
    result["targets"] = [{**asdict(target), "status": target.status} for target in targets]
    return figures, result


def sides_of(figures: list[Figure]) -> list[str]:
    """The sides ("floor", "hom", "eventsourcing") measured in ``figures``, in order."""
    return list(dict.fromkeys(figure.side.rpartition(".")[2] for figure in figures))


def compute_targets(
    ratios: dict[str, float | None], by_key: dict[str, Figure], rss: dict[str, Any]
) -> list[Target]:
    """The issue's targets, all on SQLite (none were set for PostgreSQL)."""
    snapshot = by_key["hom.long_load_snapshot"]
    return [
        Target("replay_vs_floor", "replay >= 0.6x floor read", ratios["replay_vs_floor"], 0.6),
        Target("replay_vs_floor_0_8", "replay >= 0.8x floor read", ratios["replay_vs_floor"],
               0.8),
        Target("replay_vs_eventsourcing", "replay >= 5x eventsourcing repository.get",
               ratios["replay_vs_eventsourcing"], 5.0),
        Target("append_vs_floor", "batch append >= 0.5x floor executemany",
               ratios["append_vs_floor"], 0.5),
        Target("append_vs_floor_0_8", "batch append >= 0.8x floor executemany",
               ratios["append_vs_floor"], 0.8),
        Target("append_vs_eventsourcing", "batch append >= 4x eventsourcing save",
               ratios["append_vs_eventsourcing"], 4.0),
        Target("command_vs_floor", "load+command+append >= 0.8x floor commit-per-row",
               ratios["command_vs_floor"], 0.8),
        Target("command_kept_vs_floor", "command, state kept >= 0.8x floor commit-per-row",
               ratios["command_kept_vs_floor"], 0.8),
        Target("snapshot_load_ms", f"{snapshot.count:,}-event stream from snapshot < 10 ms",
               snapshot.value, 10.0, higher_is_better=False),
        Target("replay_rss_growth_mib", "replay peak RSS growth < 50 MiB", rss["growth_mib"],
               50.0, higher_is_better=False),
    ]  # fmt: skip


# -- output ------------------------------------------------------------------------------------


def print_report(config: Config, figures: list[Figure], result: dict[str, Any]) -> None:
    print()
    print(f"hom benchmark: {config.events:,} events ({config.streams:,} streams x "
          f"{EVENTS_PER_STREAM}), best of {config.rounds} round(s)")  # fmt: skip
    print(f"{'side':<24}{'measurement':<46}{'best':>12}")
    for figure in figures:
        print(figure)
    if "replay_rss" in result:
        print(f"{'hom':<24}{'replay peak RSS growth, small -> full log':<46}"
              f"{result['replay_rss']['growth_mib']:>12,.1f} MiB")  # fmt: skip
    print()
    print("ratios (hom / other, then the floor's own)")
    for name, value in result["ratios"].items():
        print(f"  {name:<42}{'-' if value is None else f'{value:.2f}x':>8}")
    if result["targets"]:
        print()
        print("targets (SQLite)")
    for target in result["targets"]:
        measured = target["measured"]
        shown = "-" if measured is None else f"{measured:,.2f}"
        print(f"  {target['status']:<6}{target['description']:<52}{shown:>10}")


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "hom": package_version("hom"),
        "eventsourcing": package_version("eventsourcing"),
        "psycopg": package_version("psycopg"),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events",
        type=int,
        default=100_000,
        help="events in the log, 100 per stream (default 100,000)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of each measurement, interleaved; the best is reported",
    )
    parser.add_argument(
        "--appends",
        type=int,
        default=2000,
        help="durable single-row appends per round (default 2,000)",
    )
    parser.add_argument(
        "--commands",
        type=int,
        default=1000,
        help="load + command + append operations per round (default 1,000)",
    )
    parser.add_argument("--json", type=Path, help="write the raw figures and ratios here")
    parser.add_argument(
        "--skip-eventsourcing", action="store_true", help="measure only the floor and hom"
    )
    parser.add_argument("--tmp", type=Path, help="directory for the database files")
    parser.add_argument(
        "--postgres", action="store_true", help="also run the comparison on PostgreSQL"
    )
    parser.add_argument(
        "--postgres-only", action="store_true", help="run only the PostgreSQL comparison"
    )
    parser.add_argument(
        "--postgres-dsn",
        default=os.environ.get("HOM_POSTGRES_DSN", DEFAULT_DSN),
        help=f"the database to use (default $HOM_POSTGRES_DSN or {DEFAULT_DSN}); each side "
        "gets a schema of its own, created and dropped by the run",
    )
    parser.add_argument("--replay-rss-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.events < 10 * EVENTS_PER_STREAM:
        parser.error(f"--events must be at least {10 * EVENTS_PER_STREAM}")
    if min(args.rounds, args.appends, args.commands) < 1:
        parser.error("--rounds, --appends and --commands must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.replay_rss_child:
        replay_rss_child(args.replay_rss_child[0], int(args.replay_rss_child[1]))
        return 0
    if not HAVE_EVENTSOURCING and not args.skip_eventsourcing:
        print("eventsourcing is not installed (pip install -e '.[bench]'): measuring without it")
    streams = args.events // EVENTS_PER_STREAM
    config = Config(
        events=streams * EVENTS_PER_STREAM,
        streams=streams,
        rounds=args.rounds,
        appends=args.appends,
        commands=args.commands,
        long_stream=min(streams * EVENTS_PER_STREAM, LONG_STREAM_MAX),
        eventsourcing=HAVE_EVENTSOURCING and not args.skip_eventsourcing,
        sqlite=not args.postgres_only,
        postgres=args.postgres or args.postgres_only,
    )
    workdir = Path(tempfile.mkdtemp(prefix="hom-bench-", dir=args.tmp))
    try:
        figures, result = run(config, workdir, args.postgres_dsn)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_report(config, figures, result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
