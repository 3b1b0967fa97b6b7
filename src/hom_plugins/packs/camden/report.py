"""The Camden cluster's sections of the governors' report (G7): enquiries this year, peer heads,
joint staff training sessions.

Each ``build(view)`` returns no blocks when the partnership has recorded nothing of the kind
(or does not use the pack), so the section is left out of its report.
"""

from __future__ import annotations

from hom_core.application import PartnershipView
from hom_core.registrations import ReportSection
from hom_core.report import BarChart, Block, Paragraph, Table
from hom_plugins.packs.camden.state import Enquiry
from hom_plugins.packs.camden.view import PACK_NAME, CamdenView

__all__ = ["SECTIONS"]


def _camden(view: PartnershipView) -> CamdenView | None:
    """The pack's view, or ``None`` when the partnership does not use the pack."""
    return view.pack(PACK_NAME) if PACK_NAME in view.packs else None


def _plural(count: int, noun: str, nouns: str) -> str:
    return f"{count} {noun if count == 1 else nouns}"


def _findings(enquiry: Enquiry) -> str:
    if enquiry.findings is None:
        return "not yet recorded"
    strengths = _plural(len(enquiry.findings.strengths), "strength", "strengths")
    areas = len(enquiry.findings.areas_for_development)
    return f"{strengths}, {_plural(areas, 'area', 'areas')} for development"


def _enquiry_row(camden: CamdenView, enquiry: Enquiry) -> tuple[str, ...]:
    held, name_of = enquiry.held, camden.partnership.name_of
    observer = "none"
    if held.observer is not None:
        role = f" ({held.observer.role})" if held.observer.role else ""
        observer = name_of(held.observer.person) + role
    return (
        camden.school_name(held.member_id),
        str(held.held_on),
        held.focus,
        name_of(held.lead),
        f"{name_of(held.peer_head)} ({camden.school_name(held.peer_member_id)})",
        observer,
        _findings(enquiry),
    )


def enquiry_blocks(view: PartnershipView) -> list[Block]:
    """CAM1: this academic year's enquiries, and the member schools yet to have theirs."""
    camden = _camden(view)
    if camden is None or not (camden.state.enquiries or camden.state.foci):
        return []
    year = camden.academic_year
    held = camden.enquiries(year)
    blocks: list[Block] = []
    if held:
        header = ("School", "Held on", "Focus", "Led by", "Peer head", "Observer", "Findings")
        rows = [_enquiry_row(camden, enquiry) for enquiry in held]
        blocks.append(Table(header, rows, caption=f"Collaborative enquiries of {year}"))
    else:
        blocks.append(Paragraph(f"No collaborative enquiry has been held yet in {year}."))
    waiting = [member.name for member in camden.not_had_enquiry()]
    if waiting:
        blocks.append(Paragraph(f"Not yet had their enquiry in {year}: {', '.join(waiting)}."))
    else:
        blocks.append(Paragraph(f"Every member school has had its enquiry of {year}."))
    return blocks


def peer_head_blocks(view: PartnershipView) -> list[Block]:
    """CAM3: how often each head has served as peer head, over every enquiry so far."""
    camden = _camden(view)
    if camden is None or not camden.state.enquiries:
        return []
    bars = [(head.name, head.times) for head in camden.peer_heads()]
    return [BarChart("Enquiries served as peer head", bars, unit="enquiries")]


def training_blocks(view: PartnershipView) -> list[Block]:
    """CAM7: this academic year's joint staff training sessions."""
    camden = _camden(view)
    if camden is None or not camden.state.training_sessions:
        return []
    year = camden.academic_year
    sessions = camden.training_sessions(year)
    if not sessions:
        return [Paragraph(f"No joint staff training session has been held yet in {year}.")]
    rows = [
        (
            str(session.held_on),
            session.title,
            ", ".join(camden.school_name(member_id) for member_id in session.led_by),
            ", ".join(group.label for group in session.staff),
        )
        for session in sessions
    ]
    header = ("Date", "Session", "Led by", "For")
    return [Table(header, rows, caption=f"Joint staff training sessions of {year}")]


SECTIONS = (
    ReportSection("camden-enquiries", "Collaborative enquiries", enquiry_blocks, order=110),
    ReportSection("camden-peer-heads", "Peer heads", peer_head_blocks, order=120),
    ReportSection("camden-training", "Joint staff training sessions", training_blocks, order=130),
)
"""The pack's report sections, after the builtin ones (10-90)."""
