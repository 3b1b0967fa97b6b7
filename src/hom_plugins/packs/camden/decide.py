"""The Camden cluster's commands (CAM1-CAM7), each beside how it is decided against
:class:`~hom_plugins.packs.camden.state.CamdenInputs`.

Each decide case returns the events its command produces, or raises a
:class:`~hom_core.errors.RuleViolation` citing the rule it breaks (nothing is appended then).
Who is a member, of what kind, and who is its head on a day are the core's to say
(``inputs.membership``); academic years are those of the partnership's calendar (C1).
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import checks, decides
from hom_core.domain.checks import member_on
from hom_core.domain.membership.state import Member
from hom_core.domain.membership.vocabulary import Role
from hom_core.domain.values import AcademicYear
from hom_core.errors import RuleViolation
from hom_core.people import PersonId
from hom_plugins.packs.camden.events import (
    EnquiryHeld,
    FindingsRecorded,
    ImprovementFocusRecorded,
    Observer,
    StaffGroup,
    TrainingSessionHeld,
)
from hom_plugins.packs.camden.state import CamdenInputs, CamdenState

__all__ = ["HoldEnquiry", "HoldTrainingSession", "RecordFindings", "RecordImprovementFocus"]


def _school(inputs: CamdenInputs, member_id: str, day: date, rule: str) -> Member:
    """The member school ``member_id`` on ``day``, or a violation of ``rule`` saying why not."""
    member = member_on(inputs, member_id, day, rule, of="the cluster", then="check the date")
    if not member.kind.is_school:
        raise RuleViolation(
            rule,
            f"{member.name} is a member of kind {member.kind.value}, not a school: name one of "
            "the cluster's schools",
        )
    return member


def _texts(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(item.strip() for item in items)


@attrs.frozen
class RecordImprovementFocus:
    """CAM5: record a member school's improvement focus for ``academic_year`` (again, to
    change it, until that year's enquiry is held)."""

    member_id: str
    academic_year: AcademicYear
    focus: str
    recorded_on: date


@decides(RecordImprovementFocus)
def decide_focus(command: RecordImprovementFocus, inputs: CamdenInputs) -> list[object]:
    """CAM5: a member school's improvement focus for a year, which stands once the year's
    enquiry is held."""
    school = _school(inputs, command.member_id, command.recorded_on, "CAM5")
    year = command.academic_year
    focus = command.focus.strip()
    if not focus:
        raise RuleViolation("CAM5", f"give {school.name}'s improvement focus for {year}")
    held = inputs.camden.enquiry(school.member_id, year)
    if held is not None:
        raise RuleViolation(
            "CAM5",
            f"{school.name}'s enquiry of {year} was held on {held.held.held_on} on its focus "
            f"{held.held.focus!r}: the focus of a year whose enquiry is held stands",
        )
    current = inputs.camden.focus(school.member_id, year, command.recorded_on)
    if current is not None and current.focus == focus:
        raise RuleViolation(
            "CAM5",
            f"{school.name}'s improvement focus for {year} is {focus!r} already (recorded on "
            f"{current.recorded_on})",
        )
    return [ImprovementFocusRecorded(school.member_id, year, focus, command.recorded_on)]


def _lead(command: HoldEnquiry, school: Member) -> str:
    """CAM2: the school's own head on the day leads its enquiry."""
    head = school.holder_on(Role.HEAD, command.held_on)
    assert head is not None, "a member school has a head from the day it joins (M1)"
    if command.lead is not None and command.lead != head:
        raise RuleViolation(
            "CAM2",
            f"the enquiry is led by {school.name}'s own head, {head} on {command.held_on}, not "
            f"{command.lead}: leave lead out to take the head",
        )
    return head


def _peer_school(command: HoldEnquiry, inputs: CamdenInputs, school: Member) -> Member:
    """CAM3: the other member school whose head on the day is the peer head."""
    day = command.held_on
    if command.peer_head == school.holder_on(Role.HEAD, day):
        raise RuleViolation(
            "CAM3",
            f"{command.peer_head} is the head of {school.name} itself: the peer head is the "
            "head of a different member school",
        )
    for member in inputs.membership.on(day):
        if (
            member.member_id != school.member_id
            and member.kind.is_school
            and member.holder_on(Role.HEAD, day) == command.peer_head
        ):
            return member
    raise RuleViolation(
        "CAM3",
        f"{command.peer_head!r} is not the head of another member school on {day}: the peer "
        "head is a head from one of the cluster's schools",
    )


