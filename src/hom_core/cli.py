"""The ``hom`` command: ``hom verify``, ``hom plugins``.

A user error prints one line that says what to do and exits with status 2; nothing prints a
traceback for a :class:`~hom_core.errors.HomError`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hom_core.connect import DEFAULT_URL, open_log
from hom_core.errors import HomError
from hom_core.plugins import Plugins

__all__ = ["main"]


def _verify(args: argparse.Namespace) -> int:
    with open_log(args.url) as log:
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
    url_help = (
        "log URL (sqlite:///file.db, jsonl:///file.jsonl, postgresql://user@host/db); "
        f"default {DEFAULT_URL}"
    )
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
