"""The report's formats (G7): Markdown that shows every value as text (checked with a CommonMark
parser), HTML that escapes every value, carries a strict Content-Security-Policy and needs
nothing outside itself, and accessible SVG charts on round axis ticks."""

from __future__ import annotations

import base64
import hashlib
import itertools
import math
import re
from datetime import date

import pytest
from hypothesis import given, strategies as st

from export_support import COMMONMARK, LAST_DAY, Elements, export, shared_heart_of_manchester
from hom_core.report import BarChart, Paragraph, Section, StepChart, Table
from hom_plugins.exporters.report import Report, render_html, render_markdown
from hom_plugins.exporters.report.html import CONTENT_SECURITY_POLICY, STYLE
from hom_plugins.exporters.report.layout import format_value, numeric_columns
from hom_plugins.exporters.report.markdown import escape
from hom_plugins.exporters.report.svg import bar_chart, nice_ticks, step_chart

texts = st.text(st.characters(exclude_categories=("Cc", "Cs")))
"""Any text a name or a motion could hold (no control characters, no lone surrogates)."""

BLOCK = "\u2588"


def one_section(*blocks: Paragraph | Table | BarChart | StepChart) -> Report:
    return Report("Title", LAST_DAY, (("test", Section("Section", blocks)),))


# -- Markdown ------------------------------------------------------------------------------------


@given(texts)
def test_an_escaped_paragraph_renders_as_exactly_its_text(text: str) -> None:
    html = COMMONMARK.render(escape(text))
    shown = " ".join(text.split())
    if not shown:
        assert html == ""
        return
    parsed = Elements(html)
    assert parsed.tags() == {"p"}
    assert parsed.texts("p") == [shown]


@given(texts, texts)
def test_an_escaped_table_cell_renders_as_exactly_its_text_in_its_own_cell(
    first: str, second: str
) -> None:
    markdown = render_markdown(one_section(Table(("a", "b"), ((first, second),))))
    parsed = Elements(COMMONMARK.render(markdown.split("## Section", 1)[1]))
    assert parsed.tags() == {"table", "thead", "tbody", "tr", "th", "td"}
    assert parsed.texts("td") == [" ".join(cell.split()) for cell in (first, second)]


def test_escape_examples() -> None:
    assert escape("St Philip's CE Primary") == "St Philip's CE Primary"
    assert escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert escape("a | b") == "a \\| b"
    assert escape("# 1. *x*") == "\\# 1. \\*x\\*"
    assert escape("1. first") == "1\\. first"
    assert escape("- item") == "\\- item"
    assert escape("two\nlines\t here") == "two lines here"


def test_a_chart_in_markdown_is_a_table_of_its_values_with_text_bars() -> None:
    chart = BarChart("Contributions", [("Big", 200), ("Small", 50), ("Owed back", -10)], "£")
    lines = render_markdown(one_section(chart)).splitlines()
    table = lines[lines.index("**Contributions**") + 2 :]
    assert table[:2] == ["|  | Amount (£) |  |", "| --- | ---: | --- |"]
    assert table[2:5] == [
        f"| Big | £200.00 | {BLOCK * 20} |",
        f"| Small | £50.00 | {BLOCK * 5} |",
        "| Owed back | -£10.00 |  |",
    ]


# -- HTML ----------------------------------------------------------------------------------------


@given(texts)
def test_every_value_is_escaped_in_html_and_reads_back_exactly(text: str) -> None:
    report = Report(
        text, LAST_DAY, (("test", Section(text, (Paragraph(text), Table((text,), ((text,),))))),)
    )
    parsed = Elements(render_html(report))
    assert parsed.tags() <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "main",
        "section", "h2", "div", "table", "thead", "tbody", "tr", "th", "td", "footer",
    }  # fmt: skip
    for tag in ("title", "h1", "h2", "p", "th", "td"):
        assert text in parsed.texts(tag), tag


