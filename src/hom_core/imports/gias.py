"""Members from a GIAS establishment extract (Get Information about Schools).

GIAS publishes its extracts as CSV in Windows-1252. An import reads these columns (others are
ignored): ``URN``, ``EstablishmentName``, ``TypeOfEstablishment (name)``,
``PhaseOfEducation (name)``, ``UKPRN`` (optional) and ``EstablishmentStatus (name)``.

Each row is matched to the partnership's members by URN (C3: any URN a member has had):

- a current member: nothing to do (``already a member``);
- a former member: it signs again (M3, ``rejoin``);
- no member: it joins (M1) with a member id made from its name (``Webster Primary School`` is
  ``webster-primary-school``), signed on the day given, by the partnership's chairperson and,
  for a school, by its head and chair of governors, recorded as the person ids
  ``head-of-<member id>`` and ``chair-of-<member id>`` (give them names with ``hom people add``
  or ``hom import-people``);
- an establishment that is closed or only proposed to open: skipped, saying so.

The organisation kind comes from the type of establishment first (special schools, nursery
schools, sixth form and further education colleges, universities), then from the phase
(nursery, primary, secondary, all-through, 16 plus); a row whose kind cannot be told is refused
with its place.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hom_core.application import Partnership
from hom_core.domain import JoinPartnership, OrganisationKind, Ukprn, Urn
from hom_core.domain.membership.state import Member
from hom_core.errors import UsageError
from hom_core.imports.plan import Plan, PlannedRow
from hom_core.imports.table import Column, Row, Table

__all__ = ["COLUMNS", "ENCODING", "kind_of", "member_id_of", "plan_gias"]

ENCODING = "cp1252"
"""The encoding GIAS publishes its CSV extracts in."""

COLUMNS = (
    Column("URN"),
    Column("EstablishmentName"),
    Column("TypeOfEstablishment (name)"),
    Column("PhaseOfEducation (name)"),
    Column("UKPRN", required=False),
    Column("EstablishmentStatus (name)"),
)
"""The columns of the extract an import reads."""

_BY_TYPE = (
    ("special", OrganisationKind.SPECIAL),
    ("nursery", OrganisationKind.NURSERY),
    ("16-19", OrganisationKind.COLLEGE),
    ("16 to 19", OrganisationKind.COLLEGE),
    ("sixth form", OrganisationKind.COLLEGE),
    ("further education", OrganisationKind.COLLEGE),
    ("higher education", OrganisationKind.UNIVERSITY),
)
_BY_PHASE = {
    "nursery": OrganisationKind.NURSERY,
    "primary": OrganisationKind.PRIMARY,
    "middle deemed primary": OrganisationKind.PRIMARY,
    "secondary": OrganisationKind.SECONDARY,
    "middle deemed secondary": OrganisationKind.SECONDARY,
    "all-through": OrganisationKind.ALL_THROUGH,
    "16 plus": OrganisationKind.COLLEGE,
}
_OPEN = {"open", "open, but proposed to close"}


def kind_of(establishment_type: str, phase: str) -> OrganisationKind | None:
    """The organisation kind of a GIAS type of establishment and phase of education, or
    ``None`` when neither tells it (a pupil referral unit, phase "Not applicable")."""
    kind_text = establishment_type.casefold()
    for words, kind in _BY_TYPE:
        if words in kind_text:
            return kind
    return _BY_PHASE.get(phase.strip().casefold())


def member_id_of(name: str) -> str:
    """A member id made from an establishment's name: lower case words joined by hyphens,
    apostrophes dropped (``St Philip's CE Primary`` is ``st-philips-ce-primary``)."""
    words = re.sub(r"['\u2019]", "", name.casefold())
    return "-".join(re.findall(r"[0-9a-z]+", words))


def plan_gias(
    path: Path,
    partnership: Partnership,
    *,
    signed_on: date,
    partnership_chair: str,
    encoding: str = ENCODING,
) -> Plan:
    """What importing the GIAS extract at ``path`` will record (see the module docstring)."""
    members = partnership.state().membership.members
    by_urn = {urn: member for member in members.values() for _, urn in member.urns}
    taken: dict[str, int] = {}
    rows = []
    for row in Table(path, COLUMNS, encoding=encoding).rows():
        rows.append(_planned(row, by_urn, members, taken, signed_on, partnership_chair))
    return Plan(path.name, tuple(rows))


def _planned(
    row: Row,
    by_urn: dict[Urn, Member],
    members: dict[str, Member],
    taken: dict[str, int],
    signed_on: date,
    chair: str,
) -> PlannedRow:
    urn = row.read("URN", lambda value: Urn(str(value)), "write the school's 6-digit URN")
    name = row.read("EstablishmentName", str, "write the establishment's name")
    about = f"{name} ({urn})"
    if row.has("UKPRN"):
        row.read("UKPRN", lambda value: Ukprn(str(value)), "write an 8-digit UKPRN, or nothing")
    status = row.read(
        "EstablishmentStatus (name)", str, "write the status as GIAS does, such as Open"
    )
    if status.casefold() not in _OPEN:
        return PlannedRow(row.line, about, f"skip: {status.casefold()}", text=row.text())
    establishment_type = row.read(
        "TypeOfEstablishment (name)", str, "write the type as GIAS does, such as Community school"
    )
    phase = row.read("PhaseOfEducation (name)", str, "write the phase, such as Primary")
    kind = kind_of(establishment_type, phase)
    if kind is None:
        raise UsageError(
            f"{row.where('PhaseOfEducation (name)')}: cannot tell what kind of organisation "
            f"{establishment_type!r} with phase {phase!r} is: hom maps the phases nursery, "
            "primary, secondary, all-through and 16 plus, and special, nursery, college and "
            "university types; remove the row, or record the member with hom record "
            "JoinPartnership"
        )
    member = by_urn.get(urn)
    member_id = member.member_id if member is not None else member_id_of(name)
    if member is None and (member_id in members or member_id in taken):
        first = taken.get(member_id)
        where = f"line {first} of this file" if first else "a member of the partnership"
        raise UsageError(
            f"{row.where('EstablishmentName')}: the member id {member_id!r} made from the name "
            f"is already {where}: give the establishment a distinct name"
        )
    taken[member_id] = row.line
    if member is not None and member.is_member_on(signed_on):
        return PlannedRow(row.line, about, f"already a member ({member_id})", text=row.text())
    school = kind.is_school
    join = JoinPartnership(
        member_id,
        name,
        kind,
        head=f"head-of-{member_id}" if school else None,
        chair_of_governors=f"chair-of-{member_id}" if school else None,
        partnership_chair=chair,
        signed_on=signed_on,
        urn=urn,
    )
    action = "rejoin" if member is not None else f"join as {kind.value.replace('_', ' ')}"
    return PlannedRow(row.line, about, f"{action} ({member_id})", (join,), row.text())
