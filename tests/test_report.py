"""The governors' report (G7, hom_plugins.exporters.report): assembled from the sections plugins
register (the builtin ones through the partnership plugin, a domain pack's beside them), and what
the builtin sections say of the Heart of Manchester history, with forgotten people as forgotten."""

from __future__ import annotations

from datetime import date

import pytest

from export_support import (
    LAST_DAY,
    UNDER_NOTICE_DAY,
    export,
    export_plugins,
    hostile_partnership,
    own_people,
    shared_heart_of_manchester,
)
from hom_core import (
    EventLog,
    MemoryStore,
    PluginError,
    ReportSection,
    hookimpl,
    make_converter,
    open_log,
)
from hom_core.application import Partnership, PartnershipView
from hom_core.codec import Codec
from hom_core.domain import (
    FORGOTTEN,
    PARTNERSHIP,
    FinancialYear,
    FormPartnership,
    Policies,
    configure_converter,
)
from hom_core.events import EventTypes
from hom_core.report import BarChart, Block, Paragraph, StepChart, Table
from hom_plugins.exporters.report import Report, build_report
from hom_plugins.exporters.report.sections import BUILTIN_SECTIONS, membership_over_time


@pytest.fixture(scope="module")
def hom() -> Partnership:
    return shared_heart_of_manchester()


def blocks(report: Report, name: str) -> tuple[Block, ...]:
    return dict(report.sections)[name].blocks


def texts(report: Report, name: str) -> list[str]:
    return [block.text for block in blocks(report, name) if isinstance(block, Paragraph)]


def table(report: Report, name: str, caption_starts: str) -> Table:
    return next(
        block
        for block in blocks(report, name)
        if isinstance(block, Table) and block.caption.startswith(caption_starts)
    )


# -- assembly ------------------------------------------------------------------------------------


def test_g7_the_partnership_plugin_registers_the_builtin_sections_in_order() -> None:
    sections = export_plugins().report_sections()
    assert [section.name for section in sections] == [
        "members",
        "finances",
        "chair",
        "groups",
        "decisions",
        "reviews",
        "joint-work",
        "corrections",
    ]
    assert sections == list(BUILTIN_SECTIONS)
    assert [section.order for section in sections] == [10, 20, 30, 40, 50, 60, 70, 80]


def test_the_report_is_titled_after_the_partnership_and_dated(hom: Partnership) -> None:
    report = build_report(hom, LAST_DAY)
    assert report.title == "Heart of Manchester Partnership: report to governors"
    assert report.day == LAST_DAY
    assert [name for name, _ in report.sections] == [s.name for s in BUILTIN_SECTIONS]


class EnquiriesPack:
    """A domain pack adding a section between the finances (20) and the chair (30)."""

    @hookimpl
    def hom_report_sections(self) -> list[ReportSection]:
        def build(view: PartnershipView) -> list[Block]:
            return [Paragraph(f"{len(view.members())} schools to enquire into.")]

        def silent(view: PartnershipView) -> list[Block]:
            return []

        return [
            ReportSection("enquiries", "Collaborative enquiries", build, order=25),
            ReportSection("silent", "Nothing to say", silent, order=26),
        ]


def test_a_domain_pack_adds_its_section_where_its_order_puts_it_in_every_format() -> None:
    plugins = export_plugins()
    plugins.register(EnquiriesPack(), "enquiries")
    hom = hostile_partnership(plugins)
    report = build_report(hom, LAST_DAY)
    names = [name for name, _ in report.sections]
    assert names[:4] == ["members", "finances", "enquiries", "chair"]
    assert "silent" not in names  # a section without blocks is left out
    assert texts(report, "enquiries") == ["2 schools to enquire into."]
    markdown = export(hom, "report-md", LAST_DAY).decode()
    assert markdown.index("## Finances") < markdown.index("## Collaborative enquiries")
    assert markdown.index("## Collaborative enquiries") < markdown.index("## The chair")
    assert '<section id="section-enquiries"' in export(hom, "report-html", LAST_DAY).decode()


