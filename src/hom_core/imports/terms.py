"""Term dates from an iCalendar file or a CSV sheet into recorded term dates (C1).

A partnership records its own term dates per academic year: the six half terms, each a first
and a last day. Both formats name each half term by its term and its half:

- **iCalendar** (``.ics``, as councils and schools publish term dates): one all-day event per
  half term whose ``SUMMARY`` names it (``Autumn 1``, ``Autumn term 2``, ``Spring first half
  term``, ``Summer 2``...), from ``DTSTART`` to the day before ``DTEND`` (iCalendar's end is
  exclusive). Other events (holidays, training days) are skipped.
- **CSV** (or XLSX): columns ``half_term`` (``1`` to ``6``, or ``Autumn 1`` ... ``Summer 2``),
  ``first_day`` and ``last_day`` (``YYYY-MM-DD`` or ``DD/MM/YYYY``); ``academic_year``
  (``2014/15``) is optional.

A half term belongs to the academic year its first day falls in (one starting in August or
later belongs to the year starting then). Every year in the file must have its six half terms;
each year is recorded with one ``RecordTermDates``. icalendar (the ``ical`` extra) is imported
only to read an ``.ics`` file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hom_core.domain import AcademicYear, DateRange, RecordTermDates, TermDates
from hom_core.errors import HomError, UsageError
from hom_core.imports.plan import Plan, PlannedRow
from hom_core.imports.table import Column, Table, place, read_date

__all__ = ["COLUMNS", "half_term_number", "plan_terms"]

COLUMNS = (
    Column("half_term", ("half term", "term")),
    Column("first_day", ("first day", "start", "starts")),
    Column("last_day", ("last day", "end", "ends")),
    Column("academic_year", ("academic year", "year"), required=False),
)
"""The columns of a term dates sheet."""

_TERMS = {"autumn": 0, "spring": 2, "summer": 4}
_HALF = re.compile(r"\b(autumn|spring|summer)\b(?:\s+term)?\s*[-:]?\s*(1|2|one|two|first|second)\b")
_HALVES = {"1": 1, "one": 1, "first": 1, "2": 2, "two": 2, "second": 2}

HalfTerm = tuple[int, DateRange, int, str]
"""A half term read: its number (1-6), its days, the line it is on, and its row's text."""


def half_term_number(text: str) -> int | None:
    """The number (1-6) of the half term ``text`` names (``"Spring 2"`` is 4, ``"3"`` is 3)."""
    cleaned = str(text).strip().casefold()
    if cleaned.isdigit() and 1 <= int(cleaned) <= 6:
        return int(cleaned)
    named = _HALF.search(cleaned)
    return _TERMS[named[1]] + _HALVES[named[2]] if named else None


def plan_terms(
    path: Path,
    *,
    recorded_on: date,
    encoding: str = "utf-8-sig",
    sheet: str | None = None,
) -> Plan:
    """What importing the term dates at ``path`` will record (see the module docstring)."""
    halves = list(
        _from_ics(path) if path.suffix.lower() == ".ics" else _from_table(path, encoding, sheet)
    )
    years: dict[AcademicYear, list[HalfTerm]] = {}
    for half in halves:
        first = half[1].first
        years.setdefault(_year_of(first), []).append(half)
    rows = [_year(path.name, year, found, recorded_on) for year, found in sorted(years.items())]
    return Plan(path.name, tuple(rows))


def _year(source: str, year: AcademicYear, found: list[HalfTerm], recorded_on: date) -> PlannedRow:
    found.sort(key=lambda half: half[0])
    line = min(half[2] for half in found)
    numbers = [half[0] for half in found]
    if numbers != [1, 2, 3, 4, 5, 6]:
        missing = sorted(set(range(1, 7)) - set(numbers))
        twice = sorted({number for number in numbers if numbers.count(number) > 1})
        problem = (
            f"half term(s) {', '.join(map(str, twice))} twice"
            if twice
            else (f"no half term {', '.join(map(str, missing))}")
        )
        raise UsageError(
            f"{place(source, line)}: {year} has {problem}: give each of its six half terms once"
        )
    try:
        dates = TermDates(year, tuple(half[1] for half in found))
    except HomError as error:
        raise UsageError(f"{place(source, line)}: the half terms of {year}: {error}") from None
    first, last = found[0][1].first, found[-1][1].last
    text = "\x1f".join(half[3] for half in found)
    about = f"{year}"
    action = f"record term dates {first} to {last}"
    return PlannedRow(line, about, action, (RecordTermDates(dates, recorded_on),), text)


def _from_table(path: Path, encoding: str, sheet: str | None) -> Iterator[HalfTerm]:
    for row in Table(path, COLUMNS, encoding=encoding, sheet=sheet).rows():
        number = row.read("half_term", _number, "write 1 to 6, or Autumn 1 to Summer 2")
        first = row.read("first_day", read_date, "write the half term's first day, YYYY-MM-DD")
        last = row.read("last_day", read_date, "write the half term's last day, YYYY-MM-DD")
        if last < first:
            raise UsageError(
                f"{row.where('last_day')}: {last} is before the first day {first}: swap them"
            )
        if row.has("academic_year"):
            given = row.read("academic_year", _year_of_text, "write the year as 2014/15")
            if given != _year_of(first):
                raise UsageError(
                    f"{row.where('first_day')}: {first} is in {_year_of(first)}, not {given}: "
                    "check the dates and the year"
                )
        yield number, DateRange(first, last), row.line, row.text()


def _year_of(first: date) -> AcademicYear:
    """The academic year a half term starting on ``first`` belongs to."""
    return AcademicYear(first.year if first.month >= 8 else first.year - 1)


def _year_of_text(value: Any) -> AcademicYear:
    return AcademicYear.parse(str(value))


def _number(value: Any) -> int:
    number = half_term_number(str(value))
    if number is None:
        raise ValueError("not a half term")
    return number


def _from_ics(path: Path) -> Iterator[HalfTerm]:
    try:
        import icalendar
    except ImportError:
        raise UsageError(
            f"{path.name}: reading .ics needs icalendar: pip install 'hom[ical]', or save the "
            "dates as CSV"
        ) from None
    raw = path.read_bytes()
    starts = [
        number for number, text in enumerate(raw.splitlines(), 1) if text.strip() == b"BEGIN:VEVENT"
    ]
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except ValueError as error:
        raise UsageError(f"{path.name}: not an iCalendar file ({error})") from None
    for line, event in zip(starts, calendar.walk("VEVENT"), strict=False):
        summary = str(event.get("SUMMARY", ""))
        number = half_term_number(summary)
        if number is None:
            continue
        first = _day(path.name, line, event, "DTSTART")
        end = _day(path.name, line, event, "DTEND")
        if end <= first:
            raise UsageError(
                f"{place(path.name, line, 'DTEND')}: {summary!r} ends on {end}, not after it "
                f"starts ({first}): DTEND is the day after the half term's last day"
            )
        yield number, DateRange(first, end - timedelta(days=1)), line, f"{summary}|{first}|{end}"


def _day(source: str, line: int, event: Any, name: str) -> date:
    value = event.get(name)
    day = getattr(value, "dt", None)
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise UsageError(
            f"{place(source, line, name)}: the event has no {name} date: give the half term's "
            f"{'first day' if name == 'DTSTART' else 'day after its last'} as a date"
        )
    return day
