"""The pack's sections of the governors' report (G7): members by kind, the member partnerships
and the schools reached through them, the think tank, the teaching school groups and the SEP
chair. Each is empty (and so left out) for a partnership that does not use the pack."""

from __future__ import annotations

from datetime import date

from hom_core import ReportSection
from hom_core.application import Partnership, PartnershipView
from hom_core.domain import OrganisationKind
from hom_core.report import BarChart, Block, Paragraph, Table
from hom_plugins.exporters.report.layout import long_date
from hom_plugins.packs.manchester.reach import Reach, partnerships_without_record, schools_reached
from hom_plugins.packs.manchester.rules import NAME
from hom_plugins.packs.manchester.view import ManchesterView
from hom_plugins.packs.manchester.vocabulary import Sector

__all__ = ["SECTIONS"]


def _pack(view: PartnershipView) -> ManchesterView | None:
    """The pack's view, when the partnership has the pack and uses it."""
    if NAME not in view.packs:
        return None
    manchester: ManchesterView = view.pack(NAME)
    return manchester if manchester.in_use() else None


def _since(day: date | None) -> str:
    return "" if day is None else long_date(day)


def _kind(kind: OrganisationKind) -> str:
    return kind.value.replace("_", " ")


def members_by_kind(view: PartnershipView) -> list[Block]:
    """A bar per kind of member, and the members of each kind."""
    manchester = _pack(view)
    if manchester is None:
        return []
    by_kind = manchester.members_by_kind()
    return [
        BarChart(
            "Members by kind",
            [(_kind(kind), len(members)) for kind, members in by_kind.items()],
            unit="members",
        ),
        Table(
            ("Kind", "Members"),
            [
                (_kind(kind), ", ".join(m.name for m in members))
                for kind, members in by_kind.items()
            ],
            caption=f"Members on {long_date(view.day)}",
        ),
    ]


def member_partnerships(view: PartnershipView) -> list[Block]:
    """MAN12: the partnerships that are members, and every school reached on the view's day.

    The schools of member partnerships are in those partnerships' own streams, read through the
    partnership the view was asked of (:func:`schools_reached`): each school once, with its kind
    and how it is reached. A view without its partnership only counts the direct members.
    """
    manchester = _pack(view)
    partnerships = [] if manchester is None else manchester.member_partnerships()
    if not partnerships:
        return []
    listed = Table(
        ("Partnership", "Member since"),
        [(member.name, _since(member.joined_for(view.day))) for member in partnerships],
        caption="Partnerships that are members of the alliance",
    )
    if view.partnership is None:
        schools = sum(member.kind.is_school for member in view.members())
        return [
            listed,
            Paragraph(
                f"Schools that are members of the alliance themselves: {schools}. The schools "
                f"of member partnerships ({len(partnerships)}) are counted from those "
                "partnerships' own records."
            ),
        ]
    return [listed, *_reached(view, view.partnership)]


def _reached(view: PartnershipView, alliance: Partnership) -> list[Block]:
    """The schools ``alliance`` reaches on the view's day, how many only through partnerships,
    and the member partnerships this log holds no record of."""
    reached = schools_reached(alliance, view.day)
    names = {member.member_id: member.name for member in view.members()}
    only_through = sum(not reach.direct for reach in reached)
    blocks: list[Block] = [
        Table(
            ("School", "Kind", "Route"),
            [
                (reach.school.name, _kind(reach.school.kind), _route(reach, names))
                for reach in reached
            ],
            caption=f"Schools reached on {long_date(view.day)}",
        ),
        Paragraph(
            f"Schools reached: {len(reached)} ({len(reached) - only_through} members of the "
            f"alliance themselves, {only_through} only through member partnerships)."
        ),
    ]
    missing = partnerships_without_record(alliance, view.day)
    if missing:
        blocks.append(
            Paragraph(
                "No school is reached through these member partnerships, which have no record "
                "in this log (is the member id right?): "
                + ", ".join(f"{member.name} ({member.member_id})" for member in missing)
                + "."
            )
        )
    return blocks


