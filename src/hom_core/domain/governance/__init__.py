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
  (:class:`~hom_core.domain.framework.decide.ReviewFramework`); :class:`GovernanceView` says
  when the last was and whether one is overdue.

Commands are decided against :class:`~hom_core.domain.governance.inputs.GovernanceInputs` (the
framework, the members and the governance part of the state); their events change only
:class:`~hom_core.domain.governance.state.GovernanceState`. People appear only as opaque person
ids.

The code, one module a job (from a rule id to its module), each command beside how it is
decided:

- :mod:`~hom_core.domain.governance.groups` decides groups and their meetings (G1), who chairs a
  meeting by rule (G3, G4), and task groups reporting back and closing (G5), and gives the
  agreement's standing groups as commands (:func:`agreement_standing_groups`);
- :mod:`~hom_core.domain.governance.chair`: the rotating chair (G2);
  :mod:`~hom_core.domain.governance.decisions`: decisions, one school one vote (G6);
  :mod:`~hom_core.domain.governance.governors`: reports to governors and the strategic direction
  meeting (G7);
- :mod:`~hom_core.domain.governance.view`: :class:`GovernanceView`, the questions (G1-G8),
  among them the deputies' chair (G3) and whether a strategic direction meeting (G7) or a review
  (G8) is overdue;
- :mod:`~hom_core.domain.governance.vocabulary`: group ids, :class:`GroupKind`,
  :class:`ChairRule` and :class:`Vote`;
- :mod:`~hom_core.domain.governance.events`, :mod:`~hom_core.domain.governance.state`
  (:class:`GovernanceState`, :class:`Group`, and how each event changes them) and
  :mod:`~hom_core.domain.governance.inputs`.
"""
