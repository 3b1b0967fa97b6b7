"""A city of partnerships on one PostgreSQL server: writers, reads and the city-wide read model.

    python benchmarks/city.py --partnerships 1000 --json city.json     # about 1,000,000 events
    python benchmarks/city.py --partnerships 40 --commands 100          # a quick run
    python benchmarks/city.py --partnerships 16 --commands 100 --notify both  # NOTIFY on/off

Builds ``--partnerships`` partnerships of about ``--events`` events each (``city_build.py``),
twice: as streams of one shared log, and each in a log of its own (a schema each, opened by
URL with ``?schema=``); the first ten also in a small shared log. Then:

1. **writers**: ``--writers`` processes, each on ``--per-writer`` partnerships of its own,
   execute ``--commands`` durable commands each (``city_writers.py``), against the shared log
   and against the logs per schema, the two layouts alternating round by round, then the first
   writer alone (what one writer gets to itself); throughput (per second over the span of all
   writers) and p50/p99 latency of a command; then the same with ``appends``: each writer
   appending one decided meeting's events with the expected version, the store alone, so that
   the shared log's write lock is what the writers compete for. ``--notify off`` opens every
   writer's log with ``?notify=off`` (appends send no ``NOTIFY``; layouts ``shared_quiet`` and
   ``per_schema_quiet``), ``--notify both`` runs the four layouts interleaved;
2. **reading one partnership**: its stream's records read from the shared log of ten
   partnerships and from the shared log of all of them, alternating, median per read; and the
   query plan of that read on the large log (an index scan whatever the others hold);
3. **the city-wide read model**: rebuilt from scratch into a PostgreSQL table
   (:mod:`hom_core.city.postgres`) from the shared log and from the logs per schema, and into
   memory from the shared log; records read per second; the figures checked equal.

The schemas are ``city_<pid>_*`` on ``--dsn``, dropped at the end. ``--json FILE`` writes every
raw figure and a ``ratios`` object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psycopg

from city_build import City, build, drop_schemas
from city_writers import write
from hom_core import EventLog, open_log
from hom_core.city import MemoryCity, catch_up_urls
from hom_core.city.postgres import PostgresCity
from hom_core.plugins import Plugins
from hom_plugins.storage.postgres_base import Tables, parse_url
from hom_plugins.storage.postgres_queries import Queries

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"
LAYOUTS = ("shared", "per_schema")
QUIET = "_quiet"
"""The suffix of a layout whose logs are opened with ``?notify=off``."""
NOTIFY_LAYOUTS = {
    "on": LAYOUTS,
    "off": tuple(layout + QUIET for layout in LAYOUTS),
    "both": (*LAYOUTS, *(layout + QUIET for layout in LAYOUTS)),
}
APPENDS_FROM = 20_000
"""Meeting days of the appends' rounds start here, after any the commands' rounds record."""


def say(text: str) -> None:
    print(text, flush=True)


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def assignments(city: City, layout: str, writers: int, per_writer: int) -> list[list[Any]]:
    """Each writer's partnerships, spread over the city, as ``(url, id)`` pairs."""
    step = max(1, city.count // (writers * per_writer))
    chosen = [city.ids[(n * step) % city.count] for n in range(writers * per_writer)]
    options: dict[str, object] = {"pool_size": 1}
    if layout.endswith(QUIET):
        options["notify"] = "off"
    url = city.url("shared", **options)
    return [
        [
            (url if layout.startswith("shared") else city.own(pid, **options), pid)
            for pid in chosen[w * per_writer : (w + 1) * per_writer]
        ]
        for w in range(writers)
    ]


def writers_round(
    city: City, kind: str, layout: str, args: argparse.Namespace, first_day: int, writers: int
) -> dict[str, float]:
    """One round of the writers (``commands`` or ``appends``) on ``layout``: throughput, p50
    and p99 (ms)."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers)
    results = context.Queue()
    work = assignments(city, layout, args.writers, args.per_writer)[:writers]
    processes = [
        context.Process(target=write, args=(kind, each, args.commands, first_day, barrier, results))
        for each in work
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=1800) for _ in processes]
    for process in processes:
        process.join()
    errors = [error for *_, error in outcomes if error is not None]
    if errors:
        raise SystemExit(f"writers failed: {errors}")
    latencies = [latency for each, *_ in outcomes for latency in each]
    span = max(end for _, _, end, _ in outcomes) - min(start for _, start, _, _ in outcomes)
    return {
        "per_s": len(latencies) / span,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def create_floor(city: City) -> None:
    """The floor's table, beside the shared log's."""
    with psycopg.connect(city.dsn, autocommit=True) as connection:
        connection.execute(
            psycopg.sql.SQL(
                "CREATE TABLE {}.city_floor (id bigserial PRIMARY KEY, payload text NOT NULL)"
            ).format(psycopg.sql.Identifier(f"{city.prefix}_shared"))
        )


def writer_rounds(
    city: City, kind: str, args: argparse.Namespace, layouts: tuple[str, ...] = LAYOUTS
) -> dict[str, list[dict[str, float]]]:
    """``--rounds`` rounds of each layout, alternating which goes first, each with every writer
    and then with the first writer alone (``<layout>_alone``, the rate a writer has to itself)."""
    rounds: dict[str, list[dict[str, float]]] = {}
    for number in range(args.rounds):
        order = layouts if number % 2 == 0 else layouts[::-1]
        for layout, writers in [(each, count) for each in order for count in (args.writers, 1)]:
            turn = number * len(layouts) + layouts.index(layout)  # days no other round uses
            first_day = (kind == "appends") * APPENDS_FROM + turn * 2 * (args.commands + 2)
            first_day += (writers == 1) * (args.commands + 2)
            figures = writers_round(city, kind, layout, args, first_day, writers)
            name = layout if writers > 1 else f"{layout}_alone"
            rounds.setdefault(name, []).append(figures)
            say(
                f"  {kind} round {number + 1} {name:>16}: {figures['per_s']:8.0f}/s"
                f"  p50 {figures['p50_ms']:6.2f} ms  p99 {figures['p99_ms']:7.2f} ms"
            )
    return rounds


def read_rounds(city: City, plugins: Plugins, rounds: int, reads: int) -> dict[str, Any]:
    """Reading one partnership's records, alternating: from the shared log of ten (``small``,
    one of the ten), from the shared log of all (``large``, one of all) and from its own
    schema's log (``own``, one of the first ten): median ms per read, per round; and the plan
    of the read on the large log."""
    timings: dict[str, list[float]] = {"small": [], "large": [], "own": []}
    pick = random.Random(14)
    with ExitStack() as stack:

        def opened(url: str) -> EventLog:
            log = open_log(url, plugins=plugins, create=False, read_only=True)
            return stack.enter_context(log)

        small, large = opened(city.small), opened(city.shared)
        own = {pid: opened(city.own(pid, pool_size=1)) for pid in city.ids[:10]}
        for _ in range(rounds):
            for name in timings:
                each = []
                for _ in range(reads):
                    pid = city.ids[pick.randrange(city.count if name == "large" else 10)]
                    log = {"small": small, "large": large}.get(name) or own[pid]
                    began = time.perf_counter()
                    records = sum(1 for _ in log.store.read_stream(f"partnership/{pid}"))
                    each.append(time.perf_counter() - began)
                    assert records > 0
                timings[name].append(statistics.median(each) * 1000)
    return {"ms_per_read": timings, "plan": read_plan(city)}


def read_plan(city: City) -> list[str]:
    """``EXPLAIN`` of the store's own read of one partnership on the large shared log."""
    url = parse_url(city.shared)
    query = Queries(Tables(url.schema)).read_stream
    with psycopg.connect(url.conninfo, autocommit=True) as connection:
        rows = connection.execute(
            psycopg.sql.SQL("EXPLAIN ") + query, (f"partnership/{city.ids[-1]}", 0, 1 << 62, 1000)
        ).fetchall()
    return [row[0] for row in rows]


