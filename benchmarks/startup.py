"""How long the ``hom`` command takes to start, against ``python -c 'import hom_core'``.

    python benchmarks/startup.py [--rounds 15] [--before /path/to/other/venv/bin/python]
                                 [--before-source /path/to/other/src] [--json startup.json]

Each round runs, one after the other (interleaved, so a burst of load on the shared machine hits
every command in the same round): ``python -c 'import hom_core'`` (the floor), ``hom --help``
and ``hom status`` on the Heart of Manchester example's log (recorded once beforehand into a
SQLite file). Every figure is the median of the rounds' wall-clock times of a fresh process.

With ``--before PYTHON`` the same commands also run under another installation of hom (the
``hom`` script beside that interpreter), interleaved with this one's in every round, so that the
ratios before and after a change come from one run. ``--before-source DIR`` does the same for a
source tree of another version (``git archive main | tar -x -C /tmp/base``, then
``--before-source /tmp/base/src``): this interpreter with ``PYTHONPATH=DIR``, and then both run
``python -m hom_core``, so that the two start the same way.

Bytecode caches are written (``PYTHONDONTWRITEBYTECODE`` is dropped): an installed hom has them,
and without them every run compiles hom's modules again.
Beside the wall-clock medians, the CPU time (user + system) of each run, which a busy machine
disturbs less.

The targets: ``hom --help`` within 100 ms of the floor, ``hom status`` within 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def commands(python: str, url: str, module: bool = False) -> dict[str, list[str]]:
    """The floor and the commands, run with ``python``'s installation of hom (its ``hom``
    script, or ``python -m hom_core`` when there is none or ``module`` is set)."""
    script = Path(python).with_name("hom")
    hom = [str(script)] if script.exists() and not module else [python, "-m", "hom_core"]
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


def run_ms(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall-clock and CPU (user + system) milliseconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def environments(keys: list[str], sources: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each run's environment: no ``HOM_*`` variable, the installation's ``PYTHONPATH``, and
    bytecode caches written (the first run writes them) and read."""
    dropped = ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
    free = {k: v for k, v in os.environ.items() if not k.startswith("HOM_") and k not in dropped}
    return {
        key: {**free, "PYTHONPATH": sources[label]} if (label := key.split(".")[0]) in sources
        else free
        for key in keys
    }  # fmt: skip


def over_floor(medians: dict[str, float], pythons: dict[str, str]) -> dict[str, float]:
    """How far above its installation's ``import hom_core`` each command's median lies."""
    return {
        f"{label}.{name}": medians[f"{label}.{name}"] - medians[f"{label}.import"]
        for label in pythons
        for name in TARGETS_MS
    }


def measure(
    pythons: dict[str, str],
    rounds: int,
    directory: Path,
    sources: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Median milliseconds of every command under every installation, interleaved by round;
    ``sources`` gives an installation's ``PYTHONPATH`` (its commands then run as modules)."""
    sources = sources or {}
    url = record_example(sys.executable, directory)
    runs = {
        f"{label}.{name}": argv
        for label, python in pythons.items()
        for name, argv in commands(python, url, module=bool(sources)).items()
    }
    envs = environments(list(runs), sources)
    for key, argv in runs.items():  # warm the file cache and the bytecode caches once
        run_ms(argv, envs[key])
    times: dict[str, list[float]] = {key: [] for key in runs}
    cpu: dict[str, list[float]] = {key: [] for key in runs}
    for number in range(rounds):
        for key, argv in runs.items():
            wall, used = run_ms(argv, envs[key])
            times[key].append(wall)
            cpu[key].append(used)
        print(f"round {number + 1}/{rounds}: " + ", ".join(
            f"{key} {values[-1]:.0f}" for key, values in times.items()), flush=True)  # fmt: skip
    medians = {key: statistics.median(values) for key, values in times.items()}
    cpu_medians = {key: statistics.median(values) for key, values in cpu.items()}
    over = over_floor(medians, pythons)
    ratios: dict[str, float] = {}
    for label in pythons:
        for name in TARGETS_MS:
            ratios[f"{label}.{name}_vs_import"] = medians[f"{label}.{name}"] / medians[
                f"{label}.import"]  # fmt: skip
    if "before" in pythons:
        for name in ("import", *TARGETS_MS):
            ratios[f"{name}_after_vs_before"] = medians[f"after.{name}"] / medians[f"before.{name}"]
            ratios[f"{name}_after_vs_before_cpu"] = (
                cpu_medians[f"after.{name}"] / cpu_medians[f"before.{name}"]
            )
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
        "sources": sources,
        "median_ms": medians,
        "over_import_ms": over,
        "median_cpu_ms": cpu_medians,
        "over_import_cpu_ms": over_floor(cpu_medians, pythons),
        "ratios": ratios,
        "targets": targets,
        "ms": times,
        "cpu_ms": cpu,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--before", help="another installation's python, measured alongside")
    parser.add_argument(
        "--before-source", help="another version's source tree (its src), measured alongside"
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    pythons = {"after": sys.executable}
    if args.before and args.before_source:
        parser.error("give --before or --before-source, not both")
    if args.before or args.before_source:
        pythons["before"] = args.before or sys.executable
    sources = {"before": args.before_source} if args.before_source else {}
    with tempfile.TemporaryDirectory(prefix="hom-startup-") as directory:
        result = measure(pythons, args.rounds, Path(directory), sources)
    for key, value in result["median_ms"].items():
        print(f"{key:<20}{value:>8.1f} ms (median)")
    for key, value in result["over_import_ms"].items():
        cpu = result["over_import_cpu_ms"][key]
        print(f"{key:<20}{value:>8.1f} ms over import hom_core ({cpu:.1f} ms of CPU)")
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
