"""Joint work (T1): joint training days, the annual joint conference with its theme.

The Heart of Manchester agreement: "The schools will, in school year 2013/2014 identify 1
training day which will be organised jointly" and "will seek to harmonise their training days
fully for school year 2014/15 and beyond". Such an agreement is recorded as data
(:class:`AgreeTrainingDays`, in force for its academic year and the years after it until another
is agreed), so the same code serves any partnership. The later text adds "a joint conference
every year for all staff", each with a theme ("Creativity in the Curriculum", "Characteristics
of Effective Learning", "Maths and the Mastery Curriculum", SEND). Networks per subject or role
are groups of :mod:`~hom_core.domain.governance` (``GroupKind.NETWORK``).

Academic years are those of the partnership's calendar (C1).
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.decider import checks, decides, evolves
from hom_core.domain.checks import formed, member_on
from hom_core.domain.framework.state import FrameworkState
from hom_core.domain.history import in_order
from hom_core.domain.membership.state import MembershipState
from hom_core.domain.values import AcademicYear
from hom_core.errors import RuleViolation

__all__ = [
    "AgreeTrainingDays",
    "ConferenceHeld",
    "HoldConference",
    "HoldTrainingDay",
    "JointTrainingDayHeld",
    "JointWorkInputs",
    "JointWorkState",
    "JointWorkView",
    "TrainingDayCommitment",
    "TrainingDaysAgreed",
]


# -- events ----------------------------------------------------------------------------------


@attrs.frozen
class TrainingDaysAgreed:
    """T1: the schools agreed how they take their training days from ``academic_year`` on:
    at least ``joint_days`` organised jointly, and, if ``harmonised``, every member school
    taking part in every one."""

    academic_year: AcademicYear
    agreed_on: date
    joint_days: int = 1
    harmonised: bool = False

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.agreed_on


@attrs.frozen
class JointTrainingDayHeld:
    """T1: a training day organised jointly by the schools in ``member_ids``."""

    held_on: date
    theme: str
    member_ids: tuple[str, ...]

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.held_on


@attrs.frozen
class ConferenceHeld:
    """T1: the annual joint conference for all staff, with its theme."""

    held_on: date
    theme: str

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.held_on


# -- state -----------------------------------------------------------------------------------


@attrs.frozen
class JointWorkState:
    """Training day agreements, joint training days and conferences, in date order."""

    agreements: tuple[TrainingDaysAgreed, ...] = ()
    training_days: tuple[JointTrainingDayHeld, ...] = ()
    conferences: tuple[ConferenceHeld, ...] = ()


@attrs.frozen
class JointWorkInputs:
    """What the joint work rules and questions read: the framework (formation, calendar), the
    members, and the joint work part of the state."""

    framework: FrameworkState
    membership: MembershipState
    joint_work: JointWorkState


@evolves(TrainingDaysAgreed, "hom.training_days_agreed")
def _agreed(state: JointWorkState, event: TrainingDaysAgreed) -> JointWorkState:
    agreements = sorted(
        (*state.agreements, event), key=lambda agreed: (agreed.academic_year, agreed.agreed_on)
    )
    return attrs.evolve(state, agreements=tuple(agreements))


@evolves(JointTrainingDayHeld, "hom.joint_training_day_held")
def _training_day(state: JointWorkState, event: JointTrainingDayHeld) -> JointWorkState:
    days = in_order(state.training_days, event, lambda held: held.held_on)
    return attrs.evolve(state, training_days=days)


@evolves(ConferenceHeld, "hom.conference_held")
def _conference(state: JointWorkState, event: ConferenceHeld) -> JointWorkState:
    conferences = in_order(state.conferences, event, lambda held: held.held_on)
    return attrs.evolve(state, conferences=conferences)


# -- commands --------------------------------------------------------------------------------


@attrs.frozen
class AgreeTrainingDays:
    """T1: agree how training days are taken from ``academic_year`` on (until another
    agreement): ``AgreeTrainingDays(AcademicYear(2013), agreed_on, joint_days=1)`` is the
    2013/14 agreement, ``AgreeTrainingDays(AcademicYear(2014), agreed_on, harmonised=True)``
    harmonisation from 2014/15."""

    academic_year: AcademicYear
    agreed_on: date
    joint_days: int = 1
    harmonised: bool = False


@decides(AgreeTrainingDays)
def decide_agree(command: AgreeTrainingDays, inputs: JointWorkInputs) -> list[object]:
    """T1: at least one joint day a year; one agreement per year and day."""
    formed(inputs, "T1", command.agreed_on)
    if type(command.joint_days) is not int or command.joint_days < 1:
        raise RuleViolation(
            "T1", f"joint_days must be a whole number >= 1, not {command.joint_days!r}"
        )
    if any(
        agreed.academic_year == command.academic_year and agreed.agreed_on == command.agreed_on
        for agreed in inputs.joint_work.agreements
    ):
        raise RuleViolation(
            "T1",
            f"training days for {command.academic_year} were already agreed on {command.agreed_on}",
        )
    return [
        TrainingDaysAgreed(
            command.academic_year, command.agreed_on, command.joint_days, command.harmonised
        )
    ]


@attrs.frozen
class HoldTrainingDay:
    """T1: record a training day organised jointly by two or more member schools."""

    held_on: date
    theme: str
    member_ids: tuple[str, ...]


@decides(HoldTrainingDay)
def decide_training_day(command: HoldTrainingDay, inputs: JointWorkInputs) -> list[object]:
    """T1: a joint day has a theme and two or more distinct member schools, one per date."""
    day = command.held_on
    formed(inputs, "T1", day)
    if not command.theme.strip():
        raise RuleViolation("T1", "a joint training day needs a theme")
    if len(set(command.member_ids)) != len(command.member_ids):
        raise RuleViolation("T1", "a school is listed twice for the joint training day")
    if len(command.member_ids) < 2:
        raise RuleViolation(
            "T1", "a joint training day is organised by two or more member schools: list them"
        )
    for member_id in command.member_ids:
        member_on(inputs, member_id, day, "T1", then="check the member ids")
    if any(held.held_on == day for held in inputs.joint_work.training_days):
        raise RuleViolation("T1", f"a joint training day on {day} is already recorded")
    return [JointTrainingDayHeld(day, command.theme.strip(), tuple(command.member_ids))]


@attrs.frozen
class HoldConference:
    """T1: record the annual joint conference and its theme."""

    held_on: date
    theme: str


@decides(HoldConference)
def decide_conference(command: HoldConference, inputs: JointWorkInputs) -> list[object]:
    """T1: one joint conference each academic year, with a theme."""
    day = command.held_on
    formed(inputs, "T1", day)
    if not command.theme.strip():
        raise RuleViolation("T1", "a joint conference needs a theme")
    calendar = inputs.framework.calendar
    year = calendar.academic_year_of(day)
    for held in inputs.joint_work.conferences:
        if calendar.academic_year_of(held.held_on) == year:
            raise RuleViolation(
                "T1",
                f"the joint conference of {year} was held on {held.held_on} "
                f"({held.theme!r}): the conference is annual, check the date",
            )
    return [ConferenceHeld(day, command.theme.strip())]


@checks(JointTrainingDayHeld)
def check_training_day(event: JointTrainingDayHeld, inputs: JointWorkInputs) -> None:
    """T1, R2: the day is still organised by two or more schools, each a member that day."""
    decide_training_day(HoldTrainingDay(event.held_on, event.theme, event.member_ids), inputs)


@checks(ConferenceHeld)
def check_conference(event: ConferenceHeld, inputs: JointWorkInputs) -> None:
    """T1, R2: still the one joint conference of its academic year, in a formed partnership."""
    decide_conference(HoldConference(event.held_on, event.theme), inputs)


# -- queries ---------------------------------------------------------------------------------


@attrs.frozen
class TrainingDayCommitment:
    """T1: how one academic year's joint training days measure up to the agreement in force.

    ``missing`` lists, for a harmonised year, each joint day with the member schools (on that
    day) that did not take part. ``met`` is judged as of the day asked: a year still under way
    may not have met it yet.
    """

    academic_year: AcademicYear
    joint_days: int
    harmonised: bool
    held: tuple[JointTrainingDayHeld, ...]
    missing: tuple[tuple[date, tuple[str, ...]], ...]

    @property
    def met(self) -> bool:
        """Enough joint days held, and (if harmonised) every school took part in each."""
        return len(self.held) >= self.joint_days and not self.missing


@attrs.frozen
class JointWorkView:
    """Joint work questions (T1) about the partnership as of ``day``."""

    inputs: JointWorkInputs
    day: date

    def _year(self, academic_year: AcademicYear | None) -> AcademicYear:
        if academic_year is not None:
            return academic_year
        return self.inputs.framework.calendar.academic_year_of(self.day)

    def _in_year(self, day: date, academic_year: AcademicYear) -> bool:
        return self.inputs.framework.calendar.academic_year_of(day) == academic_year

    def training_days(
        self, academic_year: AcademicYear | None = None
    ) -> tuple[JointTrainingDayHeld, ...]:
        """T1: the joint training days of ``academic_year`` (default: the day's year) so far."""
        year = self._year(academic_year)
        return tuple(
            held
            for held in self.inputs.joint_work.training_days
            if self._in_year(held.held_on, year)
        )

    def training_day_agreement(
        self, academic_year: AcademicYear | None = None
    ) -> TrainingDaysAgreed | None:
        """T1: the agreement in force for ``academic_year``: the latest agreed for that year or
        an earlier one ("2014/15 and beyond"), or ``None``."""
        year = self._year(academic_year)
        in_force = None
        for agreed in self.inputs.joint_work.agreements:
            if agreed.academic_year <= year:
                in_force = agreed
        return in_force

    def training_day_commitment(
        self, academic_year: AcademicYear | None = None
    ) -> TrainingDayCommitment | None:
        """T1: the year's joint training days against the agreement in force (``None``: no
        agreement covers the year)."""
        year = self._year(academic_year)
        agreed = self.training_day_agreement(year)
        if agreed is None:
            return None
        held = self.training_days(year)
        missing: list[tuple[date, tuple[str, ...]]] = []
        if agreed.harmonised:
            for training_day in held:
                absent = tuple(
                    member.member_id
                    for member in self.inputs.membership.on(training_day.held_on)
                    if member.kind.is_school and member.member_id not in training_day.member_ids
                )
                if absent:
                    missing.append((training_day.held_on, absent))
        return TrainingDayCommitment(
            year, agreed.joint_days, agreed.harmonised, held, tuple(missing)
        )

    def conferences(self) -> tuple[ConferenceHeld, ...]:
        """T1: every joint conference held by the day, in date order."""
        return self.inputs.joint_work.conferences

    def conference(self, academic_year: AcademicYear | None = None) -> ConferenceHeld | None:
        """T1: the joint conference of ``academic_year`` (default: the day's year), if held."""
        year = self._year(academic_year)
        for held in self.inputs.joint_work.conferences:
            if self._in_year(held.held_on, year):
                return held
        return None

    def conference_due(self) -> bool:
        """T1: this academic year's joint conference is still to be held (as of the day)."""
        return self.inputs.framework.formed_on is not None and self.conference() is None
