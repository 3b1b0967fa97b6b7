"""Measuring: the run's configuration, figures, interleaved rounds, ratios and targets."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Config:
    events: int
    streams: int
    rounds: int
    appends: int
    commands: int
    long_stream: int
    eventsourcing: bool
    sqlite: bool = True
    postgres: bool = False


# What each figure is: its label in the table and its unit. Keys are "side.measurement", with
# "postgres." in front for the PostgreSQL section. SQLite's batch writes run at NORMAL and its
# single-row writes at FULL; every PostgreSQL commit is durable (synchronous_commit on).
FIGURES: dict[str, tuple[str, str]] = {
    "floor.batch_insert": ("executemany, one transaction (NORMAL)", "rows/s"),
    "hom.batch_append": ("append 100 events per stream (NORMAL)", "events/s"),
    "eventsourcing.batch_save": ("save aggregate with 100 events (NORMAL)", "events/s"),
    "floor.read": ("read all rows + decode (msgspec or C scanner)", "rows/s"),
    "hom.replay": ("replay the whole log into a projection", "events/s"),
    "eventsourcing.replay": ("repository.get of every aggregate", "events/s"),
    "eventsourcing.replay_log": ("read its notification log in order", "events/s"),
    "floor.commit_per_row": ("insert 1 row, commit (FULL)", "rows/s"),
    "floor.command": ("read 100 rows + insert 1, commit (FULL)", "commands/s"),
    "hom.durable_append": ("append 1 event (FULL)", "events/s"),
    "hom.command": ("load 100 + decide + append (FULL)", "commands/s"),
    "hom.command_from_snapshot": ("the same, loading from a snapshot (FULL)", "commands/s"),
    "hom.command_kept": ("the same, the state kept between commands (FULL)", "commands/s"),
    "eventsourcing.command": ("get 100 + command + save (FULL)", "commands/s"),
    "hom.long_load": ("load the long stream, no snapshot", "ms"),
    "hom.long_snapshot": ("load it + save a snapshot", "ms"),
    "hom.long_load_snapshot": ("load it from the snapshot + a 10-event tail", "ms"),
    "postgres.floor.batch_insert": ("binary COPY of 100 rows + commit, per stream", "rows/s"),
    "postgres.hom.batch_append": ("append 100 events per stream", "events/s"),
    "postgres.eventsourcing.batch_save": ("save aggregate with 100 events", "events/s"),
    "postgres.floor.read": ("read all rows + decode (msgspec or C scanner)", "rows/s"),
    "postgres.hom.replay": ("replay the whole log into a projection", "events/s"),
    "postgres.eventsourcing.replay": ("repository.get of every aggregate", "events/s"),
    "postgres.eventsourcing.replay_log": ("read its notification log in order", "events/s"),
    "postgres.floor.commit_per_row": ("insert 1 row (autocommit)", "rows/s"),
    "postgres.floor.command": ("read 100 rows + insert 1 (autocommit)", "commands/s"),
    "postgres.hom.durable_append": ("append 1 event", "events/s"),
    "postgres.hom.command": ("load 100 + decide + append", "commands/s"),
    "postgres.hom.command_from_snapshot": ("the same, loading from a snapshot", "commands/s"),
    "postgres.hom.command_kept": ("the same, the state kept between commands", "commands/s"),
    "postgres.eventsourcing.command": ("get 100 + command + save", "commands/s"),
}


@dataclass
class Figure:
    """One measurement: ``count`` operations per round, each round's seconds, the best value."""

    key: str
    count: int
    seconds: list[float]

    @property
    def side(self) -> str:
        return self.key.rpartition(".")[0]

    @property
    def label(self) -> str:
        return FIGURES[self.key][0]

    @property
    def unit(self) -> str:
        return FIGURES[self.key][1]

    @property
    def value(self) -> float:
        best = min(self.seconds)
        return best * 1000 if self.unit == "ms" else self.count / best

    def as_json(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "count": self.count,
            "seconds": self.seconds,
        }

    def __str__(self) -> str:
        shown = f"{self.value:,.2f}" if self.unit == "ms" else f"{self.value:,.0f}"
        return f"{self.side:<24}{self.label:<46}{shown:>12} {self.unit}"


