"""The builtin sections of the governors' report (G7), registered by the partnership plugin.

Each ``build(view)`` answers governors' questions as of the view's day in plain-text blocks of
:mod:`hom_core.report` (a writer escapes them): members and notices (M2-M4), finances (F1-F6),
the chair (G2, G3), groups (G1, G4, G5), decisions (G6), reviews and governors (G7, G8), joint
work (T1), corrections (R1). People appear by ``view.name_of`` (a forgotten one as forgotten).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from hom_core import ReportSection
from hom_core.application import PartnershipView
from hom_core.domain import AcademicYear, Vote
from hom_core.domain.governance.state import Group
from hom_core.report import Block, Paragraph, StepChart, Table
from hom_plugins.exporters.report.finances import finances_blocks
from hom_plugins.exporters.report.layout import long_date
from hom_plugins.exporters.report.record import corrections_blocks
from hom_plugins.exporters.rows import former_members, member_rows

__all__ = ["BUILTIN_SECTIONS", "membership_over_time"]


def _plural(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"


def _listed(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def _on(day: date | None) -> str:
    return "" if day is None else long_date(day)


def _member_name(view: PartnershipView, member_id: str | None) -> str:
    member = None if member_id is None else view.state.membership.members.get(member_id)
    return member.name if member is not None else member_id or ""


def membership_over_time(view: PartnershipView) -> list[tuple[date, int]]:
    """M4: the number of members from each day it changed (a school joined, or left the day
    before), up to the view's day, which ends the series."""
    changes: dict[date, int] = {}
    for member in view.state.membership.members.values():
        for membership in member.memberships:
            changes[membership.joined_on] = changes.get(membership.joined_on, 0) + 1
            if membership.leaves_on is not None:
                gone = membership.leaves_on + timedelta(days=1)
                changes[gone] = changes.get(gone, 0) - 1
    points, count = [], 0
    for day in sorted(changes):
        if day > view.day:
            break
        count += changes[day]
        points.append((day, count))
    if points and points[-1][0] != view.day:
        points.append((view.day, count))
    return points


# -- members and notices (M2-M4) ---------------------------------------------------------------


def members_blocks(view: PartnershipView) -> list[Block]:
    """M2-M4: the members, those under notice, those that have left, membership over time."""
    rows, former = member_rows(view), former_members(view)
    if not rows and not former:
        return []
    blocks: list[Block] = [
        Paragraph(f"{_plural(len(rows), 'member')} on {long_date(view.day)}."),
        Table(
            ("School", "Kind", "URN", "Joined", "Headteacher", "Chair of governors"),
            (
                (
                    row.name,
                    row.kind.replace("_", " "),
                    row.urn or "",
                    long_date(row.joined_on),
                    row.head,
                    row.chair_of_governors,
                )
                for row in rows
            ),
            caption=f"Members on {long_date(view.day)}",
        ),
    ]
    leaving = [row for row in rows if row.leaves_on is not None]
    if leaving:
        blocks.append(
            Table(
                ("School", "Notice received", "Leaves on"),
                ((row.name, _on(row.notice_received_on), _on(row.leaves_on)) for row in leaving),
                caption="Under notice (M2)",
            )
        )
    if former:
        blocks.append(
            Table(
                ("School", "Left on"),
                ((row.name, long_date(row.left_on)) for row in former),
                caption="Schools that have left",
            )
        )
    blocks.append(StepChart("Membership over time", membership_over_time(view), "members"))
    return blocks


# -- the chair (G2, G3) ------------------------------------------------------------------------


