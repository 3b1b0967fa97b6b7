"""Charts as inline SVG written by hand: no script, no style sheet, nothing fetched.

Each chart is an ``<svg role="img">`` labelled by its ``<title>`` (the chart's title) and its
``<desc>`` (every value in words, for a screen reader), with an axis title, gridlines and tick
labels. Every text is escaped with :func:`html.escape`; colours are presentation attributes, so
the drawing needs nothing from the page's Content-Security-Policy and prints as it shows.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from datetime import date

from hom_core.report import BarChart, StepChart
from hom_plugins.exporters.report.layout import format_value, long_date, value_title

__all__ = ["bar_chart", "nice_ticks", "step_chart"]

WIDTH = 960
"""The width of every chart's drawing, in CSS pixels: the page's width, to which the chart is
scaled (down on a narrow screen or on A4)."""

_CHAR_WIDTH = 8  # a generous width of one character of 14px sans-serif
_LABEL_CHARS = 32  # longer bar labels are cut, with the whole label in the bar's tooltip
_VALUE_COLUMN = 104  # the column right of the bars where their values are written
_ROW = 26
_BAR = 18
_INK, _FILL, _AXIS, _GRID = "#1a1a1a", "#1f4e79", "#595959", "#d0d0d0"


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Evenly spaced round values (steps of 1, 2 or 5 times a power of ten) from at or below
    ``low`` to at or above ``high``, about ``count`` intervals; ``whole`` keeps steps >= 1."""
    low, high = min(low, high), max(low, high)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    if whole:
        step = max(step, 1.0)
    first = math.floor(low / step) * step
    intervals = math.ceil(high / step - first / step - 1e-9)
    return [round(first + i * step, 9) for i in range(max(intervals, 1) + 1)]


def _n(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{_INK}"{extra}>'
        f"{html.escape(text)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
        'stroke-width="1"/>'
    )


def _svg(chart_id: str, title: str, desc: str, height: float, body: Iterable[str]) -> str:
    ident = html.escape(chart_id)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{_n(height)}" '
            f'viewBox="0 0 {WIDTH} {_n(height)}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" font-family="sans-serif" '
            'font-size="14">',
            f'<title id="{ident}-title">{html.escape(title)}</title>',
            f'<desc id="{ident}-desc">{html.escape(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _cut(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "\u2026"


def bar_chart(chart: BarChart, chart_id: str) -> str:
    """One horizontal bar per label, its value written beside it; ``chart_id`` must be unique
    in the page (it names the title and description)."""
    values = [value for _, value in chart.bars if math.isfinite(value)]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]))
    label_chars = min(max((len(label) for label, _ in chart.bars), default=0), _LABEL_CHARS)
    left, right, top = 20 + label_chars * _CHAR_WIDTH, WIDTH - _VALUE_COLUMN, 10
    bottom = top + max(len(chart.bars), 1) * _ROW
    height = bottom + 46

    def x(value: float) -> float:
        return left + (value - ticks[0]) / (ticks[-1] - ticks[0]) * (right - left)

    body = []
    for tick in ticks:
        body.append(_line(x(tick), top, x(tick), bottom, _GRID))
        body.append(
            _text(x(tick), bottom + 16, format_value(tick, chart.unit, tick=True), "middle")
        )
    for index, (label, value) in enumerate(chart.bars):
        y = top + index * _ROW + (_ROW - _BAR) / 2
        shown = format_value(value, chart.unit)
        ends = sorted((x(0.0), x(value) if math.isfinite(value) else x(0.0)))
        body += [
            "<g>",
            f"<title>{html.escape(f'{label}: {shown}')}</title>",
            _text(left - 8, y + 13, _cut(label), "end"),
            f'<rect x="{_n(ends[0])}" y="{_n(y)}" width="{_n(ends[1] - ends[0])}" '
            f'height="{_BAR}" fill="{_FILL}"/>',
            _text(right + 8, y + 13, shown),
            "</g>",
        ]
    if not chart.bars:
        body.append(_text((left + right) / 2, top + 17, "No data", "middle"))
    body.append(_line(x(0.0), top, x(0.0), bottom, _AXIS))
    body.append(_line(left, bottom, right, bottom, _AXIS))
    body.append(_text((left + right) / 2, height - 8, value_title(chart.unit), "middle"))
    desc = "; ".join(f"{label}: {format_value(value, chart.unit)}" for label, value in chart.bars)
    return _svg(chart_id, chart.title, desc or "No data", height, body)