@dataclass
class Target:
    name: str
    description: str
    measured: float | None
    threshold: float
    higher_is_better: bool = True

    @property
    def status(self) -> str:
        if self.measured is None:
            return "n/a"
        if self.higher_is_better:
            return "PASS" if self.measured >= self.threshold else "MISS"
        return "PASS" if self.measured < self.threshold else "MISS"


Run = Callable[[int], float]
"""One round of a measurement: takes the round number, returns the seconds it timed."""


def compare(rounds: int, runs: dict[str, tuple[Run, int]]) -> list[Figure]:
    """Run every measurement once per round, interleaved, so each side sees the same machine.

    ``runs`` maps a figure key to its round and the operations one round performs.
    """
    seconds: dict[str, list[float]] = {key: [] for key in runs}
    for number in range(rounds):
        for key, (run, count) in runs.items():
            gc.collect()
            seconds[key].append(run(number))
            latest = Figure(key, count, seconds[key][-1:])
            print(f"  round {number + 1}/{rounds}  {latest}", flush=True)
    return [Figure(key, count, seconds[key]) for key, (_, count) in runs.items()]


def command_streams(config: Config, number: int, *, from_end: bool = False) -> list[int]:
    """The schools round ``number`` of a command measurement works on, one command each."""
    count, streams = config.commands, config.streams
    indexes = [(number * count + offset) % streams for offset in range(count)]
    return [streams - 1 - index for index in indexes] if from_end else indexes


def stopwatch(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def compute_ratios(by_key: dict[str, Figure], prefix: str = "") -> dict[str, float | None]:
    """hom's rate over the floor's or the peer's for the same work (higher is better for hom).

    ``prefix`` picks a section: "" for SQLite, "postgres." for PostgreSQL, whose ratios are
    named with "postgres_" in front.
    """

    def ratio(numerator: str, denominator: str) -> float | None:
        numerator, denominator = prefix + numerator, prefix + denominator
        if numerator not in by_key or denominator not in by_key:
            return None
        return by_key[numerator].value / by_key[denominator].value

    ratios = {
        "replay_vs_floor": ratio("hom.replay", "floor.read"),
        "replay_vs_eventsourcing": ratio("hom.replay", "eventsourcing.replay"),
        "replay_vs_eventsourcing_log": ratio("hom.replay", "eventsourcing.replay_log"),
        "append_vs_floor": ratio("hom.batch_append", "floor.batch_insert"),
        "append_vs_eventsourcing": ratio("hom.batch_append", "eventsourcing.batch_save"),
        "command_vs_floor": ratio("hom.command", "floor.commit_per_row"),
        "command_vs_eventsourcing": ratio("hom.command", "eventsourcing.command"),
        "command_from_snapshot_vs_floor": ratio(
            "hom.command_from_snapshot", "floor.commit_per_row"
        ),
        "command_kept_vs_floor": ratio("hom.command_kept", "floor.commit_per_row"),
        "durable_append_vs_floor": ratio("hom.durable_append", "floor.commit_per_row"),
        "command_vs_floor_command": ratio("hom.command", "floor.command"),
        # the floor over the peer: how far any Python writer/reader could be ahead
        "floor_insert_vs_eventsourcing": ratio("floor.batch_insert", "eventsourcing.batch_save"),
        "floor_read_vs_eventsourcing": ratio("floor.read", "eventsourcing.replay"),
        "floor_command_vs_commit_per_row": ratio("floor.command", "floor.commit_per_row"),
    }
    name_prefix = prefix.replace(".", "_")
    return {name_prefix + name: value for name, value in ratios.items()}
