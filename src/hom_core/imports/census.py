"""January census figures from a spreadsheet (CSV or XLSX) into census submissions (C2).

One row per school, naming it by ``URN`` (matched to the member holding that URN on the census
date) or by ``member_id``, with either ``full_time`` and ``part_time`` pupil counts or the
``FTE`` alone (FTE = full-time + part-time / 2, exact in halves). A row that gives only the FTE
is submitted as that many full-time pupils, and one part-time pupil for a half: the
contribution is the same, and the table says the counts were not given. The census date is the
one the import is given (the spring census is on a Thursday in mid-January).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from hom_core.application import Partnership
from hom_core.domain import Fte, SubmitCensus, Urn
from hom_core.errors import UsageError
from hom_core.imports.plan import Plan, PlannedRow
from hom_core.imports.table import Column, Row, Table, read_count

__all__ = ["COLUMNS", "plan_census", "read_fte"]

COLUMNS = (
    Column("URN", required=False),
    Column("member_id", ("member", "member id"), required=False),
    Column("full_time", ("full time", "full-time", "fulltime pupils"), required=False),
    Column("part_time", ("part time", "part-time", "parttime pupils"), required=False),
    Column("FTE", ("fte pupils", "full time equivalent"), required=False),
)
"""The columns a census sheet may have: a school by URN or member id, and its figures."""


def read_fte(value: Any) -> Fte:
    """An FTE cell (``201.5``, ``"201.5"``, ``201``): a number of halves, not below 0."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    try:
        return Fte.parse(Decimal(str(value).strip().replace(",", "")))
    except InvalidOperation:
        raise ValueError("not a number") from None


def plan_census(
    path: Path,
    partnership: Partnership,
    *,
    census_date: date,
    encoding: str = "utf-8-sig",
    sheet: str | None = None,
) -> Plan:
    """What importing the census sheet at ``path`` for ``census_date`` will record."""
    table = Table(path, COLUMNS, encoding=encoding, sheet=sheet)
    if "URN" not in table.found and "member_id" not in table.found:
        raise table.missing("URN", "member_id")
    if "FTE" not in table.found and not {"full_time", "part_time"} <= set(table.found):
        raise table.missing("FTE", "full_time and part_time")
    members = partnership.state().membership.members.values()
    by_urn = {urn: member.member_id for member in members if (urn := member.urn_on(census_date))}
    known = {member.member_id for member in members}
    rows = [_planned(row, by_urn, known, census_date) for row in table.rows()]
    return Plan(path.name, tuple(rows))


def _member(row: Row, by_urn: dict[Urn, str], known: set[str], day: date) -> str:
    if row.has("member_id"):
        member_id = row.read("member_id", str, "write the member id, such as webster")
        if member_id not in known:
            raise UsageError(
                f"{row.where('member_id')}: no member {member_id!r} in the partnership: check "
                "the id (hom status lists the members)"
            )
        return member_id
    urn = row.read("URN", lambda value: Urn(str(value)), "write the school's 6-digit URN")
    matched = by_urn.get(urn)
    if matched is None:
        raise UsageError(
            f"{row.where('URN')}: no member has the URN {urn} on {day}: check the URN, or "
            "give the member_id"
        )
    return matched


def _planned(row: Row, by_urn: dict[Urn, str], known: set[str], day: date) -> PlannedRow:
    member_id = _member(row, by_urn, known, day)
    if row.has("full_time") or row.has("part_time") or not row.has("FTE"):
        full_time = row.read("full_time", read_count, "write the number of full-time pupils")
        part_time = row.read("part_time", read_count, "write the number of part-time pupils")
        action = (
            f"{Fte.of(full_time, part_time)} FTE ({full_time} full-time, {part_time} part-time)"
        )
    else:
        fte = row.read("FTE", read_fte, "write the FTE as a whole number or a half, such as 201.5")
        full_time, part_time = divmod(fte.halves, 2)
        action = f"{fte} FTE (pupil counts not given)"
    command = SubmitCensus(member_id, day, full_time, part_time)
    return PlannedRow(row.line, member_id, action, (command,), row.text())
