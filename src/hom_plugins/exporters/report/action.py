"""The "Action needed" part of the governors' report: what is overdue or falls due within four
weeks (from the agenda, :mod:`hom_core.application.agenda`) and the contributions still owed for
any year (F1), put before every section so that governors see it first. It says what is to be
done and by whom, in words: the commands that record it are for the clerk (``hom agenda``)."""

from __future__ import annotations

from hom_core.application import PartnershipView
from hom_core.application.agenda import obligations
from hom_core.obligations import WINDOW, Status
from hom_core.report import Block, Paragraph, Section, Table
from hom_plugins.exporters.report.layout import long_date

__all__ = ["TITLE", "action_needed"]

TITLE = "Action needed"

_PAYMENT = "RecordPayment"  # a payment owed is listed with the arrears instead


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def action_needed(view: PartnershipView) -> Section | None:
    """Each obligation overdue, or due by four weeks after the view's day, and each school's
    contributions outstanding, of every year; ``None`` when nothing needs doing."""
    day = view.day
    pressing = []
    for _, obligation in obligations(view):
        status = obligation.status_on(day)
        soon = status is Status.DUE and obligation.due_on <= day + WINDOW
        if obligation.command != _PAYMENT and (status is Status.OVERDUE or soon):
            pressing.append((status, obligation))
    arrears = view.funding.arrears()
    if not pressing and not arrears:
        return None
    overdue = sum(1 for status, _ in pressing if status is Status.OVERDUE)
    blocks: list[Block] = [
        Paragraph(
            f"As of {long_date(day)}: {_plural(overdue, 'obligation is', 'obligations are')} "
            f"overdue and {_plural(len(pressing) - overdue, 'falls', 'fall')} due within four "
            "weeks; "
            + (
                f"{_plural(len(arrears), 'contribution is', 'contributions are')} not paid in full."
                if arrears
                else "every contribution called is paid."
            )
        )
    ]
    if pressing:
        blocks.append(
            Table(
                ("Status", "Due by", "Rule", "What", "Who"),
                [
                    (status.value, long_date(o.due_on), o.rule, o.subject, o.responsible)
                    for status, o in pressing
                ],
                "What needs doing",
            )
        )
    if arrears:
        blocks.append(
            Table(
                ("School", "Financial year", "Called", "Paid", "Outstanding"),
                [
                    (a.name, str(a.financial_year), str(a.called), str(a.paid), str(a.outstanding))
                    for a in arrears
                ],
                "Contributions outstanding, all years (F1)",
            )
        )
    return Section(TITLE, blocks)
