"""Builtin plugin: the ``ical`` exporter, the partnership's dates as an iCalendar file (RFC 5545),
and the ``deadlines`` exporter, a feed of what falls due that a head can subscribe to.

Every event is all day (``DTSTART;VALUE=DATE``), from what the log holds by the day asked:

- each meeting of each group (G1, G4: hosted by and chaired by) and each strategic direction
  meeting of heads and chairs of governors (G7);
- each joint training day and joint conference, with its theme (T1);
- each leaving date of a school that gave notice (M2), past or to come;
- the first day of each financial year, from the first to start once the partnership was
  formed to the one after the day's, when contributions fall due (F1, F2);
- the day the next review of the framework is due by (G8).

The ``deadlines`` feed has one event on the due date of each obligation of the agenda not yet
done as of the day (:func:`hom_core.application.agenda.obligations`: the core's and each
pack's), with its rule, who is responsible and the command that discharges it; its UID is the
obligation's key, so a rotation put off or a payment made moves or removes one event. A head
subscribes to their own (``hom export deadlines --for PERSON``, :func:`write_deadlines_for`):
the obligations whose role they hold on the day (the head of their school, the banker school's
head, the chair, a member of the strategic group, a group's chair:
:func:`hom_core.application.agenda.holders`); ``--role head`` keeps the obligations of one role.
The events and UIDs are the whole feed's, so a head's calendar keeps its events whichever feed
it imports.

Each event's UID is built from the partnership id and what the event is (the group and day of
a meeting, the school and its leaving date, the financial year...), never from when the file was
written, so a calendar that imports a later export updates its events instead of adding them
twice. ``DTSTAMP`` is midnight UTC of the day asked: the same log and day give the same bytes.
People appear by name, or as ``(forgotten)`` once erased.

Needs the ``icalendar`` package (``pip install 'hom[ical]'``), imported by this module only, and
only when an export is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from types import ModuleType
from typing import BinaryIO

import attrs

from hom_core import Exporter, PluginError, hookimpl
from hom_core.application import Partnership, PartnershipView
from hom_core.application.agenda import Audience, obligations
from hom_core.domain import FinancialYear
from hom_core.obligations import Status

__all__ = [
    "CalendarEntry",
    "calendar_entries",
    "deadline_entries",
    "hom_exporters",
    "write_deadlines",
    "write_deadlines_for",
    "write_ical",
]


@attrs.frozen
class CalendarEntry:
    """One all-day event: ``key`` says what it is and makes its UID (with the partnership id)."""

    key: str
    day: date
    summary: str
    category: str
    description: str = ""
    location: str = ""


def _school(view: PartnershipView, member_id: str | None) -> str:
    member = None if member_id is None else view.state.membership.members.get(member_id)
    return member.name if member is not None else member_id or ""


def _meetings(view: PartnershipView) -> Iterator[CalendarEntry]:
    for group in view.state.governance.groups.values():
        for meeting in group.meetings:
            host = _school(view, meeting.host_member_id)
            details = [f"Hosted by {host}." if host else ""]
            details.append(f"Chaired by {view.name_of(meeting.chair)}." if meeting.chair else "")
            details.append(meeting.summary)
            yield CalendarEntry(
                f"meeting/{group.group_id}/{meeting.held_on}",
                meeting.held_on,
                f"{group.name} meeting",
                "meeting",
                " ".join(part for part in details if part),
                host,
            )
    for held in view.state.governance.direction_meetings:
        invited = f"Also invited: {', '.join(held.invited)}." if held.invited else ""
        yield CalendarEntry(
            f"strategic-direction/{held.held_on}",
            held.held_on,
            "Heads and chairs of governors: strategic direction meeting",
            "meeting",
            " ".join(part for part in (invited, held.summary) if part),
        )


def _joint_work(view: PartnershipView) -> Iterator[CalendarEntry]:
    joint_work = view.state.joint_work
    for training in joint_work.training_days:
        schools = ", ".join(_school(view, member_id) for member_id in training.member_ids)
        yield CalendarEntry(
            f"training-day/{training.held_on}",
            training.held_on,
            f"Joint training day: {training.theme}",
            "training",
            f"Schools taking part: {schools}." if schools else "",
        )
    for conference in joint_work.conferences:
        yield CalendarEntry(
            f"conference/{conference.held_on}",
            conference.held_on,
            f"Joint conference: {conference.theme}",
            "training",
        )


def _leaving_dates(view: PartnershipView) -> Iterator[CalendarEntry]:
    for member in view.state.membership.members.values():
        for membership in member.memberships:
            if membership.leaves_on is not None:
                yield CalendarEntry(
                    f"leaving/{member.member_id}/{membership.leaves_on}",
                    membership.leaves_on,
                    f"{member.name} leaves the partnership",
                    "membership",
                    f"Notice received on {membership.notice_received_on}; this is the last day "
                    "of membership (M2).",
                )


def _financial_years(view: PartnershipView) -> Iterator[CalendarEntry]:
    framework = view.state.framework
    if framework.formed_on is None:
        return
    month = framework.policies_on(view.day).financial_year_start_month
    year = FinancialYear.of(framework.formed_on, month)
    if year.first_day < framework.formed_on:
        year = year.next()
    last = FinancialYear.of(view.day, month).next()
    while year.first_day <= last.first_day:
        yield CalendarEntry(
            f"financial-year/{year}",
            year.first_day,
            f"Financial year {year} starts",
            "finance",
            "Contributions for the year fall due (F1).",
        )
        year = year.next()


def _review_due(view: PartnershipView) -> Iterator[CalendarEntry]:
    governance, framework = view.governance, view.state.framework
    due, since = governance.next_review_due(), governance.last_review() or framework.formed_on
    if due is not None:
        yield CalendarEntry(
            f"review-due/{since}",
            due,
            "Annual review of the framework due",
            "review",
            "The strategic group reviews the framework by this day (G8).",
        )


def calendar_entries(view: PartnershipView) -> list[CalendarEntry]:
    """Every event of the export as of the view's day, by day and then key."""
    entries = [
        *_meetings(view),
        *_joint_work(view),
        *_leaving_dates(view),
        *_financial_years(view),
        *_review_due(view),
    ]
    return sorted(entries, key=lambda entry: (entry.day, entry.key))


