"""``hom agenda``: what falls due, as of a date: overdue, due, within a horizon, lately done."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import click

from hom_core.application.agenda import HORIZON, AgendaItem, agenda as agenda_of
from hom_core.cli.options import (
    Session,
    answer_day,
    as_of_option,
    json_option,
    partnership_option,
    pass_session,
    url_option,
)
from hom_core.cli.output import print_json, table

__all__ = ["agenda", "agenda_rows", "to_horizon"]

_HORIZON = re.compile(r"(\d{1,3})([dw])")


def to_horizon(_: click.Context, parameter: click.Parameter, value: str) -> timedelta:
    """``--horizon``: a number of days (``30d``) or weeks (``8w``), up to 999."""
    found = _HORIZON.fullmatch(value.strip())
    if found is None:
        raise click.BadParameter(
            f"{value!r} is not a horizon: give days or weeks, such as 30d or 8w", param=parameter
        )
    count = int(found[1])
    return timedelta(days=count) if found[2] == "d" else timedelta(weeks=count)


def agenda_rows(items: list[AgendaItem]) -> list[dict[str, Any]]:
    """The agenda as JSON-able rows, in its order (dates as ``YYYY-MM-DD``)."""
    return [
        {
            "status": item.status.value,
            "due_on": item.obligation.due_on.isoformat(),
            "rule": item.obligation.rule,
            "subject": item.obligation.subject,
            "responsible": item.obligation.responsible,
            "command": item.obligation.command,
            "source": item.source,
            "opens_on": item.obligation.opens_on.isoformat(),
            "done_on": None
            if item.obligation.done_on is None
            else item.obligation.done_on.isoformat(),
            "key": item.obligation.key,
        }
        for item in items
    ]


@click.command()
@url_option
@partnership_option()
@as_of_option
@click.option(
    "--horizon",
    default=f"{HORIZON.days // 7}w",
    show_default=True,
    callback=to_horizon,
    metavar="SPAN",
    help="How far ahead to look: days or weeks, such as 30d or 8w.",
)
@json_option
@pass_session
def agenda(
    session: Session,
    url: str,
    partnership_id: str,
    as_of: date | None,
    horizon: timedelta,
    as_json: bool,
) -> None:
    """What falls due, as of a date, by the partnership's rules and its packs.

    Each obligation (the rule it comes from, who is responsible, the command that discharges
    it) that is overdue or due, or falls due within --horizon, and those done in the last four
    weeks, by due date. Only events effective on or before --as-of count (default today).
    """
    with session.log(url, read_only=True) as log, session.people(url, required=False) as people:
        partnership = session.formed(log, partnership_id, people)
        day = answer_day(partnership, as_of)
        rows = agenda_rows(agenda_of(partnership.as_of(day), horizon))
    if as_json:
        print_json({"partnership": partnership_id, "as_of": day.isoformat(), "items": rows})
        return
    shown = [
        {key: row[key] for key in ("status", "due_on", "rule", "subject", "responsible", "command")}
        for row in rows
    ]
    click.echo(table(f"agenda of {partnership_id} as of {day}", shown, "nothing falls due"))
