"""Durable commands from threads of one process, before and after group commit.

    python benchmarks/concurrency.py --before /tmp/hom-main/src --json concurrency.json
    python benchmarks/concurrency.py --sqlite-only --threads 1 8 --rounds 3

A web application that embeds hom runs commands from several threads at once. Each thread
here runs ``log.handle(stream, projection, decide)`` on streams of its own (no conflicts): load
the stream from the state the log keeps (``keep_latest``: the records after it, normally none),
decide one census, append it durably (SQLite at ``synchronous=FULL``; PostgreSQL with
``synchronous_commit`` on). The figure is commands per second of all threads together, with 1,
2, 4 and 8 threads, on one log per measurement (a fresh SQLite file or PostgreSQL schema holding
``--streams`` streams of 20 events per thread).

Each measurement runs in a process of its own, so the same script measures two installations:
the hom it imports (``after``) and, with ``--before SRC``, the hom whose source is at ``SRC``
(``git archive main | tar -x -C /tmp/hom-main``, then ``--before /tmp/hom-main/src``). The
rounds interleave: round 1 of every (side, database, threads), then round 2, ...; the figures
are medians. The PostgreSQL URL gets ``pool_size`` = threads + 1 on both sides (each thread
reads while one commits).

``ratios`` (each the median over rounds of the ratio within a round, so that a slow spell of the
shared disk hits both sides of it): ``<db>.target_threads_8_vs_1`` (the target, >= 3: the after
side with 8 threads against itself with 1), ``<db>.<side>.threads_<n>_vs_1`` and, with
``--before``, ``<db>.after_vs_before.threads_<n>`` (``threads_1`` is what group commit costs a
process with one thread). ``grouped_share`` is the share of the after side's appends that went
in groups of two or more; ``cpu_us_per_command`` the process's CPU time per command (all
threads): with the GIL, one core's worth of it bounds the rate whatever the threads.
``commit_ms`` is, per measurement, what a one-row durable commit beside the log cost just before
and after it (the median of 20; the mean of the two): the shared disk's flush swings between
about 0.2 and 4 ms within minutes, and the gain of group commit follows it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"
HERE = Path(__file__).resolve().parent
SEED = 20
"""Events each stream holds before the timed commands."""


def worker(url: str, threads: int, commands: int, streams: int) -> dict[str, Any]:
    """Seed a log at ``url``, then time ``commands`` commands from ``threads`` threads."""
    import attrs

    from domain import ACTOR, CENSUS, SCHOOL, census, decide_census, school_id
    from hom_core import open_log

    kept = attrs.evolve(SCHOOL, name="bench.school_kept", keep_latest=True)
    owned = [[t * streams + s for s in range(streams)] for t in range(threads)]
    with open_log(url, event_types=[CENSUS], actor=ACTOR) as log:
        for index in (index for mine in owned for index in mine):
            stream = school_id(index)
            log.append(stream, [census(index, v) for v in range(1, SEED + 1)], expected_version=0)
            log.load(stream, kept)  # the state the commands start from, kept in memory
        each = commands // threads
        flushed = commit_cost(url)
        barrier = threading.Barrier(threads + 1)
        failures: list[BaseException] = []

        def run(mine: list[int]) -> None:
            barrier.wait()
            try:
                for number in range(each):
                    log.handle(school_id(mine[number % len(mine)]), kept, decide_census)
            except BaseException as error:  # reported, and the measurement fails
                failures.append(error)

        workers = [threading.Thread(target=run, args=(mine,)) for mine in owned]
        for thread in workers:
            thread.start()
        barrier.wait()
        start, cpu = time.perf_counter(), time.process_time()
        for thread in workers:
            thread.join()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if failures:
            raise failures[0]
        report = log.verify()
        assert report.ok, report
        assert log.head()[0] == len(owned) * streams * SEED + each * threads
        group = getattr(log.store, "group_commit", None)
    commit = (flushed + commit_cost(url)) / 2
    return {
        "commands": each * threads,
        "seconds": seconds,
        "rate": each * threads / seconds,
        "cpu_per_command": cpu / (each * threads),
        "commit_seconds": commit,
        "groups": getattr(group, "groups", None),
        "grouped": getattr(group, "grouped", None),
    }


def commit_cost(url: str, commits: int = 20) -> float:
    """The median seconds of a one-row durable commit beside the log at ``url`` (a table of its
    own in the same SQLite folder or PostgreSQL schema): what the disk's flush costs right now."""
    seconds = []
    if url.startswith("sqlite:"):
        import sqlite3

        path = url.removeprefix("sqlite:///").split("?")[0] + "-probe"
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE IF NOT EXISTS probe (x INTEGER)")
        for number in range(commits):
            start = time.perf_counter()
            db.execute("BEGIN")
            db.execute("INSERT INTO probe VALUES (?)", (number,))
            db.execute("COMMIT")
            seconds.append(time.perf_counter() - start)
        db.close()
        for leftover in ("", "-wal", "-shm"):
            Path(path + leftover).unlink(missing_ok=True)
        return statistics.median(seconds)
    import psycopg

    conninfo, options = url.split("?")
    schema = dict(option.split("=") for option in options.split("&"))["schema"]
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE TABLE IF NOT EXISTS "{schema}".probe (x integer)')
        for number in range(commits):
            start = time.perf_counter()
            connection.execute(f'INSERT INTO "{schema}".probe VALUES (%s)', (number,))
            seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def run_worker(
    source: Path | None, url: str, threads: int, commands: int, streams: int
) -> dict[str, Any]:
    """One measurement in a process of its own, importing hom from ``source`` (or as installed)."""
    env = dict(os.environ)
    paths = [str(HERE)] + ([str(source)] if source is not None else [])
    env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")])
    arguments = ["--worker", url, str(threads), str(commands), str(streams)]
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"measurement failed ({url}, {threads} threads):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


