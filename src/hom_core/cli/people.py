"""``hom people add / list / show``: the names behind the person ids of a partnership's log.

The log knows people only by opaque ids (``head-of-webster``); their names and contact details
live in the people store beside it, where ``hom forget`` erases them (the only way to remove
one). ``list`` shows everyone the partnership's record names (heads, chairs of governors, the
partnership's chairpersons, role holders) with their name, so a partnership kept from the
terminal can see who is still ``(unknown)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs
import click

from hom_core.cli.options import (
    Session,
    json_option,
    partnership_option,
    pass_session,
    url_option,
)
from hom_core.cli.output import print_json, table
from hom_core.domain import PartnershipState, PeopleStore, Person, new_person_id
from hom_core.errors import UsageError
from hom_core.people import FORGOTTEN, UNKNOWN

__all__ = ["Named", "named_people", "people"]


@attrs.frozen
class Named:
    """A person the record names: who, in what ``role``, at which member, from when."""

    person_id: str
    role: str
    member_id: str
    from_date: date


def named_people(state: PartnershipState) -> Iterator[Named]:
    """Everyone the partnership's record names: the holders of each role at its members (the
    head and chair of governors who signed for a school among them), then each chairperson who
    signed for the partnership (M1), once, with the first member they signed for."""
    chairpersons: dict[str, Named] = {}
    for member in state.membership.members.values():
        for appointment in member.roles:
            role = appointment.role.value.replace("_", " ")
            yield Named(appointment.person, role, member.member_id, appointment.from_date)
        for membership in member.memberships:
            chairpersons.setdefault(
                membership.partnership_chair,
                Named(
                    membership.partnership_chair,
                    "partnership chairperson",
                    member.member_id,
                    membership.joined_on,
                ),
            )
    yield from chairpersons.values()


def _name(people: PeopleStore, person_id: str) -> tuple[str, str]:
    person = people.get(person_id)
    if person is not None:
        return person.name, person.contact or ""
    forgotten = people.forgotten_on(person_id)
    return (FORGOTTEN if forgotten is not None else UNKNOWN), ""


@click.group()
def people() -> None:
    """The people behind the ids of the log: add their names, list and show them.

    Names and contact details live in the people store beside the log (sqlite://,
    postgresql://), never in the log itself; hom forget erases them.
    """


@people.command()
@click.argument("person_id", metavar="PERSON", required=False)
@click.option("--name", required=True, help="The person's name, as reports should show it.")
@click.option("--email", "contact", metavar="ADDRESS", help="How to reach them (email).")
@url_option
@json_option
@pass_session
def add(
    session: Session,
    person_id: str | None,
    name: str,
    contact: str | None,
    url: str,
    as_json: bool,
) -> None:
    """Record (or correct) the name and email of PERSON, the id the log knows them by.

    Without PERSON, a new opaque id is made and printed: use it in commands (head=...).
    """
    person = Person(person_id or new_person_id(), name, contact)
    with session.people(url, create=True) as store:
        store.put(person)
    if as_json:
        print_json(attrs.asdict(person))
    else:
        click.echo(f"{person.person_id}: {person.name}{f' <{contact}>' if contact else ''}")


@people.command("list")
@url_option
@partnership_option()
@json_option
@pass_session
def list_people(session: Session, url: str, partnership_id: str, as_json: bool) -> None:
    """Everyone the partnership's record names, with their role and name."""
    with session.log(url, read_only=True) as log, session.people(url, required=False) as store:
        state = session.formed(log, partnership_id, store).state()
        rows = [
            {
                "person": named.person_id,
                "name": _name(store, named.person_id)[0],
                "role": named.role,
                "member": named.member_id,
                "from": named.from_date.isoformat(),
            }
            for named in named_people(state)
        ]
    if as_json:
        print_json(rows)
    else:
        click.echo(table(f"people named by {partnership_id}", rows, "nobody yet"))


@people.command()
@click.argument("person_id", metavar="PERSON")
@url_option
@partnership_option(required=False)
@json_option
@pass_session
def show(
    session: Session, person_id: str, url: str, partnership_id: str | None, as_json: bool
) -> None:
    """A person's name, contact details and, with --partnership, roles in its record."""
    with session.people(url) as store:
        name, contact = _name(store, person_id)
        forgotten = store.forgotten_on(person_id)
        roles: list[Named] = []
        if partnership_id is not None:
            with session.log(url, read_only=True) as log:
                state = session.formed(log, partnership_id, store).state()
                roles = [named for named in named_people(state) if named.person_id == person_id]
    if name == UNKNOWN and not roles:
        raise UsageError(
            f"no person {person_id!r} in the people store of {url}"
            + (f" nor in {partnership_id}'s record" if partnership_id else "")
            + ": check the id (hom people list shows them)"
        )
    if as_json:
        print_json(
            {
                "person": person_id,
                "name": name,
                "contact": contact or None,
                "forgotten_on": forgotten.isoformat() if forgotten else None,
                "roles": [
                    attrs.asdict(named) | {"from_date": str(named.from_date)} for named in roles
                ],
            }
        )
        return
    click.echo(f"{person_id}: {name}" + (f" <{contact}>" if contact else ""))
    if forgotten is not None:
        click.echo(f"forgotten on {forgotten}: only the id remains")
    for named in roles:
        click.echo(f"  {named.role} at {named.member_id} from {named.from_date}")
