"""How long the ``hom`` command takes to start, against ``python -c 'import hom_core'``.

    python benchmarks/startup.py [--rounds 15] [--before /path/to/other/venv/bin/python]
                                 [--json startup.json]

Each round runs, one after the other (interleaved, so a burst of load on the shared machine hits
every command in the same round): ``python -c 'import hom_core'`` (the floor), ``hom --help``
and ``hom status`` on the Heart of Manchester example's log (recorded once beforehand into a
SQLite file). Every figure is the median of the rounds' wall-clock times of a fresh process.

With ``--before PYTHON`` the same commands also run under another installation of hom (the
``hom`` script beside that interpreter), interleaved with this one's in every round, so that the
ratios before and after a change come from one run.

The targets: ``hom --help`` within 100 ms of the floor, ``hom status`` within 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "heart_of_manchester.py"
TARGETS_MS = {"help": 100.0, "status": 150.0}
"""How far above the floor each command may start."""


def commands(python: str, url: str) -> dict[str, list[str]]:
    """The floor and the commands, run with ``python``'s installation of hom."""
    script = Path(python).with_name("hom")
    hom = [str(script)] if script.exists() else [python, "-m", "hom_core"]
    return {
        "import": [python, "-c", "import hom_core"],
        "help": [*hom, "--help"],
        "status": [*hom, "status", "--url", url, "--partnership", "heart-of-manchester"],
    }


def record_example(python: str, directory: Path) -> str:
    """The URL of a SQLite log holding the Heart of Manchester history."""
    url = f"sqlite:///{directory / 'manchester.sqlite3'}"
    subprocess.run([python, str(EXAMPLE), "--url", url], check=True, capture_output=True)
    return url


def wall_ms(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def measure(pythons: dict[str, str], rounds: int, directory: Path) -> dict[str, Any]:
    """Median milliseconds of every command under every installation, interleaved by round."""
    url = record_example(sys.executable, directory)
    runs = {
        f"{label}.{name}": argv
        for label, python in pythons.items()
        for name, argv in commands(python, url).items()
    }
    env_free = {key: value for key, value in os.environ.items() if not key.startswith("HOM_")}
    os.environ.clear()
    os.environ.update(env_free)
    for argv in runs.values():  # warm the file cache and the bytecode caches once
        wall_ms(argv)
    times: dict[str, list[float]] = {key: [] for key in runs}
    for number in range(rounds):
        for key, argv in runs.items():
            times[key].append(wall_ms(argv))
        print(f"round {number + 1}/{rounds}: " + ", ".join(
            f"{key} {values[-1]:.0f}" for key, values in times.items()), flush=True)  # fmt: skip
    medians = {key: statistics.median(values) for key, values in times.items()}
    ratios: dict[str, float] = {}
    over: dict[str, float] = {}
    for label in pythons:
        floor = medians[f"{label}.import"]
        for name in TARGETS_MS:
            over[f"{label}.{name}"] = medians[f"{label}.{name}"] - floor
            ratios[f"{label}.{name}_vs_import"] = medians[f"{label}.{name}"] / floor
    if "before" in pythons:
        for name in ("import", *TARGETS_MS):
            ratios[f"{name}_after_vs_before"] = medians[f"after.{name}"] / medians[f"before.{name}"]
    targets = [
        {
            "name": f"{name}_over_import_ms",
            "measured": over[f"after.{name}"],
            "threshold": limit,
            "status": "PASS" if over[f"after.{name}"] <= limit else "MISS",
        }
        for name, limit in TARGETS_MS.items()
    ]
    return {
        "rounds": rounds,
        "pythons": pythons,
        "median_ms": medians,
        "over_import_ms": over,
        "ratios": ratios,
        "targets": targets,
        "ms": times,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--before", help="another installation's python, measured alongside")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    pythons = {"after": sys.executable}
    if args.before:
        pythons["before"] = args.before
    with tempfile.TemporaryDirectory(prefix="hom-startup-") as directory:
        result = measure(pythons, args.rounds, Path(directory))
    for key, value in result["median_ms"].items():
        print(f"{key:<20}{value:>8.1f} ms (median)")
    for key, value in result["over_import_ms"].items():
        print(f"{key:<20}{value:>8.1f} ms over import hom_core")
    for key, value in result["ratios"].items():
        print(f"{key:<28}{value:>6.2f}x")
    for target in result["targets"]:
        print(f"{target['status']}  {target['name']} {target['measured']:.0f} <= "
              f"{target['threshold']:.0f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
