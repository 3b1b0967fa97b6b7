"""The alliance's questions as of a day, from its own stream: what
``partnership.as_of(day).pack("manchester")`` returns. Questions that cross into member
partnerships' streams are in :mod:`hom_plugins.packs.manchester.reach`."""

from __future__ import annotations

import attrs

from hom_core.application import PartnershipView
from hom_core.domain import OrganisationKind
from hom_core.domain.membership.state import Member
from hom_plugins.packs.manchester.rules import ManchesterState
from hom_plugins.packs.manchester.sep import SepView
from hom_plugins.packs.manchester.teaching_school import TeachingSchoolView
from hom_plugins.packs.manchester.think_tank import ThinkTankView

__all__ = ["ManchesterView"]


@attrs.frozen
class ManchesterView:
    """The Manchester Schools' Alliance as of ``partnership.day``."""

    partnership: PartnershipView
    state: ManchesterState

    def members_by_kind(self) -> dict[OrganisationKind, list[Member]]:
        """The members on the day by kind (schools, the college, the council, businesses,
        health partners, universities, member partnerships), kinds in the core's order."""
        members = self.partnership.members()
        grouped = {kind: [m for m in members if m.kind is kind] for kind in OrganisationKind}
        return {kind: found for kind, found in grouped.items() if found}

    def member_partnerships(self) -> list[Member]:
        """The partnerships that are members on the day (their schools are in their own
        streams: :func:`~hom_plugins.packs.manchester.reach.schools_reached`)."""
        return self.members_by_kind().get(OrganisationKind.PARTNERSHIP, [])

    def in_use(self) -> bool:
        """Does the partnership use the pack: has it any of the pack's records, or a member
        partnership? (A partnership with a university member, say, but neither, does not.)"""
        return not self.state.is_empty() or bool(self.member_partnerships())

    @property
    def teaching_school(self) -> TeachingSchoolView:
        """MAN1-MAN7: the teaching school proposal and its groups."""
        return TeachingSchoolView(self.partnership, self.state.proposal)

    @property
    def think_tank(self) -> ThinkTankView:
        """MAN8, MAN9: the think tank's representatives by sector."""
        return ThinkTankView(self.partnership, self.state.think_tank)

    @property
    def sep(self) -> SepView:
        """MAN10, MAN11: the SEP, its council, the Leader and the chair."""
        return SepView(self.partnership, self.state.sep)