def _route(reach: Reach, names: dict[str, str]) -> str:
    """How a school is reached: ``direct``, ``through Heart of Manchester Partnership``, or
    both joined by ``and``; ``names`` are the alliance's members' names on the day (the first
    partnership of every route is one of them)."""
    routes = ["direct"] if reach.direct else []
    routes += [f"through {names[partnership_id]}" for partnership_id in reach.through]
    return " and ".join(routes)


def think_tank(view: PartnershipView) -> list[Block]:
    """MAN8, MAN9: each sector's representative on the day, or that the seat is vacant."""
    manchester = _pack(view)
    if manchester is None or not manchester.think_tank.in_use():
        return []
    rows: list[tuple[object, ...]] = []
    for sector in Sector:
        representative = manchester.think_tank.representative(sector)
        if representative is None:
            rows.append((sector.label, "vacant", "", ""))
        else:
            rows.append(
                (
                    sector.label,
                    view.name_of(representative.person),
                    representative.member.name,
                    long_date(representative.since),
                )
            )
    return [Table(("Sector", "Representative", "Member", "Since"), rows)]


def teaching_school(view: PartnershipView) -> list[Block]:
    """MAN1-MAN7: the proposal, its lead and supporting groups, and its submission."""
    manchester = _pack(view)
    proposal = None if manchester is None else manchester.state.proposal
    if manchester is None or proposal is None:
        return []
    groups = manchester.teaching_school
    submission = groups.submission()
    status = (
        "It has not yet been submitted to the National College."
        if submission is None
        else f"It was submitted to the National College on {long_date(submission.submitted_on)}, "
        f"with an application for {submission.funding_requested} of funding."
    )
    blocks: list[Block] = [
        Paragraph(f"{proposal.name} was proposed on {long_date(proposal.proposed_on)}. {status}"),
        Table(
            ("Group", "Member", "Kind"),
            [("lead", m.name, _kind(m.kind)) for m in groups.lead()]
            + [("supporting", m.name, _kind(m.kind)) for m in groups.supporting()],
        ),
    ]
    lapsed = groups.not_outstanding()
    if lapsed:
        names = ", ".join(member.name for member in lapsed)
        blocks.append(Paragraph(f"In the lead group but not graded Outstanding: {names}."))
    return blocks


def sep_chair(view: PartnershipView) -> list[Block]:
    """MAN10, MAN11: the council leading the SEP, its Leader and the SEP's chair."""
    manchester = _pack(view)
    council = None if manchester is None else manchester.sep.council()
    if manchester is None or council is None:
        return []
    sep = manchester.sep
    leader, chair = sep.leader(), sep.chair()
    text = f"The Strategic Education Partnership is led by {council.name}. "
    text += (
        "No chair is appointed."
        if chair is None
        else f"It is chaired by {view.name_of(chair.person)}, since {long_date(chair.from_date)}."
    )
    if leader is not None:
        text += f" The Leader of the Council is {view.name_of(leader.person)}, since "
        text += f"{long_date(leader.from_date)}."
    blocks: list[Block] = [Paragraph(text)]
    problem = sep.chair_needs_replacing()
    if problem is not None:
        blocks.append(Paragraph(f"Action needed: {problem}."))
    return blocks


SECTIONS = (
    ReportSection("manchester-members", "Members by kind", members_by_kind, order=15),
    ReportSection(
        "manchester-partnerships", "Schools reached through partnerships", member_partnerships, 16
    ),
    ReportSection("manchester-think-tank", "The think tank", think_tank, order=85),
    ReportSection("manchester-teaching-school", "The teaching school groups", teaching_school, 86),
    ReportSection("manchester-sep", "The SEP chair", sep_chair, order=87),
)
"""The sections this pack adds to the report."""
