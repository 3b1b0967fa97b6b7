"""The words of the Manchester document: the teaching school's groups, the think tank's sectors,
and what makes a member "outstanding" (MAN2-MAN5, MAN8)."""

from __future__ import annotations

import enum
from datetime import date

from hom_core.domain import OrganisationKind
from hom_core.domain.membership.state import Member

__all__ = ["LEAD_GROUP_LIMIT", "SUPPORTING_KINDS", "Group", "Sector", "is_outstanding"]

LEAD_GROUP_LIMIT = 6
"""MAN2: "a small group of outstanding Manchester schools and one outstanding sixth form college".

The document gives no number; we read "small" as at most six members: five schools and the
college (a larger lead group is refused)."""

SUPPORTING_KINDS = frozenset(
    {
        OrganisationKind.PRIMARY,
        OrganisationKind.SECONDARY,
        OrganisationKind.ALL_THROUGH,
        OrganisationKind.SPECIAL,
    }
)
"""MAN5: "a larger group of very good primary, secondary and special schools" (an all-through
school is primary and secondary; nurseries and colleges are not among the kinds named)."""


class Group(enum.Enum):
    """MAN2-MAN6: the two groups of the teaching school proposal."""

    LEAD = "lead"
    SUPPORTING = "supporting"


class Sector(enum.Enum):
    """MAN8: "representatives from education, business, creative industries and politics"."""

    EDUCATION = "education"
    BUSINESS = "business"
    CREATIVE_INDUSTRIES = "creative_industries"
    POLITICS = "politics"

    @property
    def label(self) -> str:
        """The sector as the document writes it: ``"creative industries"``."""
        return self.value.replace("_", " ")

    @property
    def kinds(self) -> frozenset[OrganisationKind]:
        """The kinds of member a representative of this sector may come from (our reading:
        education from schools, colleges and universities; business and creative industries
        from businesses; politics from the council)."""
        return _SECTOR_KINDS[self]


_EDUCATION = frozenset(
    {
        OrganisationKind.NURSERY,
        OrganisationKind.PRIMARY,
        OrganisationKind.SECONDARY,
        OrganisationKind.ALL_THROUGH,
        OrganisationKind.SPECIAL,
        OrganisationKind.COLLEGE,
        OrganisationKind.UNIVERSITY,
    }
)
_SECTOR_KINDS = {
    Sector.EDUCATION: _EDUCATION,
    Sector.BUSINESS: frozenset({OrganisationKind.BUSINESS}),
    Sector.CREATIVE_INDUSTRIES: frozenset({OrganisationKind.BUSINESS}),
    Sector.POLITICS: frozenset({OrganisationKind.COUNCIL}),
}

_OVERALL = "overall effectiveness"


def is_outstanding(member: Member, day: date) -> bool:
    """MAN3: the member's latest Ofsted outcome by ``day`` (C4) is on the single-word scale and
    grades its overall effectiveness "Outstanding".

    The document dates from the single-word era; a report card (from Nov 2025) has no overall
    grade, so a member whose latest outcome is one is not read as outstanding.
    """
    published = [outcome for outcome in member.ofsted if outcome.published_on <= day]
    if not published:
        return False
    latest = published[-1]
    grades = {area.strip().lower(): grade.strip().lower() for area, grade in latest.grades}
    return latest.scale == "single-word" and grades.get(_OVERALL) == "outstanding"
