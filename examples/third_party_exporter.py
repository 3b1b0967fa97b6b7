"""A third party's exporter: the members on a day as plain text, in about twenty lines.

    python examples/third_party_exporter.py [2016-02-01]

An exporter is a function ``write(partnership, out, day)`` returned in an ``Exporter`` record by
a ``hom_exporters`` hook. A distribution declares its module in the ``hom`` entry-point group
(``[project.entry-points.hom] members-txt = "acme_hom.members"``); this script registers it by
hand instead, then writes the Heart of Manchester members (from ``heart_of_manchester.py``).
"""

from __future__ import annotations

import sys
from datetime import date
from typing import BinaryIO

import hom_core
from hom_core.application import Partnership
from hom_core.domain import Role


def write_members(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """One line per member on ``day``, with its head (or that they were forgotten) and notice."""
    view = partnership.as_of(day)
    leaving = {member.member_id: leaves_on for member, leaves_on in view.under_notice()}
    out.write(f"Members of {view.state.framework.name} on {day}\n".encode())
    for member in view.members():
        head = view.name_of(member.holder_on(Role.HEAD, day))
        notice = f", leaves on {leaving[member.member_id]}" if member.member_id in leaving else ""
        out.write(f"- {member.name} (head: {head}{notice})\n".encode())


@hom_core.hookimpl
def hom_exporters() -> list[hom_core.Exporter]:
    """The plugin's one hook: its exporter."""
    return [hom_core.Exporter("members-txt", "text/plain; charset=utf-8", ".txt", write_members)]


def main(argv: list[str] | None = None, out: BinaryIO | None = None) -> None:
    """Record the Heart of Manchester history in memory and write it with ``members-txt``."""
    from heart_of_manchester import PARTNERSHIP, record

    day = date.fromisoformat((argv or sys.argv[1:] or ["2017-07-20"])[0])
    plugins = hom_core.Plugins()  # the installed plugins: storage backends, the domain...
    plugins.register(sys.modules[__name__], "members-txt")  # ...and this one, by hand
    hom = Partnership(hom_core.open_log("memory://", plugins=plugins), PARTNERSHIP)
    record(hom)
    plugins.exporters()["members-txt"].write(hom, out or sys.stdout.buffer, day)


if __name__ == "__main__":
    main()