def chair_blocks(view: PartnershipView) -> list[Block]:
    """G2, G3: who chairs the strategic group and the deputies' group, and who is next."""
    if view.state.framework.formed_on is None:
        return []
    governance = view.governance
    chair, after = governance.chair(), governance.next_chair()
    deputies = governance.deputies_chair()
    if chair is None:
        lines = [f"Nobody chairs the strategic group on {long_date(view.day)}."]
    else:
        lines = [
            f"The head of {chair.school}, {view.name_of(chair.head)}, chairs the strategic "
            f"group (the headteachers) from {long_date(chair.from_date)} until "
            f"{long_date(chair.until)} (G2)."
        ]
    if deputies is not None and deputies.deputy is None:
        lines.append(
            f"No deputy head of {deputies.school} is on record, so nobody chairs the Deputy and "
            "Assistant Heads group for this period (G3): the partnership's clerk can record one."
        )
    elif deputies is not None:
        lines.append(
            f"{view.name_of(deputies.deputy)}, deputy head of {deputies.school}, chairs the "
            "Deputy and Assistant Heads group for the same period (G3)."
        )
    lines.append(
        f"Next in the rotation: {after.name}." if after else "No school can take the chair next."
    )
    if governance.rotation_due():
        lines.append("The chair is due to rotate.")
    return [Paragraph(line) for line in lines]


# -- groups and their meetings (G1, G4, G5) ----------------------------------------------------


def _group_row(view: PartnershipView, group: Group, year: AcademicYear) -> tuple[str, ...]:
    calendar = view.state.framework.calendar
    # academic_year_of gives a day's AcademicYear.of, or the year before or after it, so the
    # meetings of ``year`` are among those of the three years around it (a binary search)
    around = group.meetings_between(year.previous().first_day, year.next().last_day)
    this_year = [m for m in around if calendar.academic_year_of(m.held_on) == year]
    last = group.meetings[-1] if group.meetings else None
    return (
        group.name,
        group.kind.value,
        str(len(this_year)),
        long_date(last.held_on) if last else "never",
        _member_name(view, last.host_member_id) if last else "",
        view.name_of(last.chair) if last and last.chair else "",
    )


def groups_blocks(view: PartnershipView) -> list[Block]:
    """G1, G4, G5: the open groups with their meetings this academic year and the last one, the
    groups that have not met this half term, and task groups past their period."""
    governance = view.governance
    groups = governance.groups()
    if not groups:
        return []
    year = view.state.framework.calendar.academic_year_of(view.day)
    blocks: list[Block] = [
        Table(
            (
                "Group",
                "Kind",
                f"Meetings in school year {year}",
                "Last met",
                "Hosted by",
                "Chaired by",
            ),
            (_group_row(view, group, year) for group in groups),
            caption=f"Groups on {long_date(view.day)}",
        )
    ]
    not_met = governance.groups_not_met()
    half = not_met.half_term
    when = f"half term {half.number.value} ({long_date(half.first)} to {long_date(half.last)})"
    blocks.append(
        Paragraph(f"Not yet met in {when}: {_listed(group.name for group in not_met.groups)}.")
    )
    overdue = governance.overdue_task_groups()
    if overdue:
        names = _listed(group.name for group in overdue)
        blocks.append(Paragraph(f"Task groups past their agreed period (G5): {names}."))
    return blocks


# -- decisions (G6) ----------------------------------------------------------------------------


def decisions_blocks(view: PartnershipView) -> list[Block]:
    """G6: the strategic group's decisions, one member school one vote."""
    decisions = view.governance.decisions()
    if not decisions:
        return []
    return [
        Table(
            ("Date", "Motion", "For", "Against", "Abstained", "Result"),
            (
                (
                    long_date(taken.taken_on),
                    taken.motion,
                    taken.count(Vote.FOR),
                    taken.count(Vote.AGAINST),
                    taken.count(Vote.ABSTAIN),
                    "carried" if taken.carried else "not carried",
                )
                for taken in decisions
            ),
            caption="Decisions of the strategic group",
        )
    ]


# -- reviews and governors (G7, G8) ------------------------------------------------------------


