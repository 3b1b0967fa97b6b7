"""Benchmark the agenda and the reminders against one replay and ``hom status``, as history grows.

    python benchmarks/agenda.py [--lengths 10000 100000] [--rounds 3] [--json agenda.json]

For each length it records ``outputs.py``'s synthetic history (60 schools; meetings, censuses,
the call and the payments, reports, a review each year) on ``memory://`` with the installed
domain packs, and times, as of the history's last day, best of ``--rounds`` interleaved rounds:

- **replay**: ``partnership.as_of(day)``, the floor every answer pays;
- **status**: the replay and what ``hom status --json`` computes from it (``status_data``);
- **agenda**: the replay and ``agenda(view)`` (what ``hom agenda`` computes);
- **agenda only**: ``agenda(view)`` of a view already made: the agenda's own cost.

Then **a year of reminders**: ``Reminders.run_once`` every day of the last year of the
Heart of Manchester example (2016-09-01 to 2017-08-31, a restart on the first of each month),
and every ``--reminder-step`` days of the synthetic history's last year, with the keys kept.

The ratios (lower is better) say what the agenda adds to a replay, how it compares to
``hom status``, and whether its own cost grows with the history faster than the replay's.
``--json FILE`` writes every timing and the ratios.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hom_core import Notifier, open_log
from hom_core.application import Partnership
from hom_core.application.agenda import agenda
from hom_core.cli.status import status_data
from hom_core.delivery import Reminder, Reminders
from measure import FIGURES, Figure, Run, compare, stopwatch
from outputs import EXAMPLES, append_batches, synthetic_history

LENGTHS = (10_000, 100_000)
YEAR = 365


def synthetic(length: int) -> tuple[Partnership, date]:
    """The synthetic history of at least ``length`` events, in memory, and its last day."""
    events, _, last_day = synthetic_history(length)
    partnership = Partnership(open_log("memory://"), "synthetic")
    append_batches(partnership.log, partnership.stream_id, events, 500)
    return partnership, last_day


def manchester() -> Partnership:
    """The Heart of Manchester example's history, in memory."""
    sys.path.insert(0, str(EXAMPLES))
    import heart_of_manchester as example  # the example's own history, recorded as it records it

    partnership = Partnership(open_log("memory://"), example.PARTNERSHIP)
    example.record(partnership)
    return partnership


def agenda_runs(partnership: Partnership, day: date, name: str) -> dict[str, tuple[Run, int]]:
    """One round of each: replay, status, agenda, and the agenda of a view already made."""
    converter = partnership.log.codec.converter
    view = partnership.as_of(day)

    def timed(action: Callable[[], object]) -> Run:
        return lambda _: stopwatch(action)

    return {
        f"{name}.replay": (timed(lambda: partnership.as_of(day)), 1),
        f"{name}.status": (timed(lambda: status_data(partnership.as_of(day), converter)), 1),
        f"{name}.agenda": (timed(lambda: agenda(partnership.as_of(day))), 1),
        f"{name}.agenda_only": (timed(lambda: agenda(view)), 1),
    }


def a_year_of_reminders(partnership: Partnership, last: date, step: int) -> dict[str, Any]:
    """``run_once`` every ``step`` days of the year to ``last``, a new worker (a restart) on
    each first of a month: seconds in all and per run, reminders sent, keys kept at most."""
    sent: list[str] = []

    def remind(reminder: Reminder) -> None:
        sent.append(reminder.key)

    notifier = Notifier("inbox", lambda _: None, remind=remind)
    day = [last - timedelta(days=YEAR - 1)]
    worker = Reminders(partnership.log, [notifier], clock=lambda: day[0])
    runs, kept, month = 0, 0, day[0].month

    def year() -> None:
        nonlocal worker, runs, kept, month
        while day[0] <= last:
            if day[0].month != month:
                worker, month = (
                    Reminders(partnership.log, [notifier], clock=lambda: day[0]),
                    day[0].month,
                )
            worker.run_once()
            runs += 1
            kept = max(kept, len(worker.reminded("inbox")))
            day[0] += timedelta(days=step)

    seconds = stopwatch(year)
    assert len(sent) == len(set(sent)), "a reminder was sent twice"
    return {
        "runs": runs,
        "seconds": seconds,
        "ms_per_run": seconds * 1000 / runs,
        "sent": len(sent),
        "most_keys_kept": kept,
    }


