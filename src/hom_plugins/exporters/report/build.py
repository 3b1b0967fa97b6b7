"""Assemble the governors' report (G7) from the report sections the plugins register.

The sections come from ``partnership.log.plugins.report_sections()`` (the ``hom_report_sections``
hook, so a domain pack adds its own), or are the builtin ones when the log has no plugins. Each
section's ``build(view)`` runs against the partnership as of the report's day; a section with
nothing to say (no blocks) is left out.
"""

from __future__ import annotations

from datetime import date

import attrs

from hom_core import PluginError, ReportSection
from hom_core.application import Partnership, PartnershipView
from hom_core.report import BarChart, Paragraph, Section, StepChart, Table
from hom_plugins.exporters.report.action import action_needed
from hom_plugins.exporters.report.sections import BUILTIN_SECTIONS

__all__ = ["Report", "build_report", "report_sections"]

_BLOCKS = (Paragraph, Table, BarChart, StepChart)


@attrs.frozen
class Report:
    """A governors' report: its title, the day it is as of, and its sections by name;
    ``action`` is what needs doing
    (:func:`~hom_plugins.exporters.report.action.action_needed`), which the writers put first
    and make stand out, or ``None``."""

    title: str
    day: date
    sections: tuple[tuple[str, Section], ...]
    action: Section | None = None


def report_sections(partnership: Partnership) -> list[ReportSection]:
    """The sections for ``partnership``, in the order they are printed."""
    plugins = partnership.log.plugins
    if plugins is None:
        return sorted(BUILTIN_SECTIONS, key=lambda section: (section.order, section.name))
    return plugins.report_sections()


def _section(section: ReportSection, view: PartnershipView) -> Section:
    try:
        blocks = tuple(section.build(view))
    except Exception as error:
        raise PluginError(
            f"report section {section.name!r} failed: {type(error).__name__}: {error}; fix or "
            "disable the plugin that registers it"
        ) from error
    for block in blocks:
        if not isinstance(block, _BLOCKS):
            raise PluginError(
                f"report section {section.name!r} returned {block!r}: a section's blocks are "
                "hom_core.report Paragraph, Table, BarChart or StepChart"
            )
    # Section converts its blocks with ``tuple``, a generic mypy cannot solve: the blocks are
    # checked above.
    return Section(section.title, blocks)


def build_report(partnership: Partnership, day: date) -> Report:
    """The governors' report on ``partnership`` as of ``day``.

    Raises :class:`~hom_core.errors.PluginError` naming the section when a section fails or
    returns something that is not a block.
    """
    view = partnership.as_of(day)
    name = view.state.framework.name or partnership.partnership_id
    built = ((section.name, _section(section, view)) for section in report_sections(partnership))
    return Report(
        f"{name}: report to governors",
        day,
        tuple((key, section) for key, section in built if section.blocks),
        action_needed(view),
    )
