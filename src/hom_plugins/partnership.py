"""Builtin plugin: the partnership domain of :mod:`hom_core.domain` (its event types and values)
and the builtin sections of the governors' report (:mod:`hom_plugins.report.sections`).

Registered through the ``hom`` entry-point group like any domain pack, so ``hom plugins`` lists
it and ``HOM_DISABLE_PLUGINS=partnership`` leaves a bare log.
"""

from __future__ import annotations

import cattrs

from hom_core import EventType, ReportSection, domain, hookimpl
from hom_plugins.report.sections import BUILTIN_SECTIONS


@hookimpl
def hom_event_types() -> tuple[EventType, ...]:
    """The events of the partnership rules (membership, funding, governance, ...)."""
    return domain.EVENT_TYPES


@hookimpl
def hom_configure_converter(converter: cattrs.Converter) -> None:
    """Money, FTE, URN, years and the calendar, in their stored forms."""
    domain.configure_converter(converter)


@hookimpl
def hom_report_sections() -> tuple[ReportSection, ...]:
    """The governors' report (G7): members, finances, the chair, groups, decisions, reviews and
    joint work, as of the report's day."""
    return BUILTIN_SECTIONS
