"""Safety of the outputs (issue 5): a school named ``<script>alert(1)</script>`` and a head named
``=HYPERLINK(...)`` are shown as text in the HTML and Markdown reports, and neutralised in every
CSV cell, wherever the partnership's record puts them (members, banker, ledger, chair of a
meeting, the conference theme, the report's title)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from export_support import (
    COMMONMARK,
    HOSTILE_PERSON,
    HOSTILE_SCHOOL,
    HOSTILE_TEXT,
    Elements,
    export,
    hostile_partnership,
)
from hom_core.application import Partnership

DAY = date(2014, 7, 1)

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "main", "section",
    "h2", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
    "svg", "desc", "g", "line", "rect", "path", "text", "footer",
}  # fmt: skip
"""Every tag the HTML report writes itself."""


@pytest.fixture(scope="module")
def hostile() -> Partnership:
    return hostile_partnership()


def test_html_shows_the_names_as_text_and_runs_nothing(hostile: Partnership) -> None:
    html = export(hostile, "report-html", DAY).decode()
    parsed = Elements(html)
    assert parsed.tags() <= ALLOWED_TAGS
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert parsed.texts("h1") == [f"{HOSTILE_SCHOOL}: report to governors"]
    cells = parsed.texts("td")
    assert {HOSTILE_SCHOOL, HOSTILE_PERSON, HOSTILE_TEXT} <= set(cells)
    assert f"{HOSTILE_SCHOOL}: £410.00" in parsed.texts("title")  # a bar's tooltip
    assert HOSTILE_SCHOOL in parsed.texts("text")  # a bar's label


def test_markdown_shows_the_names_as_text_and_renders_no_markup(hostile: Partnership) -> None:
    markdown = export(hostile, "report-md", DAY).decode()
    parsed = Elements(COMMONMARK.render(markdown))
    assert parsed.tags() <= {"h1", "h2", "p", "strong", "table", "thead", "tbody", "tr", "th", "td"}
    assert parsed.texts("h1") == [f"{HOSTILE_SCHOOL}: report to governors"]
    cells = parsed.texts("td")
    assert {HOSTILE_SCHOOL, HOSTILE_PERSON, HOSTILE_TEXT} <= set(cells)
    assert f"Next in the rotation: {HOSTILE_SCHOOL}." in parsed.texts("p")


@pytest.mark.parametrize("exporter", ["members-csv", "contributions-csv"])
def test_every_csv_cell_is_neutralised(hostile: Partnership, exporter: str) -> None:
    rows = list(csv.reader(io.StringIO(export(hostile, exporter, DAY).decode(), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert HOSTILE_SCHOOL in cells  # harmless in a spreadsheet: kept as it is
    if exporter == "members-csv":
        assert cells.count(f"'{HOSTILE_PERSON}") == 2  # the head and the chair of governors