def _check_observer(observer: Observer | None, inputs: CamdenInputs, day: date) -> None:
    """CAM4: the observer, if any, holds no role at a member school on the day."""
    if observer is None:
        return
    if not observer.person:
        raise RuleViolation("CAM4", "give the person id of the outside observer")
    for member in inputs.membership.on(day):
        for role in Role:
            if member.holder_on(role, day) == observer.person:
                raise RuleViolation(
                    "CAM4",
                    f"{observer.person} is the {role.value.replace('_', ' ')} of {member.name} "
                    f"on {day}: the observer comes from outside the cluster's schools (such as "
                    "the Camden Professional Partner)",
                )


def _focus(command: HoldEnquiry, state: CamdenState, school: Member, year: AcademicYear) -> str:
    """CAM5: the school's improvement focus for the year, recorded by the day."""
    recorded = state.focus(school.member_id, year, command.held_on)
    if recorded is None:
        raise RuleViolation(
            "CAM5",
            f"{school.name} has no improvement focus for {year} recorded by {command.held_on}: "
            "record it with RecordImprovementFocus first (the enquiry's focus is the school's "
            "improvement focus)",
        )
    if command.focus is not None and command.focus.strip() != recorded.focus:
        raise RuleViolation(
            "CAM5",
            f"{school.name}'s improvement focus for {year} is {recorded.focus!r}, not "
            f"{command.focus.strip()!r}: leave focus out to take it, or record the new focus "
            "first",
        )
    return recorded.focus


@attrs.frozen
class HoldEnquiry:
    """CAM1-CAM5: record a school's Collaborative Enquiry, held on ``held_on``.

    ``peer_head`` is the head of another member school on the day (CAM3); ``observer`` the
    outside observer, if there was one (CAM4). Leave ``lead`` out: it is the school's head on
    the day (CAM2; another person is refused). Leave ``focus`` out: it is the school's
    improvement focus for the year (CAM5; another focus is refused).
    """

    member_id: str
    held_on: date
    peer_head: PersonId
    observer: Observer | None = None
    lead: PersonId | None = None
    focus: str | None = None


def _enquiry_of(inputs: CamdenInputs, member_id: str, day: date) -> tuple[Member, AcademicYear]:
    """CAM1: the member school holding its one enquiry of the academic year of ``day``."""
    school = _school(inputs, member_id, day, "CAM1")
    year = inputs.framework.calendar.academic_year_of(day)
    earlier = inputs.camden.enquiry(school.member_id, year)
    if earlier is not None:
        raise RuleViolation(
            "CAM1",
            f"{school.name} had its enquiry of {year} on {earlier.held.held_on}: the enquiry is "
            "annual, one per school per academic year",
        )
    return school, year


@decides(HoldEnquiry)
def decide_enquiry(command: HoldEnquiry, inputs: CamdenInputs) -> list[object]:
    """CAM1-CAM5: a member school's one enquiry of the year, led by its head, with a peer head
    from another member school and (usually) an outside observer, on its improvement focus."""
    day = command.held_on
    school, year = _enquiry_of(inputs, command.member_id, day)
    lead = _lead(command, school)
    peer = _peer_school(command, inputs, school)
    _check_observer(command.observer, inputs, day)
    focus = _focus(command, inputs.camden, school, year)
    return [
        EnquiryHeld(
            school.member_id,
            year,
            day,
            lead,
            command.peer_head,
            peer.member_id,
            focus,
            command.observer,
        )
    ]


@attrs.frozen
class RecordFindings:
    """CAM6: record the findings of a school's enquiry of ``academic_year``: its strengths and
    its areas for development."""

    member_id: str
    academic_year: AcademicYear
    recorded_on: date
    strengths: tuple[str, ...] = ()
    areas_for_development: tuple[str, ...] = ()