def test_the_content_security_policy_allows_only_the_report_s_own_style_sheet() -> None:
    html = export(shared_heart_of_manchester(), "report-html", LAST_DAY).decode()
    parsed = Elements(html)
    policies = [
        attrs["content"]
        for tag, attrs in parsed.elements
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policies == [CONTENT_SECURITY_POLICY]
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    style = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert style == [STYLE]
    digest = base64.b64encode(hashlib.sha256(style[0].encode()).digest()).decode()
    assert directives["style-src"] == f"'sha256-{digest}'"
    assert "@media print" in STYLE


def test_the_html_report_needs_nothing_outside_itself() -> None:
    parsed = Elements(export(shared_heart_of_manchester(), "report-html", LAST_DAY).decode())
    assert "script" not in parsed.tags()
    assert "link" not in parsed.tags()
    for _, attributes in parsed.elements:
        assert not {"src", "href", "style"} & set(attributes), attributes
        assert not any(name.startswith("on") for name in attributes), attributes


def test_number_columns_are_set_flush_right() -> None:
    table = Table(("School", "FTE", "Owed", "URN"), [("A", "201.5", "£1,234.50", "")])
    assert numeric_columns(table) == {1, 2}
    html = render_html(one_section(table))
    assert '<td class="number">£1,234.50</td>' in html
    assert "<td>A</td>" in html


# -- charts --------------------------------------------------------------------------------------


def test_both_charts_of_the_heart_of_manchester_report_are_accessible_svg() -> None:
    parsed = Elements(export(shared_heart_of_manchester(), "report-html", LAST_DAY).decode())
    charts = [attrs for tag, attrs in parsed.elements if tag == "svg"]
    assert len(charts) == 2
    ids = {attrs.get("id") for _, attrs in parsed.elements}
    for chart in charts:
        assert chart["role"] == "img"
        assert chart["aria-labelledby"] is not None
        assert set(chart["aria-labelledby"].split()) <= ids
    assert {"Membership over time", "Contributions by school, 2017-18"} <= set(
        parsed.texts("title")
    )
    assert {"Date", "Members", "Amount (£)"} <= set(parsed.texts("text"))


def test_a_bar_chart_draws_one_bar_per_label_with_its_value_and_escapes_labels() -> None:
    chart = BarChart("<b>Bars</b>", [("<i>A</i>", 300), ("B" * 50, 150)], "£")
    parsed = Elements(bar_chart(chart, "c1"))
    bars = [attrs for tag, attrs in parsed.elements if tag == "rect"]
    widths = [float(bar["width"] or 0) for bar in bars]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert "<i>A</i>" in parsed.texts("text")
    assert "£300.00" in parsed.texts("text")
    assert "B" * 31 + "\u2026" in parsed.texts("text")  # cut, and whole in the tooltip:
    assert f"{'B' * 50}: £150.00" in parsed.texts("title")
    assert parsed.texts("title")[0] == "<b>Bars</b>"


def test_a_step_chart_steps_through_its_points_and_labels_its_years() -> None:
    chart = StepChart("Members", [(date(2013, 7, 10), 8), (date(2016, 9, 1), 6)], "members")
    parsed = Elements(step_chart(chart, "c2"))
    path = next(attrs["d"] for tag, attrs in parsed.elements if tag == "path")
    assert path is not None
    assert path.count("H") == path.count("V") == 1
    assert {"2014", "2015", "2016"} <= set(parsed.texts("text"))
    assert parsed.texts("desc") == ["8 members from 10 July 2013; 6 members from 1 September 2016"]


@pytest.mark.parametrize("chart", [BarChart("Empty", []), StepChart("Empty", [])])
def test_a_chart_without_data_says_so(chart: BarChart | StepChart) -> None:
    svg = bar_chart(chart, "c") if isinstance(chart, BarChart) else step_chart(chart, "c")
    assert "No data" in Elements(svg).texts("text")


amounts = st.integers(-(10**9), 10**9).map(lambda pence: pence / 100)
"""Values as charts hold them: pounds to the penny, or counts."""


@given(amounts, amounts, st.booleans())
def test_axis_ticks_are_round_evenly_spaced_and_cover_the_values(
    low: float, high: float, whole: bool
) -> None:
    ticks = nice_ticks(low, high, whole=whole)
    assert 2 <= len(ticks) <= 8
    assert ticks[0] <= min(low, high)
    assert ticks[-1] >= max(low, high)
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in {1, 2, 5}
    assert not whole or step >= 1


@pytest.mark.parametrize(
    ("value", "unit", "tick", "written"),
    [
        (1234.5, "£", False, "£1,234.50"),
        (-3, "£", False, "-£3.00"),
        (1500, "£", True, "£1,500"),
        (0.5, "£", True, "£0.50"),
        (6, "members", False, "6 members"),
        (6, "members", True, "6"),
        (201.5, "", False, "201.5"),
        (-0.0, "", False, "0"),
    ],
)
def test_chart_values_are_written_with_their_unit(
    value: float, unit: str, tick: bool, written: str
) -> None:
    assert format_value(value, unit, tick=tick) == written
