"""A report as data: sections of paragraphs, tables and charts that any format can write out.

The governors' report (G7) is assembled from :class:`~hom_core.registrations.ReportSection`
records that plugins register through the ``hom_report_sections`` hook: the builtin partnership
plugin contributes members, finances, the chair, groups, decisions and reviews; a domain pack adds
its own sections the same way. A section returns plain values (text, numbers, dates) in these
blocks and never markup: the format that writes them (Markdown, HTML, ...) escapes every value,
so a school called ``<script>`` is printed as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from hom_core.errors import PluginError

__all__ = ["BarChart", "Block", "Paragraph", "Section", "StepChart", "Table"]


def _texts(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


def _rows(rows: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(row) for row in rows)


@attrs.frozen
class Paragraph:
    """A paragraph of plain text."""

    text: str


@attrs.frozen
class Table:
    """A table: a header and rows of cells, each converted to text (``str(value)``).

    Every row must have as many cells as the header.
    """

    header: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    caption: str = ""

    def __attrs_post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise PluginError(
                    f"table {self.caption or self.header!r}: row {number} has {len(row)} cells "
                    f"for {len(self.header)} columns; give one cell per column"
                )


def _bars(bars: Iterable[tuple[object, float]]) -> tuple[tuple[str, float], ...]:
    return tuple((str(label), float(value)) for label, value in bars)


def _points(points: Iterable[tuple[date, float]]) -> tuple[tuple[date, float], ...]:
    return tuple(sorted((day, float(value)) for day, value in points))


@attrs.frozen
class BarChart:
    """One bar per label (contributions by school): ``bars`` are ``(label, value)`` pairs."""

    title: str
    bars: tuple[tuple[str, float], ...] = attrs.field(converter=_bars)
    unit: str = ""


@attrs.frozen
class StepChart:
    """A value that changes on dates and holds between them (members over time).

    ``points`` are ``(date, value)`` pairs, kept in date order.
    """

    title: str
    points: tuple[tuple[date, float], ...] = attrs.field(converter=_points)
    unit: str = ""


Block = Paragraph | Table | BarChart | StepChart
"""What a section is made of."""


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(blocks)


@attrs.frozen
class Section:
    """A titled part of a report: its blocks in order."""

    title: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