@decides(RecordFindings)
def decide_findings(command: RecordFindings, inputs: CamdenInputs) -> list[object]:
    """CAM6: an enquiry's findings, strengths and areas for development, recorded once, on or
    after the enquiry."""
    member = inputs.membership.members.get(command.member_id)
    name = member.name if member is not None else repr(command.member_id)
    year = command.academic_year
    enquiry = inputs.camden.enquiry(command.member_id, year)
    if enquiry is None:
        raise RuleViolation(
            "CAM6",
            f"no enquiry of {name} in {year} is recorded: record the enquiry (HoldEnquiry) "
            "before its findings",
        )
    if command.recorded_on < enquiry.held.held_on:
        raise RuleViolation(
            "CAM6",
            f"{name}'s enquiry of {year} was held on {enquiry.held.held_on}: its findings are "
            f"recorded after it, not on {command.recorded_on}",
        )
    if enquiry.findings is not None:
        raise RuleViolation(
            "CAM6",
            f"the findings of {name}'s enquiry of {year} were recorded on "
            f"{enquiry.findings.recorded_on}",
        )
    strengths = _texts(command.strengths)
    areas = _texts(command.areas_for_development)
    if not (strengths or areas) or not all((*strengths, *areas)):
        raise RuleViolation(
            "CAM6",
            "findings are strengths and areas for development: give at least one, and no "
            "empty ones",
        )
    return [FindingsRecorded(command.member_id, year, command.recorded_on, strengths, areas)]


@attrs.frozen
class HoldTrainingSession:
    """CAM7: record a joint staff training session, led by one or more member schools
    (``led_by``, member ids) for the cluster's ``staff``."""

    held_on: date
    title: str
    led_by: tuple[str, ...]
    staff: tuple[StaffGroup, ...]


@decides(HoldTrainingSession)
def decide_training(command: HoldTrainingSession, inputs: CamdenInputs) -> list[object]:
    """CAM7: a joint staff training session has a title, is led by one or more member schools
    and is for one or more groups of staff; recorded once."""
    day = command.held_on
    title = command.title.strip()
    if not title:
        raise RuleViolation("CAM7", "a joint training session needs a title")
    if not command.led_by or len(set(command.led_by)) != len(command.led_by):
        raise RuleViolation(
            "CAM7", "list the member schools leading the session, each once, in led_by"
        )
    if not command.staff or len(set(command.staff)) != len(command.staff):
        raise RuleViolation(
            "CAM7", "list the staff the session is for (StaffGroup), each once, in staff"
        )
    for member_id in command.led_by:
        _school(inputs, member_id, day, "CAM7")
    if any((held.held_on, held.title) == (day, title) for held in inputs.camden.training_sessions):
        raise RuleViolation("CAM7", f"the session {title!r} on {day} is already recorded")
    return [TrainingSessionHeld(day, title, tuple(command.led_by), tuple(command.staff))]


# -- checks of recorded facts, read in effective-date order (R2) -----------------------------


@checks(ImprovementFocusRecorded)
def check_focus(event: ImprovementFocusRecorded, inputs: CamdenInputs) -> None:
    """CAM5, R2: the focus is still that of a member school of the cluster on its day. An
    enquiry recorded later with an earlier date keeps the focus of its own day, so a change of
    focus after it is kept as recorded."""
    _school(inputs, event.member_id, event.recorded_on, "CAM5")


@checks(EnquiryHeld)
def check_enquiry(event: EnquiryHeld, inputs: CamdenInputs) -> None:
    """CAM1, CAM3, CAM5, R2: still the school's one enquiry of the year, as a member, with a
    peer from another member school, on the focus recorded for the year by the day. Who took
    part (the lead, the peer head, the observer) is kept as recorded."""
    day = event.held_on
    school, year = _enquiry_of(inputs, event.member_id, day)
    _school(inputs, event.peer_member_id, day, "CAM3")
    _focus(
        HoldEnquiry(event.member_id, day, event.peer_head, focus=event.focus),
        inputs.camden,
        school,
        year,
    )


@checks(FindingsRecorded)
def check_findings(event: FindingsRecorded, inputs: CamdenInputs) -> None:
    """CAM6, R2: the findings are still of an enquiry held before them, recorded once."""
    decide_findings(
        RecordFindings(
            event.member_id,
            event.academic_year,
            event.recorded_on,
            event.strengths,
            event.areas_for_development,
        ),
        inputs,
    )


@checks(TrainingSessionHeld)
def check_training(event: TrainingSessionHeld, inputs: CamdenInputs) -> None:
    """CAM7, R2: the session is still led by member schools of the cluster on the day."""
    decide_training(
        HoldTrainingSession(event.held_on, event.title, event.led_by, event.staff), inputs
    )
