"""The ``deadlines`` exporter: what falls due, as an iCalendar feed (F4, G2, G7, ...)."""

from __future__ import annotations

from datetime import date

import icalendar

from export_support import export, export_plugins, shared_heart_of_manchester
from hom_core.application.agenda import obligations
from hom_core.obligations import Status


def events(day: date) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(export(shared_heart_of_manchester(), "deadlines", day))
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_deadlines_exporter_is_registered_as_text_calendar() -> None:
    exporter = export_plugins().exporters()["deadlines"]
    assert (exporter.media_type, exporter.suffix) == ("text/calendar", ".ics")


def test_f4_each_obligation_not_done_is_an_event_on_its_due_date_keyed_by_the_obligation() -> None:
    day = date(2016, 2, 1)
    found = events(day)
    view = shared_heart_of_manchester().as_of(day)
    open_ones = [o for _, o in obligations(view) if o.status_on(day) is not Status.DONE]
    assert len(found) == len(open_ones)
    banker = found["deadline/F4/banker/rolls-crescent/2016-08-31/heart-of-manchester@hom"]
    assert banker.decoded("dtstart") == date(2016, 8, 31)
    assert str(banker["summary"]).startswith("F4: Appoint a banker school")
    assert "record it with AppointBanker" in str(banker["description"])
    assert "Due as of 2016-02-01" in str(banker["description"])


def test_g2_a_rotation_recorded_leaves_the_feed_and_the_same_day_gives_the_same_bytes() -> None:
    hom = shared_heart_of_manchester()
    rotation = "deadline/G2/chair/2015-09-01/2016-09-01/heart-of-manchester@hom"
    assert rotation in events(date(2016, 8, 20))
    assert rotation not in events(date(2016, 9, 10))  # the example rotates on 1 September
    assert export(hom, "deadlines", date(2016, 2, 1)) == export(hom, "deadlines", date(2016, 2, 1))
