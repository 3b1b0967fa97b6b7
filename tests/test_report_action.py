"""The "Action needed" part of the governors' report (G7): what is overdue or falls due within
four weeks, and the contributions owed for any year (F1), first and styled to stand out."""

from __future__ import annotations

from datetime import date

from export_support import export, export_plugins
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import (
    CallContributions,
    FinancialYear,
    FormPartnership,
    Money,
    RecordPayment,
    SubmitCensus,
)
from hom_core.report import Paragraph, Table
from hom_core.testing.strategies import FORMED_ON, join
from hom_plugins.exporters.report import build_report
from hom_plugins.exporters.report.html import STYLE


def owing() -> Partnership:
    """One school billed £200.00 for 2014-15 and 2015-16, £50.00 paid in all."""
    hom = Partnership(open_log("memory://", plugins=export_plugins()), "hom")
    hom.execute(FormPartnership("Heart of Manchester", FORMED_ON))
    hom.execute(join("claremont", FORMED_ON))
    for year in (FinancialYear(2014), FinancialYear(2015)):
        hom.execute(SubmitCensus("claremont", date(year.start, 1, 15), 100, 0))
        hom.execute(CallContributions(year, year.first_day))
    hom.execute(
        RecordPayment("claremont", FinancialYear(2014), Money.pounds("50.00"), date(2014, 5, 1))
    )
    return hom


def test_f1_the_arrears_of_every_year_are_in_the_action_needed() -> None:
    report = build_report(owing(), date(2015, 6, 1))
    assert report.action is not None
    assert report.action.title == "Action needed"
    tables = [block for block in report.action.blocks if isinstance(block, Table)]
    arrears = next(t for t in tables if t.caption.startswith("Contributions outstanding"))
    assert [row[1:] for row in arrears.rows] == [
        ("2014-15", "£200.00", "£50.00", "£150.00"),
        ("2015-16", "£200.00", "£0.00", "£200.00"),
    ]
    summary = report.action.blocks[0]
    assert isinstance(summary, Paragraph)
    assert "2 contributions are not paid in full" in summary.text


def test_g7_what_is_overdue_comes_first_in_every_format_and_stands_out() -> None:
    hom, day = owing(), date(2015, 6, 1)  # Claremont's governors had no report last term
    report = build_report(hom, day)
    assert report.action is not None
    doing = next(block for block in report.action.blocks if isinstance(block, Table))
    assert {row[0] for row in doing.rows} <= {"overdue", "due"}
    assert ("overdue", "30 April 2015", "G7") in {row[:3] for row in doing.rows}
    markdown = export(hom, "report-md", day).decode()
    assert markdown.index("## Action needed") < markdown.index("## Members and notices")
    assert "**As of 1 June 2015: " in markdown
    html = export(hom, "report-html", day).decode()
    first = html.index("<section")
    assert html[first:].startswith('<section id="section-action-needed" class="action"')
    assert ".action {" in STYLE


def test_nothing_to_do_leaves_the_action_needed_out() -> None:
    hom = Partnership(open_log("memory://", plugins=export_plugins()), "hom")
    hom.execute(FormPartnership("Heart of Manchester", FORMED_ON))
    report = build_report(hom, FORMED_ON)
    assert report.action is None
    assert "Action needed" not in export(hom, "report-md", FORMED_ON).decode()
