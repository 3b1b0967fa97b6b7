"""The governors' report as one self-contained HTML file: inline CSS, inline SVG charts, no script.

Every value goes through :func:`html.escape`, so a school called ``<script>`` is shown as text.
The page's Content-Security-Policy allows nothing but its own style sheet (by its SHA-256 hash):
no script, no image, font or connection, so even markup that slipped through could neither run
nor fetch anything. The style sheet lays the report out for a screen and for paper (A4, tables
that repeat their headers, charts kept whole on a page).
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
from collections.abc import Callable, Sequence

from hom_core.report import BarChart, Block, Paragraph, StepChart, Table
from hom_plugins.exporters.report.build import Report
from hom_plugins.exporters.report.layout import long_date, numeric_columns
from hom_plugins.exporters.report.svg import bar_chart, step_chart

__all__ = ["CONTENT_SECURITY_POLICY", "STYLE", "render_html"]

STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #1a1a1a; background: #fff; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.25rem 0 .75rem; padding-bottom: .25rem;
  border-bottom: 2px solid #1f4e79; }
.as-of { color: #4a4a4a; margin: 0; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.25rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: 0 0 .35rem; }
th, td { border: 1px solid #c4c4c4; padding: .3rem .55rem; text-align: left;
  vertical-align: top; }
th { background: #e8eef5; }
.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: .75rem 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: .35rem; }
svg { display: block; width: 100%; height: auto; }
footer { margin-top: 3rem; color: #4a4a4a; font-size: .85rem; }
.action { border: 2px solid #a4262c; border-left-width: .6rem; background: #fdf3f4;
  padding: .25rem 1rem .5rem; margin: 1.5rem 0; }
.action h2 { color: #a4262c; border-bottom-color: #a4262c; margin-top: .75rem; }
.action th { background: #f6d7da; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; max-width: none; margin: 0; padding: 0; }
  h2, caption, figcaption { break-after: avoid; }
  .table { overflow: visible; }
  thead { display: table-header-group; }
  tr, figure, p { break-inside: avoid; }
  th { background: #e8eef5; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .action, .action th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""
"""The report's style sheet, the one thing its Content-Security-Policy lets it use."""

_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; form-action 'none'"
)
"""Nothing may load or run but :data:`STYLE`."""

_e = html.escape


def _cells(tag: str, cells: Sequence[str], numbers: frozenset[int], scope: str = "") -> str:
    number = ' class="number"'
    return "".join(
        f"<{tag}{scope}{number if index in numbers else ''}>{_e(cell)}</{tag}>"
        for index, cell in enumerate(cells)
    )


def _table(table: Table) -> str:
    numbers = numeric_columns(table)
    caption = f"<caption>{_e(table.caption)}</caption>" if table.caption else ""
    header = _cells("th", table.header, numbers, ' scope="col"')
    rows = "\n".join(f"<tr>{_cells('td', row, numbers)}</tr>" for row in table.rows)
    return (
        f'<div class="table"><table>{caption}\n<thead><tr>{header}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table></div>"
    )


def _figure(svg: str, title: str) -> str:
    return f'<figure class="chart"><figcaption>{_e(title)}</figcaption>\n{svg}\n</figure>'


def _block(block: Block, chart_id: Callable[[], str]) -> str:
    match block:
        case Paragraph(text=text):
            return f"<p>{_e(text)}</p>"
        case Table():
            return _table(block)
        case BarChart(title=title):
            return _figure(bar_chart(block, chart_id()), title)
        case StepChart(title=title):
            return _figure(step_chart(block, chart_id()), title)
    raise TypeError(f"not a report block: {block!r}")


def render_html(report: Report) -> str:
    """``report`` as a complete HTML document (UTF-8), needing nothing outside itself."""
    numbers = itertools.count(1)

    def chart_id() -> str:
        return f"chart-{next(numbers)}"

    day = _e(long_date(report.day))
    body = []
    named = list(report.sections)
    if report.action is not None:
        named.insert(0, ("action-needed", report.action))
    for name, section in named:
        ident = _e(f"section-{name}")
        kind = ' class="action"' if section is report.action else ""
        body.append(f'<section id="{ident}"{kind} aria-labelledby="{ident}-title">')
        body.append(f'<h2 id="{ident}-title">{_e(section.title)}</h2>')
        body += [_block(block, chart_id) for block in section.blocks]
        body.append("</section>")
    if not report.sections:
        body.append("<p>Nothing has been recorded for this partnership by then.</p>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(report.title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            f'<header><h1>{_e(report.title)}</h1><p class="as-of">As of {day}</p></header>',
            "<main>",
            *body,
            "</main>",
            f"<footer><p>Written by hom from the partnership's log, as of {day}.</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )
