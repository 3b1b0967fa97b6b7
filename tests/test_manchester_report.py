"""The Manchester pack's sections of the governors' report (G7; ``002_*.txt``): members by kind,
member partnerships and the schools reached through them, the think tank, the teaching school
groups and the SEP chair."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.application import Partnership
from hom_core.domain import (
    FormPartnership,
    GiveNotice,
    Money,
    OrganisationKind,
    Person,
    Policies,
    Urn,
)
from hom_core.report import BarChart, Block, Paragraph, Table
from hom_core.testing.strategies import join
from hom_plugins.packs.manchester import (
    AppointSepChair,
    EstablishSep,
    RecordCouncilLeader,
    Sector,
    StandDownRepresentative,
    SubmitTeachingSchoolProposal,
    member_partnership,
)
from hom_plugins.packs.manchester.report import SECTIONS
from test_manchester import DAY, SEP_DAY, grouped, new_alliance, plugins, seat

ASKED = date(2014, 9, 1)
HOM_FORMED = date(2013, 7, 1)
BUILD = {section.name: section.build for section in SECTIONS}


def blocks(partnership: Partnership, name: str, day: date = ASKED) -> list[Block]:
    return list(BUILD[name](partnership.as_of(day)))


def alliance() -> Partnership:
    """Groups submitted, the think tank seated (business vacant from 2014-07-31), the SEP with
    a new Leader not yet chair, and a member partnership."""
    city = seat(grouped())
    for command in (
        SubmitTeachingSchoolProposal(DAY, Money.pounds(60000)),
        StandDownRepresentative(Sector.BUSINESS, date(2014, 7, 31)),
        EstablishSep("council", SEP_DAY),
        RecordCouncilLeader("council", "leader", SEP_DAY),
        AppointSepChair("leader", SEP_DAY),
        RecordCouncilLeader("council", "new-leader", date(2014, 5, 8)),
        join("hom", date(2013, 9, 16), kind=OrganisationKind.PARTNERSHIP),
    ):
        city.execute(command)
    city.people.put(Person("leader", "Leader of the Council"))
    city.people.put(Person("new-leader", "New Leader"))
    city.people.put(Person("rep-education", "Headteacher, Lead 1"))
    return city


def test_the_pack_registers_its_five_sections_between_the_builtin_ones() -> None:
    """The sections come through hom_report_sections, ordered among the builtin ones."""
    names = [section.name for section in plugins().report_sections()]
    ours = [name for name in names if name.startswith("manchester-")]
    assert ours == [
        "manchester-members",
        "manchester-partnerships",
        "manchester-think-tank",
        "manchester-teaching-school",
        "manchester-sep",
    ]


def test_members_by_kind_is_a_bar_chart_and_a_table() -> None:
    """002_*.txt: members of many kinds, one bar per kind on the day."""
    chart, table = blocks(alliance(), "manchester-members")
    assert isinstance(chart, BarChart)
    assert dict(chart.bars)["college"] == 2.0
    assert dict(chart.bars)["partnership"] == 1.0
    assert isinstance(table, Table)
    assert ("council", "Council") in table.rows
    assert table.caption == "Members on 1 September 2014"


def with_hom() -> Partnership:
    """alliance() with Heart of Manchester's record in its log (from 000_*.txt: St Philip's gives
    notice and leaves): Claremont and St Philip's are members of HOM only, Lead 1 of both."""
    city = alliance()
    hom = member_partnership(city, "hom")
    hom.execute(FormPartnership("Heart of Manchester Partnership", HOM_FORMED, Policies()))
    for member_id, urn in (("claremont", "105412"), ("st-philips", "105488")):
        hom.execute(join(member_id, date(2013, 7, 10), urn=Urn(urn)))
    hom.execute(join("lead-1", date(2013, 7, 10)))
    hom.execute(GiveNotice("st-philips", date(2014, 3, 3)))
    return city