def rebuilds(city: City, plugins: Plugins) -> dict[str, Any]:
    """The read model rebuilt from scratch: from the shared log and from the logs per schema
    into the PostgreSQL table, and from the shared log into memory."""
    figures: dict[str, Any] = {}
    totals = {}
    per_schema = [city.own(pid, pool_size=1) for pid in city.ids]
    with PostgresCity(city.url("model")) as model:
        sources = {"table_from_shared": [city.shared], "table_from_schemas": per_schema}
        for name, urls in sources.items():
            report = catch_up_urls(model, urls, plugins=plugins, rebuild=True)
            figures[name] = {"records": report.records, "seconds": report.seconds}
            totals[name] = model.totals()
            say(f"  {name}: {report.records:,} records in {report.seconds:.1f} s")
    memory = MemoryCity()
    report = catch_up_urls(memory, [city.shared], plugins=plugins)
    figures["memory_from_shared"] = {"records": report.records, "seconds": report.seconds}
    totals["memory_from_shared"] = memory.totals()
    say(f"  memory_from_shared: {report.records:,} records in {report.seconds:.1f} s")
    first = totals["table_from_shared"]
    for name, each in totals.items():
        assert (each.schools_reached, each.owed) == (first.schools_reached, first.owed), name
    figures["schools_reached"] = first.schools_reached
    figures["owed_pence"] = first.owed.pence
    return figures


def median_of(rounds: list[dict[str, float]], key: str) -> float:
    return statistics.median(each[key] for each in rounds)


