"""What the cluster's rules ask by a date (CAM1): each member school's Collaborative Enquiry of
the academic year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hom_core.decider import obliges
from hom_core.domain.joint_work_obligations import recent_years
from hom_core.obligations import HEAD, Obligation, Responsibility
from hom_plugins.packs.camden.state import CamdenInputs

__all__ = ["enquiries"]


@obliges
def enquiries(inputs: CamdenInputs, day: date) -> Iterator[Obligation]:
    """CAM1: each school that is a member on the academic year's first day (or joins later)
    has its enquiry in that year, led by its head (done: the day it was held); a year's shows
    for four weeks after it ends if it was not held. Only a partnership that keeps the
    cluster's record (a focus, an enquiry or a session recorded) is asked."""
    own = inputs.camden
    if not (own.foci or own.enquiries or own.training_sessions):
        return  # a partnership that does not use the pack is asked nothing of it
    calendar = inputs.framework.calendar
    for year in recent_years(day, calendar.academic_year_of(day)):
        for member in inputs.membership.on(min(day, year.last_day)):
            if not member.kind.is_school:
                continue
            enquiry = inputs.camden.enquiry(member.member_id, year)
            yield Obligation(
                "CAM1",
                f"enquiry/{member.member_id}/{year}",
                f"{member.name}'s Collaborative Enquiry of {year}",
                year.first_day,
                year.last_day,
                f"head of {member.name}",
                "HoldEnquiry",
                None if enquiry is None else enquiry.held.held_on,
                role=Responsibility(HEAD, member.member_id),
            )
