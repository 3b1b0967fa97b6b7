"""Builtin plugin: the governors' report (G7), exporters ``report-md`` and ``report-html``.

Governors receive a report on the partnership at each governors' meeting (G7). The report is
assembled from the sections plugins register through ``hom_report_sections`` (the partnership plugin
registers the builtin ones, :mod:`hom_plugins.exporters.report.sections`; a domain pack adds its
own), as of a day, and written as Markdown or as one self-contained HTML file with inline SVG charts
(membership over time, contributions by school)::

    exporter = log.plugins.exporters()["report-html"]
    with open("report.html", "wb") as out:
        exporter.write(partnership, out, date(2017, 7, 20))

Modules: :mod:`~hom_plugins.exporters.report.build` gathers the sections, :mod:`~.sections` holds
the builtin ones, :mod:`~.markdown` and :mod:`~.html` write the formats, :mod:`~.svg` draws the
charts, :mod:`~.layout` is what the writers share.
"""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from hom_core import Exporter, hookimpl
from hom_core.application import Partnership
from hom_plugins.exporters.report.build import Report, build_report
from hom_plugins.exporters.report.html import render_html
from hom_plugins.exporters.report.markdown import render_markdown

__all__ = [
    "Report",
    "build_report",
    "hom_exporters",
    "render_html",
    "render_markdown",
    "write_html",
    "write_markdown",
]


def write_markdown(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """``report-md``: the governors' report as of ``day`` in Markdown (UTF-8)."""
    out.write(render_markdown(build_report(partnership, day)).encode())


def write_html(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """``report-html``: the governors' report as of ``day`` as one HTML file (UTF-8)."""
    out.write(render_html(build_report(partnership, day)).encode())


@hookimpl
def hom_exporters() -> list[Exporter]:
    """The ``report-md`` and ``report-html`` exporters."""
    return [
        Exporter(
            "report-md",
            "text/markdown; charset=utf-8",
            ".md",
            write_markdown,
            "the governors' report (G7) in Markdown",
        ),
        Exporter(
            "report-html",
            "text/html; charset=utf-8",
            ".html",
            write_html,
            "the governors' report (G7) as one self-contained HTML file with charts",
        ),
    ]