def reviews_blocks(view: PartnershipView) -> list[Block]:
    """G7, G8: the framework's last review and the next due, the last meeting of heads and
    chairs of governors on the strategic direction, and this year's reports to governors."""
    governance = view.governance
    last, due = governance.last_review(), governance.next_review_due()
    if due is None:  # not formed yet
        return []
    reviewed = f"last reviewed on {long_date(last)}" if last else "not reviewed yet"
    lines = [f"The framework was {reviewed}; the next review is due by {long_date(due)} (G8)."]
    if governance.review_overdue():
        lines.append("Action needed: the annual review of the framework is overdue.")
    meeting = governance.last_strategic_direction_meeting()
    if meeting is None:
        lines.append("Heads and chairs of governors have not met on the strategic direction yet.")
    else:
        invited = f" (also invited: {_listed(meeting.invited)})" if meeting.invited else ""
        lines.append(
            "Heads and chairs of governors last met on the strategic direction on "
            f"{long_date(meeting.held_on)}{invited} (G7)."
        )
    if governance.strategic_direction_meeting_overdue():
        lines.append("Action needed: the annual strategic direction meeting is overdue.")
    calendar = view.state.framework.calendar
    year = calendar.academic_year_of(view.day)
    schools = {
        report.member_id
        for report in governance.governors_reports()
        if calendar.academic_year_of(report.reported_on) == year
    }
    if schools:
        lines.append(
            f"Governors of {_plural(len(schools), 'member school')} have received a report on "
            f"the partnership in the school year {year}."
        )
    else:
        lines.append(
            f"No governing body has received a report on the partnership yet in the school year "
            f"{year} (G7: one is due at each governors' meeting)."
        )
    return [Paragraph(line) for line in lines]


# -- training days and the conference (T1) -----------------------------------------------------


def joint_work_blocks(view: PartnershipView) -> list[Block]:
    """T1: this academic year's joint training days (against the agreement in force, if any),
    and every joint conference with its theme."""
    joint_work = view.joint_work
    year = view.state.framework.calendar.academic_year_of(view.day)
    held, conferences = joint_work.training_days(year), joint_work.conferences()
    commitment = joint_work.training_day_commitment(year)
    blocks: list[Block] = []
    if commitment is not None:
        agreed = _plural(commitment.joint_days, "joint training day")
        agreed += ", every school taking part" if commitment.harmonised else ""
        blocks.append(Paragraph(f"Agreed for {year}: {agreed}; held so far: {len(held)}."))
    if held:
        blocks.append(
            Table(
                ("Date", "Theme", "Schools taking part"),
                ((long_date(day.held_on), day.theme, len(day.member_ids)) for day in held),
                caption=f"Joint training days in the school year {year}",
            )
        )
    for held_on, absent in commitment.missing if commitment else ():
        names = _listed(_member_name(view, member_id) for member_id in absent)
        blocks.append(Paragraph(f"Not taking part on {long_date(held_on)}: {names}."))
    if conferences:
        blocks.append(
            Table(
                ("Date", "Theme"),
                ((long_date(conference.held_on), conference.theme) for conference in conferences),
                caption="Joint conferences",
            )
        )
    return blocks


_BUILDERS: tuple[tuple[str, str, Callable[[PartnershipView], list[Block]]], ...] = (
    ("members", "Members and notices", members_blocks),
    ("finances", "Finances and the banker", finances_blocks),
    ("chair", "The chair", chair_blocks),
    ("groups", "Groups and their meetings", groups_blocks),
    ("decisions", "Decisions", decisions_blocks),
    ("reviews", "Reviews and governors", reviews_blocks),
    ("joint-work", "Training days and the conference", joint_work_blocks),
    ("corrections", "Corrections to the record", corrections_blocks),
)

BUILTIN_SECTIONS: tuple[ReportSection, ...] = tuple(
    ReportSection(
        name, title, build, order=10 * number, description=" ".join((build.__doc__ or "").split())
    )
    for number, (name, title, build) in enumerate(_BUILDERS, start=1)
)
"""The builtin sections, ordered 10, 20, ... 80."""
