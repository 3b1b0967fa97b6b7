"""What the joint work rules ask by a date (T1): the agreed joint training days and the joint
conference of each academic year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hom_core.decider import obliges
from hom_core.domain.joint_work import JointWorkInputs
from hom_core.domain.years import AcademicYear
from hom_core.obligations import STRATEGIC_GROUP, WINDOW, Obligation, Responsibility

__all__ = ["conference", "recent_years", "training_days"]


def recent_years(day: date, calendar_year: AcademicYear) -> list[AcademicYear]:
    """The academic year of ``day``, and the one before while it ended under
    :data:`~hom_core.obligations.WINDOW` ago (what it left undone shows as overdue)."""
    previous = calendar_year.previous()
    return [previous, calendar_year] if day - WINDOW <= previous.last_day else [calendar_year]


@obliges
def conference(inputs: JointWorkInputs, day: date) -> Iterator[Obligation]:
    """T1: a joint conference each academic year from the first that starts once the
    partnership is formed (done: the day it was held); a year's shows for four weeks after it
    ends if it was not held, overdue with no command to discharge it: a conference held later
    belongs to a later year."""
    formed_on = inputs.framework.formed_on
    if formed_on is None:
        return
    calendar = inputs.framework.calendar
    for year in recent_years(day, calendar.academic_year_of(day)):
        if year.first_day < formed_on:
            continue  # the first conference is of the first year that starts once formed
        held = [
            each.held_on
            for each in inputs.joint_work.conferences
            if calendar.academic_year_of(each.held_on) == year
        ]
        yield Obligation(
            "T1",
            f"conference/{year}",
            f"Hold the joint conference of {year}",
            year.first_day,
            year.last_day,
            "strategic group",
            None if not held and day > year.last_day else "HoldConference",
            min(held, default=None),
            role=Responsibility(STRATEGIC_GROUP),
        )


@obliges
def training_days(inputs: JointWorkInputs, day: date) -> Iterator[Obligation]:
    """T1: the joint training days agreed for the academic year (the agreement in force for it)
    are held in it (done: the day the last of them was held); a year that ended without them
    is overdue with no command to discharge it, as a day held later belongs to a later year."""
    calendar = inputs.framework.calendar
    for year in recent_years(day, calendar.academic_year_of(day)):
        agreed = [each for each in inputs.joint_work.agreements if each.academic_year <= year]
        if not agreed or agreed[-1].joint_days < 1:
            continue
        wanted = agreed[-1].joint_days
        held = sorted(
            each.held_on
            for each in inputs.joint_work.training_days
            if calendar.academic_year_of(each.held_on) == year
        )
        yield Obligation(
            "T1",
            f"training-days/{year}",
            f"Hold {wanted} joint training day{'s' if wanted > 1 else ''} in {year} "
            f"({len(held)} held so far)",
            year.first_day,
            year.last_day,
            "strategic group",
            None if len(held) < wanted and day > year.last_day else "HoldTrainingDay",
            held[wanted - 1] if len(held) >= wanted else None,
            role=Responsibility(STRATEGIC_GROUP),
        )