class BrokenPack:
    def __init__(self, build: object) -> None:
        self.build = build

    @hookimpl
    def hom_report_sections(self) -> list[ReportSection]:
        return [ReportSection("broken", "Broken", self.build)]  # type: ignore[arg-type]


def _fails(view: PartnershipView) -> list[Block]:
    raise ZeroDivisionError("no schools")


def _not_a_block(view: PartnershipView) -> list[object]:
    return ["<p>raw markup</p>"]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (_fails, r"report section 'broken' failed: ZeroDivisionError: no schools"),
        (_not_a_block, r"report section 'broken' returned '<p>raw markup</p>': a section's blocks"),
    ],
)
def test_a_section_that_fails_or_returns_no_block_is_a_plugin_error_naming_it(
    build: object, message: str
) -> None:
    plugins = export_plugins()
    plugins.register(BrokenPack(build), "broken")
    hom = hostile_partnership(plugins)
    with pytest.raises(PluginError, match=message):
        build_report(hom, LAST_DAY)


def test_a_log_without_plugins_gets_the_builtin_sections() -> None:
    converter = make_converter()
    configure_converter(converter)
    log = EventLog(MemoryStore(), Codec(EventTypes(PARTNERSHIP.event_types), converter))
    assert log.plugins is None
    hom = Partnership(log, "bare")
    hom.execute(FormPartnership("Bare Partnership", date(2013, 7, 1), Policies()))
    report = build_report(hom, date(2013, 9, 1))
    assert [name for name, _ in report.sections] == ["chair", "reviews"]
    assert texts(report, "chair")[0] == "Nobody chairs the strategic group on 1 September 2013."


def test_a_log_with_nothing_recorded_gives_a_report_with_no_sections() -> None:
    empty = Partnership(open_log("memory://", plugins=export_plugins()), "nobody")
    report = build_report(empty, LAST_DAY)
    assert report.sections == ()
    assert "Nothing has been recorded" in export(empty, "report-md", LAST_DAY).decode()
    assert "Nothing has been recorded" in export(empty, "report-html", LAST_DAY).decode()


# -- what the builtin sections say ---------------------------------------------------------------


def test_m4_membership_over_time_steps_at_each_join_and_the_day_after_each_leaving(
    hom: Partnership,
) -> None:
    assert membership_over_time(hom.as_of(LAST_DAY)) == [
        (date(2013, 7, 10), 8),
        (date(2015, 9, 1), 7),
        (date(2016, 9, 1), 6),
        (LAST_DAY, 6),
    ]
    assert membership_over_time(hom.as_of(date(2013, 1, 1))) == []
    on_a_change = membership_over_time(hom.as_of(date(2015, 9, 1)))  # the view's day: no repeat
    assert on_a_change == [(date(2013, 7, 10), 8), (date(2015, 9, 1), 7)]


def test_m2_m4_members_notices_and_leavers(hom: Partnership) -> None:
    report = build_report(hom, UNDER_NOTICE_DAY)
    assert texts(report, "members") == ["7 members on 1 February 2016."]
    members = table(report, "members", "Members on")
    assert [row[0] for row in members.rows] == [
        m.name for m in hom.as_of(UNDER_NOTICE_DAY).members()
    ]
    assert table(report, "members", "Under notice").rows == (
        ("Rolls Crescent Primary", "4 January 2016", "31 August 2016"),
    )
    assert table(report, "members", "Schools that have left").rows == (
        ("St Philip's CE Primary", "31 August 2015"),
    )
    chart = next(b for b in blocks(report, "members") if isinstance(b, StepChart))
    assert chart.points[-1] == (UNDER_NOTICE_DAY, 7.0)


def test_f1_f4_the_banker_its_holding_and_contributions_by_school(hom: Partnership) -> None:
    report = build_report(hom, UNDER_NOTICE_DAY)
    funding = hom.as_of(UNDER_NOTICE_DAY).funding
    paragraphs = texts(report, "finances")
    assert paragraphs[0] == (
        f"Rolls Crescent Primary is the banker school (F4): it holds {funding.holding()} on "
        "1 February 2016."
    )
    assert paragraphs[1].startswith("Action needed: Rolls Crescent Primary, the banker school")
    chart = next(b for b in blocks(report, "finances") if isinstance(b, BarChart))
    assert chart.title == "Contributions by school, 2015-16"
    assert chart.bars == tuple(
        (row.name, float(row.owed.to_decimal()))
        for row in funding.contributions(FinancialYear(2015))
    )
    years = table(report, "finances", "Contributions year by year")
    assert [row[:2] for row in years.rows] == [("2014-15", "8"), ("2015-16", "8")]
    assert not any(t.startswith("Action") for t in texts(build_report(hom, LAST_DAY), "finances"))


