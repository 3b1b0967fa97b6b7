"""``hom forget``: erase a person's name and contact details (UK GDPR), keeping the log whole."""

from __future__ import annotations

from datetime import date

import click

from hom_core.cli.options import Session, json_option, pass_session, to_date, url_option
from hom_core.cli.output import print_json
from hom_core.errors import UsageError

__all__ = ["forget"]


@click.command()
@click.argument("person_id", metavar="PERSON")
@click.option("--on", callback=to_date, metavar="DATE", help="The date of erasure (default today).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@url_option
@json_option
@pass_session
def forget(
    session: Session, person_id: str, on: date | None, yes: bool, url: str, as_json: bool
) -> None:
    """Erase a person's name and contact details for good.

    PERSON is the opaque id the log holds, such as person-3f2a...

    The log keeps only the opaque id, so its hash chain still verifies; every view and export
    shows the person as forgotten. Asks first unless --yes is given. Needs a log whose backend
    keeps a people store (sqlite://, postgresql://).
    """
    with session.people(url) as people:
        already = people.forgotten_on(person_id)
        if already is None:
            person = people.get(person_id)
            if person is None:
                raise UsageError(
                    f"no person {person_id!r} in the people store of {url}: check the id"
                )
            if not yes:
                click.confirm(
                    f"Erase the details of {person_id} ({person.name}) for good?",
                    abort=True,
                    err=True,
                )
        # also when forgotten before: finishes an erasure another process's read held up
        people.forget(person_id, on or date.today())
        was_new = already is None
        already = people.forgotten_on(person_id)
    assert already is not None
    if as_json:
        print_json(
            {"person": person_id, "forgotten_on": already.isoformat(), "already": not was_new}
        )
    elif was_new:
        click.echo(f"forgot {person_id} on {already}: the log is untouched and still verifies")
    else:
        click.echo(f"{person_id} was already forgotten on {already}: nothing to do")
