"""The governors' report as Markdown (CommonMark with GitHub's tables), every value escaped.

A value is always text, never markup: :func:`escape` puts a backslash before every character
Markdown reads as markup inline (emphasis, code, links, raw HTML, entities, table pipes, ``#``)
and before what would open a block at the start of a line (a list, a heading, a quote), and runs
of whitespace become one space so a value cannot end a line, a table row or a paragraph. Charts
are written as tables of their values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from hom_core.report import BarChart, Block, Paragraph, StepChart, Table
from hom_plugins.exporters.report.build import Report
from hom_plugins.exporters.report.layout import (
    format_value,
    long_date,
    numeric_columns,
    value_title,
)

__all__ = ["BAR_WIDTH", "escape", "escape_inline", "render_markdown"]

BAR_WIDTH = 20
"""The most characters a bar of a chart drawn in text takes."""

_BLOCK = "\u2588"

_INLINE = re.compile(r"[\\`*_\[\]<>|~&#]")
_BLOCK_START = re.compile(r"^([+=-])|^([0-9]+)([.)])")


def escape_inline(text: str) -> str:
    """``text`` as Markdown inline content (a table cell) that shows exactly it, with runs of
    whitespace as one space."""
    return _INLINE.sub(lambda found: "\\" + found[0], " ".join(text.split()))


def escape(text: str) -> str:
    """``text`` as a Markdown paragraph or heading that shows exactly it, with runs of
    whitespace as one space: :func:`escape_inline`, and what would open a block escaped too."""
    return _BLOCK_START.sub(
        lambda found: f"\\{found[1]}" if found[1] else f"{found[2]}\\{found[3]}",
        escape_inline(text),
    )


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(escape_inline(cell) for cell in cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> list[str]:
    numbers = numeric_columns(Table(header, rows))
    rule = ("---:" if index in numbers else "---" for index in range(len(header)))
    lines = [f"**{escape(caption)}**", ""] if caption.strip() else []
    return [*lines, _row(header), "| " + " | ".join(rule) + " |", *map(_row, rows)]


def _chart(
    header: Sequence[str], values: Sequence[tuple[str, float]], unit: str, caption: str
) -> list[str]:
    """A chart as a table: each label, its value, and a bar of up to :data:`BAR_WIDTH` blocks
    (none for a value below zero or not a number)."""
    top = max((value for _, value in values if math.isfinite(value)), default=0.0)
    rows = [
        (label, format_value(value, unit), _BLOCK * _bar_length(value, top))
        for label, value in values
    ]
    return _table(header, rows, caption)


def _bar_length(value: float, top: float) -> int:
    return round(BAR_WIDTH * value / top) if top > 0 and math.isfinite(value) and value > 0 else 0


def _block(block: Block) -> list[str]:
    match block:
        case Paragraph(text=text):
            return [escape(text)] if text.strip() else []
        case Table(header=header, rows=rows, caption=caption):
            return _table(header, rows, caption)
        case BarChart(title=title, bars=bars, unit=unit):
            return _chart(("", value_title(unit), ""), bars, unit, title)
        case StepChart(title=title, points=points, unit=unit):
            steps = [(long_date(day), value) for day, value in points]
            return _chart(("From", value_title(unit), ""), steps, unit, title)
    raise TypeError(f"not a report block: {block!r}")


def render_markdown(report: Report) -> str:
    """``report`` as a Markdown document: a heading per section, blocks separated by blank
    lines; what needs doing first, its paragraphs in bold."""
    parts = [f"# {escape(report.title)}", f"As of {escape(long_date(report.day))}."]
    if report.action is not None:  # first, its paragraphs in bold so that it stands out
        parts.append(f"## {escape(report.action.title)}")
        parts += [
            f"**{escape(block.text)}**" if isinstance(block, Paragraph) else "\n".join(lines)
            for block in report.action.blocks
            if (lines := _block(block))
        ]
    if not report.sections:
        parts.append("Nothing has been recorded for this partnership by then.")
    for _, section in report.sections:
        parts.append(f"## {escape(section.title)}")
        parts += ["\n".join(lines) for lines in map(_block, section.blocks) if lines]
    return "\n\n".join(parts) + "\n"