def ratios(
    by_key: dict[str, Figure], lengths: list[int], reminders: dict[str, Any]
) -> dict[str, float]:
    """The agenda over the replay and over ``hom status`` for each length, how much the
    agenda's own cost grew against the replay's from the shortest history to the longest, and
    a reminders run over a replay."""
    result: dict[str, float] = {}
    for length in lengths:
        name = f"synthetic-{length}"
        replay = by_key[f"{name}.replay"].value
        result[f"{name} agenda / replay"] = by_key[f"{name}.agenda"].value / replay
        result[f"{name} agenda / status"] = (
            by_key[f"{name}.agenda"].value / by_key[f"{name}.status"].value
        )
        result[f"{name} agenda only / replay"] = by_key[f"{name}.agenda_only"].value / replay
    first, last = f"synthetic-{min(lengths)}", f"synthetic-{max(lengths)}"
    if first != last:
        own = by_key[f"{last}.agenda_only"].value / by_key[f"{first}.agenda_only"].value
        replay = by_key[f"{last}.replay"].value / by_key[f"{first}.replay"].value
        result["agenda only growth / replay growth"] = own / replay
    for name, year in reminders.items():
        result[f"{name} reminders run / replay"] = (
            year["ms_per_run"] / by_key[f"{name}.replay"].value
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is reported")
    parser.add_argument(
        "--reminder-step", type=int, default=7, help="days between runs on the longest history"
    )
    parser.add_argument("--json", type=Path, help="write the timings and the ratios here")
    args = parser.parse_args(argv)
    lengths = sorted(set(args.lengths))
    partnerships = {f"synthetic-{length}": synthetic(length) for length in lengths}
    example = manchester()
    partnerships["manchester"] = (example, date(2017, 8, 31))
    runs: dict[str, tuple[Run, int]] = {}
    for name, (partnership, day) in partnerships.items():
        FIGURES.update({
            f"{name}.replay": ("one replay: partnership.as_of(day)", "ms"),
            f"{name}.status": ("replay + status_data (hom status)", "ms"),
            f"{name}.agenda": ("replay + agenda (hom agenda)", "ms"),
            f"{name}.agenda_only": ("agenda of a view already made", "ms"),
        })  # fmt: skip
        runs |= agenda_runs(partnership, day, name)
    figures = compare(args.rounds, runs)
    by_key = {figure.key: figure for figure in figures}
    longest = f"synthetic-{lengths[-1]}"
    reminders = {
        "manchester": a_year_of_reminders(example, date(2017, 8, 31), 1),
        longest: a_year_of_reminders(*partnerships[longest], args.reminder_step),
    }
    events = {name: partnership.log.head()[0] for name, (partnership, _) in partnerships.items()}
    result = {
        "events": events,
        "rounds": args.rounds,
        "figures": {figure.key: figure.as_json() for figure in figures},
        "reminders": reminders,
        "ratios": ratios(by_key, lengths, reminders),
    }
    print(f"\nthe agenda, best of {args.rounds} interleaved round(s), ms")
    print(f"{'history':<24}{'measurement':<46}{'best':>12}")
    for figure in figures:
        print(figure)
    print("\na year of reminders")
    for name, year in reminders.items():
        print(f"  {name:<22}{year['runs']:>4} runs {year['ms_per_run']:>9.1f} ms/run "
              f"{year['sent']:>5} sent, at most {year['most_keys_kept']} keys kept")  # fmt: skip
    print("\nratios")
    for name, value in result["ratios"].items():
        print(f"  {name:<58}{value:>8.2f}x")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
