"""The ``hom`` command: ``hom demo``, ``hom verify``, ``hom plugins``.

A user error prints one line that says what to do and exits with status 2; nothing prints a
traceback for a :class:`~hom_core.errors.HomError`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from hom_core import demo
from hom_core.connect import DEFAULT_URL, open_log
from hom_core.errors import HomError
from hom_core.log import EventLog
from hom_core.plugins import Plugins

__all__ = ["main"]

_DEMO_DATES = (date(2013, 9, 1), date(2015, 4, 1), date(2015, 9, 1))
_RATE = Decimal("2.00")


def _demo(args: argparse.Namespace) -> int:
    with open_log(args.url, event_types=demo.EVENT_TYPES) as log:
        result = demo.record_history(log)
        print(
            f"log {args.url}: history at positions {result.first_position}-{result.last_position}"
        )
        for day in _DEMO_DATES:
            _print_state(log, day)
        print(log.verify())
    return 0


def _print_state(log: EventLog, day: date) -> None:
    state = log.load(demo.STREAM, demo.membership(day)).state
    print(f"\nas of {day}: {len(state.members)} members")
    fte = dict(state.fte)
    for school in state.members:
        owed = f"£{fte[school] * _RATE:,.2f}" if school in fte else "no census yet"
        print(f"  {school:<16} contribution at £2/FTE: {owed}")
    for school, leaves_on in state.leaving:
        print(f"  under notice: {school}, leaves {leaves_on}")


def _verify(args: argparse.Namespace) -> int:
    with open_log(args.url, event_types=demo.EVENT_TYPES) as log:
        report = log.verify()
    print(report)
    return 0 if report.ok else 1


def _plugins(_: argparse.Namespace) -> int:
    for info in Plugins().info():
        version = f" {info.version}" if info.version else ""
        hooks = f" [{', '.join(info.hooks)}]" if info.hooks else ""
        print(f"{info.name}{version}: {info.status}{hooks}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hom", description="The record of a partnership of schools, kept as an event log."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    url_help = f"log URL (memory://, sqlite:///file.db); default {DEFAULT_URL}"
    run_demo = commands.add_parser("demo", help="record the built-in history and print its state")
    run_demo.add_argument("--url", default=DEFAULT_URL, help=url_help)
    run_demo.set_defaults(run=_demo)
    verify = commands.add_parser("verify", help="check the log's hash chain")
    verify.add_argument("--url", default=DEFAULT_URL, help=url_help)
    verify.set_defaults(run=_verify)
    plugins = commands.add_parser("plugins", help="list plugins: loaded, disabled, broken")
    plugins.set_defaults(run=_plugins)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hom`` command with ``argv`` (default: the process's arguments)."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except HomError as error:
        print(f"hom: {error}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