def _year_ticks(first: date, last: date) -> list[date]:
    years = list(range(first.year + 1, last.year + 1))
    every = max(1, math.ceil(len(years) / 8))
    return [date(year, 1, 1) for year in years[::every]]


def step_chart(chart: StepChart, chart_id: str) -> str:
    """A line that steps at each date and holds between them, over a time axis from the first
    date to the last; ``chart_id`` must be unique in the page. A mark shows each change, and
    the axes leave room around the line, so a line that changes at the chart's edge (or never)
    still shows as a line, not as the chart's frame."""
    points = [(day, value) for day, value in chart.points if math.isfinite(value)]
    left, right, top, bottom, height = 64, WIDTH - 24, 14, 224, 272
    values = [value for _, value in points] or [0.0]
    whole = all(value == int(value) for value in values)
    ticks = nice_ticks(min(0.0, *values), max(values), whole=whole)
    if max(values) >= ticks[-1]:  # headroom: the highest value never runs along the top
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    first = points[0][0].toordinal() if points else 0
    span = max(points[-1][0].toordinal() - first, 1) if points else 1
    margin = span * 0.03  # the first and last steps stand clear of the axes

    def x(day: date) -> float:
        return left + (day.toordinal() - first + margin) / (span + 2 * margin) * (right - left)

    def y(value: float) -> float:
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)

    body = []
    for tick in ticks:
        body.append(_line(left, y(tick), right, y(tick), _GRID))
        body.append(_text(left - 8, y(tick) + 4, format_value(tick, chart.unit, tick=True), "end"))
    if points:
        for year in _year_ticks(points[0][0], points[-1][0]):
            body.append(_line(x(year), bottom, x(year), bottom + 5, _AXIS))
            body.append(_text(x(year), bottom + 18, str(year.year), "middle"))
        path = [f"M{_n(x(points[0][0]))} {_n(y(points[0][1]))}"]
        path += [f"H{_n(x(day))} V{_n(y(value))}" for day, value in points[1:]]
        body.append(f'<path d="{" ".join(path)}" fill="none" stroke="{_FILL}" stroke-width="2"/>')
        changes = points[:-1] if len(points) > 1 else points  # the last point is the day asked
        for day, value in changes:
            said = html.escape(f"{format_value(value, chart.unit)} from {long_date(day)}")
            body.append(  # a square mark, drawn as a short thick line
                f'<line x1="{_n(x(day) - 3.5)}" y1="{_n(y(value))}" x2="{_n(x(day) + 3.5)}" '
                f'y2="{_n(y(value))}" stroke="{_FILL}" stroke-width="7">'
                f"<title>{said}</title></line>"
            )
    else:
        body.append(_text((left + right) / 2, (top + bottom) / 2, "No data", "middle"))
    body.append(_line(left, top, left, bottom, _AXIS))
    body.append(_line(left, bottom, right, bottom, _AXIS))
    body.append(_text((left + right) / 2, height - 8, "Date", "middle"))
    middle = (top + bottom) / 2
    body.append(_text(-middle, 16, value_title(chart.unit), "middle", ' transform="rotate(-90)"'))
    desc = "; ".join(
        f"{format_value(value, chart.unit)} from {long_date(day)}" for day, value in points
    )
    return _svg(chart_id, chart.title, desc or "No data", height, body)