class Databases:
    """A fresh database per measurement: a SQLite file, or a PostgreSQL schema dropped after."""

    def __init__(self, folder: Path, dsn: str) -> None:
        self.folder = folder
        self.dsn = dsn
        self.count = 0

    def url(self, kind: str, threads: int) -> str:
        self.count += 1
        if kind == "sqlite":
            return f"sqlite:///{self.folder / f'log-{self.count}.sqlite'}"
        schema = f"groupcommit_bench_{os.getpid()}_{self.count}"
        joiner = "&" if "?" in self.dsn else "?"
        return f"{self.dsn}{joiner}schema={schema}&pool_size={threads + 1}"

    def drop(self, kind: str, url: str) -> None:
        if kind == "sqlite":
            path = Path(url.removeprefix("sqlite:///"))
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            return
        import psycopg

        schema = url.split("schema=")[1].split("&")[0]
        with psycopg.connect(self.dsn, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Every (side, database, threads) measurement, rounds interleaved."""
    kinds = ["sqlite"] * (not args.postgres_only) + ["postgres"] * (not args.sqlite_only)
    sides: dict[str, Path | None] = {"after": None}
    if args.before is not None:
        sides["before"] = args.before
    databases = Databases(folder, args.postgres_dsn)
    rates: dict[str, list[float]] = {}
    grouped: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    commits: dict[str, list[float]] = {}
    for number in range(args.rounds):
        order = list(sides) if number % 2 == 0 else list(reversed(sides))
        for kind in kinds:
            for threads in args.threads:
                for side in order:
                    url = databases.url(kind, threads)
                    try:
                        result = run_worker(sides[side], url, threads, args.commands, args.streams)
                    finally:
                        databases.drop(kind, url)
                    key = f"{kind}.{side}.threads_{threads}"
                    rates.setdefault(key, []).append(result["rate"])
                    cpu.setdefault(key, []).append(result["cpu_per_command"] * 1e6)
                    commits.setdefault(key, []).append(result["commit_seconds"] * 1e3)
                    if result["grouped"] is not None:
                        share = result["grouped"] / result["commands"]
                        grouped.setdefault(key, []).append(share)
                    shown = f"{result['rate']:,.0f} commands/s, commit {commits[key][-1]:.2f} ms"
                    print(f"  round {number + 1}: {key} {shown}", flush=True)
    medians = {key: statistics.median(values) for key, values in rates.items()}

    def ratio(top: str, bottom: str) -> float:
        """The median over rounds of the ratio within each round (both measured minutes apart
        at most, so a slow spell of the shared disk hits both)."""
        return statistics.median(a / b for a, b in zip(rates[top], rates[bottom], strict=True))

    ratios: dict[str, float] = {}
    most = max(args.threads)
    for kind in kinds:
        for side in sides:
            for threads in args.threads:
                if threads != 1 and 1 in args.threads:
                    name = f"{kind}.{side}.threads_{threads}_vs_1"
                    ratios[name] = ratio(
                        f"{kind}.{side}.threads_{threads}", f"{kind}.{side}.threads_1"
                    )
                if side == "before":
                    name = f"{kind}.after_vs_before.threads_{threads}"
                    ratios[name] = ratio(
                        f"{kind}.after.threads_{threads}", f"{kind}.before.threads_{threads}"
                    )
        if 1 in args.threads and most != 1:
            ratios[f"{kind}.target_threads_{most}_vs_1"] = ratios[
                f"{kind}.after.threads_{most}_vs_1"
            ]
    return {
        "config": {
            "threads": args.threads,
            "rounds": args.rounds,
            "commands": args.commands,
            "streams_per_thread": args.streams,
            "before": str(args.before) if args.before else None,
        },
        "rates": rates,
        "medians": medians,
        "grouped_share": {key: statistics.median(values) for key, values in grouped.items()},
        "cpu_us_per_command": {key: statistics.median(values) for key, values in cpu.items()},
        "commit_ms": commits,
        "ratios": ratios,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":
        url, threads, commands, streams = argv[1], *map(int, argv[2:5])
        print(json.dumps(worker(url, threads, commands, streams)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--commands", type=int, default=800, help="commands per measurement")
    parser.add_argument("--streams", type=int, default=4, help="streams per thread (default 4)")
    parser.add_argument("--before", type=Path, help="the source folder of the hom to compare")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--postgres-dsn", default=os.environ.get("HOM_POSTGRES_DSN", DEFAULT_DSN))
    parser.add_argument("--json", type=Path, help="write rates, medians and ratios here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hom-concurrency-") as folder:
        figures = measure(args, Path(folder))
    for key, value in sorted(figures["medians"].items()):
        print(f"{key:40} {value:10,.0f} commands/s (median)")
    for key, value in sorted(figures["ratios"].items()):
        print(f"{key:40} {value:10.2f}x")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
