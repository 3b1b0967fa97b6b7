"""The governors' report's section on the record (R1): what was corrected since the last report.

Governors read a report at each of their meetings (G7); a fact corrected since the last one may
change what they were told then. The section lists the corrections made since the latest report
to any member school's governors before the report's day (all of them when none was reported),
each with the fact it put right, why and by whom; a record never corrected has no such section.
"""

from __future__ import annotations

from datetime import date

from hom_core.application import PartnershipView
from hom_core.report import Block, Paragraph, Table
from hom_plugins.exporters.report.layout import long_date
from hom_plugins.exporters.rows import correction_rows

__all__ = ["corrections_blocks", "last_report_before"]


def last_report_before(view: PartnershipView) -> date | None:
    """G7: the day of the latest report to any member school's governors before the view's day
    (the report before this one), if any."""
    days = [
        report.reported_on
        for report in view.governance.governors_reports()
        if report.reported_on < view.day
    ]
    return max(days, default=None)


def corrections_blocks(view: PartnershipView) -> list[Block]:
    """R1: the facts retracted or corrected since the last report to governors (G7)."""
    if not view.state.corrections.retractions:
        return []
    since = last_report_before(view)
    rows = correction_rows(view, since)
    when = "so far" if since is None else f"since the last report, on {long_date(since)}"
    if not rows:
        return [Paragraph(f"No fact of the record has been corrected {when}.")]
    told = (
        f"Facts of the record corrected {when}: {len(rows)}. The report above already reads the "
        "record as corrected (R1)."
    )
    table = Table(
        ("corrected on", "position", "fact", "dated", "done", "why", "by"),
        (
            (
                long_date(row.corrected_on),
                row.position,
                row.event_type or "(unknown)",
                "" if row.effective_date is None else long_date(row.effective_date),
                "replaced" if row.replaced else "retracted",
                row.reason,
                row.by,
            )
            for row in rows
        ),
        caption="Corrections to the record",
    )
    return [Paragraph(told), table]
