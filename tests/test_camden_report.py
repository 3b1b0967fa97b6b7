"""The Camden pack's sections of the governors' report (``003_*.txt``): enquiries this year
with the schools still to have theirs, peer heads, joint staff training sessions."""

from __future__ import annotations

from datetime import date

import pytest

from hom_core.application import Partnership
from hom_core.domain import FORGOTTEN, Person
from hom_core.report import BarChart, Paragraph, Table
from hom_plugins.packs.camden import HoldEnquiry, HoldTrainingSession, RecordFindings, StaffGroup
from hom_plugins.packs.camden.report import enquiry_blocks, peer_head_blocks, training_blocks
from test_camden import DAY, PARTNER, Y14, cluster, focused, head

BUILDS = (enquiry_blocks, peer_head_blocks, training_blocks)


def named_cluster() -> Partnership:
    """The four schools, with names for Fleet's and Rhyl's heads and the Professional
    Partner."""
    hom = cluster()
    hom.people.put(Person(head("fleet"), "Head of Fleet"))
    hom.people.put(Person(head("rhyl"), "Head of Rhyl"))
    hom.people.put(Person(PARTNER.person, "Camden Professional Partner"))
    return hom


def test_a_partnership_with_nothing_of_the_pack_has_no_camden_sections() -> None:
    """The sections are left out where the cluster has recorded no enquiry, focus or session."""
    view = cluster().as_of(DAY)
    assert [build(view) for build in BUILDS] == [[], [], []]


def test_a_partnership_without_the_pack_has_no_camden_sections() -> None:
    """A partnership whose packs leave camden out gets no camden section (and no error)."""
    hom = cluster()
    focused(hom, "fleet")
    view = Partnership(hom.log, "camden-135", packs=[]).as_of(DAY)
    assert [build(view) for build in BUILDS] == [[], [], []]


def test_enquiries_of_the_year_with_the_schools_still_to_have_theirs() -> None:
    """003: "an annual School Review ... led by the Head Teacher and usually an outside
    observer such as the Camden Professional Partner plus a peer Head Teacher"."""
    hom = named_cluster()
    for member_id in ("fleet", "rhyl"):
        focused(hom, member_id, focus=f"Focus of {member_id}")
    hom.execute(HoldEnquiry("fleet", DAY, head("rhyl"), PARTNER))
    hom.execute(RecordFindings("fleet", Y14, DAY, ("S1", "S2"), ("A1",)))
    hom.execute(HoldEnquiry("rhyl", date(2015, 1, 12), head("netley")))
    hom.forget(head("rhyl"))
    table, waiting = enquiry_blocks(hom.as_of(date(2015, 2, 1)))
    assert isinstance(table, Table)
    assert table.caption == "Collaborative enquiries of 2014/15"
    assert table.rows == (
        (
            "Fleet",
            "2014-11-05",
            "Focus of fleet",
            "Head of Fleet",
            f"{FORGOTTEN} (Rhyl)",
            "Camden Professional Partner (Camden Professional Partner)",
            "2 strengths, 1 area for development",
        ),
        (
            "Rhyl",
            "2015-01-12",
            "Focus of rhyl",
            FORGOTTEN,
            "(unknown) (Netley)",
            "none",
            "not yet recorded",
        ),
    )
    assert waiting == Paragraph("Not yet had their enquiry in 2014/15: Gospel Oak, Netley.")


def test_the_enquiry_section_says_when_none_is_held_yet_or_all_are() -> None:
    """003: "annual": a new year starts with every school to have its enquiry."""
    hom = cluster(schools=("fleet", "rhyl"))
    focused(hom, "fleet")
    assert enquiry_blocks(hom.as_of(DAY)) == [
        Paragraph("No collaborative enquiry has been held yet in 2014/15."),
        Paragraph("Not yet had their enquiry in 2014/15: Fleet, Rhyl."),
    ]
    focused(hom, "rhyl")
    hom.execute(HoldEnquiry("fleet", DAY, head("rhyl")))
    hom.execute(HoldEnquiry("rhyl", DAY, head("fleet")))
    assert enquiry_blocks(hom.as_of(DAY))[-1] == Paragraph(
        "Every member school has had its enquiry of 2014/15."
    )


def test_peer_heads_as_a_bar_chart_of_enquiries_served() -> None:
    """003: "a peer Head Teacher from one of the Cluster Schools": how often each served."""
    hom = named_cluster()
    for member_id in ("fleet", "gospel-oak", "netley"):
        focused(hom, member_id)
    hom.execute(HoldEnquiry("fleet", DAY, head("rhyl")))
    hom.execute(HoldEnquiry("gospel-oak", DAY, head("fleet")))
    hom.execute(HoldEnquiry("netley", DAY, head("rhyl")))
    assert peer_head_blocks(hom.as_of(DAY)) == [
        BarChart(
            "Enquiries served as peer head",
            [("Head of Rhyl", 2), ("Head of Fleet", 1)],
            unit="enquiries",
        )
    ]
    assert peer_head_blocks(hom.as_of(DAY.replace(day=4))) == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            DAY,
            [
                Table(
                    ("Date", "Session", "Led by", "For"),
                    [("2014-11-05", "Moderation", "Fleet, Rhyl", "teachers, SENDCos")],
                    caption="Joint staff training sessions of 2014/15",
                )
            ],
        ),
        (
            date(2015, 10, 1),
            [Paragraph("No joint staff training session has been held yet in 2015/16.")],
        ),
        (DAY.replace(day=4), []),
    ],
)
def test_training_sessions_of_the_year(day: date, expected: list[object]) -> None:
    """003: "leading joint staff training sessions" for the cluster's staff."""
    hom = cluster()
    staff = (StaffGroup.TEACHERS, StaffGroup.SENDCOS)
    hom.execute(HoldTrainingSession(DAY, "Moderation", ("fleet", "rhyl"), staff))
    assert training_blocks(hom.as_of(day)) == expected
