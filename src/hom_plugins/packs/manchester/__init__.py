"""The Manchester Schools' Alliance and Strategic Education Partnership: a domain pack, written
against hom's hooks only, as a third party would.

From the city council's announcement of the alliance (the rulebook's Manchester page,
``docs/rulebook/manchester.md``, states each rule in our words).

The alliance is a partnership (``Partnership(log, "manchester-schools-alliance")``) whose members
are of many kinds, joined with the core's :class:`~hom_core.domain.JoinPartnership`: "members will
include representatives from schools, the council, businesses, industry, health partners, and
higher and further education" (``OrganisationKind`` PRIMARY, SECONDARY, SPECIAL, COLLEGE for the
sixth form college, COUNCIL, BUSINESS for business and industry, HEALTH, UNIVERSITY). The core
already limits the school-only rules to schools: only schools submit a census and contribute
(F1, C2), vote (G6), chair the strategic group (G2), hold the funds (F4) and report to governors
(G7). The pack adds what the core lacks: the teaching school proposal, the think tank, the SEP
and who leads the council, and questions that cross into member partnerships' streams
(:mod:`~hom_plugins.packs.manchester.reach`).

Rules MAN1-MAN12, cited by :class:`~hom_core.errors.RuleViolation` and the tests and stated,
with the sentence each comes from and what we chose where the document is vague, in the rulebook
(``docs/rulebook/manchester.md``): one teaching school proposed (MAN1), led by a small group
(MAN2, :data:`LEAD_GROUP_LIMIT`) of outstanding members (MAN3), schools and one sixth form
college (MAN4), supported by a larger group of schools (MAN5), each member in one group (MAN6),
submitted once with a request for funding (MAN7); a think tank of representatives by sector
(MAN8), one seat per sector (MAN9); the SEP led by the council (MAN10) and chaired by the Leader of
the Council (MAN11); and every school reached, directly or through member partnerships (MAN12,
:func:`schools_reached`).

Register the module as a plugin (entry point
``manchester = "hom_plugins.packs.manchester"``), then ask
``Partnership.as_of(day).pack("manchester")`` (a :class:`ManchesterView`).
"""

from __future__ import annotations

from hom_core import DomainPack, hookimpl
from hom_plugins.packs.manchester.proposal import ProposalInputs
from hom_plugins.packs.manchester.reach import (
    Reach,
    member_partnership,
    partnerships_without_record,
    reached_by_kind,
    schools_also_direct,
    schools_reached,
)
from hom_plugins.packs.manchester.report import SECTIONS
from hom_plugins.packs.manchester.rules import MANCHESTER, NAME, ManchesterState
from hom_plugins.packs.manchester.sep import (
    AppointSepChair,
    EstablishSep,
    RecordCouncilLeader,
    SepInputs,
    SepView,
)
from hom_plugins.packs.manchester.teaching_school import (
    LeaveProposalGroup,
    PlaceInProposal,
    ProposeTeachingSchool,
    SubmitTeachingSchoolProposal,
    TeachingSchoolView,
)
from hom_plugins.packs.manchester.think_tank import (
    AppointRepresentative,
    Representative,
    StandDownRepresentative,
    ThinkTankInputs,
    ThinkTankView,
)
from hom_plugins.packs.manchester.view import ManchesterView
from hom_plugins.packs.manchester.vocabulary import LEAD_GROUP_LIMIT, Group, Sector, is_outstanding

__all__ = [
    "LEAD_GROUP_LIMIT",
    "MANCHESTER",
    "NAME",
    "PACK",
    "AppointRepresentative",
    "AppointSepChair",
    "EstablishSep",
    "Group",
    "LeaveProposalGroup",
    "ManchesterState",
    "ManchesterView",
    "PlaceInProposal",
    "ProposalInputs",
    "ProposeTeachingSchool",
    "Reach",
    "RecordCouncilLeader",
    "Representative",
    "Sector",
    "SepInputs",
    "SepView",
    "StandDownRepresentative",
    "SubmitTeachingSchoolProposal",
    "TeachingSchoolView",
    "ThinkTankInputs",
    "ThinkTankView",
    "hom_domain_packs",
    "is_outstanding",
    "member_partnership",
    "partnerships_without_record",
    "reached_by_kind",
    "schools_also_direct",
    "schools_reached",
]

PACK = DomainPack(
    MANCHESTER,
    view=ManchesterView,
    sections=SECTIONS,
    description="Manchester Schools' Alliance: teaching school proposal, think tank, SEP",
)
"""The pack: its rules, questions and report sections on the alliance's stream."""


@hookimpl
def hom_domain_packs() -> list[DomainPack]:
    """The Manchester pack (its ``manchester.*`` events and report sections with it)."""
    return [PACK]
