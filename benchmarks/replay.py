"""Time a full replay of a partnership's stream, per event, as the history grows.

    python benchmarks/replay.py [--lengths 2000 5000 10000 20000] [--rounds 3] [--profile 10000]

For each length it records ``outputs.py``'s synthetic history (60 schools; meetings, censuses,
the call and the payments, reports, a review each year) on ``memory://``, reads the stream's
records into a list, then times ``PROJECTION.fold`` over them (what ``Partnership.as_of``
does once it has the records): best of ``--rounds``, in microseconds per event. The cost of
one event should not grow with the history. ``--profile N`` then prints a cProfile of one
fold of the history of ``N`` events, by evolve function (the family modules' own time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from typing import Any

from hom_core import open_log
from hom_core.application import projection_of
from hom_core.domain import PARTNERSHIP
from hom_core.envelope import RecordedEvent
from measure import FIGURES, Run, compare, stopwatch
from outputs import append_batches, synthetic_history

PROJECTION = projection_of(PARTNERSHIP)
"""The partnership's state as a projection of its stream, as ``Partnership`` folds it."""

DOMAIN = "/hom_core/domain/"
LENGTHS = (2000, 5000, 10000, 20000)


def recorded(length: int) -> list[RecordedEvent[Any]]:
    """The records of a synthetic history of at least ``length`` events, as the log reads them."""
    log = open_log("memory://")
    events, _, _ = synthetic_history(length)
    append_batches(log, "synthetic", events, 500)
    return list(log.read_stream("synthetic"))


def fold_run(records: list[RecordedEvent[Any]]) -> Run:
    """One round: a fold of ``records`` from the initial state, timed."""
    return lambda _: stopwatch(lambda: PROJECTION.fold(records))


def profile(records: list[RecordedEvent[Any]]) -> None:
    """Print the domain's functions by their own time in one fold of ``records``."""
    profiler = cProfile.Profile()
    profiler.runcall(PROJECTION.fold, records)
    stats = pstats.Stats(profiler)
    rows = [
        (own, calls, f"{file.split(DOMAIN)[-1]}:{name}")
        for (file, _, name), (_, calls, own, _, _) in stats.stats.items()  # type: ignore[attr-defined]
        if DOMAIN in file
    ]
    total = sum(own for own, _, _ in rows)
    print(f"\ncProfile of one fold of {len(records):,} events: the domain's own time, by function")
    print(f"{'function':<56}{'calls':>9}{'ms':>10}{'us/event':>10}")
    for own, calls, name in sorted(rows, reverse=True)[:20]:
        print(f"{name:<56}{calls:>9,}{own * 1000:>10.1f}{own * 1e6 / len(records):>10.2f}")
    print(f"{'all domain functions':<56}{'':>9}{total * 1000:>10.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, metavar="N", help="profile the N-event fold")
    args = parser.parse_args(argv)
    histories = {length: recorded(length) for length in sorted({*args.lengths})}
    if args.profile and args.profile not in histories:
        histories[args.profile] = recorded(args.profile)
    FIGURES.update(
        {f"replay.{length}": (f"PROJECTION.fold of {length:,}+ events", "ms") for length in
         args.lengths}
    )  # fmt: skip
    runs = {
        f"replay.{length}": (fold_run(histories[length]), len(histories[length]))
        for length in args.lengths
    }
    figures = compare(args.rounds, runs)
    print(f"\n{'events':>8}{'best ms':>10}{'us/event':>10}")
    for figure in figures:
        best = min(figure.seconds)
        print(f"{figure.count:>8,}{best * 1000:>10.1f}{best * 1e6 / figure.count:>10.2f}")
    if args.profile:
        profile(histories[args.profile])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
