"""What membership records in: the kinds of member organisation, the roles people hold at a
school, and an Ofsted outcome as published (C4)."""

from __future__ import annotations

import enum
from datetime import date

import attrs

__all__ = ["OfstedOutcome", "OrganisationKind", "Role"]


class OrganisationKind(enum.Enum):
    """What kind of organisation a member is."""

    NURSERY = "nursery"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    ALL_THROUGH = "all_through"
    SPECIAL = "special"
    COLLEGE = "college"
    COUNCIL = "council"
    BUSINESS = "business"
    HEALTH = "health"
    UNIVERSITY = "university"
    PARTNERSHIP = "partnership"
    OTHER = "other"

    @property
    def is_school(self) -> bool:
        """True for the kinds that are schools (and so vote, G6, and contribute, F1)."""
        return self in _SCHOOLS


_SCHOOLS = {
    OrganisationKind.NURSERY,
    OrganisationKind.PRIMARY,
    OrganisationKind.SECONDARY,
    OrganisationKind.ALL_THROUGH,
    OrganisationKind.SPECIAL,
}


class Role(enum.Enum):
    """A person's role at a member school."""

    HEAD = "head"
    DEPUTY_HEAD = "deputy_head"
    CHAIR_OF_GOVERNORS = "chair_of_governors"
    EYFS_REPRESENTATIVE = "eyfs_representative"
    BUSINESS_REPRESENTATIVE = "business_representative"


@attrs.frozen
class OfstedOutcome:
    """C4: an inspection outcome as published, with the scale it was published on.

    ``scale`` names the framework (``"single-word"`` grades until Sep 2024, ``"report-card"``
    from Nov 2025); ``grades`` holds what was published: one grade, or one per area.
    """

    published_on: date
    scale: str
    grades: tuple[tuple[str, str], ...]
