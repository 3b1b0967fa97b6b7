"""The small world random partnerships are drawn from: a few schools, a few URNs, five years.

Small pools on purpose: random commands then name the same schools again and again, so they
join, leave, rejoin and collide with each other's records, which is where the rules bite.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from hom_core.domain import JoinPartnership, OrganisationKind, Urn

__all__ = [
    "FORMED_ON",
    "LAST_DAY",
    "MEMBER_IDS",
    "ONE_DAY",
    "STRANGER",
    "days",
    "join",
    "member_ids",
    "urns",
]

ONE_DAY = timedelta(days=1)

FORMED_ON = date(2013, 7, 1)
"""When the partnerships of the strategies are formed (HOM's agreement dates from summer 2013)."""

LAST_DAY = date(2018, 8, 31)
"""The last day the strategies draw."""

MEMBER_IDS = ("st-marys", "rolls-crescent", "st-philips", "birchfields")
"""A few schools, so random histories join, leave and rejoin the same ones."""

STRANGER = "never-joined"
"""A school that never signs the agreement."""


def join(
    member_id: str,
    signed_on: date,
    *,
    urn: Urn | None = None,
    kind: OrganisationKind = OrganisationKind.PRIMARY,
) -> JoinPartnership:
    """M1: the agreement signed by the partnership's chairperson and, for a school, by its head
    and chair of governors (a member that is not a school has neither)."""
    school = kind.is_school
    return JoinPartnership(
        member_id,
        member_id.replace("-", " ").title(),
        kind,
        head=f"head-of-{member_id}" if school else None,
        chair_of_governors=f"chair-of-{member_id}" if school else None,
        partnership_chair="chair-of-partnership",
        signed_on=signed_on,
        urn=urn,
    )


days = st.dates(FORMED_ON, LAST_DAY)
"""Days the partnership has existed on (and a few years of its future)."""

member_ids = st.sampled_from(MEMBER_IDS)
"""One of :data:`MEMBER_IDS`."""

urns = st.sampled_from(["105432", "105433", "140001", "140002"]).map(Urn)
"""A few URNs, so changes to the URN a school already has are drawn too."""
