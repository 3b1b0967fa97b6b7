"""Dates as they enter a record (issue 16, sections 2 and 4): written YYYY-MM-DD and nothing
else, from 1900-01-01 to 2199-12-31 (hom_core.domain.bounds), in every place text becomes a
date: options, --field, --file, import lines. Stored events still read any year they hold."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_support import quick, user_error
from hom_core import InvalidValueError, open_log
from hom_core.domain.bounds import EARLIEST, LATEST, check_date, parse_date
from properties import examples

HOM = "hom"

OTHER_FORMS = [
    "2018-W03-4",  # an ISO week date: Python reads it as 2018-01-18
    "2018W034",
    "20180302",  # ISO's basic form: Python reads it as 2018-03-02
    "2018-3-2",
    " 2018-03-02",
    "2018-03-02 ",
    "2018-03-02T00:00",
    "+2018-03-02",
    "\u0662\u0660\u0661\u0668-\u0660\u0663-\u0660\u0662",  # Arabic-Indic digits
    "2018-03-0\uff12",  # a fullwidth digit
    "2018-02-30",
]


@pytest.fixture
def url(hom_url: str) -> str:
    return hom_url


@pytest.mark.parametrize("text", OTHER_FORMS)
def test_only_yyyy_mm_dd_is_a_date_in_options_fields_files_and_import_lines(
    url: str, tmp_path: Path, text: str
) -> None:
    """ "2018-W03-4" and "20180302" passed date.fromisoformat while the message asked for
    YYYY-MM-DD: every place that reads a date from text now takes that form only."""
    with pytest.raises(InvalidValueError, match="is not a date: write YYYY-MM-DD"):
        parse_date(text)
    assert "is not a date: write YYYY-MM-DD" in user_error(
        quick("status", "--url", url, "-p", HOM, "--as-of", text)
    )
    fields = {"held_on": text, "theme": "Reading"}
    assert "YYYY-MM-DD" in user_error(
        quick("record", "HoldConference", "--url", url, "-p", HOM, "-f", f"held_on={text}")
    )
    document = json.dumps({"command": "HoldConference", "fields": fields})
    assert "YYYY-MM-DD" in user_error(
        quick("record", "--file", "-", "--url", url, "-p", HOM, input=document)
    )
    notice = {"member_id": "w", "received_on": "2015-03-02", "leaves_on": "2015-08-31"}
    lines = [
        {"event": "hom.notice_given", "payload": notice, "effective_date": text},
        {"event": "hom.notice_given", "payload": {**notice, "received_on": text}},
        {"command": "HoldConference", "fields": fields},
    ]
    history = tmp_path / "history.jsonl"
    for line in lines:
        history.write_text(json.dumps(line) + "\n")
        assert "YYYY-MM-DD" in user_error(quick("import", str(history), "--url", url, "-p", HOM))


@pytest.mark.parametrize("text", ["1899-12-31", "2200-01-01", "3016-01-15", "9999-12-31"])
def test_dates_outside_1900_to_2199_are_refused_naming_the_range(url: str, text: str) -> None:
    """A census in 3016 and --as-of 9999-12-31: a clear error saying the accepted range."""
    line = user_error(quick("status", "--url", url, "-p", HOM, "--as-of", text))
    assert f"{text} is outside the dates a partnership's record holds" in line
    assert "1900-01-01 to 2199-12-31" in line
    record = ("record", "HoldConference", "-f", f"held_on={text}", "-f", "theme=Reading")
    assert "1900-01-01 to 2199-12-31" in user_error(quick(*record, "--url", url, "-p", HOM))


def test_as_of_a_day_before_formation_is_a_clear_answer_not_an_invented_ledger(
    url: str,
) -> None:
    """``--as-of 1900-01-01`` printed "contributions 1899-00" at a rate nobody set."""
    for command in (("status",), ("export", "report-md")):
        line = user_error(quick(*command, "--url", url, "-p", HOM, "--as-of", "1900-01-01"))
        assert line == (
            "hom: hom was formed on 2013-07-01: nothing is recorded as of 1900-01-01; ask "
            "--as-of 2013-07-01 or later"
        )


@settings(max_examples=examples(100))
@given(st.dates())
def test_a_date_is_accepted_exactly_when_it_lies_in_the_range(day: date) -> None:
    if EARLIEST <= day <= LATEST:
        assert parse_date(day.isoformat()) == check_date(day) == day
    else:
        with pytest.raises(InvalidValueError, match="1900-01-01 to 2199-12-31"):
            parse_date(day.isoformat())


def test_stored_events_still_read_any_year_they_hold() -> None:
    """The bounds apply where dates enter: the codec reads back every year 1-9998, as the
    golden log and old records need."""
    with open_log("memory://") as log:
        payload = '{"member_id":"w","received_on":"0001-01-01","leaves_on":"9998-12-31"}'
        event = log.codec.decode_event("hom.notice_given", 1, payload)
    assert (event.received_on, event.leaves_on) == (date(1, 1, 1), date(9998, 12, 31))  # type: ignore[attr-defined]
