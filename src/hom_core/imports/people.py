"""People (names, contact details, roles) from a CSV or XLSX sheet into the people store.

Columns: ``person_id`` (the opaque id the log knows the person by, such as ``head-of-webster``:
say nothing about the person in it), ``name``, and optionally ``email`` (their contact
details), ``member_id`` and ``role`` (``head``, ``deputy head``, ``chair of governors``,
``EYFS representative``, ``business representative``) with ``from`` (the day they hold it
from; default the day the import is given). A row with a role records who holds it
(``AppointRoleHolder``) in the log; every row puts the person's details in the people store.

The log's commands are decided and recorded first; the people are stored only once they are,
so a refused file stores nobody. A person who was forgotten is refused: their details cannot be
recorded again under the same id.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hom_core.application import Partnership
from hom_core.domain import AppointRoleHolder, PeopleStore, Person, Role
from hom_core.errors import UsageError
from hom_core.imports.plan import Plan, PlannedRow
from hom_core.imports.table import Column, Row, Table, read_date

__all__ = ["COLUMNS", "ROLE_NAMES", "plan_people", "read_role"]

COLUMNS = (
    Column("person_id", ("person", "person id", "id")),
    Column("name"),
    Column("email", ("contact", "e-mail", "email address"), required=False),
    Column("member_id", ("member", "member id", "school"), required=False),
    Column("role", required=False),
    Column("from", ("from date", "from_date", "since"), required=False),
)
"""The columns of a people sheet."""

ROLE_NAMES = {
    "head": Role.HEAD,
    "headteacher": Role.HEAD,
    "head teacher": Role.HEAD,
    "deputy head": Role.DEPUTY_HEAD,
    "deputy headteacher": Role.DEPUTY_HEAD,
    "chair of governors": Role.CHAIR_OF_GOVERNORS,
    "eyfs representative": Role.EYFS_REPRESENTATIVE,
    "business representative": Role.BUSINESS_REPRESENTATIVE,
}
"""The words a sheet may use for each role, besides the role's own value (``deputy_head``)."""


def read_role(value: Any) -> Role:
    """The role a cell names: ``Deputy head``, ``deputy_head``, ``EYFS representative``..."""
    text = " ".join(str(value).replace("_", " ").casefold().split())
    role = ROLE_NAMES.get(text)
    if role is None:
        raise ValueError("not a role")
    return role


def plan_people(
    path: Path,
    partnership: Partnership,
    people: PeopleStore,
    *,
    from_date: date,
    encoding: str = "utf-8-sig",
    sheet: str | None = None,
) -> Plan:
    """What importing the people sheet at ``path`` will record and store."""
    members = partnership.state().membership.members
    rows: list[PlannedRow] = []
    stored: dict[str, Person] = {}
    for row in Table(path, COLUMNS, encoding=encoding, sheet=sheet).rows():
        person = _person(row, people, stored)
        stored[person.person_id] = person
        rows.append(_planned(row, person, members, from_date))
    return Plan(path.name, tuple(rows), tuple(stored.values()))


def _person(row: Row, people: PeopleStore, stored: dict[str, Person]) -> Person:
    person_id = row.read("person_id", str, "write the person's id, such as head-of-webster")
    forgotten = people.forgotten_on(person_id)
    if forgotten is not None:
        raise UsageError(
            f"{row.where('person_id')}: {person_id} was forgotten on {forgotten}: their details "
            "cannot be recorded again under that id; give a new id if they consent"
        )
    name = row.read("name", str, "write the person's name")
    contact = row.read("email", str, "write an email address") if row.has("email") else None
    person = Person(person_id, name, contact)
    if stored.get(person_id, person) != person:
        raise UsageError(
            f"{row.where('person_id')}: {person_id} is on an earlier row with other details: "
            "give each person's details once"
        )
    return person


def _planned(row: Row, person: Person, members: dict[str, Any], from_date: date) -> PlannedRow:
    about = f"{person.name} ({person.person_id})"
    if not row.has("role") and not row.has("member_id"):
        return PlannedRow(row.line, about, "store name and contact", text=row.text())
    role = row.read("role", read_role, f"write one of: {', '.join(ROLE_NAMES)}")
    member_id = row.read("member_id", str, "write the member id of their school")
    if member_id not in members:
        raise UsageError(
            f"{row.where('member_id')}: no member {member_id!r} in the partnership: check the "
            "id (hom status lists the members)"
        )
    day = (
        row.read("from", read_date, "write the day they hold the role from")
        if row.has("from")
        else from_date
    )
    label = role.value.replace("_", " ")
    command = AppointRoleHolder(member_id, role, person.person_id, day)
    return PlannedRow(
        row.line, about, f"store; {label} of {member_id} from {day}", (command,), row.text()
    )
