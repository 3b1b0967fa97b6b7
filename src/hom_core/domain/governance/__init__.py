"""Governance (G1-G8): the strategic group and its rotating chair, standing groups, networks and
task groups, democratic decisions, reports to governors, and the annual review.

- **G1** The Headteachers' group is the strategic group: it is implicit (every partnership has
  one, made of the heads of its member schools) and it establishes every other group
  (:class:`EstablishGroup`): *standing groups* (the agreement's Deputy and Assistant Heads
  Network, EYFS Network and Office/Business Managers Group), *networks* (Early Years, SEND,
  Maths... in the later text) and *task groups*. Standing groups and networks usually meet each
  half term (:class:`HoldMeeting`); :meth:`GovernanceView.groups_not_met` shows which have not.
- **G2** The strategic group's chair rotates among the member schools (:class:`RotateChair`).
- **G3** The Deputy and Assistant Heads group is chaired by the deputy head of the chair's school,
  for the same period (:meth:`GovernanceView.deputies_chair`).
- **G4** The EYFS and Business networks are chaired by the staff representative of the school
  hosting the meeting: :class:`HoldMeeting` works the chair out and records it.
- **G5** Task groups run for an agreed period and report back (:class:`ReportBack`,
  :class:`CloseTaskGroup`, :meth:`GovernanceView.overdue_task_groups`).
- **G6** Decisions are democratic: one member school, one vote (:class:`TakeDecision`).
- **G7** Governors receive a report at each governors' meeting (:class:`ReportToGovernors`);
  heads and chairs of governors meet annually on the strategic direction
  (:class:`HoldStrategicDirectionMeeting`).
- **G8** The framework is reviewed annually: the reviews are framework events
  (:class:`~hom_core.domain.framework.ReviewFramework`); :class:`GovernanceView` says when the
  last was and whether one is overdue.

Commands are decided against the whole :class:`~hom_core.domain.state.PartnershipState`; their
events change only :class:`GovernanceState`. People appear only as opaque person ids.

The code, one module a job (from a rule id to its module):

- :mod:`~hom_core.domain.governance.groups` decides groups and their meetings (G1), who chairs a
  meeting by rule (G3, G4), and task groups reporting back and closing (G5);
- :mod:`~hom_core.domain.governance.chair`: the rotating chair (G2);
  :mod:`~hom_core.domain.governance.decisions`: decisions, one school one vote (G6);
  :mod:`~hom_core.domain.governance.governors`: reports to governors and the strategic direction
  meeting (G7);
- :mod:`~hom_core.domain.governance.view`: :class:`GovernanceView`, the questions (G1-G8),
  among them the deputies' chair (G3) and whether a strategic direction meeting (G7) or a review
  (G8) is overdue;
- :mod:`~hom_core.domain.governance.vocabulary`: group ids, :class:`GroupKind`,
  :class:`ChairRule` and :class:`Vote`; :mod:`~hom_core.domain.governance.checks`: the checks the
  decisions share;
- :mod:`~hom_core.domain.governance.events` (``EVENT_TYPES``),
  :mod:`~hom_core.domain.governance.commands` (with :func:`agreement_standing_groups`)
  and :mod:`~hom_core.domain.governance.state` (:class:`GovernanceState`, :class:`Group` and
  ``EVOLVERS``).

This package gathers their public names and wires ``DECIDERS``, command -> decide function.
"""

from typing import Any

from hom_core.domain.governance.chair import chair_candidates, decide_rotate, pick_chair
from hom_core.domain.governance.commands import (
    CloseTaskGroup,
    DisbandGroup,
    EstablishGroup,
    HoldMeeting,
    HoldStrategicDirectionMeeting,
    ReportBack,
    ReportToGovernors,
    RotateChair,
    TakeDecision,
    agreement_standing_groups,
)
from hom_core.domain.governance.decisions import decide_decision, member_schools
from hom_core.domain.governance.events import (
    EVENT_TYPES,
    ChairTookOffice,
    DecisionTaken,
    GovernorsReportIssued,
    GroupClosed,
    GroupEstablished,
    GroupReportedBack,
    MeetingHeld,
    StrategicDirectionMeetingHeld,
)
from hom_core.domain.governance.governors import decide_direction, decide_governors
from hom_core.domain.governance.groups import (
    decide_close,
    decide_disband,
    decide_establish,
    decide_meeting,
    decide_report_back,
)
from hom_core.domain.governance.state import EVOLVERS, GovernanceState, Group
from hom_core.domain.governance.view import (
    STRATEGIC_DIRECTION_EVERY_MONTHS,
    Chair,
    DeputiesChair,
    GovernanceView,
    GroupsNotMet,
    NetworkChair,
    add_months,
)
from hom_core.domain.governance.vocabulary import (
    BUSINESS_GROUP,
    DEPUTIES_GROUP,
    EYFS_GROUP,
    STRATEGIC_GROUP,
    ChairRule,
    GroupKind,
    Vote,
)

__all__ = [
    "BUSINESS_GROUP",
    "DECIDERS",
    "DEPUTIES_GROUP",
    "EVENT_TYPES",
    "EVOLVERS",
    "EYFS_GROUP",
    "STRATEGIC_DIRECTION_EVERY_MONTHS",
    "STRATEGIC_GROUP",
    "Chair",
    "ChairRule",
    "ChairTookOffice",
    "CloseTaskGroup",
    "DecisionTaken",
    "DeputiesChair",
    "DisbandGroup",
    "EstablishGroup",
    "GovernanceState",
    "GovernanceView",
    "GovernorsReportIssued",
    "Group",
    "GroupClosed",
    "GroupEstablished",
    "GroupKind",
    "GroupReportedBack",
    "GroupsNotMet",
    "HoldMeeting",
    "HoldStrategicDirectionMeeting",
    "MeetingHeld",
    "NetworkChair",
    "ReportBack",
    "ReportToGovernors",
    "RotateChair",
    "StrategicDirectionMeetingHeld",
    "TakeDecision",
    "Vote",
    "add_months",
    "agreement_standing_groups",
    "chair_candidates",
    "decide_close",
    "decide_decision",
    "decide_direction",
    "decide_disband",
    "decide_establish",
    "decide_governors",
    "decide_meeting",
    "decide_report_back",
    "decide_rotate",
    "member_schools",
    "pick_chair",
]

DECIDERS: dict[type, Any] = {
    EstablishGroup: decide_establish,
    HoldMeeting: decide_meeting,
    ReportBack: decide_report_back,
    CloseTaskGroup: decide_close,
    DisbandGroup: decide_disband,
    RotateChair: decide_rotate,
    TakeDecision: decide_decision,
    ReportToGovernors: decide_governors,
    HoldStrategicDirectionMeeting: decide_direction,
}
"""Command class -> ``decide(command, partnership_state) -> events``."""
