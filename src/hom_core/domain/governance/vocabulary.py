"""The terms governance records in: the ids of the strategic group and the agreement's standing
groups (G1, G3, G4), the kinds of group (G1, G5), who chairs one (G3, G4), and a vote (G6)."""

from __future__ import annotations

import enum

from hom_core.domain.membership.vocabulary import Role

STRATEGIC_GROUP = "headteachers"
"""The id of the Headteachers' group, the strategic group (G1): it exists in every partnership
and is never established by a command, so no other group may take this id."""

DEPUTIES_GROUP = "deputies"
"""The id :func:`agreement_standing_groups` gives the Deputy and Assistant Heads Network (G3)."""

EYFS_GROUP = "eyfs"
"""The id :func:`agreement_standing_groups` gives the EYFS Network (G4)."""

BUSINESS_GROUP = "business"
"""The id :func:`agreement_standing_groups` gives the Office/Business Managers Group (G4)."""


class GroupKind(enum.Enum):
    """What kind of group the strategic group established (G1, G5)."""

    STANDING = "standing"
    """A permanent standing group of the agreement; meets each half term."""
    NETWORK = "network"
    """A network per subject or role (Early Years, SEND, Maths...); meets each half term."""
    TASK = "task"
    """A task group for a specific piece of work, for an agreed period (G5)."""

    @property
    def meets_each_half_term(self) -> bool:
        """True for the kinds that usually meet each half term (G1): standing groups, networks."""
        return self is not GroupKind.TASK


class ChairRule(enum.Enum):
    """Who chairs a group's meetings."""

    RECORDED = "recorded"
    """Whoever the meeting records as its chair (or nobody)."""
    DEPUTY_OF_CHAIRS_SCHOOL = "deputy_of_chairs_school"
    """G3: the deputy head of the school whose head chairs the strategic group."""
    HOST_EYFS_REPRESENTATIVE = "host_eyfs_representative"
    """G4: the EYFS representative of the school hosting the meeting."""
    HOST_BUSINESS_REPRESENTATIVE = "host_business_representative"
    """G4: the business representative of the school hosting the meeting."""

    @property
    def host_role(self) -> Role | None:
        """The role at the host school whose holder chairs the meeting (G4), if any."""
        return _HOST_ROLES.get(self)


_HOST_ROLES = {
    ChairRule.HOST_EYFS_REPRESENTATIVE: Role.EYFS_REPRESENTATIVE,
    ChairRule.HOST_BUSINESS_REPRESENTATIVE: Role.BUSINESS_REPRESENTATIVE,
}


class Vote(enum.Enum):
    """One member school's vote on a motion (G6)."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
