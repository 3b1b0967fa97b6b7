"""The Harmony pack as a plugin (004_*.txt): its report sections (agreements with their end dates,
outcomes, activities by kind), its hooks, the codec round trip of its events and snapshots of its
state beside the core's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hom_core import open_log
from hom_core.application import Partnership
from hom_core.projections import load_state
from hom_core.report import BarChart, Paragraph, Table
from hom_plugins.packs.harmony import (
    PACK,
    ActivityKind,
    AgreeFollowUp,
    MeasureImpact,
    RecordActivity,
)
from hom_plugins.packs.harmony.report import (
    activities_section,
    agreements_section,
    outcomes_section,
)
from test_harmony import ENDS, SIGNED, activity, alliance, plugins, review, supported


def _history(hom: Partnership) -> None:
    hom.execute(activity(SIGNED))
    hom.execute(RecordActivity("hb-1", "training", date(2015, 2, 3), "beech", focus="phonics"))
    hom.execute(activity(date(2015, 3, 3)))
    hom.execute(MeasureImpact("hb-1", "y6-rwm", date(2015, 7, 10), "missed", "48% (target 60%)"))
    hom.execute(AgreeFollowUp("hb-1", date(2016, 3, 1), terms=1))


def test_the_pack_registers_its_events_pack_and_report_sections() -> None:
    """Issue 6: a pack extends the domain only through hooks."""
    manager = plugins()
    assert manager.domain_packs()["harmony"] is PACK
    names = [each.name for each in manager.event_types() if each.name.startswith("harm")]
    assert sorted(names) == [
        "harmony.activity_delivered",
        "harmony.follow_up_agreed",
        "harmony.impact_measured",
        "harmony.intervention_reading_adopted",
        "harmony.school_reviewed",
        "harmony.support_agreed",
    ]
    ours = [each for each in manager.report_sections() if each.name.startswith("harmony-")]
    assert [each.name for each in ours] == [
        "harmony-agreements",
        "harmony-outcomes",
        "harmony-activities",
    ]
    assert all(each.order > 90 for each in ours)  # after the core's sections


def test_the_agreements_section_lists_agreements_in_force_with_their_end_dates() -> None:
    """HAR3, HAR6: "Support from Harmony is 5 terms long", then follow-up."""
    _, hom = supported()
    _history(hom)
    [table] = agreements_section(hom.as_of(date(2015, 1, 5)))
    assert isinstance(table, Table)
    assert table.header[:6] == ("School", "URN", "Model", "Starts", "Ends", "Status")
    assert table.rows == (
        (
            "Hollin Brook",
            "105901",
            "supportive",
            "2014-10-15",
            "2016-04-30",
            "in force",
            "",
        ),
    )
    [in_follow_up] = agreements_section(hom.as_of(date(2016, 5, 1)))
    assert isinstance(in_follow_up, Table)
    assert in_follow_up.rows[0][5:] == ("follow up", "2016-08-31")
    assert agreements_section(hom.as_of(date(2016, 9, 1))) == [
        Paragraph("No support agreement is in force on 2016-09-01.")
    ]


def test_the_outcomes_section_shows_met_missed_and_not_yet_measured_with_evidence() -> None:
    """HAR5: "clear impact measures"."""
    _, hom = supported()
    _history(hom)
    [table] = outcomes_section(hom.as_of(date(2015, 7, 10)))
    assert isinstance(table, Table)
    assert [(row[1], row[4], row[5], row[6]) for row in table.rows] == [
        ("Year 6 reading, writing and maths", "missed", "48% (target 60%)", "2015-07-10"),
        ("Early Years", "not yet measured", "", ""),
    ]


def test_the_activities_section_is_a_bar_chart_of_every_kind() -> None:
    """HAR4: the kinds the document lists, each with how many activities were brokered."""
    _, hom = supported()
    _history(hom)
    [chart] = activities_section(hom.as_of(ENDS))
    assert isinstance(chart, BarChart)
    assert [label for label, _ in chart.bars] == [kind.label for kind in ActivityKind]
    counts = dict(chart.bars)
    assert counts[ActivityKind.HEAD_COACHING.label] == 2
    assert counts[ActivityKind.TRAINING.label] == 1
    assert sum(counts.values()) == 3


def test_the_sections_are_left_out_without_school_to_school_support() -> None:
    """G7: a section with nothing to say is left out (no blocks): before any agreement, or for
    a partnership whose packs do not include this one."""
    _, hom = alliance()
    hom.execute(review())
    sections = (agreements_section, outcomes_section, activities_section)
    assert [build(hom.as_of(ENDS)) for build in sections] == [[], [], []]
    log, signed = supported()
    without = Partnership(log, "harmony", packs=[])
    assert [build(without.as_of(ENDS)) for build in sections] == [[], [], []]
    assert all(build(signed.as_of(ENDS)) for build in sections)


def test_every_event_of_the_pack_survives_the_codec(tmp_path: Path) -> None:
    """The pack's events (enums, the core's URN, outcomes) round-trip through SQLite."""
    url = f"sqlite:///{tmp_path / 'harmony.sqlite3'}"
    log, hom = supported(url)
    _history(hom)
    hom.execute(activity(date(2016, 5, 3), ActivityKind.FOLLOW_UP_MENTORING))
    written = [recorded.event for recorded in log.read_stream(hom.stream_id)]
    log.close()
    with open_log(url, plugins=plugins()) as reopened:
        read = [recorded.event for recorded in reopened.read_stream(hom.stream_id)]
    assert read == written
    assert {type(event).__module__ for event in read} >= {"hom_plugins.packs.harmony.events"}


def test_the_pack_state_is_snapshotted_with_the_core_state(tmp_path: Path) -> None:
    """DomainPack.state_type: snapshots of the core and pack state load back equal."""
    log, hom = supported(f"sqlite:///{tmp_path / 'harmony.sqlite3'}")
    _history(hom)
    projection = hom.runners[PACK.name].projection
    log.snapshot(hom.stream_id, projection)
    loaded = load_state(log, projection, hom.stream_id)
    assert loaded is not None
    core, own = loaded.state
    assert core == hom.state()
    assert own == hom.as_of(date.max).pack("harmony").state
    assert own.agreements["hb-1"].follow_up is not None