def deadline_entries(
    view: PartnershipView, audience: Audience | None = None
) -> list[CalendarEntry]:
    """An event on the due date of each obligation not done as of the view's day (of
    ``audience`` only, when given), by day and then key."""
    entries = []
    for source, obligation in obligations(view):
        status = obligation.status_on(view.day)
        if status is Status.DONE or (
            audience is not None and not audience.concerns(view, obligation)
        ):
            continue
        command = obligation.command or "nothing to record: it takes effect by the calendar"
        entries.append(
            CalendarEntry(
                f"deadline/{obligation.key}",
                obligation.due_on,
                f"{obligation.rule}: {obligation.subject}",
                source,
                f"{status.value.capitalize()} as of {view.day}: {obligation.responsible}; "
                f"record it with {command}.",
            )
        )
    return sorted(entries, key=lambda entry: (entry.day, entry.key))


def _icalendar() -> ModuleType:
    try:
        import icalendar
    except ImportError as error:
        raise PluginError(
            "the ical exporter needs the icalendar package: pip install 'hom[ical]'"
        ) from error
    return icalendar


def write_ical(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """Write the events of :func:`calendar_entries` as of ``day`` to ``out`` as iCalendar.

    Raises :class:`~hom_core.errors.PluginError` when the ``icalendar`` package is missing.
    """
    view = partnership.as_of(day)
    _write(partnership, view, calendar_entries(view), out)


def write_deadlines(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """Write the events of :func:`deadline_entries` as of ``day`` to ``out`` as iCalendar.

    Raises :class:`~hom_core.errors.PluginError` when the ``icalendar`` package is missing.
    """
    view = partnership.as_of(day)
    _write(partnership, view, deadline_entries(view), out)


def write_deadlines_for(
    partnership: Partnership, out: BinaryIO, day: date, audience: Audience
) -> None:
    """Write the events of :func:`deadline_entries` of ``audience`` as of ``day`` to ``out``
    as iCalendar, named for the person (or role) they are for.

    Raises :class:`~hom_core.errors.UsageError` for a person or role the partnership does not
    know (:meth:`~hom_core.application.agenda.Audience.check`), and
    :class:`~hom_core.errors.PluginError` when the ``icalendar`` package is missing.
    """
    view = partnership.as_of(day)
    audience.check(view)
    who = [view.name_of(audience.person)] if audience.person is not None else []
    who += [f"role {audience.role}"] if audience.role is not None else []
    _write(partnership, view, deadline_entries(view, audience), out, f" for {', '.join(who)}")


def _write(
    partnership: Partnership,
    view: PartnershipView,
    entries: list[CalendarEntry],
    out: BinaryIO,
    audience: str = "",
) -> None:
    ical = _icalendar()
    day = view.day
    calendar = ical.Calendar()
    calendar.add("prodid", "-//hom//partnership calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = view.state.framework.name or partnership.partnership_id
    calendar.add("x-wr-calname", f"{name}{audience}")
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    seen: dict[str, int] = {}
    for entry in entries:
        seen[entry.key] = seen.get(entry.key, 0) + 1
        repeat = f"/{seen[entry.key]}" if seen[entry.key] > 1 else ""
        event = ical.Event()
        event.add("uid", f"{entry.key}{repeat}/{partnership.partnership_id}@hom")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("categories", [entry.category])
        event.add("transp", "TRANSPARENT")
        if entry.description:
            event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        calendar.add_component(event)
    out.write(calendar.to_ical())


@hookimpl
def hom_exporters() -> list[Exporter]:
    """The ``ical`` and ``deadlines`` exporters."""
    return [
        Exporter(
            "ical",
            "text/calendar",
            ".ics",
            write_ical,
            "meetings, training days, leaving dates, financial years and reviews as all-day "
            "events (needs hom[ical])",
        ),
        Exporter(
            "deadlines",
            "text/calendar",
            ".ics",
            write_deadlines,
            "what falls due and is not done, on its due date, to subscribe to: a head's own with "
            "--for PERSON, one role's with --role (needs hom[ical])",
            write_deadlines_for,
        ),
    ]