def test_the_section_lists_the_schools_reached_through_member_partnerships() -> None:
    """MAN12 with M3: a school reached only through HOM is listed with its route, a school in
    both once, and St Philip's not after its leaving date (2014-08-31)."""
    partnerships, schools, summary = blocks(with_hom(), "manchester-partnerships")
    assert isinstance(partnerships, Table)
    assert partnerships.rows == (("Hom", "16 September 2013"),)
    assert isinstance(schools, Table)
    assert schools.header == ("School", "Kind", "Route")
    assert schools.caption == "Schools reached on 1 September 2014"
    assert ("Claremont", "primary", "through Hom") in schools.rows
    assert ("Lead 1", "primary", "direct and through Hom") in schools.rows
    assert ("Lead 3", "primary", "direct") in schools.rows
    assert [row[0] for row in schools.rows].count("Lead 1") == 1
    assert "St Philips" not in [row[0] for row in schools.rows]
    assert isinstance(summary, Paragraph)
    assert summary.text == (
        "Schools reached: 16 (15 members of the alliance themselves, 1 only through member "
        "partnerships)."
    )
    _, before, _ = blocks(with_hom(), "manchester-partnerships", date(2014, 8, 31))
    assert isinstance(before, Table)
    assert ("St Philips", "primary", "through Hom") in before.rows


def test_a_member_partnership_without_a_record_is_named() -> None:
    """MAN12: a member partnership whose id names no partnership in the log reaches no school,
    and the section says so (a mistyped id?)."""
    *_, summary, missing = blocks(alliance(), "manchester-partnerships")
    assert isinstance(summary, Paragraph)
    assert summary.text.startswith("Schools reached: 15 (15 members of the alliance")
    assert isinstance(missing, Paragraph)
    assert missing.text.endswith("(is the member id right?): Hom (hom).")
    assert blocks(alliance(), "manchester-partnerships", date(2013, 9, 15)) == []


def test_a_view_without_its_partnership_lists_the_member_partnerships_and_counts() -> None:
    """MAN12: a view made without its partnership cannot read other streams: the partnerships
    and the number of schools that are members themselves."""
    view = attrs.evolve(alliance().as_of(ASKED), partnership=None)
    table, paragraph = BUILD["manchester-partnerships"](view)
    assert isinstance(table, Table)
    assert table.rows == (("Hom", "16 September 2013"),)
    assert isinstance(paragraph, Paragraph)
    assert "themselves: 15" in paragraph.text


def test_the_think_tank_table_shows_each_sector_and_vacancies() -> None:
    """MAN8, MAN9: a row per sector; a stood-down seat reads vacant; people by name."""
    (table,) = blocks(alliance(), "manchester-think-tank")
    assert isinstance(table, Table)
    assert table.rows[0] == ("education", "Headteacher, Lead 1", "Lead 1", "1 February 2013")
    assert table.rows[1] == ("business", "vacant", "", "")
    assert blocks(alliance(), "manchester-think-tank", date(2013, 1, 31)) == []


def test_the_teaching_school_groups_and_their_submission() -> None:
    """MAN1-MAN7: the proposal, each group's members and kinds, and the submission."""
    status, table = blocks(alliance(), "manchester-teaching-school")
    assert isinstance(status, Paragraph)
    assert status.text == (
        "Manchester Teaching School was proposed on 3 December 2012. It was submitted to the "
        "National College on 21 January 2013, with an application for £60,000.00 of funding."
    )
    assert isinstance(table, Table)
    assert table.rows[0] == ("lead", "Lead 1", "primary")
    assert table.rows[4] == ("lead", "College", "college")
    assert [row[0] for row in table.rows].count("supporting") == 6


def test_the_sep_chair_and_a_new_leader_not_yet_chair() -> None:
    """MAN10, MAN11: led by the council, chaired by the Leader; a new Leader is flagged."""
    text, action = blocks(alliance(), "manchester-sep")
    assert isinstance(text, Paragraph)
    assert text.text == (
        "The Strategic Education Partnership is led by Council. It is chaired by Leader of the "
        "Council, since 15 November 2012. The Leader of the Council is New Leader, since "
        "8 May 2014."
    )
    assert isinstance(action, Paragraph)
    assert action.text.startswith("Action needed: Leader of the Council chairs the SEP")
    assert len(blocks(alliance(), "manchester-sep", date(2014, 5, 7))) == 1


def test_a_partnership_that_does_not_use_the_pack_gets_no_sections() -> None:
    """A partnership without the pack's records or a member partnership (a school and a
    university here), or without the pack: no section (the report leaves them out)."""
    schools = new_alliance()
    schools.execute(join("st-marys", date(2013, 7, 10)))
    schools.execute(join("university", date(2013, 7, 10), kind=OrganisationKind.UNIVERSITY))
    without_pack = Partnership(alliance().log, "alliance", packs=[])
    for name in BUILD:
        assert blocks(schools, name) == []
        assert blocks(without_pack, name) == []
