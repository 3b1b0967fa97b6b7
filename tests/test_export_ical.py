"""The ``ical`` exporter (hom_plugins.exporters.ical): all-day events for meetings (G1, G7),
training days and conferences (T1), leaving dates (M2), financial-year starts (F1, F2) and the
review due date (G8), with UIDs that stay the same from one export to the next."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, timedelta

import icalendar
import pytest

from export_support import (
    HOSTILE_PERSON,
    LAST_DAY,
    UNDER_NOTICE_DAY,
    export,
    export_plugins,
    hostile_partnership,
    own_people,
    shared_heart_of_manchester,
)
from hom_core import PluginError
from hom_core.application import Partnership
from hom_core.domain import FORGOTTEN


@pytest.fixture(scope="module")
def hom() -> Partnership:
    return shared_heart_of_manchester()


def events(hom: Partnership, day: date) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(export(hom, "ical", day))
    found = list(calendar.walk("VEVENT"))
    by_uid = {str(event["uid"]): event for event in found}
    assert len(by_uid) == len(found), "UIDs must be unique"
    return by_uid


def test_the_exporter_is_registered_as_text_calendar() -> None:
    exporter = export_plugins().exporters()["ical"]
    assert (exporter.media_type, exporter.suffix) == ("text/calendar", ".ics")


def test_every_event_is_all_day_as_a_date_value(hom: Partnership) -> None:
    for event in events(hom, LAST_DAY).values():
        start, end = event["dtstart"].dt, event["dtend"].dt
        assert type(start) is date
        assert event["dtstart"].params["VALUE"] == "DATE"
        assert end == start + timedelta(days=1)


def test_the_events_are_the_meetings_joint_work_leavings_years_and_review(hom: Partnership) -> None:
    view = hom.as_of(LAST_DAY)
    found = events(hom, LAST_DAY)
    kinds = Counter(str(event["categories"].cats[0]) for event in found.values())
    meetings = sum(len(group.meetings) for group in view.state.governance.groups.values())
    direction = len(view.state.governance.direction_meetings)
    joint_work = view.state.joint_work
    assert kinds == {
        "meeting": meetings + direction,
        "training": len(joint_work.training_days) + len(joint_work.conferences),
        "membership": 2,  # St Philip's and Rolls Crescent
        "finance": 5,  # 2014-15 (the first after forming in July 2013) to 2018-19
        "review": 1,
    }
    by_summary = {str(event["summary"]): event for event in found.values()}
    leaving = by_summary["Rolls Crescent Primary leaves the partnership"]
    assert leaving["dtstart"].dt == date(2016, 8, 31)
    assert by_summary["Financial year 2014-15 starts"]["dtstart"].dt == date(2014, 4, 1)
    assert by_summary["Annual review of the framework due"]["dtstart"].dt == date(2018, 7, 10)
    assert by_summary["Joint conference: SEND"]["dtstart"].dt == date(2017, 6, 19)


def test_a_later_export_keeps_the_uids_so_calendars_update_instead_of_duplicating(
    hom: Partnership,
) -> None:
    earlier, later = events(hom, UNDER_NOTICE_DAY), events(hom, LAST_DAY)
    assert set(earlier) - set(later) == {
        "review-due/2015-07-10/heart-of-manchester@hom"  # reviewed since: the next one is due
    }
    for uid in set(earlier) & set(later):
        assert earlier[uid]["dtstart"].dt == later[uid]["dtstart"].dt
        assert earlier[uid]["summary"] == later[uid]["summary"]
    assert export(hom, "ical", LAST_DAY) == export(hom, "ical", LAST_DAY)


def test_a_meeting_names_its_host_and_its_chair_and_forgets_the_forgotten(hom: Partnership) -> None:
    uid = "meeting/deputies/2017-07-10/heart-of-manchester@hom"
    meeting = events(hom, LAST_DAY)[uid]
    host = str(meeting["location"])
    assert str(meeting["description"]).startswith(f"Hosted by {host}. Chaired by Deputy head, ")
    forgetting = own_people(hom)
    chair = next(
        m.chair
        for m in hom.as_of(LAST_DAY).state.governance.groups["deputies"].meetings
        if m.held_on == date(2017, 7, 10)
    )
    assert chair is not None
    forgetting.forget(chair)
    assert str(events(forgetting, LAST_DAY)[uid]["description"]) == (
        f"Hosted by {host}. Chaired by {FORGOTTEN}."
    )


def test_text_is_escaped_by_the_format_and_reads_back_exactly() -> None:
    found = events(hostile_partnership(), date(2014, 7, 1))
    assert str(found["conference/2014-06-19/hostile@hom"]["summary"]) == (
        f"Joint conference: {HOSTILE_PERSON}"
    )


def test_without_the_icalendar_package_the_error_says_what_to_install(
    hom: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # import icalendar now fails
    with pytest.raises(PluginError, match=r"pip install 'hom\[ical\]'"):
        export(hom, "ical", LAST_DAY)
