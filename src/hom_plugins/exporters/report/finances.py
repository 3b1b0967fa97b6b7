"""The governors' report's section on finances and the banker school (F1-F6)."""

from __future__ import annotations

from hom_core.application import PartnershipView
from hom_core.domain import FinancialYear, Money
from hom_core.report import BarChart, Block, Paragraph, Table
from hom_plugins.exporters.report.layout import long_date
from hom_plugins.exporters.rows import financial_years

__all__ = ["finances_blocks"]


def _banker_paragraphs(view: PartnershipView) -> list[Block]:
    funding = view.funding
    banker, on = funding.banker(), long_date(view.day)
    if banker is None:
        text = (
            f"No banker school has been appointed; the funds stand at {funding.holding()} on {on}."
        )
    else:
        text = f"{banker.name} is the banker school (F4): it holds {funding.holding()} on {on}."
    blocks: list[Block] = [Paragraph(text)]
    successor = funding.banker_needs_successor()
    if successor is not None:
        blocks.append(Paragraph(f"Action needed: {successor.reason}."))
    return blocks


def _year_ledger(view: PartnershipView, year: FinancialYear) -> list[Block]:
    rows = view.funding.contributions(year)
    return [
        Table(
            ("School", "FTE", "Rate", "Owed", "Paid", "Balance"),
            ((r.name, r.fte, r.rate, r.owed, r.paid, r.balance) for r in rows),
            caption=f"Contributions for the financial year {year} (F1: FTE at the January "
            "census x the rate)",
        ),
        BarChart(
            f"Contributions by school, {year}",
            ((row.name, float(row.owed.to_decimal())) for row in rows),
            "£",
        ),
    ]


def _years_table(view: PartnershipView, years: list[FinancialYear]) -> Table:
    funding, lines = view.funding, []
    for year in years:
        rows = funding.contributions(year)
        owed = sum((row.owed for row in rows), Money.zero())
        paid = sum((row.paid for row in rows), Money.zero())
        lines.append((str(year), len(rows), owed, paid, funding.admin_share(year)))
    return Table(
        ("Financial year", "Schools", "Owed", "Paid", "Banker's share"),
        lines,
        caption="Contributions year by year",
    )


def _years_explained(view: PartnershipView, year: FinancialYear) -> str:
    """Which way of writing a year is which: governors see both in one report."""
    school_year = view.state.framework.calendar.academic_year_of(view.day)
    return (
        f"Financial years are written like {year} ({long_date(year.first_day)} to "
        f"{long_date(year.last_day)}); school years like {school_year}."
    )


def finances_blocks(view: PartnershipView) -> list[Block]:
    """F1-F6: the banker and what it holds, this year's ledger, contributions by school, and
    each year's totals."""
    years = financial_years(view)
    if not years and view.funding.banker() is None:
        return []
    blocks = _banker_paragraphs(view)
    if years:
        blocks.append(Paragraph(_years_explained(view, years[-1])))
        blocks += _year_ledger(view, years[-1])
        blocks.append(_years_table(view, years))
    else:
        blocks.append(Paragraph("No contributions have been called yet."))
    return blocks