def test_f1_before_any_contributions_are_called_the_finances_say_so() -> None:
    report = build_report(hostile_partnership(), date(2014, 3, 1))
    assert texts(report, "finances")[1:] == ["No contributions have been called yet."]
    assert not any(isinstance(block, BarChart) for block in blocks(report, "finances"))


def test_g2_g3_the_chair_and_the_next_chair(hom: Partnership) -> None:
    view = hom.as_of(LAST_DAY)
    chair, after = view.governance.chair(), view.governance.next_chair()
    assert chair is not None
    assert after is not None
    paragraphs = texts(build_report(hom, LAST_DAY), "chair")
    assert paragraphs[0].startswith(f"The head of {chair.school}, {view.name_of(chair.head)}")
    assert f"Next in the rotation: {after.name}." in paragraphs


def test_g1_g6_groups_with_their_meetings_and_decisions(hom: Partnership) -> None:
    report = build_report(hom, LAST_DAY)
    groups = table(report, "groups", "Groups on")
    assert len(groups.rows) == 10
    deputies = groups.rows[0]
    assert deputies[:4] == ("Deputy and Assistant Heads Network", "standing", "6", "10 July 2017")
    decisions = table(report, "decisions", "Decisions")
    assert [row[0] for row in decisions.rows] == [
        "26 June 2014",
        "26 June 2015",
        "26 June 2016",
        "26 June 2017",
    ]
    assert decisions.rows[-1][2:] == ("6", "0", "0", "carried")


def test_g8_an_overdue_review_is_shown_as_an_action(hom: Partnership) -> None:
    overdue = texts(build_report(hom, date(2014, 7, 5)), "reviews")
    assert "Action needed: the annual review of the framework is overdue." in overdue
    assert not any(t.startswith("Action") for t in texts(build_report(hom, LAST_DAY), "reviews"))
    assert texts(build_report(hom, LAST_DAY), "reviews")[0] == (
        "The framework was last reviewed on 10 July 2017; the next review is due by 10 July "
        "2018 (G8)."
    )


def test_t1_training_days_and_conferences(hom: Partnership) -> None:
    report = build_report(hom, LAST_DAY)
    assert texts(report, "joint-work")[0] == (
        "Agreed for 2016/17: 1 joint training day, every school taking part; held so far: 1."
    )
    assert table(report, "joint-work", "Joint training days").rows == (
        ("5 January 2017", "Moderation of writing", "6"),
    )
    assert table(report, "joint-work", "Joint conferences").rows[-1] == ("19 June 2017", "SEND")


def test_forgotten_people_appear_as_forgotten_never_by_name(hom: Partnership) -> None:
    hom = own_people(hom)
    chair = hom.as_of(LAST_DAY).governance.chair()
    assert chair is not None
    assert chair.head is not None
    name = hom.as_of(LAST_DAY).name_of(chair.head)
    deputy = f"Deputy head, {chair.school}"
    before = [export(hom, fmt, LAST_DAY).decode() for fmt in ("report-md", "report-html")]
    assert all(name in text and deputy in text for text in before)
    hom.forget(chair.head)
    hom.forget(chair.head.replace("-head", "-deputy_head"))
    for fmt in ("report-md", "report-html"):
        text = export(hom, fmt, LAST_DAY).decode()
        assert name not in text
        assert deputy not in text
        assert FORGOTTEN.replace("(", "\\(").replace(")", "\\)") in text or FORGOTTEN in text
    assert texts(build_report(hom, LAST_DAY), "chair")[0].startswith(
        f"The head of {chair.school}, {FORGOTTEN}, chairs"
    )