def rebuild_rates(rebuild: dict[str, Any]) -> dict[str, float]:
    """Records read per second of each rebuild."""
    return {k: v["records"] / v["seconds"] for k, v in rebuild.items() if isinstance(v, dict)}


def summary(result: dict[str, Any]) -> dict[str, float]:
    """The ratios: per schema over shared, and a read on the large log over the small one."""
    reads = result["reads"]["ms_per_read"]
    rate = rebuild_rates(result["rebuild"])
    ratios = {}
    for kind in ("commands", "appends"):
        for suffix in ("", QUIET):
            if f"shared{suffix}" not in result[kind]:
                continue
            shared, per = result[kind][f"shared{suffix}"], result[kind][f"per_schema{suffix}"]
            for figure in ("per_s", "p50_ms", "p99_ms"):
                ratios[f"{kind}_{figure}_per_schema{suffix}_over_shared{suffix}"] = median_of(
                    per, figure
                ) / median_of(shared, figure)
    floor = median_of(result["floor"]["shared"], "per_s")
    floor_alone = median_of(result["floor"]["shared_alone"], "per_s")
    ratios["floor_per_s_all_writers_over_one"] = floor / floor_alone
    notify = median_of(result["floor_notify"]["shared"], "per_s")
    notify_alone = median_of(result["floor_notify"]["shared_alone"], "per_s")
    ratios["floor_notify_per_s_all_writers_over_one"] = notify / notify_alone
    ratios["floor_notify_per_s_over_floor"] = notify / floor
    for kind in ("commands", "appends"):
        measured = [layout for layout in result[kind] if not layout.endswith("_alone")]
        for layout in measured:
            writes = median_of(result[kind][layout], "per_s")
            ratios[f"{kind}_per_s_{layout}_over_floor"] = writes / floor
            alone = median_of(result[kind][f"{layout}_alone"], "per_s")
            ratios[f"{kind}_per_s_{layout}_all_writers_over_one"] = writes / alone
            if layout + QUIET in measured:
                quiet = median_of(result[kind][layout + QUIET], "per_s")
                ratios[f"{kind}_per_s_{layout}{QUIET}_over_{layout}"] = quiet / writes
    ratios |= {
        "read_one_at_all_over_at_ten": statistics.median(reads["large"])
        / statistics.median(reads["small"]),
        "read_one_at_all_over_alone": statistics.median(reads["large"])
        / statistics.median(reads["own"]),
        "rebuild_table_over_memory": rate["table_from_shared"] / rate["memory_from_shared"],
    }
    return {key: round(value, 3) for key, value in ratios.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--events", type=int, default=1000, help="events per partnership")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--per-writer", type=int, default=2, help="partnerships per writer")
    parser.add_argument("--commands", type=int, default=300, help="commands per writer per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reads", type=int, default=50, help="reads per round")
    parser.add_argument(
        "--notify",
        choices=sorted(NOTIFY_LAYOUTS),
        default="on",
        help="writers' logs send NOTIFY (on), not (off: ?notify=off), or both, interleaved",
    )
    parser.add_argument("--dsn", default=os.environ.get("HOM_POSTGRES_DSN") or DEFAULT_DSN)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.partnerships < max(10, args.writers * args.per_writer):
        parser.error("--partnerships must be 10 or more, and at least --writers x --per-writer")
    city = City(args.dsn, f"city_{os.getpid()}", args.partnerships)
    plugins = Plugins()
    result: dict[str, Any] = {"options": {k: v for k, v in vars(args).items() if k != "json"}}
    try:
        say(f"building {args.partnerships} partnerships of about {args.events} events, twice")
        started = time.perf_counter()
        result["build_seconds"] = build(city, args.events, plugins, say)
        result["build_seconds"]["total"] = time.perf_counter() - started
        with open_log(city.shared, plugins=plugins, create=False, read_only=True) as shared:
            result["events"] = shared.head()[0]
        say(f"built {result['events']:,} events in {result['build_seconds']['total']:.0f} s")
        for kind in ("commands", "appends"):
            say(f"writers: {kind}")
            result[kind] = writer_rounds(city, kind, args, NOTIFY_LAYOUTS[args.notify])
        create_floor(city)
        for kind in ("floor", "floor_notify"):
            say(f"writers: {kind}")
            result[kind] = writer_rounds(city, kind, args, ("shared",))
        say("reading one partnership")
        result["reads"] = read_rounds(city, plugins, args.rounds, args.reads)
        say("\n".join(f"  {line}" for line in result["reads"]["plan"]))
        say("rebuilding the read model")
        result["rebuild"] = rebuilds(city, plugins)
        result["rebuild_records_per_s"] = rebuild_rates(result["rebuild"])
    finally:
        drop_schemas(city)
    result["ratios"] = summary(result)
    say(json.dumps(result["ratios"], indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
