"""``hom status``: members, notices, contributions, arrears and the chair, as of a date."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from cattrs import Converter

from hom_core.application import PartnershipView
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
from hom_core.domain import FinancialYear, Money, Role

__all__ = ["status", "status_data"]


@click.command()
@url_option
@partnership_option()
@as_of_option
@click.option(
    "--financial-year",
    metavar="YEAR",
    help="The contributions of this financial year, such as 2014-15. Default: the one the "
    "date falls in.",
)
@json_option
@pass_session
def status(
    session: Session,
    url: str,
    partnership_id: str,
    as_of: date | None,
    financial_year: str | None,
    as_json: bool,
) -> None:
    """Members, notices, contributions, arrears of every year and the chair, as of a date.

    Only events effective on or before --as-of count (default today), so the answer is what
    the record says of that day. --json prints the same, with money, FTE and dates as strings.
    """
    with session.log(url, read_only=True) as log, session.people(url, required=False) as people:
        partnership = session.formed(log, partnership_id, people)
        view = partnership.as_of(answer_day(partnership, as_of))
        year = FinancialYear.parse(financial_year) if financial_year else None
        data = status_data(view, log.codec.converter, year)
    data = {"partnership": partnership_id, **data}
    if as_json:
        print_json(data)
        return
    _print(data)


def status_data(
    view: PartnershipView, converter: Converter, year: FinancialYear | None = None
) -> dict[str, Any]:
    """The status as JSON-able data (values as the log stores them); ``year`` defaults to the
    financial year the view's day falls in."""
    day, state = view.day, view.state
    if year is None:
        start_month = state.framework.policies_on(day).financial_year_start_month
        year = FinancialYear.of(day, start_month)
    value = converter.unstructure
    members = [
        {
            "member_id": member.member_id,
            "name": member.name,
            "kind": member.kind.value,
            "urn": value(member.urn_on(day)),
            "joined_on": value(member.joined_for(day)),
        }
        for member in view.members()
    ]
    notices = [
        {"member_id": member.member_id, "name": member.name, "leaves_on": value(leaves_on)}
        for member, leaves_on in view.under_notice()
    ]
    funding = view.funding
    banker = funding.banker()
    called = funding.contributions(year)
    contributions = [
        {
            "member_id": row.member_id,
            "census_date": value(row.census_date),
            "fte": value(row.fte),
            "due": value(row.due),
            "adjustments": value(row.adjustments),
            "paid": value(row.paid),
            "balance": value(row.balance),
        }
        for row in called
    ]
    return {
        "name": state.framework.name,
        "as_of": value(day),
        "members": members,
        "notices": notices,
        "contributions": {
            "financial_year": value(year),
            "rate": value(funding.rate_for(year)),
            "banker": None if banker is None else banker.member_id,
            "holding": value(funding.holding()),
            "owed": value(sum((row.owed for row in called), Money.zero())),
            "rows": contributions,
        },
        "arrears": [
            {
                "member_id": owed.member_id,
                "financial_year": value(owed.financial_year),
                "called": value(owed.called),
                "paid": value(owed.paid),
                "outstanding": value(owed.outstanding),
            }
            for owed in funding.arrears()
        ],
        "statements": [
            {
                "financial_year": value(statement.financial_year),
                "called": value(statement.called),
                "received": value(statement.received),
                "admin_share": value(statement.admin_share),
                "spent": value(statement.spent),
                "held": value(statement.held),
            }
            for statement in funding.statements()
        ],
        "chair": _chair(view, converter),
    }


def _chair(view: PartnershipView, converter: Converter) -> dict[str, Any]:
    governance = view.governance
    chair, next_chair = governance.chair(), governance.next_chair()
    held = None
    if chair is not None:
        held = {
            "member_id": chair.member_id,
            "school": chair.school,
            "head": view.name_of(chair.head),
            "from_date": converter.unstructure(chair.from_date),
            "until": converter.unstructure(chair.until),
        }
    due = governance.rotation_due()
    turn = None
    if due and next_chair is not None:  # G2: the head whose turn it is, by the policy
        turn = view.name_of(next_chair.holder_on(Role.HEAD, view.day))
    return {
        "current": held,
        "next": None if next_chair is None else next_chair.member_id,
        "rotation_due": due,
        "turn_of": turn,
    }


def _print(data: dict[str, Any]) -> None:
    click.echo(f"{data['name']} ({data['partnership']}) as of {data['as_of']}")
    click.echo(table("members", data["members"], "none"))
    click.echo(table("under notice", data["notices"], "none"))
    money = data["contributions"]
    banker = money["banker"] or "none appointed"
    title = (
        f"contributions {money['financial_year']} at £{money['rate']} per FTE "
        f"(banker {banker}, holding £{money['holding']})"
    )
    click.echo(table(title, money["rows"], "none called"))
    click.echo(table("arrears, all years", data["arrears"], "none"))
    click.echo(table("the banker's statement by year", data["statements"], "nothing called"))
    chair = data["chair"]
    click.echo(table("chair", [chair["current"]] if chair["current"] else [], "vacant"))
    due = f"; rotation due: the turn of {chair['turn_of']}" if chair["rotation_due"] else ""
    click.echo(f"next chair: {chair['next'] or 'none eligible'}{due}")
