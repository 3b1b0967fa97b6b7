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
(:mod:`~hom_plugins.manchester.reach`).

Rules (cited by :class:`~hom_core.errors.RuleViolation` and the tests), with the sentence each
comes from and what we chose where the document is vague:

- **MAN1** "One of its early priorities will be to establish a Manchester Teaching School": one
  teaching school is proposed, with a name (:class:`ProposeTeachingSchool`).
- **MAN2** "The proposed Manchester Teaching School will be led by a small group of outstanding
  Manchester schools and one outstanding sixth form college, supported by a larger group of very
  good primary, secondary and special schools." The lead group is *small*: we chose at most
  :data:`LEAD_GROUP_LIMIT` (6) members, five schools and the college.
- **MAN3** (the same sentence) The lead members are *outstanding*: their latest Ofsted outcome
  (C4) grades overall effectiveness "Outstanding" on the single-word scale, when they join the
  group and when the proposal is submitted. "Very good" has no Ofsted grade: not checked.
- **MAN4** (the same sentence) The lead group is schools and *one* sixth form college (a member of
  kind COLLEGE): a second college is refused, and the proposal is submitted with exactly one
  college and at least one school.
- **MAN5** (the same sentence) The supporting group is primary, secondary and special schools
  (and all-through ones); at submission it is *larger* than the lead group.
- **MAN6** (the same sentence: "led by" one group, "supported by" the other) A group member is a
  member of the alliance, in one group only; it leaves one group before joining the other.
  Changes to the groups are recorded in date order. A member that leaves the alliance drops out
  of its group from the day after its leaving date.
- **MAN7** "A proposal to set up the Teaching School, including an application for funding to do
  so will be made to the National College by the new Manchester Schools' Alliance." Submitted
  once, asking for more than £0; the groups are then fixed as submitted.
- **MAN8** "The Alliance will also develop a forward looking 'education think tank' with
  representatives from education, business, creative industries and politics": a
  representative sits for one of those sectors and comes from a member of the alliance of a kind
  that sector draws on (:attr:`Sector.kinds`: education from schools, colleges and
  universities; business and creative industries from businesses; politics from the council).
- **MAN9** (the same sentence) One representative per sector at a time (our reading); a new
  appointment replaces the sitting one from its date; changes in date order; a representative
  may stand down, leaving the seat vacant. A seat whose member has left the alliance shows vacant.
- **MAN10** "Working alongside the Alliance will be a new Strategic Education Partnership (SEP)
  that will be led by the city council": one SEP, led by a council that is a member.
- **MAN11** "It will be chaired by the Leader of the Council": the Leader of a council member is
  recorded (:class:`RecordCouncilLeader`; the core's roles are a school's); the SEP's chair must
  be the Leader of its council on the day of appointment, and the view says when a new Leader
  has not yet been appointed chair (:meth:`SepView.chair_needs_replacing`).
- **MAN12** "The Alliance will create a citywide safety net of guidance, support and leadership for
  all Manchester schools": a partnership can be a member of the alliance (the Heart of Manchester
  Partnership joins it), and :func:`schools_reached` gives every school reached, directly or
  through member partnerships, each once with its routes (matched by URN).

Register the module as a plugin (entry point ``manchester = "hom_plugins.manchester"``), then ask
``Partnership.as_of(day).pack("manchester")`` (a :class:`ManchesterView`).
"""

from __future__ import annotations

from collections.abc import Sequence

from hom_core import DomainPack, EventType, ReportSection, hookimpl
from hom_plugins.manchester.reach import (
    Reach,
    member_partnership,
    partnerships_without_record,
    reached_by_kind,
    schools_also_direct,
    schools_reached,
)
from hom_plugins.manchester.report import SECTIONS
from hom_plugins.manchester.sep import (
    AppointSepChair,
    EstablishSep,
    RecordCouncilLeader,
    SepView,
)
from hom_plugins.manchester.state import DECIDERS, EVENT_TYPES, ManchesterState, evolve
from hom_plugins.manchester.teaching_school import (
    LeaveProposalGroup,
    PlaceInProposal,
    ProposeTeachingSchool,
    SubmitTeachingSchoolProposal,
    TeachingSchoolView,
)
from hom_plugins.manchester.think_tank import (
    AppointRepresentative,
    Representative,
    StandDownRepresentative,
    ThinkTankView,
)
from hom_plugins.manchester.view import NAME, ManchesterView
from hom_plugins.manchester.vocabulary import LEAD_GROUP_LIMIT, Group, Sector, is_outstanding

__all__ = [
    "EVENT_TYPES",
    "LEAD_GROUP_LIMIT",
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
    "ProposeTeachingSchool",
    "Reach",
    "RecordCouncilLeader",
    "Representative",
    "Sector",
    "SepView",
    "StandDownRepresentative",
    "SubmitTeachingSchoolProposal",
    "TeachingSchoolView",
    "ThinkTankView",
    "hom_domain_packs",
    "hom_event_types",
    "hom_report_sections",
    "is_outstanding",
    "member_partnership",
    "partnerships_without_record",
    "reached_by_kind",
    "schools_also_direct",
    "schools_reached",
]

PACK = DomainPack(
    NAME,
    initial=ManchesterState,
    evolve=evolve,
    deciders=DECIDERS,
    view=ManchesterView,
    version=1,
    state_type=ManchesterState,
    description="Manchester Schools' Alliance: teaching school proposal, think tank, SEP",
)
"""The pack: its state, commands and questions on the alliance's stream."""


@hookimpl
def hom_event_types() -> Sequence[EventType]:
    """The pack's events (``manchester.*``), recorded in the alliance's own stream."""
    return EVENT_TYPES


@hookimpl
def hom_domain_packs() -> Sequence[DomainPack]:
    """The Manchester pack."""
    return [PACK]


@hookimpl
def hom_report_sections() -> Sequence[ReportSection]:
    """Members by kind, member partnerships, the think tank, the teaching school, the SEP."""
    return SECTIONS
