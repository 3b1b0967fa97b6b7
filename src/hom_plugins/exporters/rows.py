"""The rows the exporters share, as of a day: the members (M4, M2), the schools that have left
(M3), the contributions ledger (F1) and the corrections made to the record (R1), as plain
records.

People are shown by :meth:`~hom_core.application.PartnershipView.name_of`, so a forgotten person is
``"(forgotten)"`` in every format, never their name; a member that is not a school and has no
head or chair of governors (M1 asks them of schools only) shows :data:`NO_HOLDER`. Each exporter
only lays these rows out.
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core.application import PartnershipView
from hom_core.domain import FinancialYear, Money, Role
from hom_core.domain.funding.view import ContributionRow
from hom_core.domain.membership.state import Member

__all__ = [
    "NO_HOLDER",
    "CorrectionRow",
    "FormerMember",
    "MemberRow",
    "correction_rows",
    "financial_years",
    "former_members",
    "ledger",
    "member_rows",
    "plain",
]


NO_HOLDER = "—"
"""Shown for the head or chair of governors of a member that is not a school and has none."""


@attrs.frozen
class MemberRow:
    """A member on the day: who signed when, who leads it, and any notice it has given (M2)."""

    member_id: str
    name: str
    kind: str
    urn: str | None
    joined_on: date
    head: str
    chair_of_governors: str
    notice_received_on: date | None
    leaves_on: date | None


@attrs.frozen
class FormerMember:
    """A school that was a member and is not on the day: its last leaving date (M3)."""

    member_id: str
    name: str
    left_on: date


def member_rows(view: PartnershipView) -> list[MemberRow]:
    """M4: the members on the view's day, in order of joining."""
    rows = []
    for member in view.members():
        membership = member.membership_on(view.day)
        assert membership is not None  # view.members() holds members on the day only
        urn = member.urn_on(view.day)
        rows.append(
            MemberRow(
                member.member_id,
                member.name,
                member.kind.value,
                None if urn is None else str(urn),
                membership.joined_on,
                _holder(view, member, Role.HEAD),
                _holder(view, member, Role.CHAIR_OF_GOVERNORS),
                membership.notice_received_on,
                membership.leaves_on,
            )
        )
    return rows


def _holder(view: PartnershipView, member: Member, role: Role) -> str:
    """Who holds ``role`` at ``member`` on the view's day, by name; :data:`NO_HOLDER` for a
    member that is not a school and has nobody in the role (M1)."""
    person = member.holder_on(role, view.day)
    if person is None and not member.kind.is_school:
        return NO_HOLDER
    return view.name_of(person)


def former_members(view: PartnershipView) -> list[FormerMember]:
    """M3: the schools that left by the view's day and are not members on it, by leaving date."""
    former = []
    for member in view.state.membership.members.values():
        left = [m.leaves_on for m in member.memberships if m.leaves_on and m.leaves_on < view.day]
        if left and not member.is_member_on(view.day):
            former.append(FormerMember(member.member_id, member.name, max(left)))
    return sorted(former, key=lambda row: (row.left_on, row.member_id))


def financial_years(view: PartnershipView) -> list[FinancialYear]:
    """F1: the financial years whose contributions were called by the view's day, in order."""
    years = {item.financial_year for item in view.state.funding.contributions}
    return sorted(years, key=lambda year: year.first_day)


def ledger(view: PartnershipView) -> list[tuple[FinancialYear, ContributionRow]]:
    """F1: every school's contribution for every financial year called, year by year (within a
    year, in the order the contributions were called)."""
    funding = view.funding
    return [(year, row) for year in financial_years(view) for row in funding.contributions(year)]


def plain(money: Money) -> str:
    """Money as an exact plain decimal for machines: ``"1234.50"``, ``"-3.00"``."""
    return str(money.to_decimal())


@attrs.frozen
class CorrectionRow:
    """R1: a fact retracted on ``corrected_on`` (``replaced`` by another: a correction), for
    ``reason``, by ``by`` (a name); the fact is the one at ``position``, of ``event_type``,
    effective on ``effective_date`` (``""`` and ``None`` when the log is not at hand)."""

    corrected_on: date
    position: int
    event_type: str
    effective_date: date | None
    replaced: bool
    reason: str
    by: str


def correction_rows(view: PartnershipView, since: date | None = None) -> list[CorrectionRow]:
    """R1: the corrections made by the view's day (on or after ``since``, if given), in the
    order they were made."""
    partnership = view.partnership
    rows = []
    for made in view.state.corrections.retractions:
        if since is not None and made.retracted_on < since:
            continue
        recorded = None
        if partnership is not None:
            found = partnership.log.read_all(made.position - 1, made.position)
            recorded = next(found, None)
        rows.append(
            CorrectionRow(
                made.retracted_on,
                made.position,
                "" if recorded is None else recorded.event_type,
                None if recorded is None else recorded.effective_date,
                made.replaced,
                made.reason,
                view.name_of(made.by),
            )
        )
    return rows
