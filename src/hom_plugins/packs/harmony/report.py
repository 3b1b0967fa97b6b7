"""The pack's sections of the governors' report (G7): agreements with their end dates, the
outcomes table, and the support brokered by kind.

Each section is empty (and so left out of the report) for a partnership without school-to-school
support, or one whose ``Partnership`` was given packs without this one.
"""

from __future__ import annotations

from hom_core import ReportSection
from hom_core.application import PartnershipView
from hom_core.report import BarChart, Block, Paragraph, Table
from hom_plugins.packs.harmony.values import ActivityKind
from hom_plugins.packs.harmony.view import NAME, HarmonyView

__all__ = ["SECTIONS", "activities_section", "agreements_section", "outcomes_section"]


def _pack(view: PartnershipView) -> HarmonyView | None:
    if NAME not in view.packs:
        return None
    harmony: HarmonyView = view.pack(NAME)
    return harmony if harmony.state.agreements else None


def _label(value: str) -> str:
    return value.replace("_", " ")


def agreements_section(view: PartnershipView) -> list[Block]:
    """HAR3, HAR6: the agreements not yet over on the day, with their five terms' end dates."""
    harmony = _pack(view)
    if harmony is None:
        return []
    current = harmony.current()
    if not current:
        return [Paragraph(f"No support agreement is in force on {view.day}.")]
    rows = []
    for agreement in current:
        school = harmony.school(agreement.school_id)
        follow_up = agreement.follow_up
        rows.append(
            (
                school.name,
                school.urn or "",
                agreement.agreed.model.value,
                agreement.starts_on,
                agreement.ends_on,
                _label(harmony.status(agreement).value),
                "" if follow_up is None else follow_up.ends_on,
            )
        )
    header = ("School", "URN", "Model", "Starts", "Ends", "Status", "Follow-up until")
    return [Table(header, rows, caption=f"Support agreements on {view.day} (five terms each)")]


def outcomes_section(view: PartnershipView) -> list[Block]:
    """HAR5: every expected outcome: met, missed or not yet measured, with the evidence."""
    harmony = _pack(view)
    if harmony is None:
        return []
    rows = [
        (
            row.school.name,
            row.outcome.description,
            row.outcome.measure,
            row.outcome.target,
            _label(row.status.value),
            "" if row.measured is None else row.measured.evidence,
            "" if row.measured is None else row.measured.measured_on,
        )
        for row in harmony.outcomes()
    ]
    header = ("School", "Outcome", "Measure", "Target", "Status", "Evidence", "Measured on")
    return [Table(header, rows, caption="Expected key outcomes")]


def activities_section(view: PartnershipView) -> list[Block]:
    """HAR4: how many activities of each kind the alliance brokered, every kind shown."""
    harmony = _pack(view)
    if harmony is None:
        return []
    counts = harmony.activities_by_kind()
    bars = [(kind.label, counts.get(kind, 0)) for kind in ActivityKind]
    return [BarChart("Support brokered, by kind", bars, unit="activities")]


SECTIONS = (
    ReportSection(
        "harmony-agreements",
        "School-to-school support: agreements",
        agreements_section,
        order=140,
        description="Harmony: agreements not yet over, with the end of their five terms",
    ),
    ReportSection(
        "harmony-outcomes",
        "School-to-school support: expected outcomes",
        outcomes_section,
        order=150,
        description="Harmony: each expected outcome met, missed or not yet measured",
    ),
    ReportSection(
        "harmony-activities",
        "School-to-school support: activities by kind",
        activities_section,
        order=160,
        description="Harmony: the support brokered, by kind (bar chart)",
    ),
)
"""The pack's report sections, after the core's (10-90)."""
