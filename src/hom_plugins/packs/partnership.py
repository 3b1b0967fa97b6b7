"""Builtin plugin: the partnership's own rules (:data:`hom_core.domain.PARTNERSHIP`: their
event types and values) and the builtin sections of the governors' report
(:mod:`hom_plugins.exporters.report.sections`).

Every partnership has these rules, so they are not a domain pack (one a partnership may or may
not use), but they are registered through the ``hom`` entry-point group like the packs, so
``hom plugins`` lists them and ``HOM_DISABLE_PLUGINS=partnership`` leaves a bare log.
"""

from __future__ import annotations

import cattrs

from hom_core import EventType, ReportSection, domain, hookimpl
from hom_core.domain import PARTNERSHIP


@hookimpl
def hom_event_types() -> list[EventType]:
    """The events of the partnership's rules (framework, membership, funding, governance,
    joint work)."""
    return list(PARTNERSHIP.event_types)


@hookimpl
def hom_configure_converter(converter: cattrs.Converter) -> None:
    """Money, FTE, URN, years and the calendar, in their stored forms."""
    domain.configure_converter(converter)


@hookimpl
def hom_report_sections() -> list[ReportSection]:
    """The governors' report (G7): members, finances, the chair, groups, decisions, reviews and
    joint work, as of the report's day (imported here: only the report needs them)."""
    from hom_plugins.exporters.report.sections import BUILTIN_SECTIONS

    return list(BUILTIN_SECTIONS)
