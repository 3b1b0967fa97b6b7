"""The questions of school-to-school support, as of a day: ``alliance.as_of(day).pack("harmony")``.

Which agreements are in force, end this term or are in follow-up; which expected outcomes are
met, missed or not yet measured; what support each supported school was given, by kind and by
deliverer. Only what was effective by the day counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

import attrs

from hom_core.application import PartnershipView
from hom_core.domain import Urn
from hom_core.domain.calendar import SchoolTerm
from hom_core.errors import UsageError
from hom_core.people import PersonId
from hom_plugins.packs.harmony.events import ActivityDelivered, ImpactMeasured
from hom_plugins.packs.harmony.state import Agreement, HarmonyState
from hom_plugins.packs.harmony.values import (
    ActivityKind,
    AgreementStatus,
    ExpectedOutcome,
    OutcomeStatus,
)

__all__ = ["NAME", "Deliverer", "HarmonyView", "OutcomeRow", "SupportGiven", "SupportedSchool"]

NAME = "harmony"
"""The pack's name: ``partnership_view.pack(NAME)`` is a :class:`HarmonyView`."""


@attrs.frozen
class SupportedSchool:
    """A school the alliance reviewed, as its latest review names it (usually not a member)."""

    school_id: str
    name: str
    urn: Urn | None


@attrs.frozen
class Deliverer:
    """Who delivered support: a member school of the alliance, and a person from it if known."""

    supporting_school: str
    person: PersonId | None


@attrs.frozen
class OutcomeRow:
    """HAR5: an expected outcome of an agreement and where it stands, with its latest
    measurement (``None`` when not yet measured)."""

    agreement_id: str
    school: SupportedSchool
    outcome: ExpectedOutcome
    status: OutcomeStatus
    measured: ImpactMeasured | None


def _by_kind(activities: Iterable[ActivityDelivered]) -> dict[ActivityKind, int]:
    counts = Counter(activity.kind for activity in activities)
    return {kind: counts[kind] for kind in ActivityKind if counts[kind]}


@attrs.frozen
class SupportGiven:
    """The support a school was given under its agreements, in date order."""

    school: SupportedSchool
    agreement_ids: tuple[str, ...]
    activities: tuple[ActivityDelivered, ...]

    def by_kind(self) -> dict[ActivityKind, int]:
        """How many activities of each kind, in the document's order (kinds given only)."""
        return _by_kind(self.activities)

    def by_deliverer(self) -> dict[Deliverer, int]:
        """How many activities each deliverer gave, most first."""
        counts = Counter(
            Deliverer(activity.supporting_school, activity.person) for activity in self.activities
        )
        return dict(counts.most_common())


@attrs.frozen
class HarmonyView:
    """School-to-school support as of ``partnership.day``."""

    partnership: PartnershipView
    state: HarmonyState

    @property
    def day(self) -> date:
        """The day the questions are asked for."""
        return self.partnership.day

    def schools(self) -> list[SupportedSchool]:
        """Every school reviewed by the day, in the order of their first review."""
        ids = dict.fromkeys(review.school_id for review in self.state.reviews)
        return [self.school(school_id) for school_id in ids]

    def school(self, school_id: str) -> SupportedSchool:
        """The school ``school_id`` as its latest review by the day names it."""
        review = self.state.latest_review(school_id, self.day)
        if review is None:
            raise UsageError(
                f"no school {school_id!r} was reviewed by {self.day}: check the id, or ask "
                "about a later day"
            )
        return SupportedSchool(review.school_id, review.name, review.urn)

    def agreements(self) -> list[Agreement]:
        """Every agreement signed by the day, in the order their support starts."""
        return sorted(self.state.agreements.values(), key=lambda each: each.starts_on)

    def agreement(self, agreement_id: str) -> Agreement:
        """The agreement ``agreement_id``, signed by the day."""
        agreement = self.state.agreements.get(agreement_id)
        if agreement is None:
            raise UsageError(
                f"no agreement {agreement_id!r} was signed by {self.day}: check the id, or ask "
                "about a later day"
            )
        return agreement

    def status(self, agreement: Agreement) -> AgreementStatus:
        """HAR3, HAR6: where ``agreement`` stands on the day."""
        return agreement.status_on(self.day)

    def _with_status(self, *statuses: AgreementStatus) -> list[Agreement]:
        return [each for each in self.agreements() if self.status(each) in statuses]

    def in_force(self) -> list[Agreement]:
        """HAR3: the agreements within their five terms on the day."""
        return self._with_status(AgreementStatus.IN_FORCE)

    def current(self) -> list[Agreement]:
        """The agreements not yet over: signed, in force or in follow-up."""
        return self._with_status(
            AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.FOLLOW_UP
        )

    def in_follow_up(self) -> list[Agreement]:
        """HAR6: the agreements whose five terms are over and whose follow-up is under way."""
        return self._with_status(AgreementStatus.FOLLOW_UP)

    def this_term(self) -> SchoolTerm:
        """The term of the day in the alliance's calendar (in a holiday: the coming term)."""
        return self.partnership.state.framework.calendar.term_on_or_after(self.day)

    def ending_this_term(self) -> list[Agreement]:
        """HAR3: the agreements whose five terms end in :meth:`this_term`."""
        term = self.this_term()
        return [each for each in self.agreements() if each.ends_on in term]

    def outcomes(self, status: OutcomeStatus | None = None) -> list[OutcomeRow]:
        """HAR5: every expected outcome of the agreements (only those with ``status``, if
        given), agreement by agreement, each with its latest measurement by the day."""
        rows = []
        for agreement in self.agreements():
            school = self.school(agreement.school_id)
            for outcome in agreement.agreed.outcomes:
                measured = agreement.latest_measurement(outcome.outcome_id)
                found = OutcomeStatus.NOT_YET_MEASURED if measured is None else measured.status
                if status is None or found is status:
                    rows.append(
                        OutcomeRow(agreement.agreement_id, school, outcome, found, measured)
                    )
        return rows

    def support_given(self, school_id: str) -> SupportGiven:
        """The support ``school_id`` was given by the day, under all its agreements."""
        school = self.school(school_id)
        agreements = self.state.agreements_of(school_id)
        activities = sorted(
            (activity for each in agreements for activity in each.activities),
            key=lambda activity: activity.delivered_on,
        )
        return SupportGiven(
            school, tuple(each.agreement_id for each in agreements), tuple(activities)
        )

    def support(self) -> list[SupportGiven]:
        """:meth:`support_given` for every school with an agreement, in order of first review."""
        return [
            self.support_given(school.school_id)
            for school in self.schools()
            if self.state.agreements_of(school.school_id)
        ]

    def activities_by_kind(self) -> dict[ActivityKind, int]:
        """How many activities of each kind the alliance brokered by the day (kinds given)."""
        return _by_kind(
            activity for each in self.state.agreements.values() for activity in each.activities
        )

    def deliverer_name(self, deliverer: Deliverer) -> str:
        """``"Cedar Academy"``, or ``"Cedar Academy: <the person's name>"``."""
        member = self.partnership.state.membership.members.get(deliverer.supporting_school)
        school = deliverer.supporting_school if member is None else member.name
        if deliverer.person is None:
            return school
        return f"{school}: {self.partnership.name_of(deliverer.person)}"
