"""The framework's events: formation, policies adopted, reviews (G8), term dates (C1)."""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.domain.calendar import TermDates
from hom_core.domain.policies import Policies

__all__ = ["FrameworkReviewed", "PartnershipFormed", "PoliciesAdopted", "TermDatesRecorded"]


@attrs.frozen
class PartnershipFormed:
    """The partnership was formed under its written agreement."""

    name: str
    formed_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.formed_on


@attrs.frozen
class PoliciesAdopted:
    """The strategic group adopted these policies, in force from ``adopted_on``."""

    policies: Policies
    adopted_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.adopted_on


@attrs.frozen
class FrameworkReviewed:
    """The strategic group reviewed the framework (G8)."""

    reviewed_on: date
    summary: str = ""

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.reviewed_on


@attrs.frozen
class TermDatesRecorded:
    """The partnership recorded its own term dates for an academic year (C1)."""

    term_dates: TermDates
    recorded_on: date

    @property
    def effective_date(self) -> date:
        """The day the event is about."""
        return self.recorded_on
